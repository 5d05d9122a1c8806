"""Signed, expiring links that work without logging in (offers, task pages, feedback).

The link carries a random per-row token signed with a timestamp: a forged or altered link
fails the signature, an old one fails the age check, a withdrawn offer is refused by the
service even if its link is still fresh, and no link of an erased person opens anything.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext as _

from ..models import Assignment, HelpRequest

ASSIGNMENT_SALT = "arki.helpexchange.assignment"
FEEDBACK_SALT = "arki.helpexchange.feedback"
# An offer must be answered within three days; the task page keeps working for a month so
# the helper can check in, read the address and mark the task done.
OFFER_MAX_AGE = datetime.timedelta(days=3)
TASK_MAX_AGE = datetime.timedelta(days=30)


class LinkError(ValidationError):
    pass


def _sign(value: str, salt: str) -> str:
    return signing.TimestampSigner(salt=salt).sign(value)


def _unsign(token: str, salt: str, max_age: datetime.timedelta) -> str:
    try:
        return signing.TimestampSigner(salt=salt).unsign(token, max_age=max_age)
    except signing.SignatureExpired as exc:
        raise LinkError(_("This link has expired. Please contact your coordinator.")) from exc
    except signing.BadSignature as exc:
        raise LinkError(
            _("This link is not valid. Please check that it was copied whole.")
        ) from exc


def absolute(path: str) -> str:
    return f"{settings.ARKI_PUBLIC_URL.rstrip('/')}{path}"


def assignment_url(assignment: Assignment) -> str:
    token = _sign(assignment.token, ASSIGNMENT_SALT)
    return absolute(reverse("helpexchange_public:task", kwargs={"token": token}))


def feedback_url(help_request: HelpRequest) -> str:
    token = _sign(help_request.token, FEEDBACK_SALT)
    return absolute(reverse("helpexchange_public:feedback", kwargs={"token": token}))


def assignment_from_link(token: str, max_age: datetime.timedelta = TASK_MAX_AGE) -> Assignment:
    value = _unsign(token, ASSIGNMENT_SALT, max_age)
    assignment = (
        Assignment.objects.select_related(
            "request__recipient__person",
            "request__village__municipality",
            "request__organisation",
            "volunteer__person",
        )
        .filter(token=value, volunteer__person__erased_at__isnull=True)
        .first()
    )
    if assignment is None:
        raise LinkError(_("This link is not valid. Please check that it was copied whole."))
    return assignment


def request_from_feedback_link(token: str) -> HelpRequest:
    value = _unsign(token, FEEDBACK_SALT, TASK_MAX_AGE)
    help_request = (
        HelpRequest.objects.filter(token=value, recipient__person__erased_at__isnull=True)
        .select_related("feedback")
        .first()
    )
    if help_request is None:
        raise LinkError(_("This link is not valid. Please check that it was copied whole."))
    return help_request
