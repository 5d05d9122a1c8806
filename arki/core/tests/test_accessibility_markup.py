"""Markup that screen readers and keyboard users rely on, rendered without a browser.

A field's hint and error must be announced with the field: every `aria-describedby` names
an element that exists, and a field with an error points at that error. Refusals (403) and
missing pages (404) are the site's own pages, translated and with a main landmark.
"""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django import forms
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from django.utils import translation

from arki.core.enums import Role


class _Ids(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.described: dict[str, list[str]] = {}
        self.invalid: set[str] = set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        if attrs.get("aria-describedby"):
            self.described[attrs.get("id") or tag] = attrs["aria-describedby"].split()
        if attrs.get("aria-invalid") == "true":
            self.invalid.add(attrs.get("id", ""))


def _parse(html: str) -> _Ids:
    parser = _Ids()
    parser.feed(html)
    return parser


class _Example(forms.Form):
    name = forms.CharField(label="Nimi", help_text="Etu- ja sukunimi")
    email = forms.EmailField(label="Sähköposti")
    channel = forms.ChoiceField(
        label="Kanava",
        choices=[("sms", "Tekstiviesti"), ("mail", "Kirje")],
        widget=forms.RadioSelect,
        help_text="Miten tavoitamme sinut",
    )
    agree = forms.BooleanField(label="Hyväksyn", help_text="Pakollinen")


@pytest.mark.parametrize(
    "data",
    [None, {}, {"name": "Aino", "email": "ei-osoite", "channel": "fax"}],
    ids=["unbound", "all-missing", "some-wrong"],
)
def test_every_description_a_field_names_exists(data):
    form = _Example(data)
    form.is_valid() if data is not None else None

    page = _parse(render_to_string("arki/form.html", {"form": form}))

    for element, ids in page.described.items():
        missing = [i for i in ids if i not in page.ids]
        assert missing == [], f"{element} describes itself by missing {missing}"


def test_a_field_with_an_error_points_at_the_error_and_is_marked_invalid():
    form = _Example({"name": "", "email": "ei-osoite"})
    assert not form.is_valid()

    page = _parse(render_to_string("arki/form.html", {"form": form}))

    assert "id_email_error" in page.described["id_email"]
    assert {"id_name_helptext", "id_name_error"} <= set(page.described["id_name"])
    assert {"id_name", "id_email", "id_agree"} <= page.invalid
    assert "id_channel_error" in page.described["fieldset"]


@pytest.mark.django_db
def test_a_refusal_is_the_sites_own_translated_page(process, make_user):
    client = Client()
    client.force_login(make_user(Role.ANALYST, process=process))

    with translation.override("fi"):
        response = client.get(reverse("core:person_list", args=[process.slug]))

    assert response.status_code == 403
    html = response.content.decode()
    assert '<html lang="fi">' in html and '<main id="main"' in html
    assert "Ei pääsyä" in html and "Forbidden" not in html


@pytest.mark.django_db
def test_a_missing_page_is_the_sites_own_translated_page():
    response = Client().get("/sv/ingen-sadan-sida/")

    assert response.status_code == 404
    html = response.content.decode()
    assert '<main id="main"' in html and "Till startsidan" in html and "Not Found" not in html
