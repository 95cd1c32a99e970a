"""Forms of the funding programmes' pages: the list's filters, the programme's edit form and its
deadlines' form. Each edit form turns what people type into the arguments of one service of
`arrimage.funding.services`, whose `ValidationError` is put back on the field concerned."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from arrimage.access import policy
from arrimage.actors.models import LegalForm, Sector
from arrimage.concertation.models import Theme
from arrimage.concertation.selectors import themes_all
from arrimage.core.widgets import FastSelect
from arrimage.funding.models import Programme, ProgrammeStatus
from arrimage.funding.selectors import ProgrammeFilters
from arrimage.funding.services import ProgrammeData

from .forms import DayField, OrganizationLookupField, RegistryForm, TerritoryLookupField, VersionMixin
from .forms_filters import FilterForm, ThemeChoiceField


class ProgrammeFilterForm(FilterForm):
    theme = ThemeChoiceField(
        label=_("Theme"),
        queryset=Theme.objects.none(),
        to_field_name="slug",
        required=False,
        empty_label=_("All themes"),
        widget=FastSelect,
    )
    ouverts = forms.BooleanField(label=_("Only programmes open with a deadline to come"), required=False)

    field_order = ["q", "territoire", "theme", "ouverts"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        theme = self.fields["theme"]
        assert isinstance(theme, forms.ModelChoiceField)
        theme.queryset = themes_all()
        self.fields["q"].label = _("Name of the programme or of its funder")
        self.fields["territoire"].help_text = _(
            "The programmes offered there: those of a territory containing it, and those of all of Québec."
        )

    def filters(self) -> ProgrammeFilters:
        data = self.cleaned_data
        return ProgrammeFilters(
            query=data.get("q") or "",
            territory=data.get("territoire"),
            theme=data.get("theme"),
            upcoming=bool(data.get("ouverts")),
        )


class ProgrammeForm(VersionMixin, RegistryForm):
    name = forms.CharField(label=_("Name"), max_length=250)
    acronym = forms.CharField(label=_("Acronym"), max_length=40, required=False)
    funder = OrganizationLookupField(
        label=_("Funder (in the registry)"),
        required=False,
        help_text=_("The organisation that offers the programme, when it is in the registry."),
    )
    funder_name = forms.CharField(
        label=_("Funder's name"),
        max_length=250,
        required=False,
        help_text=_("A ministry or a foundation not in the registry, as people call it."),
    )
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 5}), required=False)
    url = forms.CharField(
        label=_("Web page"),
        max_length=500,
        required=False,
        help_text=_("The programme's page, starting with https://."),
    )
    status = forms.ChoiceField(label=_("Status"), choices=ProgrammeStatus.choices)
    themes = forms.ModelMultipleChoiceField(
        label=_("Themes"), queryset=Theme.objects.all(), widget=forms.CheckboxSelectMultiple, required=False
    )
    territories = TerritoryLookupField(
        label=_("Territories where it applies"),
        required=False,
        help_text=_("Leave empty when the programme applies to all of Québec. One per line."),
    )
    eligible_sectors = forms.MultipleChoiceField(
        label=_("Eligible sectors"),
        choices=Sector.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("None checked: any sector may apply."),
    )
    eligible_legal_forms = forms.MultipleChoiceField(
        label=_("Eligible legal forms"),
        choices=LegalForm.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("None checked: any legal form may apply."),
    )
    requires_concertation = forms.BooleanField(label=_("Requires a concertation"), required=False)
    requires_partnership = forms.BooleanField(
        label=_("Requires a partnership (at least two organisations)"), required=False
    )
    requires_plan = forms.BooleanField(label=_("Requires an adopted plan"), required=False)
    amount_min = forms.DecimalField(
        label=_("Smallest amount ($)"), max_digits=12, decimal_places=2, required=False, min_value=0
    )
    amount_max = forms.DecimalField(
        label=_("Largest amount ($)"), max_digits=12, decimal_places=2, required=False, min_value=0
    )
    envelope = forms.DecimalField(
        label=_("Total envelope ($)"), max_digits=14, decimal_places=2, required=False, min_value=0
    )

    fieldsets = [
        (_("The programme"), ["name", "acronym", "funder", "funder_name", "description", "url", "status"]),
        (_("Themes and territory"), ["themes", "territories"]),
        (_("Who may apply"), ["eligible_sectors", "eligible_legal_forms"]),
        (_("Conditions"), ["requires_concertation", "requires_partnership", "requires_plan"]),
        (_("Amounts"), ["amount_min", "amount_max", "envelope"]),
    ]

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        low, high = data.get("amount_min"), data.get("amount_max")
        if low is not None and high is not None and low > high:
            self.add_error("amount_max", _("The largest amount is smaller than the smallest amount."))
        territories = data.get("territories")
        if territories is not None and not policy.can_place_programme(self.user, {t.pk for t in territories}):
            self.add_error("territories", _("You may offer a programme only in a territory you edit."))
        return data

    def to_data(self) -> ProgrammeData:
        data = self.cleaned_data
        return ProgrammeData(
            name=data["name"],
            acronym=data["acronym"],
            funder=data["funder"],
            funder_name=data["funder_name"],
            description=data["description"],
            url=data["url"],
            status=data["status"],
            themes=list(data["themes"]),
            territories=list(data["territories"]),
            eligible_sectors=list(data["eligible_sectors"]),
            eligible_legal_forms=list(data["eligible_legal_forms"]),
            requires_concertation=data["requires_concertation"],
            requires_partnership=data["requires_partnership"],
            requires_plan=data["requires_plan"],
            amount_min=data["amount_min"],
            amount_max=data["amount_max"],
            envelope=data["envelope"],
        )

    @staticmethod
    def initial_from(programme: Programme) -> dict[str, Any]:
        return {
            "name": programme.name,
            "acronym": programme.acronym,
            "funder": programme.funder,
            "funder_name": programme.funder_name,
            "description": programme.description,
            "url": programme.url,
            "status": programme.status,
            "themes": list(programme.themes.all()),
            "territories": list(programme.territories.all()),
            "eligible_sectors": list(programme.eligible_sectors or []),
            "eligible_legal_forms": list(programme.eligible_legal_forms or []),
            "requires_concertation": programme.requires_concertation,
            "requires_partnership": programme.requires_partnership,
            "requires_plan": programme.requires_plan,
            "amount_min": programme.amount_min,
            "amount_max": programme.amount_max,
            "envelope": programme.envelope,
            "version": programme.version,
        }


class DeadlineForm(RegistryForm):
    date = DayField(label=_("Date"), help_text=_("The day it is due, for example 2026-03-15."))
    label = forms.CharField(
        label=_("What is due"),
        max_length=200,
        help_text=_("For example « Submission of applications »."),
    )
    time = forms.TimeField(
        label=_("Time"), required=False, help_text=_("Optional, for example 16:00."), input_formats=["%H:%M"]
    )
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    service_fields = {"date": "date", "label": "label"}


class ConfirmForm(RegistryForm):
    """A form with nothing to fill: the button confirms."""
