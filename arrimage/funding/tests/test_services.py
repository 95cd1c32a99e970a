"""Writes to programmes and deadlines: what they record, and what they refuse in French on the field."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from arrimage.core.versions import registry_version
from arrimage.funding import services
from arrimage.funding.models import Programme, ProgrammeDeadline
from arrimage.funding.services import ProgrammeData
from arrimage.territories.models import Territory
from tests.factories import UserFactory, theme

pytestmark = pytest.mark.django_db


def refused(**changes: object) -> dict[str, list[str]]:
    data = ProgrammeData(name="Fonds de soutien", **changes)  # type: ignore[arg-type]
    with translation.override("en"), pytest.raises(ValidationError) as error:
        services.programme_create(data=data, acting_user=UserFactory.create())
    assert not Programme.objects.exists()
    return error.value.message_dict


def test_create_records_everything_and_its_author():
    user = UserFactory.create()
    mrc = Territory.objects.get(kind="mrc", code="31")
    version = registry_version()
    programme = services.programme_create(
        data=ProgrammeData(
            name="  Fonds   régions et ruralité ",
            acronym="FRR",
            funder_name="Ministère des Affaires municipales",
            url="https://www.quebec.ca/frr",
            themes=[theme("vitalite-rurale")],
            territories=[mrc],
            eligible_sectors=["municipal", "community"],
            eligible_legal_forms=["nonprofit"],
            requires_plan=True,
            amount_min=Decimal(5000),
            amount_max=Decimal(50000),
        ),
        acting_user=user,
    )
    programme.refresh_from_db()
    assert programme.name == "Fonds régions et ruralité"
    assert programme.eligible_sectors == ["community", "municipal"]  # in the order of the choices
    assert list(programme.territories.all()) == [mrc]
    assert programme.history.latest().history_user == user
    assert Programme.objects.matching("ruralite").get() == programme
    assert Programme.objects.matching("affaires municipales").get() == programme
    assert registry_version() > version


def test_amounts_must_be_in_order_and_not_negative():
    assert "amount_max" in refused(amount_min=Decimal(10), amount_max=Decimal(5))
    assert refused(amount_min=Decimal(-1))["amount_min"] == ["An amount cannot be negative."]


def test_the_web_address_must_be_valid():
    assert refused(url="quebec.ca pas une adresse")["url"] == ["Write a full web address, starting with https://."]


def test_unknown_sectors_and_legal_forms_are_refused():
    errors = refused(eligible_sectors=["nope"], eligible_legal_forms=["neither"])
    assert set(errors) == {"eligible_sectors", "eligible_legal_forms"}


def test_the_messages_are_in_french_when_the_language_is():
    data = ProgrammeData(name="", amount_min=Decimal(10), amount_max=Decimal(5))
    with translation.override("fr"), pytest.raises(ValidationError) as error:
        services.programme_create(data=data, acting_user=UserFactory.create())
    assert set(error.value.message_dict) == {"name", "amount_max"}


def test_update_refuses_a_stale_version_and_keeps_history():
    user = UserFactory.create()
    programme = services.programme_create(data=ProgrammeData(name="QADA"), acting_user=user)
    updated = services.programme_update(
        programme=programme, data=ProgrammeData(name="Québec ami des aînés"), acting_user=user, expected_version=1
    )
    assert updated.version == 2
    with pytest.raises(ValidationError):
        services.programme_update(
            programme=programme, data=ProgrammeData(name="X"), acting_user=user, expected_version=1
        )
    assert Programme.objects.get().name == "Québec ami des aînés"


def test_deadlines_need_a_date_and_a_label():
    user = UserFactory.create()
    programme = services.programme_create(data=ProgrammeData(name="PSOC"), acting_user=user)
    with pytest.raises(ValidationError) as error:
        services.deadline_add(programme=programme, date=None, label=" ", acting_user=user)
    assert set(error.value.message_dict) == {"date", "label"}
    deadline = services.deadline_add(
        programme=programme, date=dt.date(2026, 3, 1), label=" Dépôt  des demandes ", acting_user=user
    )
    assert deadline.label == "Dépôt des demandes"
    services.deadline_remove(deadline=deadline, acting_user=user)
    assert not ProgrammeDeadline.objects.exists()


def test_delete_removes_the_deadlines_too():
    user = UserFactory.create()
    programme = services.programme_create(data=ProgrammeData(name="PSOC"), acting_user=user)
    services.deadline_add(programme=programme, date=dt.date(2026, 3, 1), label="Dépôt", acting_user=user)
    services.programme_delete(programme=programme, acting_user=user)
    assert not Programme.objects.exists() and not ProgrammeDeadline.objects.exists()
