"""The help exchange tests assert English texts: run them in English (Finnish is the
product's default; the catalogue test checks that every text has fi and sv versions)."""

import pytest
from django.urls import clear_url_caches
from django.utils import translation


@pytest.fixture(autouse=True)
def _english(settings):
    # URL resolvers cache their language prefixes per LANGUAGE_CODE: start and end with
    # fresh ones so that no other test inherits English-default URLs.
    clear_url_caches()
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield
    clear_url_caches()


@pytest.fixture(autouse=True)
def _villages(request):
    """Re-seed the villages when a test uses the database (transactional tests flush them)."""
    if "municipalities" not in request.fixturenames and "process" not in request.fixturenames:
        return
    request.getfixturevalue("municipalities")
    from arki.core.models import Municipality
    from arki.helpexchange.models import Village
    from arki.helpexchange.villages import seed_villages

    seed_villages(Municipality, Village)
