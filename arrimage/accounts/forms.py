"""Forms of the account pages: signing in with an email address, and naming a new API key."""

from __future__ import annotations

import math
from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from arrimage.core.ratelimit import RateLimit, client_ip

from .models import ApiToken

#: Failed sign-ins per email address and network address: `ARRIMAGE_LOGIN_FAILURE_RATE` (10 per 15 minutes
#: unless set). Past it, this address cannot sign in from there until the oldest failure is old enough,
#: even with the right password, so that passwords cannot be guessed.
LOGIN_FAILURES = RateLimit(scope="login-failure", setting="ARRIMAGE_LOGIN_FAILURE_RATE", default="10/15min")


class EmailAuthenticationForm(AuthenticationForm):
    """Django's sign-in form, asking for the email address that identifies an account."""

    username = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _(
            "This email address and password do not match an account. Check both, then try again; "
            "the password is case-sensitive."
        ),
        "inactive": _("This account is not active. Ask an administrator to reactivate it."),
    }

    #: Seconds to wait before trying again, when too many attempts failed.
    retry_after: int | None = None

    def clean_username(self) -> str:
        # Addresses are stored in lower case (see User.save): « Lea@Example.org » signs in too.
        return str(self.cleaned_data["username"]).strip().lower()

    def clean(self) -> dict[str, Any]:
        email = self.cleaned_data.get("username")
        if not email or not self.cleaned_data.get("password") or self.request is None:
            return super().clean()
        attempt = f"{email}|{client_ip(self.request)}"
        self.retry_after = LOGIN_FAILURES.blocked(attempt)
        if self.retry_after is not None:
            minutes = math.ceil(self.retry_after / 60)
            raise ValidationError(
                ngettext(
                    "Too many failed attempts to sign in with this address. Wait %(minutes)s minute, then "
                    "try again, or choose a new password with « Forgot your password? ».",
                    "Too many failed attempts to sign in with this address. Wait %(minutes)s minutes, then "
                    "try again, or choose a new password with « Forgot your password? ».",
                    minutes,
                )
                % {"minutes": minutes},
                code="locked",
            )
        try:
            cleaned = super().clean()
        except ValidationError as error:
            if error.code == "invalid_login":
                LOGIN_FAILURES.record(attempt)
            raise
        LOGIN_FAILURES.reset(attempt)
        return cleaned


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name of the key"),
        max_length=ApiToken._meta.get_field("name").max_length,
        help_text=_("What the key is for, to recognise it later: « Import script », « Dashboard »…"),
    )
