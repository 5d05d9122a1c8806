"""Staff pages of the impact tool, mounted at /staff/impact/ from the manifest."""

from django.urls import path

from .views import index

app_name = "impact"
urlpatterns = [
    path("<slug:slug>/", index.index, name="index"),
]
