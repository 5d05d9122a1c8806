"""Staff accounts: invitations, deactivation and second factors.

Roles themselves are granted and withdrawn by `role_assign` and `role_withdraw`
(services/people.py). Every change made here by an administrator is written to the audit log
with who and when.
"""

from __future__ import annotations

import datetime
import hashlib
import secrets

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from ..enums import AuditAction
from ..models import Invitation, Municipality, Process, User
from .audit import audit_record
from .people import role_assign

RECOVERY_CODES = 10


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def staff_invite(
    *,
    email: str,
    role: str,
    process: Process,
    municipality: Municipality | None = None,
    by: User,
) -> tuple[Invitation | None, str]:
    """Create (or reuse) the account for `email`, grant the role and e-mail a link to set a
    password. Returns the invitation and the link's path.

    An account that already has a password just gets the role (None, ""): it needs no link.
    One that never set its password gets a new link. The e-mail leaves only after the
    transaction commits, so a failed grant sends no link.
    """
    email = User.objects.normalize_email(email).strip().lower()
    if not email:
        raise ValidationError(_("Give an e-mail address."))
    with transaction.atomic():
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            user = User(username=email, email=email, is_active=True)
            user.set_unusable_password()
            user.full_clean(exclude=["password"])
            user.save()
        elif not user.is_active:
            raise ValidationError(_("This account has been deactivated."))
        role_assign(user=user, role=role, process=process, municipality=municipality, by=by)
        if user.has_usable_password():
            return None, ""
        token = secrets.token_urlsafe(32)
        invitation = Invitation.objects.create(
            user=user,
            token_hash=_token_hash(token),
            invited_by=by,
            expires_at=timezone.now() + datetime.timedelta(days=settings.ARKI_INVITATION_DAYS),
        )
        audit_record(
            actor=by,
            action=AuditAction.ACCOUNT,
            subject=f"invited {email}",
            process=process,
            detail={"change": "invited", "user": user.get_username()},
        )
        path = reverse("accounts:invitation", args=[token])
        link = settings.ARKI_PUBLIC_URL.rstrip("/") + path
        body = _(
            "You have been invited to work in Arki in the process %(process)s.\n\n"
            "Set your password here (the link works once, within %(days)d days):\n%(link)s\n"
        ) % {"process": process.name, "days": settings.ARKI_INVITATION_DAYS, "link": link}
        transaction.on_commit(lambda: send_mail(_("Your Arki staff account"), body, None, [email]))
    return invitation, path


def invitation_check(token: str, *, lock: bool = False) -> Invitation:
    """The open invitation of this link, or a ValidationError that says why not.

    `lock` takes the row's lock first (inside a transaction), so two tabs submitting the same
    link cannot both get past the "already used" check.
    """
    rows = Invitation.objects.select_related("user").filter(token_hash=_token_hash(token))
    invitation = (rows.select_for_update(of=("self",)) if lock else rows).first()
    if invitation is None:
        raise ValidationError(
            _("This invitation link is not valid. Check that it was copied whole.")
        )
    if invitation.accepted_at is not None:
        raise ValidationError(
            _("This invitation has already been used. Log in, or reset your password.")
        )
    if invitation.expires_at <= timezone.now():
        raise ValidationError(
            _("This invitation has expired. Ask the administrator to send a new one.")
        )
    if not invitation.user.is_active:
        raise ValidationError(_("This account has been deactivated."))
    return invitation


def invitation_accept(*, token: str, password: str) -> User:
    """Set the invited user's password; the link is used up in the same transaction."""
    with transaction.atomic():
        invitation = invitation_check(token, lock=True)
        user = invitation.user
        validate_password(password, user)
        user.set_password(password)
        user.save(update_fields=["password"])
        invitation.accepted_at = timezone.now()
        invitation.save(update_fields=["accepted_at"])
        # Older links to the same account stop working too.
        Invitation.objects.filter(user=user, accepted_at__isnull=True).update(
            accepted_at=invitation.accepted_at
        )
    return user


def account_deactivate(*, user: User, by: User) -> None:
    """Stop `user` from logging in. Their rows and authorship stay (nothing is deleted) and
    their open sessions end at their next request (Django refuses inactive users)."""
    if user.pk == by.pk:
        raise ValidationError(_("You cannot deactivate your own account."))
    with transaction.atomic():
        user.is_active = False
        user.save(update_fields=["is_active"])
        Invitation.objects.filter(user=user, accepted_at__isnull=True).update(
            expires_at=timezone.now()
        )
        audit_record(
            actor=by,
            action=AuditAction.ACCOUNT,
            subject=f"deactivated {user.get_username()}",
            detail={"change": "deactivated", "user": user.get_username()},
        )


def second_factor_enrol(*, user: User) -> TOTPDevice:
    """An unconfirmed authenticator device for `user` (replacing an unconfirmed earlier one);
    it counts only once `second_factor_confirm` saw a code from it."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user, confirmed=False).delete()
        return TOTPDevice.objects.create(user=user, name="Arki", confirmed=False)


def second_factor_confirm(*, device: TOTPDevice, token: str) -> list[str]:
    """Confirm the device with a code from the app and make new recovery codes, which are
    returned to be shown once (only the device's rows keep them, for matching)."""
    if not device.verify_token(token):
        raise ValidationError(_("The code is not correct. Check the time on your phone."))
    with transaction.atomic():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        StaticDevice.objects.filter(user=device.user).delete()
        static = StaticDevice.objects.create(user=device.user, name="recovery", confirmed=True)
        codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
        StaticToken.objects.bulk_create([StaticToken(device=static, token=c) for c in codes])
    return codes


def second_factor_reset(*, user: User, by: User) -> None:
    """Remove a lost second factor: the user enrols a new one at their next log-in."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
        audit_record(
            actor=by,
            action=AuditAction.ACCOUNT,
            subject=f"second factor reset: {user.get_username()}",
            detail={"change": "second factor reset", "user": user.get_username()},
        )
