"""Residents' diary pages (no account: the personal access code), mounted at /diary/."""

from django.urls import path

from .views import public

app_name = "insight_public"
urlpatterns = [
    path("", public.access, name="access"),
    path("week/", public.home, name="home"),
    path("map/", public.service_map, name="map"),
    path("map/<int:pk>/delete/", public.service_map_delete, name="map_delete"),
    path("map/return/", public.service_map_submit, name="map_submit"),
    path("day/<int:day>/", public.diary_day, name="day"),
    path("day/<int:day>/draft/", public.diary_day_draft, name="day_draft"),
    path("return/", public.diary_submit, name="submit"),
    path("text-size/", public.text_size, name="text_size"),
    path("leave/", public.sign_out, name="leave"),
]
