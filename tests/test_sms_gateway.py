"""The SMS operator adapter against a real HTTP server started by the test (no mock objects).

`FakeOperator` is a small HTTP server in a thread that speaks the operator API documented in
docs/deployment.md ("SMS operator"): it records every request, answers with the status the
test asks for, and posts signed delivery reports and inbound replies back to Arki's webhook
(the callback URL the adapter sent it) over real HTTP when the test runs a live server.
"""

from __future__ import annotations

import base64
import json
import logging
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from django.urls import reverse

from arki.core.enums import SmsStatus
from arki.core.messaging import (
    SIGNATURE_HEADER,
    HttpSmsGateway,
    SmsMessage,
    SmsPermanentError,
    SmsSendError,
    SmsTransientError,
    callback_signature,
    sms_gateway,
)
from arki.core.models import SmsSend
from arki.helpexchange import services as help_services
from arki.helpexchange.models import Feedback
from arki.helpexchange.tests import factories as f

SECRET = "webhook-secret-from-the-operator"
TEXT = "Hei! Muistutus: työpaja huomenna klo 17. Vastaa 1, 2 tai 3."


@dataclass
class Recorded:
    method: str
    path: str
    headers: dict[str, str]
    json: Any


@dataclass
class FakeOperator:
    requests: list[Recorded] = field(default_factory=list)
    status: int = 201
    delay: float = 0.0
    answer: bytes | None = None
    server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        assert self.server is not None
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}/xms/v1/kainuu-plan/batches"

    def start(self) -> FakeOperator:
        operator = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                operator.requests.append(
                    Recorded("POST", self.path, dict(self.headers.items()), json.loads(body))
                )
                if operator.delay:
                    time.sleep(operator.delay)
                batch_id = f"01HVBATCH{len(operator.requests):04d}"
                answer = operator.answer
                if answer is None:
                    answer = json.dumps({"id": batch_id, "to": ["358401234567"]}).encode()
                self.send_response(operator.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def log_message(self, *args: Any) -> None:  # keep the test output clean
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        assert self.server is not None
        self.server.shutdown()
        self.server.server_close()

    # --- what the operator posts back to Arki ----------------------------------------------

    def delivery_report(self, batch_id: str, status: str, code: int = 0) -> dict[str, Any]:
        return {
            "type": "recipient_delivery_report_sms",
            "batch_id": batch_id,
            "recipient": "358401234567",
            "code": code,
            "status": status,
            "at": "2026-12-07T03:00:00.000Z",
        }

    def post_back(self, url: str, payload: dict[str, Any], secret: str = SECRET) -> tuple:
        """POST a signed callback to Arki over HTTP, as the operator does."""
        body = json.dumps(payload).encode()
        request = urllib.request.Request(
            url,
            data=body,
            method="POST",
            headers={
                "Content-Type": "application/json",
                SIGNATURE_HEADER: callback_signature(secret, body, int(time.time())),
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read()


@pytest.fixture
def operator(settings):
    fake = FakeOperator().start()
    settings.ARKI_SMS_BACKEND = "arki.core.messaging.HttpSmsGateway"
    settings.ARKI_SMS_API_URL = fake.url
    settings.ARKI_SMS_API_TOKEN = "token-123"
    settings.ARKI_SMS_SENDER = "Kajaani"
    settings.ARKI_SMS_TIMEOUT = 2
    settings.ARKI_SMS_WEBHOOK_SECRET = SECRET
    settings.ARKI_PUBLIC_URL = "https://arki.example.fi"
    yield fake
    fake.stop()


def test_send_posts_the_documented_request_and_records_the_send(db, operator, caplog):
    caplog.set_level(logging.DEBUG)
    message_id = sms_gateway().send(SmsMessage(to="040 123 4567", text=TEXT, reference="r-7"))

    assert message_id == "01HVBATCH0001"
    [request] = operator.requests
    assert request.path == "/xms/v1/kainuu-plan/batches"
    assert request.headers["Authorization"] == "Bearer token-123"
    assert request.headers["Content-Type"] == "application/json; charset=utf-8"
    assert request.json == {
        "from": "Kajaani",
        "to": ["+358401234567"],
        "body": TEXT,
        "delivery_report": "per_recipient",
        "callback_url": "https://arki.example.fi/sms/callback/",
        "client_reference": "r-7",
    }
    send = SmsSend.objects.get()
    assert (send.operator_id, send.status, send.reference, send.to_masked) == (
        "01HVBATCH0001",
        SmsStatus.ACCEPTED,
        "r-7",
        "+358*******67",
    )
    # Neither the text nor the whole number reaches the logs.
    assert "01HVBATCH0001" in caplog.text
    assert "4567" not in caplog.text and "muistutus" not in caplog.text.lower()


def test_basic_authentication_when_the_operator_gives_a_user_name(db, operator, settings):
    settings.ARKI_SMS_API_TOKEN = ""
    settings.ARKI_SMS_API_USERNAME = "kainuu"
    settings.ARKI_SMS_API_PASSWORD = "pää-salasana"
    HttpSmsGateway().send(SmsMessage(to="+358 40 1234567", text="Hei"))
    expected = base64.b64encode("kainuu:pää-salasana".encode()).decode()
    assert operator.requests[0].headers["Authorization"] == f"Basic {expected}"


def test_existing_callers_keep_working_without_a_reference(db, operator):
    assert sms_gateway().send(SmsMessage(to="00358 40 1234567", text="Hei")) == "01HVBATCH0001"
    assert "client_reference" not in operator.requests[0].json
    assert operator.requests[0].json["to"] == ["+358401234567"]


@pytest.mark.parametrize(
    ("status", "error"),
    [
        (500, SmsTransientError),
        (503, SmsTransientError),
        (429, SmsTransientError),
        (400, SmsPermanentError),
        (401, SmsPermanentError),
        (403, SmsPermanentError),
    ],
)
def test_operator_errors_raise_the_right_exception(db, operator, status, error):
    operator.status = status
    operator.answer = b'{"code": "error", "text": "nope"}'
    with pytest.raises(error) as raised:
        sms_gateway().send(SmsMessage(to="040 123 4567", text=TEXT))
    assert isinstance(raised.value, SmsSendError)
    assert raised.value.transient is (error is SmsTransientError)
    assert f"HTTP {status}" in str(raised.value)
    assert len(operator.requests) == 1
    assert not SmsSend.objects.exists()  # not counted as sent


def test_a_slow_operator_times_out_as_a_transient_error(db, operator, settings):
    settings.ARKI_SMS_TIMEOUT = 0.3
    operator.delay = 1.5
    started = time.monotonic()
    with pytest.raises(SmsTransientError):
        sms_gateway().send(SmsMessage(to="040 123 4567", text=TEXT))
    assert time.monotonic() - started < 1.4
    assert not SmsSend.objects.exists()


def test_an_unreachable_operator_is_a_transient_error(db, operator, settings):
    operator.stop()
    operator.start()
    url = operator.url
    operator.stop()
    settings.ARKI_SMS_API_URL = url
    with pytest.raises(SmsTransientError):
        sms_gateway().send(SmsMessage(to="040 123 4567", text=TEXT))
    operator.start()  # for the fixture's teardown


def test_a_2xx_answer_without_an_id_is_permanent_not_retried(db, operator):
    operator.answer = b"<html>ok</html>"
    with pytest.raises(SmsPermanentError):
        sms_gateway().send(SmsMessage(to="040 123 4567", text=TEXT))


def test_a_bad_number_is_refused_before_anything_is_sent(db, operator):
    with pytest.raises(SmsPermanentError):
        sms_gateway().send(SmsMessage(to="040 12", text=TEXT))
    assert operator.requests == []


def test_send_sms_helper_logs_a_failure_instead_of_raising(db, operator, caplog):
    from arki.core.messaging import send_sms

    operator.status = 503
    assert send_sms("040 123 4567", TEXT) is None
    assert "+358*******67" in caplog.text and "4567" not in caplog.text


def _signed_post(client, payload, secret=SECRET, timestamp=None):
    body = json.dumps(payload).encode()
    header = callback_signature(secret, body, int(timestamp or time.time()))
    return client.post(
        reverse("sms_callback"),
        body,
        content_type="application/json",
        headers={SIGNATURE_HEADER: header},
    )


def test_webhook_refuses_bad_missing_and_replayed_signatures(db, operator, client):
    message_id = sms_gateway().send(SmsMessage(to="040 123 4567", text=TEXT))
    report = operator.delivery_report(message_id, "Failed", 402)
    assert _signed_post(client, report, secret="guessed").status_code == 403
    assert _signed_post(client, report, timestamp=time.time() - 3600).status_code == 403
    url = reverse("sms_callback")
    assert client.post(url, report, content_type="application/json").status_code == 403
    assert SmsSend.objects.get().status == SmsStatus.ACCEPTED
    assert client.get(url).status_code == 405


def test_webhook_is_off_without_a_secret(db, operator, client, settings):
    message_id = sms_gateway().send(SmsMessage(to="040 123 4567", text=TEXT))
    settings.ARKI_SMS_WEBHOOK_SECRET = ""
    response = _signed_post(client, operator.delivery_report(message_id, "Delivered"), "")
    assert response.status_code == 403
    assert SmsSend.objects.get().status == SmsStatus.ACCEPTED


def test_webhook_answers_malformed_and_unknown_callbacks(db, operator, client):
    body = b"not json"
    header = callback_signature(SECRET, body, int(time.time()))
    response = client.post(
        reverse("sms_callback"), body, content_type="application/json",
        headers={SIGNATURE_HEADER: header},
    )  # fmt: skip
    assert response.status_code == 400
    response = _signed_post(client, operator.delivery_report("nobody-knows", "Delivered"))
    assert (response.status_code, response.content) == (200, b"unknown")
    response = _signed_post(client, {"type": "delivery_report_sms", "batch_id": "x"})
    assert (response.status_code, response.content) == (200, b"ignored")


def test_a_final_status_is_not_taken_back_by_a_late_report(db, operator, client):
    message_id = sms_gateway().send(SmsMessage(to="040 123 4567", text=TEXT))
    _signed_post(client, operator.delivery_report(message_id, "Dispatched"))
    assert SmsSend.objects.get().status == SmsStatus.ACCEPTED
    _signed_post(client, operator.delivery_report(message_id, "Expired", 406))
    _signed_post(client, operator.delivery_report(message_id, "Dispatched"))
    send = SmsSend.objects.get()
    assert (send.status, send.operator_status, send.operator_code) == (
        SmsStatus.FAILED,
        "Expired",
        "406",
    )


def test_round_trip_with_reports_and_a_reply_over_real_http(live_server, operator, settings):
    """Arki sends; the operator posts delivery reports and a reply to the callback URL Arki
    gave it, over HTTP, to the running app."""
    settings.ARKI_PUBLIC_URL = live_server.url
    gateway = sms_gateway()
    delivered_id = gateway.send(SmsMessage(to="040 111 2222", text=TEXT))
    failed_id = gateway.send(SmsMessage(to="050 765 4321", text=TEXT))
    callback_url = operator.requests[0].json["callback_url"]
    assert callback_url == f"{live_server.url}/sms/callback/"

    delivered = operator.post_back(
        callback_url, operator.delivery_report(delivered_id, "Delivered")
    )
    failed = operator.post_back(callback_url, operator.delivery_report(failed_id, "Failed", 402))
    assert delivered == (200, b"ok") and failed == (200, b"ok")
    forged = operator.post_back(
        callback_url, operator.delivery_report(failed_id, "Delivered"), secret="forged"
    )
    assert forged[0] == 403
    statuses = dict(SmsSend.objects.values_list("operator_id", "status"))
    assert statuses == {delivered_id: SmsStatus.DELIVERED, failed_id: SmsStatus.FAILED}
    assert SmsSend.objects.get(operator_id=failed_id).operator_code == "402"


@pytest.fixture
def finished_task(process, make_user):
    from arki.core.models import Municipality
    from arki.helpexchange.models import Village
    from arki.helpexchange.villages import seed_villages

    seed_villages(Municipality, Village)  # a live-server test flushed the migration's seed
    coordinator = make_user("coordinator", process=process)
    recipient = f.recipient(process, phone="040 111 2222")
    help_request = f.help_request(process, recipient, hours_from_now=-1)
    offer = help_services.assignment_pick(
        help_request=help_request, volunteer=f.active_volunteer(process), by=coordinator
    )
    help_services.assignment_complete(assignment=offer, duration_minutes=25)
    return help_request


def test_inbound_reply_over_real_http_answers_the_help_task(
    live_server, operator, settings, finished_task
):
    settings.ARKI_PUBLIC_URL = live_server.url
    url = f"{live_server.url}{reverse('sms_callback')}"
    reply = {
        "type": "mo_text",
        "id": "01HVMO0001",
        "from": "358401112222",  # operators give the sender as an MSISDN, without "+"
        "to": "Kajaani",
        "body": "3 Kiitos avusta!",
        "received_at": "2026-12-07T03:05:00.000Z",
    }
    assert operator.post_back(url, {**reply, "from": "358409999999"}) == (200, b"ignored")
    assert not Feedback.objects.exists()
    assert operator.post_back(url, reply) == (200, b"ok")
    feedback = Feedback.objects.get()
    assert (feedback.request_id, feedback.answer, feedback.channel) == (
        finished_task.pk,
        3,
        "sms",
    )
