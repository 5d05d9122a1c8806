"""The signed link in every message to the person's own message settings.

The link carries only the person's row id, signed with SECRET_KEY (`django.core.signing`), so
nothing is stored and nothing can be guessed; an erased person's link opens nothing."""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import translation

from ..models import Person

SALT = "arki.outbox.preferences"


def preferences_token(person: Person) -> str:
    """The same token every time (no timestamp): the link in an old letter keeps working."""
    return signing.Signer(salt=SALT).sign(str(person.pk))


def person_for_preferences_token(token: str) -> Person | None:
    try:
        pk = int(signing.Signer(salt=SALT).unsign(token))
    except (signing.BadSignature, ValueError):
        return None
    return Person.objects.filter(pk=pk, erased_at__isnull=True).first()


def preferences_url(person: Person) -> str:
    with translation.override(person.language or "fi"):
        path = reverse("outbox_public:preferences", args=[preferences_token(person)])
    return settings.ARKI_PUBLIC_URL.rstrip("/") + path
