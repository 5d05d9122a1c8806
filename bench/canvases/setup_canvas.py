"""Create the bench's process, a facilitator and an open empathy-map activity; print JSON.

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

from arki.core.enums import ActivityState, Role  # noqa: E402
from arki.core.kainuu import PILOT_CODES  # noqa: E402
from arki.core.models import Municipality, Process, Region, User  # noqa: E402
from arki.core.services import live as live_services  # noqa: E402
from arki.core.services.people import role_assign  # noqa: E402
from arki.core.services.processes import process_create_from_template  # noqa: E402

SLUG = "bench-canvases"
PASSWORD = "bench-password-1"


def main() -> None:
    tables = int(sys.argv[1])
    Process.objects.filter(slug=SLUG).delete()
    User.objects.filter(username="bench.canvases").delete()
    process = process_create_from_template(
        template="kainuu-2014-2016",
        name="Canvases bench",
        slug=SLUG,
        region=Region.objects.get(code="20"),
        municipalities=list(Municipality.objects.filter(code__in=PILOT_CODES)),
        first_workshop_on=datetime.date(2014, 6, 12),
        is_public=True,
    )
    user = User.objects.create_user(username="bench.canvases", password=PASSWORD)
    role_assign(user=user, role=Role.FACILITATOR, process=process)
    # Facilitators log in with a second factor; run.py's projector logs in with the key.
    from django_otp.plugins.otp_totp.models import TOTPDevice

    key = TOTPDevice.objects.create(user=user, name="bench", confirmed=True).key
    workshop = process.workshops.get(position=2)
    session = live_services.session_open(workshop=workshop, by=user)
    activity = live_services.activity_add(
        session=session,
        kind="canvases.empathy_map",
        title="Empatiakartta",
        config={"title": "Empatiakartta", "groups": [f"Pöytä {n}" for n in range(1, tables + 1)]},
        by=user,
    )
    live_services.activity_set_state(activity=activity, state=ActivityState.OPEN, by=user)
    print(
        json.dumps(
            {
                "code": session.code,
                "activity": activity.pk,
                "username": user.username,
                "password": PASSWORD,
                "totp_key": key,
            }
        )
    )


if __name__ == "__main__":
    main()
