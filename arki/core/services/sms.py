"""Text messages: the record of a send, its delivery reports and inbound replies.

Called by the gateway (`arki.core.messaging.HttpSmsGateway`) and the operator's webhook
(`arki.core.views.sms`); tools never write `SmsSend` themselves.
"""

from __future__ import annotations

import logging

from django.db import transaction
from django.utils import timezone

from ..enums import SmsStatus
from ..models import SmsSend
from ..phones import phone_mask, phone_normalise_or_none
from ..registry import registry

logger = logging.getLogger(__name__)

#: The operator's delivery statuses (Sinch's words; others use the same) and ours. Statuses
#: not listed (Queued, Dispatched, Unknown) leave the record as it is.
OPERATOR_STATUS = {
    "delivered": SmsStatus.DELIVERED,
    "failed": SmsStatus.FAILED,
    "rejected": SmsStatus.FAILED,
    "expired": SmsStatus.FAILED,
    "aborted": SmsStatus.FAILED,
    "cancelled": SmsStatus.FAILED,
    "deleted": SmsStatus.FAILED,
}


def sms_send_record(*, operator_id: str, to: str, reference: str = "") -> SmsSend:
    """The operator accepted a message: record it (masked number, no text)."""
    send, _created = SmsSend.objects.get_or_create(
        operator_id=operator_id,
        defaults={"to_masked": phone_mask(to), "reference": reference[:100]},
    )
    return send


@transaction.atomic
def sms_delivery_record(*, operator_id: str, status: str, code: str = "") -> SmsSend | None:
    """A delivery report: mark the message delivered or failed; None if it is not ours.

    Reports can arrive out of order and more than once (the operator retries a callback we
    did not answer in time), so the first final status (delivered or failed) stays: a late
    "Dispatched" or a repeated report does not take it back.
    """
    send = SmsSend.objects.select_for_update().filter(operator_id=operator_id).first()
    if send is None:
        logger.warning("Delivery report for an unknown SMS %s", operator_id)
        return None
    if send.status != SmsStatus.ACCEPTED:
        return send
    ours = OPERATOR_STATUS.get(status.strip().lower())
    send.operator_status = status[:30]
    send.operator_code = code[:30]
    send.status_at = timezone.now()
    if ours is not None:
        send.status = ours
    send.save(update_fields=["operator_status", "operator_code", "status_at", "status"])
    if send.status == SmsStatus.FAILED:
        logger.warning(
            "SMS %s to %s not delivered: %s %s", operator_id, send.to_masked, status, code
        )
    return send


def sms_reply_receive(*, sender: str, text: str) -> bool:
    """An inbound reply: offer it to each tool's `sms_reply` hook until one takes it.

    The sender is normalised to E.164, as numbers are stored, so a tool compares equal
    strings. Returns whether some tool used the reply.
    """
    phone = phone_normalise_or_none(sender)
    if phone is None:
        return False
    return any(hook(phone=phone, text=text) for hook in registry.sms_reply_hooks())
