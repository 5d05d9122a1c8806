"""Messages to volunteers, older people and proxies by e-mail and SMS.

Sent from `transaction.on_commit` by the services, so a rolled-back change never sends a
message. Texts never contain an address or a private phone number: the confirmed helper
reads the address on the task page behind the signed link.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.mail import send_mail
from django.utils import translation
from django.utils.translation import gettext as _

from arki.core.formats import time_span
from arki.core.messaging import send_sms

from ..models import Assignment, HelpRequest
from .links import assignment_url, feedback_url


@dataclass(frozen=True)
class Contact:
    email: str
    phone: str
    language: str


def _deliver(contact: Contact, subject: str, body: str) -> None:
    if contact.email:
        send_mail(subject, body, None, [contact.email])
    if contact.phone:
        send_sms(contact.phone, body)


def _volunteer(assignment: Assignment) -> Contact:
    person = assignment.volunteer.person
    return Contact(person.email, person.phone, person.language)


def _when(help_request: HelpRequest) -> str:
    if help_request.flexible or help_request.window_start is None:
        return _("flexible time")
    return time_span(help_request.window_start, help_request.window_end)


def notify_offer(assignment: Assignment) -> None:
    contact = _volunteer(assignment)
    if not (contact.email or contact.phone):
        return
    help_request = assignment.request
    with translation.override(contact.language):
        body = _("Hello! %(task)s in %(village)s, %(when)s. Accept or decline here: %(url)s") % {
            "task": help_request.get_task_type_display(),
            "village": help_request.village.name,
            "when": _when(help_request),
            "url": assignment_url(assignment),
        }
        _deliver(contact, _("Arjen pelastajat: can you help?"), body)


def notify_confirmed(assignment: Assignment) -> None:
    contact = _volunteer(assignment)
    if not (contact.email or contact.phone):
        return
    with translation.override(contact.language):
        body = _(
            "Thank you! You are confirmed for %(task)s, %(when)s. The address and notes are "
            "on your task page: %(url)s"
        ) % {
            "task": assignment.request.get_task_type_display(),
            "when": _when(assignment.request),
            "url": assignment_url(assignment),
        }
        _deliver(contact, _("Arjen pelastajat: you are confirmed"), body)


def recipient_contacts(help_request: HelpRequest) -> list[Contact]:
    """The older person, and every proxy who receives their messages (in their language)."""
    person = help_request.recipient.person
    contacts = [Contact(person.email, person.phone, person.language)]
    contacts += [
        Contact(proxy.email, proxy.phone, person.language)
        for proxy in help_request.recipient.proxies.all()
        if proxy.receives_notifications
    ]
    return [c for c in contacts if c.email or c.phone]


def notify_feedback_request(help_request: HelpRequest) -> None:
    for contact in recipient_contacts(help_request):
        with translation.override(contact.language):
            body = _(
                "Did the help (%(task)s) make your day easier? Reply 3 = yes, 2 = a little, "
                "1 = no. Or answer here: %(url)s"
            ) % {"task": help_request.get_task_type_display(), "url": feedback_url(help_request)}
            _deliver(contact, _("Arjen pelastajat: did this make your day easier?"), body)
