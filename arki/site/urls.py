"""The public process website."""

from django.urls import path

from . import views

app_name = "site"
urlpatterns = [
    path("", views.index, name="index"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("privacy/", views.privacy, name="privacy"),
    path("p/<slug:slug>/", views.process_home, name="process"),
    path("p/<slug:slug>/workshops/<int:position>/", views.workshop, name="workshop"),
    path("p/<slug:slug>/news/", views.news_list, name="news_list"),
    path("p/<slug:slug>/news/<slug:news_slug>/", views.news_detail, name="news_detail"),
    path("p/<slug:slug>/contacts/", views.contacts, name="contacts"),
    path("p/<slug:slug>/feed.atom", views.AtomFeed(), name="feed"),
    path("p/<slug:slug>/calendar.ics", views.calendar, name="calendar"),
    path("p/<slug:slug>/data/", views.open_data, name="data"),
    path("p/<slug:slug>/data/datapackage.json", views.open_data_package, name="data_package"),
    path("p/<slug:slug>/data/<slug:name>.csv", views.open_data_csv, name="data_csv"),
    path(
        "p/<slug:slug>/data/<slug:name>.jsonstat.json",
        views.open_data_jsonstat,
        name="data_jsonstat",
    ),
    path(
        "p/<slug:slug>/data/<slug:name>/<str:filename>",
        views.open_data_file,
        name="data_file",
    ),
]
