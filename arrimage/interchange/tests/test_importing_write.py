"""What the commit of a large import writes without building a record per row: every record created has
its one historical row holding its values, every record created and every known record it points to in
the log that undoing reads; and the cycle collector, paused while an import works, comes back."""

import gc
from typing import Any

import pytest

from arrimage.actors.models import Consent, Organization, Person
from arrimage.concertation.models import Membership, Seat
from arrimage.core.memory import collection_paused
from arrimage.interchange.models import ImportChange
from arrimage.interchange.services import import_commit, import_preview
from tests.factories import ConcertationFactory, OrganizationFactory, UserFactory

MODELS: dict[str, Any] = {
    "actors.organization": Organization,
    "actors.person": Person,
    "actors.consent": Consent,
    "concertation.seat": Seat,
    "concertation.membership": Membership,
}


def _member_list() -> bytes:
    lines = [
        f"Regroupement citoyen no {n};Personne Numéro{n};membre{n}@exemple.org;Membre;{2010 + n};{consent}\n"
        for n, consent in zip(range(12), ["non", "oui"] * 6, strict=True)
    ]
    lines.append("Carrefour jeunesse-emploi de Beauport;Luc Côté;luc@exemple.org;Trésorier;2019-03;oui\n")
    return ("Organisme;Représentant·e;Courriel;Rôle;Depuis;Consentement\n" + "".join(lines)).encode()


@pytest.mark.django_db
def test_each_record_created_has_one_historical_row_with_its_values_and_its_line_in_the_log():
    user = UserFactory.create()
    concertation = ConcertationFactory.create()
    OrganizationFactory.create(name="Carrefour jeunesse-emploi de Beauport")
    data = _member_list()
    result = import_preview(data=data, filename="membres.csv", kind="members", user=user, concertation=concertation)
    assert result.can_commit, result.errors

    run = import_commit(run=result.run, data=data, acting_user=user)

    changes = list(ImportChange.objects.filter(run=run).order_by("order"))
    assert [change.order for change in changes] == list(range(1, len(changes) + 1))
    created: dict[str, list[int]] = {}
    for change in changes:
        assert change.action == "created" and change.before == {}
        created.setdefault(change.model, []).append(change.object_id)
    assert {label: len(ids) for label, ids in created.items()} == {
        "actors.organization": 12,
        "actors.person": 13,
        "actors.consent": 7,
        "concertation.seat": 13,
        "concertation.membership": 13,
    }
    for label, ids in created.items():
        model = MODELS[label]
        history = model.history.model
        tracked = [field.attname for field in history.tracked_fields]
        records = {row["id"]: row for row in model.objects.filter(pk__in=ids).values(*tracked)}
        assert sorted(records) == sorted(ids), label
        historical = list(history.objects.filter(id__in=ids).values(*tracked, "history_type", "history_user_id"))
        assert len(historical) == len(ids), label
        for row in historical:
            assert row.pop("history_type") == "+" and row.pop("history_user_id") == user.pk
            assert row == records[row["id"]], label


def test_the_collector_comes_back_after_a_pause_even_on_an_error():
    assert gc.isenabled()
    with pytest.raises(RuntimeError), collection_paused():
        assert not gc.isenabled()
        with collection_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # an inner pause leaves the outer one paused
        raise RuntimeError
    assert gc.isenabled()
