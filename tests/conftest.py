import pytest
from django.apps import apps


@pytest.fixture(autouse=True)
def _catalogue(request):
    """Transactional (browser) tests flush the service catalogue the insight tool's data
    migration seeded; the cross-app tests here put it back, as insight's own tests do."""
    if "transactional_db" not in request.fixturenames and "live_server" not in request.fixturenames:
        return
    if not apps.is_installed("arki.insight"):
        return
    from arki.insight.demo import ensure_catalogue

    request.getfixturevalue("transactional_db")
    ensure_catalogue()
