"""The resident's own channel: a coordinator links a user account to the older person it acts
for (the person themself, or one of their proxies), with the older person's consent recorded,
and unlinks it again. Both are written to the audit log.

A new address gets an account without a password and a one-time link to set one (the core's
`Invitation`); the message speaks of asking for help, not of a staff account.
"""

from __future__ import annotations

import datetime
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from arki.core.enums import AuditAction, ConsentMethod, ConsentPurpose, Role
from arki.core.models import Consent, Invitation, User
from arki.core.services.accounts import _token_hash
from arki.core.services.audit import audit_record
from arki.core.services.people import consent_record, role_assign

from ..models import Proxy, Recipient

#: The consent text the older person agrees to: "this account may ask for help for me and
#: see my requests". Stored as the version of a help-exchange consent.
LINK_CONSENT_VERSION = "account-link-1"


def _account_for(email: str, by: User) -> tuple[User, str]:
    """The active account of this address, or a new one with a link to set its password."""
    email = User.objects.normalize_email(email).strip().lower()
    if not email:
        raise ValidationError({"email": _("Give an e-mail address.")})
    user = User.objects.filter(email__iexact=email).first()
    if user is not None:
        if not user.is_active:
            raise ValidationError({"email": _("This account has been deactivated.")})
        return user, ""
    user = User(username=email, email=email, is_active=True)
    user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    token = secrets.token_urlsafe(32)
    Invitation.objects.create(
        user=user,
        token_hash=_token_hash(token),
        invited_by=by,
        expires_at=timezone.now() + datetime.timedelta(days=settings.ARKI_INVITATION_DAYS),
    )
    return user, reverse("accounts:invitation", args=[token])


def _send_invitation(email: str, language: str, path: str, days: int) -> None:
    link = settings.ARKI_PUBLIC_URL.rstrip("/") + path
    with translation.override(language):
        body = _(
            "You can now ask for help from Arjen pelastajat on the web. Set your password "
            "here (the link works once, within %(days)d days):\n%(link)s\n"
        ) % {"days": days, "link": link}
        send_mail(_("Arjen pelastajat: your log-in"), body, None, [email])


@transaction.atomic
def account_link(
    *,
    recipient: Recipient,
    email: str,
    proxy: Proxy | None,
    consent: bool,
    consent_method: str,
    consent_given_on: datetime.date,
    by: User,
) -> User:
    """Link the account of `email` to the older person: as the person themself (`proxy` is
    None) or as that proxy. Refused without the older person's consent, or when the person
    or proxy already has an account linked."""
    if not consent:
        raise ValidationError(
            {"consent": _("Ask the older person first: the link needs their consent.")}
        )
    if consent_given_on > timezone.localdate():
        raise ValidationError({"consent_given_on": _("The date cannot be in the future.")})
    if consent_method not in ConsentMethod.values:
        raise ValidationError({"consent_method": _("Choose how the consent was given.")})
    if proxy is not None and proxy.recipient_id != recipient.pk:
        raise ValidationError({"acts_as": _("This proxy acts for someone else.")})
    person = recipient.person
    if proxy is None and person.user_id is not None:
        raise ValidationError({"acts_as": _("This person already has an account linked.")})
    if proxy is not None and proxy.user_id is not None:
        raise ValidationError({"acts_as": _("This proxy already has an account linked.")})
    process = recipient.process
    user, path = _account_for(email, by)
    if proxy is None:
        if user.persons.filter(process=process).exists():
            raise ValidationError(
                {"email": _("This account already belongs to another participant.")}
            )
        person.user = user
        person.save(update_fields=["user", "modified_at"])
    else:
        proxy.user = user
        proxy.modified_by = by
        proxy.save(update_fields=["user", "modified_by", "modified_at"])
    given = consent_record(
        person=person,
        purpose=ConsentPurpose.HELP_EXCHANGE,
        text_version=LINK_CONSENT_VERSION,
        given_on=consent_given_on,
        method=consent_method,
        recorded_by=by,
    )
    role_assign(user=user, role=Role.RESIDENT, process=process, by=by)
    audit_record(
        actor=by,
        action=AuditAction.CHANGE,
        subject=f"Older person {person.code}: account linked",
        process=process,
        person=person,
        detail={
            "change": "account_linked",
            "user": user.get_username(),
            "proxy": proxy.pk if proxy is not None else None,
            "consent": given.pk,
            "invited": bool(path),
        },
    )
    if path:
        transaction.on_commit(
            lambda: _send_invitation(
                user.email, person.language, path, settings.ARKI_INVITATION_DAYS
            )
        )
    return user


@transaction.atomic
def account_unlink(*, recipient: Recipient, proxy: Proxy | None, by: User) -> None:
    """Remove the account's right to ask for help for the older person (the account itself
    stays: it may have other roles). Written to the audit log."""
    person = recipient.person
    if proxy is not None and proxy.recipient_id != recipient.pk:
        raise ValidationError(_("This proxy acts for someone else."))
    holder = person if proxy is None else proxy
    user = holder.user
    if user is None:
        raise ValidationError(_("No account is linked here."))
    holder.user = None
    holder.save(update_fields=["user", "modified_at"])
    if person.user_id is None and not recipient.proxies.filter(user__isnull=False).exists():
        # No account acts for the person any more: their consent to the link ends too.
        Consent.objects.filter(
            person=person, text_version=LINK_CONSENT_VERSION, withdrawn_on=None
        ).update(withdrawn_on=timezone.localdate(), modified_at=timezone.now())
    audit_record(
        actor=by,
        action=AuditAction.CHANGE,
        subject=f"Older person {person.code}: account unlinked",
        process=recipient.process,
        person=person,
        detail={
            "change": "account_unlinked",
            "user": user.get_username(),
            "proxy": proxy.pk if proxy is not None else None,
        },
    )
