import pytest
from django.utils import translation

from arki.core.enums import Role

from .factories import make_round


@pytest.fixture
def facilitator(make_user, process):
    return make_user(Role.FACILITATOR, process=process)


@pytest.fixture
def live_round(process, facilitator):
    """(round, session, activity): four services, 10 vouchers each, open for ballots."""
    return make_round(process, facilitator)


@pytest.fixture
def items(live_round):
    round_ = live_round[0]
    return {item.name: item for item in round_.items.all()}


@pytest.fixture(autouse=True)
def english():
    """Tests match messages in English (the source language); the UI default is Finnish."""
    with translation.override("en"):
        yield
