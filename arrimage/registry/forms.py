"""Forms of the registry's edit pages: they turn what people type into the arguments of one service call.

Each form parses and checks what it can on its own (a date that exists, a territory that is known); the
rules that need the database (a seat already held, a person twice at the same table) stay in the services,
whose `ValidationError` is put back on the form's fields by `RegistryForm.add_service_errors`.

Organisations, people, territories and concertations are chosen among thousands with a text box: its
suggestions come from the endpoints of `urls_edit.py` (htmx fills a `<datalist>`), and without JavaScript
people type the exact name, the number shown in brackets, or a territory's identifier such as `mrc:31`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator
from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import Model, QuerySet
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from arrimage.access import policy
from arrimage.actors.models import LegalForm, Organization, Person, Profession, Sector, neq_validator
from arrimage.actors.services import OrganizationData, PersonData
from arrimage.concertation.models import (
    Concertation,
    ConcertationKind,
    ConcertationQuerySet,
    EndReason,
    Level,
    MeetingFrequency,
    Role,
    SeatType,
    Theme,
)
from arrimage.concertation.services import ConcertationData, SeatData
from arrimage.core.dates import PartialDate
from arrimage.core.text import search_key
from arrimage.territories.models import Territory, TerritoryQuerySet

# Dates -------------------------------------------------------------------------------------------

_DAY_MONTH_YEAR = re.compile(r"^(?:(\d{1,2})/)?(\d{1,2})/(\d{4})$")


def parse_partial_date(text: str) -> PartialDate:
    """Read `2021`, `2021-03`, `2021-03-15`, `03/2021` or `15/03/2021`. Raises ValueError otherwise."""
    text = text.strip()
    match = _DAY_MONTH_YEAR.match(text)
    if match:
        day, month, year = match.groups()
        return PartialDate(int(year), int(month), int(day) if day else None)
    return PartialDate.parse(text)


DATE_HELP = _("A year (2021), a month (2021-03) or a day (2021-03-15).")
DAY_HELP = _("Year, month and day, for example 2021-03-15.")


class PartialDateField(forms.Field):
    """A date known to the year, the month or the day; cleans to `PartialDate` (or None when empty)."""

    widget = forms.TextInput
    default_error_messages = {
        "invalid": _("Invalid date: write 2021, 2021-03 or 2021-03-15."),
        "impossible": _("This date does not exist: check the day and the month."),
    }

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("help_text", DATE_HELP)
        super().__init__(**kwargs)

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        return {**super().widget_attrs(widget), "maxlength": "10", "autocomplete": "off", "class": "input--date"}

    def to_python(self, value: Any) -> PartialDate | None:
        if isinstance(value, PartialDate) or value in self.empty_values:
            return value or None
        text = str(value).strip()
        if not text:
            return None
        shape_ok = bool(_DAY_MONTH_YEAR.match(text) or re.match(r"^\d{4}(-\d{1,2}(-\d{1,2})?)?$", text))
        try:
            return parse_partial_date(text)
        except ValueError:
            code = "impossible" if shape_ok else "invalid"
            raise ValidationError(self.error_messages[code], code=code) from None

    def prepare_value(self, value: Any) -> Any:
        return value.isoformat() if isinstance(value, PartialDate) else value


class DayField(forms.DateField):
    """A full date (a seat's creation or abolition), typed as 2021-03-15 or 15/03/2021."""

    input_formats = ["%Y-%m-%d", "%d/%m/%Y"]
    default_error_messages = {"invalid": _("Invalid date: write the year, the month and the day, as in 2021-03-15.")}

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("help_text", DAY_HELP)
        kwargs.setdefault("widget", forms.DateInput(format="%Y-%m-%d"))
        super().__init__(**kwargs)

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        return {**super().widget_attrs(widget), "maxlength": "10", "autocomplete": "off", "class": "input--date"}


# Choosing among thousands ------------------------------------------------------------------------

# « Name [12] » or « Name [mrc:31] »: the label of a suggestion, with its identifier in brackets.
_BRACKETED = re.compile(r"\[\s*([^\[\]]+?)\s*\]\s*$")
_PUBLIC_ID = re.compile(r"^[a-z_]+:[\w.-]+$")


def _identifier(text: str) -> str | None:
    """The identifier a line names: in brackets at its end, or the whole line when it is one."""
    match = _BRACKETED.search(text)
    if match:
        return match.group(1)
    if text.isdigit() or _PUBLIC_ID.match(text):
        return text
    return None


class SuggestInput(forms.TextInput):
    """A text box whose suggestions htmx loads from `url` into a `<datalist>` as people type."""

    template_name = "registry/edit/widgets/suggest.html"

    def __init__(self, url: Any, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs={"autocomplete": "off", "spellcheck": "false", **(attrs or {})})
        self.url = url

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        widget_attrs = context["widget"]["attrs"]
        list_id = f"{widget_attrs.get('id', name)}_suggestions"
        widget_attrs.update(
            {
                "list": list_id,
                "hx-get": f"{self.url}?field={name}",
                "hx-trigger": "input changed delay:250ms",
                "hx-target": f"#{list_id}",
                "hx-swap": "innerHTML",
                "hx-sync": "this:replace",
            }
        )
        context["widget"]["list_id"] = list_id
        return context


class SuggestTextarea(forms.Textarea):
    """One choice per line, with a search box (shown when JavaScript runs) that adds a suggestion as a line."""

    template_name = "registry/edit/widgets/suggest_lines.html"

    def __init__(self, url: Any, search_label: Any, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs={"rows": 3, "spellcheck": "false", **(attrs or {})})
        self.url = url
        self.search_label = search_label

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        field_id = context["widget"]["attrs"].get("id", name)
        search_name = f"{name}_search"
        context["widget"].update(
            {
                "search_id": f"{field_id}_search",
                "search_name": search_name,
                "search_label": self.search_label,
                "list_id": f"{field_id}_suggestions",
                "url": f"{self.url}?field={search_name}",
            }
        )
        return context


class _LookupField(forms.Field):
    """A field that reads one choice (or one per line) by identifier or by exact name."""

    many = False
    not_found_message: Any = ""
    ambiguous_message: Any = ""

    def to_python(self, value: Any) -> Any:
        lines = [" ".join(line.split()) for line in str(value or "").splitlines()]
        lines = [line for line in lines if line]
        if not self.many:
            return self.find(" ".join(lines)) if lines else None
        found: list[Any] = []
        errors: list[ValidationError] = []
        for line in lines:
            try:
                item = self.find(line)
            except ValidationError as error:
                errors.append(error)
                continue
            if item not in found:
                found.append(item)
        if errors:
            raise ValidationError(errors)
        return found

    def validate(self, value: Any) -> None:
        if self.required and not value:
            raise ValidationError(self.error_messages["required"], code="required")

    def find(self, text: str) -> Any:
        identifier = _identifier(text)
        candidates = self.by_identifier(identifier) if identifier else self.by_name(text)
        if not candidates:
            raise ValidationError(self.not_found_message, code="not_found", params={"text": text})
        if len(candidates) > 1:
            raise ValidationError(
                self.ambiguous_message,
                code="ambiguous",
                params={"text": text, "choices": ", ".join(self.describe(item) for item in candidates[:5])},
            )
        return candidates[0]

    def by_identifier(self, identifier: str) -> list[Any]:
        raise NotImplementedError

    def by_name(self, text: str) -> list[Any]:
        raise NotImplementedError

    def describe(self, item: Any) -> str:
        return f"{item} [{item.pk}]"

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, Model):
            return self.describe(value)
        if isinstance(value, list | tuple | QuerySet):
            return "\n".join(self.describe(item) if isinstance(item, Model) else str(item) for item in value)
        return value


def _by_pk(queryset: QuerySet[Any], identifier: str) -> list[Any]:
    return list(queryset.filter(pk=int(identifier))) if identifier.isdigit() else []


def _same_name(items: Iterable[Any], text: str, *names: str) -> list[Any]:
    key = search_key(text)
    return [item for item in items if any(search_key(getattr(item, name) or "") == key for name in names)]


class TerritoryLookupField(_LookupField):
    many = True
    not_found_message = _(
        "No territory is called « %(text)s ». Choose it from the suggestions or write its identifier."
    )
    ambiguous_message = _("Several territories are called « %(text)s »: %(choices)s. Keep the one you mean.")

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault(
            "widget", SuggestTextarea(reverse_lazy("registry:suggest_territories"), _("Find a territory to add"))
        )
        kwargs.setdefault(
            "help_text", _("One per line: a name, or an identifier such as mrc:31 or municipality:31084.")
        )
        super().__init__(**kwargs)

    def _territories(self) -> TerritoryQuerySet:
        return Territory.objects.without_geometry().select_related("parent").defer("parent__boundary")

    def by_identifier(self, identifier: str) -> list[Any]:
        return list(self._territories().by_code(identifier)) if ":" in identifier else []

    def by_name(self, text: str) -> list[Any]:
        return list(self._territories().filter(search_key=search_key(text)).order_by("kind", "code"))

    def describe(self, item: Any) -> str:
        return f"{item.name} [{item.public_id}]"


class OrganizationLookupField(_LookupField):
    not_found_message = _(
        "No organisation is called « %(text)s ». Choose it from the suggestions, or create the organisation first."
    )
    ambiguous_message = _("Several organisations are called « %(text)s »: %(choices)s. Keep the one you mean.")

    def __init__(self, *, many: bool = False, **kwargs: Any) -> None:
        self.many = many
        url = reverse_lazy("registry:suggest_organizations")
        if many:
            kwargs.setdefault("widget", SuggestTextarea(url, _("Find an organisation to add")))
            kwargs.setdefault("help_text", _("One per line: the exact name, or the number in brackets."))
        else:
            kwargs.setdefault("widget", SuggestInput(url))
            kwargs.setdefault("help_text", _("Type a few letters of the name and choose among the suggestions."))
        super().__init__(**kwargs)

    def by_identifier(self, identifier: str) -> list[Any]:
        return _by_pk(Organization.objects.all(), identifier)

    def by_name(self, text: str) -> list[Any]:
        return _same_name(Organization.objects.matching(text)[:500], text, "name", "acronym")


class PersonLookupField(_LookupField):
    not_found_message = _(
        "No person is called « %(text)s ». Choose them from the suggestions, or add the person first."
    )
    ambiguous_message = _("Several people are called « %(text)s »: %(choices)s. Keep the one you mean.")

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", SuggestInput(reverse_lazy("registry:suggest_people")))
        kwargs.setdefault("help_text", _("Type a few letters of the name and choose among the suggestions."))
        super().__init__(**kwargs)

    def by_identifier(self, identifier: str) -> list[Any]:
        return _by_pk(Person.objects.all(), identifier)

    def by_name(self, text: str) -> list[Any]:
        return list(Person.objects.filter(search_key=search_key(text))[:20])


class ConcertationLookupField(_LookupField):
    """A concertation among those the user may see (set `queryset` before cleaning)."""

    not_found_message = _("No concertation is called « %(text)s ». Choose it from the suggestions.")
    ambiguous_message = _("Several concertations are called « %(text)s »: %(choices)s. Keep the one you mean.")

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", SuggestInput(reverse_lazy("registry:suggest_concertations")))
        kwargs.setdefault("help_text", _("Type a few letters of the name and choose among the suggestions."))
        super().__init__(**kwargs)
        self.queryset: ConcertationQuerySet = Concertation.objects.none()

    def by_identifier(self, identifier: str) -> list[Any]:
        return _by_pk(self.queryset, identifier)

    def by_name(self, text: str) -> list[Any]:
        return _same_name(self.queryset.matching(text)[:500], text, "name", "acronym")


class LinesField(forms.CharField):
    """Free text, one item per line; cleans to a list of non-empty lines."""

    widget = forms.Textarea(attrs={"rows": 3})

    def to_python(self, value: Any) -> list[str]:  # type: ignore[override]
        if isinstance(value, list):
            return value
        return [" ".join(line.split()) for line in str(value or "").splitlines() if line.strip()]

    def prepare_value(self, value: Any) -> Any:
        return "\n".join(value) if isinstance(value, list) else value


def _choices(choices: list[tuple[str, Any]], blank: Any = "—") -> list[tuple[str, Any]]:
    return [("", blank), *choices]


# The base of every form -----------------------------------------------------------------------------


class RegistryForm(forms.Form):
    """What every edit form shares: fields grouped under legends, an error summary, service errors."""

    # Field groups shown under a legend: (legend or None, [field names]).
    fieldsets: list[tuple[Any, list[str]]] = []
    # Where a service's error keys land on this form; other keys become errors of the whole form.
    service_fields: dict[str, str] = {"start_date": "start", "end_date": "end"}

    def clean(self) -> dict[str, Any]:
        """Dates in the right order, checked here too so that the message sits on the end date."""
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if isinstance(start, PartialDate) and isinstance(end, PartialDate) and end.last_day() < start.first_day():
            self.add_error("end", _("The end date comes before the start date."))
        return data

    def groups(self) -> Iterator[tuple[Any, list[forms.BoundField]]]:
        shown = [name for name, field in self.fields.items() if not field.widget.is_hidden]
        listed = {name for _legend, names in self.fieldsets for name in names}
        for legend, names in self.fieldsets:
            yield legend, [self[name] for name in names if name in self.fields]
        rest = [self[name] for name in shown if name not in listed]
        if rest:
            yield None, rest

    def error_summary(self) -> list[tuple[str | None, str]]:
        """Every error of the form, the whole form's first, each with the id of its field to link to."""
        summary: list[tuple[str | None, str]] = [(None, str(message)) for message in self.non_field_errors()]
        for name, field in self.fields.items():
            if name == NON_FIELD_ERRORS or name not in self.errors:
                continue
            bound = self[name]
            target = None if field.widget.is_hidden else bound.id_for_label or bound.auto_id
            summary.extend((target or None, str(message)) for message in self.errors[name])
        return summary

    def add_service_errors(self, error: ValidationError) -> None:
        """Put a service's refusal on the fields it concerns, so that people see it where they typed."""
        if not hasattr(error, "error_dict"):
            self.add_error(None, error.messages)
            return
        for key, messages in error.message_dict.items():
            name = self.service_fields.get(key, key)
            self.add_error(name if name in self.fields and name != "version" else None, messages)


class VersionMixin(forms.Form):
    """The version an edit started from: a save refused when someone else saved in between."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    @property
    def expected_version(self) -> int | None:
        return self.cleaned_data.get("version")


# Organisations, people, positions ---------------------------------------------------------------


class OrganizationForm(VersionMixin, RegistryForm):
    name = forms.CharField(label=_("Name"), max_length=250)
    acronym = forms.CharField(label=_("Acronym"), max_length=40, required=False)
    other_names = LinesField(
        label=_("Other names"), required=False, help_text=_("Former names and usual short forms, one per line.")
    )
    sector = forms.ChoiceField(label=_("Sector"), choices=_choices(Sector.choices, _("Choose a sector")))
    legal_form = forms.ChoiceField(label=_("Legal form"), choices=_choices(LegalForm.choices), required=False)
    neq = forms.CharField(
        label=_("Québec enterprise number (NEQ)"),
        max_length=14,
        required=False,
        help_text=_("Ten digits, from the Registraire des entreprises."),
    )
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    mission = forms.CharField(label=_("Mission"), widget=forms.Textarea(attrs={"rows": 4}), required=False)
    parent = OrganizationLookupField(label=_("Parent organisation"), required=False)
    start = PartialDateField(label=_("Founded"), required=False)
    end = PartialDateField(label=_("Closed"), required=False)
    territories_served = TerritoryLookupField(label=_("Territories served"), required=False)

    fieldsets = [
        (_("Identity"), ["name", "acronym", "other_names", "sector", "legal_form", "neq", "website"]),
        (_("Mission and territory"), ["mission", "territories_served", "parent"]),
        (_("Dates"), ["start", "end"]),
    ]

    def clean_neq(self) -> str:
        neq: str = "".join(self.cleaned_data["neq"].split())
        if neq:
            neq_validator(neq)
        return neq

    def to_data(self) -> OrganizationData:
        data = self.cleaned_data
        return OrganizationData(
            name=data["name"],
            sector=data["sector"],
            acronym=data["acronym"],
            other_names=data["other_names"],
            legal_form=data["legal_form"],
            neq=data["neq"],
            website=data["website"],
            mission=data["mission"],
            parent=data["parent"],
            start=data["start"],
            end=data["end"],
            territories_served=data["territories_served"],
        )

    @staticmethod
    def initial_from(organization: Organization) -> dict[str, Any]:
        return {
            "name": organization.name,
            "acronym": organization.acronym,
            "other_names": organization.other_names,
            "sector": organization.sector,
            "legal_form": organization.legal_form,
            "neq": organization.neq,
            "website": organization.website,
            "mission": organization.mission,
            "parent": organization.parent,
            "start": organization.start,
            "end": organization.end,
            "territories_served": list(organization.territories_served.all()),
            "version": organization.version,
        }


class PersonForm(VersionMixin, RegistryForm):
    given_name = forms.CharField(label=_("Given name"), max_length=100, required=False)
    family_name = forms.CharField(label=_("Family name"), max_length=100, required=False)
    email = forms.EmailField(label=_("Email address"), required=False)
    phone = forms.CharField(label=_("Telephone"), max_length=40, required=False)
    notes = forms.CharField(
        label=_("Notes"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("Private: visible only to those who may edit."),
    )
    is_citizen = forms.BooleanField(label=_("Sits as a citizen rather than for an employer"), required=False)
    public_consent = forms.BooleanField(
        label=_("Consents to appear publicly"),
        required=False,
        help_text=_("Without this consent, visitors see the seat and the organisation, never the name."),
    )

    fieldsets = [
        (_("Name"), ["given_name", "family_name"]),
        (_("Contact details (private)"), ["email", "phone", "notes"]),
        (_("Status and consent"), ["is_citizen", "public_consent"]),
    ]
    service_fields = {"__all__": "given_name"}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (data.get("given_name") or "").strip() and not (data.get("family_name") or "").strip():
            self.add_error("given_name", _("Give at least a given name or a family name."))
        return data

    def to_data(self) -> PersonData:
        data = self.cleaned_data
        return PersonData(
            given_name=data["given_name"],
            family_name=data["family_name"],
            email=data["email"],
            phone=data["phone"],
            notes=data["notes"],
            is_citizen=data["is_citizen"],
            public_consent=data["public_consent"],
        )

    @staticmethod
    def initial_from(person: Person) -> dict[str, Any]:
        names = ["given_name", "family_name", "email", "phone", "notes", "is_citizen", "public_consent", "version"]
        return {name: getattr(person, name) for name in names}


class PositionForm(RegistryForm):
    organization = OrganizationLookupField(label=_("Organisation"))
    job_title = forms.CharField(label=_("Job title"), max_length=200, required=False)
    profession = forms.ChoiceField(label=_("Profession"), choices=Profession.choices, initial=Profession.OTHER)
    start = PartialDateField(label=_("Start"), required=False)
    end = PartialDateField(label=_("End"), required=False, help_text=_("Leave empty while the person holds the job."))


class PositionEndForm(RegistryForm):
    end = PartialDateField(label=_("Last day in the job"))


# Concertations and seats --------------------------------------------------------------------------


class ConcertationForm(VersionMixin, RegistryForm):
    name = forms.CharField(label=_("Name"), max_length=250)
    acronym = forms.CharField(label=_("Acronym"), max_length=40, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=_choices(ConcertationKind.choices, _("Choose a kind")))
    level = forms.ChoiceField(label=_("Level"), choices=_choices(Level.choices, _("Choose a level")))
    mission = forms.CharField(label=_("Mission"), widget=forms.Textarea(attrs={"rows": 4}), required=False)
    territories = TerritoryLookupField(label=_("Territories covered"), required=False)
    themes = forms.ModelMultipleChoiceField(
        label=_("Themes"), queryset=Theme.objects.all(), widget=forms.CheckboxSelectMultiple, required=False
    )
    parent = ConcertationLookupField(
        label=_("Parent concertation"),
        required=False,
        help_text=_("The network or regional instance this one belongs to."),
    )
    coordinating_organization = OrganizationLookupField(
        label=_("Coordinating or fiduciary organisation"), required=False
    )
    funders = OrganizationLookupField(label=_("Funders"), many=True, required=False)
    start = PartialDateField(label=_("Start"), required=False)
    end = PartialDateField(label=_("End"), required=False, help_text=_("Leave empty while the concertation is active."))
    meeting_frequency = forms.ChoiceField(
        label=_("Meeting frequency"), choices=_choices(MeetingFrequency.choices), required=False
    )
    is_public = forms.BooleanField(
        label=_("Public"),
        required=False,
        initial=True,
        help_text=_("A private instance is listed only to its members and editors."),
    )

    fieldsets = [
        (_("Identity"), ["name", "acronym", "kind", "level", "mission"]),
        (_("Territory and themes"), ["territories", "themes"]),
        (_("Links"), ["parent", "coordinating_organization", "funders"]),
        (_("Life"), ["start", "end", "meeting_frequency", "is_public"]),
    ]

    def __init__(self, *args: Any, user: Any, current_territory_ids: set[int] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.current_territory_ids = current_territory_ids
        parent = self.fields["parent"]
        assert isinstance(parent, ConcertationLookupField)
        parent.queryset = policy.visible_concertations(user, Concertation.objects.all())

    def clean_territories(self) -> list[Territory]:
        """An editor places a concertation within their own territories only. On an edit, only the
        territories added are checked: a coordinator may change everything else."""
        territories: list[Territory] = self.cleaned_data["territories"]
        chosen = {territory.pk for territory in territories}
        added = chosen if self.current_territory_ids is None else chosen - self.current_territory_ids
        if self.current_territory_ids is not None and not added:
            return territories
        if not policy.can_place_concertation(self.user, added):
            if not chosen:
                raise ValidationError(_("Choose the territories this concertation covers."), code="required")
            raise ValidationError(
                _("You may place a concertation only within the territories you edit."), code="outside"
            )
        return territories

    def to_data(self) -> ConcertationData:
        data = self.cleaned_data
        return ConcertationData(
            name=data["name"],
            kind=data["kind"],
            level=data["level"],
            acronym=data["acronym"],
            mission=data["mission"],
            parent=data["parent"],
            coordinating_organization=data["coordinating_organization"],
            start=data["start"],
            end=data["end"],
            meeting_frequency=data["meeting_frequency"],
            is_public=data["is_public"],
            territories=data["territories"],
            themes=list(data["themes"]),
            funders=data["funders"],
        )

    @staticmethod
    def initial_from(concertation: Concertation) -> dict[str, Any]:
        return {
            "name": concertation.name,
            "acronym": concertation.acronym,
            "kind": concertation.kind,
            "level": concertation.level,
            "mission": concertation.mission,
            "territories": list(concertation.territories.all()),
            "themes": list(concertation.themes.all()),
            "parent": concertation.parent,
            "coordinating_organization": concertation.coordinating_organization,
            "funders": list(concertation.funders.all()),
            "start": concertation.start,
            "end": concertation.end,
            "meeting_frequency": concertation.meeting_frequency,
            "is_public": concertation.is_public,
            "version": concertation.version,
        }


class SeatForm(RegistryForm):
    label = forms.CharField(
        label=_("Label"), max_length=200, help_text=_("For example « Community organisations » or « Citizen 1 ».")
    )
    seat_type = forms.ChoiceField(label=_("Seat type"), choices=SeatType.choices, initial=SeatType.ORGANISATIONAL)
    reserved_sector = forms.ChoiceField(
        label=_("Reserved for the sector"), choices=_choices(Sector.choices, _("No sector")), required=False
    )
    is_voting = forms.BooleanField(label=_("Voting"), required=False, initial=True)
    order = forms.IntegerField(
        label=_("Order"),
        min_value=0,
        max_value=32767,
        initial=0,
        help_text=_("Seats are listed from the smallest number."),
    )
    created_on = DayField(label=_("Created on"), required=False)

    service_fields = {"__all__": "created_on"}

    def to_data(self) -> SeatData:
        data = self.cleaned_data
        return SeatData(
            label=data["label"],
            seat_type=data["seat_type"],
            reserved_sector=data["reserved_sector"],
            is_voting=data["is_voting"],
            order=data["order"],
            created_on=data["created_on"],
        )


class SeatAbolishForm(RegistryForm):
    abolished_on = DayField(label=_("Abolished on"), help_text=_("Its current holding ends that day."))
    service_fields = {"abolished_on": "abolished_on", "__all__": "abolished_on"}

    @property
    def on(self) -> dt.date:
        value: dt.date = self.cleaned_data["abolished_on"]
        return value


# Memberships --------------------------------------------------------------------------------------


class _HolderFields(forms.Form):
    person = PersonLookupField(label=_("Person"), required=False)
    organization = OrganizationLookupField(
        label=_("On behalf of the organisation"),
        required=False,
        help_text=_("The organisation the person represents, or the organisation that holds the seat alone."),
    )
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.MEMBER)


class MembershipStartForm(_HolderFields, RegistryForm):
    start = PartialDateField(label=_("Start"), required=False)
    end = PartialDateField(
        label=_("End"), required=False, help_text=_("Only for a past holding: leave empty if it goes on.")
    )
    end_reason = forms.ChoiceField(label=_("Reason for ending"), choices=_choices(EndReason.choices), required=False)
    notes = forms.CharField(
        label=_("Notes"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Private: visible only to those who may edit."),
    )

    fieldsets = [
        (_("Who holds the seat"), ["person", "organization", "role"]),
        (_("Dates"), ["start", "end", "end_reason"]),
        (None, ["notes"]),
    ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "person" in data and "organization" in data and not data["person"] and not data["organization"]:
            self.add_error("person", _("Choose the person or the organisation who holds the seat."))
        if data.get("end_reason") and "end" in data and not data["end"]:
            self.add_error("end_reason", _("A reason for ending needs an end date."))
        return data

    def holding(self) -> dict[str, Any]:
        """The keyword arguments of `membership_start` and `membership_update` this form gives."""
        data = self.cleaned_data
        return {
            "person": data["person"],
            "organization": data["organization"],
            "role": data["role"],
            "start": data["start"],
            "end": data["end"],
            "end_reason": data["end_reason"],
            "notes": data["notes"],
        }


class MembershipEditForm(VersionMixin, MembershipStartForm):
    @staticmethod
    def initial_from(membership: Any) -> dict[str, Any]:
        return {
            "person": membership.person,
            "organization": membership.organization,
            "role": membership.role,
            "start": membership.start,
            "end": membership.end,
            "end_reason": membership.end_reason,
            "notes": membership.notes,
            "version": membership.version,
        }


class MembershipEndForm(VersionMixin, RegistryForm):
    end = PartialDateField(label=_("Last day on the seat"))
    reason = forms.ChoiceField(label=_("Reason for ending"), choices=_choices(EndReason.choices, _("Choose a reason")))
    service_fields = {"end_date": "end", "start_date": "end", "end_reason": "reason", "person": "end"}


class MembershipReplaceForm(VersionMixin, _HolderFields, RegistryForm):
    on = PartialDateField(
        label=_("Handover date"),
        help_text=_("The new holder's first day. The current holding ends the day before."),
    )

    fieldsets = [
        (None, ["on"]),
        (_("New holder"), ["person", "organization", "role"]),
    ]
    service_fields = {"start_date": "on", "end_date": "on"}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "person" in data and "organization" in data and not data["person"] and not data["organization"]:
            self.add_error("person", _("Choose the person or the organisation who holds the seat."))
        return data
