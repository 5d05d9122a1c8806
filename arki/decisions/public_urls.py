"""Public pages of the decisions tool, mounted at /decisions/ (no account)."""

from django.urls import path

app_name = "decisions_public"
urlpatterns: list = []

# concept workshop tables on phones and tablets: the seat secret counts (dconcept)
from .views import concept_participant as table  # noqa: E402

urlpatterns += [
    path("table/<str:code>/<int:activity>/", table.table, name="table"),
    path("table/<str:code>/<int:activity>/problems/", table.problem_add, name="problem_add"),
    path(
        "table/<str:code>/<int:activity>/problems/<int:problem>/dot/",
        table.problem_dot,
        name="problem_dot",
    ),
    path("table/<str:code>/<int:activity>/pick/", table.pick, name="pick"),
    path(
        "table/<str:code>/<int:activity>/problems/<int:problem>/ideas/",
        table.idea_add,
        name="idea_add",
    ),
    path(
        "table/<str:code>/<int:activity>/ideas/<int:idea>/best/",
        table.idea_best,
        name="idea_best",
    ),
    path(
        "table/<str:code>/<int:activity>/ideas/<int:idea>/how/",
        table.idea_implementation,
        name="idea_implementation",
    ),
]
