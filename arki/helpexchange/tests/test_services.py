"""Services: safety rules, activation, acceptance, completion, feedback, expiry, GDPR."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from arki.core.enums import Role
from arki.core.messaging import MemorySmsGateway
from arki.helpexchange import gdpr, metrics, services
from arki.helpexchange.enums import AssignmentStatus, RequestStatus, VolunteerStatus
from arki.helpexchange.models import Assignment, Feedback, HelpRequest

from . import factories as f


@pytest.fixture(autouse=True)
def _clear_outbox():
    MemorySmsGateway.outbox.clear()
    yield
    MemorySmsGateway.outbox.clear()


# --- activation ---------------------------------------------------------------------------


def _pending(process, age):
    place = f.village("Kajaanin keskusta")
    return services.volunteer_register(
        process=process,
        organisation=f.organisation(process, place.municipality),
        full_name="Nea Nuori",
        date_of_birth=f.born_years_ago(age),
        village=place,
    )


def test_minor_without_guardian_consent_cannot_be_activated(process, make_user):
    coordinator = make_user("coordinator", process=process)
    volunteer = _pending(process, 15)
    services.volunteer_mark_trained(volunteer=volunteer)
    with pytest.raises(ValidationError) as exc:
        services.volunteer_activate(volunteer=volunteer, by=coordinator)
    assert exc.value.messages == ["A guardian's consent has not been recorded."]
    volunteer.refresh_from_db()
    assert volunteer.status == VolunteerStatus.PENDING
    assert volunteer.approved_by is None


def test_minor_consent_needs_a_named_guardian(process):
    volunteer = _pending(process, 15)
    with pytest.raises(ValidationError):
        services.volunteer_consent_record(volunteer=volunteer, given_on=timezone.localdate())
    assert not volunteer.person.consents.exists()
    consent = services.volunteer_consent_record(
        volunteer=volunteer, given_on=timezone.localdate(), guardian_name="Hanna Huoltaja"
    )
    assert consent.by_guardian and consent.guardian_name == "Hanna Huoltaja"


def test_activation_needs_training_too(process, make_user):
    coordinator = make_user("coordinator", process=process)
    volunteer = _pending(process, 16)
    services.volunteer_consent_record(
        volunteer=volunteer, given_on=timezone.localdate(), guardian_name="Hanna Huoltaja"
    )
    with pytest.raises(ValidationError) as exc:
        services.volunteer_activate(volunteer=volunteer, by=coordinator)
    assert exc.value.messages == ["The training has not been done."]
    services.volunteer_mark_trained(volunteer=volunteer)
    services.volunteer_activate(volunteer=volunteer, by=coordinator)
    assert volunteer.status == VolunteerStatus.ACTIVE and volunteer.approved_by == coordinator


# --- safety -------------------------------------------------------------------------------


def test_fifteen_year_old_cannot_be_assigned_alone_to_an_in_home_task(process, make_user):
    coordinator = make_user("coordinator", process=process)
    minor = f.active_volunteer(process, age=15, name="Teini")
    help_request = f.help_request(process, task_type="home_chores")
    with pytest.raises(ValidationError) as exc:
        services.assignment_confirm(help_request=help_request, volunteers=[minor], by=coordinator)
    assert "may not go alone into a home" in exc.value.messages[0]
    help_request.refresh_from_db()
    assert help_request.status == RequestStatus.OPEN
    assert not Assignment.objects.filter(request=help_request).exists()


def test_minor_accepting_an_in_home_offer_waits_for_a_partner(process, make_user):
    coordinator = make_user("coordinator", process=process)
    minor = f.active_volunteer(process, age=15, name="Teini")
    adult = f.active_volunteer(process, age=30, name="Aikuinen")
    help_request = f.help_request(process, task_type="home_chores")
    offers = services.assignment_offer(
        help_request=help_request, volunteers=[minor, adult], by=coordinator
    )
    services.assignment_accept(assignment=offers[0])
    help_request.refresh_from_db()
    offers[0].refresh_from_db()
    assert help_request.status == RequestStatus.OPEN  # not confirmed: the minor is alone
    assert not offers[0].sees_address
    services.assignment_accept(assignment=offers[1])
    help_request.refresh_from_db()
    assert help_request.status == RequestStatus.ASSIGNED
    assert {a.status for a in help_request.assignments.all()} == {AssignmentStatus.ACCEPTED}


def test_two_minors_may_go_together(process, make_user):
    coordinator = make_user("coordinator", process=process)
    pair = [
        f.active_volunteer(process, age=15, name="A"),
        f.active_volunteer(process, age=16, name="B"),
    ]
    help_request = f.help_request(process, task_type="it_guidance")
    services.assignment_confirm(help_request=help_request, volunteers=pair, by=coordinator)
    help_request.refresh_from_db()
    assert help_request.status == RequestStatus.ASSIGNED
    assert help_request.manual_intervention


def test_paused_volunteer_loses_open_offers_and_the_task_reopens(process, make_user):
    coordinator = make_user("coordinator", process=process)
    volunteer = f.active_volunteer(process)
    help_request = f.help_request(process)
    offer = services.assignment_offer(
        help_request=help_request, volunteers=[volunteer], by=coordinator
    )[0]
    services.assignment_accept(assignment=offer)
    services.volunteer_pause(volunteer=volunteer, reason="Selvitetään palautetta", by=coordinator)
    offer.refresh_from_db()
    help_request.refresh_from_db()
    assert offer.status == AssignmentStatus.WITHDRAWN
    assert help_request.status == RequestStatus.OPEN
    with pytest.raises(ValidationError):
        services.assignment_pick(help_request=help_request, volunteer=volunteer, by=coordinator)


def test_paused_request_cannot_be_accepted(process, make_user):
    coordinator = make_user("coordinator", process=process)
    volunteer = f.active_volunteer(process)
    help_request = f.help_request(process)
    offer = services.assignment_offer(
        help_request=help_request, volunteers=[volunteer], by=coordinator
    )[0]
    services.request_pause(help_request=help_request, reason="Omainen soitti", by=coordinator)
    with pytest.raises(ValidationError) as exc:
        services.assignment_accept(assignment=offer)
    assert exc.value.messages == ["A coordinator has paused this request for now."]
    offer.refresh_from_db()
    assert offer.status == AssignmentStatus.OFFERED


# --- bad input ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start_hours", "end_hours", "message"),
    [
        (-5, -2, "The time window is already in the past."),
        (5, 2, "The latest time must be after the earliest."),
        (None, 2, "Give the earliest and latest time, or tick 'flexible'."),
    ],
)
def test_bad_time_window_is_refused(process, start_hours, end_hours, message):
    recipient = f.recipient(process)
    f.organisation(process, recipient.village.municipality)
    now = timezone.now()
    with pytest.raises(ValidationError) as exc:
        services.request_create(
            process=process,
            recipient=recipient,
            task_type="post",
            description="Posti",
            window_start=None
            if start_hours is None
            else now + datetime.timedelta(hours=start_hours),
            window_end=now + datetime.timedelta(hours=end_hours),
        )
    assert exc.value.messages == [message]
    assert not HelpRequest.objects.exists()


def test_area_outside_the_process_is_refused(process):
    recipient = f.recipient(process)
    with pytest.raises(ValidationError) as exc:
        services.request_create(
            process=process,
            recipient=recipient,
            task_type="post",
            description="Posti",
            flexible=True,
            village=f.village("Joukokylä"),
        )  # Puolanka: not a pilot
    assert exc.value.messages == ["This area is not in the municipalities of this process."]
    assert not HelpRequest.objects.exists()


def test_accepting_a_task_already_taken(process, make_user):
    coordinator = make_user("coordinator", process=process)
    first, second = (
        f.active_volunteer(process, name="Eka"),
        f.active_volunteer(process, name="Toka"),
    )
    help_request = f.help_request(process)
    offers = services.assignment_offer(
        help_request=help_request, volunteers=[first, second], by=coordinator
    )
    services.assignment_accept(assignment=offers[0])
    with pytest.raises(ValidationError) as exc:
        services.assignment_accept(assignment=offers[1])
    assert exc.value.messages == ["This offer is no longer valid. Thank you for offering!"]
    offers[1].refresh_from_db()
    assert offers[1].status == AssignmentStatus.WITHDRAWN
    assert help_request.assignments.filter(status=AssignmentStatus.ACCEPTED).count() == 1


# --- completion, feedback, expiry ---------------------------------------------------------


def _done(process, coordinator, minutes=45):
    volunteer = f.active_volunteer(process, phone="0401234567")
    help_request = f.help_request(process, hours_from_now=-1)  # under way now
    services.assignment_confirm(help_request=help_request, volunteers=[volunteer], by=coordinator)
    assignment = services.assignment_complete(
        assignment=help_request.assignments.get(), duration_minutes=minutes
    )
    help_request.refresh_from_db()
    return help_request, assignment


def test_completion_asks_the_older_person_by_sms(
    process, make_user, django_capture_on_commit_callbacks
):
    coordinator = make_user("coordinator", process=process)
    with django_capture_on_commit_callbacks(execute=True):
        help_request, assignment = _done(process, coordinator)
    assert help_request.status == RequestStatus.DONE
    assert assignment.duration_minutes == 45
    to_older = [m for m in MemorySmsGateway.outbox if m.to == "+358401112222"]
    assert len(to_older) == 1
    assert "Reply 3 = yes" in to_older[0].text or "Vastaa" in to_older[0].text


def test_completion_refuses_a_silly_duration(process, make_user):
    coordinator = make_user("coordinator", process=process)
    volunteer = f.active_volunteer(process)
    help_request = f.help_request(process)
    services.assignment_confirm(help_request=help_request, volunteers=[volunteer], by=coordinator)
    with pytest.raises(ValidationError):
        services.assignment_complete(assignment=help_request.assignments.get(), duration_minutes=0)
    help_request.refresh_from_db()
    assert help_request.status == RequestStatus.ASSIGNED


def test_sms_reply_becomes_an_experience_answer(process, make_user):
    coordinator = make_user("coordinator", process=process)
    help_request, _a = _done(process, coordinator)
    assert services.feedback_from_sms(phone="+358 40 111 2222", text="hello") is None
    answer = services.feedback_from_sms(phone="+358401112222", text=" 3 kiitos!")
    assert answer.answer == 3 and answer.channel == "sms" and answer.request == help_request
    assert services.feedback_from_sms(phone="0401112222", text="1") is None  # already answered
    assert Feedback.objects.get().answer == 3


def test_one_answer_per_request(process, make_user):
    coordinator = make_user("coordinator", process=process)
    help_request, _a = _done(process, coordinator)
    services.feedback_record(help_request=help_request, answer=2, channel="phone", by=coordinator)
    with pytest.raises(ValidationError):
        services.feedback_record(help_request=help_request, answer=3, channel="web")
    assert Feedback.objects.get().answer == 2


def test_expired_requests_are_unmet_demand(process, make_user):
    coordinator = make_user("coordinator", process=process)
    volunteer = f.active_volunteer(process)
    help_request = f.help_request(process, hours_from_now=1)
    offer = services.assignment_offer(
        help_request=help_request, volunteers=[volunteer], by=coordinator
    )[0]
    count = services.requests_expire(
        process=process, now=timezone.now() + datetime.timedelta(hours=5)
    )
    assert count == 1
    help_request.refresh_from_db()
    offer.refresh_from_db()
    assert help_request.status == RequestStatus.EXPIRED
    assert offer.status == AssignmentStatus.WITHDRAWN
    assert metrics.unmet_requests(process) == 1
    assert metrics.manual_intervention_share(process) == 100.0


def test_metrics_after_two_tasks_for_the_same_pair(process, make_user):
    coordinator = make_user("coordinator", process=process)
    volunteer = f.active_volunteer(process)
    recipient = f.recipient(process)
    for _ in range(2):
        help_request = f.help_request(process, recipient, hours_from_now=-1)
        services.assignment_pick(help_request=help_request, volunteer=volunteer, by=coordinator)
        services.assignment_complete(assignment=help_request.assignments.get(), duration_minutes=30)
    assert metrics.recurring_pairs(process) == 1
    assert metrics.older_people_helped(process) == 1
    assert metrics.requests_completed(process) == 2
    assert metrics.manual_intervention_share(process) == 0.0
    assert metrics.tasks_done_per_month(process) == 2.0


def test_assignment_pass_offers_each_request_once(process, make_user):
    coordinator = make_user("coordinator", process=process)
    volunteers = [f.active_volunteer(process, name=f"V{i}") for i in range(3)]
    requests = [f.help_request(process, f.recipient(process, name=f"R{i}")) for i in range(4)]
    offers = services.assignment_pass(process=process, by=coordinator)
    assert offers == 4  # three volunteers, two tasks each at most
    assert Assignment.objects.filter(status=AssignmentStatus.OFFERED).count() == 4
    assert not any(r.manual_intervention for r in HelpRequest.objects.all())
    assert services.assignment_pass(process=process, by=coordinator) == 0
    assert {a.volunteer for a in Assignment.objects.all()} <= set(volunteers)
    assert len(requests) == 4


def test_certificate_counts_hours_and_tasks(process, make_user):
    import io

    from pypdf import PdfReader

    coordinator = make_user("coordinator", process=process)
    _r, assignment = _done(process, coordinator, minutes=90)
    certificate = services.certificate_issue(volunteer=assignment.volunteer, by=coordinator)
    assert str(certificate.hours) == "1.5" and certificate.tasks == 1
    assert certificate.task_types == ["shopping"]
    text = PdfReader(io.BytesIO(services.certificate_pdf(certificate))).pages[0].extract_text()
    assert "Ville Vapaaehtoinen" in text and "Tunnit: 1,5" in text  # Finnish decimal comma


def test_certificate_is_an_accessible_pdf_in_the_volunteers_language(process, make_user):
    from arki.core.testing_pdf import SAMI, assert_accessible_pdf, pdf_text

    coordinator = make_user("coordinator", process=process)
    _r, assignment = _done(process, coordinator, minutes=90)
    person = assignment.volunteer.person
    person.full_name, person.language = f"Ánde {SAMI} <b>Sámi</b>", "sv"
    person.save(update_fields=["full_name", "language"])
    certificate = services.certificate_issue(volunteer=assignment.volunteer, by=coordinator)

    reader = assert_accessible_pdf(
        services.certificate_pdf(certificate),
        lang="sv",
        title="Intyg över frivilligarbete",
        contains=f"Ánde {SAMI} <b>Sámi</b>",
    )
    assert "1,5" in pdf_text(reader)


def test_gdpr_erase_keeps_counts(process, make_user):
    coordinator = make_user("coordinator", process=process)
    help_request, assignment = _done(process, coordinator)
    person = help_request.recipient.person
    exported = gdpr.personal_data_export(person)
    assert exported["older_person"]["address"] == "Salaisentie 7 B 12"
    done = gdpr.personal_data_erase(person)
    assert done["addresses"] == 1 and done["requests"] == 1
    help_request.refresh_from_db()
    assert help_request.recipient.address == "" and help_request.description == ""
    assert metrics.requests_completed(process) == 1
    volunteer_export = gdpr.personal_data_export(assignment.volunteer.person)
    assert "Salaisentie" not in str(volunteer_export)


def test_offer_notification_has_no_address_or_phone(
    process, make_user, django_capture_on_commit_callbacks
):
    coordinator = make_user("coordinator", process=process)
    volunteer = f.active_volunteer(process, phone="0409998888", email="v@example.org")
    help_request = f.help_request(process)
    with django_capture_on_commit_callbacks(execute=True):
        services.assignment_offer(help_request=help_request, volunteers=[volunteer], by=coordinator)
    texts = [m.text for m in MemorySmsGateway.outbox] + [m.body for m in mail.outbox]
    assert len(texts) == 2
    for text in texts:
        assert "Salaisentie" not in text and "040 111 2222" not in text
        assert "/apu/t/" in text


def test_weekly_request_repeats_and_ranks_the_same_helper_first(process, make_user):
    from arki.helpexchange.selectors import ranked_volunteers

    regular = f.active_volunteer(process, name="Vakituinen", village_name="Kuluntalahti")
    f.active_volunteer(process, name="Lähempänä", village_name="Kajaanin keskusta")
    recipient = f.recipient(process)
    f.organisation(process, recipient.village.municipality)
    start = timezone.now() - datetime.timedelta(hours=1)
    first = services.request_create(
        process=process,
        recipient=recipient,
        task_type="shopping",
        description="Kauppa",
        window_start=start,
        window_end=start + datetime.timedelta(hours=2),
        recurrence="weekly",
    )
    services.assignment_pick(help_request=first, volunteer=regular, by=None)
    services.assignment_complete(assignment=first.assignments.get(), duration_minutes=40)
    following = HelpRequest.objects.exclude(pk=first.pk).get()
    assert following.status == RequestStatus.OPEN and following.recurrence == "weekly"
    assert following.window_start == start + datetime.timedelta(days=7)
    ranked = ranked_volunteers(following)
    assert ranked[0][0] == regular
    assert "continuity" in {r.code for r in ranked[0][1].reasons}


def test_check_in_and_done_wait_for_the_window_to_open(process, make_user):
    """A tap days early (by mistake, or to get it over with) would record a visit that has
    not happened: refused with the task's time, and nothing is recorded."""
    coordinator = make_user(Role.COORDINATOR, process=process)
    volunteer = f.active_volunteer(process)
    help_request = f.help_request(process, hours_from_now=48)
    services.assignment_confirm(help_request=help_request, volunteers=[volunteer], by=coordinator)
    assignment = Assignment.objects.get(request=help_request)

    with pytest.raises(ValidationError, match="This task starts"):
        services.assignment_check_in(assignment=assignment)
    with pytest.raises(ValidationError, match="This task starts"):
        services.assignment_complete(assignment=assignment, duration_minutes=30)

    assignment.refresh_from_db()
    help_request.refresh_from_db()
    assert assignment.checked_in_at is None and assignment.completed_at is None
    assert assignment.status == AssignmentStatus.ACCEPTED
    assert help_request.status == RequestStatus.ASSIGNED

    opened = help_request.window_start + datetime.timedelta(minutes=5)
    services.assignment_check_in(assignment=assignment, now=opened)
    services.assignment_complete(assignment=assignment, duration_minutes=30, now=opened)
    assignment.refresh_from_db()
    assert assignment.checked_in_at == opened and assignment.status == AssignmentStatus.DONE


def test_a_window_over_two_days_names_both_dates_in_the_offer(
    process, make_user, django_capture_on_commit_callbacks
):
    from arki.core.formats import time_span

    volunteer = f.active_volunteer(process, phone="0401234567")
    recipient = f.recipient(process)
    f.organisation(process, recipient.village.municipality)
    start = timezone.localtime(timezone.now() + datetime.timedelta(days=2)).replace(
        hour=10, minute=0, second=0, microsecond=0
    )
    help_request = services.request_create(
        process=process,
        recipient=recipient,
        task_type="shopping",
        description="Kauppa",
        window_start=start,
        window_end=start + datetime.timedelta(days=1, hours=6),
    )
    MemorySmsGateway.outbox.clear()

    with translation.override("fi"):
        span = time_span(help_request.window_start, help_request.window_end)
        with django_capture_on_commit_callbacks(execute=True):
            services.assignment_offer(help_request=help_request, volunteers=[volunteer], by=None)
    end = start + datetime.timedelta(days=1, hours=6)

    assert span == f"{start:%-d.%-m.%Y} 10.00 – {end:%-d.%-m.%Y} 16.00"
    assert span in MemorySmsGateway.outbox[-1].text
