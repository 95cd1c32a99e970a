"""Funding programmes in the JSON API: the list with its filters and deadlines, one programme with its
public matches (never a private concertation, whoever calls), in a number of queries that does not grow."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from arrimage.funding import services
from arrimage.funding.tests.makers import a_demarche, a_programme, region
from tests.factories import UserFactory, api_key

pytestmark = pytest.mark.django_db


def test_the_list_gives_criteria_and_deadlines(client: Client):
    programme = a_programme(acronym="FSA")
    services.deadline_add(programme=programme, date=dt.date(2030, 3, 1), label="Dépôt", acting_user=None)
    a_programme(name="Montréal", territories=[region("06")])
    body = client.get("/api/v1/programmes", {"territory": "mrc:31"}).json()
    assert body["count"] == 1
    (row,) = body["results"]
    assert row["acronym"] == "FSA"
    assert row["territories"] == ["region:12"]
    assert row["eligible_legal_forms"] == ["nonprofit"]
    assert row["requires_plan"] is True
    assert row["deadlines"] == [{"date": "2030-03-01", "time": None, "label": "Dépôt", "note": ""}]
    assert client.get("/api/v1/programmes", {"theme": "logement"}).json()["count"] == 0
    assert client.get("/api/v1/programmes", {"territory": "pas-un-code"}).status_code == 422


def test_the_detail_gives_public_matches_only(client: Client):
    programme = a_programme()
    a_demarche("Démarche publique")
    a_demarche("Démarche confidentielle", public=False)
    admin = UserFactory.create(is_superuser=True)
    body = client.get(
        f"/api/v1/programmes/{programme.pk}", headers={"Authorization": f"Bearer {api_key(admin)}"}
    ).json()
    assert [m["name"] for m in body["concertations"]] == ["Démarche publique"]
    assert body["concertations"][0]["fits"] is True
    assert body["concertations"][0]["reasons_for"]
    assert [m["name"] for m in body["actions"]] == ["Action de Démarche publique"]
    assert body["actions"][0]["plan"]["id"]
    assert client.get("/api/v1/programmes/999999").status_code == 404


def test_queries_do_not_grow(client: Client):
    programme = a_programme()
    a_demarche("D0")

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            client.get(f"/api/v1/programmes/{programme.pk}")
            client.get("/api/v1/programmes")
        return len(captured)

    small = count()
    for n in range(1, 4):
        a_demarche(f"D{n}")
        a_programme(name=f"P{n}")
    assert count() == small
