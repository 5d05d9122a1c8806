"""Phone numbers: every form accepted at entry is stored in E.164; bad ones are refused with a
clear message and nothing is saved."""

from __future__ import annotations

import re

import phonenumbers
import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from arki.core.enums import Role
from arki.core.forms import PersonForm
from arki.core.models import Municipality, Person
from arki.core.phones import (
    INVALID_MESSAGE,
    PhoneNumberFormField,
    phone_display,
    phone_mask,
    phone_normalise,
)
from arki.core.services.people import person_create, person_update

E164 = re.compile(r"^\+[1-9]\d{6,14}$")


def _accepted_is_e164(text: str) -> None:
    try:
        e164 = phone_normalise(text)
    except ValidationError as exc:
        assert exc.code == "invalid_phone"
        return
    if not text.strip():
        assert e164 == ""
        return
    assert E164.match(e164), e164
    number = phonenumbers.parse(e164, None)
    assert phonenumbers.is_valid_number(number)
    # Round trips: the stored form, the form shown in a form field, and the form in the
    # operator's callbacks (MSISDN, no "+") all come back to the same E.164 string.
    assert phone_normalise(e164) == e164
    assert phone_normalise(phone_display(e164)) == e164
    assert phone_normalise("00" + e164[1:]) == e164
    assert phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164) == e164


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="0123456789 +-()./x", max_size=24) | st.text(max_size=24))
def test_any_accepted_input_normalises_to_valid_e164_and_round_trips(text):
    _accepted_is_e164(text)


SEPARATORS = st.sampled_from(["", " ", "-", "  "])


@st.composite
def finnish_mobile(draw):
    """A Finnish mobile number written the ways people write it, and its digits."""
    prefix = draw(st.sampled_from(["40", "41", "44", "45", "46", "50"]))
    rest = draw(st.text(alphabet="0123456789", min_size=7, max_size=7))
    sep = draw(SEPARATORS)
    start = draw(st.sampled_from(["0", "+358 ", "+358", "00358 ", "00358", "+358 (0)"]))
    written = f"{start}{prefix}{sep}{rest[:3]}{sep}{rest[3:]}"
    return written, f"+358{prefix}{rest}"


@settings(max_examples=300, deadline=None)
@given(finnish_mobile())
def test_every_finnish_way_of_writing_a_mobile_number_is_accepted(case):
    written, expected = case
    assert phone_normalise(written) == expected
    _accepted_is_e164(written)


@pytest.mark.parametrize(
    ("written", "stored"),
    [
        ("040 123 4567", "+358401234567"),
        ("+358 40 1234567", "+358401234567"),
        ("00358 40 123 4567", "+358401234567"),
        ("040-1234567", "+358401234567"),
        ("08 6155 5555", "+358861555555"),  # a Kainuu landline
        ("+46 70 123 45 67", "+46701234567"),
        ("", ""),
    ],
)
def test_known_forms(written, stored):
    assert phone_normalise(written) == stored


@pytest.mark.parametrize("bad", ["123", "040 12", "0401234567890123", "phone me", "+999 123"])
def test_bad_numbers_are_refused_with_the_message(bad):
    with pytest.raises(ValidationError) as raised:
        phone_normalise(bad)
    assert raised.value.messages == [str(INVALID_MESSAGE)]


def test_mask_keeps_country_and_last_two_digits():
    assert phone_mask("+358401234567") == "+358*******67"
    assert "4567" not in phone_mask("040 123 4567")


def test_form_field_cleans_to_e164_and_shows_it_readably():
    field = PhoneNumberFormField(label="Phone")
    assert field.clean("040 123 4567") == "+358401234567"
    assert field.clean("") == ""
    assert field.prepare_value("+358401234567") == "+358 40 1234567"
    assert field.widget.attrs["type"] == "tel"
    with pytest.raises(ValidationError) as raised:
        field.clean("12 34")
    assert raised.value.messages == [str(INVALID_MESSAGE)]


@pytest.mark.django_db
def test_person_form_refuses_a_bad_number(municipalities):
    data = {"municipality": municipalities["Kajaani"].pk, "age_band": "75-84", "language": "fi"}
    form = PersonForm({**data, "phone": "040 12"}, municipalities=Municipality.objects.all())
    assert not form.is_valid()
    assert form.errors["phone"] == [str(INVALID_MESSAGE)]
    form = PersonForm({**data, "phone": "0401234567"}, municipalities=Municipality.objects.all())
    assert form.is_valid() and form.cleaned_data["phone"] == "+358401234567"


@pytest.mark.django_db
def test_services_store_e164_and_refuse_bad_numbers(process, municipalities):
    person = person_create(
        process=process,
        municipality=municipalities["Kajaani"],
        age_band="75-84",
        phone="040 1234567",
    )
    assert Person.objects.get(pk=person.pk).phone == "+358401234567"
    with pytest.raises(ValidationError) as raised:
        person_create(
            process=process, municipality=municipalities["Kajaani"], age_band="75-84", phone="55"
        )
    assert raised.value.message_dict["phone"] == [str(INVALID_MESSAGE)]
    assert Person.objects.count() == 1
    with pytest.raises(ValidationError):
        person_update(person=person, by=None, phone="040")
    assert Person.objects.get(pk=person.pk).phone == "+358401234567"


@pytest.mark.django_db
def test_edit_page_shows_the_message_and_keeps_the_old_number(
    client, process, municipalities, make_person, make_user
):
    person = make_person(process, municipalities["Kuhmo"], full_name="Aino", phone="0401234567")
    client.force_login(make_user(Role.CONTACT, process=process, municipality=person.municipality))
    with translation.override("en"):
        url = reverse("core:person_edit", args=[process.slug, person.code])
    assert "+358 40 1234567" in client.get(url).content.decode()
    data = {
        "municipality": person.municipality_id,
        "age_band": "75-84",
        "full_name": "Aino K.",
        "email": "",
        "phone": "040 12",
        "language": "fi",
    }
    page = client.post(url, data).content.decode()
    assert "This is not a phone number we can send to" in page
    assert 'value="040 12"' in page  # what was typed is shown back, not lost
    person.refresh_from_db()
    assert (person.full_name, person.phone) == ("Aino", "+358401234567")


@pytest.mark.django_db
def test_phones_check_lists_unreadable_stored_numbers_masked(process, municipalities, make_person):
    person = make_person(process, municipalities["Kajaani"], phone="040 123 4567")
    call_command("phones_check")
    Person.objects.filter(pk=person.pk).update(phone="tel 40-12345")  # typed before the rule
    with pytest.raises(CommandError):
        call_command("phones_check")
    from io import StringIO

    out = StringIO()
    with pytest.raises(CommandError):
        call_command("phones_check", stdout=out)
    assert f"core.Person.phone #{person.pk}: tel **-***45" in out.getvalue()
