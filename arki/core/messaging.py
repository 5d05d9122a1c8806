"""Text messages (SMS) through a gateway interface, chosen by settings.ARKI_SMS_BACKEND.

`sms_gateway().send(SmsMessage(to=..., text=...))` sends one message and returns the
operator's message id. A send that did not go out raises `SmsSendError`: `SmsTransientError`
when trying again later may work (the operator is down or busy, the network timed out),
`SmsPermanentError` when it will not (a number the operator refuses, wrong credentials, a
malformed request), so a job retries only the first kind.

Production uses `HttpSmsGateway`, the adapter for an operator's REST API (format below and in
docs/deployment.md); development writes messages to files under var/outbox/sms, and tests keep
them in memory. The operator reports back through one webhook, `/sms/callback/`
(`arki.core.views.sms`): delivery reports update the `SmsSend` record of the message, and
inbound replies go to the tools that registered an `sms_reply` hook.

Privacy: message texts are never logged and never stored by the gateway; logs and the send
record carry the operator's id and a masked number (`phone_mask`) only.
"""

from __future__ import annotations

import base64
import datetime
import hashlib
import hmac
import itertools
import json
import logging
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar, Protocol

from django.conf import settings
from django.utils.module_loading import import_string

from .phones import phone_mask, phone_normalise_or_none

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class SmsMessage:
    to: str
    text: str
    #: The sender's own key for this message (e.g. a scheduled message's idempotency key):
    #: sent to the operator, which returns it in delivery reports. Never personal data.
    reference: str = ""


class SmsSendError(Exception):
    """The message was not sent. `transient` says whether trying again later may work."""

    transient = False


class SmsTransientError(SmsSendError):
    """The operator could not take the message now (5xx, 429, timeout, network): retry later."""

    transient = True


class SmsPermanentError(SmsSendError):
    """The operator refused the message (4xx: bad number, credentials or request): do not
    retry until the cause is fixed."""

    transient = False


class SmsGateway(Protocol):
    def send(self, message: SmsMessage) -> str:
        """Send `message`; return the operator's message id or raise `SmsSendError`."""
        ...


class FileSmsGateway:
    """Writes each message as a JSON file (development: read them in var/outbox/sms)."""

    def send(self, message: SmsMessage) -> str:
        folder = Path(settings.ARKI_SMS_FILE_PATH)
        folder.mkdir(parents=True, exist_ok=True)
        stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
        path = folder / f"{stamp}.json"
        path.write_text(
            json.dumps(
                {"to": message.to, "text": message.text, "reference": message.reference},
                ensure_ascii=False,
            ),
            encoding="utf-8",
        )
        return f"file-{stamp}"


class ConsoleSmsGateway:
    def send(self, message: SmsMessage) -> str:
        print(f"SMS to {message.to}: {message.text}")
        return "console"


class MemorySmsGateway:
    """Keeps messages in `MemorySmsGateway.outbox` (tests)."""

    outbox: ClassVar[list[SmsMessage]] = []
    _ids: ClassVar[itertools.count] = itertools.count(1)

    def send(self, message: SmsMessage) -> str:
        self.outbox.append(message)
        return f"memory-{next(self._ids)}"


class HttpSmsGateway:
    """An operator's REST API in the form most Nordic operators use (Sinch's "batches"):

        POST {ARKI_SMS_API_URL}
        Authorization: Bearer {ARKI_SMS_API_TOKEN}   (or Basic, with a user name and password)
        Content-Type: application/json
        {"from": "Kajaani", "to": ["+358401234567"], "body": "…",
         "delivery_report": "per_recipient", "callback_url": "https://…/sms/callback/",
         "client_reference": "…"}
        → 200/201 {"id": "01HV…", …}

    A successful send is recorded (`SmsSend`: the id, a masked number, "accepted"), so the
    delivery report that arrives later can mark it delivered or failed.
    """

    def __init__(self) -> None:
        self.url = settings.ARKI_SMS_API_URL
        self.sender = settings.ARKI_SMS_SENDER
        self.timeout = settings.ARKI_SMS_TIMEOUT

    def _auth_header(self) -> str:
        if settings.ARKI_SMS_API_TOKEN:
            return f"Bearer {settings.ARKI_SMS_API_TOKEN}"
        pair = f"{settings.ARKI_SMS_API_USERNAME}:{settings.ARKI_SMS_API_PASSWORD}"
        return "Basic " + base64.b64encode(pair.encode()).decode("ascii")

    def _callback_url(self) -> str:
        from django.urls import reverse

        return settings.ARKI_PUBLIC_URL.rstrip("/") + reverse("sms_callback")

    def send(self, message: SmsMessage) -> str:
        to = phone_normalise_or_none(message.to)
        if to is None:
            raise SmsPermanentError(f"not a valid phone number ({phone_mask(message.to)})")
        if not self.url:
            raise SmsPermanentError("ARKI_SMS_API_URL is not set")
        payload: dict[str, Any] = {
            "from": self.sender,
            "to": [to],
            "body": message.text,
            "delivery_report": "per_recipient",
            "callback_url": self._callback_url(),
        }
        if message.reference:
            payload["client_reference"] = message.reference
        request = urllib.request.Request(
            self.url,
            data=json.dumps(payload, ensure_ascii=False).encode("utf-8"),
            method="POST",
            headers={
                "Authorization": self._auth_header(),
                "Content-Type": "application/json; charset=utf-8",
                "Accept": "application/json",
            },
        )
        masked = phone_mask(to)
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                raw = response.read()
        except urllib.error.HTTPError as exc:
            status = exc.code
            logger.warning("SMS to %s refused by the operator: HTTP %s", masked, status)
            if status >= 500 or status in (408, 429):
                raise SmsTransientError(f"operator busy or down (HTTP {status})") from exc
            raise SmsPermanentError(f"operator refused the message (HTTP {status})") from exc
        except (urllib.error.URLError, TimeoutError, ConnectionError) as exc:
            # A timeout may hide a message the operator did take: the retry can then send it
            # twice. For reminders one message too many is better than none.
            logger.warning("SMS to %s not sent: %s", masked, type(exc).__name__)
            raise SmsTransientError(f"operator not reachable ({type(exc).__name__})") from exc
        try:
            operator_id = str(json.loads(raw)["id"])
        except (ValueError, KeyError, TypeError) as exc:
            # The operator answered 2xx, so it probably took the message: a retry could send it
            # twice. Permanent, so that a person looks at it.
            raise SmsPermanentError("the operator's answer had no message id") from exc
        from .services.sms import sms_send_record

        sms_send_record(operator_id=operator_id, to=to, reference=message.reference)
        logger.info("SMS %s to %s accepted by the operator", operator_id, masked)
        return operator_id


# --- The webhook's format -----------------------------------------------------------------

SIGNATURE_HEADER = "X-Arki-Sms-Signature"
#: A signed callback older (or newer) than this is refused: a recorded one cannot be replayed.
SIGNATURE_TOLERANCE_SECONDS = 300


def callback_signature(secret: str, body: bytes, timestamp: int) -> str:
    """The header value an operator sends: ``t=<unix time>,v1=<hex HMAC-SHA256>`` of
    ``"<unix time>." + body`` keyed with the shared secret (as Stripe and others sign)."""
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"t={timestamp},v1={mac.hexdigest()}"


def callback_verify(secret: str, body: bytes, header: str, now: float | None = None) -> bool:
    """Whether `header` is a fresh, correct signature of `body`; compared in constant time."""
    if not secret or not header:
        return False
    parts = dict(p.split("=", 1) for p in header.split(",") if "=" in p)
    try:
        timestamp = int(parts.get("t", ""))
    except ValueError:
        return False
    now = time.time() if now is None else now
    if abs(now - timestamp) > SIGNATURE_TOLERANCE_SECONDS:
        return False
    expected = callback_signature(secret, body, timestamp).split("v1=", 1)[1]
    return hmac.compare_digest(expected, parts.get("v1", ""))


@dataclass(frozen=True)
class DeliveryReport:
    operator_id: str
    status: str  # the operator's word: Delivered, Failed, Expired, Rejected, Queued, …
    code: str = ""


@dataclass(frozen=True)
class InboundSms:
    sender: str  # as the operator gave it, usually E.164 with or without "+"
    text: str


class CallbackError(ValueError):
    """The webhook's body is not a delivery report or reply in the operator's format."""


def callback_parse(body: bytes) -> DeliveryReport | InboundSms | None:
    """One callback as a delivery report or an inbound reply; None for a kind we do not use
    (a batch-level report). Field names as in Sinch's callbacks."""
    try:
        data = json.loads(body)
    except ValueError as exc:
        raise CallbackError("not JSON") from exc
    if not isinstance(data, dict):
        raise CallbackError("not a JSON object")
    kind = data.get("type")
    if kind == "recipient_delivery_report_sms":
        if not data.get("batch_id") or not data.get("status"):
            raise CallbackError("delivery report without batch_id or status")
        code = data.get("code")
        return DeliveryReport(
            operator_id=str(data["batch_id"]),
            status=str(data["status"]),
            code="" if code is None else str(code),
        )
    if kind == "mo_text":
        if not data.get("from") or not isinstance(data.get("body"), str):
            raise CallbackError("reply without from or body")
        sender = str(data["from"]).strip()
        # Operators send international numbers without the "+" (MSISDN): add it back.
        if sender.isdigit() and not sender.startswith("0"):
            sender = f"+{sender}"
        return InboundSms(sender=sender, text=data["body"])
    return None


def sms_gateway() -> SmsGateway:
    return import_string(settings.ARKI_SMS_BACKEND)()


def send_sms(to: str, text: str) -> str | None:
    """Send one notification now, best effort: the operator's id, or None if it failed.

    For the immediate notices of the services (a task offer, a diary reminder pressed by
    staff), sent after their transaction committed: a gateway failure is logged (masked
    number, no text) instead of turning the saved change into an error page. Anything that
    must arrive calls `sms_gateway().send()` itself and retries on `SmsTransientError`.
    """
    try:
        return sms_gateway().send(SmsMessage(to=to, text=text))
    except SmsSendError as exc:
        logger.error("SMS to %s not sent: %s", phone_mask(to), exc)
        return None
