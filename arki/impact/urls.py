"""Staff pages of the impact tool, mounted at /staff/impact/ from the manifest."""

from django.urls import path

from .views import index
from .views import stories as stories_views  # istories

app_name = "impact"
urlpatterns = [
    path("<slug:slug>/", index.index, name="index"),
]

# --- metrics (imetrics) ---
from .views import impact as impact_views  # noqa: E402
from .views import metrics as metric_views  # noqa: E402
from .views import statistics as statistics_views  # noqa: E402

urlpatterns += [
    path("<slug:slug>/plan/", metric_views.plan, name="plan"),
    path("<slug:slug>/plan/accept/", metric_views.proposal_accept, name="proposal_accept"),
    path("<slug:slug>/plan/<int:pk>/", metric_views.metric_edit, name="metric_edit"),
    path("<slug:slug>/plan/<int:pk>/move/", metric_views.metric_move, name="metric_move"),
    path("<slug:slug>/plan/<int:pk>/delete/", metric_views.metric_delete, name="metric_delete"),
    path("<slug:slug>/plan/<int:pk>/publish/", metric_views.metric_publish, name="metric_publish"),
    path("<slug:slug>/statistics/", statistics_views.statistics, name="statistics"),
    path("<slug:slug>/view/", impact_views.view, name="view"),
    path("<slug:slug>/report.pdf", impact_views.report_pdf, name="report_pdf"),
    path("<slug:slug>/figures.json", impact_views.figures_json, name="figures_json"),
    path("<slug:slug>/figures.csv", impact_views.figures_csv_view, name="figures_csv"),
]

# --- surveys ----------------------------------------------------------------------------
from .views import surveys as survey_views  # noqa: E402

urlpatterns += [
    path("<slug:slug>/surveys/", survey_views.surveys, name="surveys"),
    path("<slug:slug>/surveys/<int:pk>/", survey_views.survey, name="survey"),
    path(
        "<slug:slug>/surveys/<int:pk>/results.csv", survey_views.survey_export, name="survey_export"
    ),
    path("<slug:slug>/surveys/<int:pk>/kits.pdf", survey_views.kits, name="survey_kits"),
    path("<slug:slug>/surveys/rounds/<int:pk>/entry/", survey_views.entry, name="survey_entry"),
    path("<slug:slug>/respondents/", survey_views.respondents, name="respondents"),
]
# --- istories: community reporters' stories (moderation, publishing, reporters) ---
urlpatterns += [
    path("<slug:slug>/stories/", stories_views.stories, name="stories"),
    path("<slug:slug>/stories/<int:pk>/", stories_views.story, name="story"),
    path(
        "<slug:slug>/stories/<int:pk>/publish/", stories_views.story_publish, name="story_publish"
    ),
    path(
        "<slug:slug>/stories/<int:pk>/media/<int:media>/",
        stories_views.story_media,
        name="story_media",
    ),
    path("<slug:slug>/reporters/", stories_views.reporters, name="reporters"),
]
# --- end istories ---
