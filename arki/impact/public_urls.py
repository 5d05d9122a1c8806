"""Public pages of the impact tool, mounted at /impact/ (no log-in: only published data)."""

from django.urls import URLPattern, URLResolver, path

app_name = "impact_public"
urlpatterns: list[URLPattern | URLResolver] = []

# --- surveys (before the process pages: "survey" would match a process slug) ---
from .views import surveys_public  # noqa: E402

urlpatterns += [
    path("survey/", surveys_public.access, name="survey_access"),
    path("survey/answer/", surveys_public.answer, name="survey_answer"),
    path("survey/thanks/", surveys_public.thanks, name="survey_thanks"),
    path("survey/leave/", surveys_public.sign_out, name="survey_leave"),
]

# --- istories: published stories, their feed, and the community reporter's own pages ---
from .views import stories_public as stories  # noqa: E402

urlpatterns += [
    path("stories/<slug:slug>/", stories.story_list, name="stories"),
    path("stories/<slug:slug>/feed.atom", stories.StoryFeed(), name="story_feed"),
    path("stories/<slug:slug>/<int:pk>/", stories.story_detail, name="story"),
    path(
        "stories/<slug:slug>/<int:pk>/media/<int:media>/", stories.story_media, name="story_media"
    ),
    path("stories/<slug:slug>/reporter/", stories.reporter_home, name="reporter"),
    path("stories/<slug:slug>/reporter/leave/", stories.reporter_leave, name="reporter_leave"),
    path("stories/<slug:slug>/reporter/new/", stories.story_new, name="story_new"),
    path("stories/<slug:slug>/reporter/<int:pk>/", stories.story_edit, name="story_edit"),
    path(
        "stories/<slug:slug>/reporter/<int:pk>/submit/", stories.story_submit, name="story_submit"
    ),
    path("stories/<slug:slug>/reporter/<int:pk>/media/", stories.media_add, name="media_add"),
    path(
        "stories/<slug:slug>/reporter/<int:pk>/media/<int:media>/",
        stories.own_media,
        name="own_media",
    ),
    path(
        "stories/<slug:slug>/reporter/<int:pk>/media/<int:media>/remove/",
        stories.media_remove,
        name="media_remove",
    ),
    path(
        "stories/<slug:slug>/reporter/<int:pk>/consents/", stories.consent_add, name="consent_add"
    ),
    path(
        "stories/<slug:slug>/reporter/<int:pk>/consents/<int:consent>/remove/",
        stories.consent_remove,
        name="consent_remove",
    ),
]
# --- end istories ---

# --- metrics (imetrics) ---
from .views import impact as impact_views  # noqa: E402

urlpatterns += [
    path("<slug:slug>/", impact_views.public_view, name="view"),
    path("<slug:slug>/figures.json", impact_views.public_figures_json, name="figures_json"),
    path("<slug:slug>/figures.csv", impact_views.public_figures_csv, name="figures_csv"),
]
