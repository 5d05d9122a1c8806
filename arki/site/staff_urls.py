"""Staff pages that write the public website's news, mounted at /staff/news/."""

from django.urls import path

from . import staff_views

app_name = "news"
urlpatterns = [
    path("<slug:slug>/", staff_views.news_admin_list, name="list"),
    path("<slug:slug>/new/", staff_views.news_admin_create, name="create"),
    path("<slug:slug>/<int:pk>/edit/", staff_views.news_admin_edit, name="edit"),
    path("<slug:slug>/<int:pk>/preview/", staff_views.news_admin_preview, name="preview"),
    path("<slug:slug>/<int:pk>/publish/", staff_views.news_admin_publish, name="publish"),
]
