"""Agreement statistics against published worked examples (three decimals)."""

from __future__ import annotations

import pytest

from arki.analysis.compute.agreement import (
    agreement_report,
    cohen_kappa,
    cohen_kappa_from_table,
    krippendorff_alpha_nominal,
)

N = None


def test_krippendorff_2011_nominal_example_with_missing_values():
    """Krippendorff, K. (2011). "Computing Krippendorff's Alpha-Reliability", Annenberg School
    for Communication, University of Pennsylvania, section C: 4 observers, 12 units, nominal
    data with missing values; alpha = 0.743."""
    data = [
        [1, 2, 3, 3, 2, 1, 4, 1, 2, N, N, N],
        [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, N, 3],
        [N, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, N],
        [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, N],
    ]
    assert round(krippendorff_alpha_nominal(data), 3) == 0.743


def test_krippendorff_2011_binary_two_observers():
    """Same source, section A: two observers, binary data, 10 units; alpha = 0.095."""
    data = [[0, 1, 0, 0, 0, 0, 0, 0, 1, 0], [1, 1, 1, 0, 0, 1, 0, 0, 0, 0]]
    assert round(krippendorff_alpha_nominal(data), 3) == 0.095


@pytest.mark.parametrize(
    ("table", "kappa"),
    [
        # Wikipedia, "Cohen's kappa", worked example: 50 grant proposals read by two
        # readers, 20 yes/yes, 5 yes/no, 10 no/yes, 15 no/no: po = 0.7, pe = 0.5, kappa = 0.4.
        ([[20, 5], [10, 15]], 0.400),
        # Same article, "Same percentages but different numbers": both tables have
        # po = 0.60 but kappa 0.1304 and 0.2593 (marginals matter).
        ([[45, 15], [25, 15]], 0.130),
        ([[25, 35], [5, 35]], 0.259),
    ],
)
def test_cohen_kappa_published_examples(table, kappa):
    assert round(cohen_kappa_from_table(table), 3) == kappa


def test_kappa_is_undefined_when_chance_agreement_is_total():
    assert cohen_kappa([True, True], [True, True]) is None
    assert krippendorff_alpha_nominal([[1, 1], [1, 1]]) is None


def test_uncoded_text_does_not_count_as_agreement():
    """Units nobody coded are left out: otherwise two coders who agree on nothing they
    coded would look almost perfect on a long, mostly uncoded diary."""
    assigned = {u: ["a", "b"] for u in range(100)}
    applied = {("a", 0): {"x"}, ("b", 1): {"x"}}
    report = agreement_report(assigned, applied, ["x"])
    assert report.coded_units == 2
    row = report.per_code[0]
    assert row.units == 2
    assert round(row.kappas[("a", "b")], 3) == -1.0
    pair = report.per_pair[0]
    assert pair.units == 2 and pair.percent == 0.0


def test_report_treats_unassigned_coders_as_missing():
    assigned = {0: ["a", "b"], 1: ["a", "b"], 2: ["b", "c"], 3: ["b", "c"]}
    applied = {
        ("a", 0): {"x"},
        ("b", 0): {"x"},
        ("a", 1): {"y"},
        ("b", 1): {"x"},
        ("b", 2): {"y"},
        ("c", 2): {"y"},
        ("b", 3): {"x"},
        ("c", 3): {"x"},
    }
    report = agreement_report(assigned, applied, ["x", "y"])
    pairs = {p.coders: p for p in report.per_pair}
    assert set(pairs) == {("a", "b"), ("b", "c")}  # a and c never shared a diary
    assert pairs[("b", "c")].percent == 1.0
    assert pairs[("a", "b")].percent == 0.5
    by_code = {row.code: row for row in report.per_code}
    assert by_code["x"].kappas[("b", "c")] == 1.0
    assert by_code["x"].units == 4
