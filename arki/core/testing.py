"""Helpers for tests and benchmarks (never imported by the application itself)."""

from __future__ import annotations

from typing import Any


def pass_second_factor(client: Any, user: Any) -> None:
    """Mark a test client's logged-in session as having passed the second factor, as
    django-otp's `login()` does after a correct code: a confirmed device's id goes into the
    session (the device is made if the user has none). Staff whose roles need the factor
    (arki/core/twofactor.py) then see pages rather than the code prompt."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
