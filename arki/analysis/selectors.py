"""Permission-checked reads of the analysis tool.

Analysts reach participants only by pseudonym code and text only through
`documents.entries_*` (redacted). An analyst sees the diaries assigned to them; staff who
assign diaries see all of them. Published personas are readable by other tools through
the registry capability ``personas.of_people`` (`persona_of_people`, named in the manifest).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Q, QuerySet
from django.http import Http404

from arki.core.models import Process, User
from arki.core.permissions import can, municipality_scope, require
from arki.core.registry import registry
from arki.insight.models import DiaryDay, Participant, ServiceUse

from .compute import agreement as agreement_math
from .compute.text import chunks_covered, find, parse_query
from .documents import Entry, entries_for_days, returned_diaries, unique_days
from .enums import PersonaStatus
from .models import Assignment, Cluster, ClusterRun, Code, Coding, Memo, Persona

SEARCH_LIMIT = 300


@dataclass(frozen=True)
class PersonaRef:
    """What other tools need of a persona: budgeting results by profile, concept groups."""

    id: int
    name: str
    #: Published and still supported by at least k people (may be shown in public).
    publishable: bool = True


def personas_of_process(process: Process) -> list[PersonaRef]:
    """Every persona of the process, marked publishable or not (the `personas.of_process`
    capability: canvases offers the publishable ones as evidence and refuses to publish a
    canvas about one that is not). A published persona whose supporters were since erased
    below k counts as not publishable."""
    from .services import k_anonymity

    k = k_anonymity()
    rows = (
        Persona.objects.filter(process=process)
        .annotate(n=Count("supporters", distinct=True))
        .order_by("name", "pk")
        .values_list("pk", "name", "status", "n")
    )
    return [
        PersonaRef(pk, name, status == PersonaStatus.PUBLISHED and n >= k)
        for pk, name, status, n in rows
    ]


#: Provided by the canvases tool when installed; analysis never imports it.
CANVASES_CAPABILITY = "canvases.citing_persona"


def canvases_citing(persona: Persona) -> list[str] | None:
    """Titles of the canvases about or citing `persona`; None hides the section (no tool
    provides canvases)."""
    citing = registry.capability(CANVASES_CAPABILITY)
    if citing is None:
        return None
    return [str(title) for title in citing(persona.process, persona.pk)]


def persona_of_people(process: Process, person_ids: Iterable[int]) -> dict[int, PersonaRef]:
    """The published persona each person supports (people without one are left out).

    A person supporting several published personas gets the one with the lowest id, so the
    answer is stable.
    """
    rows = (
        Persona.supporters.through.objects.filter(
            persona__process=process,
            persona__status=PersonaStatus.PUBLISHED,
            person_id__in=list(person_ids),
        )
        .order_by("person_id", "persona_id")
        .values_list("person_id", "persona_id", "persona__name")
    )
    result: dict[int, PersonaRef] = {}
    for person_id, persona_id, name in rows:
        result.setdefault(person_id, PersonaRef(persona_id, name))
    return result


# --- diaries ------------------------------------------------------------------------------


def sees_all_diaries(user: User | AnonymousUser, process: Process) -> bool:
    return can(user, "analysis.assign", process)


def diaries_for_user(user: User | AnonymousUser, process: Process) -> QuerySet[Participant]:
    """Returned diaries the user may code: assigned ones, or all for those who assign."""
    require(user, "analysis.code", process)
    diaries = returned_diaries(process)
    if not sees_all_diaries(user, process):
        diaries = diaries.filter(analysis_assignments__analyst_id=user.pk)
    return diaries


def get_diary_for_user(user: User | AnonymousUser, process: Process, code: str) -> Participant:
    diary = diaries_for_user(user, process).filter(person__code=code.strip().upper()).first()
    if diary is None:
        raise Http404
    return diary


def diary_list(user: User | AnonymousUser, process: Process) -> QuerySet[Participant]:
    """The diary list with its coder count and the user's own codings, in one query."""
    return (
        diaries_for_user(user, process)
        .annotate(
            coders=Count("analysis_assignments", distinct=True),
            mine=Count(
                "days__analysis_codings",
                filter=Q(days__analysis_codings__coder_id=user.pk),
                distinct=True,
            ),
        )
        .order_by("person__code")
    )


def codings_by_entry(
    participant: Participant, coder: User | None = None
) -> dict[str, list[Coding]]:
    codings = Coding.objects.filter(day__participant=participant).select_related("code", "coder")
    if coder is not None:
        codings = codings.filter(coder=coder)
    grouped: dict[str, list[Coding]] = defaultdict(list)
    for coding in codings:
        grouped[f"{coding.day_id}-{coding.field}"].append(coding)
    return grouped


def diary_workspace(user: User, participant: Participant) -> dict[str, Any]:
    """The coding page: redacted entries, the user's codings and chunk states, memos."""
    entries = entries_for_days(participant.days.order_by("day"))
    mine = codings_by_entry(participant, coder=user)
    rows = []
    for entry in entries:
        codings = mine.get(entry.key, [])
        coded_chunks: dict[int, list[int]] = defaultdict(list)
        for coding in codings:
            for index in chunks_covered(entry.spans, coding.start, coding.end):
                coded_chunks[index].append(coding.code_id)
        rows.append({"entry": entry, "codings": codings, "coded_chunks": dict(coded_chunks)})
    memos = Memo.objects.filter(person=participant.person).select_related("author")
    return {"rows": rows, "memos": memos}


def codebook(process: Process) -> list[Code]:
    """Codes in tree order, each with `depth` set (parents before children)."""
    codes = list(Code.objects.filter(process=process).annotate(uses=Count("codings")))
    children: dict[int | None, list[Code]] = defaultdict(list)
    for code in codes:
        children[code.parent_id].append(code)
    ordered: list[Code] = []

    def walk(parent: int | None, depth: int) -> None:
        for code in children.get(parent, []):
            code.depth = depth  # type: ignore[attr-defined]
            ordered.append(code)
            walk(code.pk, depth + 1)

    walk(None, 0)
    return ordered


# --- search -------------------------------------------------------------------------------


@dataclass(frozen=True)
class SearchHit:
    code: str
    entry: Entry
    start: int
    end: int
    left: str
    match: str
    right: str

    @property
    def token(self) -> str:
        """The hit as a form value: day, answer and offsets."""
        return f"{self.entry.day_id}:{self.entry.field}:{self.start}:{self.end}"


def search_for_user(
    user: User | AnonymousUser, process: Process, text: str
) -> tuple[list[SearchHit], bool]:
    """Keyword-in-context hits in the diaries the user may code; (hits, truncated)."""
    query = parse_query(text)
    if not query.words:
        return [], False
    diaries = diaries_for_user(user, process)
    days = DiaryDay.objects.filter(participant__in=diaries).select_related("participant__person")
    codes = {d.pk: d.participant.person.code for d in days}
    hits: list[SearchHit] = []
    for entry in entries_for_days(days.order_by("participant__person__code", "day")):
        for hit in find(entry.text, query):
            hits.append(
                SearchHit(
                    codes[entry.day_id], entry, hit.start, hit.end, hit.left, hit.match, hit.right
                )
            )
            if len(hits) >= SEARCH_LIMIT:
                return hits, True
    return hits, False


# --- agreement ----------------------------------------------------------------------------


def agreement_for_user(user: User | AnonymousUser, process: Process) -> dict[str, Any]:
    """Kappa per code and coder pair, alpha per code, over the diaries given to 2+ coders."""
    require(user, "analysis.view", process)
    assigned_coders: dict[int, set[int]] = defaultdict(set)
    for participant_id, analyst_id in Assignment.objects.filter(
        participant__workshop__process=process
    ).values_list("participant_id", "analyst_id"):
        assigned_coders[participant_id].add(analyst_id)
    shared = {p for p, coders in assigned_coders.items() if len(coders) >= 2}
    days = list(DiaryDay.objects.filter(participant_id__in=shared).order_by("participant", "day"))
    entries = entries_for_days(days)
    participant_of = {d.pk: d.participant_id for d in days}
    units: dict[tuple[str, int], set[int]] = {}
    spans_of: dict[str, tuple[tuple[int, int], ...]] = {}
    for entry in entries:
        spans_of[entry.key] = entry.spans
        for index in range(len(entry.spans)):
            units[(entry.key, index)] = assigned_coders[participant_of[entry.day_id]]
    applied: dict[tuple[int, tuple[str, int]], set[int]] = defaultdict(set)
    codings = Coding.objects.filter(day_id__in=participant_of).values_list(
        "day_id", "field", "start", "end", "code_id", "coder_id"
    )
    for day_id, field, start, end, code_id, coder_id in codings:
        key = f"{day_id}-{field}"
        for index in chunks_covered(spans_of.get(key, ()), start, end):
            applied[(coder_id, (key, index))].add(code_id)
    codes = codebook(process)
    report = agreement_math.agreement_report(units, applied, [c.pk for c in codes])
    users = {u.pk: u for u in User.objects.filter(pk__in={c for s in units.values() for c in s})}
    code_by_id = {c.pk: c for c in codes}
    return {
        "report": report,
        "per_code": [
            {
                "code": code_by_id[row.code],
                "alpha": row.alpha,
                "units": row.units,
                "kappas": [(users[a], users[b], k) for (a, b), k in row.kappas.items()],
            }
            for row in report.per_code
            if row.units
        ],
        "per_pair": [
            {"first": users[p.coders[0]], "second": users[p.coders[1]], "pair": p}
            for p in report.per_pair
        ],
        "shared_diaries": len(shared),
    }


# --- groups and personas ------------------------------------------------------------------


def mapped_count(process: Process) -> int:
    """How many participants a clustering run would read (those who returned a map)."""
    return Participant.objects.filter(
        workshop__process=process, map_submitted_at__isnull=False
    ).count()


def runs_for_user(user: User | AnonymousUser, process: Process) -> QuerySet[ClusterRun]:
    require(user, "analysis.view", process)
    return (
        ClusterRun.objects.filter(process=process)
        .annotate(groups=Count("clusters"))
        .order_by("-created_at", "-pk")
    )


def get_run_for_user(user: User | AnonymousUser, process: Process, pk: int) -> ClusterRun:
    run = runs_for_user(user, process).filter(pk=pk).first()
    if run is None:
        raise Http404
    return run


def clusters_of(run: ClusterRun) -> QuerySet[Cluster]:
    return run.clusters.prefetch_related("municipalities").annotate(persona_count=Count("personas"))


def get_cluster_for_user(user: User | AnonymousUser, process: Process, pk: int) -> Cluster:
    require(user, "analysis.view", process)
    cluster = (
        Cluster.objects.filter(run__process=process, pk=pk)
        .select_related("run")
        .prefetch_related("municipalities")
        .first()
    )
    if cluster is None:
        raise Http404
    return cluster


def quotes(coding_ids: Iterable[int]) -> list[dict[str, Any]]:
    """Coded segments as redacted quotes, with the writer's pseudonym code (two queries)."""
    codings = list(
        Coding.objects.filter(pk__in=list(coding_ids))
        .select_related("day__participant__person", "code")
        .order_by("pk")
    )
    texts = {e.key: e.text for e in entries_for_days(unique_days(c.day for c in codings))}
    return [
        {
            "coding": c,
            "code": c.code,
            "person_code": c.day.participant.person.code,
            "text": texts.get(f"{c.day_id}-{c.field}", "")[c.start : c.end],
        }
        for c in codings
        if f"{c.day_id}-{c.field}" in texts
    ]


def personas_for_user(user: User | AnonymousUser, process: Process) -> QuerySet[Persona]:
    require(user, "analysis.view", process)
    return (
        Persona.objects.filter(process=process)
        .prefetch_related("municipalities")
        .annotate(supporter_count=Count("supporters", distinct=True))
        .order_by("name")
    )


def get_persona_for_user(user: User | AnonymousUser, process: Process, pk: int) -> Persona:
    persona = personas_for_user(user, process).select_related("cluster").filter(pk=pk).first()
    if persona is None:
        raise Http404
    return persona


def published_personas(process: Process) -> QuerySet[Persona]:
    """For public and workshop views: counts only, never who the supporters are."""
    return (
        Persona.objects.filter(process=process, status=PersonaStatus.PUBLISHED)
        .prefetch_related("municipalities")
        .annotate(supporter_count=Count("supporters", distinct=True))
        .order_by("name")
    )


def get_published_persona(process: Process, pk: int) -> Persona:
    persona = published_personas(process).filter(pk=pk).first()
    if persona is None:
        raise Http404
    return persona


def persona_services(persona: Persona, limit: int = 5) -> list[dict[str, Any]]:
    """Top service categories of the supporters: how many use them, how often, how far."""
    from arki.insight.enums import ServiceCategory, TravelMode

    from .compute.features import USES_PER_MONTH

    supporters = list(persona.supporters.values_list("pk", flat=True))
    rows = ServiceUse.objects.filter(participant__person_id__in=supporters).values_list(
        "participant__person_id",
        "service__category",
        "frequency",
        "distance_km",
        "travel_minutes",
        "travel_mode",
    )
    users: dict[str, set[int]] = defaultdict(set)
    uses: defaultdict[str, float] = defaultdict(float)
    km: dict[str, list[float]] = defaultdict(list)
    minutes: dict[str, list[float]] = defaultdict(list)
    modes: dict[str, Counter[str]] = defaultdict(Counter)
    for person_id, category, frequency, distance, travel, mode in rows:
        category = category or ServiceCategory.EVERYDAY
        users[category].add(person_id)
        uses[category] += USES_PER_MONTH.get(frequency, 0.0)
        if mode and mode != TravelMode.NONE:
            km[category].append(float(distance))
            minutes[category].append(float(travel))
            modes[category][mode] += 1
    total = max(len(supporters), 1)
    top = sorted(users, key=lambda c: (-len(users[c]), c))[:limit]
    return [
        {
            "category": ServiceCategory(c).label,
            "share": round(100 * len(users[c]) / total),
            "uses_per_month": round(uses[c] / total, 1),
            "km": round(sum(km[c]) / len(km[c]), 1) if km[c] else None,
            "minutes": round(sum(minutes[c]) / len(minutes[c])) if minutes[c] else None,
            "mode": TravelMode(modes[c].most_common(1)[0][0]).label if modes[c] else None,
        }
        for c in top
    ]


def persona_card(
    persona: Persona, *, with_codes: bool = False, public: bool = False
) -> dict[str, Any]:
    """Everything a persona card shows; pseudonym codes only for analysts (traceability).
    `public`: only quotes whose writers consented to publishing quotes."""
    if public:
        card_quotes = public_quotes(persona.quotes.values_list("pk", flat=True))
    else:
        card_quotes = quotes(persona.quotes.values_list("pk", flat=True))
    if not with_codes:
        card_quotes = [{"text": q["text"], "code": q["code"]} for q in card_quotes]
    return {
        "persona": persona,
        "municipalities": list(persona.municipalities.all()),
        "quotes": card_quotes,
        "services": persona_services(persona),
        "supporter_count": persona.supporters.count(),
    }


# --- redaction (staff who may see the original text) --------------------------------------


def redaction_diaries_for_user(
    user: User | AnonymousUser, process: Process
) -> QuerySet[Participant]:
    require(user, "analysis.redact", process)
    diaries = returned_diaries(process)
    scope = municipality_scope(user, "analysis.redact", process)
    if scope is not None:
        diaries = diaries.filter(person__municipality_id__in=scope)
    return diaries


def get_redaction_diary(user: User | AnonymousUser, process: Process, code: str) -> Participant:
    diary = redaction_diaries_for_user(user, process).filter(person__code=code.upper()).first()
    if diary is None:
        raise Http404
    return diary


def assignment_overview(process: Process) -> dict[str, Any]:
    """Load per analyst and how many diaries have 0, 1, 2+ coders (one query each)."""
    per_analyst = (
        Assignment.objects.filter(participant__workshop__process=process)
        .values("analyst__username")
        .annotate(count=Count("pk"))
        .order_by("analyst__username")
    )
    coverage = Counter(
        returned_diaries(process)
        .annotate(n=Count("analysis_assignments"))
        .values_list("n", flat=True)
    )
    return {"per_analyst": list(per_analyst), "coverage": sorted(coverage.items())}


# --- evidence for the decision trail (dtrail) ---------------------------------------------


#: Who reads the evidence: staff (redacted quotes of every persona) or the public (published
#: personas with at least k supporters, and only quotes their writers consented to publish).
AUDIENCE_STAFF = "staff"
AUDIENCE_PUBLIC = "public"


@dataclass(frozen=True)
class PersonaEvidence:
    """A persona as the decision trail shows it: the `personas.evidence` capability."""

    id: int
    name: str
    description: str
    published: bool
    #: Published and still supported by at least k people (may be shown in public).
    publishable: bool
    supporter_count: int
    #: Representative quotes as the audience may see them (always redacted by `TextGate`).
    quotes: tuple[str, ...]
    #: The coded segments behind `quotes`, in the same order (a canvas card cites one by id).
    quote_ids: tuple[int, ...] = ()
    #: The persona's page: the public card, or the staff page for a user who may open it.
    url: str | None = None


def consented_to_quotes(person_ids: Iterable[int]) -> set[int]:
    """The people with an active consent to publishing anonymous quotes (one query)."""
    from arki.core.enums import ConsentPurpose
    from arki.core.models import Consent

    return set(
        Consent.objects.filter(
            person_id__in=list(person_ids),
            purpose=ConsentPurpose.QUOTES,
            withdrawn_on__isnull=True,
        ).values_list("person_id", flat=True)
    )


def public_quotes(coding_ids: Iterable[int]) -> list[dict[str, Any]]:
    """`quotes()` without the writer's code, and only of writers who consented to quotes
    being published: what any public page may show of a persona's quotes."""
    found = quotes(coding_ids)
    consented = consented_to_quotes({q["coding"].day.participant.person_id for q in found})
    return [
        {"text": q["text"], "code": q["code"]}
        for q in found
        if q["coding"].day.participant.person_id in consented
    ]


def personas_evidence(
    process: Process,
    persona_ids: Iterable[int],
    audience: str = AUDIENCE_STAFF,
    user: User | AnonymousUser | None = None,
) -> dict[int, PersonaEvidence]:
    """The `personas.evidence` capability: per persona id, its name, flags and quotes.

    The public audience gets only publishable personas (others are left out, name and all)
    and only quotes whose writer gave an active consent to publishing quotes; staff get
    every persona of the process asked for, with the redacted quotes analysts see. Both are
    redacted by insight's `TextGate` (through `quotes`). A constant number of queries
    whatever the number of personas and quotes. `url` links the public card of a
    publishable persona, or for staff the persona's page when `user` may open it.
    """
    from django.urls import reverse

    from .models import k_anonymity

    if audience not in (AUDIENCE_STAFF, AUDIENCE_PUBLIC):
        raise ValueError(audience)
    public = audience == AUDIENCE_PUBLIC
    k = k_anonymity()
    rows = list(
        Persona.objects.filter(process=process, pk__in=list(persona_ids))
        .annotate(n=Count("supporters", distinct=True))
        .order_by("name", "pk")
        .values_list("pk", "name", "description", "status", "n")
    )
    personas = {
        pk: (name, description, status == PersonaStatus.PUBLISHED, n)
        for pk, name, description, status, n in rows
    }
    if public:
        personas = {pk: p for pk, p in personas.items() if p[2] and p[3] >= k}
    links = list(
        Persona.quotes.through.objects.filter(persona_id__in=list(personas))
        .order_by("coding_id")
        .values_list("persona_id", "coding_id")
    )
    found = quotes({coding_id for _persona, coding_id in links})
    if public:
        consented = consented_to_quotes({q["coding"].day.participant.person_id for q in found})
        found = [q for q in found if q["coding"].day.participant.person_id in consented]
    text_of = {q["coding"].pk: q["text"] for q in found}
    quotes_of: dict[int, list[str]] = defaultdict(list)
    quote_ids_of: dict[int, list[int]] = defaultdict(list)
    for persona_id, coding_id in links:
        if coding_id in text_of and text_of[coding_id].strip():
            quotes_of[persona_id].append(text_of[coding_id])
            quote_ids_of[persona_id].append(coding_id)
    staff_pages = not public and user is not None and can(user, "analysis.view", process)

    def url(pk: int, publishable: bool) -> str | None:
        if staff_pages:
            return reverse("analysis:persona", args=[process.slug, pk])
        if public and publishable:
            return reverse("analysis_public:card", args=[process.slug, pk])
        return None

    return {
        pk: PersonaEvidence(
            id=pk,
            name=name,
            description=description,
            published=published,
            publishable=published and n >= k,
            supporter_count=n,
            quotes=tuple(quotes_of.get(pk, ())),
            quote_ids=tuple(quote_ids_of.get(pk, ())),
            url=url(pk, published and n >= k),
        )
        for pk, (name, description, published, n) in personas.items()
    }


#: Provided by the decisions tool when installed; analysis never imports it.
DECISIONS_CAPABILITY = "decisions.citing_persona"


def decisions_citing(
    persona: Persona, *, public: bool = False, user: User | AnonymousUser | None = None
) -> list[Any] | None:
    """What was decided about `persona` (concepts, decisions and actions resting on it, each
    with `label`, `title` and `url`); None hides the section (no tool provides decisions).
    `public`: only what the public trail shows; `user`: whose staff links to offer."""
    citing = registry.capability(DECISIONS_CAPABILITY)
    if citing is None:
        return None
    return list(citing(persona.process, persona.pk, public=public, user=user))
