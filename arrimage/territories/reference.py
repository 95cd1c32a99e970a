"""Reading and checking the Québec reference geography shipped in `territories/data/`.

This module only reads files: it turns them into plain records, checking every column and value, and
stops at the first problem with a French message that names the file, the line and the column. The
service `reference_territories_load` writes the records.

Sources and licences: `territories/data/ATTRIBUTION.md`.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import shapely
from django.utils.translation import gettext as _
from shapely.geometry import mapping, shape
from shapely.geometry.base import BaseGeometry

from .models import TerritoryKind

DATA_DIR = Path(__file__).resolve().parent / "data"

MUNICIPALITIES_FILE = "municipalites_qc.csv"
BOROUGHS_FILE = "arrondissements_qc.csv"
MRC_FILE = "mrc_qc.geojson"
REGIONS_FILE = "regions_administratives_qc.geojson"
REFERENCE_FILES = (MUNICIPALITIES_FILE, BOROUGHS_FILE, MRC_FILE, REGIONS_FILE)

PROVINCE_CODE = "24"
PROVINCE_NAME = "Québec"

MUNICIPALITY_COLUMNS = (
    "code_geo",
    "nom",
    "designation",
    "region_code",
    "mrc_code",
    "communaute_metropolitaine",
    "rss_code",
    "rss_nom",
    "rmr_nom",
    "zim_code",
    "typologie_mrc_code",
    "population_mamh",
    "population_isq_d001",
    "population_recensement_2021",
    "superficie_totale_km2",
    "superficie_terre_km2",
    "date_constitution",
    "site_web",
    "latitude",
    "longitude",
    "sources",
)
BOROUGH_COLUMNS = ("arrondissement_code", "arrondissement_nom", "ville_code_geo", "site_web", "date_constitution")
MRC_PROPERTIES = ("code", "nom", "type", "region_code")
REGION_PROPERTIES = ("code", "nom")

# Grid of the shipped coordinates (5 decimals); unions are snapped to it so they stay compact.
GRID = 1e-5

CODE_PATTERNS = {
    "code_geo": re.compile(r"\d{5}"),
    "region_code": re.compile(r"\d{2}"),
    "mrc_code": re.compile(r"\d{2,3}"),
    "rss_code": re.compile(r"\d{2}"),
    "arrondissement_code": re.compile(r"[A-Z]{3}\d{2}"),
    "ville_code_geo": re.compile(r"\d{5}"),
    "code": re.compile(r"\d{2,3}"),
}

# Derived figures summed from the municipalities into every larger territory.
SUMMED_FIELDS = ("population", "population_estimate_isq", "population_census_2021", "area_total_km2", "area_land_km2")


class ReferenceDataError(Exception):
    """A problem in a reference file, located by file, line (or GeoJSON feature) and column."""

    def __init__(
        self, file: str, message: str, *, line: int | None = None, feature: int | None = None, column: str = ""
    ):
        self.file = file
        self.line = line
        self.feature = feature
        self.column = column
        self.message = message
        super().__init__(str(self))

    def __str__(self) -> str:
        where = [_("File « %(file)s »") % {"file": self.file}]
        if self.line is not None:
            where.append(_("line %(line)s") % {"line": self.line})
        if self.feature is not None:
            where.append(_("feature no. %(number)s") % {"number": self.feature})
        if self.column:
            where.append(_("column « %(column)s »") % {"column": self.column})
        return _("%(where)s: %(message)s") % {"where": ", ".join(where), "message": self.message}


@dataclass
class TerritoryRecord:
    """One territory as read from the files, ready to be written."""

    kind: str
    code: str
    name: str
    parent: tuple[str, str] | None = None
    rss_code: str | None = None
    values: dict[str, Any] = field(default_factory=dict)

    @property
    def key(self) -> tuple[str, str]:
        return (self.kind, self.code)


@dataclass
class _Row:
    """A CSV row with its location, so that every conversion can say where it failed."""

    file: str
    line: int
    data: dict[str, str]

    def error(self, column: str, message: str) -> ReferenceDataError:
        return ReferenceDataError(self.file, message, line=self.line, column=column)

    def text(self, column: str, *, required: bool = False) -> str:
        value = (self.data.get(column) or "").strip()
        if required and not value:
            raise self.error(column, _("this value is required."))
        return value

    def code(self, column: str) -> str:
        value = self.text(column, required=True)
        if not CODE_PATTERNS[column].fullmatch(value):
            raise self.error(column, _("« %(value)s » is not a valid code.") % {"value": value})
        return value

    def integer(self, column: str, *, low: int = 0, high: int | None = None) -> int | None:
        value = self.text(column)
        if not value:
            return None
        try:
            number = int(value)
        except ValueError:
            raise self.error(column, _("« %(value)s » is not a whole number.") % {"value": value}) from None
        if number < low or (high is not None and number > high):
            raise self.error(
                column,
                _("%(value)s is outside the allowed range (%(low)s to %(high)s).")
                % {"value": number, "low": low, "high": high if high is not None else "∞"},
            )
        return number

    def decimal(self, column: str) -> Decimal | None:
        value = self.text(column)
        if not value:
            return None
        try:
            number = Decimal(value)
        except InvalidOperation:
            raise self.error(column, _("« %(value)s » is not a number.") % {"value": value}) from None
        if not number.is_finite() or number < 0:
            raise self.error(column, _("« %(value)s » is not a positive number.") % {"value": value})
        return number

    def coordinate(self, column: str, limit: float) -> float:
        value = self.text(column, required=True)
        try:
            number = float(value)
        except ValueError:
            raise self.error(column, _("« %(value)s » is not a number.") % {"value": value}) from None
        if not -limit <= number <= limit:
            raise self.error(
                column,
                _("%(value)s is outside the allowed range (%(low)s to %(high)s).")
                % {"value": value, "low": -limit, "high": limit},
            )
        return number

    def date(self, column: str) -> dt.date | None:
        value = self.text(column)
        if not value:
            return None
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise self.error(
                column, _("« %(value)s » is not a date in the form YYYY-MM-DD.") % {"value": value}
            ) from None


def _read_csv(path: Path, columns: tuple[str, ...]) -> Iterator[_Row]:
    try:
        handle = path.open(encoding="utf-8", newline="")
    except OSError:
        raise ReferenceDataError(path.name, _("the file cannot be read.")) from None
    with handle:
        try:
            reader = csv.DictReader(handle)
            header = reader.fieldnames or []
            for column in columns:
                if column not in header:
                    raise ReferenceDataError(path.name, _("this column is missing."), line=1, column=column)
            for row in reader:
                if None in row:
                    raise ReferenceDataError(
                        path.name, _("this line has more values than the header has columns."), line=reader.line_num
                    )
                if None in row.values():
                    raise ReferenceDataError(
                        path.name, _("this line has fewer values than the header has columns."), line=reader.line_num
                    )
                yield _Row(path.name, reader.line_num, row)
        except UnicodeDecodeError:
            raise ReferenceDataError(path.name, _("the file is not encoded in UTF-8.")) from None
        except csv.Error as error:
            raise ReferenceDataError(path.name, str(error), line=reader.line_num) from None


def _read_features(path: Path, properties: tuple[str, ...]) -> Iterator[tuple[int, dict[str, str], BaseGeometry]]:
    """Yield (feature number, properties, polygon) for each feature of a GeoJSON FeatureCollection."""
    try:
        collection = json.loads(path.read_text(encoding="utf-8"))
    except OSError:
        raise ReferenceDataError(path.name, _("the file cannot be read.")) from None
    except (ValueError, UnicodeDecodeError) as error:
        raise ReferenceDataError(path.name, _("the file is not valid JSON (%(error)s).") % {"error": error}) from None
    if (
        not isinstance(collection, dict)
        or collection.get("type") != "FeatureCollection"
        or not isinstance(collection.get("features"), list)
    ):
        raise ReferenceDataError(path.name, _("the file is not a GeoJSON FeatureCollection."))
    for number, feature in enumerate(collection["features"], start=1):
        if not isinstance(feature, dict) or not isinstance(feature.get("properties") or {}, dict):
            # Not a Feature with properties: said with the collection's message, at this feature.
            raise ReferenceDataError(path.name, _("the file is not a GeoJSON FeatureCollection."), feature=number)
        props = feature.get("properties") or {}
        for name in properties:
            if not str(props.get(name) or "").strip():
                raise ReferenceDataError(path.name, _("this property is missing."), feature=number, column=name)
        try:
            geometry = shape(feature.get("geometry") or {})
        except Exception:  # shapely raises several kinds of errors on malformed geometry
            raise ReferenceDataError(
                path.name, _("the geometry cannot be read."), feature=number, column="geometry"
            ) from None
        if geometry.geom_type not in ("Polygon", "MultiPolygon") or not geometry.is_valid:
            raise ReferenceDataError(
                path.name, _("the geometry is not a valid polygon."), feature=number, column="geometry"
            )
        code = str(props["code"]).strip()
        if not CODE_PATTERNS["code"].fullmatch(code):
            raise ReferenceDataError(
                path.name, _("« %(value)s » is not a valid code.") % {"value": code}, feature=number, column="code"
            )
        yield number, {name: str(props[name]).strip() for name in properties}, geometry


def _geojson(geometry: BaseGeometry) -> str:
    return json.dumps(mapping(geometry), separators=(",", ":"))


def checksum(data_dir: Path = DATA_DIR) -> str:
    """SHA-256 of the reference files, to skip a load that would change nothing."""
    digest = hashlib.sha256()
    for name in REFERENCE_FILES:
        path = data_dir / name
        digest.update(name.encode())
        digest.update(path.read_bytes() if path.exists() else b"")
    return digest.hexdigest()


def read_reference(data_dir: Path = DATA_DIR) -> list[TerritoryRecord]:
    """Read every reference file and return the territories, parents before children."""
    regions: dict[str, TerritoryRecord] = {}
    region_shapes: dict[str, BaseGeometry] = {}
    for number, props, geometry in _read_features(data_dir / REGIONS_FILE, REGION_PROPERTIES):
        code = props["code"]
        if code in regions:
            raise ReferenceDataError(
                REGIONS_FILE, _("the code %(code)s appears twice.") % {"code": code}, feature=number
            )
        region_shapes[code] = geometry
        regions[code] = TerritoryRecord(
            TerritoryKind.REGION,
            code,
            props["nom"],
            parent=(TerritoryKind.PROVINCE, PROVINCE_CODE),
            values={"boundary": _geojson(geometry), "designation": "Région administrative", "source": "SDA"},
        )

    mrcs: dict[str, TerritoryRecord] = {}
    mrc_shapes: dict[str, BaseGeometry] = {}
    for number, props, geometry in _read_features(data_dir / MRC_FILE, MRC_PROPERTIES):
        code = props["code"]
        if code in mrcs:
            raise ReferenceDataError(MRC_FILE, _("the code %(code)s appears twice.") % {"code": code}, feature=number)
        if props["region_code"] not in regions:
            raise ReferenceDataError(
                MRC_FILE,
                _("the region %(code)s is not in %(file)s.") % {"code": props["region_code"], "file": REGIONS_FILE},
                feature=number,
                column="region_code",
            )
        mrc_shapes[code] = geometry
        designation = "Territoire équivalent" if props["type"] == "TE" else "MRC"
        mrcs[code] = TerritoryRecord(
            TerritoryKind.MRC,
            code,
            props["nom"],
            parent=(TerritoryKind.REGION, props["region_code"]),
            values={"boundary": _geojson(geometry), "designation": designation, "source": "SDA"},
        )

    municipalities: dict[str, TerritoryRecord] = {}
    rss_names: dict[str, str] = {}
    for row in _read_csv(data_dir / MUNICIPALITIES_FILE, MUNICIPALITY_COLUMNS):
        code = row.code("code_geo")
        if code in municipalities:
            raise row.error("code_geo", _("the code %(code)s appears twice.") % {"code": code})
        region_code, mrc_code, rss_code = row.code("region_code"), row.code("mrc_code"), row.code("rss_code")
        if mrc_code not in mrcs:
            raise row.error(
                "mrc_code", _("the MRC %(code)s is not in %(file)s.") % {"code": mrc_code, "file": MRC_FILE}
            )
        if mrcs[mrc_code].parent != (TerritoryKind.REGION, region_code):
            raise row.error(
                "region_code", _("the region %(code)s is not the region of its MRC.") % {"code": region_code}
            )
        rss_names.setdefault(rss_code, row.text("rss_nom", required=True))
        municipalities[code] = TerritoryRecord(
            TerritoryKind.MUNICIPALITY,
            code,
            row.text("nom", required=True),
            parent=(TerritoryKind.MRC, mrc_code),
            rss_code=rss_code,
            values={
                "designation": row.text("designation", required=True),
                "population": row.integer("population_mamh"),
                "population_estimate_isq": row.integer("population_isq_d001"),
                "population_census_2021": row.integer("population_recensement_2021"),
                "area_total_km2": row.decimal("superficie_totale_km2"),
                "area_land_km2": row.decimal("superficie_terre_km2"),
                "metropolitan_influence_zone": row.integer("zim_code", low=1, high=7),
                "mrc_typology": row.integer("typologie_mrc_code", low=1, high=6),
                "metropolitan_area": row.text("rmr_nom"),
                "metropolitan_community": row.text("communaute_metropolitaine"),
                "constituted_on": row.date("date_constitution"),
                "website": row.text("site_web"),
                "latitude": row.coordinate("latitude", 90),
                "longitude": row.coordinate("longitude", 180),
                "source": row.text("sources"),
            },
        )

    boroughs: list[TerritoryRecord] = []
    seen_boroughs: set[str] = set()
    for row in _read_csv(data_dir / BOROUGHS_FILE, BOROUGH_COLUMNS):
        code = row.code("arrondissement_code")
        if code in seen_boroughs:
            raise row.error("arrondissement_code", _("the code %(code)s appears twice.") % {"code": code})
        seen_boroughs.add(code)
        city = row.code("ville_code_geo")
        if city not in municipalities:
            raise row.error(
                "ville_code_geo",
                _("the municipality %(code)s is not in %(file)s.") % {"code": city, "file": MUNICIPALITIES_FILE},
            )
        boroughs.append(
            TerritoryRecord(
                TerritoryKind.BOROUGH,
                code,
                row.text("arrondissement_nom", required=True),
                parent=(TerritoryKind.MUNICIPALITY, city),
                values={
                    "designation": "Arrondissement",
                    "website": row.text("site_web"),
                    "constituted_on": row.date("date_constitution"),
                    "source": "MAMH",
                },
            )
        )

    _derive_mrc_figures(mrcs, municipalities)
    rss = _derive_health_regions(rss_names, municipalities, mrc_shapes)
    _sum_into(regions, mrcs.values())
    province = TerritoryRecord(
        TerritoryKind.PROVINCE, PROVINCE_CODE, PROVINCE_NAME, values={"designation": "Province", "source": "MAMH+ISQ"}
    )
    _sum_into({PROVINCE_CODE: province}, regions.values(), key=lambda _record: PROVINCE_CODE)
    return [province, *regions.values(), *rss.values(), *mrcs.values(), *municipalities.values(), *boroughs]


def _sum_into(
    targets: dict[str, TerritoryRecord],
    parts: Any,
    key: Callable[[TerritoryRecord], str] | None = None,
) -> None:
    """Add the summed figures of `parts` into their target (by default, their parent)."""
    for target in targets.values():
        for name in SUMMED_FIELDS:
            target.values.setdefault(name, None)
    for part in parts:
        target_code = key(part) if key else part.parent[1]
        target = targets[target_code]
        for name in SUMMED_FIELDS:
            value = part.values.get(name)
            if value is not None:
                target.values[name] = (target.values[name] or 0) + value


def _derive_mrc_figures(mrcs: dict[str, TerritoryRecord], municipalities: dict[str, TerritoryRecord]) -> None:
    _sum_into(mrcs, municipalities.values())
    for municipality in municipalities.values():
        assert municipality.parent is not None
        mrc = mrcs[municipality.parent[1]]
        mrc.values["mrc_typology"] = municipality.values["mrc_typology"]


def _derive_health_regions(
    names: dict[str, str], municipalities: dict[str, TerritoryRecord], mrc_shapes: dict[str, BaseGeometry]
) -> dict[str, TerritoryRecord]:
    """Build the health and social services regions (RSS) from the municipalities' attribution.

    An RSS does not follow MRC lines everywhere: its drawn boundary is the union of the MRCs most of
    whose people it serves; the few municipalities attached to another RSS are drawn as points.
    """
    rss = {
        code: TerritoryRecord(
            TerritoryKind.RSS,
            code,
            names[code],
            parent=(TerritoryKind.PROVINCE, PROVINCE_CODE),
            values={"designation": "Région sociosanitaire", "source": "ISQ"},
        )
        for code in sorted(names)
    }
    _sum_into(rss, municipalities.values(), key=lambda record: record.rss_code or "")
    people: dict[str, Counter[str]] = defaultdict(Counter)
    for municipality in municipalities.values():
        assert municipality.parent is not None and municipality.rss_code is not None
        people[municipality.parent[1]][municipality.rss_code] += (municipality.values["population"] or 0) + 1
    members: dict[str, list[BaseGeometry]] = defaultdict(list)
    for mrc_code, counts in people.items():
        members[counts.most_common(1)[0][0]].append(mrc_shapes[mrc_code])
    for code, shapes in members.items():
        rss[code].values["boundary"] = _geojson(shapely.union_all(shapes, grid_size=GRID))
    return rss
