"""The pure matching code: distances, ranking reasons, safety policies and the full pass."""

import random

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import linear_sum_assignment

from arki.helpexchange.enums import SafetyPolicyKey, TaskType
from arki.helpexchange.matching import (
    POLICIES,
    RequestFacts,
    VolunteerFacts,
    Weights,
    assign_all,
    great_circle_km,
    policy_for,
    rank,
    travel_km,
)
from arki.helpexchange.matching.assign import _candidates, edge_points
from arki.helpexchange.matching.geo import travel_km_matrix
from arki.helpexchange.matching.ranking import score

KAJAANI = (64.2273, 27.7285)
KUHMO = (64.1250, 29.5183)
STANDARD = policy_for("standard")


def test_great_circle_kajaani_kuhmo():
    # About 87 km as the crow flies; the road factor makes it 1.3 times that.
    assert great_circle_km(*KAJAANI, *KUHMO) == pytest.approx(87.3, abs=0.5)
    assert travel_km(*KAJAANI, *KUHMO) == pytest.approx(1.3 * great_circle_km(*KAJAANI, *KUHMO))


def test_policy_keys_match_the_enum():
    assert set(POLICIES) == set(SafetyPolicyKey.values)
    assert set(STANDARD.risk_levels) == set(TaskType.values)


def test_minor_never_alone_in_a_home():
    assert STANDARD.team_problem([15], "home_chores") == "minor_alone_in_home"
    assert STANDARD.team_problem([15], "it_guidance") == "minor_alone_in_home"
    assert STANDARD.team_problem([15, 16], "home_chores") is None
    assert STANDARD.team_problem([15, 34], "home_chores") is None
    assert STANDARD.team_problem([15], "shopping") is None
    assert STANDARD.team_problem([20, 21, 22], "walk") == "team_too_big"


def test_strict_policy_keeps_minors_to_low_risk_tasks():
    strict = policy_for("strict")
    assert strict.may_take(15, "shopping")
    assert not strict.may_take(15, "walk")
    assert strict.team_problem([15, 16], "home_chores") == "minor_not_allowed"
    assert strict.needs_check_in("post")


def _volunteer(i, lat, lon, **kw):
    return VolunteerFacts(id=i, lat=lat, lon=lon, age=kw.pop("age", 20), **kw)


def test_rank_orders_by_points_and_explains_them():
    request = RequestFacts(
        id=1, lat=KAJAANI[0], lon=KAJAANI[1], task_type="it_guidance", recipient_id=7, weekday=2
    )
    near = _volunteer(1, 64.2290, 27.7160, weekdays=frozenset({0}))  # Teppana, ~1 km
    skilled = _volunteer(
        2, 64.2450, 27.7600, skills=frozenset({"it_guidance"}), weekdays=frozenset({2})
    )
    friend = _volunteer(3, 64.2150, 27.6960, helped={7: 3}, weekdays=frozenset({0, 2}))
    far = _volunteer(4, *KUHMO, max_km=200)
    out_of_reach = _volunteer(5, *KUHMO, max_km=15)
    ranked = rank(request, [near, skilled, friend, far, out_of_reach], STANDARD)
    assert [r.volunteer_id for r in ranked] == [3, 2, 1, 4]
    reasons = {r.volunteer_id: {x.code: x for x in r.reasons} for r in ranked}
    assert reasons[3]["continuity"].params == {"times": 3}
    assert reasons[3]["continuity"].points == 25.0  # 15 + 2 x 5
    assert reasons[1]["unavailable"].points == -25.0
    assert reasons[3]["available"].points == 10.0
    assert reasons[2]["skill"].points == 10.0
    assert reasons[4]["distance"].params["km"] == pytest.approx(113.4, abs=1)


def test_rank_flags_minor_for_home_task():
    request = RequestFacts(
        id=1, lat=KAJAANI[0], lon=KAJAANI[1], task_type="home_chores", recipient_id=1
    )
    ranked = rank(request, [_volunteer(1, *KAJAANI, age=15)], STANDARD)
    assert ranked[0].needs_partner
    assert "needs_partner" in {r.code for r in ranked[0].reasons}


def _scenario(n_requests, n_volunteers, seed=3):
    rng = random.Random(seed)
    centres = [KAJAANI, KUHMO, (64.1311, 28.3903)]

    def point():
        lat, lon = rng.choice(centres)
        return lat + rng.gauss(0, 0.05), lon + rng.gauss(0, 0.1)

    volunteers = [
        _volunteer(
            i,
            *point(),
            age=rng.randint(15, 40),
            max_km=40,
            weekdays=frozenset(rng.sample(range(7), 3)),
            skills=frozenset(rng.sample(TaskType.values, 2)),
            load=rng.randint(0, 3),
            capacity=1,
            helped={rng.randint(0, 50): 2},
        )
        for i in range(n_volunteers)
    ]
    requests = [
        RequestFacts(
            id=i,
            lat=(p := point())[0],
            lon=p[1],
            task_type=rng.choice(["shopping", "post", "walk", "errand"]),
            recipient_id=rng.randint(0, 50),
            weekday=rng.choice([None, 1, 4]),
        )
        for i in range(n_requests)
    ]
    return requests, volunteers


def test_vectorised_points_agree_with_score():
    requests, volunteers = _scenario(40, 30)
    rows, cols, km = _candidates(requests, volunteers, k=10)
    points = edge_points(requests, volunteers, rows, cols, km)
    for e in range(len(rows)):
        expected, _reasons = score(volunteers[cols[e]], requests[rows[e]], km[e], STANDARD)
        assert points[e] == pytest.approx(expected)


def test_assign_all_respects_capacity_radius_and_safety():
    requests, volunteers = _scenario(80, 50)
    requests.append(
        RequestFacts(
            id=999, lat=KAJAANI[0], lon=KAJAANI[1], task_type="home_chores", recipient_id=1
        )
    )
    plan = assign_all(requests, volunteers, STANDARD)
    by_id = {v.id: v for v in volunteers}
    assert len({a.volunteer_id for a in plan}) == len(plan)  # capacity 1 each
    assert len({a.request_id for a in plan}) == len(plan)
    for a in plan:
        assert a.km <= by_id[a.volunteer_id].max_km
        if a.request_id == 999:
            assert by_id[a.volunteer_id].age >= 18


TRAVEL_ONLY = Weights(
    available=0, unavailable=0, skill=0, continuity=0, continuity_extra=0, per_load=0
)


def _travel_matrix(requests, volunteers):
    return travel_km_matrix(
        np.array([r.lat for r in requests]),
        np.array([r.lon for r in requests]),
        np.array([v.lat for v in volunteers]),
        np.array([v.lon for v in volunteers]),
    )


def test_travel_only_pass_is_within_ten_percent_of_the_optimum():
    """With travel as the only criterion, the sparse pass matches scipy's dense optimum."""
    requests, volunteers = _scenario(60, 60, seed=5)
    plan = assign_all(requests, volunteers, STANDARD, weights=TRAVEL_ONLY)
    km = _travel_matrix(requests, volunteers)
    assigned = sorted(a.request_id for a in plan)
    rows, cols = linear_sum_assignment(km[assigned])
    assert sum(a.km for a in plan) <= 1.10 * km[assigned][rows, cols].sum()


def test_default_pass_reaches_the_dense_optimum_of_its_own_points():
    requests, volunteers = _scenario(50, 40, seed=8)
    plan = assign_all(requests, volunteers, STANDARD)
    km = _travel_matrix(requests, volunteers)
    points = np.full(km.shape, -1e6)
    for i, r in enumerate(requests):
        for j, v in enumerate(volunteers):
            if km[i, j] <= v.max_km and not STANDARD.needs_partner(v.age, r.task_type):
                points[i, j] = score(v, r, km[i, j], STANDARD)[0]
    rows, cols = linear_sum_assignment(points, maximize=True)
    feasible = points[rows, cols] > -1e5
    assert len(plan) == feasible.sum()
    assert sum(a.points for a in plan) >= 0.99 * points[rows, cols][feasible].sum()


@settings(max_examples=30, deadline=None)
@given(
    ages=st.lists(st.integers(13, 80), min_size=1, max_size=3),
    task=st.sampled_from(TaskType.values),
)
def test_a_complete_team_never_leaves_a_minor_alone_in_a_home(ages, task):
    for policy in POLICIES.values():
        if policy.team_complete(ages, task) and policy.in_home(task):
            assert len(ages) >= 2 or ages[0] >= 18
