"""Who may do what: a role matrix read as a table, a few edge cases, and the role grants' database rules."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import IntegrityError, transaction
from django.utils import timezone

from arrimage.access import policy
from arrimage.access.models import RoleGrant, RoleKind
from arrimage.actors.models import Organization, Person, Position
from arrimage.concertation.models import Concertation, Membership, Seat
from arrimage.territories.models import Territory
from tests.factories import PlanFactory, UserFactory

pytestmark = pytest.mark.django_db

# The concertation under test sits in Saint-Zacharie (MRC des Etchemins, Chaudière-Appalaches, région 12); the
# « other » concertation, the « other » territory and their people are in the Capitale-Nationale (région 03).
# The person under test holds a seat at the concertation, has not consented to appear publicly, and works
# for an organisation serving Saint-Zacharie. A pair of concertations is judged with the « other » one or with a
# « neighbour » in Saint-Zacharie too. The plan under test is owned by Saint-Zacharie and by the concertation;
# the « covering » plan is owned by the « other » concertation and covers Saint-Zacharie. Columns: the viewer's
# role.
MATRIX = """
permission                      anonymous plain member member_other coord coord_other ed_mrc ed_region ed_other admin
can_view_concertation(public)   yes       yes   yes    yes          yes   yes         yes    yes       yes      yes
can_view_concertation(private)  no        no    yes    no           yes   no          yes    yes       no       yes
can_view_concertation_private   no        no    yes    no           yes   no          yes    yes       no       yes
can_edit_concertation           no        no    no     no           yes   no          yes    yes       no       yes
can_create_concertation         no        no    no     no           no    no          yes    yes       yes      yes
can_place_concertation          no        no    no     no           no    no          yes    yes       no       yes
can_edit_organization           no        no    no     no           no    no          yes    yes       no       yes
can_view_person                 no        no    yes    no           yes   no          yes    yes       no       yes
can_edit_person                 no        no    no     no           yes   no          yes    yes       no       yes
can_view_handover               no        no    no     no           yes   no          yes    yes       no       yes
shows_identity                  no        no    yes    no           yes   no          yes    yes       no       yes
can_judge_overlap(other)        no        no    no     no           yes   yes         yes    yes       yes      yes
can_judge_overlap(neighbour)    no        no    no     no           yes   no          yes    yes       no       yes
can_edit_plan                   no        no    no     no           yes   no          yes    yes       no       yes
can_edit_plan(covering)         no        no    no     no           no    yes         yes    yes       no       yes
can_create_plan                 no        no    no     no           yes   yes         yes    yes       yes      yes
"""
_HEADER, *_ROWS = [line.split() for line in MATRIX.strip().splitlines()]
ROLES = _HEADER[1:]
EXPECTED = {row[0]: dict(zip(ROLES, [word == "yes" for word in row[1:]], strict=True)) for row in _ROWS}


def a_user(**values):  # the factory returns a User (untyped for the type checker)
    return UserFactory(**values)


def territory(public_id: str) -> Territory:
    return Territory.objects.by_code(public_id).get()


def table(name: str, public_id: str, *, is_public: bool = True) -> Concertation:
    concertation = Concertation.objects.create(name=name, kind="table", level="local", is_public=is_public)
    concertation.territories.set([territory(public_id)])
    return concertation


def sit(person: Person, concertation: Concertation, **dates: Any) -> Membership:
    seat = Seat.objects.create(concertation=concertation, label=f"Siège de {person}")
    return Membership.objects.create(seat=seat, person=person, **({"start_date": dt.date(2020, 1, 1)} | dates))


class World:
    """The concertation, the person and the organisation under test, and one user per role."""

    def __init__(self, *, is_public: bool) -> None:
        self.concertation = table("Table de Saint-Zacharie", "municipality:28005", is_public=is_public)
        self.other = table("Table de Beauport", "borough:REQ05", is_public=is_public)
        self.person = Person.objects.create(given_name="Sam", family_name="Poulin")
        sit(self.person, self.concertation)
        self.organization = Organization.objects.create(name="Maison de la famille", sector="community")
        self.organization.territories_served.set([territory("municipality:28005")])
        Position.objects.create(person=self.person, organization=self.organization)
        self.users: dict[str, Any] = {"anonymous": AnonymousUser()}
        for role in ROLES[1:]:
            self.users[role] = a_user(is_superuser=role == "admin")
        for role, concertation in [("member", self.concertation), ("member_other", self.other)]:
            member = Person.objects.create(given_name="Membre", family_name=role, user=self.users[role])
            sit(member, concertation)
        for role, concertation in [("coord", self.concertation), ("coord_other", self.other)]:
            RoleGrant.objects.create(user=self.users[role], role=RoleKind.COORDINATOR, concertation=concertation)
        for role, public_id in [("ed_mrc", "mrc:28"), ("ed_region", "region:12"), ("ed_other", "region:03")]:
            RoleGrant.objects.create(
                user=self.users[role], role=RoleKind.TERRITORIAL_EDITOR, territory=territory(public_id)
            )

    def answer(self, permission: str, user: Any) -> bool:
        if permission == "can_view_concertation(public)" or permission == "can_view_concertation(private)":
            return policy.can_view_concertation(user, self.concertation)
        if permission == "can_judge_overlap(other)":
            return policy.can_judge_overlap(user, self.concertation, self.other)
        if permission == "can_judge_overlap(neighbour)":
            neighbour = Concertation.objects.filter(name="Comité de Saint-Zacharie").first()
            neighbour = neighbour or table("Comité de Saint-Zacharie", "municipality:28005")
            return policy.can_judge_overlap(user, self.concertation, neighbour)
        if permission == "can_edit_plan":
            plan = PlanFactory.create(
                owner_territory=territory("municipality:28005"), owner_concertation=self.concertation
            )
            return policy.can_edit_plan(user, plan)
        if permission == "can_edit_plan(covering)":
            plan = PlanFactory.create(owner_concertation=self.other)
            plan.territories.set([territory("municipality:28005")])
            return policy.can_edit_plan(user, plan)
        if permission == "can_create_plan":
            return policy.can_create_plan(user)
        if permission == "can_create_concertation":
            return policy.can_create_concertation(user)
        if permission == "can_place_concertation":
            return policy.can_place_concertation(user, {territory("municipality:28005").pk})
        if permission == "can_edit_organization":
            return policy.can_edit_organization(user, self.organization)
        if permission in ("can_view_person", "can_edit_person", "can_view_handover"):
            return getattr(policy, permission)(user, self.person)
        if permission == "shows_identity":
            return policy.shows_identity(
                self.person, private_view=policy.can_view_concertation_private(user, self.concertation)
            )
        return getattr(policy, permission)(user, self.concertation)


@pytest.mark.parametrize("permission", list(EXPECTED))
def test_role_matrix(permission):
    world = World(is_public=permission != "can_view_concertation(private)")
    answers = {role: world.answer(permission, world.users[role]) for role in ROLES}
    assert answers == EXPECTED[permission]


class TestEdges:
    def test_a_past_member_no_longer_sees_the_private_side(self):
        concertation = table("Table privée", "municipality:28005", is_public=False)
        user = a_user()
        person = Person.objects.create(given_name="Ex", family_name="Membre", user=user)
        sit(person, concertation, end_date=timezone.localdate() - dt.timedelta(days=1))
        assert not policy.can_view_concertation(user, concertation)

    def test_a_revoked_grant_gives_nothing(self):
        concertation = table("Table", "municipality:28005")
        user = a_user()
        RoleGrant.objects.create(
            user=user, role=RoleKind.COORDINATOR, concertation=concertation, revoked_at=timezone.now()
        )
        assert not policy.can_edit_concertation(user, concertation)

    def test_an_inactive_superuser_is_not_an_administrator(self):
        user = a_user(is_superuser=True, is_active=False)
        assert not policy.can_manage_roles(user)
        assert not policy.can_edit_concertation(user, table("Table", "municipality:28005"))

    def test_a_person_sees_and_edits_their_own_page(self):
        user = a_user()
        person = Person.objects.create(given_name="Moi", family_name="Même", user=user)
        assert policy.can_view_person(user, person)
        assert policy.can_edit_person(user, person)

    def test_an_editor_of_a_municipality_cannot_edit_its_regional_table(self):
        regional = table("Réseau régional", "region:12")
        user = a_user()
        RoleGrant.objects.create(user=user, role=RoleKind.TERRITORIAL_EDITOR, territory=territory("municipality:28005"))
        assert not policy.can_edit_concertation(user, regional)
        assert not policy.can_place_concertation(user, {territory("region:12").pk})
        assert not policy.can_place_concertation(user, set())

    def test_placing_needs_every_territory_covered(self):
        user = a_user()
        RoleGrant.objects.create(user=user, role=RoleKind.TERRITORIAL_EDITOR, territory=territory("region:12"))
        inside, outside = territory("municipality:28005").pk, territory("borough:REQ05").pk
        assert policy.can_place_concertation(user, {inside})
        assert not policy.can_place_concertation(user, {inside, outside})

    def test_identity_is_shown_publicly_only_with_consent(self):
        assert not policy.shows_identity(Person(public_consent=False), private_view=False)
        assert policy.shows_identity(Person(public_consent=True), private_view=False)
        assert policy.shows_identity(Person(public_consent=False), private_view=True)
        assert not policy.shows_identity(None, private_view=True)

    def test_visible_concertations(self):
        world = World(is_public=False)
        public = table("Table publique", "region:03")

        def visible(role: str) -> set[str]:
            queryset = policy.visible_concertations(world.users[role], Concertation.objects.all())
            return {concertation.name for concertation in queryset}

        assert visible("anonymous") == {public.name}
        assert visible("member") == {public.name, world.concertation.name}
        assert visible("coord_other") == {public.name, world.other.name}
        assert visible("ed_region") == {public.name, world.concertation.name}
        assert visible("admin") == {public.name, world.concertation.name, world.other.name}

    def test_an_editor_lists_every_private_table_they_may_edit(self):
        health = table("Table de la RSS", "rss:12", is_public=False)
        user = a_user()
        RoleGrant.objects.create(user=user, role=RoleKind.TERRITORIAL_EDITOR, territory=territory("province:24"))
        assert policy.can_edit_concertation(user, health)
        assert list(policy.visible_concertations(user, Concertation.objects.all())) == [health]

    def test_an_editor_of_a_municipality_cannot_edit_its_mrcs_plan(self):
        user = a_user()
        RoleGrant.objects.create(user=user, role=RoleKind.TERRITORIAL_EDITOR, territory=territory("municipality:28005"))
        mrc_plan = PlanFactory.create(owner_territory=territory("mrc:28"), owner_concertation=None)
        assert not policy.can_edit_plan(user, mrc_plan)
        own_plan = PlanFactory.build(owner_territory=territory("municipality:28005"), owner_concertation=None)
        assert own_plan.pk is None
        assert policy.can_edit_plan(user, own_plan)  # a plan about to be created, within their scope

    def test_a_users_access_is_worked_out_once(self, django_assert_num_queries):
        world = World(is_public=False)
        user = world.users["ed_region"]
        concertation = Concertation.objects.prefetch_related("territories").get(pk=world.concertation.pk)
        policy.can_edit_concertation(user, concertation)
        with django_assert_num_queries(0):
            for _ in range(5):
                assert policy.can_edit_concertation(user, concertation)
                assert policy.can_create_concertation(user)


def refused(**values: Any) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        RoleGrant.objects.create(**values)


class TestRoleGrantScope:
    def table(self) -> Concertation:
        return getattr(self, "_table", None) or self._make()

    def _make(self) -> Concertation:
        self._table = Concertation.objects.create(name="Table", kind="table", level="local")
        return self._table

    def test_territorial_editor_needs_a_territory_and_only_it(self):
        user = a_user()
        region = territory("region:03")
        refused(user=user, role=RoleKind.TERRITORIAL_EDITOR)
        refused(user=user, role=RoleKind.TERRITORIAL_EDITOR, concertation=self.table())
        refused(user=user, role=RoleKind.TERRITORIAL_EDITOR, territory=region, concertation=self.table())
        RoleGrant.objects.create(user=user, role=RoleKind.TERRITORIAL_EDITOR, territory=region)

    def test_coordinator_needs_a_concertation_and_only_it(self):
        user = a_user()
        region = territory("region:03")
        refused(user=user, role=RoleKind.COORDINATOR)
        refused(user=user, role=RoleKind.COORDINATOR, territory=region)
        RoleGrant.objects.create(user=user, role=RoleKind.COORDINATOR, concertation=self.table())

    def test_unknown_role_is_refused(self):
        refused(user=a_user(), role="king", concertation=self.table())

    def test_one_active_grant_per_scope(self):
        user = a_user()
        RoleGrant.objects.create(user=user, role=RoleKind.COORDINATOR, concertation=self.table())
        refused(user=user, role=RoleKind.COORDINATOR, concertation=self.table())
        RoleGrant.objects.filter(user=user).update(revoked_at=dt.datetime(2024, 1, 1, tzinfo=dt.UTC))
        RoleGrant.objects.create(user=user, role=RoleKind.COORDINATOR, concertation=self.table())
