"""A person with something in every kind of record Arrimage keeps about people, for the privacy tests."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from arrimage.actors.models import ConsentScope, ConsentSource, Person
from arrimage.actors.services import PersonData, consent_give, consent_withdraw, person_create, person_update
from arrimage.actors.services import position_start as start_position
from arrimage.concertation.models import Concertation, Membership, Seat
from arrimage.concertation.services import membership_start
from arrimage.core.dates import PartialDate
from arrimage.interchange.models import ImportChange, ImportRun
from arrimage.plans.models import Accompaniment
from arrimage.plans.services import accompaniment_start
from tests.factories import ConcertationFactory, OrganizationFactory, PlanFactory, SeatFactory, UserFactory

GIVEN = "Maëlle"
FAMILY = "Trudelle-Quintal"
EMAIL = "maelle.trudelle@example.org"
PHONE = "418 555-0199"
NOTES = "Préfère les rencontres du matin."
SEAT_NOTE = "Porte-parole des familles de Giffard."


@dataclass
class RichPerson:
    person: Person
    account: Any
    concertation: Concertation
    seats: list[Seat]
    memberships: list[Membership]
    accompaniment: Accompaniment
    import_change: ImportChange

    @property
    def secrets(self) -> list[str]:
        """Every piece of identity or contact that must vanish on erasure."""
        return [GIVEN, FAMILY, EMAIL, PHONE, NOTES, SEAT_NOTE]


def rich_person() -> RichPerson:
    editor = UserFactory.create(is_superuser=True, is_staff=True)
    account = UserFactory.create(email="compte.maelle@example.org")
    person = person_create(
        data=PersonData(GIVEN, "Trudel", email=EMAIL, phone=PHONE, is_citizen=True, public_consent=True),
        acting_user=editor,
    )
    person = person_update(
        person=person,
        data=PersonData(GIVEN, FAMILY, email=EMAIL, phone=PHONE, notes=NOTES, is_citizen=True, public_consent=True),
        acting_user=editor,
    )
    Person.objects.filter(pk=person.pk).update(user=account)
    consent_give(
        person=person,
        scope=ConsentScope.PARTNER_CONTACT,
        given_on=dt.date(2024, 2, 1),
        source=ConsentSource.WRITING,
        note="Formulaire signé, classeur 3",
        acting_user=editor,
    )
    consent_withdraw(
        person=person, scope=ConsentScope.PARTNER_CONTACT, withdrawn_on=dt.date(2025, 2, 1), acting_user=editor
    )
    organization = OrganizationFactory.create(name="Maison de la famille de Beauport")
    start_position(
        person=person,
        organization=organization,
        profession="coordinator",
        job_title="Coordonnatrice des projets",
        start=PartialDate(2019, 9),
        end=PartialDate(2023, 6, 30),
        acting_user=editor,
    )
    concertation = ConcertationFactory.create(name="Table de quartier de Giffard", is_public=True)
    seats = [
        SeatFactory.create(concertation=concertation, label="Siège citoyen"),
        SeatFactory.create(concertation=concertation, label="Siège famille"),
    ]
    memberships = [
        membership_start(
            seat=seats[0],
            person=person,
            start=PartialDate(2020, 1, 1),
            end=PartialDate(2022, 12, 31),
            end_reason="mandate_over",
            notes=SEAT_NOTE,
            acting_user=editor,
        ),
        membership_start(seat=seats[0], organization=organization, start=PartialDate(2023, 1, 1), acting_user=editor),
        membership_start(
            seat=seats[1], person=person, organization=organization, start=PartialDate(2023, 2, 1), acting_user=editor
        ),
    ]
    plan = PlanFactory.create(name="Politique familiale de Giffard", owner_concertation=concertation)
    accompaniment = accompaniment_start(
        plan=plan, organization=organization, person=person, start=dt.date(2024, 3, 1), acting_user=editor
    )
    run = ImportRun.objects.create(user=editor, kind="people", filename="personnes.csv", digest="0" * 64)
    import_change = ImportChange.objects.create(
        run=run,
        model="actors.person",
        object_id=person.pk,
        action="updated",
        before={"family_name": "Trudel", "phone": PHONE},
    )
    person.refresh_from_db()
    return RichPerson(person, account, concertation, seats, memberships, accompaniment, import_change)
