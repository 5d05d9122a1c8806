"""Calendar files of the help exchange: the volunteer's private feed (by its secret address,
managed from the volunteer's own page) and a public process's group activities."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from arki.core.calendar import calendar_response
from arki.core.models import Process
from arki.core.selectors.processes import get_process_for_user
from arki.core.throttle import CodeEntry, throttled

from .. import selectors, services
from ..calendar import event_entries, public_events, task_entries, volunteer_for_secret

#: A wrong calendar address counts like a wrong code: secrets cannot be probed.
CALENDAR_SECRETS = CodeEntry("help-calendar")


@throttled(CALENDAR_SECRETS)
def volunteer_feed(request, secret):
    volunteer = volunteer_for_secret(secret)
    if volunteer is None:
        CALENDAR_SECRETS.failure(request)
        raise Http404
    return calendar_response(
        _("My help tasks"),
        task_entries(volunteer, now=timezone.now()),
        language=get_language() or "fi",
        filename="arki-tasks.ics",
    )


def events_feed(request, slug):
    process = get_object_or_404(Process, slug=slug, is_public=True)
    return calendar_response(
        _("Group activities: %(process)s") % {"process": process.tr("name")},
        event_entries(public_events(process, now=timezone.now())),
        language=get_language() or "fi",
        filename=f"{process.slug}-activities.ics",
    )


@login_required
def volunteer_calendar(request, slug):
    """The volunteer's page for the private calendar address: make, replace or turn off."""
    process = get_process_for_user(request.user, slug, "helpexchange.volunteer")
    volunteer = selectors.volunteer_of_user(request.user, process)
    feed_url = None
    if request.method == "POST":
        if request.POST.get("action") == "off":
            services.volunteer_calendar_off(volunteer=volunteer, by=request.user)
            messages.success(request, _("Your calendar address no longer works."))
            return redirect("helpexchange:volunteer_calendar", slug=slug)
        secret = services.volunteer_calendar_new(volunteer=volunteer, by=request.user)
        feed_url = request.build_absolute_uri(
            reverse("helpexchange_public:volunteer_feed", kwargs={"secret": secret})
        )
    return render(
        request,
        "helpexchange/volunteer_calendar.html",
        {
            "process": process,
            "volunteer": volunteer,
            "feed_url": feed_url,
            # The same address for calendar apps that subscribe when the link is opened.
            "webcal_url": "webcal:" + feed_url.split(":", 1)[1] if feed_url else None,
            "has_feed": bool(volunteer.calendar_secret_hash),
        },
    )
