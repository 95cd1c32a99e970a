"""Forms of the practice notes' pages: the list's filters and the note's edit form.

The edit form turns what people type into a `NoteData` for `arrimage.practice.services`; the rules (a title,
a summary, at least one part written, a period in order) stay in the services, whose `ValidationError` is put
back on the field concerned by `RegistryForm.add_service_errors`.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from arrimage.access import policy
from arrimage.concertation.models import Concertation, Theme
from arrimage.core.widgets import FastSelect
from arrimage.plans.models import Plan
from arrimage.practice.models import NoteLanguage, PracticeNote
from arrimage.practice.selectors import NoteFilters
from arrimage.practice.services import SUMMARY_MAX, NoteData

from .forms import (
    ConcertationLookupField,
    OrganizationLookupField,
    PartialDateField,
    RegistryForm,
    SuggestTextarea,
    TerritoryLookupField,
    VersionMixin,
    _by_pk,
    _LookupField,
    _same_name,
)
from .forms_filters import FilterForm, ThemeChoiceField


def visible_plans(concertations: Any) -> Any:
    """The plans a user may choose: all but those owned by a concertation outside `concertations`."""
    return Plan.objects.filter(
        Q(owner_concertation__isnull=True) | Q(owner_concertation__in=concertations.values("pk"))
    )


# The list's filters --------------------------------------------------------------------------------


class NoteFilterForm(FilterForm):
    theme = ThemeChoiceField(
        label=_("Theme"),
        queryset=Theme.objects.none(),
        to_field_name="slug",
        required=False,
        empty_label=_("All themes"),
        widget=FastSelect,
    )
    # From a concertation's or a plan's page: the notes linked to it (hidden: a link sets them).
    concertation = forms.ModelChoiceField(
        queryset=Concertation.objects.none(), required=False, widget=forms.HiddenInput
    )
    plan = forms.ModelChoiceField(queryset=Plan.objects.none(), required=False, widget=forms.HiddenInput)

    field_order = ["q", "territoire", "theme"]

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["q"].label = _("Words in the note")
        theme = self.fields["theme"]
        assert isinstance(theme, forms.ModelChoiceField)
        theme.queryset = Theme.objects.all()
        # A private concertation the visitor may not see is not a filter they may use: it is refused as
        # an unknown choice, which says nothing about it.
        concertation = self.fields["concertation"]
        assert isinstance(concertation, forms.ModelChoiceField)
        concertation.queryset = policy.visible_concertations(user, Concertation.objects.all())
        plan = self.fields["plan"]
        assert isinstance(plan, forms.ModelChoiceField)
        plan.queryset = visible_plans(concertation.queryset)

    def filters(self) -> NoteFilters:
        data = self.cleaned_data
        return NoteFilters(
            query=data.get("q") or "",
            territory=data.get("territoire"),
            theme=data.get("theme"),
            concertation=data.get("concertation"),
            plan=data.get("plan"),
        )


# The note ------------------------------------------------------------------------------------------


class ConcertationsLookupField(ConcertationLookupField):
    """Several concertations, one per line, among those the user may see."""

    many = True

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault(
            "widget", SuggestTextarea(reverse_lazy("registry:suggest_concertations"), _("Find a concertation to add"))
        )
        kwargs.setdefault("help_text", _("One per line: the exact name, or the number in brackets."))
        super().__init__(**kwargs)


class PlansLookupField(_LookupField):
    """Several plans, one per line, among those the user may see (set `queryset` before cleaning)."""

    many = True
    not_found_message = _("No plan is called « %(text)s ». Write its exact name, or its number in brackets.")
    ambiguous_message = _("Several plans are called « %(text)s »: %(choices)s. Keep the one you mean.")

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 2, "spellcheck": "false"}))
        kwargs.setdefault("help_text", _("One per line: the exact name of the plan, or its number in brackets."))
        super().__init__(**kwargs)
        self.queryset: Any = Plan.objects.none()

    def by_identifier(self, identifier: str) -> list[Any]:
        return _by_pk(self.queryset, identifier)

    def by_name(self, text: str) -> list[Any]:
        return _same_name(self.queryset.filter(name__icontains=text.split()[0])[:500], text, "name")


def _text(label: Any, *, rows: int = 4, help_text: Any = "") -> forms.CharField:
    return forms.CharField(
        label=label, required=False, widget=forms.Textarea(attrs={"rows": rows}), help_text=help_text
    )


class NoteForm(VersionMixin, RegistryForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    summary = forms.CharField(
        label=_("Summary"),
        max_length=SUMMARY_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One or two sentences that say what the note teaches."),
    )
    context = _text(_("Context"), help_text=_("Where, when, with whom, and why."))
    tried = _text(_("What was tried"))
    worked = _text(_("What worked"))
    did_not_work = _text(_("What did not work"))
    contacts = _text(
        _("Contacts"),
        rows=3,
        help_text=_(
            "Whom to ask, and how to reach them. Private: shown only to the author and to those who may "
            "edit the note, never published."
        ),
    )
    language = forms.ChoiceField(label=_("Language of the note"), choices=NoteLanguage.choices)
    start = PartialDateField(label=_("Period: from"), required=False)
    end = PartialDateField(label=_("Period: to"), required=False)
    organization = OrganizationLookupField(label=_("Organisation where it took place"), required=False)
    territories = TerritoryLookupField(label=_("Territories"), required=False)
    themes = forms.ModelMultipleChoiceField(
        label=_("Themes"), queryset=Theme.objects.all(), widget=forms.CheckboxSelectMultiple, required=False
    )
    concertations = ConcertationsLookupField(label=_("Concertations"), required=False)
    plans = PlansLookupField(label=_("Plans"), required=False)

    fieldsets = [
        (_("The note"), ["title", "summary", "language"]),
        (_("What happened"), ["context", "tried", "worked", "did_not_work"]),
        (_("Whom to ask"), ["contacts"]),
        (_("When and where"), ["start", "end", "organization", "territories"]),
        (_("What it is linked to"), ["themes", "concertations", "plans"]),
    ]

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        visible = policy.visible_concertations(user, Concertation.objects.all())
        concertations = self.fields["concertations"]
        assert isinstance(concertations, ConcertationsLookupField)
        concertations.queryset = visible
        plans = self.fields["plans"]
        assert isinstance(plans, PlansLookupField)
        plans.queryset = visible_plans(visible)

    def to_data(self) -> NoteData:
        data = self.cleaned_data
        return NoteData(
            title=data["title"],
            summary=data["summary"],
            context=data["context"],
            tried=data["tried"],
            worked=data["worked"],
            did_not_work=data["did_not_work"],
            contacts=data["contacts"],
            language=data["language"],
            start=data["start"],
            end=data["end"],
            organization=data["organization"],
            territories=data["territories"],
            themes=list(data["themes"]),
            concertations=data["concertations"],
            plans=data["plans"],
        )

    @staticmethod
    def initial_from(note: PracticeNote, *, hidden_concertations: list[Concertation]) -> dict[str, Any]:
        """The note's values; its links to private concertations the user may not see are kept aside
        (`hidden_concertations`): the form neither shows nor drops them."""
        hidden = {item.pk for item in hidden_concertations}
        return {
            "title": note.title,
            "summary": note.summary,
            "context": note.context,
            "tried": note.tried,
            "worked": note.worked,
            "did_not_work": note.did_not_work,
            "contacts": note.contacts,
            "language": note.language,
            "start": note.start,
            "end": note.end,
            "organization": note.organization,
            "territories": list(note.territories.all()),
            "themes": list(note.themes.all()),
            "concertations": [item for item in note.concertations.all() if item.pk not in hidden],
            "plans": list(note.plans.all()),
            "version": note.version,
        }


class ConfirmNoteForm(VersionMixin, RegistryForm):
    """Publish, take back to draft, or delete: a button, and the version the decision was made on."""
