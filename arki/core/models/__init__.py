"""Core models, split by subject; import them from here."""

from .accounts import Invitation
from .audit import AuditEntry
from .base import CivicModel, SoftDeleteModel, TranslatedFieldsMixin
from .jobs import Job
from .live import (
    ActivityResponse,
    LiveQuestion,
    LiveQuestionVote,
    LiveSession,
    Seat,
    SessionActivity,
)
from .messaging import SmsSend
from .outbox import MessagePreference, OutboxMessage, SittingInvitation
from .people import Consent, Person, RoleAssignment, User
from .places import Municipality, Region
from .processes import GroupMember, Meeting, Phase, Process, Season, Sitting, Task, Workshop

__all__ = [
    "ActivityResponse",
    "AuditEntry",
    "CivicModel",
    "Consent",
    "GroupMember",
    "Invitation",
    "Job",
    "LiveQuestion",
    "LiveQuestionVote",
    "LiveSession",
    "Meeting",
    "MessagePreference",
    "Municipality",
    "OutboxMessage",
    "Person",
    "Phase",
    "Process",
    "Region",
    "RoleAssignment",
    "Season",
    "Seat",
    "SessionActivity",
    "Sitting",
    "SittingInvitation",
    "SmsSend",
    "SoftDeleteModel",
    "Task",
    "TranslatedFieldsMixin",
    "User",
    "Workshop",
]
