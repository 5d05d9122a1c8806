"""Writes of the public website: news posts."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from arki.core.models import Process, User, Workshop
from arki.core.services.writes import create_clean, save_fields

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
    if workshop is not None and workshop.process_id != process.pk:
        raise ValidationError({"workshop": _("This workshop belongs to another process.")})
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


NEWS_FIELDS = ("title", "title_sv", "title_en", "body", "body_sv", "body_en", "workshop")


@transaction.atomic
def news_post_update(*, post: NewsPost, by: User | None, **fields: object) -> NewsPost:
    """Change a post's texts, workshop or publication time; the web address stays, so links
    already shared keep working."""
    for name, value in fields.items():
        if name not in (*NEWS_FIELDS, "published_at"):
            raise TypeError(f"news_post_update() got an unexpected field {name!r}")
        setattr(post, name, value)
    _check_workshop(post)
    save_fields(post, by, list(fields), clean=True)
    return post


@transaction.atomic
def news_post_publish(*, post: NewsPost, by: User | None, published: bool = True) -> NewsPost:
    """Publish a post (it appears once its publication time has come) or withdraw it."""
    post.is_published = published
    save_fields(post, by, ["is_published"])
    return post


def _check_workshop(post: NewsPost) -> None:
    if post.workshop is not None and post.workshop.process_id != post.process_id:
        raise ValidationError({"workshop": _("This workshop belongs to another process.")})


def unique_news_slug(process: Process, title: str) -> str:
    """A web address from the Finnish title, numbered when the process has one already."""
    base = slugify(title)[:70].strip("-") or "uutinen"
    slug, n = base, 1
    while NewsPost.objects.filter(process=process, slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug
