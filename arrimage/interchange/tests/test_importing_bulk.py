"""The commit of an import writes the records it creates table by table: their history says who and why,
undo takes them back, a refused record stops everything with its line, and the number of queries does not
grow with the number of rows."""

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation

from arrimage.actors.models import Consent, Organization, Person
from arrimage.concertation.models import Membership, Seat
from arrimage.concertation.services import membership_start
from arrimage.interchange.models import ImportChange, ImportStatus
from arrimage.interchange.services import import_commit, import_preview, import_undo
from tests.factories import (
    ConcertationFactory,
    MembershipFactory,
    OrganizationFactory,
    PersonFactory,
    PositionFactory,
    SeatFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

CONSENT = ("non", "oui")
# Five kinds of records created (organisations, people, consents, seats, holdings): each read once, and
# asked once per relation that points to it.
UNDO_CHECK_QUERIES = 29
HEADER = "Organisme;Représentant·e;Courriel;Rôle;Depuis;Consentement\n"


def member_list(count: int, *, start: int = 0) -> bytes:
    lines = [
        f"Regroupement citoyen no {n};Personne Numéro{n};membre{n}@exemple.org;Membre;2020;{CONSENT[n % 2]}\n"
        for n in range(start, start + count)
    ]
    return (HEADER + "".join(lines)).encode()


def preview(data: bytes, concertation, user=None):
    return import_preview(data=data, filename="membres.csv", kind="members", user=user, concertation=concertation)


def test_history_rows_carry_the_acting_user_and_the_reason():
    user = UserFactory.create()
    concertation = ConcertationFactory.create()
    data = member_list(4)
    result = preview(data, concertation, user)
    assert result.can_commit, result.errors

    run = import_commit(run=result.run, data=data, acting_user=user)

    created = {change.model for change in ImportChange.objects.filter(run=run, action="created")}
    assert created == {
        "actors.organization",
        "actors.person",
        "actors.consent",
        "concertation.seat",
        "concertation.membership",
    }
    people = Person.objects.filter(email__startswith="membre")
    assert people.count() == 4
    for model, reason in ((Person, "create"), (Organization, "create"), (Seat, "create"), (Membership, "start")):
        history = model.history.filter(history_user=user)
        if model is Organization:
            history = history.filter(name__startswith="Regroupement citoyen")
        assert history.count() == 4, model
        assert set(history.values_list("history_type", "history_change_reason")) == {("+", reason)}
    consents = Consent.objects.filter(person__in=people)
    assert consents.count() == 2  # « oui » on two rows of four
    assert set(Consent.history.filter(person__in=people).values_list("history_user", "history_change_reason")) == {
        (user.pk, "give")
    }
    assert all(consent.recorded_by == user for consent in consents)
    assert run.counts["created"] == 16  # organisations, people, seats, holdings; consents follow their person


def test_undo_after_a_bulk_commit_takes_everything_back():
    user = UserFactory.create()
    concertation = ConcertationFactory.create()
    known = OrganizationFactory.create(name="Carrefour jeunesse-emploi de Beauport")
    data = member_list(6) + "Carrefour jeunesse-emploi de Beauport;Luc Côté;luc@ex.org;Trésorier;2019;non\n".encode()
    before = (Organization.objects.count(), Person.objects.count(), Seat.objects.count(), Membership.objects.count())
    run = import_commit(run=preview(data, concertation, user).run, data=data, acting_user=user)
    assert Membership.objects.filter(seat__concertation=concertation).count() == 7
    assert Membership.objects.get(organization=known).role == "treasurer"

    import_undo(run=run, acting_user=user)

    run.refresh_from_db()
    assert run.status == ImportStatus.UNDONE
    after = (Organization.objects.count(), Person.objects.count(), Seat.objects.count(), Membership.objects.count())
    assert after == before
    assert not Consent.objects.filter(person__email__startswith="membre").exists()
    assert Organization.objects.filter(pk=known.pk).exists()
    deleted = Person.history.filter(history_type="-", history_user=user, history_change_reason="import undone")
    assert deleted.count() == 7


def test_a_refused_row_refuses_the_whole_import_with_its_line_and_the_services_message():
    """A person already sitting at the table for the same organisation, on another seat: the file's row
    passes the preview (its seat is new) but the rule of `membership_start` refuses it at commit."""
    concertation = ConcertationFactory.create()
    organization = OrganizationFactory.create(name="Maison des jeunes La Piaule")
    person = PersonFactory.create(given_name="Zoé", family_name="Gagnon", email="zoe@exemple.org")
    PositionFactory.create(person=person, organization=organization)
    seat = SeatFactory.create(concertation=concertation, label="Jeunesse")
    MembershipFactory.create(seat=seat, person=person, organization=organization, end_date=None)
    rows = member_list(3).decode().replace("\n", ";\n").replace("Consentement;\n", "Consentement;Siège\n")
    data = (rows + "Maison des jeunes La Piaule;Zoé Gagnon;zoe@exemple.org;Membre;2021;non;Autre\n").encode()
    result = preview(data, concertation)
    assert result.can_commit, result.errors
    before = (Organization.objects.count(), Person.objects.count(), Membership.objects.count(), Seat.objects.count())

    with translation.override("fr"), pytest.raises(ValidationError) as refused:
        import_commit(run=result.run, data=data, acting_user=None)

    with translation.override("fr"), pytest.raises(ValidationError) as alone, transaction.atomic():
        membership_start(seat=SeatFactory.create(concertation=concertation), person=person, acting_user=None)
    [message] = refused.value.messages
    assert message.startswith("Ligne 5 : ")
    assert message.endswith("Rien n’a été importé.")
    assert alone.value.message_dict["person"][0].rstrip(".") in message
    after = (Organization.objects.count(), Person.objects.count(), Membership.objects.count(), Seat.objects.count())
    assert after == before
    result.run.refresh_from_db()
    assert result.run.status == ImportStatus.PREVIEWED
    assert not ImportChange.objects.filter(run=result.run).exists()


def test_a_value_the_model_refuses_names_its_line():
    concertation = ConcertationFactory.create()
    data = member_list(2) + f"Regroupement citoyen no 9;Marie {'Tremblay' * 20};;Membre;2020;non\n".encode()
    result = preview(data, concertation)
    assert result.can_commit, result.errors
    with translation.override("fr"), pytest.raises(ValidationError) as refused:
        import_commit(run=result.run, data=data, acting_user=None)
    [message] = refused.value.messages
    assert message.startswith("Ligne 4 : ") and "100" in message
    assert not Person.objects.filter(email__startswith="membre").exists()


@pytest.mark.parametrize("rows", [5, 60])
def test_the_queries_of_a_commit_do_not_grow_with_its_rows(rows, django_assert_max_num_queries):
    user = UserFactory.create()
    concertation = ConcertationFactory.create()
    data = member_list(rows)
    result = preview(data, concertation, user)
    assert result.can_commit, result.errors
    # 23 queries for 5 rows on SQLite, 28 for 60: a table's insert is split only where the database's
    # limit of parameters per statement requires it.
    with django_assert_max_num_queries(30):
        run = import_commit(run=result.run, data=data, acting_user=user)
    assert Membership.objects.filter(seat__concertation=concertation).count() == rows
    assert run.counts["created"] == 4 * rows


@pytest.mark.parametrize("rows", [3, 30])
def test_the_check_before_an_undo_does_not_grow_with_the_rows(rows, django_assert_num_queries):
    """What could block an undo is read a few queries per kind of record, whatever their number; and a
    record added since that points to one the import created still blocks it."""
    from arrimage.interchange.importing.undo import blockers

    concertation = ConcertationFactory.create()
    data = member_list(rows)
    user = UserFactory.create()
    run = import_commit(run=preview(data, concertation, user).run, data=data, acting_user=user)
    changes = list(run.changes.order_by("-order"))
    with django_assert_num_queries(UNDO_CHECK_QUERIES):
        assert blockers(run, changes) == []

    organization = Organization.objects.get(name="Regroupement citoyen no 2")
    PositionFactory.create(organization=organization)
    problems = blockers(run, changes)
    assert len(problems) == 1 and "Regroupement citoyen no 2" in problems[0]
