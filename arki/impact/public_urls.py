"""Public pages of the impact tool, mounted at /impact/ (no log-in: only published data)."""

from django.urls import path

app_name = "impact_public"
urlpatterns: list = []

# --- surveys (before the process pages: "survey" would match a process slug) ---
from .views import surveys_public  # noqa: E402

urlpatterns += [
    path("survey/", surveys_public.access, name="survey_access"),
    path("survey/answer/", surveys_public.answer, name="survey_answer"),
    path("survey/thanks/", surveys_public.thanks, name="survey_thanks"),
    path("survey/leave/", surveys_public.sign_out, name="survey_leave"),
]

# --- metrics (imetrics) ---
from .views import impact as impact_views  # noqa: E402

urlpatterns += [
    path("<slug:slug>/", impact_views.public_view, name="view"),
    path("<slug:slug>/figures.json", impact_views.public_figures_json, name="figures_json"),
    path("<slug:slug>/figures.csv", impact_views.public_figures_csv, name="figures_csv"),
]
