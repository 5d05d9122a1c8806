"""The Kainuu demo's news posts."""

import pytest

from arki.core.demo import DemoContext, load_core_demo
from arki.core.registry import registry
from arki.site.demo import load_site_demo

pytestmark = pytest.mark.django_db


def test_site_registers_its_demo_step_after_the_core():
    steps = dict(registry.demo_steps())
    assert steps["site"].order == 5
    assert steps["site"].load is load_site_demo
    assert steps["core"].order < steps["site"].order


def test_demo_posts_results_of_published_workshops_and_invitations(municipalities):
    ctx = DemoContext(log=lambda message: None)
    load_core_demo(ctx)
    load_site_demo(ctx)
    posts = list(ctx.process.news.select_related("workshop").order_by("published_at"))
    published = set(ctx.process.workshops.filter(is_published=True).values_list("pk", flat=True))
    results = [p for p in posts if p.slug.endswith("-tulokset")]
    invitations = [p for p in posts if p.slug.endswith("-kutsu")]
    assert len(posts) == len(results) + len(invitations)
    assert {p.workshop_id for p in results} == published
    assert [p.workshop.position for p in invitations] == [1, 4, 7, 9, 10]
    assert results[0].title == "Työpajan 1 tulokset: 110 palvelupäiväkirjaa palautettiin"
    for post in posts:
        assert 2014 <= post.published_at.year <= 2016
        assert post.title_sv and post.title_en and post.body_sv and post.body_en
        assert post.is_published
        assert post.created_by == ctx.users["fasilitaattori"]
    for post in invitations:
        assert post.published_at.date() < post.workshop.date
    for post in results:
        assert post.published_at.date() > post.workshop.date


def test_demo_workshop_1_is_held_in_kajaani_first_then_in_the_other_municipalities(
    municipalities, client
):
    from django.urls import reverse

    ctx = DemoContext(log=lambda message: None)
    load_core_demo(ctx)
    workshop = ctx.process.workshops.get(position=1)
    sittings = list(workshop.sittings.select_related("municipality").order_by("starts_at"))
    assert sittings[0].municipality.name == "Kajaani"
    assert sittings[0].starts_at.date() == workshop.date
    later = {s.municipality.code for s in sittings[1:]}
    assert later == set(ctx.process.municipalities.values_list("code", flat=True)) - {"205"}
    assert all(s.starts_at > sittings[0].starts_at for s in sittings[1:])
    page = client.get(reverse("site:workshop", args=[ctx.process.slug, 1])).content.decode()
    assert page.count("Pääkirjasto") == len(sittings) - 1
