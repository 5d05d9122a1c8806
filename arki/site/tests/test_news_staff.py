"""Facilitators write, preview, schedule, publish and withdraw news for the public site."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from arki.core.enums import Role

from ..models import NewsPost
from ..services import news_post_create, news_post_publish, news_post_update
from .factories import NewsPostFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def facilitator(make_user, process):
    return make_user(Role.FACILITATOR, process=process)


def _form(**extra):
    data = {
        "title": "Kuhmon tilaisuus siirtyy",
        "body": "Tilaisuus pidetään viikkoa myöhemmin.",
        "title_sv": "",
        "body_sv": "",
        "title_en": "",
        "body_en": "",
        "published_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
    }
    return {**data, **extra}


def _public(client, process):
    with translation.override("fi"):
        page = client.get(reverse("site:news_list", args=[process.slug])).content.decode()
        feed = client.get(reverse("site:feed", args=[process.slug])).content.decode()
    return page + feed


def test_a_new_item_is_a_draft_until_published(client, process, facilitator):
    client.force_login(facilitator)
    response = client.post(reverse("news:create", args=[process.slug]), _form())
    post = NewsPost.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(
        reverse("news:preview", args=[process.slug, post.pk])
    )
    assert not post.is_published and post.created_by == facilitator
    assert "Kuhmon tilaisuus siirtyy" not in _public(client, process)

    confirm = client.get(reverse("news:publish", args=[process.slug, post.pk]))
    assert confirm.status_code == 200
    post.refresh_from_db()
    assert not post.is_published  # asking is not publishing

    client.post(reverse("news:publish", args=[process.slug, post.pk]), {"publish": "1"})
    assert "Kuhmon tilaisuus siirtyy" in _public(client, process)

    client.post(reverse("news:publish", args=[process.slug, post.pk]), {"publish": "0"})
    assert "Kuhmon tilaisuus siirtyy" not in _public(client, process)


def test_a_scheduled_item_appears_only_when_its_time_comes(client, process, facilitator):
    later = timezone.now() + datetime.timedelta(days=2)
    post = news_post_create(
        process=process, title="Tuleva uutinen", body="Teksti", published_at=later, by=facilitator
    )
    assert post.is_published
    assert "Tuleva uutinen" not in _public(client, process)
    news_post_update(post=post, by=facilitator, published_at=timezone.now())
    assert "Tuleva uutinen" in _public(client, process)


def test_preview_shows_each_language_falling_back_to_finnish(client, process, facilitator):
    post = NewsPostFactory(process=process, title="Otsikko", title_sv="Rubrik", body="Teksti")
    client.force_login(facilitator)
    page = client.get(reverse("news:preview", args=[process.slug, post.pk]))
    versions = {v["code"]: (v["title"], v["body"]) for v in page.context["versions"]}
    assert versions == {
        "fi": ("Otsikko", "Teksti"),
        "sv": ("Rubrik", "Teksti"),
        "en": ("Otsikko", "Teksti"),
    }


def test_editing_keeps_the_web_address_and_the_list_pages(client, process, facilitator):
    for _n in range(30):
        NewsPostFactory(process=process)
    post = NewsPost.objects.order_by("pk").first()
    slug = post.slug
    client.force_login(facilitator)
    client.post(reverse("news:edit", args=[process.slug, post.pk]), _form(title="Uusi otsikko"))
    post.refresh_from_db()
    assert (post.title, post.slug) == ("Uusi otsikko", slug)
    first = client.get(reverse("news:list", args=[process.slug]))
    assert len(first.context["page"].object_list) == 25
    second = client.get(reverse("news:list", args=[process.slug]), {"page": 2})
    assert len(second.context["page"].object_list) == 5


def test_a_post_is_tied_only_to_a_workshop_of_its_process(process):
    from arki.core.services.processes import process_create_from_template

    other = process_create_from_template(
        template="kainuu-2014-2016",
        name="Toinen",
        slug="toinen",
        region=process.region,
        municipalities=list(process.municipalities.all()),
        first_workshop_on=datetime.date(2015, 1, 1),
    ).workshops.get(position=1)
    with pytest.raises(ValidationError):
        news_post_create(process=process, title="X", body="Y", workshop=other)
    assert not NewsPost.objects.exists()


@pytest.mark.parametrize("role", [Role.ANALYST, Role.CONTACT, Role.PLANNING, Role.DECISION_MAKER])
def test_other_roles_cannot_write_or_publish(client, process, make_user, role):
    post = NewsPostFactory(process=process, is_published=False, title="Luonnos")
    client.force_login(make_user(role, process=process))
    responses = [
        client.post(reverse("news:create", args=[process.slug]), _form()),
        client.post(reverse("news:edit", args=[process.slug, post.pk]), _form(title="Muutettu")),
        client.post(reverse("news:publish", args=[process.slug, post.pk]), {"publish": "1"}),
        client.get(reverse("news:preview", args=[process.slug, post.pk])),
    ]
    assert {r.status_code for r in responses} == {403}
    assert list(NewsPost.objects.values_list("title", "is_published")) == [("Luonnos", False)]


def test_publish_service_withdraws(process):
    post = NewsPostFactory(process=process)
    news_post_publish(post=post, by=None, published=False)
    post.refresh_from_db()
    assert not post.is_published
