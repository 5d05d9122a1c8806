"""The full assignment pass: offers for every open request at once."""

from __future__ import annotations

from django.db import transaction

from arki.core.models import Process, User

from ..enums import AssignmentStatus, RequestStatus
from ..facts import active_volunteers, request_facts, volunteer_facts
from ..matching import assign_all, policy_for
from ..models import HelpRequest, Volunteer
from .requests import assignment_offer


@transaction.atomic
def assignment_pass(*, process: Process, by: User | None, municipality_ids=None) -> int:
    """Offer every open, unpaused request without a pending offer to its best volunteer.

    Organisations may differ in policy, so each policy's requests are planned on their own.
    Not counted as a coordinator's manual intervention: this is the routine path.
    """
    open_requests = list(
        HelpRequest.objects.filter(process=process, status=RequestStatus.OPEN, paused=False)
        .exclude(assignments__status__in=[AssignmentStatus.OFFERED, AssignmentStatus.ACCEPTED])
        .select_related("village", "organisation")
    )
    if municipality_ids is not None:
        open_requests = [r for r in open_requests if r.village.municipality_id in municipality_ids]
    volunteers = list(active_volunteers(process, municipality_ids))
    by_id: dict[int, Volunteer] = {v.pk: v for v in volunteers}
    facts = volunteer_facts(volunteers)
    offers = 0
    for key in {r.organisation.safety_policy for r in open_requests}:
        group = [r for r in open_requests if r.organisation.safety_policy == key]
        plan = assign_all([request_facts(r) for r in group], facts, policy_for(key))
        requests_by_id = {r.pk: r for r in group}
        for item in plan:
            assignment_offer(
                help_request=requests_by_id[item.request_id],
                volunteers=[by_id[item.volunteer_id]],
                by=by,
                manual=False,
                scores={item.volunteer_id: (round(item.points, 1), [])},
            )
            offers += 1
    return offers
