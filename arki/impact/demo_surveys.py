"""The surveys' part of the Kainuu demo: the "everyday life" survey of the people helped and
the young volunteers' survey, each with a baseline and one follow-up round, answered by
enough demo people that most results show (and one small municipality's stay withheld).

Answers go through `answers_submit` (as if given on the round's first day), on every
channel: online, paper kits typed in by staff, and a coordinator on the phone.
"""

from __future__ import annotations

import datetime

from arki.core.demo import DemoContext
from arki.core.enums import AgeBand, Channel
from arki.core.models import Person

from .services import surveys as services
from .surveys.models import Respondent, SurveyRound

CHANNELS = [Channel.ONLINE, Channel.ONLINE, Channel.PAPER, Channel.PHONE]
#: Respondents of the people-helped survey per municipality (Kajaani, Kuhmo, Sotkamo, Ristijärvi):
#: Ristijärvi's three stay under the k-anonymity size on purpose.
HELPED = {"205": 12, "290": 9, "765": 8, "697": 3}
VOLUNTEERS = {"205": 8, "290": 6}


def _respondents(
    ctx: DemoContext, counts: dict[str, int], group: str, young: bool
) -> list[Respondent]:
    process = ctx.process
    assert process is not None
    municipalities = {m.code: m for m in process.municipalities.all()}
    bands = (
        [AgeBand.Y13_17, AgeBand.Y18_29] if young else [AgeBand.Y75_84, AgeBand.Y85, AgeBand.Y65_74]
    )
    taken = set(Respondent.objects.filter(process=process).values_list("person_id", flat=True))
    made = []
    for code, count in counts.items():
        municipality = municipalities.get(code) or next(iter(municipalities.values()))
        people = list(
            Person.objects.filter(
                process=process, municipality=municipality, age_band__in=bands, erased_at=None
            )
            .exclude(pk__in=taken)
            .order_by("pk")[:count]
        )
        for index in range(count):
            person = people[index] if index < len(people) else None
            made.append(
                services.respondent_create(
                    process=process, municipality=municipality, group=group, person=person, by=None
                )
            )
    return made


def _answer(
    round_: SurveyRound, respondent: Respondent, values: dict[str, str], channel: str
) -> None:
    by_key = {q.key: q for q in round_.survey.questions.all()}
    services.answers_submit(
        round_=round_,
        respondent=respondent,
        answers={str(by_key[key].pk): value for key, value in values.items()},
        channel=channel,
        by=None,
        today=round_.opens_on,
    )


def load_surveys(ctx: DemoContext) -> None:
    process = ctx.process
    if process is None:
        return
    rng = ctx.rng
    staff = next(iter(ctx.users.values()), None)
    everyday = services.survey_create_from_definition(process=process, key="everyday", by=staff)
    volunteers = services.survey_create_from_definition(process=process, key="volunteers", by=staff)
    services.survey_create_from_definition(process=process, key="loneliness", by=staff)
    rounds = {}
    for survey in (everyday, volunteers):
        rounds[survey.key] = (
            services.round_create(
                survey=survey,
                label="Lähtötaso 2015",
                label_sv="Utgångsläge 2015",
                label_en="Baseline 2015",
                opens_on=datetime.date(2015, 1, 12),
                closes_on=datetime.date(2015, 2, 15),
                by=staff,
            ),
            services.round_create(
                survey=survey,
                label="Seuranta 2016",
                label_sv="Uppföljning 2016",
                label_en="Follow-up 2016",
                opens_on=datetime.date(2016, 1, 11),
                closes_on=datetime.date(2016, 2, 14),
                by=staff,
            ),
        )
    stories = ["Pääsin taas kauppaan.", "Sain seuraa.", "Lumityöt tehtiin.", ""]
    for respondent in _respondents(ctx, HELPED, "helped", young=False):
        lonely = rng.choice([2, 2, 3, 3, 3, 1])
        for number, round_ in enumerate(rounds["everyday"]):
            if number == 1:
                lonely = max(1, lonely - rng.choice([0, 1, 1]))
            values = {
                "help_easier": str(
                    rng.choice([3, 4, 4, 5, 5]) if number else rng.choice([2, 3, 3, 4])
                ),
                "help_again": rng.choice(["yes", "yes", "yes", "no"]),
                "ucla_companionship": str(lonely),
                "ucla_left_out": str(max(1, min(3, lonely + rng.choice([-1, 0, 0])))),
                "ucla_isolated": str(lonely),
                "talk_to": "yes" if lonely < 3 or rng.random() < 0.3 else "no",
                "help_most": rng.choice(stories),
            }
            _answer(round_, respondent, values, rng.choice(CHANNELS))
    for respondent in _respondents(ctx, VOLUNTEERS, "volunteer", young=True):
        active = rng.choice([0, 1, 1, 2])
        for number, round_ in enumerate(rounds["volunteers"]):
            values = {
                "active_days": str(min(3, active + number * rng.choice([0, 1, 1]))),
                "meet_people": rng.choice(["daily", "weekly", "weekly", "monthly", "rarely"]),
                "new_people": rng.choice(["yes", "yes", "no"]),
                "talk_to": rng.choice(["yes", "yes", "yes", "no"]),
            }
            _answer(round_, respondent, values, rng.choice(CHANNELS))
    ctx.log(
        "Surveys: 'everyday life' and young volunteers', a baseline and a follow-up round each, "
        f"{Respondent.objects.filter(process=process).count()} respondents."
    )
