"""Everything Arrimage holds about one person, as a JSON document or a spreadsheet (right of access).

The export holds the person's record, their account, their consents, jobs, seats, plan accompaniments,
meetings attended (or where they replaced someone) and the follow-ups of decisions they took on, and the
history of each of these records. Left out: the columns that only serve the software (search key,
version number, demonstration flag) and the account's security data (password, permissions, API keys).
"""

from __future__ import annotations

import datetime as dt
import io
import json
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook

from arrimage.actors.models import Consent, Person, Position
from arrimage.concertation.models import Membership
from arrimage.core.audit import FieldChange, histories
from arrimage.meetings.models import Attendance, FollowUp
from arrimage.plans.models import Accompaniment

FORMAT = "arrimage-person-data/1"

# Columns kept out of the export: they only serve the software, or they are the link to the person.
PERSON_EXCLUDED = frozenset({"search_key", "search_stems", "version", "is_demo", "user"})
RELATED_EXCLUDED = frozenset({"person"})
ACCOUNT_FIELDS = ("email", "first_name", "last_name", "date_joined", "last_login", "is_active")
HISTORY_LIMIT = 10_000

SECTION_TITLES = {
    "person": gettext_lazy("Person"),
    "account": gettext_lazy("Account"),
    "consents": gettext_lazy("Consents"),
    "positions": gettext_lazy("Positions"),
    "memberships": gettext_lazy("Seats"),
    "accompaniments": gettext_lazy("Accompaniments"),
    "attendances": gettext_lazy("Meetings"),
    "follow_ups": gettext_lazy("Follow-ups"),
    "history": gettext_lazy("History"),
}


@dataclass
class Section:
    """One kind of record: its columns (name and readable label) and one row per record."""

    key: str
    columns: list[tuple[str, str]] = field(default_factory=list)
    rows: list[dict[str, Any]] = field(default_factory=list)

    @property
    def title(self) -> str:
        return str(SECTION_TITLES[self.key])


@dataclass
class PersonExport:
    person: Person
    generated_at: dt.datetime
    sections: list[Section]

    def as_dict(self) -> dict[str, Any]:
        document: dict[str, Any] = {
            "format": FORMAT,
            "generated_at": self.generated_at.isoformat(),
            "person_id": self.person.pk,
        }
        for section in self.sections:
            if section.key in {"person", "account"}:  # one record, or none (a person without an account)
                document[section.key] = section.rows[0] if section.rows else None
            else:
                document[section.key] = section.rows
        return document


def _value(instance: models.Model, model_field: models.Field[Any, Any]) -> Any:
    """A readable, JSON-ready value: labels for choices, names for related records, ISO dates."""
    if model_field.choices:
        return str(getattr(instance, f"get_{model_field.name}_display")())
    if model_field.is_relation:
        related = getattr(instance, model_field.name)
        return str(related) if related is not None else None
    value = getattr(instance, model_field.attname)
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).isoformat(timespec="seconds")
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _section(key: str, instances: list[Any], excluded: frozenset[str], model: type[models.Model]) -> Section:
    fields = [f for f in model._meta.concrete_fields if f.name not in excluded]
    section = Section(key, [(f.name, str(f.verbose_name)) for f in fields])
    section.rows = [{f.name: _value(instance, f) for f in fields} for instance in instances]
    return section


def _account(person: Person) -> Section:
    section = Section("account")
    user = person.user
    if user is None:
        return section
    fields = [f for f in user._meta.concrete_fields if f.name in ACCOUNT_FIELDS]
    section.columns = [(f.name, str(f.verbose_name)) for f in fields]
    section.rows = [{f.name: _value(user, f) for f in fields}]
    return section


def _history(records: list[tuple[str, models.Model]]) -> Section:
    section = Section(
        "history",
        [
            ("record", _("Record")),
            ("when", _("When")),
            ("who", _("Who")),
            ("kind", _("Change")),
            ("reason", _("Reason")),
            ("field", _("Field")),
            ("before", _("Before")),
            ("after", _("After")),
        ],
    )
    found = histories([instance for _label, instance in records], limit=HISTORY_LIMIT)
    for (label, _instance), entries in zip(records, found, strict=True):
        for entry in entries:
            common = {
                "record": label,
                "when": timezone.localtime(entry.when).isoformat(timespec="seconds"),
                "who": entry.who,
                "kind": entry.kind,
                "reason": entry.reason,
            }
            changes: list[FieldChange | None] = list(entry.changes) or [None]
            for change in changes:
                section.rows.append(
                    {
                        **common,
                        "field": change.field if change else "",
                        "before": change.before if change else "",
                        "after": change.after if change else "",
                    }
                )
    return section


def person_export(person: Person) -> PersonExport:
    """Gather everything held about `person`, in a fixed number of queries (one per kind of record for
    their history)."""
    person = Person.objects.select_related("user").get(pk=person.pk)
    consents = list(Consent.objects.filter(person=person).select_related("recorded_by").order_by("given_on", "pk"))
    positions = list(Position.objects.filter(person=person).select_related("organization").order_by("start_date", "pk"))
    memberships = list(
        Membership.objects.filter(person=person)
        .select_related("seat__concertation", "organization")
        .order_by("start_date", "pk")
    )
    accompaniments = list(
        Accompaniment.objects.filter(person=person).select_related("plan", "organization").order_by("start_date", "pk")
    )
    attendances = list(
        Attendance.objects.filter(Q(person=person) | Q(substitute=person))
        .select_related("meeting__concertation", "seat", "organization", "person", "substitute")
        .order_by("meeting__starts_at", "pk")
    )
    follow_ups = list(
        FollowUp.objects.filter(person=person)
        .select_related("decision__meeting", "organization", "action")
        .order_by("due_on", "pk")
    )
    attendances_section = _section("attendances", attendances, frozenset(), Attendance)
    attendances_section.columns[:1] = [("concertation", _("Concertation")), ("day", _("Day"))]
    for row, attendance in zip(attendances_section.rows, attendances, strict=True):
        del row["meeting"]
        row["concertation"] = attendance.meeting.concertation.name
        row["day"] = timezone.localtime(attendance.meeting.starts_at).date().isoformat()
    memberships_section = _section("memberships", memberships, RELATED_EXCLUDED, Membership)
    memberships_section.columns.insert(0, ("concertation", _("Concertation")))
    for row, membership in zip(memberships_section.rows, memberships, strict=True):
        row["concertation"] = membership.seat.concertation.name
    history_records: list[tuple[str, models.Model]] = [(_("Person"), person)]
    history_records += [(f"{_('Consent')} {c.pk}", c) for c in consents]
    history_records += [(f"{_('Position')} {p.pk}", p) for p in positions]
    history_records += [(f"{_('Seat')} {m.pk}", m) for m in memberships]
    history_records += [(f"{_('Accompaniment')} {a.pk}", a) for a in accompaniments]
    history_records += [(f"{_('Attendance')} {a.pk}", a) for a in attendances]
    history_records += [(f"{_('Follow-up')} {f.pk}", f) for f in follow_ups]
    return PersonExport(
        person=person,
        generated_at=timezone.now(),
        sections=[
            _section("person", [person], PERSON_EXCLUDED, Person),
            _account(person),
            _section("consents", consents, RELATED_EXCLUDED, Consent),
            _section("positions", positions, RELATED_EXCLUDED, Position),
            memberships_section,
            _section("accompaniments", accompaniments, RELATED_EXCLUDED, Accompaniment),
            attendances_section,
            _section("follow_ups", follow_ups, RELATED_EXCLUDED, FollowUp),
            _history(history_records),
        ],
    )


def export_json(export: PersonExport) -> bytes:
    return json.dumps(export.as_dict(), ensure_ascii=False, indent=2).encode()


def _cell(value: Any) -> Any:
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return value


def export_xlsx(export: PersonExport) -> bytes:
    """A workbook with a first sheet saying what it is, then one sheet per kind of record."""
    workbook = Workbook()
    about = workbook.active
    assert about is not None
    about.title = _("About")
    about.append([_("Everything Arrimage holds about %(name)s.") % {"name": export.person.full_name}])
    about.append(
        [_("Produced on %(when)s.") % {"when": timezone.localtime(export.generated_at).strftime("%Y-%m-%d %H:%M")}]
    )
    about.append([_("Each following sheet lists one kind of record, with its history on the last sheet.")])
    for section in export.sections:
        sheet = workbook.create_sheet(section.title[:31])
        sheet.append([label for _name, label in section.columns])
        for row in section.rows:
            sheet.append([_cell(row.get(name)) for name, _label in section.columns])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
