"""Throttled code attempts: one mechanism for every page where a resident types or follows a code.

Residents reach their things without an account, by codes: the six-character live-session code
and the personal access code on the join page, the personal code of the diary and service map,
the signed links of the help exchange. Each such entry point owns one `CodeEntry` and does two
things with it: `check()` before it looks a code up, and `failure()` when the code was wrong.

Why it is built this way:

- **Counted in Django's `default` cache**, so every worker process and every server share one
  count (the database cache by default, Redis in production); a per-process counter let 30
  wrong codes through with three workers and forgot everything on a restart.
- **Keyed by client address and by target** (e.g. the live session whose seats are being
  guessed). The address comes from REMOTE_ADDR, or from a proxy header named in
  `ARKI_CLIENT_IP_HEADER` when the site runs behind a trusted proxy: the entry that the
  `ARKI_TRUSTED_PROXY_COUNT`-th proxy from the right appended, never a value the client wrote
  itself. Addresses are hashed before they become cache keys, so the cache holds no addresses.
- **Only failures count, and a success never resets the count**: otherwise someone holding one
  valid code could wipe their count between guesses.
- **Once the limit is reached, every attempt is refused until the window ends, a correct code
  included.** If a correct code still passed, the refusal would tell a guesser nothing and stop
  nothing. The window starts at the first failure and lasts `ARKI_CODE_WINDOW_MINUTES`.
- The counter survives any backend: the database cache's `incr` is a read and a write that
  also resets the expiry, so the window's end is kept under its own key and the counter's expiry
  is set again after each increment. Under Redis the increment is atomic; under the database
  cache two simultaneous failures may count once, which a guesser cannot turn into more than a
  few extra tries.
"""

from __future__ import annotations

import hashlib
import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import ngettext

DEFAULT_ATTEMPTS = 10
DEFAULT_WINDOW_MINUTES = 15


def _now() -> float:
    return time.time()


def client_address(request: HttpRequest) -> str:
    """The client's address: REMOTE_ADDR, or the trusted proxy's entry in its header."""
    header = getattr(settings, "ARKI_CLIENT_IP_HEADER", "")
    if header:
        meta_key = "HTTP_" + header.upper().replace("-", "_")
        entries = [e.strip() for e in request.META.get(meta_key, "").split(",") if e.strip()]
        trusted = max(1, int(getattr(settings, "ARKI_TRUSTED_PROXY_COUNT", 1)))
        if len(entries) >= trusted:
            return entries[-trusted]
    return request.META.get("REMOTE_ADDR") or "unknown"


class TooManyAttempts(Exception):
    """Raised by `CodeEntry.check`; carries how long the client must wait."""

    def __init__(self, retry_after: int):
        super().__init__(retry_after)
        self.retry_after = retry_after

    @property
    def minutes(self) -> int:
        return max(1, math.ceil(self.retry_after / 60))

    @property
    def message(self) -> str:
        return ngettext(
            "Too many attempts with a wrong code. Try again in %(minutes)d minute, "
            "or ask your contact person.",
            "Too many attempts with a wrong code. Try again in %(minutes)d minutes, "
            "or ask your contact person.",
            self.minutes,
        ) % {"minutes": self.minutes}


@dataclass(frozen=True)
class CodeEntry:
    """One place where codes (or passwords) are entered; `scope` names it in the cache keys.

    `per_client=False` counts one target's failures from every address together: staff
    log-in counts wrong passwords per account that way, so that a guesser who changes
    address still locks the account's tries (arki/core/accounts.py). `limit_setting` and
    `window_setting` name the settings that hold the limit and the window in minutes.
    """

    scope: str
    per_client: bool = True
    limit_setting: str = "ARKI_CODE_ATTEMPTS"
    window_setting: str = "ARKI_CODE_WINDOW_MINUTES"

    @property
    def limit(self) -> int:
        return int(getattr(settings, self.limit_setting, DEFAULT_ATTEMPTS))

    @property
    def window(self) -> int:
        return 60 * int(getattr(settings, self.window_setting, DEFAULT_WINDOW_MINUTES))

    def _keys(self, request: HttpRequest, target: str) -> tuple[str, str]:
        client = client_address(request) if self.per_client else "*"
        digest = hashlib.sha256(f"{client}|{target}".encode()).hexdigest()[:32]
        key = f"arki:throttle:{self.scope}:{digest}"
        return key, f"{key}:until"

    def check(self, request: HttpRequest, target: str = "") -> None:
        """Raise TooManyAttempts if this client has used up its wrong codes at this target."""
        key, until_key = self._keys(request, target)
        values = _cache().get_many([key, until_key])
        until = values.get(until_key)
        now = _now()
        if until is None or until <= now:
            return
        if values.get(key, 0) >= self.limit:
            raise TooManyAttempts(retry_after=max(1, math.ceil(until - now)))

    def failure(self, request: HttpRequest, target: str = "") -> None:
        """Count one wrong code; the first failure starts the window."""
        cache = _cache()
        key, until_key = self._keys(request, target)
        now = _now()
        until = cache.get(until_key)
        if until is None or until <= now:
            cache.delete_many([key, until_key])
            cache.add(until_key, now + self.window, self.window)
            until = cache.get(until_key, now + self.window)
        remaining = max(1, math.ceil(until - now))
        cache.add(key, 0, remaining)
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, remaining)
        cache.touch(key, remaining)  # the database cache's incr resets the expiry


def _cache():
    return caches[getattr(settings, "ARKI_THROTTLE_CACHE", "default")]


def throttled_response(request: HttpRequest, error: TooManyAttempts) -> HttpResponse:
    """The 429 page for entries without a form of their own; what was posted is kept in a
    form the resident can send again once the wait is over."""
    kept = [
        (name, value)
        for name, values in request.POST.lists()
        if name != "csrfmiddlewaretoken"
        for value in values
    ]
    response = render(
        request,
        "core/throttled.html",
        {
            "message": error.message,
            "kept": kept,
            # What the resident typed, without the buttons' technical values.
            "shown": [value for name, value in kept if name != "action" and value.strip()],
            "action": request.get_full_path(),
        },
        status=429,
    )
    response["Retry-After"] = str(error.retry_after)
    return response


def throttled(
    entry: CodeEntry, target: Callable[..., str] | None = None
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Refuse a view with the 429 page while the client is over its limit at `entry`.

    The view still calls `entry.failure(request, target)` itself when a code turns out wrong:
    only it knows.
    """

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            try:
                entry.check(request, target(request, *args, **kwargs) if target else "")
            except TooManyAttempts as error:
                return throttled_response(request, error)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
