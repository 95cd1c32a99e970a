"""Positions through the API: recorded and ended by those who may edit the person, refused to others."""

from arrimage.actors.models import Position
from tests.factories import OrganizationFactory, PersonFactory, PositionFactory


def test_an_administrator_records_and_ends_a_position(admin_api):
    person = PersonFactory.create()
    organization = OrganizationFactory.create()
    response = admin_api.post(
        f"/api/v1/people/{person.pk}/positions",
        {
            "organization": organization.pk,
            "job_title": "Agente de développement",
            "profession": "development_agent",
            "start": "2021-03",
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["start"] == "2021-03" and body["end"] is None
    position = Position.objects.get(pk=body["id"])
    assert position.history.first().history_user == admin_api.user

    ended = admin_api.post(f"/api/v1/positions/{position.pk}/end", {"end": "2024"})
    assert ended.status_code == 200, ended.content
    assert ended.json()["end"] == "2024"


def test_an_end_before_the_start_is_refused_on_its_field(admin_api):
    position = PositionFactory.create()
    response = admin_api.post(f"/api/v1/positions/{position.pk}/end", {"end": "2001"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "end"
    assert response.json()["errors"][0]["message"] == "La date de fin est avant la date de début."
    position.refresh_from_db()
    assert position.end_date is None


def test_a_user_without_a_role_cannot_record_a_position(nobody_api):
    person = PersonFactory.create(public_consent=True)
    organization = OrganizationFactory.create()
    response = nobody_api.post(f"/api/v1/people/{person.pk}/positions", {"organization": organization.pk})
    assert response.status_code == 403
    assert not Position.objects.filter(person=person).exists()


def test_a_private_person_is_not_revealed(nobody_api):
    person = PersonFactory.create(public_consent=False)
    organization = OrganizationFactory.create()
    response = nobody_api.post(f"/api/v1/people/{person.pk}/positions", {"organization": organization.pk})
    assert response.status_code == 404
    assert person.family_name not in response.content.decode()


def test_writing_needs_a_key(client, db):
    person = PersonFactory.create(public_consent=True)
    response = client.post(
        f"/api/v1/people/{person.pk}/positions", {"organization": 1}, content_type="application/json"
    )
    assert response.status_code == 401
