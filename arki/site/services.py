"""Writes of the public website: news posts."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from arki.core.models import Process, User, Workshop
from arki.core.services.writes import create_clean

from .models import NewsPost


@transaction.atomic
def news_post_create(
    *,
    process: Process,
    title: str,
    body: str,
    title_sv: str = "",
    title_en: str = "",
    body_sv: str = "",
    body_en: str = "",
    workshop: Workshop | None = None,
    published_at: datetime.datetime | None = None,
    is_published: bool = True,
    slug: str = "",
    by: User | None = None,
) -> NewsPost:
    """Create a news post; the web address is made from the Finnish title unless given."""
    return create_clean(
        NewsPost,
        by=by,
        process=process,
        workshop=workshop,
        slug=slug or slugify(title)[:80].strip("-"),
        title=title,
        title_sv=title_sv,
        title_en=title_en,
        body=body,
        body_sv=body_sv,
        body_en=body_en,
        published_at=published_at or timezone.now(),
        is_published=is_published,
    )
