"""Forms of the staff pages that write the public website's news."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from arki.core.models import Process

from .models import NewsPost


class NewsPostForm(forms.ModelForm):
    """A news post in Finnish, with optional Swedish and English (Finnish is shown where a
    translation is missing) and the time it appears on the website."""

    class Meta:
        model = NewsPost
        fields = [
            "title",
            "title_sv",
            "title_en",
            "body",
            "body_sv",
            "body_en",
            "workshop",
            "published_at",
        ]
        labels = {"published_at": _("Publish at")}
        help_texts = {
            "published_at": _(
                "A published post appears on the website and in the feed at this time; "
                "choose a later time to schedule it."
            )
        }
        widgets = {
            "published_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
            "body": forms.Textarea(attrs={"rows": 8}),
            "body_sv": forms.Textarea(attrs={"rows": 6}),
            "body_en": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args: Any, process: Process, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        workshop = cast(forms.ModelChoiceField, self.fields["workshop"])
        workshop.queryset = process.workshops.order_by("position")
        workshop.empty_label = _("No workshop")
