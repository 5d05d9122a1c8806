"""Staff log-in: the password form with throttling, and the second-factor step.

Wrong passwords are counted with the same mechanism as residents' wrong codes
(arki/core/throttle.py), in the shared `default` cache, so every app server sees one count:

- per account, from every address together (`ACCOUNT_TRIES`): ten wrong passwords or
  second-factor codes lock that account's log-in for the window, wherever the tries come from;
- per client address, for every account together (`CLIENT_TRIES`): one address cannot walk
  through many accounts. The address is the trusted-proxy aware `client_address`.

While a lock holds, a correct password is refused too: otherwise the refusal would stop
nothing. Participants never log in here; their codes have their own entries.
"""

from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .throttle import CodeEntry, TooManyAttempts

ACCOUNT_TRIES = CodeEntry(
    "login-account",
    per_client=False,
    limit_setting="ARKI_LOGIN_ATTEMPTS",
    window_setting="ARKI_LOGIN_WINDOW_MINUTES",
)
CLIENT_TRIES = CodeEntry(
    "login-client",
    limit_setting="ARKI_LOGIN_CLIENT_ATTEMPTS",
    window_setting="ARKI_LOGIN_WINDOW_MINUTES",
)


# Password-reset e-mails: every request counts (the page cannot tell a wrong address from a
# right one without revealing which accounts exist), per target address from every client
# and per client for every address, so nobody can flood one inbox or walk through addresses.
RESET_ADDRESS_REQUESTS = CodeEntry(
    "reset-address",
    per_client=False,
    limit_setting="ARKI_RESET_REQUESTS",
    window_setting="ARKI_LOGIN_WINDOW_MINUTES",
)
RESET_CLIENT_REQUESTS = CodeEntry(
    "reset-client",
    limit_setting="ARKI_RESET_CLIENT_REQUESTS",
    window_setting="ARKI_LOGIN_WINDOW_MINUTES",
)


def account_key(username: str) -> str:
    return username.strip().casefold()


def login_check(request: HttpRequest, username: str) -> None:
    """Raise TooManyAttempts while this account or this client address is locked."""
    ACCOUNT_TRIES.check(request, account_key(username))
    CLIENT_TRIES.check(request)


def login_failure(request: HttpRequest, username: str) -> None:
    ACCOUNT_TRIES.failure(request, account_key(username))
    CLIENT_TRIES.failure(request)


def locked_message(error: TooManyAttempts) -> str:
    return ngettext(
        "Too many failed log-in attempts. Try again in %(minutes)d minute, or reset your password.",
        "Too many failed log-in attempts. Try again in %(minutes)d minutes, or reset your "
        "password.",
        error.minutes,
    ) % {"minutes": error.minutes}


class ThrottledAuthenticationForm(AuthenticationForm):
    """Django's log-in form, refusing every try while the account or address is locked."""

    locked = False

    def clean(self):
        username = self.cleaned_data.get("username") or ""
        try:
            login_check(self.request, username)
        except TooManyAttempts as error:
            self.locked = True
            raise forms.ValidationError(locked_message(error), code="locked") from None
        try:
            return super().clean()
        except forms.ValidationError as error:
            if error.code == "invalid_login":
                login_failure(self.request, username)
            raise


class SecondFactorForm(forms.Form):
    token = forms.CharField(
        label=_("Code"),
        max_length=16,
        help_text=_("The six digits your authenticator app shows now, or one recovery code."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


class ThrottledPasswordResetForm(PasswordResetForm):
    """Django's reset-request form, counting every request for the throttle.

    Known and unknown addresses count alike and lead to the same page, so neither the
    answer nor the lock tells whether an account exists.
    """

    locked: TooManyAttempts | None = None

    def __init__(self, *args, request: HttpRequest, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request

    def clean(self):
        cleaned = super().clean()
        email = cleaned.get("email")
        if email:
            target = account_key(email)
            try:
                RESET_ADDRESS_REQUESTS.check(self.request, target)
                RESET_CLIENT_REQUESTS.check(self.request)
            except TooManyAttempts as error:
                self.locked = error
                raise forms.ValidationError(
                    ngettext(
                        "Too many requests for a password reset link. "
                        "Try again in %(minutes)d minute.",
                        "Too many requests for a password reset link. "
                        "Try again in %(minutes)d minutes.",
                        error.minutes,
                    )
                    % {"minutes": error.minutes},
                    code="locked",
                ) from None
            RESET_ADDRESS_REQUESTS.failure(self.request, target)
            RESET_CLIENT_REQUESTS.failure(self.request)
        return cleaned
