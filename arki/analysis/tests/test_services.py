"""Services: assignment, redaction, coding, agreement data, personas and k-anonymity."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command

from arki.analysis import selectors, services
from arki.analysis.compute.text import MASK
from arki.analysis.documents import entries_for_days, entry_text
from arki.analysis.enums import PersonaStatus
from arki.analysis.models import Assignment, Coding, Persona, PersonaVersion, k_anonymity
from arki.core.enums import Role

from . import factories
from .conftest import NAME_IN_TEXT


def test_110_diaries_to_20_analysts_each_diary_twice(process, municipalities, make_user):
    kajaani = municipalities["Kajaani"]
    diaries = [factories.diary(process, kajaani, days=1) for _ in range(110)]
    analysts = factories.analysts(make_user, process, count=20)
    made = services.assignments_distribute(
        participants=diaries, analysts=analysts, per_diary=2, by=analysts[0]
    )
    assert made == 220
    per_diary = {d.pk: Assignment.objects.filter(participant=d).count() for d in diaries}
    assert set(per_diary.values()) == {2}
    loads = sorted(Assignment.objects.filter(analyst=a).count() for a in analysts)
    assert loads == [11] * 20
    # running it again adds nothing
    assert (
        services.assignments_distribute(
            participants=diaries, analysts=analysts, per_diary=2, by=analysts[0]
        )
        == 0
    )


def test_assignment_needs_enough_analysts(workspace):
    with pytest.raises(ValidationError):
        services.assignments_distribute(
            participants=workspace["diaries"],
            analysts=workspace["analysts"][:1],
            per_diary=2,
            by=workspace["facilitator"],
        )


def test_redaction_hides_the_span_everywhere_and_keeps_offsets(workspace):
    first = workspace["diaries"][0]
    day = first.days.get(day=1)
    original = day.did_today
    shown = entry_text(day, "did_today")
    assert NAME_IN_TEXT not in shown and len(shown) == len(original)
    assert shown.startswith(f"Kävin {MASK * 5} {MASK * 11} kanssa")
    assert all(NAME_IN_TEXT not in e.text for e in entries_for_days(first.days.all()))


def test_coding_checks_assignment_and_span(workspace, make_user, process):
    day = workspace["diaries"][0].days.get(day=1)
    code = workspace["codes"]["Yksinäisyys"]
    analyst = workspace["analysts"][0]
    coding = services.coding_add(
        coder=analyst, day=day, field="did_today", start=0, end=5, code=code
    )
    assert coding.process == process
    stranger = make_user(Role.ANALYST, process=process)
    with pytest.raises(PermissionDenied):
        services.coding_add(coder=stranger, day=day, field="did_today", start=0, end=5, code=code)
    with pytest.raises(ValidationError):
        services.coding_add(coder=analyst, day=day, field="did_today", start=5, end=500, code=code)
    assert Coding.objects.count() == 1


def test_chunk_toggle_applies_and_removes(workspace):
    day = workspace["diaries"][1].days.get(day=1)
    code = workspace["codes"]["Liikkuminen ja kyydit"]
    analyst = workspace["analysts"][1]
    assert services.coding_toggle_chunk(
        coder=analyst, day=day, field="did_today", index=1, code=code
    )
    coding = Coding.objects.get()
    assert entry_text(day, "did_today")[coding.start : coding.end] == "Bussi ei kulje."
    assert not services.coding_toggle_chunk(
        coder=analyst, day=day, field="did_today", index=1, code=code
    )
    assert Coding.objects.count() == 0


def test_search_and_apply_code_to_reviewed_hits(workspace, process):
    analyst = workspace["analysts"][0]
    hits, truncated = selectors.search_for_user(analyst, process, "yksinäinen")
    assert not truncated
    assert sorted(h.match for h in hits) == [
        "yksinäinen",
        "yksinäinen",
        "yksinäisenä",
        "yksinäisenä",
    ]
    chosen = [h.token for h in hits if h.code == workspace["diaries"][1].person.code]
    made = services.codings_apply_hits(
        coder=analyst,
        process=process,
        hits=chosen,
        code=workspace["codes"]["Yksinäisyys"],
        query="yksinäinen",
    )
    assert made == 2  # the same answer on two diary days
    texts = {entry_text(c.day, c.field)[c.start : c.end] for c in Coding.objects.all()}
    assert texts == {"Olin yksinäisenä kotona."}  # the whole phrase around the word
    with pytest.raises(ValidationError):
        services.codings_apply_hits(
            coder=analyst,
            process=process,
            hits=["1:did_today:0:3"],
            code=workspace["codes"]["Yksinäisyys"],
            query="yksinäinen",
        )


def _persona_with(process, people, name="Testi"):
    persona = services.persona_create(process=process, name=name, by=None)
    persona.supporters.set(people)
    return persona


def test_persona_needs_k_supporters_in_service_clean_and_command(
    process, municipalities, make_person
):
    k = k_anonymity()
    assert k == 5
    people = [make_person(process, municipalities["Kuhmo"]) for _ in range(k)]
    persona = _persona_with(process, people[: k - 1])
    with pytest.raises(ValidationError):
        services.persona_publish(persona=persona, by=None)
    persona.status = PersonaStatus.PUBLISHED
    with pytest.raises(ValidationError):
        persona.full_clean()
    with pytest.raises(CommandError):
        call_command("analysis_persona_publish", persona.pk)
    persona.refresh_from_db()
    assert persona.status == PersonaStatus.DRAFT
    persona.supporters.add(people[-1])
    call_command("analysis_persona_publish", persona.pk)
    persona.refresh_from_db()
    assert persona.status == PersonaStatus.PUBLISHED
    assert list(
        PersonaVersion.objects.filter(persona=persona).values_list("number", flat=True)
    ) == [2, 1]


def test_k_is_never_below_three(settings):
    settings.ARKI_K_ANONYMITY = 1
    assert k_anonymity() == 3


def test_removing_supporters_below_k_unpublishes(process, municipalities, make_person):
    people = [make_person(process, municipalities["Kuhmo"]) for _ in range(5)]
    persona = _persona_with(process, people)
    services.persona_publish(persona=persona, by=None)
    services.persona_supporters_remove(persona=persona, people=people[:1], by=None)
    persona.refresh_from_db()
    assert persona.status == PersonaStatus.DRAFT


def test_persona_of_people_counts_published_personas_only(process, municipalities, make_person):
    people = [make_person(process, municipalities["Kuhmo"]) for _ in range(6)]
    draft = _persona_with(process, people[:5], name="Luonnos")
    published = _persona_with(process, people[1:6], name="Me-eläjät")
    services.persona_publish(persona=published, by=None)
    refs = selectors.persona_of_people(process, [p.pk for p in people])
    assert set(refs) == {p.pk for p in people[1:6]}
    ref = refs[people[1].pk]
    assert (ref.id, ref.name) == (published.pk, "Me-eläjät")
    with pytest.raises(AttributeError):
        ref.name = "x"  # frozen
    assert draft.pk not in {r.id for r in refs.values()}


def test_gdpr_export_and_erase_keep_counts(workspace, process):
    from arki.analysis.gdpr import personal_data_erase, personal_data_export

    diary = workspace["diaries"][1]
    analyst = workspace["analysts"][0]
    day = diary.days.get(day=1)
    services.coding_add(
        coder=analyst,
        day=day,
        field="did_today",
        start=0,
        end=5,
        code=workspace["codes"]["Yksinäisyys"],
    )
    services.memo_add(person=diary.person, author=analyst, text="Kaipaa seuraa.")
    data = personal_data_export(diary.person)
    assert data["memos"][0]["text"] == "Kaipaa seuraa."
    assert data["coded_segments"][0]["code"] == "Yksinäisyys"
    result = personal_data_erase(diary.person)
    assert result["memos_blanked"] == 1
    assert Coding.objects.filter(day__participant=diary).count() == 1
    assert diary.person.analysis_memos.get().text == ""


def test_persona_from_cluster_and_versions(workspace, process):
    run = services.cluster_run_create(process=process, method="kmeans", by=None, k_min=2, k_max=3)
    cluster = run.clusters.get()
    assert cluster.size == 2 and not cluster.publishable  # two people < k
    persona = services.persona_create(process=process, cluster=cluster, name="Pieni", by=None)
    assert persona.supporters.count() == 2
    with pytest.raises(ValidationError):
        services.persona_publish(persona=persona, by=None)
    services.persona_update(
        persona=persona, by=workspace["facilitator"], fields={"description": "Uusi"}
    )
    assert Persona.objects.get(pk=persona.pk).version == 2
