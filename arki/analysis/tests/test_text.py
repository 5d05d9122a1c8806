"""Redaction masks, keyboard chunks and Finnish-aware search (simplemma + stem fallback)."""

from __future__ import annotations

import simplemma

from arki.analysis.compute.text import MASK, chunks, chunks_covered, find, mask, parse_query


def test_simplemma_alone_keeps_derivations_apart():
    """Why the stem fallback exists: simplemma lemmatises inflections, not derivations."""
    assert simplemma.lemmatize("yksinäisenä", lang="fi") == "yksinäinen"
    assert simplemma.lemmatize("yksinäisyys", lang="fi") == "yksinäisyys"


def test_search_finds_inflected_and_derived_forms():
    text = "Yksinäisyys vaivaa. Olin yksinäisenä kotona. Yksin en jaksa. Yksinkertainen asia."
    hits = find(text, parse_query("yksinäinen"))
    assert [h.match for h in hits] == ["Yksinäisyys", "yksinäisenä"]
    assert hits[1].left.endswith("Olin ") and hits[1].right.startswith(" kotona")


def test_search_handles_consonant_gradation_through_lemma_prefix():
    assert [h.match for h in find("Tarvitsin kyydin kauppaan.", parse_query("kyyti"))] == ["kyydin"]


def test_masked_text_is_never_found_and_offsets_stay():
    text = "Matti Virtanen vei minut kauppaan."
    hidden = mask(text, [(0, 14)])
    assert hidden == f"{MASK * 5} {MASK * 8} vei minut kauppaan."
    assert len(hidden) == len(text)
    assert find(hidden, parse_query("Matti")) == []


def test_chunks_are_sentences_without_spaces():
    text = "Kävin kaupassa.  Naapuri vei autolla! Sitten kotiin"
    assert [text[a:b] for a, b in chunks(text)] == [
        "Kävin kaupassa.",
        "Naapuri vei autolla!",
        "Sitten kotiin",
    ]
    assert chunks_covered(chunks(text), 10, 20) == [0, 1]
