"""Admin: personas can be looked at and published only through the service (k enforced)."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from . import services
from .models import Code, Persona, PersonaVersion


@admin.register(Code)
class CodeAdmin(admin.ModelAdmin):
    list_display = ["name", "parent", "process"]
    list_filter = ["process"]


class PersonaVersionInline(admin.TabularInline):
    model = PersonaVersion
    extra = 0
    can_delete = False
    readonly_fields = ["number", "snapshot", "created_at", "created_by"]


@admin.register(Persona)
class PersonaAdmin(admin.ModelAdmin):
    """Supporters are never listed here (they are people); status changes go via actions."""

    list_display = ["name", "process", "status", "version"]
    list_filter = ["process", "status"]
    fields = [
        "name",
        "description",
        "age_band",
        "typical_week",
        "pains",
        "gains",
        "needs",
        "status",
        "version",
    ]
    readonly_fields = ["status", "version"]
    inlines = [PersonaVersionInline]
    actions = ["publish"]

    def has_add_permission(self, request) -> bool:
        """Personas are made from groups in the analysis workspace, not typed in here."""
        return False

    @admin.action(description=_("Publish the selected personas"))
    def publish(self, request, queryset):
        for persona in queryset:
            try:
                services.persona_publish(persona=persona, by=request.user)
            except ValidationError as error:
                self.message_user(request, f"{persona}: {error.messages[0]}", messages.ERROR)
            else:
                self.message_user(request, f"{persona}: {_('published')}", messages.SUCCESS)
