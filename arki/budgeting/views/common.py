"""Helpers the budgeting views share (the form-error helpers live in the core)."""

from arki.core.forms import apply_errors, error_text

__all__ = ["apply_errors", "error_text"]
