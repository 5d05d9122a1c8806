"""The phase-state rule of the public timeline (pure Python, no database)."""

import datetime
from dataclasses import dataclass

from arki.site.timeline import PhaseState, process_is_over, timeline


@dataclass
class FakePhase:
    starts_on: datetime.date | None
    ends_on: datetime.date | None

    def is_current_on(self, day):
        return (
            self.starts_on is not None
            and self.starts_on <= day
            and (self.ends_on is None or day <= self.ends_on)
        )


D = datetime.date
PHASES = [
    FakePhase(D(2014, 6, 1), D(2014, 8, 31)),
    FakePhase(D(2014, 9, 1), D(2015, 2, 28)),
    FakePhase(D(2015, 3, 1), D(2016, 1, 31)),
    FakePhase(D(2016, 2, 1), None),
]
LAST_WORKSHOP = D(2016, 2, 16)


def states(day):
    return [step.state for step in timeline(PHASES, day, LAST_WORKSHOP)]


def test_before_the_start_every_phase_is_upcoming():
    assert states(D(2014, 1, 1)) == [PhaseState.UPCOMING] * 4


def test_the_phase_containing_today_is_current_and_earlier_ones_done():
    assert states(D(2014, 10, 1)) == [
        PhaseState.DONE,
        PhaseState.CURRENT,
        PhaseState.UPCOMING,
        PhaseState.UPCOMING,
    ]


def test_open_ended_last_phase_is_current_until_its_last_workshop_has_passed():
    assert states(D(2016, 2, 16))[-1] is PhaseState.CURRENT
    assert states(D(2016, 2, 17)) == [PhaseState.DONE] * 3 + [PhaseState.LATEST]


def test_a_gap_between_phases_marks_nothing_current():
    phases = [FakePhase(D(2014, 1, 1), D(2014, 1, 31)), FakePhase(D(2014, 3, 1), None)]
    steps = timeline(phases, D(2014, 2, 15), D(2014, 3, 10))
    assert [s.state for s in steps] == [PhaseState.DONE, PhaseState.UPCOMING]
    assert not any(s.is_marked for s in steps)


def test_process_with_a_closed_last_phase_is_over_after_it_ends():
    phases = [FakePhase(D(2014, 1, 1), D(2014, 12, 31))]
    assert not process_is_over(phases, None, D(2014, 12, 31))
    assert process_is_over(phases, None, D(2015, 1, 1))
    assert not process_is_over([], None, D(2015, 1, 1))
