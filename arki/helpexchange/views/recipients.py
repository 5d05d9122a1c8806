"""Older people: the coordinator's list and card (proxies, requests), and the web page where
an older person or their proxy asks for help themselves."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from arki.core.forms import apply_errors, error_text
from arki.core.models import Process
from arki.core.selectors.processes import get_process_for_user
from arki.core.services.audit import audit_identity_view

from .. import selectors, services
from ..enums import RequestChannel
from ..forms import LinkAccountForm, OwnRequestForm, ProxyForm
from .common import paginate


@login_required
def recipient_list(request, slug):
    process = get_process_for_user(request.user, slug, selectors.COORDINATE)
    page = paginate(request, selectors.recipients_for_user(request.user, process))
    people = [r.person for r in page.object_list]
    audit_identity_view(request, subject="Older people list", process=process, people=people)
    return render(request, "helpexchange/recipient_list.html", {"process": process, "page": page})


def _linked_accounts(recipient):
    """Who may ask for help for this person on the web: (label, proxy or None, user)."""
    rows = []
    if recipient.person.user_id is not None:
        rows.append((_("the older person themself"), None, recipient.person.user))
    rows += [(p.name, p, p.user) for p in recipient.proxies.select_related("user") if p.user_id]
    return rows


def _card(request, process, recipient, form=None, status=200, link_form=None):
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
            "linked": _linked_accounts(recipient),
            "link_form": link_form
            or LinkAccountForm(
                recipient=recipient, initial={"consent_given_on": timezone.localdate()}
            ),
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


@require_POST
@login_required
def account_link(request, slug, pk):
    """Link a user account to the older person (themself or a proxy), with their consent."""
    process = get_process_for_user(request.user, slug, selectors.COORDINATE)
    recipient = selectors.get_recipient_for_user(request.user, process, pk)
    form = LinkAccountForm(request.POST, recipient=recipient)
    if form.is_valid():
        data = form.cleaned_data
        acts_as = data["acts_as"]
        proxy = None if acts_as == "self" else recipient.proxies.filter(pk=acts_as).first()
        try:
            services.account_link(
                recipient=recipient,
                email=data["email"],
                proxy=proxy,
                consent=data["consent"],
                consent_method=data["consent_method"],
                consent_given_on=data["consent_given_on"],
                by=request.user,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request, _("The account is linked. It can now ask for help on the web.")
            )
            return redirect("helpexchange:recipient_detail", slug=slug, pk=pk)
    return _card(request, process, recipient, status=400, link_form=form)


@require_POST
@login_required
def account_unlink(request, slug, pk):
    """Remove an account's right to ask for help for the older person."""
    process = get_process_for_user(request.user, slug, selectors.COORDINATE)
    recipient = selectors.get_recipient_for_user(request.user, process, pk)
    proxy_pk = request.POST.get("proxy", "")
    proxy = get_object_or_404(recipient.proxies, pk=proxy_pk) if proxy_pk.isdigit() else None
    try:
        services.account_unlink(recipient=recipient, proxy=proxy, by=request.user)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("The account is no longer linked."))
    return redirect("helpexchange:recipient_detail", slug=slug, pk=pk)


@login_required
def own_requests(request, slug):
    """Web channel: the person themselves, or a proxy acting for them. An account not yet
    linked to anyone gets a page that says how to get linked."""
    process = get_object_or_404(Process, slug=slug)
    recipients = selectors.recipients_acting_for(request.user, process)
    if not recipients:
        return render(request, "helpexchange/own_not_linked.html", {"process": process})
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
