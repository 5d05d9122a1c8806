"""Automatic masking of identities in free text (plain Python, no Django).

A safety net under the staff's review, never a replacement for it: e-mail addresses, phone
numbers (Finnish and international, found by the `phonenumbers` library plus a digit-run
rule for what it does not parse) and the first and last names of the people enrolled in
the process are masked wherever they occur. A neighbour's name, a street address or a
nickname cannot be recognised reliably, which is why analysts see no text at all until
staff have reviewed it (see `arki.insight.redaction`).

Masking replaces each character of a span with `MASK` instead of removing it, so every
offset stays valid: codings stored before or after a redaction still point at the same
words, and a coded segment can never reach back into the hidden text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import phonenumbers

MASK = "█"
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
#: Seven or more digits with spaces, dots, dashes or slashes between them, optionally after a
#: "+" or "(": catches numbers `phonenumbers` does not accept (typos, unknown prefixes).
_DIGITS = re.compile(r"\+?\(?\d(?:[\s().\-/]{0,2}\d){6,}")
_WORD = re.compile(r"\w+", re.UNICODE)
#: Names shorter than this are initials or common words ("Li", "Jo"): not masked by name.
MIN_NAME = 3


def mask(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """`text` with every character inside the spans replaced (whitespace kept for layout)."""
    chars = list(text)
    for start, end in spans:
        for i in range(max(0, start), min(len(chars), end)):
            if not chars[i].isspace():
                chars[i] = MASK
    return "".join(chars)


def name_tokens(names: Iterable[str]) -> frozenset[str]:
    """The lower-cased first and last names (each word of each full name) worth masking."""
    tokens = {
        word.lower() for name in names for word in _WORD.findall(name) if len(word) >= MIN_NAME
    }
    # Finnish -nen names inflect on a stem in -s-: Virtanen → Virtasen, Virtaselle.
    tokens |= {t[:-3] + "s" for t in tokens if t.endswith("nen") and len(t) > 5}
    return frozenset(tokens)


def identity_spans(text: str, names: frozenset[str] = frozenset()) -> list[tuple[int, int]]:
    """Spans of e-mail addresses, phone numbers and enrolled people's names in `text`.

    A word is a name when it starts with one of `names` (`name_tokens` adds the inflection
    stem of -nen names): Finnish inflects names (Mattila → Mattilan, Virtanen → Virtasen),
    and masking a word too many is the safe side.
    """
    spans = [m.span() for m in _EMAIL.finditer(text)]
    spans += [m.span() for m in _DIGITS.finditer(text)]
    try:
        spans += [(m.start, m.end) for m in phonenumbers.PhoneNumberMatcher(text, "FI")]
    except Exception:  # the matcher is a heuristic; a failure must not expose the text
        spans.append((0, len(text)))
    if names:
        for match in _WORD.finditer(text):
            word = match.group().lower()
            if any(word.startswith(name) for name in names):
                spans.append(match.span())
    return spans


def phrase_spans(text: str, phrases: Iterable[str]) -> list[tuple[int, int]]:
    """Spans of every case-insensitive occurrence of the phrases in `text`."""
    low = text.lower()
    spans = []
    for phrase in phrases:
        needle = phrase.lower()
        start = low.find(needle) if needle else -1
        while start >= 0:
            spans.append((start, start + len(needle)))
            start = low.find(needle, start + len(needle))
    return spans


def mask_identities(text: str, names: frozenset[str] = frozenset()) -> str:
    """`text` with e-mail addresses, phone numbers and the given names masked."""
    return mask(text, identity_spans(text, names))
