"""Private objects asked for by their id, by someone who may not see them: a refusal (sign-in, 403 or 404)
and never their private fields. Ids tried one after the other give only refusals or public data."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

from arrimage.accounts.models import ApiToken

from .site import answer, shown
from .world import World, build_world

pytestmark = pytest.mark.django_db

REFUSED = {"login", "403", "404"}
STRANGERS = ("anonymous", "outsider", "coordinator_other", "editor_other")


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_world()
        transaction.set_rollback(True)


def _client(world: World, role: str) -> Client:
    client = Client()
    user = world.outsider if role == "outsider" else world.users[role]
    if user is not None:
        client.force_login(user)
    return client


def _private_markers(world: World, *wheres: str) -> set[str]:
    return {m for m, where in world.markers.items() if f"{where}-".startswith(wheres)}


# (URL name, the object of the world, its other arguments, who may not see it, the markers it must not show)
PRIVATE_READS = [
    ("registry:person_detail", "citizen", [], STRANGERS, ("citizen-",)),
    ("api-1:person_detail", "citizen", [], STRANGERS, ("citizen-",)),
    ("registry:person_edit", "citizen", [], ("member", "coordinator_other", "editor_other"), ("citizen-",)),
    ("reports:handover", "citizen", [], (*STRANGERS, "member"), ("citizen-",)),
    ("registry:person_data_export", "citizen", [], (*STRANGERS, "member"), ("citizen-",)),
    ("registry:person_consent", "citizen", [], (*STRANGERS, "member"), ("citizen-",)),
    ("registry:person_erase", "citizen", [], (*STRANGERS, "member", "coordinator", "editor"), ("citizen-",)),
    ("registry:concertation_detail", "private", [], STRANGERS, ("private-", "membership-notes-private")),
    ("api-1:concertation_detail", "private", [], STRANGERS, ("private-",)),
    ("api-1:concertation_seats", "private", [], STRANGERS, ("private-", "citizen-")),
    ("api-1:concertation_geojson", "private", [], STRANGERS, ("private-",)),
    ("registry:concertation_seats_export", "private", ["xlsx"], STRANGERS, ("private-", "citizen-")),
    ("reports:concertation_annual", "private", [], STRANGERS, ("private-", "citizen-")),
    ("registry:concertation_demarches", "private", [], STRANGERS, ("private-",)),
    ("registry:plan_detail", "private_plan", [], STRANGERS, ("private-",)),
    ("api-1:plan_detail", "private_plan", [], STRANGERS, ("private-",)),
    (
        "registry:membership_edit",
        "private_membership",
        [],
        ("member", "coordinator_other", "editor_other"),
        ("membership-",),
    ),
    ("registry:seat_edit", "private_seat", [], ("member", "coordinator_other", "editor_other"), ("private-",)),
    ("registry:import_detail", "import_run", [], (*STRANGERS, "member", "coordinator"), ("import-filename",)),
    ("registry:import_undo", "import_run", [], (*STRANGERS, "member", "coordinator"), ("import-filename",)),
]


@pytest.mark.parametrize(("name", "key", "extra", "roles", "private"), PRIVATE_READS, ids=[r[0] for r in PRIVATE_READS])
def test_a_private_object_by_its_id_shows_nothing_to_the_wrong_role(world, name, key, extra, roles, private):
    url = reverse(name, args=[world.objects[key].pk, *extra])
    hidden = _private_markers(world, *private)
    for role in roles:
        response = _client(world, role).get(url)
        assert answer(response) in REFUSED, (role, url, response.status_code)
        assert not shown(world, response) & hidden, (role, url)


def test_another_users_api_key_cannot_be_revoked_nor_named(world):
    token = world.token  # the territorial editor's
    url = reverse("accounts:token_revoke", args=[token.pk])
    name = _private_markers(world, "token-name")
    for role in ("member", "coordinator", "coordinator_other", "editor_other", "admin"):
        client = _client(world, role)
        response = client.post(url)
        assert answer(response) == "404", role
        assert not shown(world, response) & name, role
        assert not shown(world, client.get(reverse("accounts:profile"))) & name, role
    assert shown(world, _client(world, "editor").get(reverse("accounts:profile"))) & name
    token.refresh_from_db()
    assert token.revoked_at is None
    assert ApiToken.objects.filter(user=world.users["editor"], revoked_at__isnull=True).exists()


# Addresses taking an id, tried over a range of ids (around those of the world's objects of that kind, so
# that it holds whatever ids the database gives) by visitors who see only the public view.
PEOPLE = ("citizen", "consenting", "member_person")
CONCERTATIONS = ("public", "private", "other")
PLANS = ("plan", "private_plan")
ORGANIZATIONS = ("organization", "other_organization")
ENUMERATED = {
    "registry:person_detail": PEOPLE,
    "registry:organization_detail": ORGANIZATIONS,
    "registry:concertation_detail": CONCERTATIONS,
    "registry:concertation_demarches": CONCERTATIONS,
    "registry:plan_detail": PLANS,
    "registry:import_detail": ("import_run",),
    "reports:handover": PEOPLE,
    "registry:person_data_export": PEOPLE,
    "reports:concertation_annual": CONCERTATIONS,
    "api-1:person_detail": PEOPLE,
    "api-1:organization_detail": ORGANIZATIONS,
    "api-1:concertation_detail": CONCERTATIONS,
    "api-1:concertation_seats": CONCERTATIONS,
    "api-1:concertation_geojson": CONCERTATIONS,
    "api-1:plan_detail": PLANS,
    "api-1:service_detail": ("service",),
}
AROUND = 8  # ids tried below the smallest and above the largest


@pytest.mark.parametrize("visitor", ["anonymous", "outsider"])
def test_ids_in_a_row_give_only_refusals_or_public_data(world, visitor):
    client = _client(world, visitor)
    own = ("outsider-", "user-outsider-", "user-name-outsider-") if visitor == "outsider" else ()
    allowed = _private_markers(world, *own) if own else set()
    requests = 0
    for name, keys in ENUMERATED.items():
        pks = [world.objects[key].pk for key in keys]
        for pk in range(max(1, min(pks) - AROUND), max(pks) + AROUND + 1):
            response = client.get(reverse(name, args=[pk]))
            requests += 1
            assert answer(response) in REFUSED | {"200"}, (name, pk, response.status_code)
            leaked = shown(world, response) - allowed
            assert not leaked, (name, pk, sorted(world.markers.get(m, m) for m in leaked))
    assert requests >= len(ENUMERATED) * (AROUND + 1)
