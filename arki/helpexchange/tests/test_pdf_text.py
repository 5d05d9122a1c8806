"""Certificates print names as text: markup in a name neither breaks the PDF nor injects."""

import io

from django.urls import reverse
from pypdf import PdfReader

from arki.core.enums import Role

from . import factories as f

NAME = "Cert <b>unclosed & <font"
LINK = '<a href="https://evil.example/">Palkinto</a>'


def test_certificate_prints_a_name_with_markup_characters_as_text(client, process, make_user):
    coordinator = make_user(Role.COORDINATOR, process=process)
    volunteer = f.active_volunteer(process, name=NAME)
    volunteer.organisation.name = f"Kajaani {LINK}"
    volunteer.organisation.save()
    client.force_login(coordinator)
    issued = client.post(
        reverse("helpexchange:certificate_issue", kwargs={"slug": process.slug, "pk": volunteer.pk})
    )

    response = client.get(issued["Location"])

    assert response.status_code == 200
    page = PdfReader(io.BytesIO(response.content)).pages[0]
    text = " ".join(page.extract_text().split())  # lines may wrap
    assert NAME in text
    assert LINK in text
    assert "/Annots" not in page  # no link annotation was made from the injected <a>
