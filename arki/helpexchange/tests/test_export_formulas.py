"""The help-request CSV escapes formula text with the core's one rule."""

from __future__ import annotations

import csv
import io

from django.urls import reverse

from arki.core.tests.test_exports import FORMULAS


def test_help_request_csv_escapes(client, process, municipalities, make_user):
    from arki.core.models import Municipality
    from arki.helpexchange.models import Village
    from arki.helpexchange.tests import factories
    from arki.helpexchange.villages import seed_villages

    seed_villages(Municipality, Village)
    request = factories.help_request(process)
    Village.objects.filter(pk=request.recipient.village_id).update(name=FORMULAS[0])
    client.force_login(factories.coordinator(make_user, process))
    content = client.get(reverse("helpexchange:request_export", args=[process.slug])).content
    rows = list(csv.reader(io.StringIO(content.decode("utf-8"))))
    assert rows[1][3] == "'" + FORMULAS[0]
    assert rows[1][0] == str(request.pk)
