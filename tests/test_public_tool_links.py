"""A resident finds every public page a tool keeps for the process (the action tracker, the
impact view, the reporters' stories) from the process's own public pages."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from arki.core.registry import registry

pytestmark = pytest.mark.django_db


def test_the_process_pages_link_every_tools_public_page(client, process):
    with translation.override("en"):
        page = client.get(reverse("site:process", args=[process.slug])).content.decode()
        links = [
            (str(link.label), reverse(link.url_name, args=[process.slug]), link.url_name)
            for link in registry.public_links()
        ]

    assert {name for _label, _url, name in links} >= {
        "decisions_public:tracker",
        "impact_public:view",
        "impact_public:stories",
    }
    for label, url, _name in links:
        assert f'href="{url}"' in page and escape(label) in page
        assert client.get(url).status_code == 200
