"""Staff-entered texts that the public or participants see have Swedish and English versions;
where one is missing the Finnish text stands in, marked `lang="fi"` for screen readers.

* `PUBLIC_TEXTS` lists every staff-entered text field shown on public or participant pages;
  each must have `<field>_sv` and `<field>_en` (a new public field fails here until it has).
* The Kainuu demo's Swedish and English public pages contain none of the demo's Finnish texts
  (checked on the list of those texts; municipality and organisation names are proper names).
"""

from __future__ import annotations

import re

import pytest
from django.apps import apps
from django.test import Client
from django.urls import reverse
from django.utils import translation

from arki.core.demo import WORKSHOP_FACTS, DemoContext, load_core_demo
from arki.core.models import GroupMember, Municipality, Workshop
from arki.core.process_templates import KAINUU
from arki.core.registry import registry

#: (app label, model, field): staff-entered texts shown publicly or to participants.
PUBLIC_TEXTS = [
    ("core", "Process", "name"),
    ("core", "Process", "description"),
    ("core", "Season", "name"),
    ("core", "Season", "theme"),
    ("core", "Phase", "description"),
    ("core", "Workshop", "title"),
    ("core", "Workshop", "place"),
    ("core", "Workshop", "methods"),
    ("core", "Workshop", "agenda"),
    ("core", "Workshop", "results_summary"),
    ("core", "Sitting", "place"),
    ("core", "Sitting", "how_to_take_part"),
    ("core", "GroupMember", "title"),
    ("core", "SessionActivity", "title"),
    ("core", "Region", "name"),
    ("core", "Municipality", "name"),
    ("site", "NewsPost", "title"),
    ("site", "NewsPost", "body"),
    ("insight", "Service", "name"),
    ("analysis", "Persona", "name"),
    ("analysis", "Persona", "description"),
    ("analysis", "Persona", "typical_week"),
    ("analysis", "Persona", "pains"),
    ("analysis", "Persona", "gains"),
    ("analysis", "Persona", "needs"),
    ("budgeting", "BudgetRound", "title"),
    ("budgeting", "BudgetItem", "name"),
    ("helpexchange", "Event", "title"),
    ("helpexchange", "Event", "description"),
    ("helpexchange", "Event", "place"),
    ("decisions", "Concept", "name"),
    ("decisions", "Concept", "aim"),
    ("decisions", "Criterion", "text"),
    ("decisions", "Decision", "rationale"),
    ("decisions", "Action", "title"),
    ("decisions", "Action", "description"),
    ("decisions", "ActionNote", "text"),
    ("decisions", "Selection", "title"),
    ("decisions", "TestSession", "title"),
    ("canvases", "Canvas", "label"),
    ("impact", "Metric", "name"),
    ("impact", "Metric", "how_measured"),
    ("impact", "Metric", "unit"),
    ("impact", "Metric", "criterion_text"),
    ("impact", "Survey", "title"),
    ("impact", "Question", "text"),
    ("impact", "StatisticSeries", "name"),
    ("impact", "SurveyRound", "label"),
]

#: (live activity, set-up key): staff-entered lists (answer options, tables) that phones and
#: the projector show; each is entered in Swedish and English in the set-up form too.
PUBLIC_OPTION_LISTS = [
    ("core.poll", "choices"),
    ("core.ranking", "options"),
    ("core.scale", "low_label"),
    ("core.scale", "high_label"),
    ("canvases.empathy_map", "groups"),
    ("canvases.blueprint", "groups"),
    ("canvases.business_model", "groups"),
    ("canvases.stakeholder_map", "groups"),
    ("canvases.storyboard", "groups"),
]


@pytest.mark.parametrize(("app", "model", "field"), PUBLIC_TEXTS)
def test_every_public_staff_text_has_swedish_and_english_fields(app, model, field):
    try:
        model_class = apps.get_model(app, model)
    except LookupError:
        pytest.skip(f"the {app} tool is not installed")
    names = {f.name for f in model_class._meta.get_fields()}
    assert {field, f"{field}_sv", f"{field}_en"} <= names
    assert hasattr(model_class, "tr") and hasattr(model_class, "tr_is_fallback")


@pytest.mark.parametrize(("kind", "key"), PUBLIC_OPTION_LISTS)
def test_every_public_option_list_has_swedish_and_english_lines(kind, key):
    try:
        activity = registry.activity(kind)
    except KeyError:
        pytest.skip(f"the {kind} activity is not installed")
    fields = activity.config_form_class.base_fields
    assert {key, f"{key}_sv", f"{key}_en"} <= set(fields)


@pytest.fixture
def demo(db):
    ctx = DemoContext(log=lambda _message: None)
    load_core_demo(ctx)
    return ctx


def _finnish_demo_texts() -> set[str]:
    """The core demo's Finnish staff texts (not proper names) that public pages show."""
    texts: set[str] = set()
    for spec in KAINUU.workshops:
        texts.add(spec.methods)
        texts.update(line for line in spec.agenda.splitlines() if line.strip())
    texts.update(s.theme for s in KAINUU.seasons if s.theme)
    texts.update(str(f["place"]) for f in WORKSHOP_FACTS.values() if "place" in f)
    texts.update(["Pääkirjasto", *GroupMember.objects.values_list("title", flat=True)])
    proper_names = set(Municipality.objects.values_list("name", flat=True))
    return {t for t in texts if t and t not in proper_names}


def _visible_text(html: str) -> str:
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("&#x27;", "'")


def _public_pages(process) -> list[str]:
    pages = [
        reverse("site:process", args=[process.slug]),
        reverse("site:contacts", args=[process.slug]),
    ]
    pages += [
        reverse("site:workshop", args=[process.slug, w.position])
        for w in process.workshops.filter(published_at__isnull=False)
    ]
    return pages


def test_demo_public_pages_in_swedish_and_english_show_no_finnish_staff_text(demo):
    finnish = _finnish_demo_texts()
    assert len(finnish) > 20  # the list is the demo's, not empty
    client = Client()
    shown = []
    with translation.override("fi"):  # unprefixed paths, whatever a request left active
        pages = _public_pages(demo.process)
    for language, url in ((language, url) for language in ("sv", "en") for url in pages):
        localised = f"/{language}{url}"
        response = client.get(localised)
        assert response.status_code == 200, localised
        assert f'lang="{language}"' in response.content.decode()[:400]
        text = _visible_text(response.content.decode())
        shown += [(localised, t) for t in finnish if t in text]
    assert shown == []


def test_a_missing_translation_shows_the_finnish_text_marked_as_finnish(demo):
    workshop = Workshop.objects.filter(process=demo.process, published_at__isnull=False).first()
    workshop.methods_sv = ""
    workshop.methods_en = "Service map and a diary"
    workshop.save()
    url = reverse("site:workshop", args=[demo.process.slug, workshop.position])
    client = Client()

    swedish = client.get(f"/sv{url}").content.decode()
    assert f'<p lang="fi">{workshop.methods}</p>' in swedish

    english = client.get(f"/en{url}").content.decode()
    assert "<p>Service map and a diary</p>" in english
    assert workshop.methods not in english

    finnish = client.get(url).content.decode()
    assert f"<p>{workshop.methods}</p>" in finnish  # a Finnish page needs no mark
