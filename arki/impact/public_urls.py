"""Pages of the impact tool for residents without an account, mounted at /impact/."""

from django.urls import path

app_name = "impact_public"
urlpatterns: list = []

# --- surveys ----------------------------------------------------------------------------
from .views import surveys_public  # noqa: E402

urlpatterns += [
    path("survey/", surveys_public.access, name="survey_access"),
    path("survey/answer/", surveys_public.answer, name="survey_answer"),
    path("survey/thanks/", surveys_public.thanks, name="survey_thanks"),
    path("survey/leave/", surveys_public.sign_out, name="survey_leave"),
]
