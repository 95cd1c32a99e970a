"""Planning an import: what each row of a file would create, link, update or skip, and why.

The planner reads the registry once (organisations, people, the concertation's seats) and then works in
memory, so that the preview of a file of thousands of rows takes a few queries. The same bytes, options
and choices give the same plan: committing plans again and carries out the plan's operations.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from arrimage.access import policy
from arrimage.actors.models import LegalForm, Organization, Position, Profession, Sector
from arrimage.actors.services import PersonData
from arrimage.concertation.models import (
    Concertation,
    ConcertationKind,
    Level,
    Membership,
    Role,
    Seat,
    SeatType,
    Theme,
)
from arrimage.concertation.services import SeatData
from arrimage.core.dates import PartialDate, stored_end, stored_start
from arrimage.core.memory import collection_paused
from arrimage.core.text import fold, search_key, search_words
from arrimage.directory.models import Location, Service, ServiceStatus
from arrimage.directory.services import LocationData
from arrimage.territories.models import Territory, TerritoryKind

from .. import normalize as norm
from ..columns import kind_columns
from ..known import organization_index_kept, person_index_kept
from ..matching import Candidate, OrganizationIndex
from ..matching import normalize as organization_key
from ..normalize import CellError, CellValueError
from ..reading import Table
from . import ops
from .people import KnownPerson, name_key

CREATE, LINK, UPDATE, SKIP, ERROR, CHOOSE = "create", "link", "update", "skip", "error", "choose"
NEW = "new"
ACTION_LABELS = {
    CREATE: gettext_lazy("Create"),
    LINK: gettext_lazy("Link"),
    UPDATE: gettext_lazy("Complete"),
    SKIP: gettext_lazy("Skip"),
    ERROR: gettext_lazy("Error"),
    CHOOSE: gettext_lazy("Choose"),
}

ProgressCallback = Callable[[int, int], None]


@dataclass
class RowPlan:
    """What one row of the file would do.

    `action` is `create` (something new is written), `update` (empty values of a known record are filled
    in), `link` (the row names records already known; only ties or aliases are added), `skip` (nothing to
    write), `error` (the row cannot be imported: see `errors`) or `choose` (an organisation name is close to
    several known ones: the person picks one of `candidates`, or a new organisation).
    """

    line: int
    action: str = SKIP
    target: str = ""
    reasons: list[str] = field(default_factory=list)
    errors: list[CellError] = field(default_factory=list)
    candidates: list[Candidate] = field(default_factory=list)
    ops: list[ops.Op] = field(default_factory=list, repr=False)

    def settle(self) -> None:
        """Set `action` from what the row found and what it would write."""
        if self.errors:
            self.action = ERROR
        elif self.action == CHOOSE:
            return
        elif any(isinstance(op, _CREATING) for op in self.ops):
            self.action = CREATE
        elif any(isinstance(op, ops.UpdateOrganization | ops.UpdatePerson | ops.UpdateService) for op in self.ops):
            self.action = UPDATE
        elif self.ops or self.action != SKIP:
            self.action = LINK


_CREATING = (
    ops.CreateOrganization,
    ops.CreatePerson,
    ops.CreateSeat,
    ops.StartMembership,
    ops.StartPosition,
    ops.CreateConcertation,
    ops.CreateService,
    ops.CreateLocation,
)


@dataclass
class Plan:
    rows: list[RowPlan]
    problems: list[str] = field(default_factory=list)  # about the whole file: missing columns…

    def counts(self) -> dict[str, int]:
        counts = dict.fromkeys((CREATE, LINK, UPDATE, SKIP, ERROR, CHOOSE), 0)
        for row in self.rows:
            counts[row.action] += 1
        return counts


@dataclass
class _Organization:
    """How a name of the file was resolved: a known id, the key of a new organisation, or undecided."""

    ref: ops.Ref | None
    label: str
    line: int
    reason: str
    candidates: list[Candidate] = field(default_factory=list)


@dataclass
class _Holding:
    seat: ops.Ref
    person: ops.Ref | None
    organization: ops.Ref | None
    start: PartialDate | None
    end: PartialDate | None
    line: int = 0  # 0 for a holding already in the registry


class Planner:
    def __init__(
        self,
        *,
        table: Table,
        kind: str,
        mapping: dict[str, str],
        concertation: Concertation | None = None,
        choices: dict[int, int | str] | None = None,
        progress: ProgressCallback | None = None,
        user: Any = None,
    ) -> None:
        self.table = table
        self.user = user
        self.kind = kind
        self.columns = kind_columns(kind)
        self.mapping = mapping
        self.concertation = concertation
        self.choices = choices or {}
        self.progress = progress
        self.field_column = {name: header for header, name in mapping.items() if name}
        self.positions = [table.headers.index(header) for header in self.field_column.values()]
        self.lookups = {
            "sector": norm.choice_lookup(Sector.choices, SECTOR_SYNONYMS),
            "legal_form": norm.choice_lookup(LegalForm.choices, LEGAL_FORM_SYNONYMS),
            "profession": norm.choice_lookup(Profession.choices, PROFESSION_SYNONYMS),
            "seat_type": norm.choice_lookup(SeatType.choices, SEAT_TYPE_SYNONYMS),
            "role": norm.choice_lookup(Role.choices, ROLE_SYNONYMS),
            "kind": norm.choice_lookup(ConcertationKind.choices, {"table": ["table de concertation"]}),
            "level": norm.choice_lookup(Level.choices, {"regional": ["région"], "local": ["quartier"]}),
            "status": norm.choice_lookup(ServiceStatus.choices, STATUS_SYNONYMS),
        }
        self._choice_labels: dict[str, list[str]] = {}
        self._organizations: dict[str, _Organization] = {}
        self._names_lines: dict[str, list[int]] = {}
        self._aliases: set[tuple[int, str]] = set()
        self._people: dict[str, tuple[ops.Ref, str]] = {}
        self._territories: dict[str, Territory] = {}
        self._new_seats: dict[str, tuple[str, str]] = {}
        self._holdings: list[_Holding] = []
        # The holdings indexed three ways, so that each row is checked against them in constant time.
        self._same: dict[tuple[ops.Ref, ops.Ref | None, ops.Ref | None], list[_Holding]] = {}
        self._open: dict[ops.Ref, _Holding] = {}  # seat → its first holding still open
        self._by_holder: dict[tuple[str, ops.Ref | None], list[_Holding]] = {}
        self._organization_labels: dict[ops.Ref, str] = {}  # organisation → its label, as first resolved
        self._seat_labels: set[str] = set()
        self._citizen_seats = 0

    # Entry point --------------------------------------------------------------------------------

    def plan(self) -> Plan:
        with collection_paused():
            return self._planned()

    def _planned(self) -> Plan:
        problems = self._missing_columns()
        if problems:
            return Plan(rows=[], problems=problems)
        if self.kind == "members" and self.concertation is None:
            return Plan(rows=[], problems=[_("Choose the concertation whose members the file lists.")])
        self._load()
        seen: dict[tuple[str, ...], int] = {}
        rows: list[RowPlan] = []
        total = len(self.table.rows)
        for done, row in enumerate(self.table.rows, start=1):
            plan = RowPlan(line=row.line)
            key = tuple(fold(row.cells[position]) for position in self.positions)
            if not any(key):
                plan.reasons.append(_("Empty row."))
            elif key in seen:
                plan.reasons.append(_("Duplicate of line %(line)s.") % {"line": seen[key]})
            else:
                seen[key] = row.line
                values = self._values(row.line, row.cells, plan)
                getattr(self, f"_plan_{self.kind}")(values, plan)
            plan.settle()
            rows.append(plan)
            if self.progress is not None and (done % 200 == 0 or done == total):
                self.progress(done, total)
        return Plan(rows=rows)

    def _missing_columns(self) -> list[str]:
        mapped = set(self.field_column)
        problems = []
        for group in self.columns.required_groups:
            if not mapped & set(group):
                labels = _(" or ").join(f"« {self.columns.field(name).label} »" for name in group)
                problems.append(
                    _("The file has no column for %(fields)s. Add one, or say which column holds it.")
                    % {"fields": labels}
                )
        return problems

    # Reading the registry once ------------------------------------------------------------------

    def _load(self) -> None:
        self.index: OrganizationIndex = organization_index_kept()
        header = self.field_column.get("organization") or (
            self.field_column.get("name") if self.kind == "organizations" else None
        )
        if header:
            position = self.table.headers.index(header)
            for row in self.table.rows:
                if key := organization_key(row.cells[position]):
                    self._names_lines.setdefault(key, []).append(row.line)
        if self.kind in {"people", "members"}:
            self.person_index = person_index_kept()
        if self.kind == "members":
            assert self.concertation is not None
            self._load_seats(self.concertation)
        if self.kind == "concertations":
            self._concertations: dict[str, ops.Ref] = {}
            for pk, name, acronym in Concertation.objects.values_list("pk", "name", "acronym"):
                self._concertations[search_key(name)] = pk
                if acronym:
                    self._concertations.setdefault(search_key(acronym), pk)
        if self.kind in {"concertations", "services"}:
            self._themes = {
                key: pk
                for pk, *names in Theme.objects.values_list("pk", "slug", "name_fr", "name_en")
                for key in (" ".join(search_words(name)) for name in names)
            }
        if self.kind == "services":
            self._load_services()

    def _load_services(self) -> None:
        """The services and places of the registry, by organisation and folded name."""
        self._services: dict[tuple[ops.Ref, str], ops.Ref] = {
            (organization_id, _words(name)): pk
            for pk, organization_id, name in Service.objects.values_list("pk", "organization_id", "name")
        }
        self._locations: dict[tuple[ops.Ref, str], ops.Ref] = {
            (organization_id, _words(name)): pk
            for pk, organization_id, name in Location.objects.values_list("pk", "organization_id", "name")
        }
        self._service_lines: dict[ops.Ref, tuple[int, set[ops.Ref]]] = {}  # service → first line, its places
        self._may_serve: dict[int, bool] = {}
        self._municipalities: dict[str, Territory | None] = {}

    def _load_seats(self, concertation: Concertation) -> None:
        seats = list(Seat.objects.filter(concertation=concertation).order_by("order", "pk"))
        self.seats = {seat.pk: seat for seat in seats}
        self._seat_by_label: dict[str, ops.Ref] = {" ".join(search_words(seat.label)): seat.pk for seat in seats}
        self._citizen_seats = sum(1 for seat in seats if seat.is_citizen)
        self._seat_labels = {seat.label for seat in seats}
        for membership in Membership.objects.filter(seat__concertation=concertation):
            self._add_holding(
                _Holding(
                    membership.seat_id,
                    membership.person_id,
                    membership.organization_id,
                    membership.start,
                    membership.end,
                )
            )
        self._members = {holding.person for holding in self._holdings if isinstance(holding.person, int)}

    def _add_holding(self, holding: _Holding) -> None:
        self._holdings.append(holding)
        self._same.setdefault((holding.seat, holding.person, holding.organization), []).append(holding)
        if holding.end is None:
            self._open.setdefault(holding.seat, holding)
        self._by_holder.setdefault(_holder(holding), []).append(holding)

    # Cells --------------------------------------------------------------------------------------

    def _values(self, line: int, cells: Sequence[str], plan: RowPlan) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for name, header in self.field_column.items():
            text = cells[self.table.headers.index(header)]
            try:
                values[name] = self._parse(name, text)
            except CellValueError as error:
                plan.errors.append(CellError(line, header, error.message))
        return values

    def _parse(self, name: str, text: str) -> Any:
        if name in {"start", "end"}:
            return norm.parse_date(text)
        if name in {"citizen", "consent", "is_public"}:
            return norm.parse_bool(text)
        if name == "email":
            return norm.parse_email(text)
        if name in self.lookups and not (name == "kind" and self.kind != "concertations"):
            if name not in self._choice_labels:  # the labels, in the active language, once per file
                self._choice_labels[name] = [str(label) for label in self._labels(name)]
            return norm.parse_choice(text, self.lookups[name], labels=self._choice_labels[name])
        if name in {"territories", "service_areas"}:
            return [self._territory(item) for item in norm.split_list(text)]
        if name in {"themes", "other_names"}:
            return norm.split_list(text)
        if name == "neq":
            return "".join(text.split())
        if name == "website" and self.kind == "services":
            return _parse_url(text)
        if name == "postal_code":
            return _parse_postal_code(text)
        return norm.clean_text(text)

    def _labels(self, name: str) -> list[Any]:
        choices = {
            "sector": Sector,
            "legal_form": LegalForm,
            "profession": Profession,
            "seat_type": SeatType,
            "role": Role,
            "kind": ConcertationKind,
            "level": Level,
            "status": ServiceStatus,
        }[name]
        return list(choices.labels)

    def _territory(self, text: str) -> Territory:
        key = fold(text.strip())
        if key not in self._territories:
            self._territories[key] = norm.resolve_territory(text, _territory_matches, describe=_describe_territory)
        return self._territories[key]

    def _error(self, plan: RowPlan, field_name: str, message: str) -> None:
        plan.errors.append(CellError(plan.line, self.field_column.get(field_name, ""), message))

    # Organisations ------------------------------------------------------------------------------

    def _choice(self, key: str) -> int | str | None:
        for line in self._names_lines.get(key, []):
            if line in self.choices:
                return self.choices[line]
        return None

    def _organization(
        self, name: str, plan: RowPlan, *, sector: str = "", make: Callable[[str], ops.Op] | None = None
    ) -> ops.Ref | None:
        """The organisation a row names: known, new (its creation added to this row), or undecided (the
        row waits for a choice). Later rows naming the same organisation follow the first one."""
        key = organization_key(name)
        if not key:
            return None
        found = self._organizations.get(key)
        if found is not None:
            if found.ref is None:
                plan.action = CHOOSE
                plan.candidates = found.candidates
                plan.reasons.append(found.reason)
            elif found.line != plan.line:
                plan.reasons.append(
                    _("Same organisation as line %(line)s: « %(name)s ».") % {"line": found.line, "name": found.label}
                )
            return found.ref
        decision = self.index.decide(name)
        choice = self._choice(key)
        known_id: int | None = None
        if isinstance(choice, int) and choice in self.index.organizations:
            known_id = choice
            reason = _("Organisation chosen: « %(name)s ».") % {"name": self.index.organizations[choice].name}
        elif choice != NEW and decision.kind == "sure" and decision.best is not None:
            known_id = decision.best.organization_id
            reason = _("Organisation recognised: « %(name)s » (%(score)s %% alike).") % {
                "name": decision.best.name,
                "score": round(decision.best.score * 100),
            }
        elif choice != NEW and decision.kind == "ambiguous":
            reason = _("« %(name)s » is close to several known organisations: choose one, or a new organisation.") % {
                "name": name
            }
            self._remember(key, _Organization(None, name, plan.line, reason, list(decision.candidates)))
            plan.action = CHOOSE
            plan.candidates = list(decision.candidates)
            plan.reasons.append(reason)
            return None
        if known_id is not None:
            known = self.index.organizations[known_id]
            self._remember(key, _Organization(known_id, known.name, plan.line, reason))
            plan.reasons.append(reason)
            names = {organization_key(n) for n in (known.name, known.acronym, *known.other_names) if n}
            if key not in names and (known_id, key) not in self._aliases:
                self._aliases.add((known_id, key))
                plan.ops.append(ops.AddAlias(known_id, " ".join(name.split())))
                plan.reasons.append(
                    _("« %(alias)s » will be added to the other names of « %(name)s ».")
                    % {"alias": " ".join(name.split()), "name": known.name}
                )
            return known_id
        ref = f"organization:{plan.line}"
        if make is not None:
            plan.ops.append(make(ref))
        else:
            if not sector:
                plan.reasons.append(_("New organisation without a sector: « Other » until someone corrects it."))
            plan.ops.append(ops.CreateOrganization(ref, " ".join(name.split()), sector or Sector.OTHER))
        reason = _("New organisation: « %(name)s ».") % {"name": " ".join(name.split())}
        if choice == NEW:
            reason = _("New organisation, as chosen: « %(name)s ».") % {"name": " ".join(name.split())}
        plan.reasons.append(reason)
        self._remember(key, _Organization(ref, " ".join(name.split()), plan.line, reason))
        return ref

    def _remember(self, key: str, found: _Organization) -> None:
        self._organizations[key] = found
        if found.ref is not None:
            self._organization_labels.setdefault(found.ref, found.label)

    def _organization_label(self, ref: ops.Ref | None) -> str:
        return self._organization_labels.get(ref, "") if ref is not None else ""

    # People -------------------------------------------------------------------------------------

    def _names(self, values: dict[str, Any]) -> tuple[str, str]:
        given, family = values.get("given_name", ""), values.get("family_name", "")
        if not (given or family) and values.get("full_name"):
            given, family = norm.split_full_name(values["full_name"])
        return given, family

    def _person(self, values: dict[str, Any], organization: ops.Ref | None, plan: RowPlan) -> ops.Ref | None:
        given, family = self._names(values)
        email = values.get("email", "")
        if not (given or family):
            if email:
                self._error(plan, "email", _("An email address without a name: add the person's name."))
            return None
        full_name = f"{given} {family}".strip()
        key = name_key(given, family)
        cache_keys = [f"{organization}|{key}", *([f"@{email}"] if email else [])]
        for cache_key in cache_keys:
            if cache_key in self._people:
                found_ref, label = self._people[cache_key]
                plan.reasons.append(_("Same person as line %(line)s: %(name)s.") % {"line": label, "name": full_name})
                return found_ref
        ref: ops.Ref
        known: KnownPerson | None = self.person_index.find(
            given, family, email, organization_id=organization if isinstance(organization, int) else None
        )
        if known is None and organization is None and self.kind == "members":
            known = self.person_index.find_by_name(given, family, self._members)
        if known is not None:
            ref = known.id
            plan.reasons.append(_("Person recognised: %(name)s.") % {"name": known.full_name})
            missing = {
                name: values[name] for name in ("email", "phone") if values.get(name) and not getattr(known, name)
            }
            if missing:
                plan.ops.append(ops.UpdatePerson(known.id, missing))
                plan.reasons.append(_("Their missing email address or telephone will be added."))
        else:
            ref = f"person:{plan.line}"
            citizen = bool(values.get("citizen")) or values.get("seat_type") in SeatType.citizen_types()
            data = PersonData(
                given_name=given,
                family_name=family,
                email=email,
                phone=values.get("phone", ""),
                is_citizen=citizen,
                public_consent=bool(values.get("consent")),
            )
            plan.ops.append(ops.CreatePerson(ref, data))
            plan.reasons.append(_("New person: %(name)s.") % {"name": full_name})
        for cache_key in cache_keys:
            self._people[cache_key] = (ref, str(plan.line))
        return ref

    # Kinds --------------------------------------------------------------------------------------

    def _plan_organizations(self, values: dict[str, Any], plan: RowPlan) -> None:
        name = values.get("name", "")
        if not name:
            self._error(plan, "name", _("The organisation's name is missing."))
            return
        if plan.errors:
            return
        fields = {
            key: values[key]
            for key in ("acronym", "legal_form", "neq", "website", "mission", "start", "end")
            if values.get(key)
        }
        territory_ids = [territory.pk for territory in values.get("territories", [])]
        other_names = values.get("other_names", [])

        def make(ref: str) -> ops.Op:
            return ops.CreateOrganization(
                ref,
                " ".join(name.split()),
                values.get("sector") or Sector.OTHER,
                {**fields, "other_names": other_names} if other_names else fields,
                territory_ids,
            )

        plan.target = _("Organisation « %(name)s »") % {"name": name}
        ref = self._organization(name, plan, make=make)
        if isinstance(ref, int) and not any(isinstance(op, ops.CreateOrganization) for op in plan.ops):
            self._fill_organization(ref, fields, territory_ids, plan)

    def _fill_organization(self, pk: int, fields: dict[str, Any], territory_ids: list[int], plan: RowPlan) -> None:
        organization = Organization.objects.filter(pk=pk).prefetch_related("territories_served").first()
        if organization is None:
            return
        empty = {}
        for key, value in fields.items():
            current = getattr(organization, key)
            if current in (None, "") and value:
                empty[key] = value
        territories = territory_ids if territory_ids and not organization.territories_served.all() else []
        if empty or territories:
            plan.ops.append(ops.UpdateOrganization(pk, empty, territories))
            plan.reasons.append(_("Values the registry lacks will be added."))

    def _plan_people(self, values: dict[str, Any], plan: RowPlan) -> None:
        given, family = self._names(values)
        if not (given or family):
            self._error(
                plan, "full_name" if "full_name" in self.field_column else "family_name", _("The name is missing.")
            )
        if plan.errors:
            return
        organization = self._organization(values.get("organization", ""), plan, sector=values.get("sector", ""))
        if plan.action == CHOOSE:
            return
        person = self._person(values, organization, plan)
        plan.target = f"{given} {family}".strip()
        if organization is None or person is None:
            return
        plan.target = _("%(person)s at « %(organization)s »") % {
            "person": plan.target,
            "organization": self._organization_label(organization),
        }
        job_title, start = values.get("job_title", ""), values.get("start")
        if isinstance(person, int) and isinstance(organization, int):
            existing = Position.objects.filter(person_id=person, organization_id=organization)
            for position in existing:
                same_title = fold(position.job_title) == fold(job_title) or not job_title
                same_start = start is None or (position.start_date, position.start_precision) == stored_start(start)
                if same_title and same_start:
                    plan.reasons.append(_("This position is already recorded."))
                    return
        plan.ops.append(
            ops.StartPosition(
                person,
                organization,
                values.get("profession") or Profession.OTHER,
                job_title,
                start,
                values.get("end"),
            )
        )

    def _plan_members(self, values: dict[str, Any], plan: RowPlan) -> None:
        assert self.concertation is not None
        given, family = self._names(values)
        name = values.get("organization", "")
        if not (given or family or name):
            plan.errors.append(CellError(plan.line, "", _("The row names neither an organisation nor a person.")))
        if plan.errors:
            return
        organization = self._organization(name, plan, sector=values.get("sector", ""))
        if plan.action == CHOOSE:
            return
        person = self._person(values, organization, plan)
        if plan.errors:
            return
        if person is None and organization is None:
            plan.errors.append(CellError(plan.line, "", _("The row names neither an organisation nor a person.")))
            return
        seat_type = values.get("seat_type") or (
            SeatType.CITIZEN if (values.get("citizen") or organization is None) else SeatType.ORGANISATIONAL
        )
        start, end = values.get("start"), values.get("end")
        holding = _Holding("", person, organization, start, end, plan.line)
        seat = self._seat(values.get("seat", ""), seat_type, holding, plan)
        if seat is None:
            return
        holding.seat = seat
        holder = " ".join(f"{given} {family}".split())
        organization_label = self._organization_label(organization)
        seat_label = self.seats[seat].label if isinstance(seat, int) else self._new_seats[seat][0]
        if holder and organization_label:
            plan.target = _("%(person)s for « %(organization)s », seat « %(seat)s »") % {
                "person": holder,
                "organization": organization_label,
                "seat": seat_label,
            }
        else:
            plan.target = _("%(holder)s, seat « %(seat)s »") % {
                "holder": holder or organization_label,
                "seat": seat_label,
            }
        same = self._same_holding(holding)
        if same is not None:
            plan.reasons.append(
                _("This holding is already recorded.")
                if same.line == 0
                else _("Same holding as line %(line)s.") % {"line": same.line}
            )
            return
        clash = self._open_clash(holding)
        if clash is not None:
            where = (
                _("by another holder in the registry")
                if clash.line == 0
                else _("by line %(line)s of the file") % {"line": clash.line}
            )
            self._error(
                plan,
                "seat",
                _("The seat « %(seat)s » is already held %(where)s. Give an end date to one of the holdings.")
                % {"seat": seat_label, "where": where},
            )
            return
        self._add_holding(holding)
        plan.ops.append(ops.StartMembership(seat, person, organization, values.get("role") or Role.MEMBER, start, end))

    def _seat(self, label: str, seat_type: str, holding: _Holding, plan: RowPlan) -> ops.Ref | None:
        assert self.concertation is not None
        if label:
            key = " ".join(search_words(label))
            if key in self._seat_by_label:
                return self._seat_by_label[key]
            return self._new_seat(label, seat_type, plan)
        # Without a label: the seat this organisation (or this citizen) holds or held at the table.
        for existing in reversed(self._by_holder.get(_holder(holding), [])):
            trial = _Holding(existing.seat, holding.person, holding.organization, holding.start, holding.end)
            if self._same_holding(trial) is not None or self._open_clash(trial) is None:
                return existing.seat
        if holding.organization is not None:
            label = self._organization_label(holding.organization)
            number = 1
            while label in self._seat_labels:
                number += 1
                label = f"{self._organization_label(holding.organization)} ({number})"
        else:
            self._citizen_seats += 1
            label = _("Citizen seat %(number)s") % {"number": self._citizen_seats}
        return self._new_seat(label, seat_type, plan)

    def _new_seat(self, label: str, seat_type: str, plan: RowPlan) -> str:
        assert self.concertation is not None
        ref = f"seat:{plan.line}"
        order = len(self.seats) + len(self._new_seats) + 1
        plan.ops.append(
            ops.CreateSeat(ref, self.concertation.pk, SeatData(label=label, seat_type=seat_type, order=order))
        )
        plan.reasons.append(_("New seat: « %(label)s ».") % {"label": label})
        self._new_seats[ref] = (label, seat_type)
        self._seat_labels.add(label)
        self._seat_by_label[" ".join(search_words(label))] = ref
        return ref

    def _same_holding(self, holding: _Holding) -> _Holding | None:
        for other in self._same.get((holding.seat, holding.person, holding.organization), []):
            same_start = holding.start is None or stored_start(holding.start) == stored_start(other.start)
            same_end = holding.end is None or stored_end(holding.end) == stored_end(other.end)
            if same_start and same_end:
                return other
        return None

    def _open_clash(self, holding: _Holding) -> _Holding | None:
        """Another holder of the same seat whose holding is also still open."""
        if holding.end is not None:
            return None
        return self._open.get(holding.seat)

    def _theme_ids(self, values: dict[str, Any], plan: RowPlan) -> list[int]:
        theme_ids = []
        for theme in values.get("themes", []):
            pk = self._themes.get(" ".join(search_words(theme)))
            if pk is None:
                self._error(plan, "themes", _("Unknown theme: « %(theme)s ».") % {"theme": theme})
            else:
                theme_ids.append(pk)
        return theme_ids

    def _plan_concertations(self, values: dict[str, Any], plan: RowPlan) -> None:
        name = values.get("name", "")
        if not name:
            self._error(plan, "name", _("The concertation's name is missing."))
        theme_ids = self._theme_ids(values, plan)
        if plan.errors:
            return
        plan.target = _("Concertation « %(name)s »") % {"name": name}
        known = self._concertations.get(search_key(name)) or (
            self._concertations.get(search_key(values["acronym"])) if values.get("acronym") else None
        )
        if known is not None:
            plan.reasons.append(_("This concertation is already in the registry."))
            plan.action = LINK
            return
        coordinator = None
        if values.get("coordinating_organization"):
            coordinator = self._organization(values["coordinating_organization"], plan)
            if plan.action == CHOOSE:
                return
        ref = f"concertation:{plan.line}"
        self._concertations[search_key(name)] = ref
        fields = {key: values[key] for key in ("acronym", "mission", "start", "end") if values.get(key)}
        if values.get("is_public") is not None:
            fields["is_public"] = values["is_public"]
        plan.ops.append(
            ops.CreateConcertation(
                ref,
                " ".join(name.split()),
                values.get("kind") or ConcertationKind.TABLE,
                values.get("level") or Level.LOCAL,
                fields,
                coordinator,
                [territory.pk for territory in values.get("territories", [])],
                theme_ids,
            )
        )
        plan.reasons.append(_("New concertation."))

    # Services -------------------------------------------------------------------------------------

    def _plan_services(self, values: dict[str, Any], plan: RowPlan) -> None:
        name, organization_name = values.get("name", ""), values.get("organization", "")
        if not name:
            self._error(plan, "name", _("The service's name is missing."))
        if not organization_name:
            self._error(plan, "organization", _("The organisation that offers the service is missing."))
        theme_ids = self._theme_ids(values, plan)
        if plan.errors:
            return
        organization = self._organization(organization_name, plan, sector=values.get("sector", ""))
        if plan.action == CHOOSE or organization is None:
            return
        if isinstance(organization, int) and not self._may_change_services(organization):
            self._error(
                plan,
                "organization",
                _("You may not change the services of « %(name)s ».")
                % {"name": self._organization_label(organization)},
            )
            return
        plan.target = _("Service « %(name)s » of « %(organization)s »") % {
            "name": name,
            "organization": self._organization_label(organization),
        }
        location = self._location(organization, values, plan)
        key = (organization, _words(name))
        known = self._services.get(key)
        territory_ids = [territory.pk for territory in values.get("service_areas", [])]
        if isinstance(known, str):  # a service an earlier row of the file creates
            first_line, places = self._service_lines[known]
            plan.reasons.append(_("Same service as line %(line)s.") % {"line": first_line})
            if location is not None and location not in places:
                places.add(location)
                plan.ops.append(ops.UpdateService(known, add_locations=[location]))
                plan.reasons.append(_("The place will be added to the service."))
            else:
                plan.action = LINK
            return
        if known is not None:
            self._fill_service(known, values, theme_ids, territory_ids, location, plan)
            return
        ref = f"service:{plan.line}"
        fields = {
            field_name: values[column]
            for column, field_name in SERVICE_COLUMNS.items()
            if values.get(column) not in (None, "")
        }
        plan.ops.append(
            ops.CreateService(
                ref,
                organization,
                {"name": " ".join(name.split()), **fields},
                theme_ids,
                territory_ids,
                [location] if location is not None else [],
            )
        )
        plan.reasons.append(_("New service."))
        self._services[key] = ref
        self._service_lines[ref] = (plan.line, {location} if location is not None else set())

    def _fill_service(
        self,
        pk: int,
        values: dict[str, Any],
        theme_ids: list[int],
        territory_ids: list[int],
        location: ops.Ref | None,
        plan: RowPlan,
    ) -> None:
        service = Service.objects.prefetch_related("themes", "service_areas", "locations").filter(pk=pk).first()
        if service is None:
            return
        places: set[ops.Ref] = {place.pk for place in service.locations.all()}
        if pk in self._service_lines:
            first_line, places = self._service_lines[pk]
            plan.reasons.append(_("Same service as line %(line)s.") % {"line": first_line})
        else:
            self._service_lines[pk] = (plan.line, places)
        empty = {
            field_name: values[column]
            for column, field_name in SERVICE_COLUMNS.items()
            if column != "status" and values.get(column) and not getattr(service, field_name)
        }
        themes = theme_ids if theme_ids and not service.themes.all() else []
        areas = territory_ids if territory_ids and not service.service_areas.all() else []
        add = [location] if location is not None and location not in places else []
        if not (empty or themes or areas or add):
            plan.reasons.append(_("This service is already recorded."))
            plan.action = LINK
            return
        if empty or themes or areas:
            plan.reasons.append(_("Values the registry lacks will be added."))
        if add:
            places.update(add)
            plan.reasons.append(_("The place will be added to the service."))
        plan.ops.append(ops.UpdateService(pk, empty, themes, areas, add))

    def _may_change_services(self, organization_id: int) -> bool:
        """Whether the person importing may add services to this organisation (anyone, for the system)."""
        if self.user is None:
            return True
        if organization_id not in self._may_serve:
            organization = Organization.objects.prefetch_related("territories_served").get(pk=organization_id)
            self._may_serve[organization_id] = policy.can_create_service(self.user, organization)
        return self._may_serve[organization_id]

    def _location(self, organization: ops.Ref, values: dict[str, Any], plan: RowPlan) -> ops.Ref | None:
        """The place a row names (known, or created by this row), or None when the row names no place."""
        address, city, postal_code = values.get("address", ""), values.get("city", ""), values.get("postal_code", "")
        name = values.get("location_name") or address or city or postal_code
        if not name:
            return None
        key = (organization, _words(name))
        if key in self._locations:
            return self._locations[key]
        ref = f"location:{plan.line}"
        data = LocationData(
            name=name, address=address, city=city, postal_code=postal_code, territory=self._municipality(city)
        )
        plan.ops.append(ops.CreateLocation(ref, organization, data))
        plan.reasons.append(_("New place: « %(name)s ».") % {"name": name})
        self._locations[key] = ref
        return ref

    def _municipality(self, city: str) -> Territory | None:
        """The one municipality named `city`, if there is exactly one."""
        if not city:
            return None
        key = fold(city)
        if key not in self._municipalities:
            found = [t for t in _territory_matches(city) if t.kind == TerritoryKind.MUNICIPALITY]
            self._municipalities[key] = found[0] if len(found) == 1 else None
        return self._municipalities[key]


def _holder(holding: _Holding) -> tuple[str, ops.Ref | None]:
    """Who holds a seat, for finding the seat they held: the organisation, else the citizen."""
    if holding.organization is not None:
        return ("organization", holding.organization)
    return ("person", holding.person)


# Reads of the registry ----------------------------------------------------------------------------


def _territory_matches(text: str) -> list[Territory]:
    """Territories named exactly `text`, or with this public id (`mrc:31`) or municipal code (`31084`)."""
    territories = Territory.objects.without_geometry()
    if ":" in text:
        return list(territories.by_code(text.strip().lower()))
    if text.isdigit() and len(text) == 5:
        return list(territories.filter(kind=TerritoryKind.MUNICIPALITY, code=text))
    key = search_key(text)
    if not key:
        return []
    found = list(territories.filter(search_key=key).exclude(kind=TerritoryKind.CUSTOM))
    if len(found) > 1:  # « Québec » names a region, an MRC and a city: the smallest is what a list of places means
        municipalities = [t for t in found if t.kind == TerritoryKind.MUNICIPALITY]
        found = municipalities if len(municipalities) == 1 else found
    return found


def _describe_territory(territory: Territory) -> str:
    return f"{territory.name} ({territory.public_id})"


# Cells of services ---------------------------------------------------------------------------------

# Column of the file → field of ServiceData (the name aside).
SERVICE_COLUMNS = {
    "alternate_name": "alternate_name",
    "description": "description",
    "website": "url",
    "email": "email",
    "status": "status",
    "eligibility": "eligibility",
    "target_population": "target_population",
}
_POSTAL_CODE = re.compile(r"^[A-Z]\d[A-Z] ?\d[A-Z]\d$", re.ASCII)


def _words(text: str) -> str:
    return " ".join(search_words(text))


def _parse_url(text: str) -> str:
    """A web address; « www.example.org » gets its « https:// »."""
    text = text.strip()
    if not text:
        return ""
    if "://" not in text:
        text = f"https://{text}"
    try:
        URLValidator(schemes=["http", "https"])(text)
    except ValidationError:
        raise CellValueError(
            _("« %(value)s » is not a web address. Write it as https://www.example.org.") % {"value": text}
        ) from None
    return text


def _parse_postal_code(text: str) -> str:
    code = " ".join(text.upper().split())
    if code and not _POSTAL_CODE.match(code):
        raise CellValueError(_("« %(value)s » is not a postal code such as G1R 4S9.") % {"value": text})
    return code


# Words for the choices, besides their French and English labels -----------------------------------

SECTOR_SYNONYMS = {
    "community": ["communautaire", "organisme communautaire", "OBNL", "OSBL", "milieu communautaire"],
    "municipal": ["municipalité", "ville", "municipal"],
    "supralocal": ["MRC", "supralocal"],
    "health": ["santé", "CISSS", "CIUSSS", "santé et services sociaux", "réseau de la santé"],
    "education": ["éducation", "scolaire", "CSS", "centre de services scolaire", "école", "cégep", "université"],
    "social_economy": ["économie sociale", "entreprise d'économie sociale", "coopérative", "coop"],
    "economic": ["développement économique", "économique", "chambre de commerce"],
    "philanthropy": ["philanthropie", "fondation", "philanthropique"],
    "government": ["gouvernement", "ministère", "gouvernemental", "public"],
    "citizen": ["citoyen", "citoyenne", "collectif citoyen", "citoyen·ne"],
    "other": ["autre"],
}
LEGAL_FORM_SYNONYMS = {
    "nonprofit": ["OBNL", "OSBL", "organisme sans but lucratif", "organisme à but non lucratif", "NPO"],
    "cooperative": ["coopérative", "coop"],
    "municipality": ["municipalité", "MRC"],
    "public_body": ["organisme public"],
    "company": ["entreprise", "compagnie", "société"],
    "informal": ["groupe informel", "collectif"],
}
PROFESSION_SYNONYMS = {
    "community_organiser": ["organisateur communautaire", "organisatrice communautaire", "OC", "CO"],
    "development_agent": ["agent de développement", "agente de développement"],
    "social_development_adviser": ["conseiller en développement social", "conseillère en développement social"],
    "planner": ["aménagiste", "urbaniste"],
    "healthy_lifestyle_agent": ["agent de saines habitudes de vie", "agente de saines habitudes de vie"],
    "executive_director": ["directeur général", "directrice générale", "direction générale", "DG"],
    "coordinator": ["coordonnateur", "coordonnatrice", "coordination"],
    "elected_official": ["élu", "élue", "élu·e", "maire", "mairesse", "conseiller municipal", "conseillère municipale"],
}
SEAT_TYPE_SYNONYMS = {
    "organisational": ["organisme", "organisationnel", "organisation", "membre organisme", "institutionnel"],
    "citizen": ["citoyen", "citoyenne", "citoyen·ne", "siège citoyen"],
    "lived_experience": ["personne en situation de pauvreté", "expérience vécue", "savoir expérientiel"],
    "elected": ["élu", "élue", "élu·e", "élus", "siège élu"],
    "observer": ["observateur", "observatrice", "observateur·trice"],
    "ex_officio": ["d'office", "membre d'office", "ex officio"],
}
STATUS_SYNONYMS = {
    "active": ["actif", "active", "en cours", "ouvert", "offert"],
    "inactive": ["inactif", "inactive", "suspendu"],
    "defunct": ["fermé", "fermée", "terminé", "aboli", "n'existe plus"],
    "temporarily closed": ["fermé temporairement", "fermée temporairement", "temporairement fermé", "en pause"],
}
ROLE_SYNONYMS = {
    "member": ["membre"],
    "co_chair": ["coprésident", "coprésidente", "co-président", "co-présidente", "coprésidence"],
    "chair": ["président", "présidente", "présidence", "president"],
    "coordinator": ["coordonnateur", "coordonnatrice", "coordination"],
    "secretary": ["secrétaire"],
    "treasurer": ["trésorier", "trésorière", "trésorerie"],
}


def unresolved(plan: Plan) -> list[int]:
    return [row.line for row in plan.rows if row.action == CHOOSE]
