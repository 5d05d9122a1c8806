"""Staff pages of the decisions tool, mounted at /staff/decisions/ from the manifest."""

from django.urls import path

from .views import index

app_name = "decisions"
urlpatterns = [
    path("<slug:slug>/", index.index, name="index"),
]
