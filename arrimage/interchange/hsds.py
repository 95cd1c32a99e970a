"""Open Referral HSDS 3.0.1: organisations and their services, out and in.

Export: every organisation that offers a service, as HSDS `organization` objects with their `locations`
and `services` (service areas, places, themes as terms of the « arrimage-themes » taxonomy). Identifiers
are UUIDs derived from each record's number (uuid5 over a fixed namespace), so that two exports of the
same data carry the same ids. No contact of any person is ever exported: a service's own public address
goes in `service.email`, nothing else.

Import: the same shape (an object with `organizations`, a list of organisations, or one organisation),
or the tabular form of HSDS (`organizations.csv`, `services.csv`…, as a zip or as separate files), read
into the same shape. Everything is checked first (the HSDS schemas, the names, the territories, the
organisations to link); one error and nothing is written. Then organisations are linked (or created),
and services and places created or updated through the directory's services, in one transaction,
logged as an `ImportRun` of kind « hsds ». Importing the same file twice creates nothing new.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import uuid
import zipfile
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from functools import cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import ValidationError as SchemaError
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from arrimage.access import policy
from arrimage.actors.models import Organization, Sector
from arrimage.actors.services import OrganizationData, organization_create
from arrimage.concertation.models import Theme
from arrimage.core.text import nul_path, search_key
from arrimage.directory import selectors as directory_selectors
from arrimage.directory.models import Location, Service, ServiceStatus
from arrimage.directory.services import (
    LocationData,
    ServiceData,
    location_create,
    location_update,
    location_values,
    service_create,
    service_update,
    service_values,
)
from arrimage.territories.models import Territory

from .known import organization_index
from .matching import normalize
from .models import ImportChange, ImportKind, ImportRun, ImportStatus
from .normalize import nul_message
from .reading import ZIP_ERRORS

HSDS_VERSION = "3.0.1"
SCHEMA_DIR = Path(settings.BASE_DIR) / "standards" / "hsds" / HSDS_VERSION / "schema"
DATAPACKAGE = SCHEMA_DIR.parent / "datapackage.json"

#: The namespace of every id Arrimage gives in HSDS. Never change it: ids would change with it.
NAMESPACE = uuid.UUID("6f1c2a4e-7d3b-5e8a-9c41-2b7f0d5e3a19")
THEME_TAXONOMY = "arrimage-themes"
TERRITORY_URN = "urn:arrimage:territory:"


def hsds_id(kind: str, key: object) -> str:
    """The stable HSDS id of a record: `hsds_id("organization", 12)` is the same in every export."""
    return str(uuid.uuid5(NAMESPACE, f"arrimage:{kind}:{key}"))


# Schemas -------------------------------------------------------------------------------------------


@cache
def schema_registry() -> Registry:
    """The HSDS modular schemas, registered under their bare file names (their `$ref`s use them)."""
    resources = [
        (path.name, Resource.from_contents(json.loads(path.read_text("utf-8")), default_specification=DRAFT202012))
        for path in sorted(SCHEMA_DIR.glob("*.json"))
        if path.name != "openapi.json"
    ]
    return Registry().with_resources(resources)


@cache
def validator(name: str) -> Draft202012Validator:
    """A validator for the HSDS object `name` (`organization`, `service`, `location`…)."""
    registry = schema_registry()
    schema = registry.contents(f"{name}.json")
    return Draft202012Validator(schema, registry=registry, format_checker=FormatChecker())


# Export --------------------------------------------------------------------------------------------


def _compact(values: dict[str, Any]) -> dict[str, Any]:
    """Leave out empty optional text: HSDS readers tell « unknown » from « empty » by absence. Lists stay,
    empty or not, so that readers find every collection where they look for it."""
    return {key: value for key, value in values.items() if value is not None and value != ""}


def theme_term(theme: Theme, *, language: str = "fr") -> dict[str, Any]:
    """A theme as a term of the « arrimage-themes » taxonomy, in French or in English."""
    french = language == "fr"
    name = theme.name_fr if french else theme.name_en
    description = (theme.description_fr if french else theme.description_en) or name
    return {
        "id": hsds_id("theme", theme.slug) if french else hsds_id("theme", f"{theme.slug}:en"),
        "code": theme.slug,
        "name": name,
        "description": description,
        "taxonomy": THEME_TAXONOMY,
        "taxonomy_id": hsds_id("taxonomy", THEME_TAXONOMY),
        "language": language,
    }


def theme_taxonomy() -> dict[str, Any]:
    return {
        "id": hsds_id("taxonomy", THEME_TAXONOMY),
        "name": THEME_TAXONOMY,
        "description": "Thèmes de la concertation et du développement territorial au Québec (Arrimage). "
        "Themes of concertation and territorial development in Québec (Arrimage).",
        "version": "1",
    }


def _service_area(service: Service, territory: Territory) -> dict[str, Any]:
    return {
        "id": hsds_id("service_area", f"{service.pk}:{territory.public_id}"),
        "service_id": hsds_id("service", service.pk),
        "name": territory.name,
        "uri": f"{TERRITORY_URN}{territory.public_id}",
        "extent_type": "text",
        "extent": territory.public_id,
    }


def _attribute(service: Service, theme: Theme) -> dict[str, Any]:
    term = theme_term(theme)
    return {
        "id": hsds_id("attribute", f"service:{service.pk}:theme:{theme.slug}"),
        "link_id": hsds_id("service", service.pk),
        "link_type": "theme",
        "link_entity": "service",
        "taxonomy_term_id": term["id"],
        "taxonomy_term": term,
    }


def service_object(service: Service) -> dict[str, Any]:
    """One service as an HSDS `service` (its relations must be prefetched)."""
    ident = hsds_id("service", service.pk)
    return _compact(
        {
            "id": ident,
            "organization_id": hsds_id("organization", service.organization_id),
            "name": service.name,
            "alternate_name": service.alternate_name,
            "description": service.description,
            "url": service.url,
            "email": service.email,  # the service's own public address, never a person's
            "status": service.status,
            "eligibility_description": service.eligibility,
            "last_modified": service.updated_at.isoformat() if service.updated_at else None,
            "service_areas": [_service_area(service, territory) for territory in service.service_areas.all()],
            "service_at_locations": [
                {
                    "id": hsds_id("service_at_location", f"{service.pk}:{location.pk}"),
                    "service_id": ident,
                    "location_id": hsds_id("location", location.pk),
                }
                for location in service.locations.all()
            ],
            "attributes": [_attribute(service, theme) for theme in service.themes.all()],
        }
    ) | ({"contacts": [], "phones": []})


def location_object(location: Location) -> dict[str, Any]:
    """A place as an HSDS `location`: a public place of an organisation, never a person's address."""
    ident = hsds_id("location", location.pk)
    addresses = []
    if location.address or location.city or location.postal_code:
        addresses.append(
            {
                "id": hsds_id("address", location.pk),
                "location_id": ident,
                "address_1": location.address,
                "city": location.city,
                "state_province": "QC",
                "postal_code": location.postal_code,
                "country": "CA",
                "address_type": "physical",
            }
        )
    territory = location.territory
    return _compact(
        {
            "id": ident,
            "location_type": "physical",
            "organization_id": hsds_id("organization", location.organization_id),
            "name": location.name,
            "latitude": location.latitude,
            "longitude": location.longitude,
            "external_identifier": territory.public_id if territory else None,
            "external_identifier_type": "arrimage-territory" if territory else None,
            "addresses": addresses,
        }
    )


def organization_object(organization: Organization) -> dict[str, Any]:
    """An organisation as an HSDS `organization`, with its locations and its services."""
    ident = hsds_id("organization", organization.pk)
    identifiers = []
    if organization.neq:
        identifiers.append(
            {
                "id": hsds_id("organization_identifier", f"{organization.pk}:neq"),
                "organization_id": ident,
                "identifier_scheme": "CA-QC-NEQ",
                "identifier_type": "Numéro d'entreprise du Québec (NEQ)",
                "identifier": organization.neq,
            }
        )
    return _compact(
        {
            "id": ident,
            "name": organization.name,
            "alternate_name": organization.acronym,
            "description": organization.mission or organization.name,
            "website": organization.website,
            "parent_organization_id": hsds_id("organization", organization.parent_id)
            if organization.parent_id
            else None,
            "organization_identifiers": identifiers,
            "locations": [location_object(location) for location in organization.locations.all()],
            "services": [service_object(service) for service in organization.services.all()],
        }
    ) | ({"contacts": [], "phones": []})


def hsds_export(*, organization_ids: list[int] | None = None) -> dict[str, Any]:
    """The HSDS document of the organisations that offer services (or of those asked for).

    A fixed number of queries whatever the number of organisations.
    """
    organizations = list(directory_selectors.services_for_export(organization_ids))
    themes = {theme.slug: theme for o in organizations for s in o.services.all() for theme in s.themes.all()}
    terms = [theme_term(themes[slug], language=language) for slug in sorted(themes) for language in ("fr", "en")]
    return {
        "hsds_version": HSDS_VERSION,
        "generator": "Arrimage",
        "taxonomies": [theme_taxonomy()],
        "taxonomy_terms": terms,
        "organizations": [organization_object(organization) for organization in organizations],
    }


# Errors --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class HsdsError:
    """One problem of the file: where (`organizations[2].services[0].name`) and what, in words."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path} : {self.message}" if self.path else self.message


class HsdsImportError(Exception):
    """The file was refused; nothing was written."""

    def __init__(self, errors: list[HsdsError]) -> None:
        super().__init__("; ".join(str(error) for error in errors))
        self.errors = errors


def _path(*parts: str | int) -> str:
    text = ""
    for part in parts:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else part
    return text


def _schema_message(error: SchemaError) -> str:
    """The validator's error, said in the user's language."""
    if error.validator == "required":
        missing = [name for name in error.validator_value if isinstance(error.instance, dict)]
        missing = [name for name in missing if name not in error.instance]
        return _("The field « %(field)s » is required.") % {"field": ", ".join(missing)}
    if error.validator == "type":
        return _("The value must be of type « %(type)s ».") % {"type": error.validator_value}
    if error.validator == "format":
        return _("The value is not a valid « %(format)s ».") % {"format": error.validator_value}
    if error.validator == "enum":
        return _("The value must be one of: %(choices)s.") % {
            "choices": ", ".join(f"« {choice} »" for choice in error.validator_value)
        }
    return _("The value is not valid.")


def schema_errors(name: str, instance: Any, base: str) -> list[HsdsError]:
    """The errors of `instance` against the HSDS schema of `name`, each with its path under `base`."""
    errors = []
    for error in sorted(validator(name).iter_errors(instance), key=lambda e: [str(p) for p in e.absolute_path]):
        path = base
        for part in error.absolute_path:
            path = _path(path, part)
        errors.append(HsdsError(path, _schema_message(error)))
    return errors


# Reading the tabular form ----------------------------------------------------------------------------

# The tables that the import reads, by file name (both names of service_at_location are in use).
_TABLES = {
    "organizations.csv": "organization",
    "services.csv": "service",
    "service_areas.csv": "service_area",
    "locations.csv": "location",
    "addresses.csv": "address",
    "service_at_location.csv": "service_at_location",
    "service_at_locations.csv": "service_at_location",
    "attributes.csv": "attribute",
    "taxonomy_terms.csv": "taxonomy_term",
    "organization_identifiers.csv": "organization_identifier",
}


@cache
def _column_types() -> dict[str, dict[str, str]]:
    """The type of each column of each HSDS table, from the standard's datapackage.json."""
    package = json.loads(DATAPACKAGE.read_text("utf-8"))
    return {
        resource["name"]: {column["name"]: column["type"] for column in resource["schema"]["fields"]}
        for resource in package["resources"]
    }


def _typed(table: str, file_name: str, line: int, row: dict[str, str]) -> dict[str, Any]:
    types = _column_types().get(table, {})
    required = set(schema_registry().contents(f"{table}.json").get("required", []))
    values: dict[str, Any] = {}
    for column, text in row.items():
        if column is None or text is None:
            continue
        if text.strip() == "":
            # An empty cell is an absent value, except for a required text (an empty description).
            if column in required and types.get(column) == "string":
                values[column] = ""
            continue
        text = text.strip()
        if types.get(column) in ("number", "integer"):
            try:
                values[column] = float(text.replace(",", ".")) if types[column] == "number" else int(text)
            except ValueError:
                raise HsdsImportError(
                    [
                        HsdsError(
                            _("%(file)s, line %(line)s, column %(column)s")
                            % {
                                "file": file_name,
                                "line": line,
                                "column": column,
                            },
                            _("A number is expected."),
                        )
                    ]
                ) from None
        else:
            values[column] = text
    return values


def read_tables(files: Mapping[str, bytes | str]) -> dict[str, Any]:
    """The HSDS tabular form (CSV files, UTF-8, by file name) as the nested document the import reads.

    Files it does not use (contacts, phones, schedules…) are ignored: no person's contact is ever read.
    """
    tables: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for file_name, content in files.items():
        base = file_name.replace("\\", "/").rsplit("/", 1)[-1].lower()
        table = _TABLES.get(base)
        if table is None:
            continue
        try:
            text = content.decode("utf-8-sig") if isinstance(content, bytes) else content.lstrip("\ufeff")
            rows = list(csv.DictReader(io.StringIO(text)))
        except (UnicodeDecodeError, csv.Error):
            message = _("The file « %(name)s » cannot be read: save it as CSV in UTF-8 and try again.")
            raise HsdsImportError([HsdsError("", message % {"name": base})]) from None
        for line, row in enumerate(rows, start=2):
            tables[table].append(_typed(table, base, line, row))

    def by(table: str, key: str) -> dict[str, list[dict[str, Any]]]:
        grouped: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for row in tables[table]:
            grouped[row.get(key, "")].append(row)
        return grouped

    terms = {row.get("id"): row for row in tables["taxonomy_term"]}
    attributes = by("attribute", "link_id")
    for rows in attributes.values():
        for row in rows:
            if row.get("taxonomy_term_id") in terms:
                row["taxonomy_term"] = terms[row["taxonomy_term_id"]]
    areas, places, addresses = (
        by("service_area", "service_id"),
        by("service_at_location", "service_id"),
        by("address", "location_id"),
    )
    identifiers = by("organization_identifier", "organization_id")
    services, locations = by("service", "organization_id"), by("location", "organization_id")
    for service in tables["service"]:
        service["service_areas"] = areas.get(service.get("id", ""), [])
        service["service_at_locations"] = places.get(service.get("id", ""), [])
        service["attributes"] = attributes.get(service.get("id", ""), [])
    for location in tables["location"]:
        location["addresses"] = addresses.get(location.get("id", ""), [])
    organizations = []
    for organization in tables["organization"]:
        ident = organization.get("id", "")
        organization["services"] = services.pop(ident, [])
        organization["locations"] = locations.pop(ident, [])
        organization["organization_identifiers"] = identifiers.get(ident, [])
        organizations.append(organization)
    orphans = [row for rows in services.values() for row in rows]
    if orphans:
        raise HsdsImportError(
            [
                HsdsError(
                    "services.csv",
                    _("The service « %(name)s » names an organisation that is not in organizations.csv.")
                    % {"name": row.get("name", "?")},
                )
                for row in orphans
            ]
        )
    return {"organizations": organizations}


def read_zip(content: bytes) -> dict[str, Any]:
    """The tabular form, as a zip of CSV files."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            files = {
                info.filename: archive.read(info)
                for info in archive.infolist()
                if not info.is_dir() and info.filename.lower().endswith(".csv") and info.file_size < 50_000_000
            }
    except ZIP_ERRORS:
        raise HsdsImportError([HsdsError("", _("This file is not a zip archive."))]) from None
    return read_tables(files)


def read_json(content: bytes | str) -> Any:
    try:
        return json.loads(content)
    except (ValueError, UnicodeDecodeError):
        raise HsdsImportError([HsdsError("", _("This file is not valid JSON."))]) from None


# Import --------------------------------------------------------------------------------------------


@dataclass
class _PlannedLocation:
    path: str
    hsds: str
    data: LocationData
    existing: Location | None = None
    saved: Location | None = None


@dataclass
class _PlannedService:
    path: str
    hsds: str
    data: ServiceData
    location_ids: list[str]
    existing: Service | None = None


@dataclass
class _PlannedOrganization:
    path: str
    name: str
    data: OrganizationData
    existing: Organization | None = None
    same_as: _PlannedOrganization | None = None  # a second entry of the file for the same organisation
    created: Organization | None = None
    locations: list[_PlannedLocation] = field(default_factory=list)
    services: list[_PlannedService] = field(default_factory=list)

    @property
    def organization(self) -> Organization | None:
        if self.same_as is not None:
            return self.same_as.organization
        return self.existing or self.created


def _organizations_of(document: Any) -> tuple[list[Any], str]:
    """The organisation entries of the document and the path they sit under."""
    if isinstance(document, list):
        return document, ""
    if isinstance(document, dict) and isinstance(document.get("organizations"), list):
        return document["organizations"], "organizations"
    if isinstance(document, dict) and "name" in document:
        return [document], ""
    raise HsdsImportError(
        [HsdsError("", _("The file holds no organisation: an « organizations » list, or organisations, is expected."))]
    )


def _entry_path(base: str, index: int, single: bool) -> str:
    if single and not base:
        return ""
    return f"{base}[{index}]" if base else f"[{index}]"


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


class _Territories:
    """Territories named by service areas and places: by identifier (`urn:arrimage:territory:mrc:31`,
    `mrc:31`) or by exact name when only one territory has it."""

    def __init__(self) -> None:
        self.cache: dict[str, list[Territory]] = {}

    def find(self, text: str) -> list[Territory]:
        if text in self.cache:
            return self.cache[text]
        public_id = text.removeprefix(TERRITORY_URN)
        territories = Territory.objects.without_geometry().only("kind", "code", "name")
        found: list[Territory] = []
        if ":" in public_id and " " not in public_id:
            found = list(territories.by_code(public_id))
        if not found:
            found = list(territories.filter(search_key=search_key(text)).order_by("kind", "code"))
        self.cache[text] = found
        return found


def _service_area_territory(area: dict[str, Any], path: str, finder: _Territories) -> Territory | HsdsError:
    for key in ("uri", "extent", "name"):
        value = _text(area.get(key))
        if key == "extent" and _text(area.get("extent_type")) not in ("", "text"):
            continue
        if not value:
            continue
        found = finder.find(value)
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            return HsdsError(
                path,
                _("Several territories are called « %(name)s »: %(choices)s. Write its identifier in « uri ».")
                % {"name": value, "choices": ", ".join(t.public_id for t in found[:5])},
            )
    label = _text(area.get("name")) or _text(area.get("uri")) or "?"
    return HsdsError(path, _("No territory of Québec is called « %(name)s ».") % {"name": label})


class _Themes:
    """The Arrimage themes, by identifier and by name in French and in English."""

    def __init__(self) -> None:
        self.by_slug = {theme.slug: theme for theme in Theme.objects.all()}
        self.by_name = {search_key(t.name_fr): t for t in self.by_slug.values()}
        self.by_name |= {search_key(t.name_en): t for t in self.by_slug.values()}


def _themes(attributes: Any, known: _Themes) -> list[Theme]:
    """The Arrimage themes among a service's attributes; terms of other taxonomies are left aside."""
    themes: list[Theme] = []
    for attribute in attributes if isinstance(attributes, list) else []:
        term = attribute.get("taxonomy_term") if isinstance(attribute, dict) else None
        if not isinstance(term, dict):
            continue
        theme = known.by_slug.get(_text(term.get("code"))) or known.by_name.get(search_key(_text(term.get("name"))))
        if theme is not None and theme not in themes:
            themes.append(theme)
    return themes


def _status(value: Any) -> str:
    return value if value in ServiceStatus.values else ServiceStatus.ACTIVE


def _organization_data(entry: dict[str, Any], sector: str) -> OrganizationData:
    alternate = _text(entry.get("alternate_name"))
    neq = ""
    for identifier in entry.get("organization_identifiers") or []:
        if (
            isinstance(identifier, dict)
            and "NEQ" in f"{identifier.get('identifier_scheme')}{identifier.get('identifier_type')}"
        ):
            neq = "".join(_text(identifier.get("identifier")).split())
    description = _text(entry.get("description"))
    name = _text(entry.get("name"))
    return OrganizationData(
        name=name,
        sector=sector,
        acronym=alternate if len(alternate) <= 40 else "",
        other_names=[alternate] if len(alternate) > 40 else [],
        neq=neq,
        website=_text(entry.get("website")),
        mission="" if description == name else description,
    )


def _location_data(entry: dict[str, Any], path: str, finder: _Territories, errors: list[HsdsError]) -> LocationData:
    address = next((a for a in entry.get("addresses") or [] if isinstance(a, dict)), {})
    territory = None
    if _text(entry.get("external_identifier_type")) == "arrimage-territory":
        found = finder.find(_text(entry.get("external_identifier")))
        if len(found) == 1:
            territory = found[0]
        else:
            errors.append(
                HsdsError(
                    _path(path, "external_identifier"),
                    _("No territory of Québec is called « %(name)s ».") % {"name": entry.get("external_identifier")},
                )
            )
    return LocationData(
        name=_text(entry.get("name")) or _text(address.get("address_1")),
        address=" ".join(filter(None, [_text(address.get("address_1")), _text(address.get("address_2"))])),
        city=_text(address.get("city")),
        postal_code=_text(address.get("postal_code"))[:10],
        territory=territory,
        latitude=entry.get("latitude"),
        longitude=entry.get("longitude"),
    )


def _plan(document: Any, *, sector: str, acting_user: Any) -> list[_PlannedOrganization]:
    """Read and check the whole document without writing anything. Raises HsdsImportError."""
    entries, base = _organizations_of(document)
    single = isinstance(document, dict) and base == ""
    errors: list[HsdsError] = []
    for index, entry in enumerate(entries):
        path = _entry_path(base, index, single)
        services = entry.get("services") if isinstance(entry, dict) else None
        bare = {k: v for k, v in entry.items() if k != "services"} if isinstance(entry, dict) else entry
        errors += schema_errors("organization", bare, path)
        if services is not None and not isinstance(services, list):
            errors.append(
                HsdsError(_path(path, "services"), _("The value must be of type « %(type)s ».") % {"type": "array"})
            )
        for position, service in enumerate(services if isinstance(services, list) else []):
            errors += schema_errors("service", service, _path(path, "services", position))
    if errors:
        raise HsdsImportError(errors)

    index_of = organization_index()
    own_organizations = {hsds_id("organization", pk): pk for pk in index_of.organizations}
    finder = _Territories()
    themes = _Themes()
    by_neq = dict(Organization.objects.exclude(neq="").values_list("neq", "pk"))
    planned: list[_PlannedOrganization] = []
    by_name: dict[str, _PlannedOrganization] = {}
    existing_ids: set[int] = set()
    for index, entry in enumerate(entries):
        path = _entry_path(base, index, single)
        name = _text(entry.get("name"))
        if not name:
            errors.append(HsdsError(_path(path, "name"), _("Give the organisation a name.")))
            continue
        plan = _PlannedOrganization(path=path, name=name, data=_organization_data(entry, sector))
        own = own_organizations.get(_text(entry.get("id"))) or by_neq.get(plan.data.neq or "-")
        if own is not None:
            existing_ids.add(own)
            plan.existing = Organization(pk=own)
        elif normalize(name) in by_name:
            plan.same_as = by_name[normalize(name)]
        else:
            decision = index_of.decide(name)
            if decision.kind == "sure" and decision.best is not None:
                existing_ids.add(decision.best.organization_id)
                plan.existing = Organization(pk=decision.best.organization_id)
            elif decision.kind == "ambiguous":
                choices = ", ".join(f"« {c.name} » [{c.organization_id}]" for c in decision.candidates[:5])
                errors.append(
                    HsdsError(
                        _path(path, "name"),
                        _(
                            "« %(name)s » may be one of these organisations: %(choices)s. Write its exact name in "
                            "the file, then import again."
                        )
                        % {"name": name, "choices": choices},
                    )
                )
        by_name.setdefault(normalize(name), plan)
        for position, location in enumerate(entry.get("locations") or []):
            location_path = _path(path, "locations", position)
            data = _location_data(location, location_path, finder, errors)
            if not data.name:
                errors.append(HsdsError(_path(location_path, "name"), _("Give the place a name.")))
            plan.locations.append(_PlannedLocation(location_path, _text(location.get("id")), data))
        for position, service in enumerate(entry.get("services") or []):
            service_path = _path(path, "services", position)
            service_name = _text(service.get("name"))
            if not service_name:
                errors.append(HsdsError(_path(service_path, "name"), _("Give the service a name.")))
            areas: list[Territory] = []
            for area_index, area in enumerate(service.get("service_areas") or []):
                found = _service_area_territory(area, _path(service_path, "service_areas", area_index), finder)
                if isinstance(found, HsdsError):
                    errors.append(found)
                elif found not in areas:
                    areas.append(found)
            location_ids = [
                _text(link.get("location_id")) or _text((link.get("location") or {}).get("id"))
                for link in service.get("service_at_locations") or []
                if isinstance(link, dict)
            ]
            service_data = ServiceData(
                name=service_name,
                alternate_name=_text(service.get("alternate_name"))[:250],
                description=_text(service.get("description")),
                url=_text(service.get("url")),
                email=_text(service.get("email")),
                status=_status(service.get("status")),
                eligibility=_text(service.get("eligibility_description")),
                themes=_themes(service.get("attributes"), themes),
                service_areas=areas,
            )
            plan.services.append(
                _PlannedService(service_path, _text(service.get("id")), service_data, [i for i in location_ids if i])
            )
        planned.append(plan)
    if errors:
        raise HsdsImportError(errors)

    # The organisations to link, with their services and places, read once.
    organizations = {
        o.pk: o for o in directory_selectors.services_for_export(sorted(existing_ids)) if o.pk in existing_ids
    }
    for plan in planned:
        if plan.existing is not None:
            plan.existing = organizations[plan.existing.pk]
        target = plan.same_as or plan
        if target.existing is not None and not policy.can_create_service(acting_user, target.existing):
            errors.append(
                HsdsError(
                    plan.path,
                    _("You may not change the services of « %(name)s ».") % {"name": target.existing.name},
                )
            )
    if any(plan.existing is None and plan.same_as is None for plan in planned) and not policy.can_create_organization(
        acting_user
    ):
        errors.append(HsdsError("", _("You may not create organisations.")))
    if errors:
        raise HsdsImportError(errors)
    return planned


def _service_state(service: Service) -> dict[str, Any]:
    """What an import may change of a service, as plain values (to compare, and to undo)."""
    values = {f.name: getattr(service, f.name) for f in fields(ServiceData) if f.name not in _RELATIONS}
    values["themes"] = sorted(t.pk for t in service.themes.all())
    values["service_areas"] = sorted(t.pk for t in service.service_areas.all())
    values["locations"] = sorted(location.pk for location in service.locations.all())
    values["version"] = service.version
    return values


_RELATIONS = {"themes", "service_areas", "locations"}


def _wanted_state(data: ServiceData, current: Service) -> dict[str, Any]:
    cleaned = service_values(data)  # cleaned as the service will store them
    values = {f.name: cleaned[f.name] for f in fields(ServiceData) if f.name not in _RELATIONS}
    values["themes"] = sorted(t.pk for t in data.themes)
    values["service_areas"] = sorted(t.pk for t in data.service_areas)
    values["locations"] = sorted(location.pk for location in data.locations)
    values["version"] = current.version
    return values


_LOCATION_FIELDS = ("name", "address", "city", "postal_code", "territory_id", "latitude", "longitude")


def _location_state(location: Location) -> dict[str, Any]:
    return {name: getattr(location, name) for name in _LOCATION_FIELDS}


@dataclass
class HsdsImportResult:
    run: ImportRun
    counts: dict[str, int]


def hsds_import(
    *,
    document: Any,
    acting_user: Any,
    filename: str = "hsds.json",
    digest: str = "",
    sector: str = Sector.OTHER,
) -> HsdsImportResult:
    """Import an HSDS document (see the module's docstring). Raises HsdsImportError, with every problem
    found and its path, when anything is wrong; then nothing was written."""
    if (place := nul_path(document)) is not None:
        raise HsdsImportError([HsdsError("", nul_message(place))])
    planned = _plan(document, sector=sector, acting_user=acting_user)
    counts: dict[str, int] = defaultdict(int)
    changes: list[ImportChange] = []
    try:
        with transaction.atomic():
            run = ImportRun.objects.create(
                user=acting_user if getattr(acting_user, "is_authenticated", False) else None,
                kind=ImportKind.HSDS,
                filename=filename[:255],
                digest=digest or hashlib.sha256(json.dumps(document, sort_keys=True).encode()).hexdigest(),
                status=ImportStatus.COMMITTED,
            )

            def log(instance: Any, action: str, before: dict[str, Any] | None = None) -> None:
                changes.append(
                    ImportChange(
                        run=run,
                        model=instance._meta.label_lower,
                        object_id=instance.pk,
                        action=action,
                        before=json.loads(json.dumps(before or {}, default=str)),
                        order=len(changes),
                    )
                )

            for plan in planned:
                organization = plan.organization
                if organization is None:
                    try:
                        organization = organization_create(data=plan.data, acting_user=acting_user)
                    except ValidationError as error:
                        raise HsdsImportError(_located(plan.path, error)) from None
                    plan.created = organization
                    log(organization, ImportChange.Action.CREATED)
                    counts["organizations_created"] += 1
                elif plan.same_as is None:
                    counts["organizations_linked"] += 1
                _import_locations(plan, organization, acting_user, log, counts)
                _import_services(plan, organization, acting_user, log, counts)
            ImportChange.objects.bulk_create(changes)
            run.counts = dict(counts)
            run.committed_at = timezone.now()
            run.save(update_fields=["counts", "committed_at"])
    except ValidationError as error:
        raise HsdsImportError([HsdsError("", message) for message in error.messages]) from None
    return HsdsImportResult(run=run, counts=dict(counts))


def _import_locations(
    plan: _PlannedOrganization, organization: Organization, acting_user: Any, log: Any, counts: dict[str, int]
) -> None:
    known = list(organization.locations.all()) if plan.existing is not None else []
    if plan.same_as is not None:
        known = list(Location.objects.filter(organization=organization))
    by_id = {hsds_id("location", location.pk): location for location in known}
    by_name = {normalize(location.name): location for location in known}
    for item in plan.locations:
        existing = by_id.get(item.hsds) or by_name.get(normalize(item.data.name))
        try:
            if existing is None:
                item.saved = location_create(organization=organization, data=item.data, acting_user=acting_user)
                log(item.saved, ImportChange.Action.CREATED)
                counts["locations_created"] += 1
                by_name[normalize(item.data.name)] = item.saved
            else:
                wanted = location_values(item.data)
                territory = wanted.pop("territory")
                wanted["territory_id"] = territory.pk if territory is not None else None
                if wanted == _location_state(existing):
                    item.saved = existing
                    counts["locations_unchanged"] += 1
                else:
                    item.saved = location_update(location=existing, data=item.data, acting_user=acting_user)
                    log(existing, ImportChange.Action.UPDATED, _location_state(existing))
                    counts["locations_updated"] += 1
        except ValidationError as error:
            raise HsdsImportError(_located(item.path, error)) from None


def _import_services(
    plan: _PlannedOrganization, organization: Organization, acting_user: Any, log: Any, counts: dict[str, int]
) -> None:
    if plan.existing is not None:
        known = list(organization.services.all())
    else:
        known = list(
            Service.objects.filter(organization=organization).prefetch_related(*directory_selectors.service_relations())
        )
    by_id = {hsds_id("service", service.pk): service for service in known}
    by_name = {normalize(service.name): service for service in known}
    locations = {item.hsds: item.saved for item in (plan.same_as or plan).locations if item.hsds and item.saved}
    locations |= {item.hsds: item.saved for item in plan.locations if item.hsds and item.saved}
    for item in plan.services:
        missing = [ident for ident in item.location_ids if ident not in locations]
        if missing:
            raise HsdsImportError(
                [
                    HsdsError(
                        _path(item.path, "service_at_locations"),
                        _("The place « %(id)s » is not among the locations of this organisation.") % {"id": missing[0]},
                    )
                ]
            )
        item.data.locations = [locations[ident] for ident in dict.fromkeys(item.location_ids)]
        existing = by_id.get(item.hsds) or by_name.get(normalize(item.data.name))
        try:
            if existing is None:
                service = service_create(organization=organization, data=item.data, acting_user=acting_user)
                log(service, ImportChange.Action.CREATED)
                counts["services_created"] += 1
                by_name[normalize(service.name)] = service
            elif _wanted_state(item.data, existing) == _service_state(existing):
                counts["services_unchanged"] += 1
            else:
                before = _service_state(existing)
                service_update(service=existing, data=item.data, acting_user=acting_user)
                log(existing, ImportChange.Action.UPDATED, before)
                counts["services_updated"] += 1
        except ValidationError as error:
            raise HsdsImportError(_located(item.path, error)) from None


def _located(path: str, error: ValidationError) -> list[HsdsError]:
    if hasattr(error, "error_dict"):
        return [
            HsdsError(path if name == "__all__" else _path(path, name), message)
            for name, messages in error.message_dict.items()
            for message in messages
        ]
    return [HsdsError(path, message) for message in error.messages]


def hsds_import_files(*, files: Mapping[str, bytes], acting_user: Any, sector: str = Sector.OTHER) -> HsdsImportResult:
    """Import uploaded files: one HSDS JSON file, one zip of the tabular form, or the CSV files themselves."""
    names = list(files)
    digest = hashlib.sha256(b"".join(files[name] for name in sorted(names))).hexdigest()
    if len(names) == 1 and names[0].lower().endswith(".json"):
        document = read_json(files[names[0]])
    elif len(names) == 1 and names[0].lower().endswith(".zip"):
        document = read_zip(files[names[0]])
    else:
        document = read_tables(files)
    filename = ", ".join(sorted(names))
    return hsds_import(document=document, acting_user=acting_user, filename=filename, digest=digest, sector=sector)
