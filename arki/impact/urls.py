"""Staff pages of the impact tool, mounted at /staff/impact/ from the manifest."""

from django.urls import path

from .views import index

app_name = "impact"
urlpatterns = [
    path("<slug:slug>/", index.index, name="index"),
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
