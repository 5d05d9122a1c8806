"""The decision trail of an action, for staff and for the public (see `arki.decisions.trail`).

Staff with decisions.view see every step with redacted quotes (as analysts do); the public
page shows a published action's trail only as far as it is published.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from ..selectors import get_action_for_trail, get_published_action
from ..trail import action_trail


@login_required
def trail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    process, action = get_action_for_trail(request.user, slug, pk)
    return render(
        request,
        "decisions/trail/trail.html",
        {
            "process": process,
            "trail": action_trail(action, public=False, user=request.user),
            "public": False,
        },
    )


def public_trail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    process, action = get_published_action(slug, pk)
    return render(
        request,
        "decisions/trail/trail.html",
        {"process": process, "trail": action_trail(action, public=True), "public": True},
    )
