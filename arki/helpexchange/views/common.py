"""Small helpers shared by the views."""

from __future__ import annotations

from django.core.paginator import Paginator

from arki.core.forms import apply_errors, error_text

__all__ = ["apply_errors", "error_text", "paginate", "status_choice"]


def paginate(request, queryset, per_page: int = 25):
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


def status_choice(request, choices) -> str:
    """The ?status= filter of a list page, or "" when it is missing or not a known status."""
    value = request.GET.get("status", "")
    return value if value in choices.values else ""
