"""Staff pages, mounted at /staff/analysis/; every URL starts with the process slug."""

from django.urls import path

from .views import files, groups, workspace

app_name = "analysis"
urlpatterns = [
    path("<slug:slug>/", workspace.overview, name="overview"),
    path("<slug:slug>/diaries/", workspace.diary_list, name="diaries"),
    path("<slug:slug>/diaries/<str:code>/", workspace.diary_view, name="diary"),
    path(
        "<slug:slug>/diaries/<str:code>/codings/<str:key>/add/",
        workspace.coding_add,
        name="coding_add",
    ),
    path(
        "<slug:slug>/diaries/<str:code>/codings/<int:pk>/delete/",
        workspace.coding_delete,
        name="coding_delete",
    ),
    path("<slug:slug>/diaries/<str:code>/memos/", workspace.memo_add, name="memo_add"),
    path(
        "<slug:slug>/diaries/<str:code>/memos/<int:pk>/delete/",
        workspace.memo_delete,
        name="memo_delete",
    ),
    path("<slug:slug>/codebook/", workspace.codebook_view, name="codebook"),
    path("<slug:slug>/codebook/import/", files.import_qdpx, name="import"),
    path("<slug:slug>/search/", workspace.search, name="search"),
    path("<slug:slug>/agreement/", workspace.agreement, name="agreement"),
    path("<slug:slug>/assign/", workspace.assign, name="assign"),
    path("<slug:slug>/redact/", workspace.redact_list, name="redact"),
    path("<slug:slug>/redact/<str:code>/", workspace.redact_diary, name="redact_diary"),
    path(
        "<slug:slug>/redact/<str:code>/<int:pk>/delete/",
        workspace.redaction_delete,
        name="redaction_delete",
    ),
    path("<slug:slug>/groups/", groups.runs, name="runs"),
    path("<slug:slug>/groups/<int:pk>/", groups.run_view, name="run"),
    path("<slug:slug>/groups/group/<int:pk>/", groups.cluster_view, name="cluster"),
    path("<slug:slug>/personas/", groups.personas, name="personas"),
    path("<slug:slug>/personas/<int:pk>/", groups.persona_view, name="persona"),
    path("<slug:slug>/personas/<int:pk>/edit/", groups.persona_edit, name="persona_edit"),
    path("<slug:slug>/personas/<int:pk>/publish/", groups.persona_publish, name="persona_publish"),
    path("<slug:slug>/personas/<int:pk>/card.pdf", files.persona_card_pdf, name="persona_pdf"),
    path(
        "<slug:slug>/export/segments.csv",
        files.export_segments,
        {"fmt": "csv"},
        name="export_segments_csv",
    ),
    path(
        "<slug:slug>/export/segments.xlsx",
        files.export_segments,
        {"fmt": "xlsx"},
        name="export_segments_xlsx",
    ),
    path("<slug:slug>/export/project.qdpx", files.export_qdpx, name="export_qdpx"),
    path("<slug:slug>/api/personas/", files.api_personas, name="api_personas"),
    path(
        "<slug:slug>/api/personas/<int:pk>/publish/",
        files.api_persona_publish,
        name="api_persona_publish",
    ),
]
