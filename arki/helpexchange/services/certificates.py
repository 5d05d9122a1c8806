"""Volunteer certificates for a young person's CV: a record, and its PDF (reportlab)."""

from __future__ import annotations

import io
from decimal import Decimal

from django.db.models import Sum
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from arki.core.models import User
from arki.core.pdf import para_text, pdf_document, pdf_styles
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
    """One A4 page in the person's language; the name comes from the identity fields."""
    from reportlab.lib.units import cm
    from reportlab.platypus import Paragraph, Spacer

    volunteer = certificate.volunteer
    styles = pdf_styles()
    labels = dict(TaskType.choices)
    buffer = io.BytesIO()
    doc = pdf_document(
        buffer,
        title=_("Volunteer certificate"),
        leftMargin=2.5 * cm,
        rightMargin=2.5 * cm,
    )
    # Names, organisations, skills and translations are text, never markup: escaped.
    lines = [
        Paragraph(para_text(_("Volunteer certificate")), styles["Title"]),
        Paragraph("Arjen pelastajat", styles["Heading2"]),
        Spacer(1, 0.5 * cm),
        Paragraph(
            para_text(volunteer.person.full_name or volunteer.person.code), styles["Heading1"]
        ),
        Paragraph(
            para_text(
                _(
                    "has volunteered in the Arjen pelastajat help exchange with %(organisation)s, "
                    "helping older people in everyday life."
                )
                % {"organisation": volunteer.organisation.name}
            ),
            styles["BodyText"],
        ),
        Spacer(1, 0.5 * cm),
        Paragraph(
            para_text(_("Hours: %(hours)s") % {"hours": certificate.hours}), styles["BodyText"]
        ),
        Paragraph(
            para_text(_("Tasks done: %(tasks)s") % {"tasks": certificate.tasks}), styles["BodyText"]
        ),
        Paragraph(
            para_text(_("Group activities attended: %(events)s") % {"events": certificate.events}),
            styles["BodyText"],
        ),
        Paragraph(
            para_text(
                _("Kinds of tasks: %(types)s")
                % {"types": ", ".join(str(labels.get(t, t)) for t in certificate.task_types) or "–"}
            ),
            styles["BodyText"],
        ),
        Paragraph(
            para_text(
                _("Skills: %(skills)s")
                % {"skills": ", ".join(str(labels.get(s, s)) for s in certificate.skills) or "–"}
            ),
            styles["BodyText"],
        ),
        Spacer(1, 1.5 * cm),
        Paragraph(
            para_text(
                _("Issued on %(date)s by %(issuer)s")
                % {
                    "date": date_format(certificate.issued_on, "DATE_FORMAT"),
                    "issuer": certificate.created_by.get_full_name()
                    or certificate.created_by.get_username()
                    if certificate.created_by
                    else "–",
                }
            ),
            styles["BodyText"],
        ),
    ]
    doc.build(lines)
    return buffer.getvalue()
