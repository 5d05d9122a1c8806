"""k-anonymity of groups: small groups are merged across municipalities or withheld.

Rule of the Kainuu pilot (brief §2.3): the young people's answers were too few to stand alone
per municipality, so their profiles were built across all municipalities. Here, any group
with fewer than k members is merged with the *same age group's* small groups (nearest
centroid first, preferring other municipalities); what still falls short of k is withheld.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np


@dataclass
class Group:
    age_group: str
    municipalities: frozenset[int]
    members: list[int]
    centroid: np.ndarray
    parts: int = 1  # how many original groups were merged into this one
    origin: list[str] = field(default_factory=list)

    @property
    def size(self) -> int:
        return len(self.members)

    @property
    def merged(self) -> bool:
        return self.parts > 1


def _merge(a: Group, b: Group) -> Group:
    total = a.size + b.size
    return Group(
        age_group=a.age_group,
        municipalities=a.municipalities | b.municipalities,
        members=a.members + b.members,
        centroid=(a.centroid * a.size + b.centroid * b.size) / total,
        parts=a.parts + b.parts,
        origin=a.origin + b.origin,
    )


def _nearest(group: Group, others: Sequence[Group]) -> int:
    def key(i: int) -> tuple[bool, float]:
        other = others[i]
        same_place = bool(other.municipalities & group.municipalities)
        return (same_place, float(np.linalg.norm(other.centroid - group.centroid)))

    return min(range(len(others)), key=key)


def enforce_k(
    groups: Sequence[Group], k: int, *, merge: bool = True
) -> tuple[list[Group], list[Group]]:
    """(published, withheld): every published group has at least k members.

    With `merge=False` the analyst keeps the groups as found and small ones are withheld.
    """
    if k < 1:
        raise ValueError("k must be positive.")
    published = [g for g in groups if g.size >= k]
    if not merge:
        return published, [g for g in groups if g.size < k]
    small_by_age: dict[str, list[Group]] = defaultdict(list)
    for group in groups:
        if group.size < k:
            small_by_age[group.age_group].append(group)
    withheld: list[Group] = []
    for age_group in sorted(small_by_age):
        pool = list(small_by_age[age_group])
        done: list[Group] = []
        while pool:
            pool.sort(key=lambda g: g.size)
            smallest = pool.pop(0)
            if smallest.size >= k:
                done.append(smallest)
                continue
            if pool:
                pool.append(_merge(smallest, pool.pop(_nearest(smallest, pool))))
            elif done:
                target = _nearest(smallest, done)
                done[target] = _merge(done[target], smallest)
            else:
                withheld.append(smallest)
        published.extend(done)
    return published, withheld
