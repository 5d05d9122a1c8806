"""The analysis part of the Kainuu demo: 20 analysts code the 110 diaries in pairs, the
groups are found per municipality and age group, the groups too small to publish are merged
across municipalities (all of the young people's, as in the pilot), and 24 personas are
written and published like the pilot's (brief §2.3).

Coding here is done by simple keyword rules standing in for the students' reading, with a
little disagreement between the two coders of a diary, so that the agreement report has
something to show. Persona *names* come from a demo-only look at which of the generator's
life patterns the members' service maps resemble (`_pattern_of`); nothing of that label is
stored except the name a human analyst would have chosen.
"""

from __future__ import annotations

import re
from collections import Counter

from arki.core.demo import DemoContext
from arki.core.enums import AGE_GROUP_OF_BAND, AgeBand, AgeGroup, Role
from arki.core.models import Process, User
from arki.core.services.people import role_assign
from arki.insight.demo_data import PERSONAS, PERSONAS_EN, PERSONAS_SV, USAGES
from arki.insight.models import DiaryDay, ServiceUse

from . import services
from .compute.text import chunks
from .documents import diary_review, entries_for_days, returned_diaries
from .models import Code

STUDENTS = 18
TARGET_PERSONAS = 24
#: (pattern, code name, answers it applies to or None for all)
RULES = [
    (r"yksin|juttelemassa|seuraa", "Yksinäisyys", None),
    (r"kyy[td]|bussi|autolla|taksi|linja|ajokort", "Liikkuminen ja kyydit", None),
    (r"verkko|netissä|tietokone|pankkiasio|konttori", "Sähköiset palvelut", None),
    (r"terveys|laboratori|apteek|kotihoit", "Terveys", None),
    (
        r"jono|kiire|hyvin|huonosti|ystävällis|hankala|lopetettiin|myöhässä",
        "Palvelun laatu",
        {"served_text"},
    ),
    (r"kerho|jump|laul|kirjasto|uima|hiihd|treen|lenk|kuntosal|pelasin", "Harrastukset", None),
    (r"kylä|talko|seurakun|yhdisty|kokoukse", "Yhteisöllisyys", None),
    (r"apua|opastus|tarvitsisin|tukea", "Avun tarve", {"help_needed_text"}),
    (r"toi|vei|auttoi|kolasi|lainasi|kävi", "Saatu apu", {"help_received_text"}),
    (r"vein naapuri|keitin|auttoi", "Annettu apu", {"did_today"}),
    (r"raha|maksa|erissä|kesätyö", "Raha", None),
    (r".", "Toiveet ja haaveet", {"wishes_text"}),
]


def _students(ctx: DemoContext) -> list[User]:
    """The 20 student analysts of the pilot: the two demo analysts and 18 more."""
    analysts = [ctx.users["analyytikko"], ctx.users["analyytikko2"]]
    for number in range(1, STUDENTS + 1):
        user = User.objects.create_user(
            username=f"opiskelija{number:02d}",
            email=f"opiskelija{number:02d}@demo.arki.invalid",
            password=None,
        )
        role_assign(user=user, role=Role.ANALYST, process=ctx.process)
        analysts.append(user)
    return analysts


def _code_diaries(ctx: DemoContext, process: Process, codes: dict[str, Code]) -> int:
    rules = [(re.compile(p, re.IGNORECASE), codes[name], fields) for p, name, fields in RULES]
    days = (
        DiaryDay.objects.filter(participant__in=returned_diaries(process))
        .select_related("participant__workshop")
        .prefetch_related("participant__analysis_assignments__analyst")
    )
    work: dict[User, list] = {}
    for entry, day in _entries(days):
        coders = [a.analyst for a in day.participant.analysis_assignments.all()]
        for start, end in chunks(entry.text):
            for pattern, code, fields in rules:
                if (fields is not None and entry.field not in fields) or not pattern.search(
                    entry.text[start:end]
                ):
                    continue
                for position, coder in enumerate(coders):
                    # the second coder misses or doubts one passage in eight
                    if position and ctx.rng.random() < 0.125:
                        continue
                    work.setdefault(coder, []).append((day, entry.field, start, end, code))
    made = 0
    for coder, items in work.items():
        made += services.codings_add_many(coder=coder, process=process, items=items)
    return made


def _entries(days):
    days = list(days)
    by_pk = {d.pk: d for d in days}
    return [(entry, by_pk[entry.day_id]) for entry in entries_for_days(days)]


def _unique(name: str, used: set[str]) -> str:
    candidate, number = name, 1
    while candidate in used:
        number += 1
        candidate = f"{name} {number}"
    used.add(candidate)
    return candidate


def _pattern_of(person_id: int, rows: dict[int, list[str]]) -> str:
    """Demo only: which generated life pattern a service map resembles most."""
    used = set(rows.get(person_id, []))
    scores = {key: len(used & {u.service for u in usages}) for key, usages in USAGES.items()}
    return max(scores, key=lambda key: scores[key])


def load_demo(ctx: DemoContext) -> None:
    process = ctx.process
    assert process is not None  # the core's step made it
    staff = ctx.users["fasilitaattori"]
    services.codebook_seed(process=process, by=staff)
    codes = {c.name: c for c in Code.objects.filter(process=process)}
    diaries = list(returned_diaries(process))
    analysts = _students(ctx)
    services.assignments_distribute(participants=diaries, analysts=analysts, per_diary=2, by=staff)
    # staff have reviewed all but the last two diaries: the demo shows both states
    for participant in diaries[:-2]:
        diary_review(participant=participant, by=staff)
    coded = _code_diaries(ctx, process, codes)
    ctx.log(f"    analysis: {coded} passages coded")
    data = services.feature_data(process)
    run = services.cluster_run_create(
        process=process,
        method=METHOD,
        k_min=2,
        k_max=4,
        by=staff,
        data=data,
        k_by_slice=_demo_counts(data),
        merge_small_groups=True,
    )
    rows: dict[int, list[str]] = {}
    for person_id, name, text in ServiceUse.objects.filter(
        participant__workshop__process=process
    ).values_list("participant__person_id", "service__name", "service_text"):
        rows.setdefault(person_id, []).append(name or text)
    used: set[str] = set()
    published = 0
    # groups that stayed below k even after merging are left for analysts to see in the run;
    # only the publishable ones become personas, all of them published
    for cluster in run.clusters.filter(publishable=True).prefetch_related("municipalities"):
        members = list(cluster.members.values_list("pk", flat=True))
        pattern = Counter(_pattern_of(m, rows) for m in members).most_common(1)[0][0]
        name = _unique(f"{PERSONAS[pattern]} ({_places(cluster)})", used)
        repeat = name[len(f"{PERSONAS[pattern]} ({_places(cluster)})") :]  # " 2" if repeated
        persona = services.persona_create(process=process, cluster=cluster, name=name, by=staff)
        services.persona_update(
            persona=persona,
            by=staff,
            fields={
                "description": DESCRIPTIONS[pattern],
                "description_sv": DESCRIPTIONS_SV[pattern],
                "description_en": DESCRIPTIONS_EN[pattern],
                "name_sv": f"{PERSONAS_SV[pattern]} ({_places(cluster, 'sv')}){repeat}",
                "name_en": f"{PERSONAS_EN[pattern]} ({_places(cluster, 'en')}){repeat}",
            },
            quote_ids=cluster.summary.get("quotes", []),
        )
        services.persona_publish(persona=persona, by=staff)
        published += 1
    ctx.log(
        f"    analysis: {len(analysts)} analysts, {coded} coded passages, "
        f"{run.clusters.count()} groups, {published} personas published"
    )


def _places(cluster, language: str = "fi") -> str:
    """Where the persona's people live, for its name, in Finnish, Swedish or English."""
    names = sorted(
        (m.name_sv or m.name) if language == "sv" else m.name for m in cluster.municipalities.all()
    )
    word_and, word_municipalities = {
        "fi": ("ja", "kuntaa"),
        "sv": ("och", "kommuner"),
        "en": ("and", "municipalities"),
    }[language]
    if len(names) > 3:
        return f"{len(names)} {word_municipalities}"
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} {word_and} {names[-1]}"


DESCRIPTIONS = {
    "vahaan_tyytyvat": "Nuoria, joiden arki kulkee koulun, kavereiden ja netin varassa. "
    "Palveluja käytetään vähän; kyydit ja iltabussit ratkaisevat, pääseekö mihinkään.",
    "me_elajat": "Pariskuntia, jotka liikkuvat ja asioivat yhdessä omalla autolla. "
    "Liikuntapaikat ja uimahalli ovat heille yhtä tärkeitä kuin terveyspalvelut.",
    "rutinoituneet": "Iäkkäitä, joiden päivät toistuvat samanlaisina kotona. Kotihoito, "
    "kauppa-auto ja naapurin apu pitävät arjen koossa; matkat palveluihin ovat pitkiä.",
    "yhteisoaktiivit": "Eläkeläisiä, jotka pyörittävät kylän, seurakunnan ja yhdistysten "
    "toimintaa ja auttavat muita. Kirjasto ja kansalaisopisto ovat heille tärkeitä.",
}


DESCRIPTIONS_SV = {
    "vahaan_tyytyvat": "Unga vars vardag kretsar kring skolan, kompisarna och nätet. "
    "De använder lite service; skjutsar och kvällsbussar avgör om de kommer någonstans.",
    "me_elajat": "Par som rör sig och uträttar ärenden tillsammans med egen bil. "
    "Idrottsplatser och simhallen är lika viktiga för dem som hälsovården.",
    "rutinoituneet": "Äldre vars dagar går likadant hemma. Hemvården, butiksbilen "
    "och grannens hjälp håller ihop vardagen; resorna till service är långa.",
    "yhteisoaktiivit": "Pensionärer som driver byns, församlingens och föreningarnas "
    "verksamhet och hjälper andra. Biblioteket och medborgarinstitutet är viktiga för dem.",
}
DESCRIPTIONS_EN = {
    "vahaan_tyytyvat": "Young people whose everyday life runs on school, friends and the "
    "internet. They use few services; lifts and evening buses decide whether they get anywhere.",
    "me_elajat": "Couples who get about and run errands together in their own car. Sports "
    "grounds and the swimming hall matter to them as much as health services.",
    "rutinoituneet": "Older people whose days repeat alike at home. Home care, the mobile "
    "shop and a neighbour's help hold everyday life together; trips to services are long.",
    "yhteisoaktiivit": "Pensioners who run the village's, the parish's and the associations' "
    "activities and help others. The library and the adult education centre matter to them.",
}


METHOD = "kmeans"
#: Older people per group to try in each municipality, in this order (see `_demo_counts`).
OLDER_PER_GROUP = (4, 3.5, 4.5, 3, 5, 6)


def _slice_counts(sizes: Counter[tuple[int, str]], per_group: float) -> dict[str, int]:
    """Groups per municipality and age group. The older people get one group per
    `per_group` people; the young and the few working-age people of a municipality are split
    into groups too small to stand alone, which the k-anonymity rule then merges across
    municipalities, as the pilot grouped the young across all of them."""
    counts = {}
    for (municipality, age_group), n in sizes.items():
        if age_group == AgeGroup.OLDER:
            count = int(n // per_group)
        elif age_group == AgeGroup.YOUNG:
            count = n // 2
        else:
            count = 1
        counts[f"{municipality}:{age_group}"] = max(1, count)
    return counts


def _demo_counts(data: services.FeatureData) -> dict[str, int]:
    """The group counts whose plan comes closest to the pilot's 24 publishable personas.

    `groups_plan` saves nothing, so the demo compares a few settings as an analyst would
    before a run; this keeps the count near 24 if the generated diaries change.
    """
    sizes = Counter(
        (municipality, str(AGE_GROUP_OF_BAND[AgeBand(band)]))
        for _pid, _person, municipality, band in data.rows
    )
    best: tuple[int, dict[str, int]] | None = None
    for per_group in OLDER_PER_GROUP:
        counts = _slice_counts(sizes, per_group)
        published, _withheld, _slices = services.groups_plan(
            data, method=METHOD, k_min=2, k_max=4, k_by_slice=counts
        )
        miss = abs(len(published) - TARGET_PERSONAS)
        if best is None or miss < best[0]:
            best = (miss, counts)
        if not miss:
            break
    assert best is not None
    return best[1]
