"""Writes of the analysis tool; views, the admin, commands and the demo all call these."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from arki.core.enums import AGE_GROUP_OF_BAND, AgeBand
from arki.core.models import Municipality, Person, Process, User
from arki.core.permissions import can
from arki.core.services.writes import create_clean, save_fields
from arki.insight.models import DiaryDay, Participant

from .codebook_seed import SEED
from .compute.anonymity import Group, enforce_k
from .compute.clustering import cluster as run_clustering
from .compute.features import FeatureSpace, Totals, matrix_from_totals, standardize
from .compute.text import chunks, find, parse_query
from .documents import analyst_gate, entries_for_days, entry_text, map_texts, raw_text
from .enums import DiaryField, PersonaStatus
from .features import mapped_participants, totals_for
from .models import (
    PERSONA_TEXTS,
    Assignment,
    Cluster,
    ClusterRun,
    Code,
    Coding,
    HiddenPhrase,
    Memo,
    Persona,
    PersonaVersion,
    Redaction,
    k_anonymity,
)
from .selectors import quotes

# --- codebook -----------------------------------------------------------------------------


@transaction.atomic
def codebook_seed(*, process: Process, by: User | None = None) -> int:
    """Create the starting codebook if the process has no codes yet; returns codes made."""
    if Code.objects.filter(process=process).exists():
        return 0
    made = 0
    for position, (name, sv, en, description, children) in enumerate(SEED):
        parent = code_create(
            process=process,
            name=name,
            name_sv=sv,
            name_en=en,
            description=description,
            position=position * 10,
            by=by,
        )
        made += 1
        for offset, (c_name, c_sv, c_en, c_desc) in enumerate(children, start=1):
            code_create(
                process=process,
                name=c_name,
                name_sv=c_sv,
                name_en=c_en,
                description=c_desc,
                parent=parent,
                position=position * 10 + offset,
                by=by,
            )
            made += 1
    return made


def code_create(
    *,
    process: Process,
    name: str,
    by: User | None,
    parent: Code | None = None,
    description: str = "",
    name_sv: str = "",
    name_en: str = "",
    position: int = 0,
    color: str = "#0072c6",
) -> Code:
    return create_clean(
        Code,
        by=by,
        process=process,
        name=name.strip(),
        name_sv=name_sv,
        name_en=name_en,
        parent=parent,
        description=description,
        position=position,
        color=color,
    )


# --- redaction and assignment -------------------------------------------------------------


def _check_span(text: str, start: int, end: int) -> None:
    if not (0 <= start < end <= len(text)):
        raise ValidationError(
            _("Choose a part of the text: the start must come before the end, within the text.")
        )


@transaction.atomic
def redaction_add(*, day: DiaryDay, field: str, start: int, end: int, by: User) -> Redaction:
    _check_span(raw_text(day, field), start, end)
    return create_clean(Redaction, by=by, day=day, field=field, start=start, end=end)


@transaction.atomic
def redaction_add_text(*, participant: Participant, text: str, by: User) -> int:
    """Hide every occurrence of `text` (case-insensitive) in one diary and in the services the
    participant named in own words (the phrase is kept for those); returns how many."""
    needle = text.strip().lower()
    if len(needle) < 2:
        raise ValidationError(_("Write at least two characters to hide."))
    made = sum(text.lower().count(needle) for text in map_texts(participant))
    # Not create_clean: hiding the same phrase twice keeps one row.
    HiddenPhrase.objects.get_or_create(
        participant=participant, text=needle[:200], defaults={"created_by": by}
    )
    for day in participant.days.all():
        for field in DiaryField.values:
            haystack = raw_text(day, field).lower()
            start = haystack.find(needle)
            while start >= 0:
                redaction_add(day=day, field=field, start=start, end=start + len(needle), by=by)
                made += 1
                start = haystack.find(needle, start + len(needle))
    return made


def redaction_delete(*, redaction: Redaction) -> None:
    redaction.delete()


@transaction.atomic
def assignments_distribute(
    *,
    participants: Sequence[Participant],
    analysts: Sequence[User],
    per_diary: int = 2,
    by: User,
) -> int:
    """Give every diary to `per_diary` different analysts, keeping the loads even.

    Existing assignments count towards both the diary's quota and the analyst's load, so the
    facilitator can run this again after adding diaries or analysts.
    """
    if not analysts:
        raise ValidationError(_("Choose at least one analyst."))
    if per_diary > len(analysts):
        raise ValidationError(
            _("Each diary needs %(n)d analysts but only %(m)d were chosen.")
            % {"n": per_diary, "m": len(analysts)}
        )
    existing = set(
        Assignment.objects.filter(participant__in=participants).values_list(
            "participant_id", "analyst_id"
        )
    )
    load = Counter(
        Assignment.objects.filter(analyst__in=analysts).values_list("analyst_id", flat=True)
    )
    order = {a.pk: i for i, a in enumerate(analysts)}
    new = []
    for participant in participants:
        have = {a for p, a in existing if p == participant.pk}
        candidates = sorted(
            (a for a in analysts if a.pk not in have), key=lambda a: (load[a.pk], order[a.pk])
        )
        for analyst in candidates[: max(0, per_diary - len(have))]:
            new.append(Assignment(participant=participant, analyst=analyst, created_by=by))
            load[analyst.pk] += 1
    Assignment.objects.bulk_create(new)  # not create_clean: one insert for the whole share-out
    return len(new)


# --- coding -------------------------------------------------------------------------------


def _require_coder(coder: User, day: DiaryDay) -> Process:
    participant = day.participant
    process = participant.workshop.process
    if not can(coder, "analysis.code", process):
        raise PermissionDenied("analysis.code")
    if (
        not can(coder, "analysis.assign", process)
        and not Assignment.objects.filter(participant=participant, analyst=coder).exists()
    ):
        raise PermissionDenied("analysis.code")
    return process


def coding_add(
    *, coder: User, day: DiaryDay, field: str, start: int, end: int, code: Code
) -> Coding:
    """Apply one code to one span (applying it twice changes nothing)."""
    codings_add_many(
        coder=coder,
        process=day.participant.workshop.process,
        items=[(day, field, start, end, code)],
    )
    return Coding.objects.get(day=day, field=field, start=start, end=end, code=code, coder=coder)


@transaction.atomic
def codings_add_many(
    *,
    coder: User,
    process: Process,
    items: Sequence[tuple[DiaryDay, str, int, int, Code]],
) -> int:
    """Apply many codes at once (reviewed search hits, the demo) with the same checks as
    `coding_add`, in a constant number of queries; returns how many were new."""
    if not can(coder, "analysis.code", process):
        raise PermissionDenied("analysis.code")
    allowed: set[int] | None = None
    if not can(coder, "analysis.assign", process):
        allowed = set(
            Assignment.objects.filter(analyst=coder).values_list("participant_id", flat=True)
        )
    days = {day.pk: day for day, *_rest in items}
    texts = {e.key: e.text for e in entries_for_days(days.values())}
    new = []
    for day, field, start, end, code in items:
        if day.participant.workshop.process_id != process.pk or code.process_id != process.pk:
            raise ValidationError(_("The code or the diary belongs to another process."))
        if allowed is not None and day.participant_id not in allowed:
            raise PermissionDenied("analysis.code")
        _check_span(texts.get(f"{day.pk}-{field}", ""), start, end)
        new.append(
            Coding(
                process=process,
                day=day,
                field=field,
                start=start,
                end=end,
                code=code,
                coder=coder,
                created_by=coder,
            )
        )
    before = Coding.objects.filter(coder=coder, process=process).count()
    # Not create_clean: one insert; a coding already made is skipped by its unique constraint.
    Coding.objects.bulk_create(new, ignore_conflicts=True)
    return Coding.objects.filter(coder=coder, process=process).count() - before


@transaction.atomic
def coding_toggle_chunk(*, coder: User, day: DiaryDay, field: str, index: int, code: Code) -> bool:
    """Apply or remove a code on one sentence/phrase; returns True when now applied."""
    spans = chunks(entry_text(day, field))
    if not 0 <= index < len(spans):
        raise ValidationError(_("That part of the text no longer exists."))
    start, end = spans[index]
    existing = Coding.objects.filter(
        day=day, field=field, start=start, end=end, code=code, coder=coder
    )
    if existing.exists():
        _require_coder(coder, day)
        existing.delete()
        return False
    coding_add(coder=coder, day=day, field=field, start=start, end=end, code=code)
    return True


def coding_delete(*, coding: Coding, by: User) -> None:
    if coding.coder_id != by.pk:
        raise PermissionDenied("analysis.code")
    coding.delete()


@transaction.atomic
def codings_apply_hits(
    *, coder: User, process: Process, hits: Iterable[str], code: Code, query: str
) -> int:
    """Apply `code` to reviewed search hits ("day:field:start:end"); re-checks every hit.

    Each hit is looked up again in the current redacted text, so a tampered or stale form
    cannot code text the coder may not read or that no longer matches the search.
    """
    parsed = parse_query(query)
    gate = analyst_gate(process)
    items = []
    for token in hits:
        try:
            day_id, field, start, end = token.split(":")
            start_i, end_i = int(start), int(end)
        except ValueError as error:
            raise ValidationError(_("A search hit could not be read.")) from error
        day = (
            DiaryDay.objects.filter(pk=day_id, participant__workshop__process=process)
            .select_related("participant__workshop")
            .first()
        )
        if day is None or field not in DiaryField.values:
            raise ValidationError(_("A search hit could not be read."))
        text = entry_text(day, field, gate)
        if (start_i, end_i) not in {(h.start, h.end) for h in find(text, parsed)}:
            raise ValidationError(_("A search hit no longer matches; search again."))
        # code the whole phrase around the word: a lone word is a poor quote
        phrase = next(
            ((a, b) for a, b in chunks(text) if a <= start_i and end_i <= b), (start_i, end_i)
        )
        items.append((day, field, phrase[0], phrase[1], code))
    return codings_add_many(coder=coder, process=process, items=items)


def memo_add(*, person: Person, author: User, text: str) -> Memo:
    return create_clean(Memo, by=author, person=person, author=author, text=text.strip())


def memo_delete(*, memo: Memo, by: User) -> None:
    if memo.author_id != by.pk:
        raise PermissionDenied("analysis.code")
    memo.delete()


# --- clustering ---------------------------------------------------------------------------


def _slice_key(municipality_id: int | None, age_group: str) -> str:
    return f"{municipality_id or 'all'}:{age_group}"


@dataclass
class FeatureData:
    """Everyone with a service map, their totals and feature matrices (raw and scaled)."""

    rows: list[tuple[int, int, int, str]]
    totals: Totals
    space: FeatureSpace
    raw: np.ndarray
    scaled: np.ndarray


def feature_data(process: Process) -> FeatureData:
    rows = list(mapped_participants(process))
    totals, space = totals_for(process, [r[0] for r in rows])
    raw = matrix_from_totals(totals)
    return FeatureData(rows, totals, space, raw, standardize(raw))


def groups_plan(
    data: FeatureData,
    *,
    method: str,
    k_min: int,
    k_max: int,
    k_override: int | None = None,
    pooled_age_groups: Sequence[str] = (),
    k_by_slice: Mapping[str, int] | None = None,
    merge_small_groups: bool = True,
    seed: int = 0,
) -> tuple[list[Group], list[Group], list[dict[str, Any]]]:
    """(published, withheld, per-slice info): clustering per municipality and age group,
    then k-anonymity. Nothing is saved, so settings can be compared before a run."""
    k = k_anonymity()
    rows, scaled = data.rows, data.scaled
    slices: dict[tuple[int | None, str], list[int]] = defaultdict(list)
    for i, (_pid, _person, municipality_id, band) in enumerate(rows):
        group = str(AGE_GROUP_OF_BAND[AgeBand(band)])
        place: int | None = None if group in pooled_age_groups else municipality_id
        slices[(place, group)].append(i)
    groups: list[Group] = []
    slice_info = []
    overrides = dict(k_by_slice or {})
    for (place_id, age_group), index in sorted(slices.items(), key=lambda s: str(s[0])):
        key = _slice_key(place_id, age_group)
        # never propose more groups than could each meet k
        upper = max(1, min(k_max, len(index) // k))
        chosen = overrides.get(key, k_override)
        result = run_clustering(
            scaled[index], method, k_min=k_min, k_max=upper, k=chosen, seed=seed
        )
        for label in sorted(set(result.labels.tolist())):
            members = [index[i] for i in np.flatnonzero(result.labels == label)]
            groups.append(
                Group(
                    age_group=age_group,
                    municipalities=frozenset(rows[m][2] for m in members),
                    members=members,
                    centroid=scaled[members].mean(axis=0),
                    origin=[key],
                )
            )
        slice_info.append(
            {
                "key": key,
                "municipality": place_id,
                "age_group": age_group,
                "n": len(index),
                "k": result.k,
                "proposed": result.proposed_k,
                "silhouettes": {str(a): round(b, 3) for a, b in result.silhouettes.items()},
            }
        )
    published, withheld = enforce_k(groups, k, merge=merge_small_groups)
    return published, withheld, slice_info


@transaction.atomic
def cluster_run_create(
    *,
    process: Process,
    method: str,
    by: User | None,
    k_min: int = 2,
    k_max: int = 6,
    k_override: int | None = None,
    pooled_age_groups: Sequence[str] = (),
    k_by_slice: Mapping[str, int] | None = None,
    merge_small_groups: bool = True,
    seed: int = 0,
    data: FeatureData | None = None,
) -> ClusterRun:
    """Cluster per municipality and age group, enforce k-anonymity, save the groups.

    `pooled_age_groups` are clustered across all municipalities at once (the Kainuu young);
    `k_by_slice` overrides the group count of single slices ("<municipality id|all>:<age>").
    """
    if k_min < 2 or k_max < k_min:
        raise ValidationError(_("Try at least two groups, and no fewer than the minimum."))
    data = data or feature_data(process)
    space, raw = data.space, data.raw
    k = k_anonymity()
    published, withheld, slice_info = groups_plan(
        data,
        method=method,
        k_min=k_min,
        k_max=k_max,
        k_override=k_override,
        pooled_age_groups=pooled_age_groups,
        k_by_slice=k_by_slice,
        merge_small_groups=merge_small_groups,
        seed=seed,
    )
    # Not create_clean: the run and its groups are computed here, not typed by a user.
    run = ClusterRun.objects.create(
        process=process,
        method=method,
        k_min=k_min,
        k_max=k_max,
        k_override=k_override,
        pooled_age_groups=list(pooled_age_groups),
        merge_small_groups=merge_small_groups,
        k_anonymity=k,
        feature_names=space.names,
        overall={n: round(float(v), 4) for n, v in zip(space.names, raw.mean(axis=0), strict=True)}
        if len(raw)
        else {},
        slices=slice_info,
        created_by=by,
    )
    person_ids = [r[1] for r in data.rows]
    for number, (group, publishable) in enumerate(
        [(g, True) for g in published] + [(g, False) for g in withheld], start=1
    ):
        _cluster_save(run, number, group, publishable, data, person_ids)
    return run


def _cluster_save(
    run: ClusterRun,
    number: int,
    group: Group,
    publishable: bool,
    data: FeatureData,
    person_ids: list[int],
) -> Cluster:
    """Store one group with what makes it different: features, codes, example quotes."""
    raw, scaled, space = data.raw, data.scaled, data.space
    members = group.members
    z = scaled[members].mean(axis=0)
    order = np.argsort(-np.abs(z))[:8]
    features = [
        {
            "name": space.names[i],
            "mean": round(float(raw[members, i].mean()), 3),
            "overall": round(float(raw[:, i].mean()), 3),
            "z": round(float(z[i]), 2),
        }
        for i in order
        if abs(z[i]) >= 0.1
    ]
    counts = data.totals.codes[members].sum(axis=0)
    top_codes = [
        {"code": int(space.codes[i]), "count": int(counts[i])}
        for i in np.argsort(-counts, kind="stable")[:5]
        if counts[i] > 0
    ]
    quote_ids = list(
        Coding.objects.filter(
            day__participant_id__in=[data.rows[m][0] for m in members],
            code_id__in=[c["code"] for c in top_codes],
        )
        .order_by("code_id", "pk")
        .values_list("pk", flat=True)[:3]
    )
    cluster = Cluster.objects.create(
        run=run,
        number=number,
        age_group=group.age_group,
        size=group.size,
        merged=len(group.municipalities) > 1 and group.merged,
        publishable=publishable,
        summary={
            "features": features,
            "top_codes": top_codes,
            "quotes": quote_ids,
            "slices": group.origin,
        },
        created_by=run.created_by,
    )
    cluster.municipalities.set(Municipality.objects.filter(pk__in=group.municipalities))
    # a new group: insert the membership rows directly (no diff against existing rows)
    through = Cluster.members.through
    through.objects.bulk_create(
        [through(cluster_id=cluster.pk, person_id=person_ids[m]) for m in members],
        batch_size=5000,
    )
    return cluster


# --- personas -----------------------------------------------------------------------------

PERSONA_FIELDS = (
    *PERSONA_TEXTS,
    "age_band",
    # the published persona in Swedish and English (Finnish stands in, marked, where empty)
    *(f"{field}_{language}" for field in PERSONA_TEXTS for language in ("sv", "en")),
)


def _snapshot(persona: Persona) -> dict[str, Any]:
    return {
        **{f: getattr(persona, f) for f in PERSONA_FIELDS},
        "status": persona.status,
        "municipalities": sorted(str(m) for m in persona.municipalities.all()),
        "quotes": [q["text"] for q in quotes(persona.quotes.values_list("pk", flat=True))],
        "supporters": persona.supporters.count(),
    }


def _version(persona: Persona, by: User | None) -> None:
    PersonaVersion.objects.create(
        persona=persona, number=persona.version, snapshot=_snapshot(persona), created_by=by
    )


@transaction.atomic
def persona_create(
    *,
    process: Process,
    name: str,
    by: User | None,
    cluster: Cluster | None = None,
    **fields: Any,
) -> Persona:
    """A draft persona; from a group, its members support it and its places are its places."""
    if cluster is not None and cluster.run.process_id != process.pk:
        raise ValidationError(_("The group belongs to another process."))
    if cluster is not None and not fields.get("age_band"):
        bands = Counter(cluster.members.values_list("age_band", flat=True))
        fields["age_band"] = bands.most_common(1)[0][0] if bands else ""
    persona = create_clean(
        Persona, by=by, process=process, cluster=cluster, name=name.strip(), **fields
    )
    if cluster is not None:
        persona.supporters.set(cluster.members.all())
        persona.municipalities.set(cluster.municipalities.all())
    _version(persona, by)
    return persona


def _locked(persona: Persona) -> Persona:
    """The current row, locked: a caller's copy may be stale (its version number too)."""
    return Persona.objects.select_for_update().get(pk=persona.pk)


@transaction.atomic
def persona_update(
    *,
    persona: Persona,
    by: User,
    fields: Mapping[str, Any],
    municipalities: Iterable[Municipality] | None = None,
    quote_ids: Iterable[int] | None = None,
) -> Persona:
    """Change a persona; every change is kept as a new version."""
    persona = _locked(persona)
    for name, value in fields.items():
        if name not in PERSONA_FIELDS:
            raise ValueError(name)
        setattr(persona, name, value)
    persona.version += 1
    save_fields(persona, by, [*fields, "version"], clean=True)
    if municipalities is not None:
        persona.municipalities.set(municipalities)
    if quote_ids is not None:
        allowed = Coding.objects.filter(
            pk__in=list(quote_ids), day__participant__person__in=persona.supporters.all()
        )
        persona.quotes.set(allowed)
    _version(persona, by)
    return persona


@transaction.atomic
def persona_publish(*, persona: Persona, by: User | None) -> Persona:
    """Publish, but only with at least k supporters (the model's clean() checks it again)."""
    persona = _locked(persona)
    count = persona.supporters.count()
    if count < k_anonymity():
        raise ValidationError(
            _(
                "A persona can be published only when at least %(k)d participants support it; "
                "this one has %(count)d."
            )
            % {"k": k_anonymity(), "count": count}
        )
    persona.status = PersonaStatus.PUBLISHED
    persona.published_at = timezone.now()
    persona.version += 1
    save_fields(persona, by, ["status", "published_at", "version"], clean=True)
    _version(persona, by)
    return persona


@transaction.atomic
def persona_unpublish(*, persona: Persona, by: User | None) -> Persona:
    persona = _locked(persona)
    persona.status = PersonaStatus.DRAFT
    persona.published_at = None
    persona.version += 1
    save_fields(persona, by, ["status", "published_at", "version"])
    _version(persona, by)
    return persona


@transaction.atomic
def persona_supporters_remove(*, persona: Persona, people: Iterable[Person], by: User) -> Persona:
    """Remove supporters; a published persona falling below k goes back to draft."""
    persona = _locked(persona)
    persona.supporters.remove(*people)
    if persona.status == PersonaStatus.PUBLISHED and persona.supporters.count() < k_anonymity():
        return persona_unpublish(persona=persona, by=by)
    persona.version += 1
    persona.save()
    _version(persona, by)
    return persona
