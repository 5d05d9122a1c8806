"""The decisions tool's front page for staff: where each part of the process stands."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from ..selectors import process_for_view


@login_required
def index(request, slug):
    process = process_for_view(request.user, slug)
    return render(request, "decisions/index.html", {"process": process})
