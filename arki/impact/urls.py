"""Staff pages of the impact tool, mounted at /staff/impact/ from the manifest."""

from django.urls import path

from .views import index
from .views import stories as stories_views  # istories

app_name = "impact"
urlpatterns = [
    path("<slug:slug>/", index.index, name="index"),
]

# --- istories: community reporters' stories (moderation, publishing, reporters) ---
urlpatterns += [
    path("<slug:slug>/stories/", stories_views.stories, name="stories"),
    path("<slug:slug>/stories/<int:pk>/", stories_views.story, name="story"),
    path(
        "<slug:slug>/stories/<int:pk>/publish/", stories_views.story_publish, name="story_publish"
    ),
    path(
        "<slug:slug>/stories/<int:pk>/media/<int:media>/",
        stories_views.story_media,
        name="story_media",
    ),
    path("<slug:slug>/reporters/", stories_views.reporters, name="reporters"),
]
# --- end istories ---
