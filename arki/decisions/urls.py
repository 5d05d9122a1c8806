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

# concept workshop and concepts (dconcept)
from .views import concept  # noqa: E402

urlpatterns += [
    path("<slug:slug>/concept-workshop/", concept.workshops, name="concept_workshops"),
    path(
        "<slug:slug>/concept-workshop/<int:position>/",
        concept.workshop,
        name="concept_workshop",
    ),
    path(
        "<slug:slug>/concept-workshop/<int:position>/set-up/",
        concept.set_up,
        name="concept_set_up",
    ),
    path("<slug:slug>/groups/<int:pk>/", concept.group, name="concept_group"),
    path(
        "<slug:slug>/groups/<int:pk>/pick/<int:problem>/",
        concept.problem_pick,
        name="concept_pick",
    ),
    path("<slug:slug>/groups/<int:pk>/paper/", concept.paper, name="concept_paper"),
    path("<slug:slug>/groups/<int:pk>/sheet.pdf", concept.sheet_pdf, name="concept_sheet"),
    path("<slug:slug>/concepts/", concept.concepts, name="concepts"),
    path("<slug:slug>/concepts/new/", concept.concept_new, name="concept_new"),
    path("<slug:slug>/concepts/<int:pk>/", concept.concept_edit, name="concept_edit"),
    path(
        "<slug:slug>/concepts/<int:pk>/publish/",
        concept.concept_publish,
        name="concept_publish",
    ),
    path(
        "<slug:slug>/concepts/<int:pk>/delete/",
        concept.concept_delete,
        name="concept_delete",
    ),
    path("<slug:slug>/concepts.json", concept.concepts_json, name="concepts_json"),
    path("<slug:slug>/concepts.csv", concept.concepts_csv, name="concepts_csv"),
]
