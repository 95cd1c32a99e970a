"""The demonstration data loads through the services, once, and carries the signals the analysis looks for."""

import datetime as dt
from collections import defaultdict
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count
from django.utils import timezone, translation

from arrimage.access.models import RoleGrant
from arrimage.accounts.models import User
from arrimage.actors.models import Organization, Person
from arrimage.concertation.models import Concertation, Membership, Seat, SeatType
from arrimage.concertation.selectors import concertation_seats
from arrimage.core.dates import PartialDate
from arrimage.demo import data
from arrimage.demo.services import demo_counts, demo_email, demo_load
from arrimage.interchange.models import ImportRun

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demonstration data, loaded once for the module and rolled back after it; each test runs in a
    savepoint inside, so that the tests that reset or reload leave nothing behind."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield demo_load()
        transaction.set_rollback(True)


def test_loads_everything_through_the_services(demo):
    assert demo.created
    counts = demo.counts
    assert counts["organizations"] == len(data.ORGANIZATIONS)
    assert counts["people"] == len(data.PEOPLE)
    assert counts["concertations"] == len(data.CONCERTATIONS)
    assert counts["seats"] == sum(len(row.seats) for row in data.CONCERTATIONS)
    assert counts["memberships"] == sum(len(seat.holdings) for row in data.CONCERTATIONS for seat in row.seats)
    assert counts["users"] == len(data.ACCOUNTS)
    assert counts["role_grants"] == 2
    assert Concertation.objects.filter(is_demo=False).count() == 0
    # Audited like any other write.
    assert Membership.history.count() >= counts["memberships"]


def test_a_second_load_creates_nothing(demo):
    before = demo_counts()
    again = demo_load()
    assert not again.created
    assert demo_counts() == before


def test_every_person_is_fictional_demo_data(demo):
    people = list(Person.objects.all())
    assert people
    for person in people:
        assert person.is_demo
        assert person.email.endswith("@exemple.demo")
    assert len({person.email for person in people}) == len(people)
    assert Organization.objects.filter(is_demo=False).count() == 0


def test_demo_email_is_plain_ascii():
    assert demo_email("Marie-Ève", "Blais") == "marie-eve.blais@exemple.demo"
    assert demo_email("Benoît", "St-Onge") == "benoit.st-onge@exemple.demo"


def _current_concertations_by_person(on: dt.date) -> dict[int, set[int]]:
    tables: dict[int, set[int]] = defaultdict(set)
    for person_id, concertation_id in (
        Membership.objects.current(on).filter(person__isnull=False).values_list("person_id", "seat__concertation_id")
    ):
        tables[person_id].add(concertation_id)
    return tables


def test_one_organiser_sits_on_six_tables_or_more(demo):
    tables = _current_concertations_by_person(timezone.localdate())
    busiest = max(tables, key=lambda pk: len(tables[pk]))
    assert len(tables[busiest]) >= 6
    organiser = Person.objects.get(pk=busiest)
    assert organiser.positions.filter(organization__acronym="CIUSSS de la Capitale-Nationale", end_date=None).exists()


def test_seats_change_hands_three_times_or_more_with_reasons_and_gaps(demo):
    turnover = Seat.objects.annotate(n=Count("memberships__person", distinct=True)).filter(n__gte=3)
    assert turnover.count() >= 3
    reasons = set(Membership.objects.exclude(end_reason="").values_list("end_reason", flat=True))
    assert {"left_organization", "replaced", "mandate_over", "resigned", "concertation_ended"} <= reasons
    coordination = Seat.objects.get(concertation__acronym="TDLB", label="Coordination de la Table")
    (state,) = [s for s in concertation_seats(coordination.concertation, private_view=True) if s.seat == coordination]
    assert len(state.succession) == 3
    assert len(state.vacancies) == 2


def test_citizen_seats_vacant_hidden_and_one_public(demo):
    today = timezone.localdate()
    citizen_seats = Seat.objects.filter(seat_type__in=SeatType.citizen_types())
    vacant = [seat for seat in citizen_seats if not seat.memberships.current(today).exists()]
    assert any(seat.seat_type == SeatType.LIVED_EXPERIENCE for seat in vacant)
    assert any(seat.seat_type == SeatType.CITIZEN for seat in vacant)
    holders = Person.objects.filter(memberships__seat__in=citizen_seats, is_citizen=True).distinct()
    assert holders.filter(public_consent=False).count() >= 5
    assert holders.filter(public_consent=True).count() == 1


def test_two_concertations_share_a_theme_and_a_territory(demo):
    food = Concertation.objects.filter(themes__slug="securite-alimentaire", territories__code="REQ05")
    assert food.count() == 2


def test_some_concertations_share_no_member_with_any_other(demo):
    people_of: dict[int, set[int]] = defaultdict(set)
    for concertation_id, person_id in Membership.objects.filter(person__isnull=False).values_list(
        "seat__concertation_id", "person_id"
    ):
        people_of[concertation_id].add(person_id)
    isolated = [
        pk for pk, people in people_of.items() if not any(people & others for o, others in people_of.items() if o != pk)
    ]
    assert len(isolated) >= 2


def test_the_reseau_has_thirteen_demarches(demo):
    reseau = Concertation.objects.get(acronym="RDC-CN", kind="network")
    assert reseau.level == "regional"
    children = reseau.children.all()
    assert children.count() == 13
    assert {child.kind for child in children} == {"demarche"}
    assert {child.level for child in children} == {"local", "supralocal"}


def test_partial_dates_ended_and_private_concertations(demo):
    assert Membership.objects.filter(start_precision="year").exists()
    assert Membership.objects.filter(start_precision="month").exists()
    ended = Concertation.objects.filter(end_date__lt=timezone.localdate())
    assert ended.count() == 1
    assert not ended.get().seats.filter(memberships__end_date__isnull=True).exists()
    assert not ended.get().seats.filter(abolished_on__isnull=True).exists()
    assert Concertation.objects.filter(is_public=False).count() == 1


def test_a_person_moves_and_their_seat_passes_to_a_successor(demo):
    moved = Person.objects.annotate(n=Count("positions__organization", distinct=True)).filter(n__gte=2)
    assert moved.count() >= 2


def test_accounts_and_roles(demo):
    admin = User.objects.get(email="admin@exemple.demo")
    assert admin.is_superuser and admin.check_password(data.DEMO_PASSWORD)
    editor = User.objects.get(email="editeur.appalaches@exemple.demo")
    grant = RoleGrant.objects.select_related("territory").get(user=editor)
    assert grant.territory is not None and grant.territory.public_id == "mrc:31"
    coordinator = User.objects.get(email="coordination.beauport@exemple.demo")
    grant = RoleGrant.objects.select_related("concertation").get(user=coordinator)
    assert grant.concertation is not None and grant.concertation.acronym == "TDLB"
    member = User.objects.get(email="membre@exemple.demo")
    assert member.person.memberships.current(timezone.localdate()).exists()
    assert not member.is_superuser and not RoleGrant.objects.filter(user=member).exists()


def test_command_reports_and_reset_reloads(demo):
    out = StringIO()
    with translation.override("en"):
        call_command("load_demo", stdout=out)
    assert "nothing to do" in out.getvalue()
    first_ids = set(Organization.objects.values_list("pk", flat=True))
    out = StringIO()
    with translation.override("en"):
        call_command("load_demo", "--reset", stdout=out)
    assert "Territorial editor — mrc:31" in out.getvalue()
    assert "admin@exemple.demo" in out.getvalue()
    assert not first_ids & set(Organization.objects.values_list("pk", flat=True))
    assert demo_counts() == demo.counts


def test_reset_leaves_real_data_alone(demo):
    real = Organization.objects.create(name="Organisme réel", sector="community")
    demo_load(reset=True)
    assert Organization.objects.filter(pk=real.pk).exists()


def test_reset_removes_the_imports_the_demonstration_accounts_ran(demo):
    coordinator = User.objects.get(email="coordination.beauport@exemple.demo")
    ImportRun.objects.create(user=coordinator, kind="members", filename="membres.csv", digest="0" * 64)
    demo_load(reset=True)
    assert not ImportRun.objects.filter(filename="membres.csv").exists()
    assert User.objects.filter(email="coordination.beauport@exemple.demo").exists()  # loaded again


def test_the_data_is_consistent():
    """Each professional holds a seat on behalf of an organisation they work for at the time."""
    jobs = {row.key: row.jobs for row in data.PEOPLE}
    for concertation in data.CONCERTATIONS:
        for seat in concertation.seats:
            for holding in seat.holdings:
                if not (holding.person and holding.organization):
                    continue
                start = PartialDate.parse(holding.start).last_day()
                assert any(
                    job.organization == holding.organization
                    and (not job.start or PartialDate.parse(job.start).first_day() <= start)
                    and (not job.end or start <= PartialDate.parse(job.end).last_day())
                    for job in jobs[holding.person]
                ), (concertation.key, seat.label, holding.person)
