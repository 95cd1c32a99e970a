"""Forms of the decisions about the overlap analysis: why two concertations are complementary, and why
that judgement is withdrawn."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .forms import RegistryForm

NOTE_MAX_LENGTH = 2000


class ComplementaryForm(RegistryForm):
    note = forms.CharField(
        label=_("Why are they complementary?"),
        help_text=_(
            "In plain words, what each one does that the other does not. Everyone can read this note: "
            "do not name people."
        ),
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Say why these two concertations are complementary.")},
    )


class WithdrawForm(RegistryForm):
    reason = forms.CharField(
        label=_("Why withdraw this decision?"),
        help_text=_("Kept in the history of the decision."),
        max_length=100,
        required=False,
    )
