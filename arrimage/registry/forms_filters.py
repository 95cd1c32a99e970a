"""Forms that read the filters of the registry's lists and the « as of » date of a concertation page.

They come from GET parameters that anyone can type: every value is checked, and a wrong one gets a
message on its field instead of an error page.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from arrimage.actors.models import Sector
from arrimage.actors.selectors import OrganizationFilters
from arrimage.concertation.models import ConcertationKind, Level, Theme
from arrimage.concertation.selectors import ConcertationFilters, themes_all
from arrimage.core.widgets import FastSelect
from arrimage.territories.models import Territory, TerritoryKind

# The widest search an address bar can ask for; longer text is refused with a message.
QUERY_MAX_LENGTH = 100
PAGE_MAX = 100_000


class TerritoryChoiceField(forms.ChoiceField):
    """A territory chosen among the régions and their MRCs, sent as its public id (`mrc:31`).

    Any other existing territory (a municipality, an RSS…) given in the address is accepted too and added
    to the choices, so that a link from a territory page keeps its filter.
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.territories: dict[str, Territory] = {}

    def load(self, extra: str = "") -> None:
        """Read the régions and MRCs (one query), and the territory `extra` when it is not one of them."""
        rows = list(
            Territory.objects.without_geometry()
            .filter(kind__in=[TerritoryKind.REGION, TerritoryKind.MRC])
            .only("kind", "code", "name", "parent_id")
            .order_by("code")
        )
        self.territories = {row.public_id: row for row in rows}
        regions = [row for row in rows if row.kind == TerritoryKind.REGION]
        mrcs_by_region: dict[int | None, list[Territory]] = {}
        for row in sorted(rows, key=lambda t: t.name):
            if row.kind == TerritoryKind.MRC:
                mrcs_by_region.setdefault(row.parent_id, []).append(row)
        choices: list[Any] = [("", _("All of Québec"))]
        if extra and extra not in self.territories:
            other = Territory.objects.without_geometry().only("kind", "code", "name").by_code(extra).first()
            if other is not None:
                self.territories[other.public_id] = other
                choices.append((other.public_id, other.name))
        for region in regions:
            options = [(region.public_id, _("%(name)s (whole région)") % {"name": region.name})]
            options += [(mrc.public_id, mrc.name) for mrc in mrcs_by_region.get(region.pk, [])]
            choices.append((f"{region.code} {region.name}", options))
        self.choices = choices

    def clean(self, value: Any) -> Territory | None:
        value = super().clean(value)
        return self.territories.get(value) if value else None


class FilterForm(forms.Form):
    """What every list shares: a text search, a territory and a page number."""

    q = forms.CharField(
        label=_("Name or acronym"), required=False, max_length=QUERY_MAX_LENGTH, strip=True, widget=forms.SearchInput
    )
    territoire = TerritoryChoiceField(label=_("Territory"), required=False, widget=FastSelect)
    page = forms.IntegerField(label=_("Page"), required=False, min_value=1, max_value=PAGE_MAX)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["territoire"]
        assert isinstance(field, TerritoryChoiceField)
        field.load(str(self.data.get("territoire", "") or ""))
        self.fields["q"].widget.attrs.update({"autocomplete": "off", "spellcheck": "false"})
        self.fields["territoire"].help_text = _(
            "Includes everything inside it: a région includes its MRCs and municipalities."
        )

    @property
    def page_number(self) -> int:
        return self.cleaned_data.get("page") or 1

    def query_string(self) -> str:
        """The filters as they were sent, without the page number, for the links between pages."""
        data = self.data.copy()  # type: ignore[attr-defined]
        data.pop("page", None)
        return str(data.urlencode())


class ThemeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.get_dimension_display()})"


class ConcertationFilterForm(FilterForm):
    theme = ThemeChoiceField(
        label=_("Theme"),
        queryset=Theme.objects.none(),
        to_field_name="slug",
        required=False,
        empty_label=_("All themes"),
        widget=FastSelect,
    )
    type = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *ConcertationKind.choices], widget=FastSelect
    )
    niveau = forms.ChoiceField(
        label=_("Level"), required=False, choices=[("", _("All levels")), *Level.choices], widget=FastSelect
    )
    terminees = forms.BooleanField(label=_("Include concertations that have ended"), required=False)

    field_order = ["q", "territoire", "theme", "type", "niveau", "terminees"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        theme = self.fields["theme"]
        assert isinstance(theme, forms.ModelChoiceField)
        theme.queryset = themes_all()

    def filters(self) -> ConcertationFilters:
        data = self.cleaned_data
        return ConcertationFilters(
            query=data.get("q") or "",
            territory=data.get("territoire"),
            theme=data.get("theme"),
            kind=data.get("type") or "",
            level=data.get("niveau") or "",
            include_ended=bool(data.get("terminees")),
        )


class OrganizationFilterForm(FilterForm):
    secteur = forms.ChoiceField(
        label=_("Sector"), required=False, choices=[("", _("All sectors")), *Sector.choices], widget=FastSelect
    )

    field_order = ["q", "territoire", "secteur"]

    def filters(self) -> OrganizationFilters:
        data = self.cleaned_data
        return OrganizationFilters(
            query=data.get("q") or "", territory=data.get("territoire"), sector=data.get("secteur") or ""
        )


class AsOfForm(forms.Form):
    """The day a concertation page shows its seats on; today when the field is empty or wrong."""

    date = forms.DateField(
        label=_("Show the seats as they were on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d"],
        error_messages={"invalid": _("Enter a date such as 2024-03-15 (year, month, day).")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["date"].widget.attrs.update({"max": "9999-12-31", "min": "1900-01-01"})

    def clean_date(self) -> dt.date | None:
        value: dt.date | None = self.cleaned_data.get("date")
        if value is not None and not dt.date(1900, 1, 1) <= value <= dt.date(2100, 12, 31):
            raise forms.ValidationError(_("Choose a date between 1900 and 2100."))
        return value

    @property
    def on(self) -> dt.date:
        """The chosen day, or today."""
        if self.is_valid() and self.cleaned_data.get("date"):
            value: dt.date = self.cleaned_data["date"]
            return value
        return timezone.localdate()
