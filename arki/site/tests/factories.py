"""Factories for the public website's tests."""

from __future__ import annotations

import datetime

import factory
from django.utils import timezone

from arki.core.enums import GroupKind
from arki.core.models import GroupMember

from ..models import NewsPost


class NewsPostFactory(factory.django.DjangoModelFactory):
    """A published Finnish news post; pass `process=`."""

    class Meta:
        model = NewsPost

    slug = factory.Sequence(lambda n: f"uutinen-{n}")
    title = factory.Sequence(lambda n: f"Uutinen {n}")
    body = "Työpajan tulokset on nyt julkaistu."
    published_at = factory.Sequence(
        lambda n: timezone.now() - datetime.timedelta(days=1, minutes=n)
    )
    is_published = True


class GroupMemberFactory(factory.django.DjangoModelFactory):
    """A planning-group member; pass `process=` (and `municipality=` for contact persons)."""

    class Meta:
        model = GroupMember

    group = GroupKind.PLANNING
    name = factory.Sequence(lambda n: f"Jäsen {n}")
    organisation = "Kunta"
    title = "Hyvinvointikoordinaattori"
