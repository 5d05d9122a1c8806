"""Survey results without Django: means, shares and change per person, with the k rule.

Every figure rests on distinct respondents. A group is shown only when at least `k` of them
answered (`k` = the ARKI_K_ANONYMITY setting), and small groups cannot be recovered by
subtraction either: when a breakdown (by municipality, by group) sits under a total that is
shown, the withheld cells together must hold none or at least `k` respondents, so the smallest
shown cells are withheld too until they do (`suppress`). Otherwise "the region minus the
municipalities shown" would give the mean of the two people of the smallest one.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TypeVar

K = TypeVar("K", bound=Hashable)


@dataclass(frozen=True)
class AnswerRow:
    respondent: int
    round: int
    question: int
    municipality: str
    group: str
    value: str
    #: The scale's value, 1 for yes and 0 for no; None for a choice or a text.
    number: float | None


@dataclass(frozen=True)
class Figure:
    """A group's figure: `value` is a mean (scale) or a share 0–1 (yes/no); `shares` the
    share of each option of a choice. Withheld figures carry neither, nor their n."""

    n: int | None
    value: float | None
    withheld: bool
    shares: Mapping[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class Change:
    """Change per person between two rounds: the respondents who answered in both."""

    n: int | None
    mean_change: float | None
    share_higher: float | None
    share_lower: float | None
    withheld: bool


WITHHELD = Figure(None, None, True)
NO_CHANGE = Change(None, None, None, None, True)


def suppress(counts: Mapping[K, int], k: int) -> set[K]:
    """The cells of a breakdown to withhold, given the respondents in each.

    Primary: every cell under `k`. Secondary: while the withheld cells hold between 1 and k-1
    respondents together, also withhold the smallest cell still shown (the total of the
    breakdown is shown beside it, so the withheld ones could be recovered as a difference).
    """
    hidden = {key for key, n in counts.items() if n < k}
    while True:
        hidden_n = sum(counts[key] for key in hidden)
        if hidden_n == 0 or hidden_n >= k:
            return hidden
        shown = sorted((n, repr(key), key) for key, n in counts.items() if key not in hidden)
        if not shown:
            return hidden
        hidden.add(shown[0][2])


def _figure(rows: list[AnswerRow]) -> Figure:
    people = {row.respondent for row in rows}
    numbers = [row.number for row in rows if row.number is not None]
    shares: dict[str, float] = {}
    if not numbers:
        counts: dict[str, int] = defaultdict(int)
        for row in rows:
            counts[row.value] += 1
        shares = {value: count / len(rows) for value, count in counts.items()} if rows else {}
    value = sum(numbers) / len(numbers) if numbers else None
    return Figure(len(people), value, False, shares)


def breakdown(
    rows: Iterable[AnswerRow], key: Callable[[AnswerRow], str], k: int
) -> dict[str | None, Figure]:
    """One question's figures in one round: None = all rows, then one per `key` value."""
    rows = list(rows)
    total_people = {row.respondent for row in rows}
    result: dict[str | None, Figure] = {None: _figure(rows) if len(total_people) >= k else WITHHELD}
    groups: dict[str, list[AnswerRow]] = defaultdict(list)
    for row in rows:
        groups[key(row)].append(row)
    counts = {name: len({row.respondent for row in members}) for name, members in groups.items()}
    hidden = suppress(counts, k)
    for name, members in groups.items():
        result[name] = WITHHELD if name in hidden else _figure(members)
    return result


def _change(pairs: list[tuple[float, float]]) -> Change:
    n = len(pairs)
    differences = [after - before for before, after in pairs]
    return Change(
        n,
        sum(differences) / n,
        sum(1 for d in differences if d > 0) / n,
        sum(1 for d in differences if d < 0) / n,
        False,
    )


def changes(
    rows: Iterable[AnswerRow],
    first_round: int,
    second_round: int,
    key: Callable[[AnswerRow], str],
    k: int,
) -> dict[str | None, Change]:
    """Change per person of one (numeric) question from `first_round` to `second_round`:
    each respondent who answered in both counts once, with their own difference. None = all
    of them, then one per `key` value (the respondent's group in the first round)."""
    before: dict[int, AnswerRow] = {}
    after: dict[int, float] = {}
    for row in rows:
        if row.number is None:
            continue
        if row.round == first_round:
            before[row.respondent] = row
        elif row.round == second_round:
            after[row.respondent] = row.number
    both = [rid for rid in before if rid in after]
    pairs = {rid: (before[rid].number or 0.0, after[rid]) for rid in both}
    result: dict[str | None, Change] = {
        None: _change(list(pairs.values())) if len(pairs) >= k else NO_CHANGE
    }
    groups: dict[str, list[int]] = defaultdict(list)
    for rid in both:
        groups[key(before[rid])].append(rid)
    hidden = suppress({name: len(ids) for name, ids in groups.items()}, k)
    for name, ids in groups.items():
        result[name] = NO_CHANGE if name in hidden else _change([pairs[i] for i in ids])
    return result
