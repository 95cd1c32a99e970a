"""Forms of the account pages: signing in with an email address, and naming a new API key."""

from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from .models import ApiToken


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

    def clean_username(self) -> str:
        # Addresses are stored in lower case (see User.save): « Lea@Example.org » signs in too.
        return str(self.cleaned_data["username"]).strip().lower()


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name of the key"),
        max_length=ApiToken._meta.get_field("name").max_length,
        help_text=_("What the key is for, to recognise it later: « Import script », « Dashboard »…"),
    )
