"""Matching volunteers to help requests: pure computation, no Django.

The Django layer turns rows into the plain facts defined in `model`, calls `rank` for one
request (the coordinator's ranked list) or `assign_all` for a whole pass, and translates the
reason codes into words. Keeping this free of the ORM lets `bench/matching` time it on 10,000
requests without a database.
"""

from .assign import Assignment, assign_all
from .geo import ROAD_FACTOR, great_circle_km, travel_km
from .model import Reason, RequestFacts, VolunteerFacts
from .ranking import Ranked, Weights, rank
from .safety import POLICIES, SafetyPolicy, StandardPolicy, StrictPolicy, policy_for

__all__ = [
    "POLICIES",
    "ROAD_FACTOR",
    "Assignment",
    "Ranked",
    "Reason",
    "RequestFacts",
    "SafetyPolicy",
    "StandardPolicy",
    "StrictPolicy",
    "VolunteerFacts",
    "Weights",
    "assign_all",
    "great_circle_km",
    "policy_for",
    "rank",
    "travel_km",
]
