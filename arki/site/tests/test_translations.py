"""The site's Finnish and Swedish catalogues are complete."""

from pathlib import Path

import polib
import pytest

LOCALE = Path(__file__).resolve().parent.parent / "locale"


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_catalogue_has_no_empty_or_fuzzy_entries(language):
    catalogue = polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))
    assert catalogue.untranslated_entries() == []
    assert catalogue.fuzzy_entries() == []
    assert not catalogue.metadata_is_fuzzy
    assert len(catalogue) > 100
