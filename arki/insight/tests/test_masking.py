"""Automatic masking: the safety net under the staff review (plain functions, no database)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from arki.insight.compute.masking import MASK, mask, mask_identities, name_tokens

NAMES = name_tokens(["Matti Mattila", "Aino Virtanen", "Li Wu"])


@pytest.mark.parametrize(
    ("text", "hidden"),
    [
        ("Soita 040 123 4567 illalla", "040 123 4567"),
        ("Soita 0401234567 illalla", "0401234567"),
        ("puh. 08-615 5400 virka-aikana", "08-615 5400"),
        ("numero +358 40 123 4567", "+358 40 123 4567"),
        ("call +44 20 7946 0958 now", "+44 20 7946 0958"),
        ("(09) 310 1691 on vaihde", "(09) 310 1691"),
        ("viesti matti.mattila@example.fi heti", "matti.mattila@example.fi"),
        ("Kävin Mattilan kanssa", "Mattilan"),
        ("Virtaselle soitin", "Virtaselle"),
        ("matti tuli käymään", "matti"),
    ],
)
def test_identities_are_masked(text, hidden):
    masked = mask_identities(text, NAMES)
    assert hidden not in masked
    assert len(masked) == len(text)  # offsets stay valid for codings


@pytest.mark.parametrize(
    "text",
    ["Kävin kaupassa 2 km päässä klo 14.30.", "Li tuli. Bussi 3 kertaa viikossa.", ""],
)
def test_ordinary_text_stays(text):
    assert mask_identities(text, NAMES) == text


@given(st.text(), st.lists(st.tuples(st.integers(-5, 50), st.integers(-5, 50))))
def test_mask_keeps_length_and_spaces(text, spans):
    masked = mask(text, spans)
    assert len(masked) == len(text)
    assert all(m == c or (m == MASK and not c.isspace()) for m, c in zip(masked, text, strict=True))
