"""Forms of the account pages: signing in with an email address, and naming a new API key."""

from __future__ import annotations

import math
from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import signin
from .models import ApiToken, SecurityEventKind


class EmailAuthenticationForm(AuthenticationForm):
    """Django's sign-in form, asking for the email address that identifies an account. Too many failures
    lock the address out for a while (see `signin`), even with the right password."""

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
        self.retry_after = signin.network_wait(self.request)
        if self.retry_after is not None:
            minutes = math.ceil(self.retry_after / 60)
            raise ValidationError(
                ngettext(
                    "Too many failed attempts to sign in from this network. Wait %(minutes)s minute, then try again.",
                    "Too many failed attempts to sign in from this network. Wait %(minutes)s minutes, then try again.",
                    minutes,
                )
                % {"minutes": minutes},
                code="locked",
            )
        self.retry_after = signin.sign_in_wait(email, self.request)
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
            # A right password refused for another reason (the admin's page, for staff only) is no guess.
            if error.code == "invalid_login" and self.user_cache is None:
                signin.sign_in_failed(email, self.request)
            raise
        signin.sign_in_succeeded(email, self.request)
        return cleaned


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name of the key"),
        max_length=ApiToken._meta.get_field("name").max_length,
        help_text=_("What the key is for, to recognise it later: « Import script », « Dashboard »…"),
    )


class SecurityEventFilterForm(forms.Form):
    """Filters of the security events page: a kind of event, an account or an address typed."""

    kind = forms.ChoiceField(
        label=_("Kind of event"), required=False, choices=[("", _("All kinds")), *SecurityEventKind.choices]
    )
    email = forms.CharField(
        label=_("Account or email address"),
        required=False,
        max_length=254,
        help_text=_("All or part of the address, for instance « @exemple.org »."),
    )
    page = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    @property
    def page_number(self) -> int:
        return (self.cleaned_data.get("page") if self.is_valid() else None) or 1
