"""The resident pages offered in plain Finnish (selkosuomi), and the msgids they use.

Shared by `tests/test_plain_finnish.py` and whoever adds a page: a template listed here must
have a plain translation for every string it translates, or the test fails.
"""

from __future__ import annotations

import io
import tokenize
from ast import literal_eval
from pathlib import Path

import polib
from django.conf import settings
from django.utils.translation import to_locale
from django.utils.translation.template import templatize

ROOT = Path(settings.BASE_DIR) / "arki"
PLAIN = settings.ARKI_PLAIN_LANGUAGE

#: The templates of the resident pages in plain Finnish, by app (the base template, the
#: language menu and the note every page shows are part of each page).
PLAIN_TEMPLATES: dict[str, list[str]] = {
    "core": [
        "templates/base.html",
        "templates/arki/language_switcher.html",
        "templates/arki/language_note.html",
        "templates/arki/form.html",
        "templates/core/live/join_start.html",
        "templates/core/live/join.html",
        "templates/core/live/participant.html",
        "templates/core/live/partials/activities.html",
        "templates/core/live/partials/timer.html",
    ],
    "insight": [
        "templates/insight/public/base.html",
        "templates/insight/public/access.html",
        "templates/insight/public/home.html",
        "templates/insight/public/day.html",
        "templates/insight/public/map.html",
    ],
    "budgeting": [
        "templates/budgeting/activities/ballot.html",
        "templates/budgeting/partials/ballot_fields.html",
    ],
    "helpexchange": [
        "templates/helpexchange/own_requests.html",
        "templates/helpexchange/own_not_linked.html",
    ],
    "impact": [
        "templates/impact/surveys/public/base.html",
        "templates/impact/surveys/public/access.html",
        "templates/impact/surveys/public/answer.html",
        "templates/impact/surveys/public/thanks.html",
    ],
}

_CALLS = {"gettext": (None, 0), "ngettext": (None, 0), "pgettext": (0, 1), "npgettext": (0, 1)}


def template_msgids(path: Path) -> set[tuple[str | None, str]]:
    """(context, msgid) of every string the template translates, found the way `makemessages`
    finds them: Django's `templatize` turns the template into gettext calls."""
    found: set[tuple[str | None, str]] = set()
    # templatize keeps the template's lines and indentation, which Python's tokenizer would
    # read as blocks; every string it writes is on one line, so the indentation can go.
    source = "\n".join(line.lstrip() for line in templatize(path.read_text()).splitlines())
    tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    for i, token in enumerate(tokens):
        if token.type != tokenize.NAME or token.string not in _CALLS:
            continue
        if i + 1 >= len(tokens) or tokens[i + 1].string != "(":
            continue
        args = []
        for following in tokens[i + 2 :]:
            if following.type == tokenize.STRING:
                args.append(literal_eval(following.string))
            elif following.string != ",":
                break
        context_at, msgid_at = _CALLS[token.string]
        found.add((args[context_at] if context_at is not None else None, args[msgid_at]))
    return found


def plain_catalogue(app: str) -> polib.POFile:
    return polib.pofile(
        str(ROOT / app / "locale_plain" / to_locale(PLAIN) / "LC_MESSAGES" / "django.po")
    )
