"""Older people: the coordinator's list and card (proxies, requests), and the web page where
an older person or their proxy asks for help themselves."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from arki.core.forms import apply_errors
from arki.core.models import Process
from arki.core.selectors.processes import get_process_for_user
from arki.core.services.audit import audit_identity_view

from .. import selectors, services
from ..enums import RequestChannel
from ..forms import OwnRequestForm, ProxyForm
from .common import paginate


@login_required
def recipient_list(request, slug):
    process = get_process_for_user(request.user, slug, selectors.COORDINATE)
    page = paginate(request, selectors.recipients_for_user(request.user, process))
    people = [r.person for r in page.object_list]
    audit_identity_view(request, subject="Older people list", process=process, people=people)
    return render(request, "helpexchange/recipient_list.html", {"process": process, "page": page})


def _card(request, process, recipient, form=None, status=200):
    audit_identity_view(
        request, subject=f"Older person {recipient.person.code}", person=recipient.person
    )
    return render(
        request,
        "helpexchange/recipient_detail.html",
        {
            "process": process,
            "recipient": recipient,
            "address": selectors.address_for_user(request.user, recipient),
            "proxies": recipient.proxies.all(),
            "requests": recipient.requests.select_related("village")[:50],
            "form": form or ProxyForm(),
        },
        status=status,
    )


@login_required
def recipient_detail(request, slug, pk):
    process = get_process_for_user(request.user, slug, selectors.COORDINATE)
    return _card(request, process, selectors.get_recipient_for_user(request.user, process, pk))


@require_POST
@login_required
def proxy_add(request, slug, pk):
    process = get_process_for_user(request.user, slug, selectors.COORDINATE)
    recipient = selectors.get_recipient_for_user(request.user, process, pk)
    form = ProxyForm(request.POST)
    if form.is_valid():
        try:
            services.proxy_add(recipient=recipient, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The proxy was added."))
            return redirect("helpexchange:recipient_detail", slug=slug, pk=pk)
    return _card(request, process, recipient, form, status=400)


@login_required
def own_requests(request, slug):
    """Web channel: the person themselves, or a proxy acting for them."""
    process = get_object_or_404(Process, slug=slug)
    recipients = selectors.recipients_acting_for(request.user, process)
    if not recipients:
        raise PermissionDenied
    form = OwnRequestForm(request.POST or None, recipients=recipients)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        recipient = data.pop("recipient")
        channel = (
            RequestChannel.WEB
            if recipient.person.user_id == request.user.pk
            else (RequestChannel.PROXY)
        )
        try:
            services.request_create(
                process=process, recipient=recipient, channel=channel, by=request.user, **data
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Thank you! We will look for a helper and let you know."))
            return redirect("helpexchange:own_requests", slug=slug)
    own = selectors.requests_of_recipients(recipients)
    others = [r.person for r in recipients if r.person.user_id != request.user.pk]
    # a proxy sees the names of the people they act for
    audit_identity_view(
        request, subject="Requests of people acted for", process=process, people=others
    )
    return render(
        request,
        "helpexchange/own_requests.html",
        {"process": process, "form": form, "requests": own},
    )
