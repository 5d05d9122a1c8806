"""Staff accounts: log-in with throttling and a second factor, invitations, and the staff
and roles of a process (list, invite, withdraw, deactivate, reset a lost factor)."""

from __future__ import annotations

import base64
import csv
import io

import qrcode
import qrcode.image.svg
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import SetPasswordForm
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp import match_token, user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from ..enums import AuditAction
from ..exports import safe_row
from ..forms import RoleForm, StaffFilterForm, StaffInviteForm
from ..login import (
    SecondFactorForm,
    ThrottledAuthenticationForm,
    ThrottledPasswordResetForm,
    locked_message,
    login_check,
    login_failure,
)
from ..permissions import can
from ..registry import registry
from ..selectors.accounts import (
    get_assignment_for_user,
    get_staff_member_for_user,
    role_assignments_for_process,
)
from ..selectors.processes import get_process_for_user
from ..services import accounts as account_services
from ..services.audit import audit_record
from ..services.people import role_change, role_withdraw
from ..throttle import TooManyAttempts

PAGE_SIZE = 50


class LoginView(auth_views.LoginView):
    """Django's log-in page; a locked account or address answers 429."""

    form_class = ThrottledAuthenticationForm

    def get_default_redirect_url(self):
        """A resident or proxy lands on their own page (a tool offers it as the
        "helpexchange.participant_home" capability), everyone else on the dashboard."""
        home = registry.capability("helpexchange.participant_home")
        return (home(self.request.user) if home else None) or super().get_default_redirect_url()

    def form_invalid(self, form):
        response = super().form_invalid(form)
        if form.locked:
            response.status_code = 429
        return response


class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset request, throttled per address and per client; a lock answers 429
    with the typed address kept in the form."""

    form_class = ThrottledPasswordResetForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "request": self.request}

    def form_invalid(self, form):
        response = super().form_invalid(form)
        if form.locked is not None:
            response.status_code = 429
            response["Retry-After"] = str(form.locked.retry_after)
        return response


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return reverse("core:dashboard")


@login_required
def otp_verify(request):
    """The second log-in step: a code from the authenticator app or a recovery code.
    Wrong codes count against the account like wrong passwords."""
    if not user_has_device(request.user):
        return redirect("accounts:otp_setup")
    form = SecondFactorForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        username = request.user.get_username()
        try:
            login_check(request, username)
        except TooManyAttempts as error:
            form.add_error(None, locked_message(error))
            status = 429
        else:
            device = match_token(request.user, form.cleaned_data["token"].replace(" ", ""))
            if device is not None:
                otp_login(request, device)
                return redirect(_next_url(request))
            login_failure(request, username)
            form.add_error("token", _("The code is not correct."))
    return render(
        request,
        "accounts/otp_verify.html",
        {"form": form, "next": _next_url(request)},
        status=status,
    )


@login_required
def otp_setup(request):
    """Enrol an authenticator app: scan the QR code (or type the key), confirm with a code,
    then see the recovery codes once. Someone who already has a factor must use it."""
    if user_has_device(request.user):
        return redirect("accounts:otp_verify")
    form = SecondFactorForm(request.POST or None)
    device = TOTPDevice.objects.filter(user=request.user, confirmed=False).last()
    status = 200
    if request.method == "POST" and device is not None and form.is_valid():
        username = request.user.get_username()
        try:
            login_check(request, username)
            codes = account_services.second_factor_confirm(
                device=device, token=form.cleaned_data["token"].replace(" ", "")
            )
        except TooManyAttempts as error:
            form.add_error(None, locked_message(error))
            status = 429
        except ValidationError as error:
            login_failure(request, username)
            form.add_error("token", error.messages[0])
        else:
            otp_login(request, device)
            return render(
                request,
                "accounts/recovery_codes.html",
                {"codes": codes, "next": _next_url(request)},
            )
    if device is None or request.method == "GET":
        device = account_services.second_factor_enrol(user=request.user)
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = io.BytesIO()
    image.save(buffer)
    svg = buffer.getvalue().decode()
    svg = svg[svg.index("<svg") :].replace("<svg", '<svg role="img" aria-hidden="true"', 1)
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return render(
        request,
        "accounts/otp_setup.html",
        {
            "form": form,
            # Our own SVG (qrcode's path image of the otpauth URI), no user text in it.
            "qr_svg": mark_safe(svg),
            "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
            "next": _next_url(request),
        },
        status=status,
    )


def invitation(request, token):
    """Set a password through an invitation link (no log-in: the link is the proof)."""
    try:
        invite = account_services.invitation_check(token)
    except ValidationError as error:
        return render(
            request, "accounts/invitation_invalid.html", {"message": error.messages[0]}, status=410
        )
    form = SetPasswordForm(invite.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            account_services.invitation_accept(
                token=token, password=form.cleaned_data["new_password1"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your password is set. Log in with your e-mail address."))
            return redirect("login")
    return render(request, "accounts/invitation.html", {"form": form, "invited": invite.user})


def _filtered_roles(request, slug):
    """The process and its role assignments, filtered by the role and municipality asked
    for: the list page and its CSV export show the same rows."""
    process = get_process_for_user(request.user, slug, "staff.view")
    form = StaffFilterForm(request.GET or None, process=process)
    role, municipality_id = "", None
    if form.is_valid():
        role = form.cleaned_data["role"] or ""
        if form.cleaned_data["municipality"] is not None:
            municipality_id = form.cleaned_data["municipality"].pk
    rows = role_assignments_for_process(
        request.user, process, role=role, municipality_id=municipality_id
    )
    return process, form, rows


@login_required
def staff_list(request, slug):
    process, form, rows = _filtered_roles(request, slug)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "accounts/staff_list.html",
        {
            "process": process,
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "can_manage": can(request.user, "staff.manage", process),
        },
    )


@login_required
def staff_export(request, slug):
    process, _form, rows = _filtered_roles(request, slug)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(safe_row([_("User"), _("E-mail"), _("Role"), _("Municipality"), _("Active")]))
    for row in rows:
        writer.writerow(
            safe_row(
                [
                    row.user.get_username(),
                    row.user.email,
                    row.get_role_display(),
                    row.municipality.name if row.municipality else "",
                    _("yes") if row.user.is_active else _("no"),
                ]
            )
        )
    # Staff names and e-mail addresses are personal data too: every export is in the log.
    audit_record(
        actor=request.user,
        action=AuditAction.EXPORT,
        subject="Staff and roles (CSV)",
        process=process,
        detail={"rows": len(rows), "filters": request.GET.dict()},
    )
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{process.slug}-staff.csv"'
    return response


@login_required
def staff_invite(request, slug):
    process = get_process_for_user(request.user, slug, "staff.manage")
    form = StaffInviteForm(request.POST or None, process=process)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            invitation, _path = account_services.staff_invite(
                email=data["email"],
                role=data["role"],
                process=process,
                municipality=data["municipality"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if invitation is None:
                messages.success(request, _("The role was given to the existing account."))
            else:
                messages.success(request, _("The role was given and the invitation sent."))
            return redirect("core:staff_list", slug=process.slug)
    return render(request, "accounts/staff_invite.html", {"process": process, "form": form})


@login_required
def role_edit(request, slug, pk):
    process = get_process_for_user(request.user, slug, "staff.manage")
    assignment = get_assignment_for_user(request.user, process, pk)
    form = RoleForm(
        request.POST or None,
        process=process,
        initial={"role": assignment.role, "municipality": assignment.municipality},
    )
    if request.method == "POST" and form.is_valid():
        try:
            role_change(
                assignment=assignment,
                role=form.cleaned_data["role"],
                municipality=form.cleaned_data["municipality"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The role was changed."))
            return redirect("core:staff_list", slug=process.slug)
    return render(
        request,
        "accounts/role_edit.html",
        {"process": process, "form": form, "assignment": assignment},
    )


@login_required
@require_POST
def role_withdraw_view(request, slug, pk):
    process = get_process_for_user(request.user, slug, "staff.manage")
    assignment = get_assignment_for_user(request.user, process, pk)
    role_withdraw(assignment=assignment, by=request.user)
    messages.success(request, _("The role was withdrawn."))
    return redirect("core:staff_list", slug=process.slug)


@login_required
@require_POST
def account_deactivate_view(request, slug, pk):
    process = get_process_for_user(request.user, slug, "staff.manage")
    member = get_staff_member_for_user(request.user, process, pk)
    try:
        account_services.account_deactivate(user=member, by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("The account was deactivated."))
    return redirect("core:staff_list", slug=process.slug)


@login_required
@require_POST
def second_factor_reset_view(request, slug, pk):
    process = get_process_for_user(request.user, slug, "staff.manage")
    member = get_staff_member_for_user(request.user, process, pk)
    account_services.second_factor_reset(user=member, by=request.user)
    messages.success(request, _("The second factor was removed; they set a new one up at log-in."))
    return redirect("core:staff_list", slug=process.slug)
