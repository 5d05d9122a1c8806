"""Two small helpers every service here uses to write rows the same way."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

from django.db import models

from arki.core.models import CivicModel, User

M = TypeVar("M", bound=models.Model)


def create_clean(model: type[M], *, by: User | None, **fields) -> M:
    """Build one row, validate it (full_clean) and save it, recording who created it."""
    obj = model(created_by=by, modified_by=by, **fields)
    obj.full_clean()
    obj.save()
    return obj


def save_fields(obj: CivicModel, by: User | None, fields: Sequence[str]) -> None:
    """Save only the changed fields, with who changed them."""
    obj.modified_by = by
    obj.save(update_fields=[*fields, "modified_by", "modified_at"])
