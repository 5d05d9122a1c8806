"""The concept workshop's pages: tables on phones, the projector, staff, paper entry, the
printed group sheet, and concepts (create, edit, publish, export)."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.test import Client
from pypdf import PdfReader

from arki.core.enums import Role

from ..models import Concept, Idea, Problem
from ..services import concept as services
from .concept_fixtures import *  # noqa: F403  (the fixtures)
from .concept_fixtures import seated, workshop4

pytestmark = pytest.mark.django_db


def base(tables, activity=None) -> str:
    return f"/en/decisions/table/{tables.session.code}/{(activity or tables.problems).pk}/"


def staff(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


# --- participants on phones and tablets ------------------------------------------------------


def test_a_participant_chooses_a_table_on_the_workshop_page(tables):
    client = Client()
    _seat, secret = _new_seat(tables)
    client = seated(tables, secret)
    page = client.get(f"/en/live/{tables.session.code}/").content.decode()
    assert "Rutinoituneet" in page and "Me-eläjät" in page

    response = client.post(
        f"/en/live/{tables.session.code}/answer/{tables.problems.pk}/",
        {f"a{tables.problems.pk}-group": "2"},
    )

    assert response.status_code == 302
    assert client.get(base(tables)).status_code == 200
    assert "Table 2: Me-eläjät" in client.get(base(tables)).content.decode()


def _new_seat(tables):
    from arki.core.services import live as live_services

    return live_services.seat_join(session=tables.session)


def test_a_table_lists_problems_places_dots_and_picks_three_on_phones(tables):
    phone1, phone3 = seated(tables, tables.secret1), seated(tables, tables.secret3)
    for i in range(4):
        assert phone1.post(base(tables) + "problems/", {"text": f"Ongelma {i}"}).status_code == 302
    problems = list(tables.group1.problems.order_by("position"))
    for phone in (phone1, phone3):
        for problem in problems[:3]:
            phone.post(f"{base(tables)}problems/{problem.pk}/dot/")

    page = phone1.get(base(tables)).content.decode()
    assert "Ongelma 3" in page and "2 dots" in page
    assert phone3.post(base(tables) + "pick/").status_code == 302

    assert list(tables.group1.problems.filter(picked=True).order_by("position")) == problems[:3]


def test_a_refused_problem_is_shown_as_a_message_and_nothing_is_added(tables):
    phone = seated(tables, tables.secret1)
    for i in range(15):
        phone.post(base(tables) + "problems/", {"text": f"Ongelma {i}"})

    response = phone.post(base(tables) + "problems/", {"text": "Liikaa"}, follow=True)

    assert "at most 15 problems" in response.content.decode()
    assert tables.group1.problems.count() == 15
    assert not Problem.objects.filter(text="Liikaa").exists()


def test_ideas_and_the_best_idea_are_written_at_the_table(tables, facilitator):
    problems = [
        services.problem_add(group=tables.group1, text=f"Ongelma {i}", seat=tables.seat1)
        for i in range(3)
    ]
    for problem in problems:
        services.problem_pick(problem=problem, picked=True, by=facilitator)
    phone = seated(tables, tables.secret3)
    url = base(tables, tables.ideas)
    for i in range(5):
        phone.post(f"{url}problems/{problems[0].pk}/ideas/", {"text": f"Idea {i}"})
    sixth = phone.post(f"{url}problems/{problems[0].pk}/ideas/", {"text": "Kuudes"}, follow=True)
    assert "at most 5 ideas" in sixth.content.decode()
    idea = problems[0].ideas.get(text="Idea 2")

    phone.post(f"{url}ideas/{idea.pk}/best/")
    phone.post(f"{url}ideas/{idea.pk}/how/", {"text": "Kunta ja 4H kokoavat nuoret"})

    idea.refresh_from_db()
    assert idea.best and idea.implementation == "Kunta ja 4H kokoavat nuoret"
    page = phone.get(url).content.decode()
    assert "best idea" in page and "Kunta ja 4H kokoavat nuoret" in page


def test_another_tables_problem_cannot_be_written_from_a_phone(tables, facilitator):
    theirs = services.problem_add(group=tables.group2, text="Heidän", seat=tables.seat2)
    services.problem_pick(problem=theirs, picked=True, by=facilitator)
    phone = seated(tables, tables.secret1)

    dot = phone.post(f"{base(tables)}problems/{theirs.pk}/dot/", follow=True)
    idea = phone.post(
        f"{base(tables, tables.ideas)}problems/{theirs.pk}/ideas/", {"text": "Vieras"}, follow=True
    )

    assert "another group" in dot.content.decode()
    assert "another group" in idea.content.decode()
    assert not theirs.dots.exists() and not Idea.objects.exists()


def test_a_visitor_without_a_seat_is_sent_to_join(tables):
    response = Client().get(base(tables))
    assert response.status_code == 302 and "/join/" in response["Location"]


def test_the_projector_shows_every_tables_funnel(tables, facilitator):
    problem = services.problem_add(group=tables.group1, text="Kaverien puute", seat=tables.seat1)
    services.problem_pick(problem=problem, picked=True, by=facilitator)
    idea = services.idea_add(problem=problem, text="Nuoret auttavat", seat=tables.seat1)
    services.idea_best(idea=idea, seat=tables.seat1)
    services.problem_add(group=tables.group2, text="Aika ja raha", seat=tables.seat2)

    page = staff(facilitator).get(f"/en/staff/sessions/{tables.session.code}/projector/results/")

    text = page.content.decode()
    assert page.status_code == 200
    assert "Table 1: Rutinoituneet" in text and "Table 2: Me-eläjät" in text
    assert "Kaverien puute" in text and "Nuoret auttavat" in text and "Aika ja raha" in text


def test_projector_queries_stay_constant_as_groups_fill(
    tables, facilitator, django_assert_max_num_queries
):
    from ..selectors import workshop_funnels

    def fill(count):
        for group, seat in ((tables.group1, tables.seat1), (tables.group2, tables.seat2)):
            for i in range(count):
                services.problem_add(group=group, text=f"P{i}", seat=seat)

    workshop = tables.session.workshop
    fill(1)
    # Groups, problems with their dot counts, ideas: three queries however full the tables.
    with django_assert_max_num_queries(3):
        assert len(workshop_funnels(workshop)) == 2
    fill(10)
    with django_assert_max_num_queries(3):
        funnels = workshop_funnels(workshop)
    assert [len(f.problems) for f in funnels] == [11, 11]


# --- staff: groups, picks, paper entry and the printed sheet -------------------------------------


def test_staff_set_up_groups_from_the_suggestion_and_edit_one(process, facilitator, personas):
    client = staff(facilitator)
    page = client.get(f"/en/staff/decisions/{process.slug}/concept-workshop/", follow=True)
    assert "Suggested groups" in page.content.decode()

    client.post(f"/en/staff/decisions/{process.slug}/concept-workshop/4/set-up/")
    group = workshop4(process).concept_groups.get(number=2)
    assert (group.label, group.service_area) == ("Vähään tyytyvät", "Sports and exercise")

    response = client.post(
        f"/en/staff/decisions/{process.slug}/groups/{group.pk}/",
        {
            "persona": "101",
            "label": "",
            "service_area": "Culture and education",
            "pick_method": "facilitator",
        },
    )
    assert response.status_code == 302
    group.refresh_from_db()
    assert (group.service_area, group.pick_method) == ("Culture and education", "facilitator")


def test_a_planner_may_enter_paper_but_not_change_the_groups(process, make_user, tables):
    planner = staff(make_user(Role.PLANNING, process=process))
    url = f"/en/staff/decisions/{process.slug}/groups/{tables.group1.pk}/"

    assert planner.get(url).status_code == 200
    assert planner.get(url + "paper/").status_code == 200
    assert planner.post(url, {"label": "X", "pick_method": "dots"}).status_code == 403
    assert planner.post(f"{url}pick/1/").status_code in (403, 404)


def test_a_paper_sheet_is_typed_in_and_marked_as_entered_from_paper(process, tables, facilitator):
    client = staff(facilitator)
    url = f"/en/staff/decisions/{process.slug}/groups/{tables.group1.pk}/"
    lines = "\n".join(f"Paperiongelma {i}" for i in range(4))

    assert client.post(url + "paper/", {"part": "problems", "lines": lines}).status_code == 302
    problems = list(tables.group1.problems.order_by("position"))
    assert len(problems) == 4 and all(p.paper_entered and p.seat is None for p in problems)
    for problem in problems[:3]:
        client.post(f"{url}pick/{problem.pk}/", {"picked": "1"})
    fourth = client.post(f"{url}pick/{problems[3].pk}/", {"picked": "1"}, follow=True)
    assert "already picked its 3 problems" in fourth.content.decode()

    ideas = "\n".join(f"Paperi-idea {i}" for i in range(5))
    client.post(url + "paper/", {"part": "ideas", "problem": problems[0].pk, "lines": ideas})
    too_many = client.post(
        url + "paper/", {"part": "ideas", "problem": problems[0].pk, "lines": "Kuudes"}
    )
    assert too_many.status_code == 400
    idea = problems[0].ideas.get(text="Paperi-idea 1")
    client.post(url + "paper/", {"part": "best", "idea": idea.pk, "implementation": "Talkoilla"})

    idea.refresh_from_db()
    assert idea.paper_entered and idea.best and idea.implementation == "Talkoilla"
    assert problems[0].ideas.count() == 5


def test_a_paper_sheet_over_the_limit_enters_nothing(process, tables, facilitator):
    client = staff(facilitator)
    url = f"/en/staff/decisions/{process.slug}/groups/{tables.group1.pk}/paper/"
    lines = "\n".join(f"Ongelma {i}" for i in range(16))

    response = client.post(url, {"part": "problems", "lines": lines})

    assert response.status_code == 400
    assert "at most 15 problems" in response.content.decode()
    assert not Problem.objects.exists()


def test_the_group_sheet_pdf_opens_and_carries_the_groups_problems(process, tables, facilitator):
    problem = services.problem_add(
        group=tables.group1, text="Junalippujen myynti", seat=tables.seat1
    )
    services.problem_add(group=tables.group1, text="Liikuntapaikat", seat=tables.seat1)
    services.problem_pick(problem=problem, picked=True, by=facilitator)
    idea = services.idea_add(problem=problem, text="Kirjasto myy liput", seat=tables.seat1)
    services.idea_best(idea=idea, seat=tables.seat1, implementation="Kirjastot mukaan")

    response = staff(facilitator).get(
        f"/en/staff/decisions/{process.slug}/groups/{tables.group1.pk}/sheet.pdf"
    )

    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "Rutinoituneet" in text and "Health" in text
    assert "Junalippujen myynti" in text and "Liikuntapaikat" in text
    assert "Kirjasto myy liput" in text and "Kirjastot mukaan" in text
    assert "15" in text  # fifteen numbered problem lines
    from arki.core.testing_pdf import assert_accessible_pdf

    assert_accessible_pdf(response.content, lang="en", contains="Kirjastot mukaan")


# --- concepts ---------------------------------------------------------------------------------


def make_best_idea(tables, facilitator):
    problem = services.problem_add(group=tables.group1, text="Kaverien puute", seat=tables.seat1)
    services.problem_pick(problem=problem, picked=True, by=facilitator)
    idea = services.idea_add(problem=problem, text="Nuoret auttavat", seat=tables.seat1)
    return services.idea_best(idea=idea, seat=tables.seat1)


def test_concepts_list_is_empty_at_first(process, facilitator):
    page = staff(facilitator).get(f"/en/staff/decisions/{process.slug}/concepts/")
    assert page.status_code == 200
    assert "No concepts yet" in page.content.decode()


def test_staff_create_edit_publish_and_export_a_concept(process, tables, facilitator, personas):
    services.group_update(
        group=tables.group1,
        persona_id=101,
        label="",
        service_area="Health",
        pick_method="dots",
        by=facilitator,
    )
    idea = make_best_idea(tables, facilitator)
    client = staff(facilitator)
    root = f"/en/staff/decisions/{process.slug}/concepts/"

    created = client.post(
        root + "new/",
        {
            "name": "Arjen pelastajat",
            "name_sv": "Vardagens räddare",
            "name_en": "Everyday rescuers",
            "aim": '=HYPERLINK("x")',
            "target_groups": ["young", "older"],
            "ideas": [idea.pk],
        },
    )
    assert created.status_code == 302
    concept = Concept.objects.get()
    edit = client.get(f"{root}{concept.pk}/").content.decode()
    assert "Kaverien puute" in edit and "Rutinoituneet" in edit

    client.post(
        f"{root}{concept.pk}/",
        {"name": "Arjen pelastajat", "aim": "Nuoret auttavat", "ideas": [idea.pk]},
    )
    client.post(f"{root}{concept.pk}/publish/")
    concept.refresh_from_db()
    assert concept.aim == "Nuoret auttavat" and concept.is_published

    exported = json.loads(client.get(f"/en/staff/decisions/{process.slug}/concepts.json").content)
    assert exported[0]["name"] == "Arjen pelastajat"
    assert exported[0]["personas"] == [{"id": 101, "name": "Rutinoituneet"}]
    assert [i["text"] for i in exported[0]["ideas"]] == ["Nuoret auttavat"]

    client.post(f"{root}{concept.pk}/", {"name": "=1+1", "aim": "=cmd", "ideas": [idea.pk]})
    rows = list(
        csv.reader(
            io.StringIO(
                client.get(f"/en/staff/decisions/{process.slug}/concepts.csv").content.decode()
            )
        )
    )
    assert rows[0][:2] == ["id", "name"]
    assert rows[1][1] == "'=1+1" and rows[1][4] == "'=cmd"  # formulas are defused


def test_a_refused_concept_shows_why_and_nothing_is_created(process, tables, facilitator):
    problem = services.problem_add(group=tables.group1, text="Ongelma", seat=tables.seat1)
    services.problem_pick(problem=problem, picked=True, by=facilitator)
    client = staff(facilitator)
    services.concept_create(process=process, name="Arjen pelastajat", by=facilitator)

    response = client.post(
        f"/en/staff/decisions/{process.slug}/concepts/new/", {"name": "Arjen pelastajat"}
    )

    assert response.status_code == 400
    assert "already has a concept" in response.content.decode()
    assert Concept.objects.count() == 1


def test_only_managers_change_concepts(process, make_user, facilitator):
    concept = services.concept_create(process=process, name="Arjen pelastajat", by=facilitator)
    decider = staff(make_user(Role.DECISION_MAKER, process=process))
    root = f"/en/staff/decisions/{process.slug}/concepts/"

    assert decider.get(root).status_code == 200
    assert decider.post(root + "new/", {"name": "Uusi"}).status_code == 403
    assert decider.post(f"{root}{concept.pk}/publish/").status_code == 403
    assert decider.post(f"{root}{concept.pk}/delete/").status_code == 403
    assert list(Concept.objects.values_list("name", "is_published")) == [
        ("Arjen pelastajat", False)
    ]


def test_a_decision_maker_reads_a_concept_without_the_managers_forms(
    process, make_user, facilitator
):
    concept = services.concept_create(
        process=process,
        name="Arjen pelastajat",
        aim="Nuoret auttavat ikäihmisiä arjen pienissä asioissa.",
        target_groups=["older", "young"],
        by=facilitator,
    )
    root = f"/en/staff/decisions/{process.slug}/concepts/"
    decider = staff(make_user(Role.DECISION_MAKER, process=process))

    listing = decider.get(root).content.decode()
    page = decider.get(f"{root}{concept.pk}/").content.decode()
    assert "Arjen pelastajat" in listing and f'href="{root}new/"' not in listing
    assert "Nuoret auttavat ikäihmisiä" in page and "Older people, Young people" in page
    assert "<form" not in page.split("<main", 1)[1]  # no save, publish or delete to be refused

    managed = staff(facilitator).get(f"{root}{concept.pk}/").content.decode()
    assert "Save the concept" in managed and "Publish" in managed
