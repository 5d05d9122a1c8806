"""Writes of the metric plan: add, edit, reorder, delete and publish its rows, and take in
the metrics decision-makers proposed on their phones in the metrics workshop."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from arki.core.models import Process, User
from arki.core.registry import registry
from arki.core.services.writes import create_clean, save_fields

from ..enums import SourceKind
from ..models import Metric, StatisticSeries

FIELDS = (
    "criterion_id",
    "criterion_text",
    "criterion_text_sv",
    "criterion_text_en",
    "name",
    "name_sv",
    "name_en",
    "how_measured",
    "how_measured_sv",
    "how_measured_en",
    "source",
    "source_ref",
    "unit",
    "unit_sv",
    "unit_en",
    "direction",
    "baseline",
    "baseline_on",
    "target",
    "target_on",
    "follow_up_dates",
)


def chosen_criteria(process: Process) -> list[tuple[int, str, int, int]] | None:
    """The decisions tool's chosen criteria, or None when that tool is not installed."""
    provider = registry.capability("decisions.chosen_criteria")
    return list(provider(process)) if provider is not None else None


def _check(process: Process, fields: Mapping[str, Any]) -> None:
    """The plan's own rules, each error next to its field."""
    errors: dict[str, list[str]] = {}
    source, ref = fields.get("source"), (fields.get("source_ref") or "").strip()
    # An empty reference is allowed: a row can be planned before its source is connected.
    if ref and source == SourceKind.ARKI and ref not in {m.key for m in registry.metrics()}:
        errors["source_ref"] = [_("Choose one of Arki's own figures for this source.")]
    if (
        ref
        and source == SourceKind.STATISTICS
        and not (
            ref.isdigit() and StatisticSeries.objects.filter(process=process, pk=int(ref)).exists()
        )
    ):
        errors["source_ref"] = [_("Choose an imported statistic for this source.")]
    for value, day, name in (
        (fields.get("baseline"), fields.get("baseline_on"), "baseline_on"),
        (fields.get("target"), fields.get("target_on"), "target_on"),
    ):
        if value is not None and day is None:
            errors.setdefault(name, []).append(_("Give the date this value belongs to."))
    base_on, target_on = fields.get("baseline_on"), fields.get("target_on")
    if base_on and target_on and target_on <= base_on:
        errors.setdefault("target_on", []).append(_("The target date must be after the baseline."))
    base, target, direction = fields.get("baseline"), fields.get("target"), fields.get("direction")
    wrong_way = (
        base is not None
        and target is not None
        and ((direction == "up" and target < base) or (direction == "down" and target > base))
    )
    if wrong_way:
        errors.setdefault("target", []).append(
            _("The target goes the wrong way: this metric's direction is “%(d)s”.")
            % {"d": dict(Metric._meta.get_field("direction").flatchoices)[direction]}
        )
    dates = fields.get("follow_up_dates") or []
    if any(not isinstance(d, str) for d in dates):
        errors["follow_up_dates"] = [_("Follow-up dates must be dates.")]
    if not fields.get("criterion_text") and not fields.get("criterion_id"):
        errors["criterion_text"] = [_("Say which criterion this metric measures.")]
    if errors:
        raise ValidationError(errors)


def _normalise(fields: dict[str, Any]) -> dict[str, Any]:
    fields = dict(fields)
    dates = fields.get("follow_up_dates") or []
    fields["follow_up_dates"] = sorted(
        {d.isoformat() if isinstance(d, datetime.date) else d for d in dates}
    )
    fields["source_ref"] = (fields.get("source_ref") or "").strip()
    return fields


def metric_create(*, process: Process, by: User | None, **fields: Any) -> Metric:
    fields = _normalise(fields)
    _check(process, fields)
    with transaction.atomic():
        last = Metric.objects.filter(process=process).aggregate(m=Max("position"))["m"]
        return create_clean(Metric, by=by, process=process, position=(last or 0) + 1, **fields)


def metric_update(*, metric: Metric, by: User | None, **fields: Any) -> Metric:
    fields = _normalise(fields)
    current = {name: getattr(metric, name) for name in FIELDS}
    _check(metric.process, current | fields)
    for name, value in fields.items():
        setattr(metric, name, value)
    save_fields(metric, by, list(fields), clean=True)
    return metric


def metric_move(*, metric: Metric, up: bool, by: User | None) -> None:
    """Swap the row with its neighbour above (or below); the plan keeps positions 1..n."""
    with transaction.atomic():
        rows = list(
            Metric.objects.select_for_update()
            .filter(process_id=metric.process_id)
            .order_by("position", "pk")
        )
        index = next(i for i, row in enumerate(rows) if row.pk == metric.pk)
        other = index - 1 if up else index + 1
        if 0 <= other < len(rows):
            rows[index], rows[other] = rows[other], rows[index]
        for position, row in enumerate(rows, start=1):
            if row.position != position:
                row.position = position
                save_fields(row, by, ["position"])


def metric_delete(*, metric: Metric) -> None:
    metric.delete()


def metric_publish(*, metric: Metric, publish: bool, by: User | None) -> None:
    metric.is_published = publish
    metric.published_at = timezone.now() if publish else None
    save_fields(metric, by, ["is_published", "published_at"])


def proposal_accept(*, process: Process, proposal: Mapping[str, Any], by: User | None) -> Metric:
    """A metric a decision-maker proposed in the workshop, added to the plan as typed
    (staff then fill in the source, baseline and target)."""
    criteria = {c[0]: c[1] for c in chosen_criteria(process) or []}
    criterion_id = proposal.get("criterion_id")
    text = criteria.get(criterion_id, "") if criterion_id is not None else ""
    return metric_create(
        process=process,
        by=by,
        criterion_id=criterion_id,
        criterion_text=text or proposal.get("criterion_text", ""),
        name=proposal["name"],
        how_measured=proposal.get("how_measured", ""),
        source=proposal.get("source") or SourceKind.SURVEY,
        source_ref="",
        unit="",
        direction=proposal.get("direction") or "up",
    )
