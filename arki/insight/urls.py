"""Staff pages, mounted at /staff/insight/; every URL starts with the process slug."""

from django.urls import path

from .views import files, staff

app_name = "insight"
urlpatterns = [
    path("<slug:slug>/", staff.overview, name="overview"),
    path("<slug:slug>/enrol/", staff.enrol_all, name="enrol_all"),
    path("<slug:slug>/participants/", staff.participant_list, name="participants"),
    path("<slug:slug>/participants/<str:code>/", staff.participant_view, name="participant"),
    path("<slug:slug>/participants/<str:code>/kit.pdf", files.kit_single, name="kit_single"),
    path("<slug:slug>/entry/", staff.entry_find, name="entry_find"),
    path("<slug:slug>/entry/<str:code>/", staff.entry_kit, name="entry"),
    path("<slug:slug>/entry/<str:code>/resolve/", staff.entry_resolve, name="entry_resolve"),
    path("<slug:slug>/charts/", staff.charts, name="charts"),
    path("<slug:slug>/charts.pdf", files.charts_download, name="charts_pdf"),
    path("<slug:slug>/catalogue/", staff.catalogue_view, name="catalogue"),
    path("<slug:slug>/reminders/", staff.reminders, name="reminders"),
    path("<slug:slug>/call-list/", staff.call_list, name="call_list"),
    path("<slug:slug>/settings/", staff.settings_view, name="settings"),
    *[
        path(
            f"<slug:slug>/export/{kind}.{fmt}",
            files.export,
            {"kind": kind, "fmt": fmt},
            name=f"export_{kind}_{fmt}",
        )
        for kind in ("maps", "diaries")
        for fmt in ("csv", "xlsx")
    ],
    path("<slug:slug>/export/<int:pk>/", files.export_status, name="export_status"),
    path("<slug:slug>/export/<int:pk>/download/", files.export_download, name="export_download"),
    path("<slug:slug>/import/", files.import_view, name="import"),
    path("<slug:slug>/import/<int:pk>/", files.import_status, name="import_status"),
    path("<slug:slug>/kits/", files.kits, name="kits"),
    path("<slug:slug>/kits/<int:pk>/", files.kits_status, name="kits_status"),
    path("<slug:slug>/kits/<int:pk>/download/", files.kits_download, name="kits_download"),
]
