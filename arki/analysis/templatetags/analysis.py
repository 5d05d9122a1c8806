"""Small template helpers of the analysis pages."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def get(mapping: dict, key: Any) -> Any:
    return mapping.get(key) if mapping else None


@register.filter
def slice_text(text: str, coding: Any) -> str:
    """The coded part of an (already redacted) text."""
    return text[coding.start : coding.end]


@register.filter
def decimals(value: float | None, places: int = 3) -> str:
    return "–" if value is None else f"{value:.{places}f}"
