"""Background jobs whose progress a user can watch and whose failure is never lost."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..enums import JobFailure, JobStatus


class Job(models.Model):
    """One run of a registered job function.

    `state` is the job's own checkpoint: a job that is interrupted (a worker restart) starts
    again from it instead of from the beginning.
    """

    kind = models.CharField(_("job"), max_length=80)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED
    )
    done = models.PositiveIntegerField(_("steps done"), default=0)
    total = models.PositiveIntegerField(_("steps in all"), default=0)
    message = models.CharField(_("message"), max_length=300, blank=True)
    error = models.TextField(_("error"), blank=True)
    # Set when the job failed for a reason of the runner (its worker died), not of its own.
    failure = models.CharField(
        _("reason of failure"), max_length=20, choices=JobFailure.choices, blank=True
    )
    result = models.JSONField(_("result"), default=dict, blank=True)
    state = models.JSONField(_("checkpoint"), default=dict, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    # Touched by the worker while the job runs: a running job whose heartbeat stopped lost its
    # worker (`jobs_recover`).
    heartbeat_at = models.DateTimeField(_("last sign of life"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    result_file = models.FileField(_("result file"), upload_to="jobs/", blank=True)
    # Set when the retention rule deleted the result file (`arki purge_files`).
    file_expired_at = models.DateTimeField(_("result file deleted at"), null=True, blank=True)

    class Meta:
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["status", "heartbeat_at"], name="core_job_status_heartbeat")
        ]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk}"

    @property
    def percent(self) -> int:
        if self.status == JobStatus.DONE:
            return 100
        return int(100 * self.done / self.total) if self.total else 0

    @property
    def is_finished(self) -> bool:
        return self.status in {JobStatus.DONE, JobStatus.FAILED}
