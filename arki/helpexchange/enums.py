"""Translated choices of the help exchange."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationKind(models.TextChoices):
    MUNICIPALITY = "municipality", _("Municipality")
    NGO = "ngo", _("NGO")
    PARISH = "parish", _("Parish")
    SCHOOL = "school", _("School")


class SafetyPolicyKey(models.TextChoices):
    """Keys of `matching.safety.POLICIES` (a test checks they stay in step)."""

    STANDARD = "standard", _("Standard: a minor never alone inside a home")
    STRICT = "strict", _("Strict: minors take low-risk tasks only, check-in for every task")


class TaskType(models.TextChoices):
    SHOPPING = "shopping", _("Shopping")
    POST = "post", _("Fetching the post")
    WALK = "walk", _("Company on a walk")
    IT_GUIDANCE = "it_guidance", _("IT guidance")
    HOME_CHORES = "home_chores", _("Small home chores")
    ERRAND = "errand", _("Accompanying on an errand")
    OTHER = "other", _("Other")


class Recurrence(models.TextChoices):
    ONCE = "once", _("One-off")
    WEEKLY = "weekly", _("Every week")
    BIWEEKLY = "biweekly", _("Every other week")
    MONTHLY = "monthly", _("Every month")


class RequestChannel(models.TextChoices):
    WEB = "web", _("Web")
    PHONE = "phone", _("Phone call to a coordinator")
    PROXY = "proxy", _("Proxy")


class RequestStatus(models.TextChoices):
    OPEN = "open", _("Looking for a helper")
    ASSIGNED = "assigned", _("Helper confirmed")
    DONE = "done", _("Done")
    EXPIRED = "expired", _("Expired without a helper")
    CANCELLED = "cancelled", _("Cancelled")


class VolunteerStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for activation")
    ACTIVE = "active", _("Active")
    PAUSED = "paused", _("Paused")


class AssignmentStatus(models.TextChoices):
    OFFERED = "offered", _("Offered")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    DONE = "done", _("Done")


class AssignmentVia(models.TextChoices):
    OFFER = "offer", _("Accepted an offer")
    PICK = "pick", _("Picked from open requests")
    COORDINATOR = "coordinator", _("Assigned by a coordinator")


class Smiley(models.IntegerChoices):
    """The answer to "Did this make your day easier?"."""

    NO = 1, _("No")
    SOMEWHAT = 2, _("A little")
    YES = 3, _("Yes")


class FeedbackChannel(models.TextChoices):
    WEB = "web", _("Web")
    SMS = "sms", _("Text message")
    PHONE = "phone", _("Phone call to a coordinator")


class ProxyRelation(models.TextChoices):
    RELATIVE = "relative", _("Relative")
    COORDINATOR = "coordinator", _("Coordinator")
    OTHER = "other", _("Other")


class EventKind(models.TextChoices):
    SINGALONG = "singalong", _("Sing-along (Laula kanssain)")
    IT_SESSION = "it_session", _("IT guidance session")
    OTHER = "other", _("Other activity")


class SignupRole(models.TextChoices):
    YOUNG = "young", _("Young person")
    OLDER = "older", _("Older person")


class IncidentSeverity(models.TextChoices):
    LOW = "low", _("Minor")
    MEDIUM = "medium", _("Serious")
    HIGH = "high", _("Urgent")
