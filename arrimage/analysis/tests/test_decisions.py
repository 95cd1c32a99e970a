"""Pairs of concertations judged complementary: the database rules, the services (who may, the order of the
pair, duplicates, the history with its author), the selectors' queries, and the analysis leaving them out."""

from __future__ import annotations

import itertools

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from arrimage.access.models import RoleKind
from arrimage.analysis.models import OverlapDecision
from arrimage.analysis.results import territory_results
from arrimage.analysis.selectors import complementary_decisions, complementary_pairs
from arrimage.analysis.services import overlap_complementary_mark, overlap_complementary_withdraw
from arrimage.concertation.models import Concertation
from arrimage.territories.models import Territory
from tests.factories import ConcertationFactory, RoleGrantFactory, UserFactory, theme

pytestmark = pytest.mark.django_db

NOTE = "L'un coordonne le dépannage, l'autre développe l'agriculture urbaine."


def _territory(public_id: str) -> Territory:
    return Territory.objects.by_code(public_id).get()


def _table(name: str, public_id: str = "municipality:31084", **kwargs: object) -> Concertation:
    """A table on food security in Thetford Mines: two of them are paired by the overlap analysis."""
    concertation = ConcertationFactory.create(name=name, **kwargs)
    concertation.territories.set([_territory(public_id)])
    concertation.themes.set([theme("securite-alimentaire")])
    return concertation


def _coordinator(concertation: Concertation):
    grant = RoleGrantFactory.create(role=RoleKind.COORDINATOR, concertation=concertation)
    return grant.user


@pytest.fixture
def pair() -> tuple[Concertation, Concertation]:
    return _table("Comité de sécurité alimentaire"), _table("Regroupement pour l'autonomie alimentaire")


# The database ------------------------------------------------------------------------------------


class TestModel:
    def test_the_pair_is_stored_smaller_id_first(self, pair):
        first, second = pair
        with pytest.raises(IntegrityError), transaction.atomic():
            OverlapDecision.objects.create(first=second, second=first, note=NOTE)

    def test_a_concertation_is_not_paired_with_itself(self, pair):
        with pytest.raises(IntegrityError), transaction.atomic():
            OverlapDecision.objects.create(first=pair[0], second=pair[0], note=NOTE)

    def test_a_pair_is_judged_once(self, pair):
        OverlapDecision.objects.create(first=pair[0], second=pair[1], note=NOTE)
        with pytest.raises(IntegrityError), transaction.atomic():
            OverlapDecision.objects.create(first=pair[0], second=pair[1], note="Encore.")

    def test_the_note_is_required(self, pair):
        with pytest.raises(IntegrityError), transaction.atomic():
            OverlapDecision.objects.create(first=pair[0], second=pair[1], note="")

    def test_the_decision_goes_with_its_concertations(self, pair):
        OverlapDecision.objects.create(first=pair[0], second=pair[1], note=NOTE)
        pair[1].delete()
        assert not OverlapDecision.objects.exists()

    def test_the_authors_name_is_kept_when_their_account_goes(self, pair):
        coordinator = _coordinator(pair[0])
        decision = overlap_complementary_mark(acting_user=coordinator, first=pair[0], second=pair[1], note=NOTE)
        coordinator.role_grants.all().delete()
        coordinator.delete()
        decision.refresh_from_db()
        assert decision.decided_by is None
        assert decision.decided_by_name == coordinator.get_full_name()


# The services ------------------------------------------------------------------------------------


class TestMark:
    def test_a_coordinator_of_either_one_marks_the_pair_in_order(self, pair):
        first, second = pair
        coordinator = _coordinator(second)
        decision = overlap_complementary_mark(acting_user=coordinator, first=second, second=first, note=f"  {NOTE} ")
        assert (decision.first, decision.second) == (first, second)
        assert decision.note == NOTE
        assert decision.decided_by == coordinator
        assert decision.decided_by_name == coordinator.get_full_name()

    def test_the_history_says_who_and_why(self, pair):
        coordinator = _coordinator(pair[0])
        decision = overlap_complementary_mark(acting_user=coordinator, first=pair[0], second=pair[1], note=NOTE)
        record = decision.history.get()
        assert (record.history_type, record.history_user, record.history_change_reason) == (
            "+",
            coordinator,
            "mark complementary",
        )
        assert record.note == NOTE

    @pytest.mark.parametrize("who", ["anonymous", "plain", "coordinator_elsewhere", "editor_elsewhere"])
    def test_refused_to_those_outside_both(self, pair, who):
        if who == "anonymous":
            user = AnonymousUser()
        elif who == "plain":
            user = UserFactory.create()
        elif who == "coordinator_elsewhere":
            user = _coordinator(_table("Table ailleurs", "municipality:28005"))
        else:
            user = RoleGrantFactory.create(role=RoleKind.TERRITORIAL_EDITOR, territory=_territory("region:03")).user
        with pytest.raises(PermissionDenied):
            overlap_complementary_mark(acting_user=user, first=pair[0], second=pair[1], note=NOTE)
        assert not OverlapDecision.objects.exists()

    def test_an_editor_of_the_territory_and_an_administrator_may(self, pair):
        editor = RoleGrantFactory.create(role=RoleKind.TERRITORIAL_EDITOR, territory=_territory("mrc:31")).user
        decision = overlap_complementary_mark(acting_user=editor, first=pair[0], second=pair[1], note=NOTE)
        overlap_complementary_withdraw(acting_user=UserFactory.create(is_superuser=True), decision=decision)
        assert not OverlapDecision.objects.exists()

    def test_a_private_concertation_the_coordinator_may_not_see_cannot_be_judged(self, pair):
        hidden = _table("Comité restreint", is_public=False)
        with pytest.raises(PermissionDenied):
            overlap_complementary_mark(acting_user=_coordinator(pair[0]), first=pair[0], second=hidden, note=NOTE)

    def test_a_concertation_is_not_paired_with_itself(self, pair):
        with pytest.raises(ValidationError) as error:
            overlap_complementary_mark(acting_user=_coordinator(pair[0]), first=pair[0], second=pair[0], note=NOTE)
        assert error.value.messages == ["Une instance ne peut pas former une paire avec elle-même."]

    def test_a_pair_already_judged_is_refused_clearly(self, pair):
        coordinator = _coordinator(pair[0])
        overlap_complementary_mark(acting_user=coordinator, first=pair[0], second=pair[1], note=NOTE)
        with pytest.raises(ValidationError) as error:
            overlap_complementary_mark(acting_user=coordinator, first=pair[1], second=pair[0], note="Encore.")
        assert error.value.messages == ["Ces deux instances ont déjà été jugées complémentaires."]
        assert OverlapDecision.objects.count() == 1

    def test_the_note_is_required(self, pair):
        with pytest.raises(ValidationError) as error:
            overlap_complementary_mark(acting_user=_coordinator(pair[0]), first=pair[0], second=pair[1], note="  ")
        assert error.value.message_dict == {"note": ["Dites pourquoi ces deux instances sont complémentaires."]}


class TestWithdraw:
    def test_the_history_keeps_the_decision_its_withdrawal_and_why(self, pair):
        coordinator = _coordinator(pair[0])
        decision = overlap_complementary_mark(acting_user=coordinator, first=pair[0], second=pair[1], note=NOTE)
        pk = decision.pk
        other = _coordinator(pair[1])
        overlap_complementary_withdraw(acting_user=other, decision=decision, reason="Les mandats ont changé.")
        assert not OverlapDecision.objects.exists()
        records = OverlapDecision.history.filter(id=pk).order_by("history_date", "history_id")
        assert [(r.history_type, r.history_user, r.history_change_reason) for r in records] == [
            ("+", coordinator, "mark complementary"),
            ("-", other, "Les mandats ont changé."),
        ]
        assert records.last().note == NOTE

    def test_without_a_reason(self, pair):
        coordinator = _coordinator(pair[0])
        decision = overlap_complementary_mark(acting_user=coordinator, first=pair[0], second=pair[1], note=NOTE)
        overlap_complementary_withdraw(acting_user=coordinator, decision=decision)
        assert OverlapDecision.history.latest("history_id").history_change_reason == "withdraw"

    def test_refused_to_those_outside_both(self, pair):
        decision = overlap_complementary_mark(
            acting_user=_coordinator(pair[0]), first=pair[0], second=pair[1], note=NOTE
        )
        with pytest.raises(PermissionDenied):
            overlap_complementary_withdraw(acting_user=UserFactory.create(), decision=decision)
        assert OverlapDecision.objects.filter(pk=decision.pk).exists()


# The selectors -----------------------------------------------------------------------------------


class TestSelectors:
    def _decide(self, *tables: Concertation) -> None:
        admin = UserFactory.create(is_superuser=True)
        for first, second in itertools.pairwise(tables):
            overlap_complementary_mark(acting_user=admin, first=first, second=second, note=NOTE)

    def test_pairs_among_the_given_concertations_in_one_query(self, django_assert_num_queries):
        tables = [_table(f"Table {n}") for n in range(5)]
        self._decide(*tables)
        ids = [t.pk for t in tables[:4]]
        with django_assert_num_queries(1):
            pairs = complementary_pairs(ids)
        assert pairs == {frozenset((tables[n].pk, tables[n + 1].pk)) for n in range(3)}

    def test_no_concertation_no_query(self, django_assert_num_queries):
        with django_assert_num_queries(0):
            assert complementary_pairs([]) == frozenset()
            assert complementary_decisions([]) == []

    def test_decisions_with_their_author_in_one_query(self, django_assert_num_queries):
        tables = [_table(f"Table {n}") for n in range(6)]
        self._decide(*tables)
        with django_assert_num_queries(1):
            decisions = complementary_decisions(t.pk for t in tables)
            shown = [(d.first.name, d.second.name, str(d.decided_by), d.note) for d in decisions]
        assert len(shown) == 5
        assert decisions[0].created_at >= decisions[-1].created_at  # newest first


# The analysis ------------------------------------------------------------------------------------


def test_the_analysis_leaves_out_the_pairs_judged_complementary(pair):
    mrc = _territory("mrc:31")
    third = _table("Table de la faim")
    today = timezone.localdate()

    def listed() -> set[frozenset[int]]:
        return {p.ids for p in territory_results(AnonymousUser(), mrc, on=today).overlaps}

    ids = {frozenset((pair[0].pk, pair[1].pk)), frozenset((pair[0].pk, third.pk)), frozenset((pair[1].pk, third.pk))}
    assert ids <= listed()
    coordinator = _coordinator(pair[1])
    decision = overlap_complementary_mark(acting_user=coordinator, first=pair[1], second=pair[0], note=NOTE)
    remaining = listed()
    assert frozenset((pair[0].pk, pair[1].pk)) not in remaining
    assert frozenset((pair[0].pk, third.pk)) in remaining
    overlap_complementary_withdraw(acting_user=coordinator, decision=decision)
    assert ids <= listed()
