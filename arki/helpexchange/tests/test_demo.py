"""The demo builds a plausible year of the help exchange through the services."""

import pytest

from arki.core.demo import DemoContext, load_core_demo
from arki.helpexchange import metrics, selectors
from arki.helpexchange.demo import load_demo
from arki.helpexchange.enums import RequestStatus
from arki.helpexchange.models import Event, HelpRequest, Recipient, Volunteer


@pytest.mark.django_db
def test_demo_year_of_help_exchange():
    ctx = DemoContext(log=lambda _msg: None)
    load_core_demo(ctx)
    load_demo(ctx)
    process = ctx.process
    assert Volunteer.objects.filter(process=process).count() == 60
    assert Recipient.objects.filter(process=process).count() == 120
    requests = HelpRequest.objects.filter(process=process)
    assert requests.filter(status=RequestStatus.DONE).count() > 400
    assert 0 < requests.filter(status=RequestStatus.EXPIRED).count() < 60
    assert requests.filter(status=RequestStatus.OPEN).count() == 5
    assert Event.objects.filter(process=process).count() == 18
    assert metrics.recurring_pairs(process) > 0
    assert 0 < metrics.manual_intervention_share(process) < 60
    assert len(metrics.tasks_done_by_month(process)) == 12
    # the demo resident acts as one older person's proxy, so "Ask for help" works on the web
    resident = ctx.users["asukas"]
    assert selectors.recipients_acting_for(resident, process).count() == 1
    assert selectors.participant_home(resident).endswith(f"/help/{process.slug}/own/")
