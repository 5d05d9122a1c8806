"""The diary's eight prompts (brief §2.2) in Finnish, Swedish and English.

These are domain content printed on paper kits in the participant's own language, so they
are kept as data rather than UI strings: the Finnish wording is the source guide's own.
"""

from __future__ import annotations

DIARY_TITLE = {
    "fi": "Minun arkipäiväni",
    "sv": "Min vardag",
    "en": "My everyday day",
}

#: (field name, prompt by language); the order is the guide's.
PROMPTS: list[tuple[str, dict[str, str]]] = [
    (
        "did_today",
        {
            "fi": "Kerro mitä teit tänään?",
            "sv": "Berätta vad du gjorde i dag?",
            "en": "Tell what you did today.",
        },
    ),
    (
        "where_went",
        {"fi": "Missä kävit?", "sv": "Var var du?", "en": "Where did you go?"},
    ),
    (
        "with_whom",
        {"fi": "Kenen kanssa?", "sv": "Med vem?", "en": "With whom?"},
    ),
    (
        "services_text",
        {
            "fi": "Mitä palveluita käytit?",
            "sv": "Vilka tjänster använde du?",
            "en": "Which services did you use?",
        },
    ),
    (
        "served_text",
        {
            "fi": "Palveltiinko sinua hyvin vai huonosti?",
            "sv": "Blev du väl eller illa betjänad?",
            "en": "Were you served well or badly?",
        },
    ),
    (
        "help_received_text",
        {
            "fi": "Saitko apua jossain asiassa ystävältä, naapurilta tai joltain muulta "
            "henkilöltä?",
            "sv": "Fick du hjälp med något av en vän, en granne eller någon annan?",
            "en": "Did you get help with something from a friend, neighbour or someone else?",
        },
    ),
    (
        "help_needed_text",
        {
            "fi": "Olisitko kaivannut apua jossain?",
            "sv": "Hade du behövt hjälp med något?",
            "en": "Would you have needed help with something?",
        },
    ),
    (
        "wishes_text",
        {
            "fi": "Tuliko päivän aikana mieleen toiveita tai haaveita?",
            "sv": "Kom du under dagen att tänka på önskemål eller drömmar?",
            "en": "Did wishes or dreams come to mind during the day?",
        },
    ),
]

PROMPT_FIELDS = [name for name, _texts in PROMPTS]


def prompt(field: str, language: str) -> str:
    """The prompt for `field` in `language` (Finnish when the language is unknown)."""
    texts = dict(PROMPTS)[field]
    return texts.get(language, texts["fi"])


def prompts_in(language: str) -> list[tuple[str, str]]:
    return [(name, texts.get(language, texts["fi"])) for name, texts in PROMPTS]
