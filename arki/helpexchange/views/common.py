"""Small helpers shared by the views."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator


def apply_errors(form, exc: ValidationError) -> None:
    """Show a service's ValidationError on the form: next to the field when it has one."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def error_text(exc: ValidationError) -> str:
    return " ".join(exc.messages)


def paginate(request, queryset, per_page: int = 25):
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


def status_choice(request, choices) -> str:
    """The ?status= filter of a list page, or "" when it is missing or not a known status."""
    value = request.GET.get("status", "")
    return value if value in choices.values else ""
