"""The read-only public data API (/api/v1/, arki/site/api): every endpoint against the page of
the same object, nothing unpublished or personal in any response, pagination bounds, the
rate limit, HTTP caching, languages and the OpenAPI document.

The world is the security matrix's (tests/security_world.py: personal data of every kind,
every tool's rows) plus what only the API tests need: published and unpublished results, a
draft and a scheduled news post, a private process, unpublished actions and notes, a
proposal awaiting review, and a sitting with a named facilitator.
"""

from __future__ import annotations

import datetime
import html
import json
import re
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.db import transaction
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .security_world import World, build_world, identities

API = "/api/v1"
SECRET = "SALAISUUS"  # every unpublished text below contains it


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    from arki.core.models import Process, Workshop
    from arki.core.services.people import person_create
    from arki.core.services.processes import sitting_create, workshop_publish, workshop_update
    from arki.decisions.services import actions as action_services
    from arki.site.tests.factories import GroupMemberFactory, NewsPostFactory

    with django_db_blocker.unblock(), transaction.atomic():
        built = build_world()
        process, fac = built.process, built.users["facilitator"]
        kajaani = process.municipalities.get(name="Kajaani")
        process.description = "Lähipalvelut kuntoon yhdessä."
        process.name_sv = "Trygghetsmatris"
        process.save()
        one = process.workshops.get(position=1)
        workshop_update(
            workshop=one,
            by=None,
            results_summary="Työpajaan osallistui 40 asukasta.",
            results_summary_sv="40 invånare deltog.",
            agenda="Tervetuloa\nPalvelukartat",
            methods="Palvelukartta ja päiväkirja.",
        )
        workshop_publish(workshop=one, by=None)
        sitting_create(
            workshop=one,
            place="Kajaanin kirjasto",
            municipality=kajaani,
            starts_at=timezone.now() + datetime.timedelta(days=3),
            how_to_take_part="Ilmoittaudu kirjastossa.",
            facilitator=fac,
            by=fac,
        )
        two = process.workshops.get(position=2)
        workshop_update(workshop=two, by=None, results_summary=f"{SECRET} tulos")
        NewsPostFactory(process=process, title=f"{SECRET} luonnos", is_published=False)
        NewsPostFactory(
            process=process,
            title=f"{SECRET} ajastettu",
            published_at=timezone.now() + datetime.timedelta(days=2),
        )
        NewsPostFactory(process=process, title="Uutinen työpajasta", workshop=one)
        private = Process.objects.create(
            region=process.region, slug="yksityinen", name=f"{SECRET} prosessi"
        )
        Workshop.objects.create(process=private, position=1, title=f"{SECRET} paja")
        NewsPostFactory(process=private, title=f"{SECRET} uutinen")
        hidden = action_services.action_create(
            process=process, by=fac, title=f"{SECRET} toimenpide", level="easy_encounters"
        )
        action_services.action_note_add(action=hidden, text=f"{SECRET} muistio", by=fac)
        action_services.action_note_add(
            action=built.objects["action"], text=f"{SECRET} julkaisematon", by=fac
        )
        action_services.action_create(
            process=private, by=fac, title=f"{SECRET} yksityinen", level="easy_encounters"
        )
        # Personal data of every kind, also in the places the API must not read.
        person_create(
            process=process,
            municipality=kajaani,
            age_band="65-74",
            full_name="Salli Salainen",
            email="salli.salainen@example.invalid",
            phone="+358401234567",
        )
        GroupMemberFactory(
            process=process,
            name="Kalle Kontakti",
            work_email="kalle.kontakti@example.invalid",
            work_phone="+358409876543",
            is_contact_person=True,
            municipality=kajaani,
        )
        fac.first_name, fac.last_name, fac.email = "Fanni", "Fasilitaattori", "fanni@ex.invalid"
        fac.save()
        built.objects["personal"] = {
            **identities(built, None),
            "Kalle Kontakti": "contact person",
            "kalle.kontakti@example.invalid": "contact e-mail",
            "+358409876543": "contact phone",
            "Fanni Fasilitaattori": "facilitator",
            "fanni@ex.invalid": "facilitator e-mail",
            "Kertoja": "story consent name",
        }
        yield built
        transaction.set_rollback(True)


@pytest.fixture
def api(world, db, settings):
    settings.ARKI_API_RATE_LIMIT = 100_000
    return Client()


def get(client: Client, path: str, **headers: str) -> Any:
    response = client.get(path if path.startswith("http") else API + path, headers=headers)
    return response


def data(response: Any) -> Any:
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"].startswith("application/json")
    return response.json()


def page_text(client: Client, url: str) -> str:
    response = client.get(urlsplit(url).path)
    assert response.status_code == 200, url
    return html.unescape(" ".join(response.content.decode().split()))


def flat(text: str) -> str:
    return " ".join(html.unescape(text).split())


def all_items(client: Client, path: str, **params: str) -> list[dict[str, Any]]:
    """Every item of a list endpoint, page by page (two at a time, to walk the pages)."""
    items: list[dict[str, Any]] = []
    query = "&".join(f"{k}={v}" for k, v in params.items())
    while True:
        body = data(get(client, f"{path}?limit=2&offset={len(items)}&{query}"))
        items += body["items"]
        if not body["items"]:
            assert len(items) == body["count"]
            return items


def endpoint_urls(client: Client, world: World) -> dict[str, list[str]]:
    """OpenAPI path template -> the concrete paths of every published object it names."""
    slug = world.process.slug
    workshops = all_items(client, f"/processes/{slug}/workshops")
    news = all_items(client, f"/processes/{slug}/news")
    actions = all_items(client, f"/processes/{slug}/actions")
    base = f"/processes/{slug}"
    at = [w["position"] for w in workshops]
    return {
        "/processes": ["/processes"],
        "/processes/{slug}": [base],
        "/processes/{slug}/phases": [f"{base}/phases"],
        "/processes/{slug}/workshops": [f"{base}/workshops"],
        "/processes/{slug}/workshops/{position}": [f"{base}/workshops/{p}" for p in at],
        "/processes/{slug}/workshops/{position}/sittings": [
            f"{base}/workshops/{p}/sittings" for p in at
        ],
        "/processes/{slug}/workshops/{position}/results": [
            f"{base}/workshops/{p}/results" for p in at
        ],
        "/processes/{slug}/results": [f"{base}/results"],
        "/processes/{slug}/news": [f"{base}/news"],
        "/processes/{slug}/news/{news_slug}": [f"{base}/news/{n['slug']}" for n in news],
        "/processes/{slug}/actions": [f"{base}/actions"],
        "/processes/{slug}/actions/{pk}": [f"{base}/actions/{a['id']}" for a in actions],
    }


def openapi(client: Client) -> dict[str, Any]:
    return data(get(client, "/openapi.json"))


# --- every endpoint, nothing unpublished or personal ---------------------------------------


def test_every_endpoint_is_walked_and_shows_nothing_unpublished_or_personal(api, world):
    urls = endpoint_urls(api, world)
    templates = {path.removeprefix(API) for path in openapi(api)["paths"]}
    assert templates == set(urls), "a new endpoint needs its objects in endpoint_urls()"
    personal = world.objects["personal"]
    for template, paths in urls.items():
        assert paths, f"the world has no object for {template}"
        for path in paths:
            for lang in ("fi", "sv", "en"):
                response = get(api, f"{path}?lang={lang}")
                text = response.content.decode()
                assert response.status_code == 200, (path, text[:300])
                assert SECRET not in text, (path, lang)
                shown = [what for value, what in personal.items() if value in text]
                assert not shown, f"{path}?lang={lang} shows {shown}"


def test_unpublished_and_private_objects_are_not_found(api, world):
    from arki.decisions.models import Action
    from arki.site.models import NewsPost

    slug = world.process.slug
    hidden_action = Action.objects.get(title=f"{SECRET} toimenpide")
    draft = NewsPost.objects.get(title=f"{SECRET} luonnos")
    scheduled = NewsPost.objects.get(title=f"{SECRET} ajastettu")
    for path in [
        "/processes/yksityinen",
        "/processes/yksityinen/workshops",
        "/processes/yksityinen/workshops/1",
        "/processes/yksityinen/news",
        "/processes/yksityinen/actions",
        f"/processes/{slug}/news/{draft.slug}",
        f"/processes/{slug}/news/{scheduled.slug}",
        f"/processes/{slug}/actions/{hidden_action.pk}",
        f"/processes/{slug}/workshops/99",
    ]:
        response = get(api, path)
        assert response.status_code == 404, path
        assert response.json() == {"detail": "Not Found"}
    processes = data(get(api, "/processes"))
    assert [p["slug"] for p in processes["items"]] == [slug]
    two = data(get(api, f"/processes/{slug}/workshops/2/results"))
    assert (two["published"], two["summary"], two["sections"]) == (False, "", [])


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    template=st.sampled_from(
        [
            "/processes",
            "/processes/{slug}",
            "/processes/{slug}/phases",
            "/processes/{slug}/workshops",
            "/processes/{slug}/workshops/{n}",
            "/processes/{slug}/workshops/{n}/sittings",
            "/processes/{slug}/workshops/{n}/results",
            "/processes/{slug}/results",
            "/processes/{slug}/news",
            "/processes/{slug}/news/uutinen-{n}",
            "/processes/{slug}/actions",
            "/processes/{slug}/actions/{n}",
        ]
    ),
    slug=st.sampled_from(["matriisi", "yksityinen", "ei-ole"]),
    n=st.integers(min_value=0, max_value=400),
    limit=st.one_of(st.none(), st.integers(min_value=-5, max_value=120)),
    offset=st.one_of(st.none(), st.integers(min_value=-5, max_value=50)),
    lang=st.sampled_from([None, "fi", "sv", "en", "de"]),
)
def test_no_path_or_parameter_reveals_anything(api, world, template, slug, n, limit, offset, lang):
    """Whatever object, page or language is asked for, a response is a clean answer (never
    an error page) and carries no unpublished text and no personal data."""
    path = template.format(slug=slug, n=n)
    params = {"limit": limit, "offset": offset, "lang": lang}
    query = "&".join(f"{k}={v}" for k, v in params.items() if v is not None)
    response = get(api, f"{path}?{query}")
    assert response.status_code in (200, 400, 404, 422), response.status_code
    text = response.content.decode()
    assert SECRET not in text
    shown = [what for value, what in world.objects["personal"].items() if value in text]
    assert not shown
    if slug != "matriisi" and "{slug}" in template:
        assert response.status_code in (400, 404, 422)


# --- each response against the page of the same object -------------------------------------


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_each_response_matches_the_page_of_the_same_object(api, world, lang):
    slug = world.process.slug
    q = f"?lang={lang}"

    process = data(get(api, f"/processes/{slug}{q}"))
    page = page_text(api, process["url"])
    for key in ("name", "description"):
        assert process[key] and flat(process[key]) in page
    index = page_text(api, process["url"].rsplit("p/", 1)[0])
    listed = data(get(api, f"/processes{q}"))["items"]
    assert [{k: p[k] for k in listed[0]} for p in [process]] == listed
    assert process["region"]["name"] in index and process["name"] in index
    assert urlsplit(process["feed_url"]).path in page
    assert urlsplit(process["calendar_url"]).path in page

    for phase in all_items(api, f"/processes/{slug}/phases", lang=lang):
        assert phase["kind_label"] in page
        if phase["description"]:
            assert flat(phase["description"]) in page

    workshops = all_items(api, f"/processes/{slug}/workshops", lang=lang)
    assert len(workshops) == 10
    for summary in workshops:
        detail = data(get(api, f"/processes/{slug}/workshops/{summary['position']}{q}"))
        assert {k: detail[k] for k in summary} == summary
        page = page_text(api, detail["url"])
        assert flat(detail["title"]) in page
        if detail["place"]:
            assert detail["place"] in page
        for group in detail["target_groups"]:
            assert group in page
        for line in detail["agenda"]:
            assert flat(line) in page
        if detail["methods"]:
            assert flat(detail["methods"]) in page
        sittings = all_items(
            api, f"/processes/{slug}/workshops/{summary['position']}/sittings", lang=lang
        )
        assert sittings == detail["sittings"]
        for sitting in sittings:
            assert sitting["place"] in page
            assert flat(sitting["how_to_take_part"]) in page
        results = data(get(api, f"/processes/{slug}/workshops/{summary['position']}/results{q}"))
        assert results == detail["results"]
        if results["published"]:
            assert {"fi": "Julkaistu", "sv": "Publicerad", "en": "Published"}[lang] in page
        else:
            assert (results["summary"], results["sections"]) == ("", [])
            assert SECRET not in page  # the page keeps unpublished results back too
        if results["summary"]:
            assert flat(results["summary"]) in page
        for section in results["sections"]:
            assert flat(section["title"]) in page
            assert flat(section["html"]) in page
    published = [w for w in workshops if w["results_published"]]
    assert [r["workshop"] for r in all_items(api, f"/processes/{slug}/results", lang=lang)] == [
        w["position"] for w in published
    ]
    assert published and data(get(api, f"/processes/{slug}/workshops/1{q}"))["results"]["summary"]

    news = all_items(api, f"/processes/{slug}/news", lang=lang)
    listing = page_text(api, f"/{'' if lang == 'fi' else lang + '/'}p/{slug}/news/")
    assert len(news) == len(re.findall(r'class="news-item"', listing)) == 2
    for item in news:
        assert data(get(api, f"/processes/{slug}/news/{item['slug']}{q}")) == item
        page = page_text(api, item["url"])
        assert flat(item["title"]) in page and flat(item["body"]) in page
        assert item["title"] in listing

    actions = all_items(api, f"/processes/{slug}/actions", lang=lang)
    tracker = page_text(api, actions[0]["url"].rsplit("/", 2)[0] + "/")
    assert len(actions) == 2
    for item in actions:
        assert data(get(api, f"/processes/{slug}/actions/{item['id']}{q}")) == item
        page = page_text(api, item["url"])
        assert flat(item["title"]) in page and flat(item["title"]) in tracker
        for key in ("description", "owner", "status_label", "level_label"):
            if item[key]:
                assert flat(item[key]) in page, key
        for note in item["notes"]:
            assert flat(note["text"]) in page


def test_languages_follow_lang_then_accept_language(api, world):
    slug = world.process.slug
    assert data(get(api, f"/processes/{slug}"))["name"] == "Turvamatriisi"
    swedish = get(api, f"/processes/{slug}", **{"Accept-Language": "sv-FI,sv;q=0.9"})
    assert data(swedish)["name"] == "Trygghetsmatris"
    assert swedish["Content-Language"] == "sv"
    assert "Accept-Language" in swedish["Vary"]
    assert "/sv/p/matriisi/" in data(swedish)["url"]
    english = get(api, f"/processes/{slug}?lang=en", **{"Accept-Language": "sv"})
    assert english["Content-Language"] == "en"
    assert data(english)["name"] == "Turvamatriisi"  # no English name: Finnish, as the page
    results = data(get(api, f"/processes/{slug}/workshops/1/results?lang=sv"))
    assert results["summary"] == "40 invånare deltog."
    unknown = get(api, f"/processes/{slug}?lang=de", **{"Accept-Language": "en"})
    assert unknown.status_code == 400
    assert unknown.json() == {"detail": "Unknown language de: use one of fi, sv, en."}
    assert get(api, f"/processes/{slug}?lang=xx").json() == {
        "detail": "Tuntematon kieli xx: käytä jotakin näistä: fi, sv, en."
    }


# --- pagination ----------------------------------------------------------------------------


def test_pages_cover_the_list_once_in_order(api, world):
    slug = world.process.slug
    whole = data(get(api, f"/processes/{slug}/workshops?limit=100"))
    assert (whole["count"], whole["limit"], whole["offset"]) == (10, 100, 0)
    assert data(get(api, f"/processes/{slug}/workshops"))["limit"] == 20
    paged = all_items(api, f"/processes/{slug}/workshops")
    assert paged == whole["items"]
    past = data(get(api, f"/processes/{slug}/workshops?offset=500"))
    assert (past["count"], past["items"]) == (10, [])


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("limit=0", "limit"),
        ("limit=101", "limit"),
        ("limit=-1", "limit"),
        ("limit=many", "limit"),
        ("offset=-1", "offset"),
    ],
)
def test_pagination_bounds_are_refused_with_a_clear_message(api, world, query, field):
    response = get(api, f"/processes/{world.process.slug}/news?{query}")
    assert response.status_code == 422
    errors = response.json()["detail"]
    assert [e["loc"][-1] for e in errors] == [field]
    assert errors[0]["msg"]


# --- caching and the rate limit ------------------------------------------------------------


def test_responses_carry_an_etag_and_answer_304_when_unchanged(api, world, settings):
    settings.ARKI_API_CACHE_SECONDS = 90
    path = f"/processes/{world.process.slug}/news"
    first = get(api, path)
    etag = first["ETag"]
    assert re.fullmatch(r'"[0-9a-f]{32}"', etag)
    assert first["Cache-Control"] == "public, max-age=90"
    again = get(api, path, **{"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    assert "Accept-Language" in get(api, path + "?lang=sv")["Vary"]
    other = get(api, path, **{"If-None-Match": '"stale"'})
    assert other.status_code == 200 and other["ETag"] == etag
    from arki.site.tests.factories import NewsPostFactory

    NewsPostFactory(process=world.process, title="Uusi uutinen")
    changed = get(api, path, **{"If-None-Match": etag})
    assert changed.status_code == 200 and changed["ETag"] != etag
    assert get(api, "/processes/ei-ole").get("ETag") is None


def test_a_client_over_its_rate_limit_gets_429_with_retry_after(world, db, settings):
    settings.ARKI_API_RATE_LIMIT = 3
    settings.ARKI_API_RATE_WINDOW_MINUTES = 2
    one, other = Client(REMOTE_ADDR="192.0.2.1"), Client(REMOTE_ADDR="192.0.2.2")
    for _ in range(3):
        assert get(one, "/processes").status_code == 200
    refused = get(one, "/processes?lang=en")
    assert refused.status_code == 429
    wait = int(refused["Retry-After"])
    assert 0 < wait <= 120
    assert refused.json() == {"detail": f"Too many requests. Try again in {wait} seconds."}
    assert get(one, "/openapi.json").status_code == 429  # every address of the API counts
    assert get(other, "/processes").status_code == 200  # per client


def test_the_rate_limit_is_counted_in_the_shared_cache(world, db, settings):
    """Two app servers share the `default` cache (the database or Redis): a count made by
    one is seen by the other. Here the cache is emptied of nothing but read back as a second
    server would, through a fresh cache handle."""
    from django.core.cache import caches

    settings.ARKI_API_RATE_LIMIT = 2
    client = Client(REMOTE_ADDR="192.0.2.9")
    get(client, "/processes")
    get(client, "/processes")
    del caches["default"]  # a new connection, as another process would open
    assert "LocMem" not in type(caches["default"]).__name__
    assert get(client, "/processes").status_code == 429


def test_actions_need_the_decisions_tool(api, world, monkeypatch):
    from arki.core.registry import registry

    real = registry.capability
    monkeypatch.setattr(
        registry,
        "capability",
        lambda name: None if name == "decisions.published_actions" else real(name),
    )
    response = get(api, f"/processes/{world.process.slug}/actions?lang=en")
    assert response.status_code == 404
    assert response.json() == {"detail": "Actions need the decisions tool, which is not installed."}


# --- the OpenAPI document and its page -----------------------------------------------------

HTTP_METHODS = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}


def _refs(node: Any) -> list[str]:
    if isinstance(node, dict):
        found = [node["$ref"]] if isinstance(node.get("$ref"), str) else []
        return found + [r for value in node.values() for r in _refs(value)]
    if isinstance(node, list):
        return [r for value in node for r in _refs(value)]
    return []


def test_the_openapi_document_is_valid_openapi_3(api, world):
    """No OpenAPI validator is installed (neither openapi-spec-validator nor jsonschema), so
    the document is checked against the fields OpenAPI 3.1 requires: info, paths, each
    operation's responses, parameters with name/in, every path parameter declared and
    required, unique operation ids, and every $ref resolving inside the document."""
    doc = openapi(api)
    assert json.loads(json.dumps(doc)) == doc
    assert re.fullmatch(r"3\.[01]\.\d+", doc["openapi"])
    assert doc["info"]["title"] and doc["info"]["version"] == "1"
    assert doc["paths"]
    ids = []
    for path, methods in doc["paths"].items():
        assert path.startswith(API + "/")
        templated = set(re.findall(r"{(\w+)}", path))
        for method, op in methods.items():
            assert method in HTTP_METHODS
            assert method == "get", f"{path}: the API is read-only"
            ids.append(op["operationId"])
            assert op["responses"] and {"200", "429"} <= set(op["responses"])
            for answer in op["responses"].values():
                assert answer["description"]
            params = op.get("parameters", [])
            for param in params:
                assert param["name"] and param["in"] in {"query", "header", "path", "cookie"}
                assert "schema" in param or "content" in param
            in_path = {p["name"] for p in params if p["in"] == "path"}
            assert in_path == templated, path
            assert all(p["required"] for p in params if p["in"] == "path")
            assert "lang" in {p["name"] for p in params if p["in"] == "query"}
    assert len(ids) == len(set(ids))
    schemas = doc["components"]["schemas"]
    for ref in _refs(doc):
        assert ref.startswith("#/components/schemas/") and ref.rsplit("/", 1)[1] in schemas


def test_the_docs_page_renders_the_document_without_scripts(api, world):
    response = get(api, "/docs?lang=en")
    assert response.status_code == 200
    body = response.content.decode()
    assert "<h1>Public data API" in body
    for path in openapi(api)["paths"]:
        assert html.escape(path) in body or path in body
    assert 'href="/api/v1/openapi.json"' in body
    assert "cdn" not in body.lower()
    assert not re.search(r"<script(?![^>]*\bsrc=\"/static/)", body)
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]


@pytest.mark.parametrize(
    "path",
    [
        "/processes",
        "/processes/{slug}/workshops",
        "/processes/{slug}/news",
        "/processes/{slug}/actions",
    ],
)
def test_list_queries_do_not_grow_with_the_data(api, world, path):
    """The same number of queries for a page of 3 items as for a page of 13 (the rate-limit
    counter's cache queries included)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from arki.core.models import Process, Workshop
    from arki.decisions.services import actions as action_services
    from arki.site.tests.factories import NewsPostFactory

    url = path.format(slug=world.process.slug) + "?limit=100"

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert get(api, url).status_code == 200
        return len(captured)

    queries()  # the client's first request in a window also starts the rate-limit window
    before = queries()
    for n in range(10):
        Process.objects.create(
            region=world.process.region, slug=f"lisa-{n}", name=f"Lisä {n}", is_public=True
        )
        NewsPostFactory(process=world.process)
        Workshop.objects.create(process=world.process, position=20 + n, title=f"Lisä {n}")
        action = action_services.action_create(
            process=world.process, by=None, title=f"Lisä {n}", level="easy_encounters"
        )
        action_services.action_publish(action=action, by=None)
        action_services.action_note_add(action=action, text="Edistyi", by=None, publish=True)
    assert queries() == before
