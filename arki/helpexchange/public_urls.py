"""Link pages without log-in, mounted at /apu/ (Finnish "help")."""

from django.urls import path

from .views import calendar, public

app_name = "helpexchange_public"
urlpatterns = [
    path("t/<str:token>/", public.task, name="task"),
    path("p/<str:token>/", public.feedback, name="feedback"),
    path("calendar/<str:secret>.ics", calendar.volunteer_feed, name="volunteer_feed"),
    path("events/<slug:slug>.ics", calendar.events_feed, name="events_feed"),
]
