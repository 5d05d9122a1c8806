"""Staff pages of the decisions tool, mounted at /staff/decisions/ from the manifest."""

from django.urls import path

from .views import index, trail

app_name = "decisions"
urlpatterns = [
    path("<slug:slug>/", index.index, name="index"),
    # dtrail: the decision trail of an action, back to the diaries.
    path("<slug:slug>/trail/<int:pk>/", trail.trail, name="trail"),
]

# criteria vote and concept selection (dcriteria)
from .views import criteria, selection  # noqa: E402

urlpatterns += [
    path("<slug:slug>/criteria/", criteria.criteria_index, name="criteria_index"),
    path("<slug:slug>/criteria/<int:pk>/", criteria.criteria_detail, name="criteria_detail"),
    path("<slug:slug>/criteria/<int:pk>/add/", criteria.criterion_add, name="criterion_add"),
    path("<slug:slug>/criteria/<int:pk>/choose/", criteria.criteria_choose, name="criteria_choose"),
    path(
        "<slug:slug>/criteria/<int:pk>/threshold/",
        criteria.criteria_threshold,
        name="criteria_threshold",
    ),
    path("<slug:slug>/criteria/<int:pk>/sheet.pdf", criteria.criteria_sheet, name="criteria_sheet"),
    path("<slug:slug>/criteria/<int:pk>/votes.csv", criteria.criteria_csv, name="criteria_csv"),
    path("<slug:slug>/selections/", selection.selection_index, name="selection_index"),
    path("<slug:slug>/selections/<int:pk>/", selection.selection_detail, name="selection_detail"),
    path(
        "<slug:slug>/selections/<int:pk>/decide/",
        selection.decision_record,
        name="decision_record",
    ),
    path("<slug:slug>/selections/<int:pk>/scores.csv", selection.scores_csv, name="scores_csv"),
    path(
        "<slug:slug>/decisions/<int:pk>/publish/",
        selection.decision_publish,
        name="decision_publish",
    ),
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
