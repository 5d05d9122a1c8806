"""Survey results: the k rule on pages and exports (tested on content), the per-person change
recomputed from the rows, and the suppression rule as an invariant (Hypothesis)."""

from __future__ import annotations

import csv
import io

import pytest
from django.test import Client
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from arki.core.enums import Role
from arki.impact.surveys.compute import AnswerRow, breakdown, changes, suppress
from arki.impact.surveys.models import Answer

from .surveys_factories import answer, full, respondents, survey_with_rounds

K = 5


# --- the rule, pure -----------------------------------------------------------------------


@given(
    st.dictionaries(st.sampled_from("ABCDEFGH"), st.integers(0, 12), max_size=8), st.integers(3, 8)
)
@hsettings(max_examples=300, deadline=None)
def test_suppression_never_shows_a_small_group_nor_lets_one_be_subtracted(counts, k):
    hidden = suppress(counts, k)
    shown = {key: n for key, n in counts.items() if key not in hidden}
    assert all(n >= k for n in shown.values())
    hidden_total = sum(counts[key] for key in hidden)
    assert hidden_total == 0 or hidden_total >= k or not shown
    # Nothing is withheld without need: with no group under k, every group is shown.
    if all(n >= k for n in counts.values()):
        assert hidden == set()
    # Every group under k is withheld.
    assert {key for key, n in counts.items() if n < k} <= hidden


@given(
    st.lists(
        st.tuples(st.integers(1, 40), st.sampled_from(["205", "290", "765"]), st.integers(1, 5)),
        max_size=60,
        unique_by=lambda row: row[0],
    ),
    st.integers(3, 6),
)
@hsettings(max_examples=200, deadline=None)
def test_a_breakdown_shows_no_figure_of_fewer_than_k(people, k):
    rows = [AnswerRow(rid, 1, 1, code, "helped", str(v), float(v)) for rid, code, v in people]
    figures = breakdown(rows, lambda row: row.municipality, k)
    for key, figure in figures.items():
        if figure.withheld:
            assert figure.n is None and figure.value is None
        else:
            assert figure.n is not None and figure.n >= k
            mine = [r for r in rows if key is None or r.municipality == key]
            assert figure.value == pytest.approx(sum(r.number for r in mine) / len(mine))


def test_change_per_person_is_each_persons_own_difference():
    before = {1: 3, 2: 3, 3: 2, 4: 1, 5: 2, 6: 3}
    after = {1: 2, 2: 1, 3: 2, 4: 2, 5: 1, 7: 1}  # 6 did not answer again, 7 is new
    rows = [AnswerRow(r, 10, 1, "205", "helped", str(v), float(v)) for r, v in before.items()]
    rows += [AnswerRow(r, 11, 1, "205", "helped", str(v), float(v)) for r, v in after.items()]
    result = changes(rows, 10, 11, lambda row: row.municipality, 5)[None]
    both = [r for r in before if r in after]
    assert result.n == 5
    assert result.mean_change == pytest.approx(sum(after[r] - before[r] for r in both) / 5)
    assert result.share_lower == pytest.approx(3 / 5)
    assert result.share_higher == pytest.approx(1 / 5)
    assert changes(rows, 10, 11, lambda row: row.municipality, 6)[None].withheld


# --- pages and exports ----------------------------------------------------------------------


@pytest.fixture
def answered(process, municipalities):
    """People helped answered both rounds: seven in Kajaani, five in Sotkamo, two in Kuhmo."""
    survey, baseline, follow_up = survey_with_rounds(process)
    people = respondents(process, municipalities["Kajaani"], 7)
    people += respondents(process, municipalities["Sotkamo"], 5)
    people += respondents(process, municipalities["Kuhmo"], 2)
    for index, respondent in enumerate(people):
        answer(baseline, respondent, full(easier=str(1 + index % 3), lonely="3"))
        answer(follow_up, respondent, full(easier=str(3 + index % 3), lonely=str(1 + index % 2)))
    return survey, baseline, follow_up


def _staff(process, make_user):
    client = Client()
    client.force_login(make_user(Role.DECISION_MAKER, process=process))
    return client


@pytest.mark.django_db
def test_the_results_page_shows_groups_of_k_and_withholds_the_rest(
    answered, process, make_user, settings
):
    settings.ARKI_K_ANONYMITY = K
    survey, baseline, _follow_up = answered
    page = _staff(process, make_user).get(f"/en/staff/impact/{process.slug}/surveys/{survey.pk}/")
    text = page.content.decode()
    assert page.status_code == 200
    # The whole region (14) and Kajaani (7) show; Kuhmo (2) is withheld, and Sotkamo (5) too,
    # or the region minus Kajaani and Sotkamo would give Kuhmo's two people.
    assert "(n=14)" in text and "(n=7)" in text
    assert "(n=2)" not in text and "(n=5)" not in text
    assert "fewer than 5" in text
    # The region's mean of "easier" at the baseline, recomputed from the rows.
    easier = [a.number for a in Answer.objects.filter(round=baseline, question__key="help_easier")]
    assert f"{sum(easier) / len(easier):.2f}" in text


@pytest.mark.django_db
def test_the_csv_has_only_aggregates_of_k_or_more(answered, process, make_user, settings):
    settings.ARKI_K_ANONYMITY = K
    survey, baseline, follow_up = answered
    response = _staff(process, make_user).get(
        f"/en/staff/impact/{process.slug}/surveys/{survey.pk}/results.csv"
    )
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["question", "round", "group", "respondents", "measure", "value"]
    small = [row for row in rows if row[2] in ("Kuhmo", "Sotkamo")]
    assert small and all(row[3] == "" and row[5] == "" for row in small)
    assert all("withheld" in row[4] for row in small)
    assert [row for row in rows if row[2] == "Kajaani" and row[3] == "7"]
    counts = {int(row[3]) for row in rows[1:] if row[3]}
    assert counts and min(counts) >= K
    # No respondent code, no free text leaves in the export.
    from arki.impact.surveys.models import Respondent

    body = response.content.decode()
    assert not any(code in body for code in Respondent.objects.values_list("code", flat=True))
    # The per-person change for the region, recomputed from each person's own answers.
    lonely = {
        (a.respondent_id, a.round_id): a.number
        for a in Answer.objects.filter(question__key="ucla_isolated")
    }
    people = {rid for rid, _r in lonely}
    expected = sum(lonely[(p, follow_up.pk)] - lonely[(p, baseline.pk)] for p in people) / len(
        people
    )
    (line,) = [
        row
        for row in rows
        if row[0] == "ucla_isolated" and "→" in row[1] and row[2] == "Whole region"
    ]
    assert line[3] == "14" and float(line[5]) == pytest.approx(expected, abs=1e-3)


@pytest.mark.django_db
def test_with_too_few_respondents_nothing_is_shown_or_exported(
    process, municipalities, make_user, settings
):
    settings.ARKI_K_ANONYMITY = K
    survey, baseline, _f = survey_with_rounds(process)
    for respondent in respondents(process, municipalities["Kajaani"], K - 1):
        answer(baseline, respondent, full(easier="5"))
    client = _staff(process, make_user)
    page = client.get(f"/en/staff/impact/{process.slug}/surveys/{survey.pk}/").content.decode()
    export = client.get(
        f"/en/staff/impact/{process.slug}/surveys/{survey.pk}/results.csv"
    ).content.decode()
    assert "(n=" not in page and "5.00" not in page
    data = list(csv.reader(io.StringIO(export)))[1:]
    assert data and all(row[3] == "" and row[5] == "" for row in data)
