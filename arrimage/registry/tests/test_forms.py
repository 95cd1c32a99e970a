"""The registry's forms on their own: partial dates, choosing among thousands, service errors on fields."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from arrimage.access.models import RoleKind
from arrimage.core.dates import PartialDate
from arrimage.registry import forms
from arrimage.territories.models import Territory
from tests.factories import ConcertationFactory, OrganizationFactory, PersonFactory, RoleGrantFactory, UserFactory

from .test_views_edit import END_BEFORE_START, french


@pytest.fixture(autouse=True)
def _french():
    """The default language, set here: a form outside a request speaks the language left active in the thread."""
    with translation.override("fr"):
        yield


# Partial dates -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2021", PartialDate(2021)),
        ("2021-03", PartialDate(2021, 3)),
        ("2021-3", PartialDate(2021, 3)),
        ("2021-03-15", PartialDate(2021, 3, 15)),
        ("15/03/2021", PartialDate(2021, 3, 15)),
        ("5/3/2021", PartialDate(2021, 3, 5)),
        ("03/2021", PartialDate(2021, 3)),
        ("  2021-03 ", PartialDate(2021, 3)),
    ],
)
def test_partial_dates_are_read_in_every_usual_shape(text: str, expected: PartialDate) -> None:
    assert forms.PartialDateField().clean(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("mars 2021", "Invalid date: write 2021, 2021-03 or 2021-03-15."),
        ("21", "Invalid date: write 2021, 2021-03 or 2021-03-15."),
        ("2021/03/15", "Invalid date: write 2021, 2021-03 or 2021-03-15."),
        ("2021-02-30", "This date does not exist: check the day and the month."),
        ("31/04/2021", "This date does not exist: check the day and the month."),
        ("13/2021", "This date does not exist: check the day and the month."),
    ],
)
def test_a_bad_partial_date_gets_a_plain_message(text: str, message: str) -> None:
    with pytest.raises(ValidationError) as caught:
        forms.PartialDateField().clean(text)
    assert caught.value.messages == [french(message)]


def test_an_empty_partial_date_is_none_unless_required() -> None:
    assert forms.PartialDateField(required=False).clean("  ") is None
    with pytest.raises(ValidationError):
        forms.PartialDateField().clean("")


def test_a_partial_date_is_shown_back_as_typed() -> None:
    assert forms.PartialDateField().prepare_value(PartialDate(2021, 3)) == "2021-03"


@given(st.dates(min_value=dt.date(1000, 1, 1), max_value=dt.date(9999, 12, 31)))
def test_every_day_reads_back_in_both_shapes(day: dt.date) -> None:
    expected = PartialDate(day.year, day.month, day.day)
    assert forms.parse_partial_date(day.isoformat()) == expected
    assert forms.parse_partial_date(day.strftime("%d/%m/%Y")) == expected
    assert forms.parse_partial_date(day.strftime("%m/%Y")) == PartialDate(day.year, day.month)


# Choosing among thousands --------------------------------------------------------------------------


@pytest.fixture
def etchemins(db: None) -> Territory:
    return Territory.objects.get(kind="mrc", name="Les Etchemins")


def test_territories_are_chosen_by_identifier_suggestion_or_name(etchemins: Territory) -> None:
    field = forms.TerritoryLookupField(required=False)
    zacharie = Territory.objects.get(kind="municipality", name="Saint-Zacharie")
    typed = f"{etchemins.public_id}\nSaint-Zacharie [{zacharie.public_id}]\n\nst-zacharie\n"
    assert field.clean(typed) == [etchemins, zacharie]
    assert field.prepare_value([etchemins]) == f"Les Etchemins [{etchemins.public_id}]"


def test_an_unknown_or_ambiguous_territory_is_refused_with_the_choices(db: None) -> None:
    field = forms.TerritoryLookupField(required=False)
    with pytest.raises(ValidationError) as caught:
        field.clean("Nulle-Part-sur-Mer\nmrc:999")
    assert len(caught.value.messages) == 2
    assert "Nulle-Part-sur-Mer" in caught.value.messages[0]
    # « Québec » is the province, an agglomeration-level territory and the city: the message lists them.
    with pytest.raises(ValidationError) as caught:
        field.clean("Québec")
    assert "province:24" in caught.value.messages[0]


def test_organisations_are_chosen_by_name_acronym_or_number(db: None) -> None:
    organization = OrganizationFactory.create(name="Centre d’action bénévole Bellechasse", acronym="CABB")
    OrganizationFactory.create(name="Centre d’action bénévole de Beauce")
    field = forms.OrganizationLookupField(required=False)
    assert field.clean("centre d’action benevole bellechasse") == organization
    assert field.clean("CABB") == organization
    assert field.clean(str(organization.pk)) == organization
    assert field.clean(f"Nom changé depuis [{organization.pk}]") == organization
    assert field.clean("") is None
    with pytest.raises(ValidationError):
        field.clean("Centre d’action bénévole")  # only the beginning of a name


def test_homonyms_must_be_told_apart(db: None) -> None:
    first, second = (
        PersonFactory.create(given_name="Marie", family_name="Roy"),
        PersonFactory.create(given_name="Marie", family_name="Roy"),
    )
    field = forms.PersonLookupField(required=False)
    with pytest.raises(ValidationError) as caught:
        field.clean("Marie Roy")
    assert f"[{first.pk}]" in caught.value.messages[0] and f"[{second.pk}]" in caught.value.messages[0]
    assert field.clean(f"Marie Roy [{second.pk}]") == second


def test_a_parent_concertation_is_chosen_among_those_the_user_may_see(db: None) -> None:
    ConcertationFactory.create(name="Réseau secret", is_public=False)
    visible = ConcertationFactory.create(name="Réseau des démarches")
    form = forms.ConcertationForm(user=UserFactory.create())
    parent = form.fields["parent"]
    assert parent.clean("Réseau des démarches") == visible
    with pytest.raises(ValidationError):
        parent.clean("Réseau secret")


# Forms -------------------------------------------------------------------------------------------


def test_a_service_refusal_lands_on_the_field_it_concerns() -> None:
    form = forms.MembershipEndForm({"end": "2021", "reason": "resigned"})
    assert form.is_valid()
    form.add_service_errors(ValidationError({"end_date": ["Avant le début."], "unknown": ["Autre chose."]}))
    form.add_service_errors(ValidationError("Quelqu’un a enregistré avant vous."))
    assert form.errors["end"] == ["Avant le début."]
    assert form.non_field_errors() == ["Autre chose.", "Quelqu’un a enregistré avant vous."]
    assert form.error_summary() == [
        (None, "Autre chose."),
        (None, "Quelqu’un a enregistré avant vous."),
        ("id_end", "Avant le début."),
    ]


def test_the_form_refuses_an_end_before_the_start_on_the_end() -> None:
    form = forms.PositionForm({"organization": "", "profession": "other", "start": "2021-06", "end": "2021-05"})
    assert not form.is_valid()
    assert form.errors["end"] == [END_BEFORE_START]
    # Within the same year: « 2021 » to « 2021-05 » may be true.
    same_year = forms.MembershipStartForm(
        {"person": "", "organization": "", "role": "member", "start": "2021", "end": "2021-05"}
    )
    same_year.is_valid()
    assert "end" not in same_year.errors


def test_an_editor_places_a_concertation_within_their_territories_only(etchemins: Territory) -> None:
    editor = RoleGrantFactory.create(role=RoleKind.TERRITORIAL_EDITOR, territory=etchemins).user
    zacharie = Territory.objects.get(kind="municipality", name="Saint-Zacharie")
    data = {"name": "Table", "kind": "table", "level": "local", "territories": zacharie.public_id}
    assert forms.ConcertationForm(data, user=editor).is_valid()
    form = forms.ConcertationForm({**data, "territories": "region:06"}, user=editor)
    assert not form.is_valid()
    assert form.errors["territories"] == [french("You may place a concertation only within the territories you edit.")]
    # On an edit, the territories already covered stay, whoever edits.
    montreal = Territory.objects.get(kind="region", code="06")
    coordinator = UserFactory.create()
    form = forms.ConcertationForm(
        {**data, "territories": "region:06"}, user=coordinator, current_territory_ids={montreal.pk}
    )
    assert form.is_valid(), form.errors


def test_fields_are_grouped_under_their_legends_and_hidden_fields_left_out() -> None:
    form = forms.OrganizationForm()
    groups = list(form.groups())
    names = [field.name for _legend, fields in groups for field in fields]
    assert "version" not in names
    assert set(names) == set(form.fields) - {"version"}
    assert str(groups[0][0]) == french("Identity")


def test_an_invalid_hidden_version_is_shown_without_a_link() -> None:
    form = forms.PersonForm({"given_name": "Marie", "version": "abc"})
    assert not form.is_valid()
    assert any(target is None for target, _message in form.error_summary())


def test_the_suggestion_widgets_point_to_their_endpoints() -> None:
    html = str(forms.MembershipStartForm()["person"])
    assert 'list="id_person_suggestions"' in html
    assert 'hx-get="/suggestions/personnes/?field=person"' in html
    assert '<datalist id="id_person_suggestions">' in html
    html = str(forms.ConcertationForm(user=AnonymousUser())["territories"])
    assert "<textarea" in html and 'data-suggest-lines="id_territories"' in html
    assert "/suggestions/territoires/?field=territories_search" in html
