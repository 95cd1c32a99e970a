"""A read-only database or a full disk: reads go on, a change gets a plain French 503 page (JSON in the API)
and is not half-written, and Arrimage works again as soon as the fault passes, without a restart.
The faults are the engines' own (see faults.py), met through the whole stack of middleware and views."""

import json
from typing import Any

import pytest
from django.db import IntegrityError, connection
from django.test import Client
from django.urls import reverse

from arrimage.actors.models import Organization
from arrimage.core.faults import Fault, database_fault
from tests.factories import UserFactory, api_key

from .faults import disk_full, read_only

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def admin(territories: None) -> Any:
    return UserFactory(is_superuser=True, is_staff=True)


def _client(user: Any) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


def _create(client: Client, name: str, mission: str = "") -> Any:
    data = {"name": name, "sector": "community", "mission": mission}
    return client.post(reverse("registry:organization_create"), data)


def _write_error() -> BaseException:
    try:
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO core_probe_missing VALUES (1)")
    except Exception as error:
        return error
    raise AssertionError("the write should have failed")


def test_the_engines_faults_are_recognised() -> None:
    with read_only():
        try:
            Organization.objects.create(name="Lecture seule", sector="community")
        except Exception as error:
            assert database_fault(error) is Fault.READ_ONLY
        else:
            raise AssertionError("a read-only database accepted a write")
    assert database_fault(_write_error()) is None  # a missing table is a bug, not a state of the machine
    UserFactory(email="une.seule@example.org")
    try:
        UserFactory(email="une.seule@example.org")
    except IntegrityError as error:
        assert database_fault(error) is None  # bad input, not a fault
    else:
        raise AssertionError("a second account with the same address was accepted")
    assert database_fault(ValueError("no database here")) is None
    assert database_fault(None) is None


@pytest.mark.parametrize("fault", [read_only, disk_full], ids=["read-only", "disk-full"])
def test_a_change_during_a_fault_gets_a_clear_page_and_saves_nothing(admin: Any, fault: Any) -> None:
    client = _client(admin)
    before = Organization.objects.count()
    with fault():
        assert client.get(reverse("registry:organization_list")).status_code == 200  # reading goes on
        response = _create(client, "Organisme pendant la panne", "Une mission détaillée. " * 10_000)
    page = response.content.decode()
    assert response.status_code == 503, page[:500]
    assert response["Retry-After"] == "120"
    assert "Votre modification n’a pas été enregistrée" in page or "Rien n’a été enregistré" in page, page
    assert "Traceback" not in page and "OperationalError" not in page
    assert '<html lang="fr-CA">' in page
    assert Organization.objects.count() == before
    # The fault has passed: the same process saves again, without a restart.
    again = _create(client, "Organisme après la panne")
    assert again.status_code == 302, again.content.decode()[:500]
    assert Organization.objects.filter(name="Organisme après la panne").count() == 1


def test_the_api_answers_503_in_json_during_a_fault(admin: Any) -> None:
    client = Client(raise_request_exception=False)
    key = api_key(admin)
    with read_only():
        response = client.post(
            "/api/v1/organizations",
            data=json.dumps({"name": "Par l’API", "sector": "community"}),
            content_type="application/json",
            headers={"Authorization": f"Bearer {key}"},
        )
    assert response.status_code == 503
    body = response.json()
    assert body["fault"] == "read_only" and "lecture seule" in body["detail"]
    assert not Organization.objects.filter(name="Par l’API").exists()


def test_a_signed_in_reader_keeps_reading_when_the_session_cannot_be_refreshed(admin: Any) -> None:
    client = _client(admin)
    session = client.session
    session["_arrimage_activity"] = 0  # due for a refresh on the next page
    session.save()
    with read_only():
        response = client.get(reverse("registry:organization_list"))
    assert response.status_code == 200
    assert client.get(reverse("accounts:security_events")).status_code == 200  # still signed in
