"""Public pages of the decisions tool, mounted at /decisions/ (app "decisions_public").

Each engineer's pages are in a marked block; add yours below, in a block of your own.
"""

from django.urls import path

app_name = "decisions_public"
urlpatterns: list = []

# criteria vote (dcriteria): a participant proposes a criterion (the seat secret counts)
from .views import criteria as criteria_views  # noqa: E402

urlpatterns += [
    path(
        "<str:code>/<int:activity>/propose/",
        criteria_views.criterion_propose,
        name="criterion_propose",
    ),
]

# --- dtrail: the public decision trail of a published action -------------------------------
from .views import trail  # noqa: E402

urlpatterns += [
    path("<slug:slug>/trail/<int:pk>/", trail.public_trail, name="trail"),
]

# --- dactions: the public action tracker and its Atom feed --------------------------------
from .views import tracker  # noqa: E402

urlpatterns += [
    path("<slug:slug>/actions/", tracker.tracker, name="tracker"),
    path("<slug:slug>/actions/feed.atom", tracker.TrackerFeed(), name="feed"),
    path("<slug:slug>/actions/<int:pk>/", tracker.tracker_action, name="action"),
]

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
