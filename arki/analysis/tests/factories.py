"""Test data builders for the analysis tool: returned diaries with chosen text."""

from __future__ import annotations

from typing import Any

from arki.core.enums import Role
from arki.core.models import Process
from arki.insight import services as insight_services
from arki.insight.models import Participant
from arki.insight.redaction import participant_texts_review
from arki.insight.tests.factories import day_values, map_row
from arki.insight.tests.factories import participant as insight_participant

from .. import services
from ..models import Code


def diary(
    process: Process,
    municipality: Any,
    *,
    days: int = 2,
    age_band: str = "75-84",
    rows: list[dict[str, Any]] | None = None,
    reviewed: bool = True,
    **answers: str,
) -> Participant:
    """A participant with a submitted map and a returned diary; `answers` fill every day.

    `reviewed`: staff have reviewed the texts, so analysts see them (else they are withheld).
    """
    participant = insight_participant(
        process,
        municipality,
        age_band=age_band,
        full_name="Maija Meikäläinen",
        email="maija@example.invalid",
        phone="040 123 4567",
    )
    for row in rows or [map_row()]:
        insight_services.service_use_add(
            participant=participant,
            **{k: v for k, v in row.items() if k != "service"},
            service=_service(row.get("service")),
        )
    insight_services.service_map_submit(participant=participant)
    for day in range(1, days + 1):
        insight_services.diary_day_save(
            participant=participant, day=day, values=day_values(**answers)
        )
    insight_services.diary_submit(participant=participant)
    if reviewed:
        participant_texts_review(participant=participant, by=None)
    return participant


def _service(pk: int | None):
    from arki.insight.models import Service

    return Service.objects.filter(pk=pk).first() if pk else None


def codes(process: Process) -> dict[str, Code]:
    services.codebook_seed(process=process)
    return {c.name: c for c in Code.objects.filter(process=process)}


def analysts(make_user: Any, process: Process, count: int = 2) -> list[Any]:
    return [make_user(Role.ANALYST, process=process) for _ in range(count)]


def code_sentences(coder: Any, day: Any, code: Code, indexes: tuple[int, ...] = (0, 1)) -> None:
    """The coder ticks these sentences of the day's "what I did" answer with `code`."""
    for index in indexes:
        services.coding_toggle_chunk(
            coder=coder, day=day, field="did_today", index=index, code=code
        )
