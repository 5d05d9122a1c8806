"""The second factor is required, not offered, for staff who can see identities.

`SecondFactorMiddleware` runs after django-otp's `OTPMiddleware`: a logged-in user who has
a second factor, or whose roles need one (`requires_second_factor`, derived from the
permission matrix), and whose session has not passed it is sent to enter a code, or to enrol
an authenticator app if they have none, before any other page. Checking in one middleware
rather than in each view means a new page cannot forget it. The pages a half-logged-in user
needs stay open: the second-factor pages themselves, log-out, language and password reset.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, HttpResponseForbidden
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django_otp import user_has_device

from .permissions import requires_second_factor

OPEN_VIEWS = frozenset(
    {
        "accounts:otp_verify",
        "accounts:otp_setup",
        "accounts:password_reset",
        "accounts:password_reset_done",
        "accounts:password_reset_confirm",
        "accounts:password_reset_complete",
        "accounts:invitation",
        "logout",
        "login",
        "set_language",
        "javascript-catalog",
        "health",
    }
)


def _guarded(request: HttpRequest) -> bool:
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return False  # static files and 404s show nothing
    return match.view_name not in OPEN_VIEWS


class SecondFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and not user.is_verified()  # type: ignore[union-attr,attr-defined]
            and _guarded(request)
        ):
            # Someone who set up a factor (required or by choice) always uses it; someone
            # whose roles require one and has none sets it up first.
            if user_has_device(user):
                target = "accounts:otp_verify"
            elif requires_second_factor(user):
                target = "accounts:otp_setup"
            else:
                return self.get_response(request)
            if request.headers.get("HX-Request"):
                return HttpResponseForbidden()
            return redirect(f"{reverse(target)}?{urlencode({'next': request.path})}")
        return self.get_response(request)
