"""Staff pages of the decisions tool, mounted at /staff/decisions/ from the manifest."""

from django.urls import path

from .views import index

app_name = "decisions"
urlpatterns = [
    path("<slug:slug>/", index.index, name="index"),
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
