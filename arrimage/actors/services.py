"""Writes to organisations, people and positions. Every write of the app goes through this module."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from arrimage.core.audit import audited_save
from arrimage.core.dates import PartialDate, stored_end, stored_start
from arrimage.core.search import search_stems
from arrimage.core.services import apply, locked_for_update
from arrimage.core.text import search_key
from arrimage.territories.models import Territory

from .models import Consent, ConsentScope, ConsentSource, Organization, Person, Position


@dataclass
class OrganizationData:
    """What a form, the API or an import gives to create or change an organisation."""

    name: str
    sector: str
    acronym: str = ""
    other_names: list[str] = field(default_factory=list)
    legal_form: str = ""
    neq: str = ""
    website: str = ""
    mission: str = ""
    parent: Organization | None = None
    start: PartialDate | None = None
    end: PartialDate | None = None
    territories_served: list[Territory] = field(default_factory=list)


def organization_data(organization: Organization) -> OrganizationData:
    """What an organisation holds now, as the data its update service takes (to change a few fields of it)."""
    return OrganizationData(
        name=organization.name,
        sector=organization.sector,
        acronym=organization.acronym,
        other_names=list(organization.other_names or []),
        legal_form=organization.legal_form,
        neq=organization.neq,
        website=organization.website,
        mission=organization.mission,
        parent=organization.parent,
        start=organization.start,
        end=organization.end,
        territories_served=list(organization.territories_served.all()),
    )


def organization_values(data: OrganizationData) -> dict[str, Any]:
    other_names = [" ".join(name.split()) for name in data.other_names if name.strip()]
    values: dict[str, Any] = {
        "name": " ".join(data.name.split()),
        "sector": data.sector,
        "acronym": data.acronym.strip(),
        "other_names": other_names,
        "legal_form": data.legal_form,
        "neq": data.neq.replace(" ", ""),
        "website": data.website.strip(),
        "mission": data.mission.strip(),
        "parent": data.parent,
        "search_key": search_key(" ".join([data.name, data.acronym, *other_names])),
        "search_stems": search_stems(" ".join([data.name, data.acronym, *other_names])),
    }
    values["start_date"], values["start_precision"] = stored_start(data.start)
    values["end_date"], values["end_precision"] = stored_end(data.end)
    return values


def _check_organization(organization: Organization) -> None:
    """Refuse what the model's rules would only report for the whole form: a NEQ already taken, and a
    parent that is the organisation itself or one of its descendants."""
    errors: dict[str, list[str]] = {}
    if organization.neq and Organization.objects.filter(neq=organization.neq).exclude(pk=organization.pk).exists():
        errors["neq"] = [_("Another organisation already has this NEQ.")]
    if organization.pk is not None and organization.parent_id is not None:
        if organization.parent_id == organization.pk:
            errors["parent"] = [_("An organisation cannot be its own parent.")]
        else:
            seen = {organization.pk}
            parent_id: int | None = organization.parent_id
            while parent_id is not None and parent_id not in seen:
                seen.add(parent_id)
                parent_id = Organization.objects.filter(pk=parent_id).values_list("parent_id", flat=True).first()
            if parent_id is not None:
                errors["parent"] = [_("An organisation cannot belong to itself, directly or through another.")]
    if errors:
        raise ValidationError(errors)


def organization_create(*, data: OrganizationData, acting_user: Any, is_demo: bool = False) -> Organization:
    """Create an organisation with the territories it serves."""
    organization = Organization(is_demo=is_demo)
    apply(organization, organization_values(data))
    with transaction.atomic():
        _check_organization(organization)
        audited_save(organization, acting_user=acting_user, reason="create")
        organization.territories_served.set(data.territories_served)
    return organization


def organization_update(
    *, organization: Organization, data: OrganizationData, acting_user: Any, expected_version: int | None = None
) -> Organization:
    """Change an organisation. Refused when `expected_version` is not the stored one (someone saved first)."""
    with transaction.atomic():
        fresh = locked_for_update(organization, expected_version=expected_version)
        apply(fresh, organization_values(data))
        _check_organization(fresh)
        audited_save(fresh, acting_user=acting_user, reason="update")
        fresh.territories_served.set(data.territories_served)
    return fresh


@dataclass
class PersonData:
    given_name: str
    family_name: str
    email: str = ""
    phone: str = ""
    notes: str = ""
    is_citizen: bool = False
    public_consent: bool = False


def person_data(person: Person) -> PersonData:
    """What a person's record holds now, as the data their update service takes."""
    return PersonData(
        given_name=person.given_name,
        family_name=person.family_name,
        email=person.email,
        phone=person.phone,
        notes=person.notes,
        is_citizen=person.is_citizen,
        public_consent=person.public_consent,
    )


def person_values(data: PersonData) -> dict[str, Any]:
    values: dict[str, Any] = {
        "phone": data.phone.strip(),
        "notes": data.notes.strip(),
        "is_citizen": data.is_citizen,
        "public_consent": data.public_consent,
    }
    values["given_name"] = " ".join(data.given_name.split())
    values["family_name"] = " ".join(data.family_name.split())
    values["email"] = data.email.strip().lower()
    values["search_key"] = search_key(f"{data.given_name} {data.family_name}")
    values["search_stems"] = search_stems(f"{data.given_name} {data.family_name}")
    return values


def person_create(*, data: PersonData, acting_user: Any, is_demo: bool = False) -> Person:
    """Add a person. Ticking their public consent records a `public_listing` consent given today."""
    person = Person(is_demo=is_demo)
    apply(person, person_values(data))
    if person.public_consent:
        person.public_consent_on = timezone.localdate()
    with transaction.atomic():
        audited_save(person, acting_user=acting_user, reason="create")
        if person.public_consent:
            _consent_record(person, ConsentScope.PUBLIC_LISTING, person.public_consent_on, acting_user=acting_user)
    return person


def person_update(*, person: Person, data: PersonData, acting_user: Any, expected_version: int | None = None) -> Person:
    """Change a person's record. Ticking or unticking their public consent gives or withdraws their
    `public_listing` consent today, so that the consents keep the full story."""
    with transaction.atomic():
        fresh = locked_for_update(person, expected_version=expected_version)
        had_consent = fresh.public_consent
        apply(fresh, person_values(data))
        today = timezone.localdate()
        if fresh.public_consent and not had_consent:
            fresh.public_consent_on = today
        if not fresh.public_consent:
            fresh.public_consent_on = None
        audited_save(fresh, acting_user=acting_user, reason="update")
        if fresh.public_consent and not had_consent:
            _consent_record(fresh, ConsentScope.PUBLIC_LISTING, today, acting_user=acting_user)
        if had_consent and not fresh.public_consent:
            for consent in fresh.consents.current().filter(scope=ConsentScope.PUBLIC_LISTING):
                consent.withdrawn_on = max(today, consent.given_on)
                audited_save(consent, acting_user=acting_user, reason="withdraw")
    return fresh


# Consents -----------------------------------------------------------------------------------------


def _consent_record(
    person: Person,
    scope: str,
    given_on: dt.date | None,
    *,
    acting_user: Any,
    source: str = ConsentSource.RECORD,
    note: str = "",
) -> Consent:
    consent = Consent(
        person=person,
        scope=scope,
        given_on=given_on or timezone.localdate(),
        source=source,
        note=note.strip(),
        recorded_by=acting_user if getattr(acting_user, "is_authenticated", False) else None,
    )
    audited_save(consent, acting_user=acting_user, reason="give")
    return consent


def _check_day(day: dt.date, field_name: str) -> None:
    if day > timezone.localdate():
        raise ValidationError({field_name: _("This date is in the future: record a consent once it is given.")})


def _sync_public_consent(person: Person, *, acting_user: Any, reason: str) -> Person:
    """Bring `Person.public_consent` (what every page and the API read) in step with the person's current
    `public_listing` consent."""
    fresh = locked_for_update(person, expected_version=None)
    current = fresh.consents.current().filter(scope=ConsentScope.PUBLIC_LISTING).first()
    fresh.public_consent = current is not None
    fresh.public_consent_on = current.given_on if current is not None else None
    audited_save(fresh, acting_user=acting_user, reason=reason)
    return fresh


def consent_give(
    *,
    person: Person,
    scope: str,
    given_on: dt.date | None = None,
    source: str = ConsentSource.OTHER,
    note: str = "",
    acting_user: Any,
) -> Consent:
    """Record that a person gives a consent (`ConsentScope`) on `given_on` (today by default)."""
    day = given_on or timezone.localdate()
    if scope not in ConsentScope.values:
        raise ValidationError({"scope": _("Choose what the person consents to.")})
    _check_day(day, "given_on")
    with transaction.atomic():
        current = person.consents.current().filter(scope=scope).first()
        if current is not None:
            raise ValidationError(
                {
                    "scope": _("This person already gives this consent, since %(day)s.")
                    % {"day": current.given_on.isoformat()}
                }
            )
        consent = _consent_record(person, scope, day, acting_user=acting_user, source=source, note=note)
        if scope == ConsentScope.PUBLIC_LISTING:
            _sync_public_consent(person, acting_user=acting_user, reason="consent given")
    return consent


def consent_withdraw(
    *, person: Person, scope: str, withdrawn_on: dt.date | None = None, note: str = "", acting_user: Any
) -> Consent:
    """Record that a person withdraws a consent on `withdrawn_on` (today by default). From then on their
    name is no longer shown beyond their concertations (for `public_listing`)."""
    day = withdrawn_on or timezone.localdate()
    _check_day(day, "withdrawn_on")
    with transaction.atomic():
        consent = person.consents.current().filter(scope=scope).select_for_update().first()
        if consent is None:
            raise ValidationError(
                {"scope": _("This person does not give this consent now: there is nothing to withdraw.")}
            )
        if day < consent.given_on:
            raise ValidationError({"withdrawn_on": _("A consent cannot be withdrawn before it was given.")})
        consent.withdrawn_on = day
        if note.strip():
            consent.note = f"{consent.note}\n{note.strip()}".strip()
        audited_save(consent, acting_user=acting_user, reason="withdraw")
        if scope == ConsentScope.PUBLIC_LISTING:
            _sync_public_consent(person, acting_user=acting_user, reason="consent withdrawn")
    return consent


def position_start(
    *,
    person: Person,
    organization: Organization,
    profession: str,
    job_title: str = "",
    start: PartialDate | None = None,
    end: PartialDate | None = None,
    acting_user: Any,
) -> Position:
    """Record that a person works (or worked) for an organisation."""
    position = position_built(
        person=person, organization=organization, profession=profession, job_title=job_title, start=start, end=end
    )
    with transaction.atomic():
        audited_save(position, acting_user=acting_user, reason="start")
    return position


def position_built(
    *,
    person: Person,
    organization: Organization,
    profession: str,
    job_title: str = "",
    start: PartialDate | None = None,
    end: PartialDate | None = None,
) -> Position:
    """The position `position_start` records, not yet saved, its dates checked (an import writes many at
    once). Raises ValidationError."""
    position = Position(person=person, organization=organization, profession=profession, job_title=job_title.strip())
    position.start_date, position.start_precision = stored_start(start)
    position.end_date, position.end_precision = stored_end(end)
    _check_order(position.start_date, position.end_date)
    return position


def position_end(*, position: Position, end: PartialDate, acting_user: Any) -> Position:
    """Record that a person left a job."""
    with transaction.atomic():
        position = Position.objects.select_for_update().get(pk=position.pk)
        position.end_date, position.end_precision = stored_end(end)
        _check_order(position.start_date, position.end_date)
        audited_save(position, acting_user=acting_user, reason="end")
    return position


def _check_order(start: Any, end: Any) -> None:
    if start is not None and end is not None and end < start:
        raise ValidationError({"end_date": _("The end date comes before the start date.")})


def person_link_account(*, person: Person, user: Any, acting_user: Any) -> Person:
    """Tie a person of the registry to the account they sign in with (None to untie), so that they see
    the private information of the concertations they sit on."""
    with transaction.atomic():
        fresh = locked_for_update(person, expected_version=None)
        if user is not None and Person.objects.filter(user=user).exclude(pk=fresh.pk).exists():
            raise ValidationError({"user": _("This account is already tied to another person.")})
        fresh.user = user
        audited_save(fresh, acting_user=acting_user, reason="link account")
    return fresh
