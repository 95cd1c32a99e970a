"""Forms of the plans' pages: the list's filters, and the edit forms of plans, their stages, documents,
accompaniments, objectives, actions, progress updates and contributions.

Each edit form turns what people type into the arguments of one service of `arrimage.plans.services`;
the rules that need the database (a stage going back without a reason, a percentage outside 0–100, a
negative amount, an action ending before it starts) stay in the services, whose `ValidationError` is put
back on the field concerned by `RegistryForm.add_service_errors`.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from arrimage.access import policy
from arrimage.concertation.models import Concertation, Dimension, Theme
from arrimage.core.widgets import FastSelect
from arrimage.plans.models import (
    ActionStatus,
    ChangeLevel,
    ContributionKind,
    Plan,
    PlanKind,
    PlanStage,
)
from arrimage.plans.selectors import PlanFilters
from arrimage.plans.services import ActionData, ContributionData, ObjectiveData, PlanData
from arrimage.territories.models import Territory

from .forms import (
    ConcertationLookupField,
    DayField,
    OrganizationLookupField,
    PersonLookupField,
    RegistryForm,
    SuggestInput,
    TerritoryLookupField,
    VersionMixin,
    _choices,
)
from .forms_filters import FilterForm

# The list's filters --------------------------------------------------------------------------------


class PlanFilterForm(FilterForm):
    type = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *PlanKind.choices], widget=FastSelect
    )
    etape = forms.ChoiceField(
        label=_("Stage"), required=False, choices=[("", _("All stages")), *PlanStage.choices], widget=FastSelect
    )

    field_order = ["q", "territoire", "type", "etape"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["q"].label = _("Name of the plan or of its owner")

    def filters(self) -> PlanFilters:
        data = self.cleaned_data
        return PlanFilters(
            query=data.get("q") or "",
            territory=data.get("territoire"),
            kind=data.get("type") or "",
            stage=data.get("etape") or "",
        )


# Plans ---------------------------------------------------------------------------------------------


class OneTerritoryField(TerritoryLookupField):
    """One territory, typed as its name or identifier (`municipality:28065`) with suggestions."""

    many = False

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", SuggestInput(reverse_lazy("registry:suggest_territories")))
        kwargs.setdefault("help_text", _("A name, or an identifier such as municipality:28065 or mrc:28."))
        super().__init__(**kwargs)


def _themes_field() -> forms.ModelMultipleChoiceField:
    return forms.ModelMultipleChoiceField(
        label=_("Themes"), queryset=Theme.objects.all(), widget=forms.CheckboxSelectMultiple, required=False
    )


class PlanForm(VersionMixin, RegistryForm):
    name = forms.CharField(label=_("Name"), max_length=250)
    kind = forms.ChoiceField(label=_("Kind"), choices=_choices(PlanKind.choices, _("Choose a kind")))
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 4}), required=False)
    owner_territory = OneTerritoryField(
        label=_("Municipality or MRC that adopts the plan"),
        required=False,
    )
    owner_concertation = ConcertationLookupField(
        label=_("Concertation that carries the plan"),
        required=False,
        help_text=_("Give a municipality or MRC, a concertation, or both."),
    )
    territories = TerritoryLookupField(label=_("Territories covered"), required=False)
    themes = _themes_field()
    start = DayField(label=_("Horizon start"), required=False)
    end = DayField(label=_("Horizon end"), required=False)
    adoption_resolution = forms.CharField(
        label=_("Adoption resolution"),
        max_length=120,
        required=False,
        help_text=_("The number of the council's or board's resolution that adopted the plan."),
    )

    fieldsets = [
        (_("The plan"), ["name", "kind", "description"]),
        (_("Who owns it"), ["owner_territory", "owner_concertation"]),
        (_("Territory and themes"), ["territories", "themes"]),
        (_("Horizon and adoption"), ["start", "end", "adoption_resolution"]),
    ]

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        owner = self.fields["owner_concertation"]
        assert isinstance(owner, ConcertationLookupField)
        owner.queryset = policy.visible_concertations(user, Concertation.objects.all())

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not {"owner_territory", "owner_concertation", "territories"} <= data.keys():
            return data  # a field already has its own error
        if data["owner_territory"] is None and data["owner_concertation"] is None:
            self.add_error("owner_territory", _("Choose the municipality, MRC or concertation that owns the plan."))
            return data
        # The plan as it will be saved must be one this user may edit: an editor within their
        # territories, a coordinator for their concertation.
        future = Plan(owner_territory=data["owner_territory"], owner_concertation=data["owner_concertation"])
        future._prefetched_objects_cache = {"territories": data["territories"]}  # type: ignore[attr-defined]
        if not policy.can_edit_plan(self.user, future):
            self.add_error(
                "owner_territory",
                _("You may add a plan only for a territory you edit or a concertation you coordinate."),
            )
        return data

    def to_data(self) -> PlanData:
        data = self.cleaned_data
        return PlanData(
            name=data["name"],
            kind=data["kind"],
            owner_territory=data["owner_territory"],
            owner_concertation=data["owner_concertation"],
            description=data["description"],
            start=data["start"],
            end=data["end"],
            adoption_resolution=data["adoption_resolution"],
            territories=data["territories"],
            themes=list(data["themes"]),
        )

    @staticmethod
    def initial_from(plan: Plan) -> dict[str, Any]:
        return {
            "name": plan.name,
            "kind": plan.kind,
            "description": plan.description,
            "owner_territory": plan.owner_territory,
            "owner_concertation": plan.owner_concertation,
            "territories": list(plan.territories.all()),
            "themes": list(plan.themes.all()),
            "start": plan.start_date,
            "end": plan.end_date,
            "adoption_resolution": plan.adoption_resolution,
            "version": plan.version,
        }

    @staticmethod
    def initial_owner(concertation: Concertation | None, territory: Territory | None) -> dict[str, Any]:
        """What a link from a concertation's or a territory's page preselects."""
        initial: dict[str, Any] = {}
        if concertation is not None:
            initial["owner_concertation"] = concertation
        if territory is not None:
            initial["owner_territory"] = territory
            initial["territories"] = [territory]
        return initial


class StageChangeForm(VersionMixin, RegistryForm):
    stage = forms.ChoiceField(label=_("New stage"), choices=_choices(PlanStage.choices, _("Choose a stage")))
    on = DayField(label=_("Date"), help_text=_("The day the plan entered this stage, for example 2024-03-15."))
    reason = forms.CharField(
        label=_("Reason"),
        max_length=250,
        required=False,
        help_text=_("Needed when the plan goes back to an earlier stage, for example to be revised."),
    )
    adoption_resolution = forms.CharField(
        label=_("Adoption resolution"),
        max_length=120,
        required=False,
        help_text=_("When the plan is adopted: the number of the resolution. Leave empty to keep it as it is."),
    )

    service_fields = {"stage": "stage", "on": "on", "reason": "reason"}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("on", timezone.localdate())
        super().__init__(*args, **kwargs)

    def change(self) -> dict[str, Any]:
        """The keyword arguments of `plan_stage_change` this form gives."""
        data = self.cleaned_data
        return {
            "stage": data["stage"],
            "on": data["on"],
            "reason": data["reason"],
            "adoption_resolution": data["adoption_resolution"] or None,
            "expected_version": self.expected_version,
        }


class DocumentForm(RegistryForm):
    title = forms.CharField(label=_("Title"), max_length=250, help_text=_("For example « Plan d'action 2024-2027 »."))
    url = forms.URLField(label=_("Address of the document"), max_length=500, assume_scheme="https")
    order = forms.IntegerField(
        label=_("Order"),
        min_value=0,
        max_value=32767,
        initial=0,
        help_text=_("Documents are listed from the smallest number."),
    )

    service_fields = {"__all__": "url"}


class ConfirmForm(RegistryForm):
    """A form with nothing to fill: the button confirms."""


class AccompanimentForm(RegistryForm):
    organization = OrganizationLookupField(label=_("Organisation that accompanies"))
    person = PersonLookupField(
        label=_("Person who accompanies"),
        required=False,
        help_text=_("Optional. Visitors see the name only when the person consented to appear publicly."),
    )
    stage = forms.ChoiceField(label=_("Stage accompanied"), choices=PlanStage.choices, initial=PlanStage.IMPLEMENTATION)
    start = DayField(label=_("Start date"))
    end = DayField(label=_("End date"), required=False, help_text=_("Leave empty while the accompaniment goes on."))

    service_fields = {"start_date": "start", "end_date": "end", "__all__": "organization"}

    def accompaniment(self) -> dict[str, Any]:
        """The keyword arguments of `accompaniment_start` this form gives."""
        data = self.cleaned_data
        return {
            "organization": data["organization"],
            "person": data["person"],
            "stage": data["stage"],
            "start": data["start"],
            "end": data["end"],
        }


class AccompanimentEndForm(RegistryForm):
    end = DayField(label=_("Last day of the accompaniment"))
    service_fields = {"end_date": "end"}


def _weight_field() -> forms.DecimalField:
    return forms.DecimalField(
        label=_("Weight"),
        max_digits=6,
        decimal_places=2,
        initial=Decimal(1),
        help_text=_("How much this counts in the progress of what it belongs to (1 unless some count more)."),
    )


def _order_field() -> forms.IntegerField:
    return forms.IntegerField(
        label=_("Order"),
        min_value=0,
        max_value=32767,
        initial=0,
        help_text=_("Listed from the smallest number."),
    )


class ObjectiveForm(RegistryForm):
    title = forms.CharField(label=_("Title"), max_length=300)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    order = _order_field()
    weight = _weight_field()

    def to_data(self) -> ObjectiveData:
        data = self.cleaned_data
        return ObjectiveData(
            title=data["title"], description=data["description"], order=data["order"], weight=data["weight"]
        )

    @staticmethod
    def initial_from(objective: Any) -> dict[str, Any]:
        return {name: getattr(objective, name) for name in ("title", "description", "order", "weight")}


class ActionForm(VersionMixin, RegistryForm):
    title = forms.CharField(label=_("Title"), max_length=300)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    co_leaders = OrganizationLookupField(
        label=_("Co-leaders"),
        many=True,
        required=False,
        help_text=_("The organisations that share the leadership, one per line."),
    )
    partners = OrganizationLookupField(label=_("Partners"), many=True, required=False)
    themes = _themes_field()
    dimensions = forms.MultipleChoiceField(
        label=_("Dimensions"), choices=Dimension.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    change_level = forms.ChoiceField(
        label=_("Level of change aimed at"), choices=_choices(ChangeLevel.choices, _("Not given")), required=False
    )
    start = DayField(label=_("Start date"), required=False)
    end = DayField(label=_("End date"), required=False)
    status = forms.ChoiceField(label=_("Status"), choices=ActionStatus.choices, initial=ActionStatus.PLANNED)
    order = _order_field()
    weight = _weight_field()

    fieldsets = [
        (_("The action"), ["title", "description", "status"]),
        (_("Who leads it"), ["co_leaders", "partners"]),
        (_("What it aims at"), ["themes", "dimensions", "change_level"]),
        (_("Dates"), ["start", "end"]),
        (_("In the plan's progress"), ["order", "weight"]),
    ]

    def to_data(self) -> ActionData:
        data = self.cleaned_data
        return ActionData(
            title=data["title"],
            description=data["description"],
            co_leaders=data["co_leaders"],
            partners=data["partners"],
            themes=list(data["themes"]),
            dimensions=list(data["dimensions"]),
            change_level=data["change_level"],
            start=data["start"],
            end=data["end"],
            status=data["status"],
            order=data["order"],
            weight=data["weight"],
        )

    @staticmethod
    def initial_from(action: Any) -> dict[str, Any]:
        return {
            "title": action.title,
            "description": action.description,
            "co_leaders": list(action.co_leaders.all()),
            "partners": list(action.partners.all()),
            "themes": list(action.themes.all()),
            "dimensions": list(action.dimensions),
            "change_level": action.change_level,
            "start": action.start_date,
            "end": action.end_date,
            "status": action.status,
            "order": action.order,
            "weight": action.weight,
            "version": action.version,
        }


class ProgressForm(RegistryForm):
    on = DayField(label=_("Date"), help_text=_("The day this progress was observed, for example 2024-03-15."))
    # No bounds here: the service refuses a percentage outside 0–100 with its own message.
    percent = forms.IntegerField(label=_("Percentage done"), help_text=_("From 0 to 100."))
    text = forms.CharField(label=_("What was done"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    service_fields = {"percent": "percent", "on": "on"}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.fields["percent"].widget.attrs.update({"inputmode": "numeric"})


class ContributionForm(RegistryForm):
    organization = OrganizationLookupField(label=_("Organisation"))
    kind = forms.ChoiceField(label=_("Kind of contribution"), choices=ContributionKind.choices)
    # No minimum here: the service refuses a negative amount with its own message.
    committed = forms.DecimalField(
        label=_("Amount committed"),
        max_digits=12,
        decimal_places=2,
        required=False,
        help_text=_("In hours for staff time and expertise; in dollars for money, goods and premises."),
    )
    delivered = forms.DecimalField(label=_("Amount delivered"), max_digits=12, decimal_places=2, required=False)
    committed_on = DayField(label=_("Committed on"), required=False)
    delivered_on = DayField(label=_("Delivered on"), required=False)
    notes = forms.CharField(label=_("Notes"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    fieldsets = [
        (None, ["organization", "kind"]),
        (_("Amounts"), ["committed", "committed_on", "delivered", "delivered_on"]),
        (None, ["notes"]),
    ]
    service_fields = {
        "committed": "committed",
        "delivered": "delivered",
        "delivered_on": "delivered_on",
        "__all__": "kind",
    }

    def to_data(self) -> ContributionData:
        data = self.cleaned_data
        return ContributionData(
            organization=data["organization"],
            kind=data["kind"],
            committed=data["committed"],
            delivered=data["delivered"],
            committed_on=data["committed_on"],
            delivered_on=data["delivered_on"],
            notes=data["notes"],
        )

    @staticmethod
    def initial_from(contribution: Any) -> dict[str, Any]:
        names = ["organization", "kind", "committed", "delivered", "committed_on", "delivered_on", "notes"]
        return {name: getattr(contribution, name) for name in names}
