"""Staff accounts: invitations, roles, deactivation, the second factor and log-in throttling."""

from __future__ import annotations

import csv
import datetime
import io
import re

import pytest
from django.core import mail
from django.core.cache import caches
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from arki.core import throttle
from arki.core.enums import AuditAction, Role
from arki.core.models import AuditEntry, Invitation, RoleAssignment, User
from arki.core.services.accounts import invitation_accept, staff_invite

PASSWORD = "pw-for-tests-1"
NEW_PASSWORD = "Kuusi-Kuhmo-2026!"


@pytest.fixture
def admin(make_user):
    return make_user(Role.ADMIN)


@pytest.fixture
def admin_client(admin, django_capture_on_commit_callbacks):
    client = Client()
    client.force_login(admin)
    # The invitation e-mail leaves when the transaction commits (run the callbacks here).
    client.capture = django_capture_on_commit_callbacks
    return client


def invite(admin_client, process, municipality=None, email="kaisa@example.org", role="contact"):
    data = {"email": email, "role": role}
    if municipality is not None:
        data["municipality"] = municipality.pk
    with admin_client.capture(execute=True):
        response = admin_client.post(reverse("core:staff_invite", args=[process.slug]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    link = re.search(r"https?://\S+", mail.outbox[-1].body).group(0)
    return "/" + link.split("/", 3)[3]


def test_an_invited_contact_person_sets_a_password_once(
    admin_client, admin, process, municipalities
):
    kuhmo = municipalities["Kuhmo"]
    path = invite(admin_client, process, kuhmo)
    user = User.objects.get(email="kaisa@example.org")
    assert not user.has_usable_password()
    assert list(user.role_assignments.values_list("role", "process", "municipality")) == [
        ("contact", process.pk, kuhmo.pk)
    ]
    granted = AuditEntry.objects.get(action=AuditAction.ACCOUNT, detail__change="role granted")
    assert granted.actor == admin and granted.detail["municipality"] == "Kuhmo"

    response = Client().post(path, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)

    again = Client().post(
        path, {"new_password1": "Toinen-Sala-99!", "new_password2": "Toinen-Sala-99!"}
    )
    assert again.status_code == 410
    assert "Tämä kutsu on jo käytetty" in again.content.decode()
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)  # the reused link changed nothing


def test_an_expired_invitation_is_refused_with_a_clear_message(admin_client, process):
    path = invite(admin_client, process)
    Invitation.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    response = Client().post(path, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 410
    assert "Tämä kutsu on vanhentunut" in response.content.decode()
    assert not User.objects.get(email="kaisa@example.org").has_usable_password()


@pytest.mark.django_db(transaction=True)
def test_the_invitation_mail_is_sent_only_after_the_grant_commits(make_user, process):
    admin = make_user(Role.ADMIN)
    _invitation, path = staff_invite(
        email="Pekka@Example.org", role=Role.FACILITATOR, process=process, by=admin
    )
    assert len(mail.outbox) == 1 and path in mail.outbox[0].body
    user = invitation_accept(token=path.rstrip("/").rsplit("/", 1)[1], password=NEW_PASSWORD)
    assert user.email == "pekka@example.org" and user.check_password(NEW_PASSWORD)


def test_only_administrators_invite_and_a_refused_invitation_changes_nothing(make_user, process):
    facilitator = make_user(Role.FACILITATOR, process=process)
    client = Client()
    client.force_login(facilitator)
    users, audits = User.objects.count(), AuditEntry.objects.count()
    response = client.post(
        reverse("core:staff_invite", args=[process.slug]),
        {"email": "x@example.org", "role": "facilitator"},
    )
    assert response.status_code == 403
    assert (User.objects.count(), AuditEntry.objects.count()) == (users, audits)
    assert mail.outbox == []


def test_withdrawing_a_role_refuses_the_next_request_and_is_audited(
    admin_client, admin, make_user, process, municipalities
):
    contact = make_user(Role.CONTACT, process=process, municipality=municipalities["Kuhmo"])
    client = Client()
    client.force_login(contact)
    people = reverse("core:person_list", args=[process.slug])
    assert client.get(people).status_code == 200
    assignment = contact.role_assignments.get()
    response = admin_client.post(reverse("core:role_withdraw", args=[process.slug, assignment.pk]))
    assert response.status_code == 302
    assert not RoleAssignment.objects.filter(pk=assignment.pk).exists()
    entry = AuditEntry.objects.get(detail__change="role withdrawn")
    assert (entry.actor, entry.detail["user"], entry.detail["role"]) == (
        admin,
        contact.username,
        "contact",
    )
    assert client.get(people).status_code == 403


def test_a_facilitator_cannot_withdraw_a_role(make_user, process, municipalities):
    facilitator = make_user(Role.FACILITATOR, process=process)
    contact = make_user(Role.CONTACT, process=process, municipality=municipalities["Kuhmo"])
    client = Client()
    client.force_login(facilitator)
    assignment = contact.role_assignments.get()
    response = client.post(reverse("core:role_withdraw", args=[process.slug, assignment.pk]))
    assert response.status_code == 403
    assert RoleAssignment.objects.filter(pk=assignment.pk).exists()
    assert not AuditEntry.objects.filter(action=AuditAction.ACCOUNT).exists()


def test_a_deactivated_account_cannot_log_in_and_keeps_its_roles(admin_client, make_user, process):
    analyst = make_user(Role.ANALYST, process=process)
    response = admin_client.post(
        reverse("core:account_deactivate", args=[process.slug, analyst.pk])
    )
    assert response.status_code == 302
    analyst.refresh_from_db()
    assert not analyst.is_active
    assert analyst.role_assignments.count() == 1  # data and authorship stay
    assert not Client().login(username=analyst.username, password=PASSWORD)
    assert AuditEntry.objects.filter(detail__change="deactivated").count() == 1


def test_the_role_list_filters_paginates_and_exports_safe_csv(
    admin_client, make_user, process, municipalities
):
    kuhmo, kajaani = municipalities["Kuhmo"], municipalities["Kajaani"]
    make_user(Role.CONTACT, process=process, municipality=kuhmo, username="=cmd|calc")
    make_user(Role.CONTACT, process=process, municipality=kajaani, username="kajaani")
    for _n in range(51):
        make_user(Role.ANALYST, process=process)
    url = reverse("core:staff_list", args=[process.slug])
    page = admin_client.get(url, {"role": "contact", "municipality": kuhmo.pk}).content.decode()
    assert "=cmd|calc" in page and "kajaani</td>" not in page
    first = admin_client.get(url, {"role": "analyst"})
    assert (
        "Sivu 1/2" in first.content.decode()
        or "1 / 2" in first.content.decode()
        or (first.context["page"].paginator.num_pages == 2)
    )
    export = admin_client.get(
        reverse("core:staff_export", args=[process.slug]), {"role": "contact"}
    )
    rows = list(csv.reader(io.StringIO(export.content.decode())))
    assert sorted(row[0] for row in rows[1:]) == ["'=cmd|calc", "kajaani"]
    assert {row[3] for row in rows[1:]} == {"Kuhmo", "Kajaani"}
    from arki.core.models import AuditEntry

    logged = AuditEntry.objects.get(action="export", subject="Staff and roles (CSV)")
    assert logged.process == process and logged.detail["rows"] == 2


# --- the second factor ----------------------------------------------------------------


def test_a_contact_person_must_enrol_a_second_factor_and_an_analyst_need_not(
    make_user, process, municipalities
):
    contact = make_user(Role.CONTACT, process=process, municipality=municipalities["Kuhmo"])
    analyst = make_user(Role.ANALYST, process=process)
    dashboard = reverse("core:dashboard")

    optional = Client()
    assert optional.login(username=analyst.username, password=PASSWORD)
    assert optional.get(dashboard).status_code == 200

    client = Client()
    assert client.login(username=contact.username, password=PASSWORD)
    response = client.get(reverse("core:person_list", args=[process.slug]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:otp_setup"))
    assert client.get(reverse("accounts:otp_setup")).status_code == 200
    device = TOTPDevice.objects.get(user=contact, confirmed=False)
    wrong = client.post(reverse("accounts:otp_setup"), {"token": "000000"})
    assert "Koodi ei ole oikein" in wrong.content.decode()
    assert not TOTPDevice.objects.filter(user=contact, confirmed=True).exists()
    shown = client.post(reverse("accounts:otp_setup"), {"token": f"{totp(device.bin_key):06d}"})
    codes = re.findall(r"<li><code>(\w+)</code></li>", shown.content.decode())
    assert len(codes) == 10
    assert client.get(reverse("core:person_list", args=[process.slug])).status_code == 200

    # A later log-in asks for the code; a recovery code works once.
    later = Client()
    assert later.login(username=contact.username, password=PASSWORD)
    assert later.get(dashboard)["Location"].startswith(reverse("accounts:otp_verify"))
    assert later.post(reverse("accounts:otp_verify"), {"token": codes[0]}).status_code == 302
    assert later.get(dashboard).status_code == 200
    assert not StaticToken.objects.filter(token=codes[0]).exists()


def test_an_administrator_resets_a_lost_second_factor(admin_client, admin, make_user, process):
    facilitator = make_user(Role.FACILITATOR, process=process)
    TOTPDevice.objects.create(user=facilitator, name="phone", confirmed=True)
    response = admin_client.post(
        reverse("core:second_factor_reset", args=[process.slug, facilitator.pk])
    )
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=facilitator).exists()
    entry = AuditEntry.objects.get(detail__change="second factor reset")
    assert entry.actor == admin and entry.detail["user"] == facilitator.username
    client = Client()
    assert client.login(username=facilitator.username, password=PASSWORD)
    assert client.get(reverse("core:dashboard"))["Location"].startswith(
        reverse("accounts:otp_setup")
    )


# --- throttling -----------------------------------------------------------------------


def _log_in(password: str, address: str, username: str = "throttled"):
    return Client(REMOTE_ADDR=address).post(
        reverse("login"), {"username": username, "password": password}
    )


def test_ten_wrong_passwords_lock_the_account_on_every_server_until_the_window_ends(
    make_user, monkeypatch
):
    make_user(username="throttled")
    server_a = caches.create_connection("default")
    server_b = caches.create_connection("default")
    assert server_a is not server_b
    monkeypatch.setattr(throttle, "_cache", lambda: server_a)
    for attempt in range(10):
        # From ten addresses: the account's count does not depend on where tries come from.
        assert _log_in("wrong", f"198.51.100.{attempt}").status_code == 200
    monkeypatch.setattr(throttle, "_cache", lambda: server_b)
    refused = _log_in(PASSWORD, "203.0.113.9")
    assert refused.status_code == 429
    assert "Liian monta epäonnistunutta kirjautumisyritystä" in refused.content.decode()
    assert "_auth_user_id" not in refused.client.session
    now = throttle._now()
    monkeypatch.setattr(throttle, "_now", lambda: now + 15 * 60 + 1)
    assert _log_in(PASSWORD, "203.0.113.9").status_code == 302


def test_one_address_is_locked_for_every_account(make_user, settings):
    settings.ARKI_LOGIN_CLIENT_ATTEMPTS = 3
    make_user(username="throttled")
    for name in ("a", "b", "c"):
        _log_in("wrong", "192.0.2.1", username=name)
    assert _log_in(PASSWORD, "192.0.2.1").status_code == 429
    assert _log_in(PASSWORD, "192.0.2.2").status_code == 302


# --- first run ------------------------------------------------------------------------


def test_the_first_administrator_sees_what_to_do_next(db):
    from django.core.management import call_command

    call_command("createsuperuser", username="first", email="first@example.org", interactive=False)
    first = User.objects.get(username="first")
    client = Client()
    client.force_login(first)
    page = client.get(reverse("core:dashboard")).content.decode()
    assert 'id="next-steps"' in page
    assert reverse("core:process_create") in page


def test_the_django_admin_registers_no_model_that_carries_an_identity():
    """Support uses the admin for set-up only; identities are seen on audited staff pages,
    and a second factor's secret must not be copyable from the admin."""
    from django.contrib import admin
    from django_otp.plugins.otp_static.models import StaticDevice

    from arki.core.models import Consent, Person

    registered = set(admin.site._registry)
    assert not registered & {Person, Consent, User, RoleAssignment, AuditEntry, Invitation}
    assert not registered & {TOTPDevice, StaticDevice}


def test_an_administrator_moves_a_contact_person_to_another_municipality(
    admin_client, admin, make_user, process, municipalities
):
    kuhmo, kajaani = municipalities["Kuhmo"], municipalities["Kajaani"]
    contact = make_user(Role.CONTACT, process=process, municipality=kuhmo)
    assignment = contact.role_assignments.get()
    url = reverse("core:role_edit", args=[process.slug, assignment.pk])
    response = admin_client.post(url, {"role": "contact", "municipality": kajaani.pk})
    assert response.status_code == 302
    assignment.refresh_from_db()
    assert assignment.municipality == kajaani
    entry = AuditEntry.objects.get(detail__change="role changed")
    assert entry.actor == admin
    assert (entry.detail["was"], entry.detail["municipality"]) == (
        {"role": "contact", "municipality": "Kuhmo"},
        "Kajaani",
    )


def test_a_facilitator_cannot_change_a_role(make_user, process, municipalities):
    facilitator = make_user(Role.FACILITATOR, process=process)
    contact = make_user(Role.CONTACT, process=process, municipality=municipalities["Kuhmo"])
    assignment = contact.role_assignments.get()
    client = Client()
    client.force_login(facilitator)
    response = client.post(
        reverse("core:role_edit", args=[process.slug, assignment.pk]),
        {"role": "facilitator", "municipality": ""},
    )
    assert response.status_code == 403
    assignment.refresh_from_db()
    assert (assignment.role, assignment.municipality) == ("contact", municipalities["Kuhmo"])
    assert not AuditEntry.objects.filter(action=AuditAction.ACCOUNT).exists()


def test_inviting_an_existing_account_gives_the_role_without_a_link(
    admin_client, make_user, process
):
    analyst = make_user(Role.ANALYST, process=process, username="pirjo")
    analyst.email = "pirjo@example.org"
    analyst.save()
    with admin_client.capture(execute=True):
        response = admin_client.post(
            reverse("core:staff_invite", args=[process.slug]),
            {"email": "Pirjo@example.org", "role": "planning"},
        )
    assert response.status_code == 302
    assert sorted(analyst.role_assignments.values_list("role", flat=True)) == [
        "analyst",
        "planning",
    ]
    assert mail.outbox == [] and not Invitation.objects.exists()
    assert analyst.check_password(PASSWORD)


def test_an_analyst_who_chose_a_second_factor_is_asked_for_it_at_every_log_in(make_user, process):
    analyst = make_user(Role.ANALYST, process=process)
    client = Client()
    assert client.login(username=analyst.username, password=PASSWORD)
    dashboard = client.get(reverse("core:dashboard")).content.decode()
    assert reverse("accounts:otp_setup") in dashboard  # offered, not required
    client.get(reverse("accounts:otp_setup"))
    device = TOTPDevice.objects.get(user=analyst)
    client.post(reverse("accounts:otp_setup"), {"token": f"{totp(device.bin_key):06d}"})
    later = Client()
    assert later.login(username=analyst.username, password=PASSWORD)
    assert later.get(reverse("core:dashboard"))["Location"].startswith(
        reverse("accounts:otp_verify")
    )


def test_a_role_cannot_name_a_municipality_outside_the_process(
    make_user, admin, process, municipalities
):
    from django.core.exceptions import ValidationError

    from arki.core.services.people import role_assign

    outside = next(
        m for m in municipalities.values() if not process.municipalities.filter(pk=m.pk).exists()
    )
    user = make_user()
    with pytest.raises(ValidationError):
        role_assign(user=user, role=Role.CONTACT, process=process, municipality=outside, by=admin)
    assert not user.role_assignments.exists()
    assert not AuditEntry.objects.filter(action=AuditAction.ACCOUNT).exists()


# --- password reset requests ------------------------------------------------------------


def _request_reset(email, address="192.0.2.1"):
    return Client(REMOTE_ADDR=address).post(reverse("accounts:password_reset"), {"email": email})


def test_reset_links_for_one_address_are_refused_after_the_limit_from_any_client(
    make_user, settings
):
    settings.ARKI_RESET_REQUESTS = 3
    user = make_user(Role.FACILITATOR)
    user.email = "kaisa@example.org"
    user.save()
    for attempt in range(3):
        response = _request_reset("Kaisa@example.org", f"198.51.100.{attempt}")
        assert response.status_code == 302
    assert len(mail.outbox) == 3
    refused = _request_reset("kaisa@example.org", "203.0.113.9")
    assert refused.status_code == 429
    page = refused.content.decode()
    assert "Liian monta salasanan palautuspyyntöä" in page
    assert 'value="kaisa@example.org"' in page  # kept in the form to send again later
    assert len(mail.outbox) == 3
    assert _request_reset("other@example.org", "203.0.113.9").status_code == 302


def test_one_client_is_refused_reset_links_for_every_address(db, settings):
    settings.ARKI_RESET_CLIENT_REQUESTS = 2
    for name in ("a", "b"):
        assert _request_reset(f"{name}@example.org", "192.0.2.1").status_code == 302
    assert _request_reset("c@example.org", "192.0.2.1").status_code == 429
    assert _request_reset("c@example.org", "192.0.2.2").status_code == 302


def test_a_reset_request_does_not_tell_whether_the_address_has_an_account(make_user, settings):
    settings.ARKI_RESET_REQUESTS = 1
    user = make_user(Role.FACILITATOR)
    user.email = "kaisa@example.org"
    user.save()
    known, unknown = _request_reset("kaisa@example.org"), _request_reset("nobody@example.org")
    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["kaisa@example.org"]
    # The lock too falls alike on a known and an unknown address.
    known, unknown = _request_reset("kaisa@example.org"), _request_reset("nobody@example.org")
    assert known.status_code == unknown.status_code == 429
    # Equal but for the typed address and per-response tokens (CSRF, CSP nonce).
    strip = re.compile(r"kaisa@example\.org|nobody@example\.org|[\w+/=-]{16,}")
    assert strip.sub("", known.content.decode()) == strip.sub("", unknown.content.decode())
