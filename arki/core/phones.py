"""Phone numbers: parsed with `phonenumbers` (Google's libphonenumber) and stored in E.164.

One rule for every place a number is typed (a coordinator on the phone, a resident's own form,
the admin, the demo loader): Finnish local forms (``040 123 4567``), international forms
(``+358 40 1234567``) and the dialling prefix (``00358 40 1234567``) are all accepted and
stored as ``+358401234567``, so that an SMS reply from the operator (which always comes in
E.164) finds the person who wrote it, and a typing mistake is refused at entry instead of
failing silently at the gateway months later.

`PhoneNumberField` (model) normalises in `full_clean()`, which every service runs before a
save; `PhoneNumberFormField` (form) does the same at entry and shows the number readably when
the form is opened again. Numbers stored before this rule are normalised by a data migration;
those it could not read stay as they were and are listed by `arki phones_check`.
"""

from __future__ import annotations

from typing import Any

import phonenumbers
from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

DEFAULT_REGION = "FI"
#: "+" and at most 15 digits (ITU-T E.164).
E164_MAX_LENGTH = 16

INVALID_MESSAGE = _(
    "This is not a phone number we can send to. Write it as 040 123 4567 or +358 40 123 4567."
)


def phone_parse(value: str, region: str = DEFAULT_REGION) -> phonenumbers.PhoneNumber | None:
    """The number `value` stands for, or None if it is not a valid (dialable) number."""
    text = (value or "").strip()
    if not text or len(text) > 40:
        return None
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return None
    if number.extension or not phonenumbers.is_valid_number(number):
        return None
    return number


def phone_normalise(value: str, region: str = DEFAULT_REGION) -> str:
    """`value` in E.164 (``+358401234567``); "" stays "". Raises ValidationError if invalid."""
    if not (value or "").strip():
        return ""
    number = phone_parse(value, region)
    if number is None:
        raise ValidationError(INVALID_MESSAGE, code="invalid_phone")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def phone_normalise_or_none(value: str, region: str = DEFAULT_REGION) -> str | None:
    try:
        return phone_normalise(value, region)
    except ValidationError:
        return None


def phone_display(value: str) -> str:
    """A stored number as people read it (``+358 40 1234567``); unreadable values unchanged."""
    number = phone_parse(value)
    if number is None:
        return value or ""
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def phone_mask(value: str) -> str:
    """For logs: the country code and the last two digits only (``+358*******67``)."""
    digits = "".join(c for c in value or "" if c.isdigit())
    if len(digits) < 6:
        return "*" * len(digits)
    number = phone_parse(value)
    country = str(number.country_code) if number is not None else digits[:2]
    return "+" + country + "*" * (len(digits) - len(country) - 2) + digits[-2:]


class PhoneNumberFormField(forms.CharField):
    """A phone number typed by a person: any Finnish or international form, cleaned to E.164."""

    default_error_messages = {"invalid_phone": INVALID_MESSAGE}

    def __init__(self, *, region: str = DEFAULT_REGION, **kwargs: Any) -> None:
        self.region = region
        kwargs.setdefault("max_length", 30)
        kwargs.setdefault("required", False)
        kwargs.pop("min_length", None)
        super().__init__(**kwargs)

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        attrs = super().widget_attrs(widget)
        if not widget.is_hidden:
            # Phones show the number keypad; autocomplete fills the person's own number.
            attrs.update({"type": "tel", "inputmode": "tel", "autocomplete": "tel"})
        return attrs

    def to_python(self, value: Any) -> str:
        text = super().to_python(value)
        return phone_normalise(text, self.region) if text else ""

    def prepare_value(self, value: Any) -> Any:
        # A stored "+358401234567" is shown as "+358 40 1234567"; what a person typed and
        # got an error for is shown back as they typed it.
        if isinstance(value, str) and value.startswith("+"):
            return phone_display(value)
        return value


class PhoneNumberField(models.CharField):
    """A CharField that holds E.164: `full_clean()` normalises what was typed or refuses it.

    Only `clean()` normalises (not `to_python`, which Django also calls when saving and
    querying), so a row holding an old unreadable number can still be loaded, saved by a
    service that does not validate, or erased.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 30)
        super().__init__(*args, **kwargs)

    def clean(self, value: Any, model_instance: models.Model | None) -> Any:
        value = super().clean(value, model_instance)
        return phone_normalise(value) if value else value

    def formfield(self, **kwargs: Any) -> Any:  # type: ignore[override]
        return super().formfield(**{"form_class": PhoneNumberFormField, **kwargs})


def phones_unreadable() -> list[tuple[str, int, str]]:
    """Stored numbers that are not E.164 (typed before numbers were checked and not readable
    by the migration): (model label, row id, masked value), for `arki phones_check`.

    Every model field of the class `PhoneNumberField` is looked at, whichever app holds it,
    so the core lists the tools' numbers without importing a tool.
    """
    from django.apps import apps

    found = []
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if not isinstance(field, PhoneNumberField):
                continue
            rows = model._default_manager.exclude(**{field.attname: ""}).values_list(
                "pk", field.attname
            )
            for pk, value in rows.iterator():
                if phone_normalise_or_none(value) != value:
                    found.append((f"{model._meta.label}.{field.name}", pk, _mask_raw(value)))
    return found


def _mask_raw(value: str) -> str:
    """An unreadable value with its digits hidden but the last two (enough to find it)."""
    digits = sum(c.isdigit() for c in value)
    seen = 0
    out = []
    for c in value:
        if c.isdigit():
            seen += 1
            out.append(c if seen > digits - 2 else "*")
        else:
            out.append(c)
    return "".join(out)
