"""Ids a database cannot hold, posted into a choice of several, are an invalid choice (not a
server error) on SQLite and PostgreSQL alike (arki/core/lookups.py)."""

from __future__ import annotations

import pytest
from django import forms
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from arki.core.models import Municipality

pytestmark = pytest.mark.django_db


class MunicipalitiesForm(forms.Form):
    municipalities = forms.ModelMultipleChoiceField(queryset=Municipality.objects.all())


@pytest.mark.parametrize("posted", ["99999999999999999999", "-99999999999999999999", str(2**63)])
def test_a_posted_id_out_of_range_is_an_invalid_choice(municipalities, posted):
    real = Municipality.objects.order_by("pk").first()
    form = MunicipalitiesForm({"municipalities": [str(real.pk), posted]})

    assert not form.is_valid()
    [message] = form.errors["municipalities"]
    assert posted in message  # "Select a valid choice. … is not one of the available choices."


def test_a_real_id_next_to_an_impossible_one_is_still_found(municipalities):
    real = Municipality.objects.order_by("pk").first()

    assert list(Municipality.objects.filter(pk__in=[10**20, real.pk])) == [real]
    assert list(Municipality.objects.filter(pk__in=[10**20])) == []


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.integers(min_value=-(2**80), max_value=2**80), min_size=1, max_size=4))
def test_in_finds_exactly_the_rows_whose_id_is_listed(municipalities, ids):
    existing = set(Municipality.objects.values_list("pk", flat=True))
    listed = ids + sorted(existing)[:1] if ids[0] % 2 else ids

    found = set(Municipality.objects.filter(pk__in=listed).values_list("pk", flat=True))

    assert found == existing & set(listed)
