"""The decisions tool's data: from problems to a decision, its actions, and the trail back.

Workshop 4 (concept workshop): a `ConceptGroup` per table with its persona and service area,
its `Problem`s (at most 15, of which 3 are picked), five `Idea`s per picked problem and the
best idea with a sketch of how to implement it. Ideas gather into `Concept`s. Season 2:
`Criterion` and `CriterionVote` (important / not important), a `Selection` where
decision-makers `Score` concepts against the chosen criteria, the recorded `Decision`
(never edited: a new one supersedes it), `Action`s at three levels with `ActionNote`s,
`TestSession`s with `Feedback`, and `ActionPick`s of the co-planning workshop.

Personas belong to the analysis tool, which this tool must not import (it may not even be
installed): they are plain ids, checked through the registry capability `personas.of_process`
when written and again when published (as the canvases tool does).
"""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from arki.core.models.base import CivicModel, TranslatedFieldsMixin

from .enums import ActionLevel, ActionStatus, ProblemPickMethod, TesterGroup, WeightSource

#: The seed's funnel (brief §2.6): at most 15 problems, 3 most challenging, 5 ideas each.
MAX_PROBLEMS = 15
PICKED_PROBLEMS = 3
IDEAS_PER_PROBLEM = 5
#: A card-sized text: fits a line of the printed group sheet and the projector.
SHORT_TEXT = 280


class ConceptGroup(CivicModel):
    """One table of the concept workshop: a persona and its top-budgeted service area."""

    workshop = models.ForeignKey(
        "core.Workshop",
        verbose_name=_("workshop"),
        on_delete=models.CASCADE,
        related_name="concept_groups",
    )
    activity = models.ForeignKey(
        "core.SessionActivity",
        verbose_name=_("live activity"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="concept_groups",
    )
    number = models.PositiveSmallIntegerField(_("group number"))
    persona_id = models.PositiveIntegerField(_("persona"), null=True, blank=True)
    #: The persona's name when the group was set up, printed on the sheet (the persona may be
    #: renamed or unpublished later; the id is what the trail follows).
    label = models.CharField(_("persona or theme"), max_length=200)
    service_area = models.CharField(
        _("service area"),
        max_length=200,
        blank=True,
        help_text=_("Suggested from the voucher results of the group's persona."),
    )
    pick_method = models.CharField(
        _("how the three problems are picked"),
        max_length=12,
        choices=ProblemPickMethod.choices,
        default=ProblemPickMethod.DOTS,
    )

    class Meta:
        verbose_name = _("concept workshop group")
        verbose_name_plural = _("concept workshop groups")
        ordering = ["workshop", "number"]
        constraints = [
            models.UniqueConstraint(fields=["workshop", "number"], name="one_group_number")
        ]

    def __str__(self) -> str:
        return f"{self.number}: {self.label}"


class ConceptGroupSeat(CivicModel):
    """A participant's seat at a concept-workshop table: writes for that group only."""

    group = models.ForeignKey(
        ConceptGroup, verbose_name=_("group"), on_delete=models.CASCADE, related_name="members"
    )
    activity = models.ForeignKey(
        "core.SessionActivity", verbose_name=_("live activity"), on_delete=models.CASCADE
    )
    seat = models.ForeignKey(
        "core.Seat", verbose_name=_("seat"), on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        verbose_name = _("group member")
        verbose_name_plural = _("group members")
        constraints = [
            models.UniqueConstraint(fields=["activity", "seat"], name="one_concept_group_per_seat")
        ]


class Problem(CivicModel):
    """A problem between the group's persona and its needs (at most `MAX_PROBLEMS`)."""

    group = models.ForeignKey(
        ConceptGroup, verbose_name=_("group"), on_delete=models.CASCADE, related_name="problems"
    )
    text = models.CharField(_("problem"), max_length=SHORT_TEXT)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    #: One of the group's `PICKED_PROBLEMS` most challenging problems.
    picked = models.BooleanField(_("one of the three most challenging"), default=False)
    seat = models.ForeignKey(
        "core.Seat",
        verbose_name=_("written at seat"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    paper_entered = models.BooleanField(_("entered from paper"), default=False)

    class Meta:
        verbose_name = _("problem")
        verbose_name_plural = _("problems")
        ordering = ["group", "position", "pk"]

    def __str__(self) -> str:
        return self.text[:80]


class ProblemDot(CivicModel):
    """One participant's dot on a problem in the group's dot vote."""

    problem = models.ForeignKey(
        Problem, verbose_name=_("problem"), on_delete=models.CASCADE, related_name="dots"
    )
    seat = models.ForeignKey(
        "core.Seat", verbose_name=_("seat"), on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        verbose_name = _("dot")
        verbose_name_plural = _("dots")
        constraints = [models.UniqueConstraint(fields=["problem", "seat"], name="one_dot_per_seat")]


class Idea(CivicModel):
    """A solution idea for a picked problem (at most `IDEAS_PER_PROBLEM`); one is the best."""

    problem = models.ForeignKey(
        Problem, verbose_name=_("problem"), on_delete=models.CASCADE, related_name="ideas"
    )
    text = models.CharField(_("idea"), max_length=SHORT_TEXT)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    best = models.BooleanField(_("best idea for the problem"), default=False)
    implementation = models.TextField(
        _("how to implement it"), blank=True, help_text=_("A sketch, for the best idea.")
    )
    seat = models.ForeignKey(
        "core.Seat",
        verbose_name=_("written at seat"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    paper_entered = models.BooleanField(_("entered from paper"), default=False)

    class Meta:
        verbose_name = _("idea")
        verbose_name_plural = _("ideas")
        ordering = ["problem", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["problem"], condition=Q(best=True), name="one_best_idea_per_problem"
            )
        ]

    def __str__(self) -> str:
        return self.text[:80]


class Concept(TranslatedFieldsMixin, CivicModel):
    """A service concept gathered from best ideas of one or several groups."""

    process = models.ForeignKey(
        "core.Process", verbose_name=_("process"), on_delete=models.CASCADE, related_name="concepts"
    )
    name = models.CharField(_("name"), max_length=200)
    name_sv = models.CharField(_("name in Swedish"), max_length=200, blank=True)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)
    aim = models.TextField(_("aim"), blank=True)
    aim_sv = models.TextField(_("aim in Swedish"), blank=True)
    aim_en = models.TextField(_("aim in English"), blank=True)
    target_groups = models.JSONField(_("target groups"), default=list, blank=True)
    ideas = models.ManyToManyField(
        Idea, verbose_name=_("ideas"), related_name="concepts", blank=True
    )
    #: Problems it answers beyond those of its ideas (usually derived from the ideas).
    problems = models.ManyToManyField(
        Problem, verbose_name=_("problems"), related_name="concepts", blank=True
    )
    is_published = models.BooleanField(_("published"), default=False)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    class Meta:
        verbose_name = _("concept")
        verbose_name_plural = _("concepts")
        ordering = ["process", "name"]
        constraints = [
            models.UniqueConstraint(fields=["process", "name"], name="unique_concept_name")
        ]

    def __str__(self) -> str:
        return self.tr("name")


class Criterion(TranslatedFieldsMixin, CivicModel):
    """A criterion for choosing the concept to pilot, voted important or not (workshop 5)."""

    process = models.ForeignKey(
        "core.Process", verbose_name=_("process"), on_delete=models.CASCADE, related_name="criteria"
    )
    #: The criteria-vote activity it was proposed in (votes are valid only there).
    activity = models.ForeignKey(
        "core.SessionActivity",
        verbose_name=_("live activity"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="criteria",
    )
    text = models.CharField(_("criterion"), max_length=SHORT_TEXT)
    text_sv = models.CharField(_("criterion in Swedish"), max_length=SHORT_TEXT, blank=True)
    text_en = models.CharField(_("criterion in English"), max_length=SHORT_TEXT, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    proposed_by = models.ForeignKey(
        "core.Seat",
        verbose_name=_("proposed at seat"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    #: Carries on to the concept selection (by the threshold or the facilitator's pick).
    chosen = models.BooleanField(_("carries on to the selection"), default=False)

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["process", "position", "pk"]

    def __str__(self) -> str:
        return self.tr("text")


class CriterionVote(CivicModel):
    """One voter's mark on one criterion: important or not important."""

    criterion = models.ForeignKey(
        Criterion, verbose_name=_("criterion"), on_delete=models.CASCADE, related_name="votes"
    )
    seat = models.ForeignKey(
        "core.Seat", verbose_name=_("seat"), on_delete=models.CASCADE, related_name="+"
    )
    important = models.BooleanField(_("important"))

    class Meta:
        verbose_name = _("criterion vote")
        verbose_name_plural = _("criterion votes")
        constraints = [
            models.UniqueConstraint(fields=["criterion", "seat"], name="one_vote_per_criterion")
        ]


class Selection(TranslatedFieldsMixin, CivicModel):
    """Decision-makers score candidate concepts against the chosen criteria (workshop 6)."""

    process = models.ForeignKey(
        "core.Process",
        verbose_name=_("process"),
        on_delete=models.CASCADE,
        related_name="selections",
    )
    activity = models.ForeignKey(
        "core.SessionActivity",
        verbose_name=_("live activity"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="selections",
    )
    title = models.CharField(_("title"), max_length=200)
    title_sv = models.CharField(_("title in Swedish"), max_length=200, blank=True)
    title_en = models.CharField(_("title in English"), max_length=200, blank=True)
    concepts = models.ManyToManyField(
        Concept, verbose_name=_("candidate concepts"), related_name="+"
    )
    criteria = models.ManyToManyField(Criterion, verbose_name=_("criteria"), related_name="+")
    scale_min = models.PositiveSmallIntegerField(_("lowest score"), default=1)
    scale_max = models.PositiveSmallIntegerField(_("highest score"), default=5)
    weights = models.CharField(
        _("criterion weights"),
        max_length=8,
        choices=WeightSource.choices,
        default=WeightSource.EQUAL,
    )

    class Meta:
        verbose_name = _("concept selection")
        verbose_name_plural = _("concept selections")
        ordering = ["process", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(scale_min__lt=models.F("scale_max")), name="selection_scale_ordered"
            )
        ]

    def __str__(self) -> str:
        return self.title


class Score(CivicModel):
    """One decision-maker's score of one concept against one criterion."""

    selection = models.ForeignKey(
        Selection, verbose_name=_("selection"), on_delete=models.CASCADE, related_name="scores"
    )
    seat = models.ForeignKey(
        "core.Seat", verbose_name=_("seat"), on_delete=models.CASCADE, related_name="+"
    )
    concept = models.ForeignKey(Concept, verbose_name=_("concept"), on_delete=models.CASCADE)
    criterion = models.ForeignKey(Criterion, verbose_name=_("criterion"), on_delete=models.CASCADE)
    value = models.PositiveSmallIntegerField(_("score"))

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(
                fields=["selection", "seat", "concept", "criterion"], name="one_score_per_cell"
            )
        ]


class Decision(TranslatedFieldsMixin, CivicModel):
    """The recorded choice of the concept to pilot. Never edited: a new one supersedes it."""

    process = models.ForeignKey(
        "core.Process",
        verbose_name=_("process"),
        on_delete=models.CASCADE,
        related_name="decisions",
    )
    selection = models.ForeignKey(
        Selection,
        verbose_name=_("selection"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="decisions",
    )
    concept = models.ForeignKey(
        Concept,
        verbose_name=_("chosen concept"),
        on_delete=models.PROTECT,
        related_name="decisions",
    )
    decided_on = models.DateField(_("date of the decision"))
    participants = models.TextField(_("who took part"))
    rationale = models.TextField(_("rationale"))
    rationale_sv = models.TextField(_("rationale in Swedish"), blank=True)
    rationale_en = models.TextField(_("rationale in English"), blank=True)
    supersedes = models.OneToOneField(
        "self",
        verbose_name=_("supersedes"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="superseded_by",
    )
    is_published = models.BooleanField(_("published"), default=False)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["process", "decided_on", "pk"]

    def __str__(self) -> str:
        return f"{self.concept} ({self.decided_on})"


class Action(TranslatedFieldsMixin, CivicModel):
    """An action at one of three levels, with an owner (a person or an organisation)."""

    process = models.ForeignKey(
        "core.Process", verbose_name=_("process"), on_delete=models.CASCADE, related_name="actions"
    )
    concept = models.ForeignKey(
        Concept,
        verbose_name=_("concept"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="actions",
    )
    decision = models.ForeignKey(
        Decision,
        verbose_name=_("decision"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="actions",
    )
    title = models.CharField(_("title"), max_length=200)
    title_sv = models.CharField(_("title in Swedish"), max_length=200, blank=True)
    title_en = models.CharField(_("title in English"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    description_sv = models.TextField(_("description in Swedish"), blank=True)
    description_en = models.TextField(_("description in English"), blank=True)
    level = models.CharField(_("level"), max_length=20, choices=ActionLevel.choices)
    #: An organisation's or a person's name as the public sees it; empty = no owner (flagged).
    owner = models.CharField(_("owner"), max_length=200, blank=True)
    owner_user = models.ForeignKey(
        "core.User",
        verbose_name=_("owner's account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    partners = models.TextField(_("partners"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ActionStatus.choices, default=ActionStatus.IDEA
    )
    starts_on = models.DateField(_("starts"), null=True, blank=True)
    ends_on = models.DateField(_("ends"), null=True, blank=True)
    is_published = models.BooleanField(_("published"), default=False)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    # dactions: an action proposed on a phone in workshop 8 waits for staff review.
    activity = models.ForeignKey(
        "core.SessionActivity",
        verbose_name=_("live activity"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="proposed_actions",
    )
    proposed_by = models.ForeignKey(
        "core.Seat",
        verbose_name=_("proposed at seat"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    needs_review = models.BooleanField(_("waiting for staff review"), default=False)

    class Meta:
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        ordering = ["process", "level", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(starts_on__isnull=True)
                | Q(ends_on__isnull=True)
                | Q(starts_on__lte=models.F("ends_on")),
                name="action_dates_ordered",
            )
        ]

    def __str__(self) -> str:
        return self.tr("title")


class ActionNote(TranslatedFieldsMixin, CivicModel):
    """A progress note on an action; the public tracker and its feed show published ones."""

    action = models.ForeignKey(
        Action, verbose_name=_("action"), on_delete=models.CASCADE, related_name="notes"
    )
    text = models.TextField(_("progress note"))
    text_sv = models.TextField(_("progress note in Swedish"), blank=True)
    text_en = models.TextField(_("progress note in English"), blank=True)
    #: The status the action moved to with this note, if it changed.
    status = models.CharField(
        _("new status"), max_length=10, choices=ActionStatus.choices, blank=True
    )
    is_published = models.BooleanField(_("published"), default=False)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    class Meta:
        verbose_name = _("progress note")
        verbose_name_plural = _("progress notes")
        ordering = ["action", "created_at", "pk"]


class TestSession(TranslatedFieldsMixin, CivicModel):
    """A user-testing session with future users and implementers (workshop 9)."""

    process = models.ForeignKey(
        "core.Process",
        verbose_name=_("process"),
        on_delete=models.CASCADE,
        related_name="test_sessions",
    )
    workshop = models.ForeignKey(
        "core.Workshop",
        verbose_name=_("workshop"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
    )
    activity = models.ForeignKey(
        "core.SessionActivity",
        verbose_name=_("live activity"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="test_sessions",
    )
    title = models.CharField(_("title"), max_length=200)
    title_sv = models.CharField(_("title in Swedish"), max_length=200, blank=True)
    title_en = models.CharField(_("title in English"), max_length=200, blank=True)
    held_on = models.DateField(_("date"), null=True, blank=True)
    concept = models.ForeignKey(
        Concept, verbose_name=_("concept tested"), null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta:
        verbose_name = _("user-testing session")
        verbose_name_plural = _("user-testing sessions")
        ordering = ["process", "held_on", "pk"]

    def __str__(self) -> str:
        return self.title


class Feedback(CivicModel):
    """A tester's feedback card on a concept or an action."""

    session = models.ForeignKey(
        TestSession, verbose_name=_("session"), on_delete=models.CASCADE, related_name="feedback"
    )
    seat = models.ForeignKey(
        "core.Seat",
        verbose_name=_("seat"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    tester_group = models.CharField(_("tester group"), max_length=8, choices=TesterGroup.choices)
    concept = models.ForeignKey(
        Concept, verbose_name=_("concept"), null=True, blank=True, on_delete=models.CASCADE
    )
    action = models.ForeignKey(
        Action, verbose_name=_("action"), null=True, blank=True, on_delete=models.CASCADE
    )
    obstacle = models.TextField(_("obstacle"), blank=True)
    opportunity = models.TextField(_("opportunity"), blank=True)
    intermediate_step = models.TextField(_("suggested intermediate step"), blank=True)
    feasibility = models.PositiveSmallIntegerField(
        _("feasibility (1–5)"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    paper_entered = models.BooleanField(_("entered from paper"), default=False)

    class Meta:
        verbose_name = _("feedback card")
        verbose_name_plural = _("feedback cards")
        ordering = ["session", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(feasibility__gte=1) & Q(feasibility__lte=5), name="feasibility_1_to_5"
            ),
            models.CheckConstraint(
                condition=Q(concept__isnull=False) | Q(action__isnull=False),
                name="feedback_on_concept_or_action",
            ),
        ]


class ActionPick(CivicModel):
    """Co-planning (workshop 10): a participant takes an action forward, for a party."""

    action = models.ForeignKey(
        Action, verbose_name=_("action"), on_delete=models.CASCADE, related_name="picks"
    )
    activity = models.ForeignKey(
        "core.SessionActivity",
        verbose_name=_("live activity"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="action_picks",
    )
    seat = models.ForeignKey(
        "core.Seat", verbose_name=_("seat"), on_delete=models.CASCADE, related_name="+"
    )
    #: The organisation or group the participant speaks for ("Kuhmon kaupunki", "4H").
    party = models.CharField(_("party"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("action pick")
        verbose_name_plural = _("action picks")
        constraints = [
            models.UniqueConstraint(fields=["action", "seat"], name="one_pick_per_action_and_seat")
        ]
