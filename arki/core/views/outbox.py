"""Scheduled messages: staff's messages page (failed sends, letters batch), a sitting's
invitation, a person's message settings (staff), and the person's own settings page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..enums import MessageChannel, OutboxStatus
from ..forms import apply_errors
from ..jobs import job_start
from ..models import MessagePreference, OutboxMessage
from ..outbox.engine import message_retry, messages_summary, preference_set, sitting_invite
from ..outbox.forms import PreferenceForm, SittingInviteForm, StaffPreferenceForm
from ..outbox.links import person_for_preferences_token
from ..permissions import require
from ..selectors.people import get_person_for_user
from ..selectors.processes import get_process_for_user, get_sitting_for_user
from ..services.audit import audit_identity_view

MANAGE = "messages.manage"
#: The failed and unreached messages shown on the page (newest first).
PAGE_SIZE = 200


@login_required
def outbox_list(request, slug):
    """Failed sends (retried and given up, or interrupted) and people not reached, with the
    pseudonym code only: names and addresses stay on the person's page."""
    process = get_process_for_user(request.user, slug, MANAGE)
    problems = (
        OutboxMessage.objects.filter(
            process=process, status__in=[OutboxStatus.FAILED, OutboxStatus.SKIPPED]
        )
        .select_related("person")
        .order_by("-created_at", "-pk")[:PAGE_SIZE]
    )
    return render(
        request,
        "core/outbox/list.html",
        {"process": process, "summary": messages_summary(process), "problems": problems},
    )


@login_required
@require_POST
def outbox_retry(request, slug, pk):
    process = get_process_for_user(request.user, slug, MANAGE)
    message = get_object_or_404(OutboxMessage, pk=pk, process=process)
    if message_retry(message=message):
        messages.success(request, _("The message will be sent again within a few minutes."))
    else:
        messages.info(request, _("This message was not waiting to be sent again."))
    return redirect("core:outbox", slug=slug)


@login_required
@require_POST
def letters_print(request, slug):
    process = get_process_for_user(request.user, slug, MANAGE)
    job = job_start(
        kind="core.letters",
        params={"process": process.pk, "language": (get_language() or "fi")[:2]},
        user=request.user,
    )
    return redirect("core:job_detail", pk=job.pk)


@login_required
def sitting_invite_view(request, slug, position, pk):
    sitting = get_sitting_for_user(request.user, slug, position, pk, MANAGE)
    workshop = sitting.workshop
    form = SittingInviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            sitting_invite(sitting=sitting, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request, _("The invitation will be sent by each person's own channel.")
            )
            return redirect("core:workshop_detail", slug=slug, position=position)
    return render(
        request,
        "core/outbox/invite.html",
        {
            "process": workshop.process,
            "workshop": workshop,
            "sitting": sitting,
            "form": form,
            "invitations": sitting.invitations.all(),
        },
    )


@login_required
def person_messages(request, slug, code):
    """A person's message settings and the messages sent to them (shows the postal address:
    audited)."""
    process = get_process_for_user(request.user, slug, "person.manage")
    person = get_person_for_user(request.user, process, code, "person.manage")
    require(request.user, "person.identity", process, person.municipality_id)
    preference = MessagePreference.objects.filter(person=person).first()
    initial = {}
    if preference:
        initial = {
            "channel": preference.channel,
            "no_email": preference.no_email,
            "no_sms": preference.no_sms,
            "no_letter": preference.no_letter,
            "postal_address": preference.postal_address,
        }
    form = StaffPreferenceForm(request.POST or None, initial=initial)
    if request.method == "POST" and person.erased_at is None and form.is_valid():
        try:
            preference_set(person=person, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The message settings were saved."))
            return redirect("core:person_messages", slug=slug, code=code)
    audit_identity_view(
        request, subject=f"Message settings of {person.code}", process=process, person=person
    )
    sent = OutboxMessage.objects.filter(person=person).order_by("-created_at", "-pk")[:50]
    return render(
        request,
        "core/outbox/person.html",
        {"process": process, "person": person, "form": form, "sent": sent},
    )


def preferences_public(request, token):
    """The person's own message settings, from the link in every message (no log-in)."""
    person = person_for_preferences_token(token)
    if person is None:
        return render(request, "core/outbox/link_invalid.html", status=410)
    preference = MessagePreference.objects.filter(person=person).first()
    initial = {}
    if preference:
        initial = {
            "channel": preference.channel,
            "no_email": preference.no_email,
            "no_sms": preference.no_sms,
            "no_letter": preference.no_letter,
        }
    form = PreferenceForm(request.POST or None, initial=initial)
    saved = False
    if request.method == "POST" and form.is_valid():
        preference_set(person=person, **form.cleaned_data)
        saved = True
    return render(
        request,
        "core/outbox/preferences.html",
        {"form": form, "saved": saved, "channels": MessageChannel},
    )
