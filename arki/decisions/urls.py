"""Staff pages of the decisions tool, mounted at /staff/decisions/ from the manifest."""

from django.urls import path

from .views import index

app_name = "decisions"
urlpatterns = [
    path("<slug:slug>/", index.index, name="index"),
]

# --- dactions: actions, progress notes, user testing, co-planning ------------------------
from .views import actions, testing  # noqa: E402

urlpatterns += [
    path("<slug:slug>/actions/", actions.action_list, name="actions"),
    path("<slug:slug>/actions/new/", actions.action_create, name="action_create"),
    path("<slug:slug>/actions/export.csv", actions.actions_csv, name="actions_csv"),
    path("<slug:slug>/actions/<int:pk>/", actions.action_detail, name="action_detail"),
    path("<slug:slug>/actions/<int:pk>/edit/", actions.action_edit, name="action_edit"),
    path("<slug:slug>/actions/<int:pk>/publish/", actions.action_publish, name="action_publish"),
    path("<slug:slug>/actions/<int:pk>/review/", actions.proposal_review, name="proposal_review"),
    path(
        "<slug:slug>/actions/<int:pk>/notes/<int:note>/publish/",
        actions.note_publish,
        name="note_publish",
    ),
    path("<slug:slug>/coplanning/", actions.coplanning, name="coplanning"),
    path("<slug:slug>/testing/", testing.testing, name="testing"),
    path("<slug:slug>/testing/<int:pk>/", testing.test_session, name="test_session"),
    path("<slug:slug>/testing/<int:pk>/export.csv", testing.feedback_csv, name="feedback_csv"),
    path("<slug:slug>/testing/<int:pk>/sheet.pdf", testing.feedback_sheet, name="feedback_sheet"),
]
