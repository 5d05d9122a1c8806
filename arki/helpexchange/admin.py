"""Admin for the slow-changing set-up: organisations (and their safety policy) and villages.
Day-to-day work happens in the coordinator pages, which go through the services."""

from django.contrib import admin

from .models import Organisation, Village


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "municipality", "safety_policy", "process"]
    list_filter = ["kind", "safety_policy", "municipality"]
    search_fields = ["name"]


@admin.register(Village)
class VillageAdmin(admin.ModelAdmin):
    list_display = ["name", "municipality", "latitude", "longitude"]
    list_filter = ["municipality"]
    search_fields = ["name"]
