"""The resident's own channel (a coordinator links an account to the older person it acts
for, with consent; the resident asks for help on the web) and the coordinator's actions on a
helper's behalf (send the link again, record the task done), the pair named on the task page,
and names in the drop-downs."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from arki.core.enums import AuditAction, ConsentPurpose, Role
from arki.core.messaging import MemorySmsGateway
from arki.core.models import AuditEntry, Consent, User
from arki.helpexchange import services
from arki.helpexchange.enums import AssignmentStatus, RequestChannel, RequestStatus
from arki.helpexchange.models import Assignment, HelpRequest, Proxy
from arki.helpexchange.services.links import assignment_url
from arki.helpexchange.services.residents import LINK_CONSENT_VERSION

from . import factories as f


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
    return "/" + url.split("://", 1)[1].split("/", 1)[1]


def _token(assignment):
    """The helper's own token in a task link (the link also carries a timestamp and the
    helper's language, so the whole link differs from one made a second later)."""
    return f"/apu/t/{assignment.token}:"


def _link_data(**overrides):
    data = {
        "acts_as": "self",
        "email": "aili@example.org",
        "consent": "on",
        "consent_method": "phone",
        "consent_given_on": timezone.localdate().isoformat(),
    }
    data.update(overrides)
    return data


def _link_entries():
    return AuditEntry.objects.filter(action=AuditAction.CHANGE, subject__contains="account")


# --- linking an account -------------------------------------------------------------------


def test_coordinator_links_a_new_account_with_consent(
    client, process, coordinator, django_capture_on_commit_callbacks
):
    recipient = f.recipient(process)
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url("account_link", process, pk=recipient.pk), _link_data())
    assert response.status_code == 302
    recipient.person.refresh_from_db()
    user = recipient.person.user
    assert user is not None and user.email == "aili@example.org"
    assert not user.has_usable_password()  # sets it through the link in the message
    consent = Consent.objects.get(person=recipient.person)
    assert consent.purpose == ConsentPurpose.HELP_EXCHANGE
    assert consent.text_version == LINK_CONSENT_VERSION and consent.method == "phone"
    assert consent.recorded_by == coordinator
    entry = _link_entries().get()
    assert entry.actor == coordinator and entry.person == recipient.person
    assert entry.detail["user"] == "aili@example.org"
    [message] = mail.outbox
    assert message.to == ["aili@example.org"] and "/invitation/" in message.body
    assert "staff" not in (message.subject + message.body).lower()
    page = client.get(_url("recipient_detail", process, pk=recipient.pk)).content.decode()
    assert "aili@example.org" in page and "Remove the link" in page


def test_link_refused_without_consent_changes_nothing(client, process, coordinator):
    recipient = f.recipient(process)
    client.force_login(coordinator)
    response = client.post(_url("account_link", process, pk=recipient.pk), _link_data(consent=""))
    assert response.status_code == 400
    assert "the link needs their consent" in response.content.decode()
    recipient.person.refresh_from_db()
    assert recipient.person.user is None
    assert not User.objects.filter(email="aili@example.org").exists()
    assert not Consent.objects.exists() and not _link_entries().exists()
    assert not mail.outbox


def test_proxy_linked_to_an_existing_account_then_unlinked(client, process, coordinator, make_user):
    recipient = f.recipient(process)
    proxy = services.proxy_add(recipient=recipient, name="Pertti Poika", relation="relative")
    existing = make_user(username="pertti")
    existing.email = "pertti@example.org"
    existing.save()
    client.force_login(coordinator)
    response = client.post(
        _url("account_link", process, pk=recipient.pk),
        _link_data(acts_as=str(proxy.pk), email="PERTTI@example.org"),
    )
    assert response.status_code == 302
    proxy.refresh_from_db()
    assert proxy.user == existing
    assert existing.role_assignments.filter(role=Role.RESIDENT, process=process).exists()
    assert not mail.outbox  # an account with a password needs no link
    # linking the same proxy again is refused: the choice is gone from the form
    again = client.post(
        _url("account_link", process, pk=recipient.pk),
        _link_data(acts_as=str(proxy.pk), email="other@example.org"),
    )
    assert again.status_code == 400
    assert Proxy.objects.get(pk=proxy.pk).user == existing
    response = client.post(
        _url("account_unlink", process, pk=recipient.pk), {"proxy": str(proxy.pk)}
    )
    assert response.status_code == 302
    proxy.refresh_from_db()
    assert proxy.user is None
    assert Consent.objects.get(person=recipient.person).withdrawn_on == timezone.localdate()
    assert _link_entries().filter(subject__endswith="unlinked").count() == 1
    # unlinking what is not linked is refused and writes nothing more
    client.post(_url("account_unlink", process, pk=recipient.pk), {"proxy": str(proxy.pk)})
    assert _link_entries().filter(subject__endswith="unlinked").count() == 1


def test_an_account_cannot_be_two_older_people(process, coordinator):
    first, second = f.recipient(process), f.recipient(process, name="Toinen Asiakas")
    today = timezone.localdate()
    common = {"consent": True, "consent_method": "phone", "consent_given_on": today}
    services.account_link(
        recipient=first, email="a@example.org", proxy=None, by=coordinator, **common
    )
    with pytest.raises(Exception, match="another participant"):
        services.account_link(
            recipient=second, email="a@example.org", proxy=None, by=coordinator, **common
        )
    second.person.refresh_from_db()
    assert second.person.user is None
    assert Consent.objects.filter(person=second.person).count() == 0


# --- the resident's web channel -----------------------------------------------------------


def test_unlinked_account_is_told_how_to_get_linked(client, process, make_user):
    client.force_login(make_user(Role.RESIDENT, process=process))
    response = client.get(_url("own_requests", process))
    assert response.status_code == 200
    text = response.content.decode()
    assert "not yet linked" in text and "coordinator links your account" in text
    assert "Send the request" not in text


def test_linked_resident_logs_in_asks_for_help_and_the_coordinator_sees_it(
    client, process, coordinator, make_user
):
    recipient = f.recipient(process)
    f.organisation(process, recipient.village.municipality)
    resident = make_user(username="aili")
    resident.email = "aili@example.org"
    resident.save()
    services.account_link(
        recipient=recipient,
        email="aili@example.org",
        proxy=None,
        consent=True,
        consent_method="in_person",
        consent_given_on=timezone.localdate(),
        by=coordinator,
    )
    login = client.get(reverse("login")).content.decode()
    assert "Log-in is for staff" not in login and "ask for help" in login
    response = client.post(reverse("login"), {"username": "aili", "password": "pw-for-tests-1"})
    assert response.status_code == 302
    assert response["Location"].endswith(_url("own_requests", process))
    start = timezone.localtime() + datetime.timedelta(days=2)
    response = client.post(
        _url("own_requests", process),
        {
            "recipient": recipient.pk,
            "task_type": "shopping",
            "description": "Maitoa ja leipää",
            "window_start": start.strftime("%Y-%m-%dT%H:%M"),
            "window_end": (start + datetime.timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M"),
            "recurrence": "once",
        },
    )
    assert response.status_code == 302
    help_request = HelpRequest.objects.get()
    assert help_request.recipient == recipient and help_request.channel == RequestChannel.WEB
    assert "Maitoa" in client.get(_url("own_requests", process)).content.decode()
    client.force_login(coordinator)
    listing = client.get(_url("request_list", process)).content.decode()
    assert (
        reverse("helpexchange:request_detail", kwargs={"slug": process.slug, "pk": help_request.pk})
        in listing
    )


def test_staff_still_land_on_the_dashboard(client, process, make_user):
    make_user(Role.FACILITATOR, process=process, username="fasi")
    response = client.post(reverse("login"), {"username": "fasi", "password": "pw-for-tests-1"})
    assert response.status_code == 302
    assert "/help/" not in response["Location"]


# --- coordinator actions for a helper -----------------------------------------------------


def _assigned(process, coordinator, *volunteers, hours_from_now=24):
    help_request = f.help_request(process, hours_from_now=hours_from_now)
    services.assignment_confirm(
        help_request=help_request, volunteers=list(volunteers), by=coordinator
    )
    return help_request


def test_directly_assigned_helper_gets_the_task_link(
    process, coordinator, django_capture_on_commit_callbacks
):
    volunteer = f.active_volunteer(process, email="ville@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        help_request = _assigned(process, coordinator, volunteer)
    assignment = Assignment.objects.get(request=help_request)
    [message] = mail.outbox
    assert message.to == ["ville@example.org"]
    assert _token(assignment) in message.body


def test_coordinator_resends_the_link(
    client, process, coordinator, django_capture_on_commit_callbacks
):
    volunteer = f.active_volunteer(process, phone="0401234567")
    help_request = _assigned(process, coordinator, volunteer)
    assignment = Assignment.objects.get(request=help_request)
    client.force_login(coordinator)
    url = _url("assignment_resend", process, pk=help_request.pk, assignment=assignment.pk)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    assert response.status_code == 302
    [sms] = MemorySmsGateway.outbox
    assert _token(assignment) in sms.text
    entry = AuditEntry.objects.get(subject__endswith="link sent again")
    assert entry.actor == coordinator and entry.person == volunteer.person


def test_resend_refused_for_a_declined_helper(client, process, coordinator):
    volunteer = f.active_volunteer(process, phone="0401234567")
    help_request = f.help_request(process)
    [offer] = services.assignment_offer(
        help_request=help_request, volunteers=[volunteer], by=coordinator
    )
    services.assignment_decline(assignment=offer)
    MemorySmsGateway.outbox.clear()
    client.force_login(coordinator)
    url = _url("assignment_resend", process, pk=help_request.pk, assignment=offer.pk)
    response = client.post(url, follow=True)
    assert "no open offer or confirmed task" in response.content.decode()
    assert not MemorySmsGateway.outbox
    assert not AuditEntry.objects.filter(subject__endswith="link sent again").exists()


def test_coordinator_records_done_for_the_helper(
    client, process, coordinator, django_capture_on_commit_callbacks
):
    volunteer = f.active_volunteer(process)
    recipient = f.recipient(process)
    recipient.person.email = "aili@example.org"
    recipient.person.save()
    help_request = f.help_request(process, recipient, hours_from_now=-1)
    services.assignment_confirm(help_request=help_request, volunteers=[volunteer], by=coordinator)
    assignment = Assignment.objects.get(request=help_request)
    client.force_login(coordinator)
    url = _url("assignment_done", process, pk=help_request.pk, assignment=assignment.pk)
    response = client.post(url, {"duration_minutes": "0"}, follow=True)
    assert "1" in response.content.decode() and "720" in response.content.decode()
    assignment.refresh_from_db()
    assert assignment.status == AssignmentStatus.ACCEPTED  # nothing changed
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"duration_minutes": "45"})
    assert response.status_code == 302
    assignment.refresh_from_db()
    help_request.refresh_from_db()
    assert assignment.status == AssignmentStatus.DONE and assignment.duration_minutes == 45
    assert assignment.modified_by == coordinator
    assert help_request.status == RequestStatus.DONE
    entry = AuditEntry.objects.get(subject__endswith="done recorded for the helper")
    assert entry.actor == coordinator and entry.detail["duration_minutes"] == 45
    assert [m.to for m in mail.outbox] == [["aili@example.org"]]  # the feedback request


def test_done_for_the_helper_refused_before_the_window(client, process, coordinator):
    volunteer = f.active_volunteer(process)
    help_request = _assigned(process, coordinator, volunteer, hours_from_now=48)
    assignment = Assignment.objects.get(request=help_request)
    client.force_login(coordinator)
    url = _url("assignment_done", process, pk=help_request.pk, assignment=assignment.pk)
    response = client.post(url, {"duration_minutes": "45"}, follow=True)
    assert "This task starts" in response.content.decode()
    assignment.refresh_from_db()
    assert assignment.status == AssignmentStatus.ACCEPTED
    assert not AuditEntry.objects.filter(subject__endswith="done recorded").exists()


# --- the minor's page names the pair ------------------------------------------------------


def test_minor_learns_the_pair_only_once_confirmed(client, process, coordinator):
    minor = f.active_volunteer(process, age=15, name="Nuppu Nuori")
    adult = f.active_volunteer(process, name="Aaro Aikuinen")
    help_request = f.help_request(process, task_type="it_guidance")
    offers = services.assignment_offer(
        help_request=help_request, volunteers=[minor, adult], by=coordinator
    )
    minor_path = _path(assignment_url(offers[0]))
    client.post(minor_path, {"action": "accept"})
    waiting = client.get(minor_path).content.decode()
    assert "still looking for a partner" in waiting and "Aaro" not in waiting
    client.post(_path(assignment_url(offers[1])), {"action": "accept"})
    confirmed = client.get(minor_path).content.decode()
    assert "You go together with Aaro." in confirmed
    assert "Aikuinen" not in confirmed  # the first name only


# --- names in the drop-downs --------------------------------------------------------------


def test_dropdowns_show_names_to_coordinators(client, process, coordinator):
    recipient = f.recipient(process, name="Aili Asiakas")
    event = f.event(process, recipient.village.municipality)
    client.force_login(coordinator)
    before = AuditEntry.objects.count()
    form = client.get(_url("request_create", process)).content.decode()
    assert f"Aili Asiakas ({recipient.person.code})" in form
    page = client.get(_url("event_detail", process, pk=event.pk)).content.decode()
    assert f"Aili Asiakas ({recipient.person.code})" in page
    assert AuditEntry.objects.filter(subject="Older people to choose from").exists()
    assert AuditEntry.objects.filter(subject="Participants to sign up").exists()
    assert AuditEntry.objects.count() > before
