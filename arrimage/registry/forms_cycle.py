"""The form that records a démarche's stage in its cycle.

The rules (a démarche only, a known stage, a day neither in the future nor before the latest stage) stay in
`arrimage.cycle.services`; its `ValidationError` is put back on the field concerned by
`RegistryForm.add_service_errors`.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from arrimage.cycle.models import Stage
from arrimage.cycle.services import NOTE_MAX

from .forms import DayField, RegistryForm, VersionMixin, _choices


class StageEnterForm(RegistryForm):
    stage = forms.ChoiceField(label=_("Stage entered"), choices=_choices(Stage.choices, _("Choose a stage")))
    entered_on = DayField(
        label=_("Date"), help_text=_("The day the démarche entered this stage, for example 2024-03-15.")
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What marked the passage: a meeting, a decision, a document. Seen by the démarche's members."),
    )

    service_fields = {"stage": "stage", "entered_on": "entered_on", "note": "note"}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("entered_on", timezone.localdate())
        super().__init__(*args, **kwargs)

    def entry(self) -> dict[str, Any]:
        """The keyword arguments of `stage_enter` this form gives."""
        data = self.cleaned_data
        return {"stage": data["stage"], "entered_on": data["entered_on"], "note": data["note"]}


class StageNoteForm(VersionMixin, RegistryForm):
    # Required: a note is always changed from the version the page showed, never blindly.
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What marked the passage: a meeting, a decision, a document. Seen by the démarche's members."),
    )

    service_fields = {"note": "note"}
