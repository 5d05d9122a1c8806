"""Public pages of the decisions tool, mounted at /decisions/ (app "decisions_public").

Each engineer's pages are in a marked block; add yours below, in a block of your own.
"""

from django.urls import path

app_name = "decisions_public"
urlpatterns: list = []

# --- dactions: the public action tracker and its Atom feed --------------------------------
from .views import tracker  # noqa: E402

urlpatterns += [
    path("<slug:slug>/actions/", tracker.tracker, name="tracker"),
    path("<slug:slug>/actions/feed.atom", tracker.TrackerFeed(), name="feed"),
    path("<slug:slug>/actions/<int:pk>/", tracker.tracker_action, name="action"),
]
