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
