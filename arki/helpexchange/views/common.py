"""Small helpers shared by the views (the form-error helpers live in `arki.core.forms`)."""

from __future__ import annotations

from django.core.paginator import Paginator


def paginate(request, queryset, per_page: int = 25):
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


def status_choice(request, choices) -> str:
    """The ?status= filter of a list page, or "" when it is missing or not a known status."""
    value = request.GET.get("status", "")
    return value if value in choices.values else ""
