"""The SMS operator's webhook: delivery reports and inbound replies, signed with HMAC."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpResponse, HttpResponseBadRequest, HttpResponseForbidden
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from ..messaging import (
    SIGNATURE_HEADER,
    CallbackError,
    DeliveryReport,
    InboundSms,
    callback_parse,
    callback_verify,
)
from ..services.sms import sms_delivery_record, sms_reply_receive


@csrf_exempt  # the operator's server cannot hold a CSRF token; the signature replaces it
@require_POST
def sms_callback(request):
    """One callback of the operator (format in `arki.core.messaging`, docs/deployment.md).

    Refused with 403 unless signed with ARKI_SMS_WEBHOOK_SECRET (no secret set: the webhook
    is off). A malformed body gets 400, which operators do not retry; a report of a message
    we do not know, or a reply no tool wanted, gets 200 so that the operator stops retrying.
    """
    secret = settings.ARKI_SMS_WEBHOOK_SECRET
    if not callback_verify(secret, request.body, request.headers.get(SIGNATURE_HEADER, "")):
        return HttpResponseForbidden("forbidden", content_type="text/plain")
    try:
        event = callback_parse(request.body)
    except CallbackError as exc:
        return HttpResponseBadRequest(str(exc), content_type="text/plain")
    if isinstance(event, DeliveryReport):
        send = sms_delivery_record(
            operator_id=event.operator_id, status=event.status, code=event.code
        )
        result = "ok" if send is not None else "unknown"
    elif isinstance(event, InboundSms):
        result = "ok" if sms_reply_receive(sender=event.sender, text=event.text) else "ignored"
    else:
        result = "ignored"
    return HttpResponse(result, content_type="text/plain")
