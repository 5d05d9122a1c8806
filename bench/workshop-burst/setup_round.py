"""Create the bench's process, a facilitator and an open voucher round; print them as JSON.

Run by run.py inside the bench database's environment (a separate process, so the load
generator never imports Django).
"""

from __future__ import annotations

import datetime
import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

import django

django.setup()

from arki.budgeting import services  # noqa: E402
from arki.core.enums import Role  # noqa: E402
from arki.core.kainuu import PILOT_CODES  # noqa: E402
from arki.core.models import Municipality, Process, Region, User  # noqa: E402
from arki.core.services import live as live_services  # noqa: E402
from arki.core.services.people import role_assign  # noqa: E402
from arki.core.services.processes import process_create_from_template  # noqa: E402
from arki.insight.models import Service  # noqa: E402

SLUG = "bench-burst"
PASSWORD = "bench-password-1"


def main() -> None:
    Process.objects.filter(slug=SLUG).delete()
    User.objects.filter(username="bench.facilitator").delete()
    process = process_create_from_template(
        template="kainuu-2014-2016",
        name="Workshop burst bench",
        slug=SLUG,
        region=Region.objects.get(code="20"),
        municipalities=list(Municipality.objects.filter(code__in=PILOT_CODES)),
        first_workshop_on=datetime.date(2014, 6, 12),
        is_public=True,
    )
    user = User.objects.create_user(username="bench.facilitator", password=PASSWORD)
    role_assign(user=user, role=Role.FACILITATOR, process=process)
    # Facilitators log in with a second factor. A code counts once per device and 30-second
    # step, and run.py logs in up to three times at once: three devices with one key.
    from django_otp.plugins.otp_totp.models import TOTPDevice

    key = TOTPDevice(user=user).key
    for number in range(3):
        TOTPDevice.objects.create(user=user, name=f"bench {number}", key=key, confirmed=True)
    workshop = process.workshops.get(position=3)
    catalogue = Service.objects.filter(process__isnull=True).order_by("category", "name")[:18]
    round_ = services.round_create(
        workshop=workshop, title="Bench", services=list(catalogue), by=user
    )
    session = live_services.session_open(workshop=workshop, by=user)
    activity = services.round_start_live(round_=round_, session=session, by=user)
    # The core's scale and word cloud in the same session, not started: run.py opens them
    # (as the facilitator, over HTTP) after the voucher burst.
    scale = live_services.activity_add(
        session=session,
        kind="core.scale",
        title="Kuinka tyytyväinen olet kotikuntasi palveluihin?",
        config={
            "question": "Kuinka tyytyväinen olet kotikuntasi palveluihin?",
            "low": 1,
            "high": 5,
            "low_label": "en lainkaan",
            "high_label": "erittäin",
        },
        by=user,
    )
    cloud = live_services.activity_add(
        session=session,
        kind="core.wordcloud",
        title="Mikä lähipalvelu on sinulle tärkein?",
        config={"question": "Mikä lähipalvelu on sinulle tärkein?"},
        by=user,
    )
    print(
        json.dumps(
            {
                "round": round_.pk,
                "code": session.code,
                "activity": activity.pk,
                "scale": scale.pk,
                "cloud": cloud.pk,
                "items": list(round_.items.values_list("pk", flat=True)),
                "username": user.username,
                "password": PASSWORD,
                "totp_key": key,
            }
        )
    )


if __name__ == "__main__":
    main()
