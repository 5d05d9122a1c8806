"""Translated choices of the core domain."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    FACILITATOR = "facilitator", _("Facilitator")
    PLANNING = "planning", _("Planning-group member")
    CONTACT = "contact", _("Municipal contact person")
    ANALYST = "analyst", _("Analyst")
    DECISION_MAKER = "decision_maker", _("Decision-maker")
    RESIDENT = "resident", _("Resident")
    VOLUNTEER = "volunteer", _("Volunteer")
    COORDINATOR = "coordinator", _("Help coordinator")
    ADMIN = "admin", _("Administrator")


class AgeBand(models.TextChoices):
    Y13_17 = "13-17", _("13–17 years")
    Y18_29 = "18-29", _("18–29 years")
    Y30_64 = "30-64", _("30–64 years")
    Y65_74 = "65-74", _("65–74 years")
    Y75_84 = "75-84", _("75–84 years")
    Y85 = "85+", _("85 years or older")


class AgeGroup(models.TextChoices):
    """The coarse groups the process reports by (the brief speaks of young and old people)."""

    YOUNG = "young", _("Young people")
    ADULT = "adult", _("Working-age adults")
    OLDER = "older", _("Older people")


AGE_GROUP_OF_BAND = {
    AgeBand.Y13_17: AgeGroup.YOUNG,
    AgeBand.Y18_29: AgeGroup.YOUNG,
    AgeBand.Y30_64: AgeGroup.ADULT,
    AgeBand.Y65_74: AgeGroup.OLDER,
    AgeBand.Y75_84: AgeGroup.OLDER,
    AgeBand.Y85: AgeGroup.OLDER,
}


class Language(models.TextChoices):
    FI = "fi", _("Finnish")
    SV = "sv", _("Swedish")
    EN = "en", _("English")


class ConsentPurpose(models.TextChoices):
    PARTICIPATION = "participation", _("Taking part in the development process")
    DIARY_RESEARCH = "diary_research", _("Use of the service map and diary in analysis")
    REMINDERS = "reminders", _("Reminders by e-mail or text message")
    QUOTES = "quotes", _("Publishing anonymous quotes")
    HELP_EXCHANGE = "help_exchange", _("Taking part in the help exchange")
    PHOTOS = "photos", _("Photographs at events")


class ConsentMethod(models.TextChoices):
    PAPER = "paper", _("On paper")
    ONLINE = "online", _("Online")
    PHONE = "phone", _("By phone")
    IN_PERSON = "in_person", _("In person")


class Channel(models.TextChoices):
    ONLINE = "online", _("Own device")
    TABLET = "tablet", _("Shared table tablet")
    PAPER = "paper", _("Paper")
    PHONE = "phone", _("By phone")


class PhaseKind(models.TextChoices):
    IDEATION = "ideation", _("Ideation")
    PLANNING = "planning", _("Planning")
    TESTING = "testing", _("Testing")
    IMPLEMENTATION = "implementation", _("Implementation")


class TargetGroup(models.TextChoices):
    RESIDENTS = "residents", _("Residents")
    YOUNG = "young", _("Young people")
    OLDER = "older", _("Older people")
    DECISION_MAKERS = "decision_makers", _("Decision-makers")
    PROVIDERS = "providers", _("Service providers")
    NGOS = "ngos", _("NGOs and parishes")
    EVERYONE = "everyone", _("Everyone")


class GroupKind(models.TextChoices):
    PROJECT = "project", _("Project group")
    PLANNING = "planning", _("Planning group")


class TaskStatus(models.TextChoices):
    TODO = "todo", _("To do")
    DOING = "doing", _("In progress")
    DONE = "done", _("Done")


class SessionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class ActivityState(models.TextChoices):
    DRAFT = "draft", _("Not started")
    OPEN = "open", _("Open for answers")
    CLOSED = "closed", _("Closed")


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class SmsStatus(models.TextChoices):
    """Where a text message is, as the operator's delivery reports tell it."""

    ACCEPTED = "accepted", _("Accepted by the operator")
    DELIVERED = "delivered", _("Delivered to the phone")
    FAILED = "failed", _("Not delivered")


class JobFailure(models.TextChoices):
    """Why a job failed when no exception of its own says it (shown to the user, translated)."""

    WORKER_LOST = (
        "worker_lost",
        _(
            "The worker running this job stopped, and this job cannot continue from where it was. "
            "Start it again."
        ),
    )
    TOO_MANY_ATTEMPTS = (
        "too_many_attempts",
        _(
            "The worker running this job stopped too many times; the job was given up. "
            "Start it again, and tell the administrator if this repeats."
        ),
    )


class AuditAction(models.TextChoices):
    VIEW = "view", _("Viewed personal data")
    EXPORT = "export", _("Exported personal data")
    ERASE = "erase", _("Erased personal data")
    CHANGE = "change", _("Changed personal data")
    CREATE = "create", _("Created personal data")
    ACCOUNT = "account", _("Changed a staff account or role")


class MessageChannel(models.TextChoices):
    """How a scheduled message reaches a person (arki.core.outbox)."""

    EMAIL = "email", _("E-mail")
    SMS = "sms", _("Text message")
    LETTER = "letter", _("Printed letter")


class OutboxStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    SENDING = "sending", _("Being sent")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    SKIPPED = "skipped", _("Not sent")


class OutboxReason(models.TextChoices):
    """Why a message was not sent (shown to staff on the messages page)."""

    NO_CHANNEL = "no_channel", _("No way to reach this person (no contact details, or opted out).")
    OPTED_OUT = "opted_out", _("The person opted out of this channel before it was sent.")
    ERASED = "erased", _("The person's data was erased.")
    GAVE_UP = "gave_up", _("Sending failed on every attempt.")
    INTERRUPTED = (
        "interrupted",
        _(
            "Sending was interrupted (the worker stopped); it may or may not have arrived. "
            "Check with the person before sending again."
        ),
    )
