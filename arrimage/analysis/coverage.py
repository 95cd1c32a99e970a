"""Which themes are covered where: the theme × part-of-territory matrix and its empty cells (gaps).

The parts are the snapshot's subterritories (the municipalities of an MRC, the MRCs of a région…), or the
territory itself when it has none. A concertation or a service covers a cell when it works on the theme
and its municipalities meet the part's municipalities.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .inputs import Snapshot, TerritoryInfo

# The weight of remoteness against population in the priority of a gap. Remoteness lies between 0 and 1
# and so does the population term (log10 of up to ten million people, over 7): with a weight of 2, a part
# at least half a scale more remote than another always ranks first (a rural parish far from any town
# before a dense city borough), and between close remoteness a larger population can tip the balance.
REMOTENESS_WEIGHT = 2.0
_POPULATION_SCALE = 7.0  # log10 of ten million


@dataclass(frozen=True)
class Cell:
    concertation_ids: frozenset[int]
    service_ids: frozenset[int]


@dataclass(frozen=True)
class Matrix:
    theme_ids: tuple[int, ...]
    territory_ids: tuple[int, ...]
    cells: Mapping[tuple[int, int], Cell]  # keyed by (theme id, territory id)

    def cell(self, theme_id: int, territory_id: int) -> Cell:
        return self.cells[(theme_id, territory_id)]


@dataclass(frozen=True)
class Gap:
    theme_id: int
    theme_name: str
    territory_id: int
    territory_name: str
    territory_kind: str
    urbanity: str
    population: int
    remoteness: float
    score: float
    service_count: int
    reasons: tuple[str, ...]


def parts(s: Snapshot) -> list[tuple[TerritoryInfo, frozenset[int]]]:
    """The parts of the territory with their municipalities: its subterritories, or itself alone."""
    if s.subterritories:
        return [(t, s.municipalities_of.get(t.id, frozenset())) for t in s.subterritories]
    return [(s.territory, frozenset(m.id for m in s.municipalities))]


def coverage_matrix(s: Snapshot) -> Matrix:
    """The theme × part matrix: in each cell, the concertations and the services that cover it."""
    units = parts(s)
    part_of: dict[int, list[int]] = defaultdict(list)  # municipality → the parts containing it
    for territory, municipalities in units:
        for municipality in municipalities:
            part_of[municipality].append(territory.id)
    concertations = _covering(((c.id, c.theme_ids, c.municipality_ids) for c in s.concertations), part_of)
    services = _covering(((v.id, v.theme_ids, v.municipality_ids) for v in s.services), part_of)
    none: frozenset[int] = frozenset()
    cells: dict[tuple[int, int], Cell] = {}
    for theme in s.themes:
        for territory, _municipalities in units:
            key = (theme.id, territory.id)
            cells[key] = Cell(
                concertation_ids=frozenset(concertations.get(key, none)),
                service_ids=frozenset(services.get(key, none)),
            )
    return Matrix(
        theme_ids=tuple(theme.id for theme in s.themes),
        territory_ids=tuple(territory.id for territory, _m in units),
        cells=cells,
    )


def _covering(
    entries: Iterable[tuple[int, frozenset[int], frozenset[int]]], part_of: Mapping[int, list[int]]
) -> dict[tuple[int, int], list[int]]:
    """For each (theme, part), the entries `(id, themes, municipalities)` working on the theme in one of
    the part's municipalities. The parts of a coverage are found once per distinct coverage: many bodies
    record the same one (a région, the whole province)."""
    found: dict[tuple[int, int], list[int]] = defaultdict(list)
    parts_of: dict[frozenset[int], set[int]] = {}
    for ident, theme_ids, municipality_ids in entries:
        met = parts_of.get(municipality_ids)
        if met is None:
            met = parts_of[municipality_ids] = {
                part for municipality in municipality_ids for part in part_of.get(municipality, ())
            }
        for theme_id in theme_ids:
            for part in met:
                found[(theme_id, part)].append(ident)
    return found


def remoteness(territory: TerritoryInfo) -> float:
    """How far the territory lies from urban centres, from 0 (in a metropolitan area) to 1 (very remote):
    the mean of its metropolitan influence zone (1 to 7) and its MRC typology (1 to 6), each brought
    between 0 and 1; 0 when neither is known."""
    measures = []
    if territory.metropolitan_influence_zone is not None:
        measures.append((territory.metropolitan_influence_zone - 1) / 6)
    if territory.mrc_typology is not None:
        measures.append((territory.mrc_typology - 1) / 5)
    return sum(measures) / len(measures) if measures else 0.0


def priority(population: int, remote: float) -> float:
    """The priority of a gap: `REMOTENESS_WEIGHT × remoteness + log10(1 + population) / 7`. More remote
    first; for equal remoteness, more people first."""
    return REMOTENESS_WEIGHT * remote + min(math.log10(1 + max(population, 0)) / _POPULATION_SCALE, 1.0)


def gaps(s: Snapshot, matrix: Matrix | None = None) -> list[Gap]:
    """The cells without any concertation, highest priority first (see `priority`), each with its reasons."""
    matrix = matrix or coverage_matrix(s)
    found = []
    for theme in s.themes:
        for territory, _municipalities in parts(s):
            cell = matrix.cell(theme.id, territory.id)
            if cell.concertation_ids:
                continue
            remote = remoteness(territory)
            found.append(
                Gap(
                    theme_id=theme.id,
                    theme_name=theme.name,
                    territory_id=territory.id,
                    territory_name=territory.name,
                    territory_kind=territory.kind,
                    urbanity=territory.urbanity,
                    population=territory.population,
                    remoteness=remote,
                    score=priority(territory.population, remote),
                    service_count=len(cell.service_ids),
                    reasons=_reasons(theme.name, territory, len(cell.service_ids)),
                )
            )
    found.sort(key=lambda g: (-g.score, -g.population, g.territory_name, g.theme_name, g.territory_id, g.theme_id))
    return found


def _reasons(theme: str, territory: TerritoryInfo, services: int) -> tuple[str, ...]:
    reasons = [
        _("No concertation body works on %(theme)s in %(territory)s.") % {"theme": theme, "territory": territory.name},
        ngettext(
            "%(territory)s has %(population)d inhabitant.",
            "%(territory)s has %(population)d inhabitants.",
            territory.population,
        )
        % {"territory": territory.name, "population": territory.population},
    ]
    if territory.urbanity == "rural":
        reasons.append(_("It is a rural territory."))
    zone = territory.metropolitan_influence_zone
    if zone is not None and zone >= 5:
        reasons.append(
            _("It lies far from urban centres (metropolitan influence zone %(zone)d of 7).") % {"zone": zone}
        )
    typology = territory.mrc_typology
    if typology is not None and typology >= 5:
        reasons.append(_("Its MRC is remote from urban areas (typology %(typology)d of 6).") % {"typology": typology})
    if services:
        reasons.append(
            ngettext(
                "%(count)d service of the directory works on this theme there, without a concertation body.",
                "%(count)d services of the directory work on this theme there, without a concertation body.",
                services,
            )
            % {"count": services}
        )
    return tuple(reasons)
