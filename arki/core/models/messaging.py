"""The record of each text message the operator accepted, kept up to date by its reports."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..enums import SmsStatus


class SmsSend(models.Model):
    """One message handed to the SMS operator, and what its delivery reports said.

    Holds no text and only a masked number (``+358*******67``): the record answers "did it
    arrive?" for staff and jobs without becoming a second copy of anyone's contact details
    (nothing here needs erasing when a person's data is erased).
    """

    operator_id = models.CharField(_("operator's message id"), max_length=100, unique=True)
    reference = models.CharField(_("sender's reference"), max_length=100, blank=True)
    to_masked = models.CharField(_("recipient (masked)"), max_length=20)
    status = models.CharField(
        _("status"), max_length=10, choices=SmsStatus.choices, default=SmsStatus.ACCEPTED
    )
    operator_status = models.CharField(_("operator's status"), max_length=30, blank=True)
    operator_code = models.CharField(_("operator's error code"), max_length=30, blank=True)
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)
    status_at = models.DateTimeField(_("status changed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("text message sent")
        verbose_name_plural = _("text messages sent")
        ordering = ["-sent_at"]
        indexes = [models.Index(fields=["reference"])]

    def __str__(self) -> str:
        return f"{self.operator_id} ({self.get_status_display()})"
