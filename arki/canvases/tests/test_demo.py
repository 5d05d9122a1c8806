import pytest

from arki.core.demo import DemoContext

from ..demo import STAKEHOLDERS, load_demo
from ..models import Canvas


@pytest.mark.django_db
def test_demo_has_the_workshop_2_and_season_2_canvases(process, make_user):
    from arki.core.enums import Role

    ctx = DemoContext(log=lambda _m: None, process=process)
    ctx.users["fasilitaattori"] = make_user(Role.FACILITATOR, process=process)
    ctx.users["suunnittelija"] = make_user(Role.PLANNING, process=process)
    load_demo(ctx)

    kinds = sorted(Canvas.objects.values_list("kind", flat=True))
    assert kinds.count("empathy_map") == 4
    assert {"blueprint", "business_model", "stakeholder_map", "storyboard"} <= set(kinds)
    stakeholders = Canvas.objects.get(kind="stakeholder_map")
    assert len(STAKEHOLDERS) == 15 == stakeholders.cards.count()
    assert Canvas.objects.filter(published__isnull=False).count() == 1
