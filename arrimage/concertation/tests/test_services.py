"""Writes to concertations, seats and memberships: every refusal the registry promises, and nothing half-written."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from arrimage.actors.models import Organization, Person
from arrimage.concertation.models import Concertation, EndReason, Membership, Seat
from arrimage.concertation.services import (
    ConcertationData,
    SeatData,
    concertation_create,
    concertation_update,
    membership_end,
    membership_replace,
    membership_start,
    membership_update,
    seat_abolish,
    seat_create,
    seat_update,
)
from arrimage.core.dates import PartialDate
from arrimage.territories.models import Territory
from tests.factories import OrganizationFactory, PersonFactory, UserFactory, theme

pytestmark = pytest.mark.django_db

P = PartialDate


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def territory(public_id: str) -> Territory:
    return Territory.objects.by_code(public_id).get()


def organization(**values: Any):  # the factories return the model (untyped for the type checker)
    return OrganizationFactory(**values)


def someone(**values: Any):
    return PersonFactory(**values)


def data(**values: Any) -> ConcertationData:
    return ConcertationData(
        **{"name": "Table de développement local de Beauport", "kind": "table", "level": "local"} | values
    )


def messages(error: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return error.value.message_dict


@pytest.fixture
def concertation() -> Concertation:
    return concertation_create(data=data(), acting_user=None)


@pytest.fixture
def seat(concertation) -> Seat:
    return seat_create(concertation=concertation, data=SeatData(label="Milieu communautaire"), acting_user=None)


def snapshot() -> list[tuple[Any, ...]]:
    """Everything a membership write could change, to check that a refused call changed nothing."""
    history = Membership.history.count()
    return [*Membership.objects.order_by("pk").values_list(), ("history", history)]


class TestConcertation:
    def test_create_with_relations_and_history(self):
        user = UserFactory()
        funder = organization(name="Centraide Québec")
        created = concertation_create(
            data=data(
                acronym="TDLB",
                territories=[territory("borough:REQ05")],
                themes=[theme("petite-enfance"), theme("logement")],
                funders=[funder],
                start=P(2004),
            ),
            acting_user=user,
        )
        created.refresh_from_db()
        assert [t.public_id for t in created.territories.all()] == ["borough:REQ05"]
        assert {t.slug for t in created.themes.all()} == {"petite-enfance", "logement"}
        assert list(created.funders.all()) == [funder]
        assert created.start == P(2004)
        assert list(Concertation.objects.matching("tdlb")) == [created]
        assert list(Concertation.objects.matching("developpement beauport")) == [created]
        assert created.history.get().history_user == user

    def test_unknown_kind_and_level_are_refused(self):
        with pytest.raises(ValidationError) as error:
            concertation_create(data=data(kind="club", level="galactic"), acting_user=None)
        assert set(messages(error)) == {"kind", "level"}
        assert not Concertation.objects.exists()

    def test_end_before_start_is_refused(self):
        with pytest.raises(ValidationError):
            concertation_create(data=data(start=P(2020), end=P(2019, 12)), acting_user=None)
        assert not Concertation.objects.exists()

    def test_update_changes_relations_and_refuses_a_stale_version(self, concertation):
        concertation_update(
            concertation=concertation,
            data=data(themes=[theme("logement")], territories=[territory("mrc:23")]),
            acting_user=None,
            expected_version=1,
        )
        with pytest.raises(ValidationError) as error:
            concertation_update(
                concertation=concertation, data=data(name="Autre"), acting_user=None, expected_version=1
            )
        assert error.value.code == "stale"
        concertation.refresh_from_db()
        assert concertation.name == "Table de développement local de Beauport"
        assert concertation.version == 2
        assert [t.slug for t in concertation.themes.all()] == ["logement"]

    def test_own_parent_is_refused(self, concertation):
        with pytest.raises(ValidationError) as error:
            concertation_update(concertation=concertation, data=data(parent=concertation), acting_user=None)
        assert list(messages(error)) == ["parent"]
        concertation.refresh_from_db()
        assert concertation.parent is None

    def test_a_cycle_of_parents_is_refused(self):
        network = concertation_create(data=data(name="Réseau régional", level="regional"), acting_user=None)
        local = concertation_create(data=data(name="Démarche locale", parent=network), acting_user=None)
        sub = concertation_create(data=data(name="Comité", parent=local), acting_user=None)
        with pytest.raises(ValidationError) as error:
            concertation_update(
                concertation=network, data=data(name="Réseau régional", level="regional", parent=sub), acting_user=None
            )
        assert messages(error) == {"parent": ["A concertation cannot belong to itself, directly or through another."]}
        network.refresh_from_db()
        assert network.parent is None

    def test_a_chain_of_parents_is_allowed(self):
        network = concertation_create(data=data(name="Réseau régional"), acting_user=None)
        local = concertation_create(data=data(name="Démarche locale"), acting_user=None)
        assert (
            concertation_update(concertation=local, data=data(name="Démarche", parent=network), acting_user=None).parent
            == network
        )


class TestSeat:
    def test_create_and_update(self, concertation):
        seat = seat_create(
            concertation=concertation,
            data=SeatData(label="  Citoyenne   ou citoyen ", seat_type="citizen", created_on=dt.date(2020, 1, 1)),
            acting_user=None,
        )
        assert seat.label == "Citoyenne ou citoyen"
        assert seat.is_citizen
        seat = seat_update(seat=seat, data=SeatData(label="Citoyen", seat_type="lived_experience"), acting_user=None)
        assert seat.label == "Citoyen"
        assert seat.created_on is None

    def test_bad_seat_type_and_empty_label_are_refused(self, concertation):
        with pytest.raises(ValidationError) as error:
            seat_create(concertation=concertation, data=SeatData(label=" ", seat_type="king"), acting_user=None)
        assert {"label", "seat_type"} <= set(messages(error))
        assert not Seat.objects.exists()

    def test_abolish_ends_the_open_holding(self, seat):
        holding = membership_start(seat=seat, person=someone(), start=P(2020, 1, 1), acting_user=None)
        seat = seat_abolish(seat=seat, on=dt.date(2023, 6, 30), acting_user=None)
        assert seat.abolished_on == dt.date(2023, 6, 30)
        holding.refresh_from_db()
        assert holding.end_date == dt.date(2023, 6, 30)
        assert holding.end_reason == EndReason.SEAT_ABOLISHED
        assert holding.version == 2
        assert holding.history.latest("history_id").history_change_reason == "seat abolished"

    def test_abolish_leaves_past_holdings_alone(self, seat):
        past = membership_start(
            seat=seat, person=someone(), start=P(2018), end=P(2019), end_reason="resigned", acting_user=None
        )
        seat_abolish(seat=seat, on=dt.date(2023, 6, 30), acting_user=None)
        past.refresh_from_db()
        assert past.end_reason == "resigned"
        assert past.end_date == dt.date(2019, 12, 31)

    def test_abolish_before_a_later_holding_is_refused(self, seat):
        membership_start(seat=seat, person=someone(), start=P(2024, 1, 1), acting_user=None)
        before = snapshot()
        with pytest.raises(ValidationError) as error:
            seat_abolish(seat=seat, on=dt.date(2023, 6, 30), acting_user=None)
        assert list(messages(error)) == ["abolished_on"]
        assert snapshot() == before
        seat.refresh_from_db()
        assert seat.abolished_on is None

    def test_abolish_before_creation_is_refused(self, concertation):
        seat = seat_create(
            concertation=concertation, data=SeatData(label="Élu", created_on=dt.date(2020, 1, 1)), acting_user=None
        )
        with pytest.raises(ValidationError) as error:
            seat_abolish(seat=seat, on=dt.date(2019, 1, 1), acting_user=None)
        assert messages(error) == {"abolished_on": ["A seat cannot be abolished before it was created."]}


class TestMembershipStart:
    def test_a_person_on_behalf_of_an_organisation(self, seat):
        person, org = someone(), organization()
        holding = membership_start(
            seat=seat,
            person=person,
            organization=org,
            role="co_chair",
            start=P(2021, 3),
            notes=" Note ",
            acting_user=None,
        )
        holding.refresh_from_db()
        assert (holding.person, holding.organization, holding.role, holding.notes) == (person, org, "co_chair", "Note")
        assert holding.start == P(2021, 3)
        assert holding.start_date == dt.date(2021, 3, 1)
        assert holding.end is None

    def test_an_organisation_alone(self, seat):
        assert membership_start(seat=seat, organization=organization(), acting_user=None).person is None

    def test_a_past_holding_with_its_end(self, seat):
        holding = membership_start(
            seat=seat,
            person=someone(),
            start=P(2015),
            end=P(2018, 6),
            end_reason="mandate_over",
            acting_user=None,
        )
        assert holding.end_date == dt.date(2018, 6, 30)
        assert holding.end == P(2018, 6)

    @pytest.mark.parametrize(
        ("values", "field", "message"),
        [
            (
                {"start": P(2021, 3, 1), "end": P(2021, 2, 1)},
                "end_date",
                "The end date comes before the start date.",
            ),
            ({"person": None}, "person", "Choose the person or the organisation who holds the seat."),
            ({"end_reason": "resigned"}, "end_reason", "A reason for ending needs an end date."),
        ],
    )
    def test_bad_input_is_refused_on_its_field(self, seat, values, field, message):
        with pytest.raises(ValidationError) as error:
            membership_start(seat=seat, **{"person": someone()} | values, acting_user=None)
        assert messages(error) == {field: [message]}
        assert not Membership.objects.exists()

    @pytest.mark.parametrize(("field", "value"), [("role", "emperor"), ("end_reason", "bored")])
    def test_unknown_choices_are_refused(self, seat, field, value):
        extra = {"end": P(2022)} if field == "end_reason" else {}
        with pytest.raises(ValidationError) as error:
            membership_start(seat=seat, person=someone(), **{field: value} | extra, acting_user=None)
        assert field in messages(error)

    def test_a_second_holder_of_a_taken_seat_is_refused_and_nothing_saved(self, seat):
        membership_start(seat=seat, person=someone(), start=P(2020, 1, 15), acting_user=None)
        before = snapshot()
        with pytest.raises(ValidationError) as error:
            membership_start(seat=seat, person=someone(), start=P(2022, 5, 1), acting_user=None)
        assert messages(error) == {
            "start_date": ["This seat is already held since Jan. 15, 2020. End that holding first."]
        }
        assert snapshot() == before

    def test_the_overlap_message_in_french(self, seat):
        membership_start(seat=seat, person=someone(), start=P(2019), end=P(2021), acting_user=None)
        with translation.override("fr"), pytest.raises(ValidationError) as error:
            membership_start(seat=seat, person=someone(), start=P(2020, 3), acting_user=None)
        assert messages(error) == {
            "start_date": ["Ce siège est déjà occupé de 2019 à 2021. Terminez d'abord ce mandat."]
        }

    def test_an_overlapping_past_holding_is_refused(self, seat):
        membership_start(seat=seat, person=someone(), start=P(2018, 1, 1), end=P(2020, 12, 31), acting_user=None)
        with pytest.raises(ValidationError) as error:
            membership_start(seat=seat, person=someone(), start=P(2015), end=P(2018, 6), acting_user=None)
        assert list(messages(error)) == ["start_date"]

    def test_a_holding_that_starts_the_day_after_the_last_ended_is_allowed(self, seat):
        membership_start(seat=seat, person=someone(), start=P(2018, 1, 1), end=P(2020, 12, 31), acting_user=None)
        membership_start(seat=seat, person=someone(), start=P(2021, 1, 1), acting_user=None)
        assert seat.memberships.count() == 2

    def test_the_same_person_twice_at_the_same_table_is_refused(self, concertation, seat):
        other_seat = seat_create(concertation=concertation, data=SeatData(label="Santé"), acting_user=None)
        person = someone()
        membership_start(seat=seat, person=person, start=P(2020), acting_user=None)
        with pytest.raises(ValidationError) as error:
            membership_start(seat=other_seat, person=person, start=P(2022, 1, 1), acting_user=None)
        assert messages(error) == {
            "person": ["This person already sits at this table since 2020, on the seat « Milieu communautaire »."]
        }
        assert Membership.objects.count() == 1

    def test_the_same_person_at_two_tables_is_allowed(self, seat):
        other_table = concertation_create(data=data(name="Autre table"), acting_user=None)
        other_seat = seat_create(concertation=other_table, data=SeatData(label="Santé"), acting_user=None)
        person = someone()
        membership_start(seat=seat, person=person, start=P(2020), acting_user=None)
        membership_start(seat=other_seat, person=person, start=P(2020), acting_user=None)

    def test_the_same_person_on_another_seat_after_leaving_is_allowed(self, concertation, seat):
        other_seat = seat_create(concertation=concertation, data=SeatData(label="Santé"), acting_user=None)
        person = someone()
        membership_start(seat=seat, person=person, start=P(2018), end=P(2019), acting_user=None)
        membership_start(seat=other_seat, person=person, start=P(2020), acting_user=None)

    def test_an_organisation_may_hold_two_seats_at_a_table(self, concertation, seat):
        other_seat = seat_create(concertation=concertation, data=SeatData(label="Santé"), acting_user=None)
        org = organization()
        membership_start(seat=seat, organization=org, acting_user=None)
        membership_start(seat=other_seat, organization=org, acting_user=None)

    def test_starting_after_the_seat_was_abolished_is_refused(self, seat):
        seat_abolish(seat=seat, on=dt.date(2022, 1, 1), acting_user=None)
        with pytest.raises(ValidationError) as error:
            membership_start(seat=seat, person=someone(), start=P(2022, 3, 1), acting_user=None)
        assert messages(error) == {"start_date": ["This seat was abolished on Jan. 1, 2022."]}

    def test_a_seat_abolished_meanwhile_is_seen(self, seat):
        """The caller's copy of the seat may be older than the abolition: the service reads it again."""
        stale_copy = Seat.objects.get(pk=seat.pk)
        seat_abolish(seat=seat, on=dt.date(2022, 1, 1), acting_user=None)
        with pytest.raises(ValidationError) as error:
            membership_start(seat=stale_copy, person=someone(), start=P(2022, 3, 1), acting_user=None)
        assert list(messages(error)) == ["start_date"]

    def test_an_open_holding_of_an_abolished_seat_is_refused(self, seat):
        seat_abolish(seat=seat, on=dt.date(2022, 1, 1), acting_user=None)
        with pytest.raises(ValidationError) as error:
            membership_start(seat=seat, person=someone(), start=P(2020), acting_user=None)
        assert list(messages(error)) == ["end_date"]
        membership_start(
            seat=seat,
            person=someone(),
            start=P(2020),
            end=P(2021, 12, 31),
            end_reason="resigned",
            acting_user=None,
        )

    def test_uncertain_handover_known_to_the_year_is_allowed(self, seat):
        """« 2019 »–« 2021 » then « mars 2021 »–now: the handover happened some time in 2021."""
        membership_start(seat=seat, person=someone(), start=P(2019), end=P(2021), acting_user=None)
        membership_start(seat=seat, person=someone(), start=P(2021, 3), acting_user=None)
        assert seat.memberships.count() == 2

    def test_two_open_holdings_are_refused_even_with_partial_dates(self, seat):
        membership_start(seat=seat, person=someone(), start=P(2019), acting_user=None)
        with pytest.raises(ValidationError) as error:
            membership_start(seat=seat, person=someone(), start=P(2023), acting_user=None)
        assert list(messages(error)) == ["start_date"]
        assert seat.memberships.count() == 1

    def test_the_database_also_refuses_two_open_holdings(self, seat):
        membership_start(seat=seat, person=someone(), start=P(2019), acting_user=None)
        with pytest.raises(IntegrityError), transaction.atomic():
            Membership.objects.create(seat=seat, person=someone(), start_date=dt.date(2023, 1, 1))

    def test_records_the_author(self, seat):
        user = UserFactory()
        holding = membership_start(seat=seat, person=someone(), acting_user=user)
        record = holding.history.get()
        assert (record.history_user, record.history_change_reason) == (user, "start")


class TestMembershipEndReplaceUpdate:
    def test_end(self, seat):
        holding = membership_start(seat=seat, person=someone(), start=P(2020, 1, 1), acting_user=None)
        ended = membership_end(
            membership=holding, end=P(2023, 5), reason="resigned", acting_user=None, expected_version=1
        )
        ended.refresh_from_db()
        assert ended.end_date == dt.date(2023, 5, 31)
        assert ended.end_reason == "resigned"
        assert ended.version == 2

    def test_end_before_start_is_refused(self, seat):
        holding = membership_start(seat=seat, person=someone(), start=P(2020, 1, 1), acting_user=None)
        with pytest.raises(ValidationError) as error:
            membership_end(membership=holding, end=P(2019), reason="resigned", acting_user=None)
        assert list(messages(error)) == ["end_date"]
        holding.refresh_from_db()
        assert holding.end_date is None

    def test_end_with_a_stale_version_is_refused_and_nothing_saved(self, seat):
        holding = membership_start(seat=seat, person=someone(), start=P(2020, 1, 1), acting_user=None)
        membership_update(
            membership=holding,
            person=holding.person,
            organization=None,
            role="chair",
            start=P(2020, 1, 1),
            end=None,
            end_reason="",
            notes="",
            acting_user=None,
            expected_version=1,
        )
        before = snapshot()
        with pytest.raises(ValidationError) as error:
            membership_end(membership=holding, end=P(2023), reason="resigned", acting_user=None, expected_version=1)
        assert error.value.code == "stale"
        assert snapshot() == before

    def test_replace_ends_the_day_before_and_starts_on_the_date(self, seat):
        old = membership_start(seat=seat, person=someone(), start=P(2020, 1, 1), acting_user=None)
        newcomer, org = someone(), organization()
        new = membership_replace(membership=old, on=P(2023, 9, 1), person=newcomer, organization=org, acting_user=None)
        old.refresh_from_db()
        assert old.end == P(2023, 8, 31)
        assert old.end_reason == EndReason.REPLACED
        assert (new.person, new.organization, new.start, new.end) == (newcomer, org, P(2023, 9, 1), None)

    def test_replace_on_a_month_ends_and_starts_within_that_month(self, seat):
        old = membership_start(seat=seat, person=someone(), start=P(2020, 1, 1), acting_user=None)
        new = membership_replace(membership=old, on=P(2023, 9), person=someone(), organization=None, acting_user=None)
        old.refresh_from_db()
        assert old.end == P(2023, 9)
        assert new.start == P(2023, 9)

    def test_replace_on_or_before_the_start_is_refused_and_nothing_saved(self, seat):
        old = membership_start(seat=seat, person=someone(), start=P(2020, 1, 1), acting_user=None)
        before = snapshot()
        with pytest.raises(ValidationError):
            membership_replace(membership=old, on=P(2020, 1, 1), person=someone(), organization=None, acting_user=None)
        assert snapshot() == before

    def test_replace_with_nobody_is_refused_and_nothing_saved(self, seat):
        old = membership_start(seat=seat, person=someone(), start=P(2020, 1, 1), acting_user=None)
        before = snapshot()
        with pytest.raises(ValidationError) as error:
            membership_replace(membership=old, on=P(2023, 1, 1), person=None, organization=None, acting_user=None)
        assert list(messages(error)) == ["person"]
        assert snapshot() == before

    def test_replace_with_a_stale_version_is_refused(self, seat):
        old = membership_start(seat=seat, person=someone(), start=P(2020, 1, 1), acting_user=None)
        membership_end(membership=old, end=P(2024), reason="resigned", acting_user=None)
        before = snapshot()
        with pytest.raises(ValidationError) as error:
            membership_replace(
                membership=old,
                on=P(2023, 1, 1),
                person=someone(),
                organization=None,
                acting_user=None,
                expected_version=1,
            )
        assert error.value.code == "stale"
        assert snapshot() == before

    def test_update_moves_a_holding_onto_another_one_refused(self, seat):
        membership_start(seat=seat, person=someone(), start=P(2015), end=P(2017), acting_user=None)
        later = membership_start(seat=seat, person=someone(), start=P(2019), acting_user=None)
        with pytest.raises(ValidationError) as error:
            membership_update(
                membership=later,
                person=later.person,
                organization=None,
                role="member",
                start=P(2016),
                end=None,
                end_reason="",
                notes="",
                acting_user=None,
            )
        assert list(messages(error)) == ["start_date"]
        later.refresh_from_db()
        assert later.start == P(2019)


# Property: whatever sequence of holdings is attempted, the seat never ends up held twice at once. -------


def _certain_days(holding: Membership) -> tuple[dt.date, dt.date]:
    """The days a holding certainly covers (empty when its start's last day comes after its end's first)."""
    start, end = holding.start, holding.end
    return (start.last_day() if start else dt.date.min, end.first_day() if end else dt.date.max)


def _overlap(a: Membership, b: Membership) -> bool:
    (a_start, a_end), (b_start, b_end) = _certain_days(a), _certain_days(b)
    return max(a_start, b_start) <= min(a_end, b_end)


# Few distinct days, most at the edge of a month or a year, so that holdings often touch or overlap.
DAYS = sorted(
    {dt.date(year, month, 1) for year in (2019, 2020, 2021) for month in (1, 6, 12)}
    | {PartialDate(year, month).last_day() for year in (2019, 2020, 2021) for month in (1, 5, 12)}
)


@st.composite
def partial_dates(draw) -> PartialDate:
    day = draw(st.sampled_from(DAYS))
    precision = draw(st.sampled_from(["year", "month", "day"]))
    return PartialDate.from_stored(day, precision)


attempts = st.lists(
    st.fixed_dictionaries(
        {
            "holder": st.integers(min_value=0, max_value=3),  # 3: an organisation alone
            "start": st.none() | partial_dates(),
            "end": st.none() | partial_dates(),
            "end_reason": st.sampled_from(["", "resigned"]),
        }
    ),
    min_size=1,
    max_size=7,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(attempts)
def test_no_sequence_of_starts_holds_a_seat_twice_at_once(attempts):
    with transaction.atomic():
        table = concertation_create(data=data(), acting_user=None)
        seats = [seat_create(concertation=table, data=SeatData(label=f"Siège {n}"), acting_user=None) for n in range(2)]
        people = [Person.objects.create(given_name="Alex", family_name=f"Gagnon {n}") for n in range(3)]
        org = Organization.objects.create(name="Organisme", sector="community")
        for number, attempt in enumerate(attempts):
            holder = attempt["holder"]
            before = snapshot()
            try:
                membership_start(
                    seat=seats[number % 2 if holder < 3 else 0],
                    person=people[holder] if holder < 3 else None,
                    organization=org if holder == 3 else None,
                    start=attempt["start"],
                    end=attempt["end"],
                    end_reason=attempt["end_reason"] if attempt["end"] else "",
                    acting_user=None,
                )
            except ValidationError:
                assert snapshot() == before
        holdings = list(Membership.objects.all())
        for index, first in enumerate(holdings):
            for second in holdings[index + 1 :]:
                if first.seat_id == second.seat_id:
                    assert not _overlap(first, second), (first.start, first.end, second.start, second.end)
                if first.person_id is not None and first.person_id == second.person_id:
                    assert not _overlap(first, second), (first.start, first.end, second.start, second.end)
            if first.start_date and first.end_date:
                assert first.start_date <= first.end_date
        assert Membership.objects.filter(end_date__isnull=True).values("seat").distinct().count() == len(
            Membership.objects.filter(end_date__isnull=True)
        )
        transaction.set_rollback(True)
