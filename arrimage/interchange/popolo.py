"""The registry in the Popolo standard (https://www.popoloproject.com): export and import of a JSON bundle.

How the registry maps onto Popolo:
- each organisation is an `organization` whose `classification` is its sector;
- each concertation is an `organization` too, of `classification` « concertation »;
- each seat is a `post` of its concertation (a place that exists whoever holds it);
- each holding of a seat is a `membership`: `person_id` (the holder), `organization_id` (the
  concertation), `post_id` (the seat), `on_behalf_of_id` (the organisation), `role`, and partial
  `start_date` / `end_date` (`2021`, `2021-03`, `2021-03-15`);
- each territory used is an `area`, identified as Open Civic Data does where it can
  (`ocd-division/country:ca/province:qc`, `ocd-division/country:ca/csd:2431084` for a municipality),
  else as `arrimage:<kind>:<code>`; `identifier` always holds the territory's public id (`mrc:31`).
What Popolo has no field for is kept under the key `arrimage` of each object (the schemas allow it).

Personal information: a bundle never holds contact details nor notes. A holder whom the reader may not
see named (`policy.shows_identity`) is a protected person: a pseudonym, the same for the same person
within one concertation and different from one concertation to another, so that a bundle cannot be used
to follow someone from table to table.

Importing a bundle writes through the domain services, in one transaction. The bundle's identifiers are
kept in the import's log (`ImportRun.options["external_ids"]`), so that importing the same bundle again
creates nothing new.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _
from jsonschema import Draft3Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT3

from arrimage.access import policy
from arrimage.actors.models import LegalForm, Organization, Person, Sector
from arrimage.actors.services import (
    OrganizationData,
    PersonData,
    organization_create,
    person_create,
)
from arrimage.concertation.models import (
    Concertation,
    ConcertationKind,
    EndReason,
    Level,
    MeetingFrequency,
    Membership,
    Role,
    Seat,
    SeatType,
    Theme,
)
from arrimage.concertation.services import (
    ConcertationData,
    SeatData,
    concertation_create,
    membership_start,
    seat_abolish,
    seat_create,
)
from arrimage.core.dates import PartialDate
from arrimage.core.text import nul_path
from arrimage.territories.models import Territory, TerritoryKind

from .known import organization_index
from .matching import normalize
from .models import ImportChange, ImportKind, ImportRun, ImportStatus
from .normalize import nul_message

SCHEMAS = Path(settings.BASE_DIR) / "standards" / "popolo"
SCHEMA_BASE = "http://www.popoloproject.com/schemas/"

#: The lists of a bundle and the Popolo schema each object of the list follows.
COLLECTIONS = {
    "persons": "person",
    "organizations": "organization",
    "posts": "post",
    "memberships": "membership",
    "areas": "area",
}

CONCERTATION = "concertation"
PROTECTED_PERSON = "arrimage:protected-person:"
QUEBEC_OCD = "ocd-division/country:ca/province:qc"
MUNICIPALITY_OCD = "ocd-division/country:ca/csd:24"  # + the MAMH geographic code (Statistics Canada CSD)
PROVINCE_CODE = "24"


# Validation ---------------------------------------------------------------------------------------


@cache
def _registry() -> Registry:
    """Every Popolo schema under its own URI: they `$ref` one another by it, and nothing is fetched."""
    resources = []
    for path in sorted(SCHEMAS.glob("*.json")):
        schema = json.loads(path.read_text(encoding="utf-8"))
        resources.append((schema["id"].rstrip("#"), Resource.from_contents(schema, default_specification=DRAFT3)))
    return Registry().with_resources(resources)


@cache
def popolo_validator(name: str) -> Draft3Validator:
    """A validator of one kind of Popolo object (`person`, `organization`, `post`, `membership`, `area`…),
    against the JSON Schemas in `standards/popolo` (draft 3), with formats checked."""
    schema = _registry().contents(f"{SCHEMA_BASE}{name}.json")
    return Draft3Validator(schema, registry=_registry(), format_checker=Draft3Validator.FORMAT_CHECKER)


def popolo_errors(bundle: Any, *, limit: int = 20) -> list[str]:
    """What is wrong with a bundle, one sentence per problem (at most `limit`): empty when it is valid."""
    if not isinstance(bundle, dict) or not set(COLLECTIONS) & set(bundle):
        return [_("A Popolo bundle is a JSON object with lists such as « organizations » and « persons ».")]
    errors: list[str] = []
    for collection, name in COLLECTIONS.items():
        items = bundle.get(collection, [])
        if not isinstance(items, list):
            errors.append(_("« %(collection)s » must be a list.") % {"collection": collection})
            continue
        validator = popolo_validator(name)
        for number, item in enumerate(items):
            for error in validator.iter_errors(item):
                where = "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in error.absolute_path)
                errors.append(f"{collection}[{number}]{where}: {error.message}")
                if len(errors) >= limit:
                    return errors
            if not isinstance(item, dict) or not isinstance(item.get("id"), str) or not item["id"]:
                errors.append(_("%(where)s has no identifier (« id »).") % {"where": f"{collection}[{number}]"})
    return errors[:limit]


# Identifiers --------------------------------------------------------------------------------------


def _ref(kind: str, pk: int | None) -> str | None:
    return f"arrimage:{kind}:{pk}" if pk is not None else None


def area_id(kind: str, code: str) -> str:
    """The identifier of a territory as a Popolo area: Open Civic Data's where one exists."""
    if kind == TerritoryKind.PROVINCE and code == PROVINCE_CODE:
        return QUEBEC_OCD
    if kind == TerritoryKind.MUNICIPALITY:
        return f"{MUNICIPALITY_OCD}{code}"
    return f"arrimage:{kind}:{code}"


_PUBLIC_ID = re.compile(r"^(province|region|mrc|municipality|borough|rss|custom):[A-Za-z0-9_-]+$")


def area_public_id(area: dict[str, Any]) -> str | None:
    """The territory public id (`mrc:31`) of an area of a bundle, from its `identifier` or its `id`."""
    identifier = area.get("identifier") or ""
    if _PUBLIC_ID.match(identifier):
        return str(identifier)
    ident = str(area.get("id") or "")
    if ident == QUEBEC_OCD:
        return f"province:{PROVINCE_CODE}"
    if ident.startswith(MUNICIPALITY_OCD):
        return f"municipality:{ident.removeprefix(MUNICIPALITY_OCD)}"
    if ident.startswith("arrimage:") and _PUBLIC_ID.match(ident.removeprefix("arrimage:")):
        return ident.removeprefix("arrimage:")
    return None


def _pseudonym(concertation_id: int, person_id: int) -> str:
    """A protected person's identifier: stable from one export to the next, the same within a
    concertation, unrelated from one concertation to another, and not reversible without the site's key."""
    message = f"popolo-person:{concertation_id}:{person_id}".encode()
    digest = hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()
    return f"{PROTECTED_PERSON}{digest[:20]}"


def _partial(row: Any, which: str) -> str | None:
    value: PartialDate | None = getattr(row, which)
    return value.isoformat() if value else None


def _clean(item: dict[str, Any]) -> dict[str, Any]:
    """The object without its empty values (Popolo leaves out what is unknown)."""
    return {key: value for key, value in item.items() if value not in (None, "", [], {})}


# Export -------------------------------------------------------------------------------------------


def _territories(relation: str) -> Any:
    return Prefetch(
        relation, queryset=Territory.objects.without_geometry().only("kind", "code", "name", "parent_id").order_by("pk")
    )


def popolo_bundle(*, user: Any) -> dict[str, Any]:
    """The registry as this user may see it, as a Popolo bundle: the concertations `user` may see (public
    ones for an anonymous visitor), every organisation, the seats and holdings of those concertations, the
    people who held them (named only as the policy allows, never with contact details) and the territories
    used. A fixed number of queries for an administrator or a visitor."""
    visible = policy.visible_concertations(user, Concertation.objects.all())
    concertations = list(
        Concertation.objects.filter(pk__in=visible.values("pk"))
        .prefetch_related(_territories("territories"), "themes", "funders")
        .order_by("name", "pk")
    )
    shown = {c.pk for c in concertations}
    private = {c.pk: policy.can_view_concertation_private(user, c) for c in concertations}
    organizations = list(
        Organization.objects.prefetch_related(_territories("territories_served")).order_by("name", "pk")
    )
    seats = list(
        Seat.objects.filter(concertation__in=visible.values("pk")).order_by("concertation_id", "order", "label", "pk")
    )
    memberships = list(
        Membership.objects.filter(seat__concertation__in=visible.values("pk"))
        .select_related("person", "seat")
        # Read nothing a bundle must not hold.
        .defer("notes", "person__email", "person__phone", "person__notes", "person__search_key", "person__search_stems")
        .order_by("seat__concertation_id", "seat_id", "start_date", "pk")
    )

    territories: dict[int, Territory] = {}
    for concertation in concertations:
        territories.update((t.pk, t) for t in concertation.territories.all())
    for organization in organizations:
        territories.update((t.pk, t) for t in organization.territories_served.all())
    parents = {
        pk: area_id(kind, code)
        for pk, kind, code in Territory.objects.filter(
            pk__in={t.parent_id for t in territories.values() if t.parent_id}
        ).values_list("pk", "kind", "code")
    }

    def areas_of(items: Iterable[Territory]) -> list[str]:
        return [area_id(t.kind, t.code) for t in items]

    persons: dict[str, dict[str, Any]] = {}
    membership_items = []
    for membership in memberships:
        concertation_id = membership.seat.concertation_id
        person = membership.person
        person_ref = None
        if person is not None:
            if policy.shows_identity(person, private_view=private[concertation_id]):
                person_ref = _ref("person", person.pk)
                persons.setdefault(person_ref or "", _person(person, private_view=private[concertation_id]))
            else:
                person_ref = _pseudonym(concertation_id, person.pk)
                persons.setdefault(person_ref, {"id": person_ref, "name": _("Person (identity protected)")})
        organization_ref = _ref("organization", membership.organization_id)
        membership_items.append(
            _clean(
                {
                    "id": _ref("membership", membership.pk),
                    "label": membership.get_role_display(),
                    "role": membership.role,
                    "person_id": person_ref,
                    "member": {"@type": "Organization", "id": organization_ref} if person is None else None,
                    "organization_id": _ref(CONCERTATION, concertation_id),
                    "post_id": _ref("seat", membership.seat_id),
                    "on_behalf_of_id": organization_ref,
                    "start_date": _partial(membership, "start"),
                    "end_date": _partial(membership, "end"),
                    "arrimage": _clean({"end_reason": membership.end_reason}),
                }
            )
        )

    organization_items = [
        _clean(
            {
                "id": _ref("organization", o.pk),
                "name": o.name,
                "classification": o.sector,
                "other_names": _other_names(o.acronym, o.other_names),
                "identifiers": [{"scheme": "NEQ", "identifier": o.neq}] if o.neq else [],
                "parent_id": _ref("organization", o.parent_id),
                "founding_date": _partial(o, "start"),
                "dissolution_date": _partial(o, "end"),
                "description": o.mission,
                "links": [{"url": o.website, "note": "website"}] if o.website else [],
                "arrimage": _clean(
                    {"sector": o.sector, "legal_form": o.legal_form, "area_ids": areas_of(o.territories_served.all())}
                ),
            }
        )
        for o in organizations
    ]
    concertation_items = [
        _clean(
            {
                "id": _ref(CONCERTATION, c.pk),
                "name": c.name,
                "classification": CONCERTATION,
                "other_names": _other_names(c.acronym, []),
                "parent_id": _ref(CONCERTATION, c.parent_id) if c.parent_id in shown else None,
                "founding_date": _partial(c, "start"),
                "dissolution_date": _partial(c, "end"),
                "description": c.mission,
                "arrimage": _clean(
                    {
                        "kind": c.kind,
                        "level": c.level,
                        "is_public": c.is_public,
                        "meeting_frequency": c.meeting_frequency,
                        "themes": sorted(t.slug for t in c.themes.all()),
                        "area_ids": areas_of(c.territories.all()),
                        "coordinating_organization_id": _ref("organization", c.coordinating_organization_id),
                        "funder_ids": [_ref("organization", o.pk) for o in c.funders.all()],
                    }
                ),
            }
        )
        for c in concertations
    ]
    post_items = [
        _clean(
            {
                "id": _ref("seat", s.pk),
                "label": s.label,
                "role": s.get_seat_type_display(),
                "organization_id": _ref(CONCERTATION, s.concertation_id),
                "start_date": s.created_on.isoformat() if s.created_on else None,
                "end_date": s.abolished_on.isoformat() if s.abolished_on else None,
                "arrimage": _clean(
                    {
                        "seat_type": s.seat_type,
                        "reserved_sector": s.reserved_sector,
                        "is_voting": s.is_voting,
                        "order": s.order,
                    }
                ),
            }
        )
        for s in seats
    ]
    area_items = [
        _clean(
            {
                "id": area_id(t.kind, t.code),
                "name": t.name,
                "identifier": t.public_id,
                "classification": t.kind,
                "parent_id": parents.get(t.parent_id) if t.parent_id else None,
            }
        )
        for t in sorted(territories.values(), key=lambda t: (t.kind, t.code))
    ]
    return {
        "persons": list(persons.values()),
        "organizations": organization_items + concertation_items,
        "posts": post_items,
        "memberships": membership_items,
        "areas": area_items,
    }


def _person(person: Person, *, private_view: bool) -> dict[str, Any]:
    """A named person: names, and the registry's flags for those who see the concertation's private
    information; never an email, a telephone number or notes. Visitors do not learn whether someone sits
    as a citizen, as on the API's public view of people."""
    flags = {"is_citizen": person.is_citizen, "public_consent": person.public_consent} if private_view else {}
    return _clean(
        {
            "id": _ref("person", person.pk),
            "name": person.full_name,
            "given_name": person.given_name,
            "family_name": person.family_name,
            "sort_name": ", ".join(n for n in (person.family_name, person.given_name) if n),
            "arrimage": flags,
        }
    )


def _other_names(acronym: str, others: list[str]) -> list[dict[str, str]]:
    names = [{"name": acronym, "note": "acronym"}] if acronym else []
    return names + [{"name": name, "note": "other name"} for name in others or []]


# Import -------------------------------------------------------------------------------------------


@dataclass
class Report:
    """What an import did: the log entry, the records created and linked per kind, and what it left out."""

    run: ImportRun
    created: Counter[str] = field(default_factory=Counter)
    linked: Counter[str] = field(default_factory=Counter)
    skipped: list[str] = field(default_factory=list)

    @property
    def created_total(self) -> int:
        return sum(self.created.values())


def _choice(value: Any, choices: type[models.TextChoices], default: str) -> str:
    return str(value) if value in choices.values else default


def _date(value: Any) -> PartialDate | None:
    if not value:
        return None
    try:
        return PartialDate.parse(str(value)[:10])
    except ValueError:
        return None


def _parents_first(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The items in an order where each comes after its parent (when the parent is among them), so that
    a record is created with its parent at once: never changed afterwards by the same import, it can be
    undone, children before parents."""
    by_id = {item["id"]: item for item in items}
    ordered: list[dict[str, Any]] = []
    placed: set[str] = set()
    for item in items:
        chain: list[dict[str, Any]] = []
        seen: set[str] = set()  # a cycle of parents stops the climb
        current: dict[str, Any] | None = item
        while current is not None and current["id"] not in placed and current["id"] not in seen:
            chain.append(current)
            seen.add(current["id"])
            current = by_id.get(current.get("parent_id") or "")
        for link in reversed(chain):
            placed.add(link["id"])
            ordered.append(link)
    return ordered


def _extra(item: dict[str, Any]) -> dict[str, Any]:
    extra = item.get("arrimage")
    return extra if isinstance(extra, dict) else {}


def _previous_mapping() -> dict[str, tuple[str, int]]:
    """The bundle identifiers earlier Popolo imports wrote, to the records that still exist."""
    mapping: dict[str, tuple[str, int]] = {}
    runs = ImportRun.objects.filter(kind=ImportKind.POPOLO, status=ImportStatus.COMMITTED).order_by("created_at", "pk")
    for options in runs.values_list("options", flat=True):
        for external, (label, pk) in (options or {}).get("external_ids", {}).items():
            mapping[external] = (label, pk)
    alive: set[tuple[str, int]] = set()
    for model in (Organization, Concertation, Seat, Person, Membership):
        label = model._meta.label_lower
        wanted = {pk for lab, pk in mapping.values() if lab == label}
        alive |= {(label, pk) for pk in model._default_manager.filter(pk__in=wanted).values_list("pk", flat=True)}
    return {external: target for external, target in mapping.items() if target in alive}


class _Importer:
    """One bundle written into the registry: what each bundle identifier became."""

    def __init__(self, run: ImportRun, acting_user: Any) -> None:
        self.run = run
        self.user = acting_user
        self.report = Report(run)
        self.known = _previous_mapping()
        self.ids: dict[str, tuple[str, int]] = {}
        self.objects: dict[str, Any] = {}
        self.areas: dict[str, Territory] = {}
        self.created: set[str] = set()  # the bundle identifiers this import created a record for
        self.order = 0

    # What each identifier became --------------------------------------------------------------

    def _remember(self, external: str, obj: Any, *, created: bool, kind: str) -> None:
        label = obj._meta.label_lower
        self.ids[external] = (label, obj.pk)
        self.objects[external] = obj
        if created:
            self.created.add(external)
            self.order += 1
            ImportChange.objects.create(
                run=self.run, model=label, object_id=obj.pk, action=ImportChange.Action.CREATED, order=self.order
            )
            self.report.created[kind] += 1
            # The consents given with a new person are taken back with them when the import is undone.
            for consent in obj.consents.all() if isinstance(obj, Person) else []:
                self.order += 1
                ImportChange.objects.create(
                    run=self.run,
                    model=consent._meta.label_lower,
                    object_id=consent.pk,
                    action=ImportChange.Action.CREATED,
                    order=self.order,
                )
        else:
            self.report.linked[kind] += 1

    def _known(self, external: str, model: type[models.Model]) -> Any:
        target = self.known.get(external)
        if target is None or target[0] != model._meta.label_lower:
            return None
        return model._default_manager.filter(pk=target[1]).first()

    def _territories(self, item: dict[str, Any]) -> list[Territory]:
        refs = _extra(item).get("area_ids") or ([item["area_id"]] if item.get("area_id") else [])
        return [self.areas[ref] for ref in refs if ref in self.areas]

    # Each kind of object ------------------------------------------------------------------------

    def load_areas(self, areas: list[dict[str, Any]]) -> None:
        """Areas are the reference territories: found, never created."""
        wanted = {area["id"]: area_public_id(area) for area in areas}
        for external, public_id in wanted.items():
            territory = (
                Territory.objects.without_geometry().by_code(public_id).only("kind", "code", "name").first()
                if public_id
                else None
            )
            if territory is None:
                self.report.skipped.append(_("Area « %(id)s »: no such territory.") % {"id": external})
            else:
                self.areas[external] = territory

    def organizations(self, items: list[dict[str, Any]]) -> None:
        index = organization_index()
        for item in _parents_first(items):
            external = item["id"]
            existing = self._known(external, Organization)
            if existing is None:
                decision = index.decide(item.get("name") or "")
                best = decision.best
                if decision.kind == "sure" and best is not None and normalize(best.name) == normalize(item["name"]):
                    existing = Organization.objects.get(pk=best.organization_id)
            if existing is not None:
                self._remember(external, existing, created=False, kind="organizations")
                continue
            if not policy.can_create_organization(self.user):
                raise PermissionDenied
            data = self._organization_data(item)
            parent = self.objects.get(item.get("parent_id") or "")
            data.parent = parent if isinstance(parent, Organization) else None
            created = organization_create(data=data, acting_user=self.user)
            self._remember(external, created, created=True, kind="organizations")

    def _organization_data(self, item: dict[str, Any]) -> OrganizationData:
        extra = _extra(item)
        names = [n for n in item.get("other_names", []) if isinstance(n, dict) and n.get("name")]
        acronym = next((n["name"] for n in names if n.get("note") == "acronym"), "")
        neq = next((i["identifier"] for i in item.get("identifiers", []) if i.get("scheme") == "NEQ"), "")
        website = next((link["url"] for link in item.get("links", []) if link.get("note") == "website"), "")
        return OrganizationData(
            name=item.get("name") or "",
            sector=_choice(extra.get("sector", item.get("classification")), Sector, Sector.OTHER),
            acronym=acronym[:40],
            other_names=[n["name"] for n in names if n.get("note") != "acronym"],
            legal_form=_choice(extra.get("legal_form"), LegalForm, ""),
            neq=neq,
            website=website,
            mission=item.get("description") or "",
            start=_date(item.get("founding_date")),
            end=_date(item.get("dissolution_date")),
            territories_served=self._territories(item),
        )

    def concertations(self, items: list[dict[str, Any]]) -> None:
        by_name = {normalize(name): pk for pk, name in Concertation.objects.values_list("pk", "name")}
        for item in _parents_first(items):
            external = item["id"]
            existing = self._known(external, Concertation)
            if existing is None and normalize(item.get("name") or "") in by_name:
                existing = Concertation.objects.get(pk=by_name[normalize(item["name"])])
            if existing is not None:
                self._remember(external, existing, created=False, kind="concertations")
                continue
            data = self._concertation_data(item)
            if not policy.can_place_concertation(self.user, {t.pk for t in data.territories}):
                self.report.skipped.append(
                    _("Concertation « %(name)s »: you may not place a concertation on these territories.")
                    % {"name": data.name}
                )
                continue
            parent = self.objects.get(item.get("parent_id") or "")
            data.parent = parent if isinstance(parent, Concertation) else None
            created = concertation_create(data=data, acting_user=self.user)
            self._remember(external, created, created=True, kind="concertations")

    def _concertation_data(self, item: dict[str, Any]) -> ConcertationData:
        extra = _extra(item)
        acronym = next((n["name"] for n in item.get("other_names", []) if n.get("note") == "acronym"), "")
        themes = list(Theme.objects.filter(slug__in=extra.get("themes") or []))
        funders = [self.objects[ref] for ref in extra.get("funder_ids") or [] if ref in self.objects]
        return ConcertationData(
            name=item.get("name") or "",
            kind=_choice(extra.get("kind"), ConcertationKind, ConcertationKind.TABLE),
            level=_choice(extra.get("level"), Level, Level.LOCAL),
            acronym=acronym[:40],
            mission=item.get("description") or "",
            coordinating_organization=self.objects.get(extra.get("coordinating_organization_id") or ""),
            start=_date(item.get("founding_date")),
            end=_date(item.get("dissolution_date")),
            meeting_frequency=_choice(extra.get("meeting_frequency"), MeetingFrequency, ""),
            is_public=bool(extra.get("is_public", True)),
            territories=self._territories(item),
            themes=themes,
            funders=[f for f in funders if isinstance(f, Organization)],
        )

    def posts(self, items: list[dict[str, Any]]) -> list[tuple[Seat, PartialDate]]:
        abolitions = []
        for item in items:
            external = item["id"]
            concertation = self.objects.get(item.get("organization_id") or "")
            if not isinstance(concertation, Concertation):
                self.report.skipped.append(_("Seat « %(id)s »: its concertation is not imported.") % {"id": external})
                continue
            existing = self._known(external, Seat)
            if existing is None and item["organization_id"] not in self.created:
                # A concertation that was already there: its seat of the same label is this one.
                existing = Seat.objects.filter(concertation=concertation, label=item.get("label", "")).first()
            if existing is not None:
                self._remember(external, existing, created=False, kind="posts")
                continue
            extra = _extra(item)
            created_on = _date(item.get("start_date"))
            seat = seat_create(
                concertation=concertation,
                data=SeatData(
                    label=item.get("label") or "",
                    seat_type=_choice(extra.get("seat_type"), SeatType, SeatType.ORGANISATIONAL),
                    reserved_sector=_choice(extra.get("reserved_sector"), Sector, ""),
                    is_voting=bool(extra.get("is_voting", True)),
                    order=int(extra.get("order") or 0),
                    created_on=created_on.first_day() if created_on else None,
                ),
                acting_user=self.user,
            )
            self._remember(external, seat, created=True, kind="posts")
            abolished = _date(item.get("end_date"))
            if abolished is not None:
                abolitions.append((seat, abolished))
        return abolitions

    def persons(self, items: list[dict[str, Any]]) -> None:
        for item in items:
            external = item["id"]
            if external.startswith(PROTECTED_PERSON):
                continue  # a pseudonym: nobody to create; their holdings keep their organisation
            existing = self._known(external, Person)
            if existing is not None:
                self._remember(external, existing, created=False, kind="persons")
                continue
            extra = _extra(item)
            given, family = item.get("given_name") or "", item.get("family_name") or ""
            if not (given or family):
                given, _space, family = (item.get("name") or "").partition(" ")
            person = person_create(
                data=PersonData(
                    given_name=given,
                    family_name=family,
                    is_citizen=bool(extra.get("is_citizen", False)),
                    public_consent=bool(extra.get("public_consent", False)),
                ),
                acting_user=self.user,
            )
            self._remember(external, person, created=True, kind="persons")

    def memberships(self, items: list[dict[str, Any]]) -> None:
        for item in items:
            external = item["id"]
            seat = self.objects.get(item.get("post_id") or "")
            if not isinstance(seat, Seat):
                self.report.skipped.append(_("Membership « %(id)s »: its seat is not imported.") % {"id": external})
                continue
            person = self.objects.get(item.get("person_id") or "")
            organization = self.objects.get(item.get("on_behalf_of_id") or "")
            if person is None and organization is None:
                self.report.skipped.append(
                    _("Membership « %(id)s »: its holder's identity is protected and no organisation is given.")
                    % {"id": external}
                )
                continue
            start, end = _date(item.get("start_date")), _date(item.get("end_date"))
            existing = self._known(external, Membership) or (
                Membership.objects.filter(
                    seat=seat, person=person, organization=organization, start_date=start.first_day() if start else None
                ).first()
            )
            if existing is not None:
                self._remember(external, existing, created=False, kind="memberships")
                continue
            membership = membership_start(
                seat=seat,
                person=person,
                organization=organization,
                role=_choice(item.get("role"), Role, Role.MEMBER),
                start=start,
                end=end,
                end_reason=_choice(_extra(item).get("end_reason"), EndReason, "") if end else "",
                acting_user=self.user,
            )
            self._remember(external, membership, created=True, kind="memberships")


def popolo_import(bundle: dict[str, Any], *, acting_user: Any, filename: str = "popolo.json") -> Report:
    """Write a Popolo bundle into the registry, in one transaction, through the domain services.

    Organisations already known under the same name, and every record an earlier import of the same
    identifiers created, are linked instead of created again: importing a bundle twice creates nothing
    the second time. Areas must be reference territories. Protected persons are not created: their
    holdings are kept with their organisation when there is one. Raises PermissionDenied when the user
    may not import Popolo bundles, and ValidationError, with nothing written, when the bundle does not
    follow the Popolo schemas or a record is refused by the registry's rules.
    """
    if not policy.can_import(acting_user, ImportKind.POPOLO):
        raise PermissionDenied
    if (place := nul_path(bundle)) is not None:
        raise ValidationError(nul_message(place))
    errors = popolo_errors(bundle)
    if errors:
        raise ValidationError([_("This file does not follow the Popolo standard:"), *errors])
    digest = hashlib.sha256(json.dumps(bundle, sort_keys=True, ensure_ascii=False).encode()).hexdigest()
    organizations = [o for o in bundle.get("organizations", []) if o.get("classification") != CONCERTATION]
    concertations = [o for o in bundle.get("organizations", []) if o.get("classification") == CONCERTATION]
    with transaction.atomic():
        run = ImportRun.objects.create(
            user=acting_user if getattr(acting_user, "pk", None) else None,
            kind=ImportKind.POPOLO,
            filename=filename[:255],
            digest=digest,
            status=ImportStatus.COMMITTED,
            committed_at=timezone.now(),
        )
        importer = _Importer(run, acting_user)
        importer.load_areas(bundle.get("areas", []))
        importer.organizations(organizations)
        importer.concertations(concertations)
        abolitions = importer.posts(bundle.get("posts", []))
        importer.persons(bundle.get("persons", []))
        importer.memberships(bundle.get("memberships", []))
        for seat, on in abolitions:
            seat_abolish(seat=seat, on=on.first_day(), acting_user=acting_user)
        report = importer.report
        run.options = {"external_ids": {external: list(target) for external, target in importer.ids.items()}}
        run.counts = {"created": dict(report.created), "linked": dict(report.linked), "skipped": len(report.skipped)}
        run.save(update_fields=["options", "counts"])
    return report
