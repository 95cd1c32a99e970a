"""Writes to funding programmes and their deadlines. Every write of the app goes through this module.

The rules are checked here in French (through the catalogue) with the field they concern, so that a form,
the API and the demonstration data are refused the same way: amounts in order and not negative, a valid
web address, known sectors and legal forms, and deadlines with a date and a label.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils.translation import gettext as _

from arrimage.actors.models import LegalForm, Organization, Sector
from arrimage.concertation.models import Theme
from arrimage.core.audit import audited_delete, audited_save
from arrimage.core.search import search_stems
from arrimage.core.services import apply, locked_for_update
from arrimage.core.text import search_key
from arrimage.territories.models import Territory

from .models import Programme, ProgrammeDeadline, ProgrammeStatus


@dataclass
class ProgrammeData:
    """What a form, the API or the demonstration data give to create or change a programme."""

    name: str
    acronym: str = ""
    funder: Organization | None = None
    funder_name: str = ""
    description: str = ""
    url: str = ""
    status: str = ProgrammeStatus.OPEN
    themes: list[Theme] = field(default_factory=list)
    territories: list[Territory] = field(default_factory=list)
    eligible_sectors: list[str] = field(default_factory=list)
    eligible_legal_forms: list[str] = field(default_factory=list)
    requires_concertation: bool = False
    requires_partnership: bool = False
    requires_plan: bool = False
    amount_min: Decimal | None = None
    amount_max: Decimal | None = None
    envelope: Decimal | None = None


def programme_data(programme: Programme) -> ProgrammeData:
    """What a programme holds now, as the data its update service takes."""
    return ProgrammeData(
        name=programme.name,
        acronym=programme.acronym,
        funder=programme.funder,
        funder_name=programme.funder_name,
        description=programme.description,
        url=programme.url,
        status=programme.status,
        themes=list(programme.themes.all()),
        territories=list(programme.territories.all()),
        eligible_sectors=list(programme.eligible_sectors or []),
        eligible_legal_forms=list(programme.eligible_legal_forms or []),
        requires_concertation=programme.requires_concertation,
        requires_partnership=programme.requires_partnership,
        requires_plan=programme.requires_plan,
        amount_min=programme.amount_min,
        amount_max=programme.amount_max,
        envelope=programme.envelope,
    )


def _check(data: ProgrammeData) -> None:
    errors: dict[str, list[str]] = {}
    if not data.name.strip():
        errors["name"] = [_("Give the programme a name.")]
    for name in ("amount_min", "amount_max", "envelope"):
        value = getattr(data, name)
        if value is not None and value < 0:
            errors[name] = [_("An amount cannot be negative.")]
    if data.amount_min is not None and data.amount_max is not None and data.amount_min > data.amount_max:
        errors.setdefault("amount_max", []).append(_("The largest amount is smaller than the smallest amount."))
    if data.url.strip():
        try:
            URLValidator(schemes=["http", "https"])(data.url.strip())
        except ValidationError:
            errors["url"] = [_("Write a full web address, starting with https://.")]
    unknown_sectors = set(data.eligible_sectors) - set(Sector.values)
    if unknown_sectors:
        errors["eligible_sectors"] = [_("Unknown sector: %(value)s.") % {"value": ", ".join(sorted(unknown_sectors))}]
    unknown_forms = set(data.eligible_legal_forms) - set(LegalForm.values)
    if unknown_forms:
        errors["eligible_legal_forms"] = [
            _("Unknown legal form: %(value)s.") % {"value": ", ".join(sorted(unknown_forms))}
        ]
    if data.status not in ProgrammeStatus.values:
        errors["status"] = [_("Choose the programme's status.")]
    if errors:
        raise ValidationError(errors)


def _values(data: ProgrammeData) -> dict[str, Any]:
    name, acronym = " ".join(data.name.split()), data.acronym.strip()
    funder_name = " ".join(data.funder_name.split())
    searched = " ".join([name, acronym, funder_name, data.funder.name if data.funder else ""])
    return {
        "name": name,
        "acronym": acronym,
        "funder": data.funder,
        "funder_name": funder_name,
        "description": data.description.strip(),
        "url": data.url.strip(),
        "status": data.status,
        # In the order of the choices, once each: the page and the API list them that way.
        "eligible_sectors": [value for value in Sector.values if value in set(data.eligible_sectors)],
        "eligible_legal_forms": [value for value in LegalForm.values if value in set(data.eligible_legal_forms)],
        "requires_concertation": data.requires_concertation,
        "requires_partnership": data.requires_partnership,
        "requires_plan": data.requires_plan,
        "amount_min": data.amount_min,
        "amount_max": data.amount_max,
        "envelope": data.envelope,
        "search_key": search_key(searched),
        "search_stems": search_stems(searched),
    }


def programme_create(*, data: ProgrammeData, acting_user: Any, is_demo: bool = False) -> Programme:
    """Create a programme with its themes and territories."""
    _check(data)
    programme = Programme(is_demo=is_demo)
    apply(programme, _values(data))
    with transaction.atomic():
        audited_save(programme, acting_user=acting_user, reason="create")
        programme.themes.set(data.themes)
        programme.territories.set(data.territories)
    return programme


def programme_update(
    *, programme: Programme, data: ProgrammeData, acting_user: Any, expected_version: int | None = None
) -> Programme:
    """Change a programme. Refused when `expected_version` is not the stored one (someone saved first)."""
    _check(data)
    with transaction.atomic():
        fresh = locked_for_update(programme, expected_version=expected_version)
        apply(fresh, _values(data))
        audited_save(fresh, acting_user=acting_user, reason="update")
        fresh.themes.set(data.themes)
        fresh.territories.set(data.territories)
    return fresh


def programme_delete(*, programme: Programme, acting_user: Any) -> None:
    """Delete a programme and its deadlines (their history is kept)."""
    with transaction.atomic():
        for deadline in programme.deadlines.all():
            audited_delete(deadline, acting_user=acting_user, reason="programme deleted")
        audited_delete(programme, acting_user=acting_user, reason="delete")


def deadline_add(
    *,
    programme: Programme,
    date: dt.date | None,
    label: str,
    acting_user: Any,
    time: dt.time | None = None,
    note: str = "",
) -> ProgrammeDeadline:
    """Add a dated deadline to a programme."""
    errors: dict[str, list[str]] = {}
    if date is None:
        errors["date"] = [_("Give the date of the deadline.")]
    if not label.strip():
        errors["label"] = [_("Say what is due on this date.")]
    if errors:
        raise ValidationError(errors)
    assert date is not None
    deadline = ProgrammeDeadline(
        programme=programme, date=date, time=time, label=" ".join(label.split()), note=note.strip()
    )
    with transaction.atomic():
        audited_save(deadline, acting_user=acting_user, reason="add")
    return deadline


def deadline_remove(*, deadline: ProgrammeDeadline, acting_user: Any) -> None:
    """Remove a deadline from its programme."""
    with transaction.atomic():
        audited_delete(deadline, acting_user=acting_user, reason="remove")
