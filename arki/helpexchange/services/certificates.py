"""Volunteer certificates for a young person's CV: a record, and its PDF."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Sum
from django.utils import timezone, translation
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from arki.core.models import User
from arki.core.pdf import render_pdf
from arki.core.services.writes import Audited, create_clean

from ..enums import AssignmentStatus, TaskType
from ..models import Certificate, EventSignup, Volunteer


def certificate_issue(*, volunteer: Volunteer, by: User) -> Certificate:
    """Freeze the volunteer's hours, tasks and skills as of today into a certificate."""
    done = volunteer.assignments.filter(status=AssignmentStatus.DONE)
    minutes = done.aggregate(total=Sum("duration_minutes"))["total"] or 0
    task_types = sorted(set(done.values_list("request__task_type", flat=True)))
    certificate = create_clean(
        Certificate,
        by=by,
        volunteer=volunteer,
        issued_on=timezone.localdate(),
        hours=(Decimal(minutes) / 60).quantize(Decimal("0.1")),
        tasks=done.count(),
        task_types=task_types,
        events=EventSignup.objects.filter(person=volunteer.person, attended=True).count(),
        skills=list(volunteer.skills),
        audit=Audited(subject=lambda c: f"Volunteer certificate {c.pk}", person=volunteer.person),
    )
    return certificate


def certificate_pdf(certificate: Certificate) -> bytes:
    """One A4 page in the volunteer's language; the name comes from the identity fields.

    Hours are printed as the language writes them ("1,5" in Finnish and Swedish)."""
    volunteer = certificate.volunteer
    labels = dict(TaskType.choices)
    language = volunteer.person.language or None
    with translation.override(language):
        issuer = certificate.created_by
        lines = [
            _("Hours: %(hours)s") % {"hours": number_format(certificate.hours, 1)},
            _("Tasks done: %(tasks)s") % {"tasks": number_format(certificate.tasks)},
            _("Group activities attended: %(events)s")
            % {"events": number_format(certificate.events)},
            _("Kinds of tasks: %(types)s")
            % {"types": ", ".join(str(labels.get(t, t)) for t in certificate.task_types) or "–"},
            _("Skills: %(skills)s")
            % {"skills": ", ".join(str(labels.get(s, s)) for s in certificate.skills) or "–"},
        ]
        context = {
            "name": volunteer.person.full_name or volunteer.person.code,
            "intro": _(
                "has volunteered in the Arjen pelastajat help exchange with %(organisation)s, "
                "helping older people in everyday life."
            )
            % {"organisation": volunteer.organisation.name},
            "lines": lines,
            "issued": _("Issued on %(date)s by %(issuer)s")
            % {
                "date": date_format(certificate.issued_on, "DATE_FORMAT"),
                "issuer": (issuer.get_full_name() or issuer.get_username()) if issuer else "–",
            },
        }
        return render_pdf(
            "helpexchange/pdf/certificate.html", context, title=_("Volunteer certificate")
        )
