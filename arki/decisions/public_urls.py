"""Public pages of the decisions tool, mounted at /decisions/ (published rows only)."""

from django.urls import path

from .views import trail

app_name = "decisions_public"
urlpatterns = [
    # dtrail: the public decision trail of a published action.
    path("<slug:slug>/trail/<int:pk>/", trail.public_trail, name="trail"),
]
