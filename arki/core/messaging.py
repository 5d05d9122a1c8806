"""Text messages (SMS) through a gateway interface, chosen by settings.ARKI_SMS_BACKEND.

Production plugs in an operator's HTTP gateway by implementing `SmsGateway`; development writes
messages to files under var/outbox/sms, and tests keep them in memory.
"""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar, Protocol

from django.conf import settings
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class SmsMessage:
    to: str
    text: str


class SmsGateway(Protocol):
    def send(self, message: SmsMessage) -> None: ...


class FileSmsGateway:
    """Writes each message as a JSON file (development: read them in var/outbox/sms)."""

    def send(self, message: SmsMessage) -> None:
        folder = Path(settings.ARKI_SMS_FILE_PATH)
        folder.mkdir(parents=True, exist_ok=True)
        stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
        path = folder / f"{stamp}.json"
        path.write_text(
            json.dumps({"to": message.to, "text": message.text}, ensure_ascii=False),
            encoding="utf-8",
        )


class ConsoleSmsGateway:
    def send(self, message: SmsMessage) -> None:
        print(f"SMS to {message.to}: {message.text}")


class MemorySmsGateway:
    """Keeps messages in `MemorySmsGateway.outbox` (tests)."""

    outbox: ClassVar[list[SmsMessage]] = []

    def send(self, message: SmsMessage) -> None:
        self.outbox.append(message)


def sms_gateway() -> SmsGateway:
    return import_string(settings.ARKI_SMS_BACKEND)()


def send_sms(to: str, text: str) -> SmsMessage:
    """Send one text message through the configured gateway."""
    message = SmsMessage(to=to, text=text)
    sms_gateway().send(message)
    return message
