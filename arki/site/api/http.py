"""What every response of the read-only API shares: the language, the rate limit, HTTP
caching and pagination (`public_endpoint` wraps every operation and the OpenAPI/docs views).

- **Language.** `?lang=fi|sv|en` wins, then the `Accept-Language` header, then Finnish. The
  language cookie is ignored on purpose: an API response should not depend on which page of
  the site the same browser visited last. Texts are then the model's `tr()` values, exactly
  what the page in that language shows (a missing translation falls back to Finnish), and
  the response says which language it is in (`Content-Language`, `Vary: Accept-Language`).
- **Rate limit per client.** Every request counts in `arki.core.throttle` (the same shared
  `default` cache as every code entry, so all app servers share one count, and the same
  client address rule behind a proxy): `ARKI_API_RATE_LIMIT` requests per
  `ARKI_API_RATE_WINDOW_MINUTES`; then 429 with `Retry-After` until the window ends.
- **HTTP caching.** A 200 carries a strong `ETag` (a hash of the body, which holds only
  published data) and `Cache-Control: public, max-age=ARKI_API_CACHE_SECONDS`, so browsers and
  a reverse proxy may keep it; `If-None-Match` with the current ETag gets 304 without a body.
  A publication shows within that many seconds.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.translation import gettext
from django.utils.translation.trans_real import parse_accept_lang_header
from ninja import Field, Schema
from ninja.pagination import PaginationBase

from arki.core.throttle import CodeEntry, TooManyAttempts

DEFAULT_LIMIT = 20
MAX_LIMIT = 100
DEFAULT_CACHE_SECONDS = 60

#: Every API request counts here, successes too: "failure" is CodeEntry's word for a counted
#: attempt. Keyed by the client's address only (one count for the whole API).
API_REQUESTS = CodeEntry(
    scope="api",
    limit_setting="ARKI_API_RATE_LIMIT",
    window_setting="ARKI_API_RATE_WINDOW_MINUTES",
)


def languages() -> list[str]:
    """The languages content has (fi, sv, en). Plain Finnish is a language of the interface's
    own texts, not of staff-written content, so the API does not offer it."""
    plain = getattr(settings, "ARKI_PLAIN_LANGUAGE", None)
    return [code for code, _name in settings.LANGUAGES if code != plain]


def accepted_language(request: HttpRequest) -> str:
    """The first supported language of Accept-Language, else the default."""
    supported = languages()
    for code, _quality in parse_accept_lang_header(request.META.get("HTTP_ACCEPT_LANGUAGE", "")):
        base = code.split("-")[0].lower()
        if base in supported:
            return base
    return settings.LANGUAGE_CODE


def response_language(request: HttpRequest) -> str | None:
    """`?lang=`, else Accept-Language, else the default; None when `?lang=` names a language
    Arki does not have."""
    asked = request.GET.get("lang")
    if asked is not None:
        return asked if asked in languages() else None
    return accepted_language(request)


def error(status: int, detail: str) -> JsonResponse:
    return JsonResponse({"detail": detail}, status=status)


def public_endpoint(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Rate limit, language and caching around one API view (see the module docstring)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        language = response_language(request)
        with translation.override(language or accepted_language(request)):
            try:
                API_REQUESTS.check(request)
            except TooManyAttempts as refused:
                response: HttpResponse = error(
                    429,
                    gettext("Too many requests. Try again in %(seconds)d seconds.")
                    % {"seconds": refused.retry_after},
                )
                response["Retry-After"] = str(refused.retry_after)
                return response
            API_REQUESTS.failure(request)
            if language is None:
                return error(
                    400,
                    gettext("Unknown language %(lang)s: use one of %(languages)s.")
                    % {"lang": request.GET.get("lang"), "languages": ", ".join(languages())},
                )
        with translation.override(language):
            response = view(request, *args, **kwargs)
        response["Content-Language"] = language
        patch_vary_headers(response, ["Accept-Language"])
        if response.status_code != 200 or response.streaming:
            return response
        etag = '"' + hashlib.sha256(response.content).hexdigest()[:32] + '"'
        response["ETag"] = etag
        seconds = int(getattr(settings, "ARKI_API_CACHE_SECONDS", DEFAULT_CACHE_SECONDS))
        response["Cache-Control"] = f"public, max-age={seconds}"
        return get_conditional_response(request, etag=etag, response=response) or response

    return wrapper


class LimitOffset(PaginationBase):
    """`?limit=` (1–100, default 20) and `?offset=` (from 0): a limit or offset out of bounds
    is refused with 422 and a message naming the parameter, never silently clamped."""

    class Input(Schema):
        limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="How many items (1–100).")
        offset: int = Field(0, ge=0, description="How many items to skip (0 or more).")

    class Output(Schema):
        count: int = Field(description="How many items there are in all.")
        limit: int
        offset: int
        items: list[Any]

    def paginate_queryset(
        self, queryset: Any, pagination: Input, request: HttpRequest, **params: Any
    ) -> dict[str, Any]:
        start, stop = pagination.offset, pagination.offset + pagination.limit
        return {
            "count": self._items_count(queryset),
            "limit": pagination.limit,
            "offset": pagination.offset,
            "items": queryset[start:stop],
        }
