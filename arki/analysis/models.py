"""Analysis workspace: codebook, redactions, assignments, codings, memos, groups, personas.

Diary text itself stays in the insight tool (`insight.DiaryDay`); this app stores only
offsets into it. Analysts always read the text through `text.mask`, so a redacted span is
hidden on every page, export and search result alike.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from arki.core.enums import AgeBand, AgeGroup
from arki.core.models import CivicModel, TranslatedFieldsMixin

from .enums import ClusterMethod, DiaryField, PersonaStatus


def k_anonymity() -> int:
    """The smallest publishable group; never below 3 whatever the settings say."""
    return max(3, int(getattr(settings, "ARKI_K_ANONYMITY", 5)))


class Code(TranslatedFieldsMixin, CivicModel):
    """A code of the process's hierarchical codebook."""

    process = models.ForeignKey(
        "core.Process", verbose_name=_("process"), on_delete=models.CASCADE, related_name="codes"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent code"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    name = models.CharField(_("name"), max_length=80)
    name_sv = models.CharField(_("name in Swedish"), max_length=80, blank=True)
    name_en = models.CharField(_("name in English"), max_length=80, blank=True)
    description = models.TextField(_("description"), blank=True)
    color = models.CharField(_("colour"), max_length=7, default="#0072c6")
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("code")
        verbose_name_plural = _("codes")
        ordering = ["process", "position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["process", "name"], name="unique_analysis_code_name")
        ]

    def __str__(self) -> str:
        return self.tr("name")

    def clean(self) -> None:
        if self.parent is not None and self.parent.process_id != self.process_id:
            raise ValidationError({"parent": _("The parent code belongs to another process.")})
        node = self.parent
        while node is not None:
            if node.pk == self.pk:
                raise ValidationError({"parent": _("A code cannot be its own ancestor.")})
            node = node.parent


class Redaction(CivicModel):
    """A span of one diary answer hidden from analysts (e.g. a name a resident wrote)."""

    day = models.ForeignKey(
        "insight.DiaryDay",
        verbose_name=_("diary day"),
        on_delete=models.CASCADE,
        related_name="analysis_redactions",
    )
    field = models.CharField(_("answer"), max_length=20, choices=DiaryField.choices)
    start = models.PositiveIntegerField(_("start"))
    end = models.PositiveIntegerField(_("end"))

    class Meta:
        verbose_name = _("redaction")
        verbose_name_plural = _("redactions")
        ordering = ["day", "field", "start"]

    def __str__(self) -> str:
        return f"{self.day_id}/{self.field} {self.start}–{self.end}"


class HiddenPhrase(CivicModel):
    """A text staff hid everywhere in one participant's texts ("Hide everywhere").

    Diary answers get a `Redaction` span per occurrence; the phrase itself is kept too, so
    that the service-map rows written in own words (which have no spans) hide it as well.
    """

    participant = models.ForeignKey(
        "insight.Participant",
        verbose_name=_("diary"),
        on_delete=models.CASCADE,
        related_name="analysis_hidden_phrases",
    )
    text = models.CharField(_("hidden text"), max_length=200)

    class Meta:
        verbose_name = _("hidden text")
        verbose_name_plural = _("hidden texts")
        ordering = ["participant", "text"]
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "text"], name="unique_analysis_hidden_phrase"
            )
        ]

    def __str__(self) -> str:
        return f"{self.participant_id}: {self.text}"


class Assignment(CivicModel):
    """A diary (one participant's) given to an analyst to code."""

    participant = models.ForeignKey(
        "insight.Participant",
        verbose_name=_("diary"),
        on_delete=models.CASCADE,
        related_name="analysis_assignments",
    )
    analyst = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("analyst"),
        on_delete=models.CASCADE,
        related_name="analysis_assignments",
    )

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["participant__person__code", "analyst__username"]
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "analyst"], name="unique_analysis_assignment"
            )
        ]

    def __str__(self) -> str:
        return f"{self.participant.person.code} → {self.analyst}"


class Coding(CivicModel):
    """A code applied by one coder to a span of one diary answer (offsets into the text)."""

    process = models.ForeignKey(
        "core.Process", verbose_name=_("process"), on_delete=models.CASCADE, related_name="+"
    )
    day = models.ForeignKey(
        "insight.DiaryDay",
        verbose_name=_("diary day"),
        on_delete=models.CASCADE,
        related_name="analysis_codings",
    )
    field = models.CharField(_("answer"), max_length=20, choices=DiaryField.choices)
    start = models.PositiveIntegerField(_("start"))
    end = models.PositiveIntegerField(_("end"))
    code = models.ForeignKey(
        Code, verbose_name=_("code"), on_delete=models.PROTECT, related_name="codings"
    )
    coder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("coder"),
        on_delete=models.PROTECT,
        related_name="analysis_codings",
    )

    class Meta:
        verbose_name = _("coded segment")
        verbose_name_plural = _("coded segments")
        ordering = ["day", "field", "start", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["day", "field", "start", "end", "code", "coder"],
                name="unique_analysis_coding",
            ),
            models.CheckConstraint(
                condition=models.Q(end__gt=models.F("start")), name="coding_end_after_start"
            ),
        ]
        indexes = [models.Index(fields=["process", "coder"])]

    def __str__(self) -> str:
        return f"{self.code} @ {self.day_id}/{self.field} {self.start}–{self.end}"


class Memo(CivicModel):
    """An analyst's note about one participant (pseudonymous, like everything here)."""

    person = models.ForeignKey(
        "core.Person",
        verbose_name=_("participant"),
        on_delete=models.CASCADE,
        related_name="analysis_memos",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="analysis_memos",
    )
    text = models.TextField(_("memo"))

    class Meta:
        verbose_name = _("memo")
        verbose_name_plural = _("memos")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.person.code}: {self.text[:40]}"


class ClusterRun(CivicModel):
    """One clustering of the process's participants, with the choices it was made with."""

    process = models.ForeignKey(
        "core.Process",
        verbose_name=_("process"),
        on_delete=models.CASCADE,
        related_name="cluster_runs",
    )
    method = models.CharField(_("method"), max_length=10, choices=ClusterMethod.choices)
    k_min = models.PositiveSmallIntegerField(_("fewest groups to try"), default=2)
    k_max = models.PositiveSmallIntegerField(_("most groups to try"), default=6)
    k_override = models.PositiveSmallIntegerField(
        _("number of groups (override)"),
        null=True,
        blank=True,
        help_text=_("Leave empty to use the number the silhouette score proposes."),
    )
    pooled_age_groups = models.JSONField(
        _("age groups clustered across municipalities"), default=list, blank=True
    )
    merge_small_groups = models.BooleanField(
        _("merge small groups across municipalities"),
        default=True,
        help_text=_("Otherwise groups smaller than k are kept but cannot be published."),
    )
    k_anonymity = models.PositiveSmallIntegerField(_("smallest publishable group"))
    feature_names = models.JSONField(_("features"), default=list)
    overall = models.JSONField(_("means of all participants"), default=dict)
    slices = models.JSONField(_("per municipality and age group"), default=list)

    class Meta:
        verbose_name = _("clustering run")
        verbose_name_plural = _("clustering runs")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_method_display()} {self.created_at:%Y-%m-%d %H:%M}"


class Cluster(CivicModel):
    """A group of similar participants; `publishable` only when it meets k-anonymity."""

    run = models.ForeignKey(
        ClusterRun, verbose_name=_("run"), on_delete=models.CASCADE, related_name="clusters"
    )
    number = models.PositiveSmallIntegerField(_("number"))
    age_group = models.CharField(_("age group"), max_length=10, choices=AgeGroup.choices)
    municipalities = models.ManyToManyField(
        "core.Municipality", verbose_name=_("municipalities"), related_name="+"
    )
    members = models.ManyToManyField(
        "core.Person", verbose_name=_("members"), related_name="analysis_clusters"
    )
    size = models.PositiveIntegerField(_("members"))
    merged = models.BooleanField(_("merged across municipalities"), default=False)
    publishable = models.BooleanField(_("meets k-anonymity"), default=True)
    summary = models.JSONField(_("how the group differs"), default=dict)

    class Meta:
        verbose_name = _("group")
        verbose_name_plural = _("groups")
        ordering = ["run", "number"]

    def __str__(self) -> str:
        return _("Group %(number)s") % {"number": self.number}


#: The persona's texts, each also in Swedish and English (`<field>_sv`, `<field>_en`).
PERSONA_TEXTS = ("name", "description", "typical_week", "pains", "gains", "needs")


class Persona(TranslatedFieldsMixin, CivicModel):
    """A customer profile built from a group; published only with at least k supporters."""

    process = models.ForeignKey(
        "core.Process", verbose_name=_("process"), on_delete=models.CASCADE, related_name="personas"
    )
    cluster = models.ForeignKey(
        Cluster,
        verbose_name=_("group"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="personas",
    )
    name = models.CharField(_("name"), max_length=80)
    name_sv = models.CharField(_("name in Swedish"), max_length=80, blank=True)
    name_en = models.CharField(_("name in English"), max_length=80, blank=True)
    description = models.TextField(_("short description"), blank=True)
    description_sv = models.TextField(_("short description in Swedish"), blank=True)
    description_en = models.TextField(_("short description in English"), blank=True)
    age_band = models.CharField(_("age band"), max_length=5, choices=AgeBand.choices, blank=True)
    municipalities = models.ManyToManyField(
        "core.Municipality", verbose_name=_("municipalities"), blank=True, related_name="+"
    )
    typical_week = models.TextField(_("a typical week"), blank=True)
    typical_week_sv = models.TextField(_("a typical week in Swedish"), blank=True)
    typical_week_en = models.TextField(_("a typical week in English"), blank=True)
    pains = models.TextField(_("pains"), blank=True)
    pains_sv = models.TextField(_("pains in Swedish"), blank=True)
    pains_en = models.TextField(_("pains in English"), blank=True)
    gains = models.TextField(_("gains"), blank=True)
    gains_sv = models.TextField(_("gains in Swedish"), blank=True)
    gains_en = models.TextField(_("gains in English"), blank=True)
    needs = models.TextField(_("needs"), blank=True)
    needs_sv = models.TextField(_("needs in Swedish"), blank=True)
    needs_en = models.TextField(_("needs in English"), blank=True)
    quotes = models.ManyToManyField(
        Coding, verbose_name=_("representative quotes"), blank=True, related_name="personas"
    )
    supporters = models.ManyToManyField(
        "core.Person", verbose_name=_("supporting participants"), blank=True, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=PersonaStatus.choices, default=PersonaStatus.DRAFT
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        verbose_name = _("persona")
        verbose_name_plural = _("personas")
        ordering = ["process", "name"]
        constraints = [
            models.UniqueConstraint(fields=["process", "name"], name="unique_persona_name")
        ]

    def __str__(self) -> str:
        return self.tr("name")

    def clean(self) -> None:
        """The k-anonymity rule lives here too, so the admin and forms cannot skip it."""
        if self.status == PersonaStatus.PUBLISHED and self.pk:
            count = self.supporters.count()
            if count < k_anonymity():
                raise ValidationError(
                    {
                        "status": _(
                            "A persona can be published only when at least %(k)d participants "
                            "support it; this one has %(count)d."
                        )
                        % {"k": k_anonymity(), "count": count}
                    }
                )


class PersonaVersion(models.Model):
    """A frozen copy of a persona, written on every change, so earlier cards can be shown."""

    persona = models.ForeignKey(
        Persona, verbose_name=_("persona"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version"))
    snapshot = models.JSONField(_("content"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("persona version")
        verbose_name_plural = _("persona versions")
        ordering = ["persona", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["persona", "number"], name="unique_persona_version")
        ]

    def __str__(self) -> str:
        return f"{self.persona} v{self.number}"
