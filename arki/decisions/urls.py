"""Staff pages of the decisions tool, mounted at /staff/decisions/ from the manifest."""

from django.urls import path

from .views import index, trail

app_name = "decisions"
urlpatterns = [
    path("<slug:slug>/", index.index, name="index"),
    # dtrail: the decision trail of an action, back to the diaries.
    path("<slug:slug>/trail/<int:pk>/", trail.trail, name="trail"),
]
