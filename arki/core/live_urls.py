"""Participant pages of live sessions (no account needed), mounted at the site root."""

from django.urls import path

from .views import live

app_name = "live"
urlpatterns = [
    path("join/", live.join_start, name="join_start"),
    path("join/<str:code>/", live.join, name="join"),
    path("live/<str:code>/", live.participant, name="participant"),
    path("live/<str:code>/fragment/", live.participant_fragment, name="participant_fragment"),
    path("live/<str:code>/answer/<int:pk>/", live.answer, name="answer"),
    path("live/<str:code>/questions/<int:pk>/vote/", live.question_vote_view, name="question_vote"),
]
