"""Forms of the privacy pages: recording or withdrawing a consent, and confirming an erasure."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from arrimage.actors.models import ConsentScope, ConsentSource

from .forms import DayField, RegistryForm


class ConsentAction:
    GIVE = "give"
    WITHDRAW = "withdraw"
    CHOICES = [(GIVE, _("The person gives this consent")), (WITHDRAW, _("The person withdraws this consent"))]


class ConsentForm(RegistryForm):
    action = forms.ChoiceField(
        label=_("What happened"), choices=ConsentAction.CHOICES, initial=ConsentAction.GIVE, widget=forms.RadioSelect
    )
    scope = forms.ChoiceField(
        label=_("Consent to"),
        choices=ConsentScope.choices,
        initial=ConsentScope.PUBLIC_LISTING,
        widget=forms.RadioSelect,
        help_text=_(
            "« Name shown publicly »: the name may appear to visitors, beyond the concertations where the person "
            "sits. « Partners may make contact »: the partners of these concertations may write or call."
        ),
    )
    day = DayField(label=_("On"))
    source = forms.ChoiceField(
        label=_("How it was given"),
        choices=ConsentSource.choices,
        initial=ConsentSource.WRITING,
        required=False,
        help_text=_("For a consent given."),
    )
    note = forms.CharField(
        label=_("Note"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=1000,
        help_text=_("Where the signed form is kept, for example."),
    )

    service_fields = {"given_on": "day", "withdrawn_on": "day", "scope": "scope", "__all__": "scope"}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"day": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.fields["day"].initial = timezone.localdate()

    def clean_day(self) -> Any:
        day = self.cleaned_data["day"]
        if day is not None and day > timezone.localdate():
            raise forms.ValidationError(_("This date is in the future: record a consent once it is given."))
        return day


class ErasureForm(RegistryForm):
    reason = forms.CharField(
        label=_("Reason for the erasure"),
        max_length=80,
        help_text=_("For example « request received on 2026-03-01 ». Do not write the person's name."),
    )
    confirm = forms.BooleanField(
        label=_("I understand that the name, contact details and notes of this person will be erased for good."),
    )
