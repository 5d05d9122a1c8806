"""Diary text for analysis: keyboard-selectable chunks and Finnish search.

Masking (`mask`, `MASK`) lives with the text's owner, `arki.insight.compute.masking`, and is
re-exported here for the analysis code that marks hidden characters.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from arki.insight.compute.masking import MASK, mask

__all__ = ["MASK", "chunks", "find", "mask", "parse_query"]

#: Phrases longer than this are split again at commas, so keyboard users get handy chunks.
LONG_PHRASE = 90
_SENTENCE_END = re.compile(r"[^.!?]+[.!?]*")
_WORD = re.compile(r"\w+", re.UNICODE)
#: Finnish derivational endings stripped to compare words of one family
#: (yksinäinen, yksinäisyys -> yksinä); longest first.
_DERIVATIONS = ("isuus", "isyys", "inen", "uus", "yys", "ton", "tön", "us", "ys")
MIN_STEM = 4


def chunks(text: str) -> list[tuple[int, int]]:
    """Sentence/phrase spans (start, end) without surrounding spaces, in text order."""
    spans: list[tuple[int, int]] = []
    for match in _SENTENCE_END.finditer(text):
        for start, end in _split_long(text, match.start(), match.end()):
            while start < end and text[start].isspace():
                start += 1
            while end > start and text[end - 1].isspace():
                end -= 1
            if end > start:
                spans.append((start, end))
    return spans


def _split_long(text: str, start: int, end: int) -> list[tuple[int, int]]:
    if end - start <= LONG_PHRASE:
        return [(start, end)]
    parts, cursor = [], start
    for i in range(start, end):
        if text[i] == "," and i + 1 - cursor >= 15:
            parts.append((cursor, i + 1))
            cursor = i + 1
    parts.append((cursor, end))
    return parts


def chunks_covered(spans: Sequence[tuple[int, int]], start: int, end: int) -> list[int]:
    """Indexes of the chunks a selection overlaps (a coding counts for every such unit)."""
    return [i for i, (a, b) in enumerate(spans) if a < end and start < b]


# --- Finnish-aware search ---------------------------------------------------------------


@lru_cache(maxsize=50_000)
def lemma(word: str) -> str:
    """simplemma's Finnish lemma, lower-cased (falls back to the word itself)."""
    import simplemma  # imported lazily: loading the Finnish dictionary takes a moment

    return simplemma.lemmatize(word.lower(), lang="fi").lower()


def stem(word: str) -> str:
    """The lemma without a derivational ending, for matching words of one family.

    simplemma lemmatises inflected forms well (yksinäisenä -> yksinäinen) but keeps
    derivations apart (yksinäisyys stays yksinäisyys); the stem joins them.
    """
    base = lemma(word)
    for ending in _DERIVATIONS:
        if base.endswith(ending) and len(base) - len(ending) >= MIN_STEM:
            return base[: -len(ending)]
    return base


@dataclass(frozen=True)
class Query:
    words: tuple[str, ...]
    lemmas: tuple[str, ...]
    stems: tuple[str, ...]


def parse_query(text: str) -> Query:
    words = tuple(w.lower() for w in _WORD.findall(text))
    return Query(words, tuple(lemma(w) for w in words), tuple(stem(w) for w in words))


def token_matches(token: str, query: Query) -> bool:
    """A word matches when its lemma or stem equals the query's, or it starts with its stem.

    The prefix rule catches forms simplemma does not know (dialect, typos, rare
    compounds' inflections) without matching short unrelated words.
    """
    low = token.lower()
    if low in query.words:
        return True
    token_lemma = lemma(low)
    if token_lemma in query.lemmas:
        return True
    token_stem = stem(low)
    return any(
        token_stem == s or (len(s) > MIN_STEM and (low.startswith(s) or token_lemma.startswith(s)))
        for s in query.stems
    )


@dataclass(frozen=True)
class Hit:
    start: int
    end: int
    left: str
    match: str
    right: str


def find(text: str, query: Query, context: int = 45) -> list[Hit]:
    """Keyword-in-context hits of `query` in `text` (masked characters never match)."""
    if not query.words:
        return []
    hits = []
    for match in _WORD.finditer(text):
        token = match.group()
        if MASK in token or not token_matches(token, query):
            continue
        start, end = match.span()
        hits.append(
            Hit(
                start=start,
                end=end,
                left=text[max(0, start - context) : start],
                match=token,
                right=text[end : end + context],
            )
        )
    return hits
