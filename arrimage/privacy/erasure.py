"""Erasure of a person at their request (Law 25), keeping the aggregate history true.

What goes: names (replaced by « Personne effacée », shown as « Erased person » in English), email,
telephone, notes, the search key, the link to a sign-in account, every consent, the private notes of their
seats, and the same values in the earlier versions of these records and in the import records that could
undo a change. What stays: the person as an anonymous holder of their seats, jobs and accompaniments
(whether they sat as a citizen included), so that seats still show as held and the turnover and load
figures of every concertation stay the same.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from arrimage.actors.models import ERASED_STORED_NAME, Consent, Person
from arrimage.concertation.models import Membership
from arrimage.core.audit import audited_save
from arrimage.core.services import locked_for_update
from arrimage.interchange.models import ImportChange

# The values an erased person's record holds, in the record and in each of its earlier versions.
ERASED_VALUES: dict[str, Any] = {
    "given_name": "",
    "family_name": ERASED_STORED_NAME,
    "email": "",
    "phone": "",
    "notes": "",
    "public_consent": False,
    "public_consent_on": None,
}
PERSON_LABEL = "actors.person"


def person_erase(*, person: Person, acting_user: Any, reason: str) -> Person:
    """Erase `person`'s identity and contact details everywhere Arrimage keeps them. The audit entry
    records who erased, when and why (`reason`, which must not name the person), never the identity."""
    reason = " ".join(reason.split())
    if not reason:
        raise ValidationError({"reason": _("Say why the person is erased (for example: « request of 2026-03-01 »).")})
    with transaction.atomic():
        fresh = locked_for_update(person, expected_version=None)
        if fresh.erased_on is not None:
            raise ValidationError(_("This person was already erased."))
        for name, value in ERASED_VALUES.items():
            setattr(fresh, name, value)
        fresh.search_key = ""
        fresh.search_stems = ""
        fresh.user = None
        fresh.erased_on = timezone.localdate()
        # Consents go with their history (deleting them writes a last historical row: removed after).
        Consent.objects.filter(person=fresh).delete()
        Consent.history.filter(person_id=fresh.pk).delete()
        # Earlier versions of the record: the identity goes from each of them too.
        Person.history.filter(id=fresh.pk).update(**ERASED_VALUES, user_id=None)
        Membership.objects.filter(person=fresh).exclude(notes="").update(notes="")
        Membership.history.filter(person_id=fresh.pk).exclude(notes="").update(notes="")
        _erase_import_records(fresh.pk)
        audited_save(fresh, acting_user=acting_user, reason=f"erasure: {reason}")
    return fresh


def _erase_import_records(person_id: int) -> None:
    """The values an import changed are kept to undo it: those of the person are replaced by erased ones."""
    changes = ImportChange.objects.filter(model=PERSON_LABEL, object_id=person_id).exclude(before={})
    for change in changes:
        change.before = {name: ERASED_VALUES.get(name, value) for name, value in change.before.items()}
        change.save(update_fields=["before"])
