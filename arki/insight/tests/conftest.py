import pytest


@pytest.fixture(autouse=True)
def _catalogue(request):
    """Transactional (browser) tests flush the catalogue the data migration seeded."""
    if "transactional_db" not in request.fixturenames and "live_server" not in request.fixturenames:
        return
    from ..demo import ensure_catalogue

    request.getfixturevalue("transactional_db")
    ensure_catalogue()
