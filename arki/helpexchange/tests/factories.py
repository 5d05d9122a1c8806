"""Factories for the help exchange tests: build rows through the services where rules apply."""

from __future__ import annotations

import datetime

from django.utils import timezone

from arki.core.enums import Role
from arki.helpexchange import services
from arki.helpexchange.models import Assignment, Feedback, HelpRequest, Organisation, Village


def village(name: str) -> Village:
    return Village.objects.get(name=name)


def organisation(process, municipality, policy: str = "standard") -> Organisation:
    existing = Organisation.objects.filter(process=process, municipality=municipality).first()
    return existing or services.organisation_create(
        process=process,
        name=f"{municipality.name} apu",
        kind="municipality",
        municipality=municipality,
        safety_policy=policy,
    )


def born_years_ago(years: int, days: int = 30) -> datetime.date:
    today = timezone.localdate()
    return today.replace(year=today.year - years) - datetime.timedelta(days=days)


def active_volunteer(
    process,
    *,
    age: int = 20,
    village_name: str = "Kajaanin keskusta",
    name: str = "Ville Vapaaehtoinen",
    phone: str = "",
    email: str = "",
    skills=(),
    weekdays=None,
    max_km: int = 30,
    user=None,
    policy="standard",
):
    """A trained, consented (by a guardian if a minor) and approved volunteer."""
    place = village(village_name)
    volunteer = services.volunteer_register(
        process=process,
        organisation=organisation(process, place.municipality, policy),
        full_name=name,
        date_of_birth=born_years_ago(age),
        village=place,
        phone=phone,
        email=email,
        skills=list(skills),
        weekdays=weekdays,
        max_km=max_km,
        user=user,
    )
    services.volunteer_consent_record(
        volunteer=volunteer,
        given_on=timezone.localdate(),
        guardian_name="Gunilla Huoltaja" if age < 18 else "",
    )
    services.volunteer_mark_trained(volunteer=volunteer)
    coordinator = user or volunteer.person.user
    return services.volunteer_activate(volunteer=volunteer, by=coordinator)


def recipient(
    process,
    *,
    village_name: str = "Kajaanin keskusta",
    name: str = "Aili Asiakas",
    address: str = "Salaisentie 7 B 12",
    phone: str = "040 111 2222",
):
    return services.recipient_create(
        process=process, village=village(village_name), full_name=name, address=address, phone=phone
    )


def help_request(
    process,
    the_recipient=None,
    *,
    task_type: str = "shopping",
    hours_from_now: int = 24,
    flexible: bool = False,
    policy="standard",
):
    the_recipient = the_recipient or recipient(process)
    organisation(process, the_recipient.village.municipality, policy)
    start = timezone.now() + datetime.timedelta(hours=hours_from_now)
    return services.request_create(
        process=process,
        recipient=the_recipient,
        task_type=task_type,
        description="Kauppakassin kantaminen",
        flexible=flexible,
        window_start=None if flexible else start,
        window_end=None if flexible else start + datetime.timedelta(hours=3),
    )


def coordinator(make_user, process, municipality=None):
    return make_user(Role.COORDINATOR, process=process, municipality=municipality)


def event(process, municipality, *, capacity: int = 30):
    return services.event_create(
        process=process,
        organisation=organisation(process, municipality),
        kind="singalong",
        title="Laula kanssain",
        village=village("Teppana"),
        place="Koulu",
        starts_at=timezone.now() + datetime.timedelta(days=3),
        capacity=capacity,
    )


def at_noon(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


def done_request(process, coordinator, volunteer, recipient, village_name, on, answer=None):
    """A request in `village_name` done by `volunteer` on the day `on` (dates set on the rows:
    the services date everything now)."""
    help_request = services.request_create(
        process=process,
        recipient=recipient,
        task_type="shopping",
        description="Kauppa",
        window_start=timezone.now() - datetime.timedelta(hours=1),
        window_end=timezone.now() + datetime.timedelta(hours=2),
        village=village(village_name),
        organisation=organisation(process, village(village_name).municipality),
    )
    services.assignment_pick(help_request=help_request, volunteer=volunteer, by=coordinator)
    services.assignment_complete(assignment=help_request.assignments.get(), duration_minutes=30)
    Assignment.objects.filter(request=help_request).update(completed_at=at_noon(on))
    HelpRequest.objects.filter(pk=help_request.pk).update(created_at=at_noon(on))
    help_request.refresh_from_db()
    if answer is not None:
        feedback = services.feedback_record(help_request=help_request, answer=answer)
        Feedback.objects.filter(pk=feedback.pk).update(created_at=at_noon(on))
    return help_request
