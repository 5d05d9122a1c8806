"""Staff URLs of the budgeting tool, mounted at /staff/budgeting/ (process slug first)."""

from django.urls import path

from .views import exports, participant, staff

app_name = "budgeting"
urlpatterns = [
    path("<slug:slug>/", staff.round_list, name="round_list"),
    path("<slug:slug>/new/", staff.round_create, name="round_create"),
    path("<slug:slug>/export.csv", exports.process_export_csv, name="export_process_csv"),
    path("<slug:slug>/rounds/<int:pk>/", staff.round_detail, name="round_detail"),
    path("<slug:slug>/rounds/<int:pk>/items/", staff.item_add, name="item_add"),
    path(
        "<slug:slug>/rounds/<int:pk>/items/<int:item>/remove/",
        staff.item_remove,
        name="item_remove",
    ),
    path("<slug:slug>/rounds/<int:pk>/start/", staff.round_start, name="round_start"),
    path("<slug:slug>/rounds/<int:pk>/close/", staff.round_close, name="round_close"),
    path("<slug:slug>/rounds/<int:pk>/publish/", staff.round_publish, name="round_publish"),
    path("<slug:slug>/rounds/<int:pk>/results/", staff.results, name="results"),
    path("<slug:slug>/rounds/<int:pk>/paper/", staff.paper, name="paper"),
    path(
        "<slug:slug>/rounds/<int:pk>/paper/<int:tally>/<str:action>/",
        staff.tally_action,
        name="tally_action",
    ),
    path("<slug:slug>/rounds/<int:pk>/tablet/", participant.tablet, name="tablet"),
    path(
        "<slug:slug>/rounds/<int:pk>/export.<str:fmt>",
        exports.round_export,
        name="round_export",
    ),
]
