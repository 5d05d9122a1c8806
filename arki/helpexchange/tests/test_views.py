"""Views: permissions, the phone-in form, ranking, signed links, address visibility."""

import datetime
import json
import re
import time
from unittest import mock

import pytest
from django.core import mail
from django.test import override_settings
from django.urls import clear_url_caches, reverse
from django.utils import timezone, translation

from arki.core.enums import Role
from arki.core.messaging import MemorySmsGateway, callback_signature
from arki.core.models import AuditEntry, Person
from arki.helpexchange import gdpr, services
from arki.helpexchange.enums import AssignmentStatus, RequestStatus
from arki.helpexchange.models import Assignment, Feedback, HelpRequest
from arki.helpexchange.services.links import (
    assignment_url,
    feedback_url,
    request_from_feedback_link,
)

from . import factories as f

ADDRESS = "Salaisentie 7 B 12"
PHONE = "040 111 2222"


@pytest.fixture(autouse=True)
def _clear_outbox():
    MemorySmsGateway.outbox.clear()
    yield
    MemorySmsGateway.outbox.clear()


@pytest.fixture
def coordinator(make_user, process, municipalities):
    return make_user(Role.COORDINATOR, process=process, municipality=municipalities["Kajaani"])


def _url(name, process, **kwargs):
    return reverse(f"helpexchange:{name}", kwargs={"slug": process.slug, **kwargs})


def _path(url):
    return url.split("://", 1)[1].split("/", 1)[1].join(["/", ""])


def _form_data(place, **overrides):
    start = timezone.localtime() + datetime.timedelta(days=1)
    data = {
        "full_name": "Hilja Puhelin",
        "phone": "040 555 6666",
        "age_band": "85+",
        "village": place.pk,
        "address": "Koivukuja 3",
        "task_type": "shopping",
        "description": "Kauppakassi",
        "window_start": start.strftime("%Y-%m-%dT%H:%M"),
        "window_end": (start + datetime.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
        "recurrence": "once",
        "channel": "phone",
    }
    data.update(overrides)
    return data


# --- permissions --------------------------------------------------------------------------


def test_anonymous_and_residents_are_kept_out(client, process, make_user):
    response = client.get(_url("request_list", process))
    assert response.status_code == 302 and "/login/" in response["Location"]
    client.force_login(make_user(Role.RESIDENT, process=process))
    assert client.get(_url("request_list", process)).status_code == 403
    village = f.village("Kajaanin keskusta")
    f.organisation(process, village.municipality)
    assert client.post(_url("request_create", process), _form_data(village)).status_code == 403
    assert not HelpRequest.objects.exists() and not Person.objects.exists()


def test_coordinator_sees_own_municipality_only(client, process, make_user, municipalities):
    kuhmo = make_user(Role.COORDINATOR, process=process, municipality=municipalities["Kuhmo"])
    help_request = f.help_request(process)  # in Kajaani
    client.force_login(kuhmo)
    assert client.get(_url("request_detail", process, pk=help_request.pk)).status_code == 404
    response = client.post(_url("request_pause", process, pk=help_request.pk), {"reason": "x"})
    assert response.status_code == 404
    help_request.refresh_from_db()
    assert not help_request.paused
    assert b"Kauppakassin" not in client.get(_url("request_list", process)).content


# --- phone-in form ------------------------------------------------------------------------


def test_phone_request_for_a_person_without_account(client, process, coordinator):
    village = f.village("Teppana")
    f.organisation(process, village.municipality)
    client.force_login(coordinator)
    response = client.post(_url("request_create", process), _form_data(village))
    help_request = HelpRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == _url("request_detail", process, pk=help_request.pk)
    person = help_request.recipient.person
    assert person.user is None and person.full_name == "Hilja Puhelin"
    assert help_request.recipient.address == "Koivukuja 3"
    assert help_request.channel == "phone" and help_request.village == village


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (
            {"window_start": "2020-01-01T10:00", "window_end": "2020-01-01T12:00"},
            "The time window is already in the past.",
        ),
        ({"window_end": "2020-01-01T12:00"}, "The latest time must be after the earliest."),
        ({"village": 999999}, "Unknown area: choose a village or area from the list."),
        ({"village": "Oulu"}, "Unknown area: choose a village or area from the list."),
    ],
)
def test_bad_phone_request_changes_nothing(client, process, coordinator, overrides, message):
    village = f.village("Teppana")
    f.organisation(process, village.municipality)
    client.force_login(coordinator)
    response = client.post(_url("request_create", process), _form_data(village, **overrides))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert "Hilja Puhelin" in response.content.decode()  # what was typed is kept
    assert not HelpRequest.objects.exists() and not Person.objects.exists()


def test_detail_ranks_volunteers_with_reasons_and_logs_address_view(client, process, coordinator):
    f.active_volunteer(process, name="Lähellä Asuva", village_name="Teppana", skills=["shopping"])
    f.active_volunteer(process, name="Kaukana Asuva", village_name="Vuolijoki", max_km=60)
    help_request = f.help_request(process)
    client.force_login(coordinator)
    response = client.get(_url("request_detail", process, pk=help_request.pk))
    html = response.content.decode()
    assert html.index("Lähellä Asuva") < html.index("Kaukana Asuva")
    assert "Likes this kind of task: Shopping" in html
    assert "km by road" in html
    assert ADDRESS in html
    entry = AuditEntry.objects.get(action="view", detail__field="address")
    assert entry.actor == coordinator and entry.person == help_request.recipient.person
    # the page also showed the name, phone and the ranked volunteers' names: one more entry
    page = AuditEntry.objects.get(action="view", subject=f"Help request #{help_request.pk}")
    assert page.actor == coordinator and page.person == help_request.recipient.person


def test_direct_assignment_of_a_minor_alone_to_a_home_task_is_refused(client, process, coordinator):
    minor = f.active_volunteer(process, age=15, name="Nuori Neuvoja")
    help_request = f.help_request(process, task_type="home_chores")
    client.force_login(coordinator)
    response = client.post(
        _url("request_match", process, pk=help_request.pk),
        {"volunteers": [minor.pk], "action": "confirm"},
    )
    assert response.status_code == 400
    assert "may not go alone into a home" in response.content.decode()
    assert not Assignment.objects.exists()


def test_request_list_query_count_stays_constant(
    client, process, coordinator, django_assert_max_num_queries
):
    client.force_login(coordinator)
    f.help_request(process)
    with django_assert_max_num_queries(12) as small:
        client.get(_url("request_list", process))
    for i in range(6):
        f.help_request(process, f.recipient(process, name=f"R{i}"))
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(_url("request_list", process))


def test_volunteer_list_query_count_stays_constant(
    client, process, coordinator, django_assert_max_num_queries
):
    client.force_login(coordinator)
    f.active_volunteer(process)
    with django_assert_max_num_queries(12) as small:
        client.get(_url("volunteer_list", process))
    for i in range(6):
        f.active_volunteer(process, name=f"V{i}")
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(_url("volunteer_list", process))


# --- signed links -------------------------------------------------------------------------


def _offer(process, coordinator, *volunteers, task_type="shopping", hours_from_now=24):
    help_request = f.help_request(process, task_type=task_type, hours_from_now=hours_from_now)
    offers = services.assignment_offer(
        help_request=help_request, volunteers=list(volunteers), by=coordinator
    )
    return help_request, offers


def test_forged_link_is_refused(client, db):
    # db: wrong links are counted in the shared (database) cache, like wrong codes
    response = client.get("/apu/t/abc:def:ghi/")
    assert response.status_code == 400
    assert "This link is not valid" in response.content.decode()


def test_expired_offer_cannot_be_accepted(client, process, coordinator):
    _request, [offer] = _offer(process, coordinator, f.active_volunteer(process))
    path = _path(assignment_url(offer))
    later = time.time() + 4 * 24 * 3600
    with mock.patch("django.core.signing.time.time", return_value=later):
        response = client.post(path, {"action": "accept"})
    assert response.status_code == 409
    assert "This link has expired" in response.content.decode()
    offer.refresh_from_db()
    assert offer.status == AssignmentStatus.OFFERED
    later = time.time() + 31 * 24 * 3600
    with mock.patch("django.core.signing.time.time", return_value=later):
        assert client.get(path).status_code == 400


def test_accepting_a_taken_task_gets_a_clear_message(client, process, coordinator):
    first, second = (
        f.active_volunteer(process, name="Eka"),
        f.active_volunteer(process, name="Toka"),
    )
    help_request, offers = _offer(process, coordinator, first, second)
    assert client.post(_path(assignment_url(offers[0])), {"action": "accept"}).status_code == 302
    response = client.post(_path(assignment_url(offers[1])), {"action": "accept"})
    assert response.status_code == 409
    assert "This offer is no longer valid" in response.content.decode()
    assert ADDRESS not in response.content.decode()
    assert list(help_request.assignments.filter(status="accepted")) == [offers[0]]


def test_address_only_for_the_confirmed_helper(client, process, coordinator):
    """Every page, export and message an unconfirmed volunteer can see lacks the address."""
    minor = f.active_volunteer(process, age=15, name="Nuori", phone="0401110000", user=None)
    other = f.active_volunteer(process, name="Toinen", email="toinen@example.org")
    with mock.patch("django.db.transaction.on_commit", lambda fn, using=None, robust=False: fn()):
        help_request, offers = _offer(process, coordinator, minor, other, task_type="it_guidance")
    minor_path, other_path = _path(assignment_url(offers[0])), _path(assignment_url(offers[1]))
    seen = [client.get(minor_path).content.decode(), client.get(other_path).content.decode()]
    client.post(minor_path, {"action": "accept"})  # a minor alone: not confirmed yet
    seen.append(client.get(minor_path).content.decode())
    seen.append(str(gdpr.personal_data_export(minor.person)))
    seen += [m.text for m in MemorySmsGateway.outbox] + [m.body for m in mail.outbox]
    for content in seen:
        assert ADDRESS not in content and PHONE not in content
    assert "still looking for a partner" in seen[2]
    client.post(other_path, {"action": "accept"})
    help_request.refresh_from_db()
    assert help_request.status == RequestStatus.ASSIGNED
    assert ADDRESS in client.get(minor_path).content.decode()
    assert PHONE not in client.get(minor_path).content.decode()


def test_volunteer_marks_done_through_the_link(client, process, coordinator):
    help_request, [offer] = _offer(
        process, coordinator, f.active_volunteer(process), hours_from_now=-1
    )
    path = _path(assignment_url(offer))
    client.post(path, {"action": "accept"})
    response = client.post(path, {"action": "done", "duration_minutes": "abc"})
    assert response.status_code == 400
    response = client.post(path, {"action": "done", "duration_minutes": "40"})
    assert response.status_code == 302
    offer.refresh_from_db()
    help_request.refresh_from_db()
    assert offer.duration_minutes == 40 and help_request.status == RequestStatus.DONE


def test_feedback_page_with_smileys(client, process, coordinator):
    help_request, [offer] = _offer(
        process, coordinator, f.active_volunteer(process), hours_from_now=-1
    )
    services.assignment_accept(assignment=offer)
    services.assignment_complete(assignment=offer, duration_minutes=30)
    path = _path(feedback_url(help_request))
    assert "Did this make your day easier?" in client.get(path).content.decode()
    assert client.post(path, {"answer": "7"}).status_code == 400
    assert client.post(path, {"answer": "3"}).status_code == 200
    assert Feedback.objects.get().answer == 3 and Feedback.objects.get().channel == "web"


@override_settings(ARKI_SMS_WEBHOOK_SECRET="s3cret")
def test_sms_reply_through_the_signed_webhook_answers_the_finished_task(
    client, process, coordinator
):
    _request, [offer] = _offer(process, coordinator, f.active_volunteer(process), hours_from_now=-1)
    services.assignment_accept(assignment=offer)
    services.assignment_complete(assignment=offer, duration_minutes=30)
    url = reverse("sms_callback")
    # The operator gives the older person's number (stored from "040 111 2222") as MSISDN.
    body = json.dumps({"type": "mo_text", "from": "358401112222", "body": "2 kiitos"}).encode()
    forged = callback_signature("wrong", body, int(time.time()))
    response = client.post(
        url, body, content_type="application/json", HTTP_X_ARKI_SMS_SIGNATURE=forged
    )
    assert response.status_code == 403
    assert not Feedback.objects.exists()
    signed = callback_signature("s3cret", body, int(time.time()))
    response = client.post(
        url, body, content_type="application/json", HTTP_X_ARKI_SMS_SIGNATURE=signed
    )
    assert response.content == b"ok"
    feedback = Feedback.objects.get()
    assert (feedback.answer, feedback.channel) == (2, "sms")


def test_volunteer_picks_from_open_requests_near_them(client, process, make_user):
    user = make_user(Role.VOLUNTEER, process=process)
    volunteer = f.active_volunteer(process, user=user)
    help_request = f.help_request(process)
    client.force_login(user)
    page = client.get(_url("mine", process)).content.decode()
    assert "Shopping" in page and ADDRESS not in page and PHONE not in page
    client.post(_url("pick", process, pk=help_request.pk))
    help_request.refresh_from_db()
    assert help_request.status == RequestStatus.ASSIGNED
    assert help_request.assignments.get().volunteer == volunteer


def test_certificate_pdf(client, process, coordinator):
    volunteer = f.active_volunteer(process)
    client.force_login(coordinator)
    response = client.post(_url("certificate_issue", process, pk=volunteer.pk))
    pdf = client.get(response["Location"])
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


def test_dashboard_shows_figures(client, process, coordinator):
    client.force_login(coordinator)
    html = client.get(_url("dashboard", process)).content.decode()
    assert 'data-metric="help.requests"' in html


def test_pages_in_finnish(client, process, coordinator, settings, request):
    settings.LANGUAGE_CODE = "fi"  # the product's default language: no URL prefix
    clear_url_caches()  # reversed URLs are cached per language, prefix included
    request.addfinalizer(clear_url_caches)
    f.active_volunteer(process)
    help_request = f.help_request(process)
    client.force_login(coordinator)
    with translation.override("fi"):
        url = _url("request_detail", process, pk=help_request.pk)
    assert not url.startswith("/fi/")
    html = client.get(url).content.decode()
    assert "Parhaiten sopivat vapaaehtoiset" in html and "tietä pitkin" in html


def test_recipient_card_with_proxy(client, process, coordinator):
    recipient = f.recipient(process)
    client.force_login(coordinator)
    url = _url("proxy_add", process, pk=recipient.pk)
    response = client.post(url, {"name": "", "relation": "relative"})
    assert response.status_code == 400 and not recipient.proxies.exists()
    client.post(
        url,
        {
            "name": "Pirjo Tytär",
            "relation": "relative",
            "phone": "050 123 4567",
            "receives_notifications": "on",
        },
    )
    assert recipient.proxies.get().phone == "+358501234567"
    html = client.get(_url("recipient_detail", process, pk=recipient.pk)).content.decode()
    assert "Pirjo Tytär" in html and ADDRESS in html
    # one entry per page that showed the address (the refused form and the card)
    views = AuditEntry.objects.filter(person=recipient.person, action="view")
    assert views.filter(detail__field="address").count() == 2
    # …and one per page that showed the name and phone (the card, too)
    assert views.filter(subject=f"Older person {recipient.person.code}").count() == 2


def test_proxy_asks_for_help_on_the_web(client, process, make_user):
    recipient = f.recipient(process)
    f.organisation(process, recipient.village.municipality)
    relative = make_user(Role.RESIDENT, process=process)
    services.proxy_add(recipient=recipient, name="Pirjo Tytär", relation="relative", user=relative)
    stranger = make_user(Role.RESIDENT, process=process)
    data = {
        "recipient": recipient.pk,
        "task_type": "walk",
        "description": "Kävelylle",
        "flexible": "on",
        "recurrence": "weekly",
    }
    client.force_login(stranger)  # not linked: told how to get linked, nothing saved
    response = client.post(_url("own_requests", process), data)
    assert response.status_code == 200 and "not yet linked" in response.content.decode()
    assert not HelpRequest.objects.exists()
    client.force_login(relative)
    assert client.post(_url("own_requests", process), data).status_code == 302
    help_request = HelpRequest.objects.get()
    assert help_request.channel == "proxy" and help_request.recurrence == "weekly"
    assert help_request.flexible and help_request.window_start is None


def test_feedback_request_reaches_the_proxy(process, make_user, django_capture_on_commit_callbacks):
    recipient = f.recipient(process, phone="")
    services.proxy_add(recipient=recipient, name="Pirjo", relation="relative", phone="0501234567")
    help_request = f.help_request(process, recipient, hours_from_now=-1)
    volunteer = f.active_volunteer(process)
    with django_capture_on_commit_callbacks(execute=True):
        offer = services.assignment_pick(help_request=help_request, volunteer=volunteer, by=None)
        services.assignment_complete(assignment=offer, duration_minutes=20)
    assert [m.to for m in MemorySmsGateway.outbox] == ["+358501234567"]
    # The link is signed with a timestamp, so it is read back rather than built again.
    token = re.search(r"/apu/p/([^/\s]+)/", MemorySmsGateway.outbox[0].text).group(1)
    assert request_from_feedback_link(token) == help_request


def test_event_signup_and_attendance(client, process, coordinator, municipalities):
    volunteer = f.active_volunteer(process)
    older = f.recipient(process)
    event = f.event(process, municipalities["Kajaani"], capacity=1)
    client.force_login(coordinator)
    url = _url("event_signup", process, pk=event.pk)
    client.post(url, {"person": volunteer.person.pk, "role": "young"})
    response = client.post(url, {"person": older.person.pk, "role": "older"})
    assert response.status_code == 400 and "The activity is full." in response.content.decode()
    signup = event.signups.get()
    client.post(_url("event_attendance", process, pk=event.pk), {"attended": [signup.pk]})
    signup.refresh_from_db()
    assert signup.attended is True
    assert (
        "Laula kanssain" in client.get(_url("event_detail", process, pk=event.pk)).content.decode()
    )


def test_incident_reported_and_followed_up(client, process, coordinator):
    help_request = f.help_request(process)
    client.force_login(coordinator)
    client.post(
        _url("request_incident", process, pk=help_request.pk),
        {"severity": "medium", "description": "Liukas piha"},
    )
    html = client.get(_url("incident_list", process)).content.decode()
    assert "Liukas piha" in html
    incident = help_request.incidents.get()
    client.post(_url("incident_resolve", process, pk=incident.pk))
    incident.refresh_from_db()
    assert incident.resolved_at is not None and incident.modified_by == coordinator


def test_request_detail_query_count_stays_constant(
    client, process, coordinator, django_assert_max_num_queries
):
    """The ranking reads all volunteers in a fixed number of queries."""
    client.force_login(coordinator)
    f.active_volunteer(process, name="V0")
    help_request = f.help_request(process)
    url = _url("request_detail", process, pk=help_request.pk)
    with django_assert_max_num_queries(30) as small:
        client.get(url)
    for i in range(1, 7):
        volunteer = f.active_volunteer(process, name=f"V{i}")
        earlier = f.help_request(process, help_request.recipient)
        services.assignment_pick(help_request=earlier, volunteer=volunteer, by=None)
    with django_assert_max_num_queries(len(small.captured_queries)):
        html = client.get(url).content.decode()
    assert html.count('class="ranked-volunteer"') == 7
