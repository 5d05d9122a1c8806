"""Opt-in error reporting (SENTRY_DSN, production settings) without personal data.

Arki's requests carry diary texts, access codes and signed personal links, so an error event
keeps only what locates the fault: the exception, the stack and the route pattern (Sentry's
Django integration names the transaction after the URL pattern, not the address). Request
bodies, cookies, query strings, the address itself and identifying headers are dropped
before anything leaves the server; `send_default_pii=False` keeps users and IPs out.
"""

from __future__ import annotations

from typing import Any

# Headers that identify a person or carry a secret.
DROPPED_HEADERS = {"cookie", "authorization", "x-csrftoken", "referer", "x-forwarded-for"}


def scrub_event(event: dict[str, Any], hint: dict[str, Any] | None = None) -> dict[str, Any]:
    """Sentry `before_send`: remove request bodies, cookies, addresses and local variables."""
    request = event.get("request")
    if isinstance(request, dict):
        for key in ("data", "cookies", "query_string", "url", "env"):
            request.pop(key, None)
        headers = request.get("headers")
        if isinstance(headers, dict):
            request["headers"] = {
                name: value
                for name, value in headers.items()
                if name.lower() not in DROPPED_HEADERS
            }
    event.pop("user", None)
    # Frame locals can hold a diary text or a code; the code lines are enough to find a bug.
    for exception in (event.get("exception") or {}).get("values") or []:
        for frame in (exception.get("stacktrace") or {}).get("frames") or []:
            frame.pop("vars", None)
    return event


def sentry_init(dsn: str, *, environment: str, release: str | None, traces: float) -> None:
    import sentry_sdk
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=dsn,
        integrations=[DjangoIntegration(transaction_style="url")],
        send_default_pii=False,
        include_local_variables=False,
        max_request_body_size="never",
        before_send=scrub_event,  # type: ignore[arg-type]
        environment=environment,
        release=release,
        traces_sample_rate=traces,
    )
