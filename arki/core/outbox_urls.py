"""A person's own message settings, reached from the signed link in every message."""

from django.urls import path

from .views import outbox

app_name = "outbox_public"
urlpatterns = [
    path("<str:token>/", outbox.preferences_public, name="preferences"),
]
