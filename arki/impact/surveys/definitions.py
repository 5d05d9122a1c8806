"""The surveys Arki ships, as data in Finnish, Swedish and English.

Staff create a survey from one of these (`services.surveys.survey_create_from_definition`);
the texts are then copied into the survey's rows, so a later change here never alters a
survey that already has answers.

The three-item loneliness scale is the one of Hughes, M. E., Waite, L. J., Hawkley, L. C. and
Cacioppo, J. T. (2004): "A Short Scale for Measuring Loneliness in Large Surveys: Results From
Two Population-Based Studies", Research on Aging 26(6), 655–672, doi:10.1177/0164027504268574.
Its English items and answers ("hardly ever", "some of the time", "often", scored 1–3) are
the published ones. **The Finnish and Swedish wordings are Arki's own translations and have
not been validated**: figures from them are comparable between Arki's own rounds, not with
published results of the scale.
"""

from __future__ import annotations

from typing import Any

UCLA_SOURCE = (
    "Hughes, Waite, Hawkley & Cacioppo 2004, Research on Aging 26(6): 655–672. "
    "Finnish and Swedish: Arki's own translation, not validated."
)


def _t(fi: str, sv: str, en: str) -> dict[str, str]:
    return {"fi": fi, "sv": sv, "en": en}


def _options(*labels: dict[str, str], start: int = 1) -> list[dict[str, Any]]:
    return [{"value": str(start + i), **label} for i, label in enumerate(labels)]


UCLA_ANSWERS = _options(
    _t("Tuskin koskaan", "Nästan aldrig", "Hardly ever"),
    _t("Joskus", "Ibland", "Some of the time"),
    _t("Usein", "Ofta", "Often"),
)

QUESTIONS: dict[str, dict[str, Any]] = {
    "help_easier": {
        "kind": "scale",
        "text": _t(
            "Helpottiko saamasi apu arkeasi?",
            "Gjorde hjälpen din vardag lättare?",
            "Did the help make your everyday life easier?",
        ),
        "options": _options(
            _t("Ei lainkaan", "Inte alls", "Not at all"),
            _t("Vähän", "Lite", "A little"),
            _t("Jonkin verran", "Till viss del", "Somewhat"),
            _t("Melko paljon", "Ganska mycket", "Quite a lot"),
            _t("Erittäin paljon", "Mycket", "Very much"),
        ),
    },
    "help_again": {
        "kind": "yesno",
        "text": _t(
            "Pyytäisitkö apua uudelleen?",
            "Skulle du be om hjälp igen?",
            "Would you ask for help again?",
        ),
    },
    "ucla_companionship": {
        "kind": "scale",
        "text": _t(
            "Kuinka usein tunnet, että sinulta puuttuu seuraa?",
            "Hur ofta känner du att du saknar sällskap?",
            "How often do you feel that you lack companionship?",
        ),
        "options": UCLA_ANSWERS,
        "source": UCLA_SOURCE,
    },
    "ucla_left_out": {
        "kind": "scale",
        "text": _t(
            "Kuinka usein tunnet itsesi ulkopuoliseksi?",
            "Hur ofta känner du dig utanför?",
            "How often do you feel left out?",
        ),
        "options": UCLA_ANSWERS,
        "source": UCLA_SOURCE,
    },
    "ucla_isolated": {
        "kind": "scale",
        "text": _t(
            "Kuinka usein tunnet olevasi eristyksissä muista ihmisistä?",
            "Hur ofta känner du dig isolerad från andra?",
            "How often do you feel isolated from others?",
        ),
        "options": UCLA_ANSWERS,
        "source": UCLA_SOURCE,
    },
    "talk_to": {
        "kind": "yesno",
        "text": _t(
            "Onko sinulla joku, jonka kanssa voit jutella, kun tarvitset?",
            "Har du någon att prata med när du behöver det?",
            "Do you have someone to talk to when you need it?",
        ),
    },
    "help_most": {
        "kind": "text",
        "required": False,
        "text": _t(
            "Mikä oli tärkein asia, jonka apu mahdollisti?",
            "Vad var det viktigaste som hjälpen gjorde möjligt?",
            "What was the most important thing the help made possible?",
        ),
    },
    "active_days": {
        "kind": "scale",
        "text": _t(
            "Kuinka monena päivänä viime viikolla liikuit ulkona tai harrastit jotakin?",
            "Hur många dagar förra veckan rörde du dig ute eller hade en hobby?",
            "On how many days last week were you active outdoors or at a hobby?",
        ),
        "options": _options(
            _t("Ei yhtenään", "Ingen dag", "No day"),
            _t("1–2 päivänä", "1–2 dagar", "1–2 days"),
            _t("3–4 päivänä", "3–4 dagar", "3–4 days"),
            _t("5–7 päivänä", "5–7 dagar", "5–7 days"),
            start=0,
        ),
    },
    "meet_people": {
        "kind": "choice",
        "text": _t(
            "Kuinka usein tapaat ihmisiä perheen ja koulun ulkopuolella?",
            "Hur ofta träffar du människor utanför familjen och skolan?",
            "How often do you meet people outside your family and school?",
        ),
        "options": [
            {"value": "daily", **_t("Päivittäin", "Dagligen", "Daily")},
            {"value": "weekly", **_t("Viikoittain", "Varje vecka", "Weekly")},
            {"value": "monthly", **_t("Kuukausittain", "Varje månad", "Monthly")},
            {"value": "rarely", **_t("Harvemmin", "Mer sällan", "Less often")},
        ],
    },
    "new_people": {
        "kind": "yesno",
        "text": _t(
            "Toiko vapaaehtoistyö sinulle uusia ihmisiä, joiden kanssa jutella?",
            "Gav frivilligarbetet dig nya människor att prata med?",
            "Did volunteering bring you new people to talk to?",
        ),
    },
}

YES_NO = [
    {"value": "yes", **_t("Kyllä", "Ja", "Yes")},
    {"value": "no", **_t("Ei", "Nej", "No")},
]

SURVEYS: dict[str, dict[str, Any]] = {
    "everyday": {
        "title": _t(
            "Arki ja avun kokemus",
            "Vardagen och erfarenheten av hjälpen",
            "Everyday life and the help received",
        ),
        "intro": _t(
            "Vastaa muutamaan kysymykseen. Vastaat koodillasi, nimeäsi ei kysytä.",
            "Svara på några frågor. Du svarar med din kod, ditt namn frågas inte.",
            "Answer a few questions. You answer with your code; your name is not asked.",
        ),
        "audience": "helped",
        "questions": [
            "help_easier",
            "help_again",
            "ucla_companionship",
            "ucla_left_out",
            "ucla_isolated",
            "talk_to",
            "help_most",
        ],
    },
    "loneliness": {
        "title": _t(
            "Yksinäisyys (kolmen kysymyksen UCLA-mittari)",
            "Ensamhet (UCLA-skalan med tre frågor)",
            "Loneliness (three-item UCLA scale)",
        ),
        "intro": _t(
            "Kuinka usein koet seuraavia asioita?",
            "Hur ofta upplever du följande?",
            "How often do you feel the following?",
        ),
        "audience": "",
        "questions": ["ucla_companionship", "ucla_left_out", "ucla_isolated"],
    },
    "volunteers": {
        "title": _t(
            "Nuorten vapaaehtoisten arki",
            "Unga frivilligas vardag",
            "Young volunteers' everyday life",
        ),
        "intro": _t(
            "Kerro, miten olet viime aikoina liikkunut ja tavannut ihmisiä.",
            "Berätta hur du på sistone har rört dig och träffat människor.",
            "Tell us how you have been active and met people lately.",
        ),
        "audience": "volunteer",
        "questions": ["active_days", "meet_people", "new_people", "talk_to"],
    },
}


def question_options(key: str) -> list[dict[str, Any]]:
    spec = QUESTIONS[key]
    return YES_NO if spec["kind"] == "yesno" else list(spec.get("options", []))
