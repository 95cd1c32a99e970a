"""Reads of concertations and seats: the state of a seat on a date, vacancies, turnover, privacy, lists."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from arrimage.actors.models import Organization, Person
from arrimage.concertation.models import Concertation, Membership, Seat
from arrimage.concertation.selectors import (
    ConcertationFilters,
    Vacancy,
    concertation_list,
    concertation_seats,
    seat_states,
    seat_summary,
)
from arrimage.territories.models import Territory
from tests.factories import theme

D = dt.date


def seat(**values: Any) -> Seat:
    return Seat(**{"pk": 1, "label": "Milieu communautaire"} | values)


def holding(
    pk: int, start: dt.date | None, end: dt.date | None = None, *, consent: bool = False, **values: Any
) -> Membership:
    """An unsaved holding by a person of its own: `seat_states` is pure and needs no database."""
    person = Person(pk=pk, given_name="Alex", family_name=f"Gagnon {pk}", public_consent=consent)
    return Membership(pk=pk, seat_id=1, person=person, start_date=start, end_date=end, **values)


class TestSeatStates:
    def test_the_holder_of_the_date_asked(self):
        history = [holding(1, D(2018, 1, 1), D(2020, 6, 30)), holding(2, D(2020, 7, 1))]
        assert [h.membership_id for h in seat_states(history, seat(), on=D(2019, 5, 1), private_view=True).holders] == [
            1
        ]
        assert [
            h.membership_id for h in seat_states(history, seat(), on=D(2020, 6, 30), private_view=True).holders
        ] == [1]
        assert [h.membership_id for h in seat_states(history, seat(), on=D(2020, 7, 1), private_view=True).holders] == [
            2
        ]
        before = seat_states(history, seat(), on=D(2017, 1, 1), private_view=True)
        assert before.is_vacant
        assert before.succession == []

    def test_holdings_are_read_oldest_first_whatever_their_order(self):
        history = [holding(2, D(2020, 7, 1)), holding(1, D(2018, 1, 1), D(2020, 6, 30))]
        state = seat_states(history, seat(), on=D(2024, 1, 1), private_view=True)
        assert [h.membership_id for h in state.succession] == [1, 2]

    def test_vacancies_between_holdings_and_their_lengths(self):
        history = [
            holding(1, D(2018, 1, 1), D(2018, 12, 31)),
            holding(2, D(2019, 1, 1), D(2019, 3, 31)),  # taken over the next day: no vacancy
            holding(3, D(2019, 5, 1), D(2019, 5, 31)),  # April vacant: 30 days
            holding(4, D(2019, 6, 2)),  # June 1st vacant: one day
        ]
        state = seat_states(history, seat(created_on=D(2017, 12, 1)), on=D(2024, 1, 1), private_view=True)
        assert state.vacancies == [
            Vacancy(D(2017, 12, 1), D(2017, 12, 31)),
            Vacancy(D(2019, 4, 1), D(2019, 4, 30)),
            Vacancy(D(2019, 6, 1), D(2019, 6, 1)),
        ]
        assert [vacancy.days for vacancy in state.vacancies] == [31, 30, 1]
        assert state.vacant_days == 62
        assert state.vacant_since is None
        assert state.turnover == 3

    def test_still_vacant_since_the_last_holder_left(self):
        history = [holding(1, D(2018, 1, 1), D(2022, 3, 31))]
        state = seat_states(history, seat(), on=D(2022, 4, 10), private_view=True)
        assert state.is_vacant
        assert state.vacant_since == D(2022, 4, 1)
        assert state.vacancies == [Vacancy(D(2022, 4, 1), None, as_of=D(2022, 4, 10))]
        assert state.vacancies[0].days == 10, "counted to the date asked, not to today"

    def test_a_seat_vacant_on_a_past_date_and_filled_later(self):
        history = [holding(1, D(2018, 1, 1), D(2019, 12, 31)), holding(2, D(2021, 1, 1))]
        state = seat_states(history, seat(), on=D(2020, 6, 30), private_view=True)
        assert state.vacant_since == D(2020, 1, 1)
        assert [h.membership_id for h in state.succession] == [1]
        assert state.vacancies[-1].days == 182

    def test_a_never_held_seat_is_vacant_since_its_creation(self):
        state = seat_states([], seat(created_on=D(2021, 9, 1)), on=D(2021, 9, 30), private_view=False)
        assert state.is_vacant
        assert state.vacant_since == D(2021, 9, 1)
        assert state.vacancies == [Vacancy(D(2021, 9, 1), None, as_of=D(2021, 9, 30))]
        assert state.vacant_days == 30
        assert state.turnover == 0

    def test_a_never_held_seat_of_unknown_creation(self):
        state = seat_states([], seat(), on=D(2021, 9, 30), private_view=False)
        assert state.is_vacant
        assert state.vacant_since is None
        assert state.vacancies == []

    def test_a_seat_held_before_any_known_creation_has_no_vacancy_before(self):
        state = seat_states([holding(1, D(2018, 3, 1))], seat(), on=D(2024, 1, 1), private_view=True)
        assert state.vacancies == []

    def test_turnover_counts_changes_of_hands(self):
        history = [holding(n, D(2010 + n, 1, 1), D(2010 + n, 12, 31)) for n in range(1, 5)]
        assert seat_states(history, seat(), on=D(2024, 1, 1), private_view=True).turnover == 3
        assert seat_states(history[:1], seat(), on=D(2024, 1, 1), private_view=True).turnover == 0
        assert seat_states(history, seat(), on=D(2012, 6, 1), private_view=True).turnover == 1

    def test_uncertain_handover_shows_both_holders(self):
        history = [holding(1, D(2019, 1, 1), D(2021, 12, 31), end_precision="year"), holding(2, D(2021, 3, 1))]
        state = seat_states(history, seat(), on=D(2021, 6, 1), private_view=True)
        assert [h.membership_id for h in state.holders] == [1, 2]

    def test_hidden_holder_without_consent_in_the_public_view(self):
        org = Organization(pk=9, name="CDC de Beauport", sector="community")
        history = [holding(1, D(2020, 1, 1), organization=org, role="co_chair")]
        (public,) = seat_states(history, seat(), on=D(2024, 1, 1), private_view=False).holders
        assert public.hidden
        assert public.person is None
        assert public.organization == org
        assert public.role_label
        (private,) = seat_states(history, seat(), on=D(2024, 1, 1), private_view=True).holders
        assert not private.hidden
        assert private.person is not None and private.person.pk == 1

    def test_shown_holder_with_consent(self):
        history = [holding(1, D(2020, 1, 1), consent=True)]
        (shown,) = seat_states(history, seat(), on=D(2024, 1, 1), private_view=False).holders
        assert not shown.hidden
        assert shown.person is not None

    def test_an_organisation_alone_is_never_hidden(self):
        org = Organization(pk=9, name="CDC de Beauport", sector="community")
        history = [Membership(pk=1, seat_id=1, organization=org, start_date=D(2020, 1, 1))]
        (shown,) = seat_states(history, seat(), on=D(2024, 1, 1), private_view=False).holders
        assert not shown.hidden
        assert shown.organization == org

    def test_summary(self):
        states = [
            seat_states([holding(1, D(2020, 1, 1))], seat(seat_type="citizen"), on=D(2024, 1, 1), private_view=False),
            seat_states([], seat(seat_type="lived_experience", is_voting=False), on=D(2024, 1, 1), private_view=False),
            seat_states([], seat(), on=D(2024, 1, 1), private_view=False),
        ]
        summary = seat_summary(states)
        assert (summary.seats, summary.held, summary.vacant) == (3, 1, 2)
        assert (summary.citizen_seats, summary.citizen_held, summary.voting) == (2, 1, 2)


def table(name: str = "Table de développement local", *, territories: list[str] = (), **values: Any) -> Concertation:  # type: ignore[assignment]
    from arrimage.core.text import search_key

    concertation = Concertation.objects.create(
        name=name,
        kind=values.pop("kind", "table"),
        level=values.pop("level", "local"),
        search_key=search_key(f"{name} {values.get('acronym', '')}"),
        **values,
    )
    concertation.territories.set([Territory.objects.by_code(public_id).get() for public_id in territories])
    return concertation


@pytest.mark.django_db
class TestConcertationSeats:
    def fill(self, concertation: Concertation, seats: int) -> None:
        org = Organization.objects.create(name="Organisme", sector="community")
        for number in range(seats):
            seat = Seat.objects.create(concertation=concertation, label=f"Siège {number:02}", order=number)
            person = Person.objects.create(given_name="Alex", family_name=f"Gagnon {number}")
            Membership.objects.create(
                seat=seat, person=person, organization=org, start_date=D(2015, 1, 1), end_date=D(2019, 12, 31)
            )
            Membership.objects.create(seat=seat, person=person, organization=org, start_date=D(2020, 1, 1))

    @pytest.mark.parametrize("seats", [3, 30])
    def test_two_queries_whatever_the_number_of_seats(self, seats, django_assert_num_queries):
        concertation = table()
        self.fill(concertation, seats)
        with django_assert_num_queries(2):
            states = concertation_seats(concertation, private_view=False)
            assert all(state.holders[0].organization is not None for state in states)
        assert len(states) == seats
        assert [state.seat.label for state in states] == sorted(state.seat.label for state in states)

    def test_seats_that_exist_on_the_date(self):
        concertation = table()
        Seat.objects.create(concertation=concertation, label="Ancien", abolished_on=D(2020, 1, 1))
        Seat.objects.create(concertation=concertation, label="Nouveau", created_on=D(2022, 1, 1))
        Seat.objects.create(concertation=concertation, label="Toujours")
        labels = lambda on: [s.seat.label for s in concertation_seats(concertation, on=on, private_view=True)]  # noqa: E731
        assert labels(D(2019, 6, 1)) == ["Ancien", "Toujours"]
        assert labels(D(2020, 1, 1)) == ["Toujours"]
        assert labels(D(2023, 1, 1)) == ["Nouveau", "Toujours"]
        assert labels(None) == ["Nouveau", "Toujours"]

    def test_as_of_date(self):
        concertation = table()
        seat_ = Seat.objects.create(concertation=concertation, label="Siège")
        first = Person.objects.create(given_name="A", family_name="Un", public_consent=True)
        second = Person.objects.create(given_name="B", family_name="Deux")
        Membership.objects.create(seat=seat_, person=first, start_date=D(2015, 1, 1), end_date=D(2019, 12, 31))
        Membership.objects.create(seat=seat_, person=second, start_date=D(2020, 1, 1))
        (then,) = concertation_seats(concertation, on=D(2018, 1, 1), private_view=False)
        assert then.holders[0].person == first
        (now,) = concertation_seats(concertation, private_view=False)
        assert now.holders[0].hidden
        (now_private,) = concertation_seats(concertation, private_view=True)
        assert now_private.holders[0].person == second


@pytest.mark.django_db
class TestConcertationList:
    def names(self, **filters: Any) -> list[str]:
        return [c.name for c in concertation_list(ConcertationFilters(**filters))]

    def territory(self, public_id: str) -> Territory:
        return Territory.objects.by_code(public_id).get()

    def test_territory_includes_what_lies_inside_it(self):
        table("Table de Beauport", territories=["borough:REQ05"])
        table("Table de Saint-Zacharie", territories=["municipality:28005"])
        table("Réseau de la Capitale-Nationale", territories=["region:03"], level="regional")
        assert self.names(territory=self.territory("region:03")) == [
            "Réseau de la Capitale-Nationale",
            "Table de Beauport",
        ]
        assert self.names(territory=self.territory("municipality:23027")) == ["Table de Beauport"]
        assert self.names(territory=self.territory("region:12")) == ["Table de Saint-Zacharie"]
        assert self.names(territory=self.territory("rss:03")) == ["Table de Beauport"]
        assert len(self.names(territory=self.territory("province:24"))) == 3

    def test_a_table_on_two_territories_is_listed_once(self):
        table("Table", territories=["borough:REQ05", "municipality:23027"])
        assert self.names(territory=self.territory("region:03")) == ["Table"]
        (found,) = concertation_list(ConcertationFilters(territory=self.territory("region:03")))
        assert found.seat_count == 0  # type: ignore[attr-defined]

    def test_theme_kind_and_level(self):
        housing = table("Comité logement", kind="committee")
        housing.themes.set([theme("logement")])
        table("Table régionale", level="regional")
        assert self.names(theme=theme("logement")) == ["Comité logement"]
        assert self.names(kind="committee") == ["Comité logement"]
        assert self.names(level="regional") == ["Table régionale"]
        assert self.names(kind="committee", level="regional") == []

    @pytest.mark.parametrize("query", ["montreal", "MONTRÉAL", "montr", "table montreal", "tcm"])
    def test_query_ignores_accents_and_case(self, query):
        table("Table de concertation de Montréal", acronym="TCM")
        table("Table de Québec")
        assert self.names(query=query) == ["Table de concertation de Montréal"]

    def test_ended_are_left_out_unless_asked(self):
        today = timezone.localdate()
        table("Terminée", end_date=today - dt.timedelta(days=1))
        table("Dernier jour", end_date=today)
        table("En cours", start_date=D(2010, 1, 1))
        assert self.names() == ["Dernier jour", "En cours"]
        assert self.names(include_ended=True) == ["Dernier jour", "En cours", "Terminée"]

    def test_seat_count_leaves_abolished_seats_out(self):
        concertation = table("Table")
        Seat.objects.create(concertation=concertation, label="Actif")
        Seat.objects.create(concertation=concertation, label="Aboli", abolished_on=D(2020, 1, 1))
        (found,) = concertation_list(ConcertationFilters())
        assert found.seat_count == 1  # type: ignore[attr-defined]

    @pytest.mark.parametrize("count", [2, 12])
    def test_a_fixed_number_of_queries(self, count, django_assert_num_queries):
        for number in range(count):
            table(f"Table {number}", territories=["borough:REQ05"]).themes.set([theme("logement"), theme("famille")])
        with django_assert_num_queries(2):
            rows = list(concertation_list(ConcertationFilters(query="table")))
            assert all(len(row.themes.all()) == 2 for row in rows)


@pytest.mark.django_db
def test_a_persons_and_an_organisations_seats_current_first():
    from arrimage.concertation.selectors import organization_memberships, person_memberships

    org = Organization.objects.create(name="Organisme", sector="community")
    someone = Person.objects.create(given_name="Alex", family_name="Gagnon")
    concertation = table()
    old, current = (Seat.objects.create(concertation=concertation, label=label) for label in ("Ancien", "Actuel"))
    Membership.objects.create(
        seat=old, person=someone, organization=org, start_date=D(2015, 1, 1), end_date=D(2018, 1, 1)
    )
    Membership.objects.create(seat=current, person=someone, organization=org, start_date=D(2019, 1, 1))
    assert [m.seat.label for m in person_memberships(someone)] == ["Actuel", "Ancien"]
    assert [m.seat.label for m in organization_memberships(org)] == ["Actuel", "Ancien"]
