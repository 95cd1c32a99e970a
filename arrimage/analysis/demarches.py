"""A network of démarches seen from above: its member démarches side by side, the themes they work on,
the territory they cover and the members they share.

*Member démarches* are the network's direct sub-concertations (those whose parent is the network), of any
kind: a network may group démarches, tables and committees alike. Those active on the date are counted;
the others are left out. A démarche whose delegate sits on the network without being recorded as its
sub-concertation is not counted: membership is what the registry records, not what seats suggest. For
each member, `represented` says whether one of its current members (a person) also holds a current seat
of the network.

Coverage works on *places*: municipalities, and the boroughs of a municipality when a démarche covers
only some of them. A démarche recorded on a borough covers that borough, not the whole municipality; one
recorded on a municipality, an MRC or a région covers every municipality inside it in full. Boroughs have
no population of their own in the reference data, so a municipality covered only through some of its
boroughs is *partly covered*: it is named as such, and its population is counted apart.

Members are the organisations and people holding a seat on the date; two démarches *share* a member when
the same organisation or the same person holds a seat on both.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import cached_property
from itertools import combinations

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .inputs import ConcertationInfo, HoldingInfo, OrganizationInfo, SeatInfo, TerritoryInfo, ThemeInfo

MUNICIPALITY = "municipality"
BOROUGH = "borough"


@dataclass
class NetworkData:
    """Everything the overview of one network reads, as of one date.

    `concertations` are the network's sub-concertations the reader may see; `territories` hold every
    municipality of the network's territory and of its démarches' territories, and every territory they
    record (boroughs included); `seats` and `holdings` are those of the network and of its
    sub-concertations.
    """

    network: ConcertationInfo
    on: dt.date
    concertations: list[ConcertationInfo]
    territories: list[TerritoryInfo]
    seats: list[SeatInfo]
    holdings: list[HoldingInfo]
    organizations: list[OrganizationInfo]
    themes: list[ThemeInfo]


@dataclass(frozen=True)
class Demarche:
    """One member démarche of the network, as of the date."""

    concertation_id: int
    name: str
    kind: str
    level: str
    is_public: bool
    theme_ids: tuple[int, ...]  # by theme name
    territory_ids: tuple[int, ...]  # as recorded, by name
    municipality_ids: tuple[int, ...]  # covered in full, by name
    borough_ids: tuple[int, ...]  # covered, in a municipality it does not cover in full
    population: int  # of the municipalities and boroughs covered whose population is known
    population_complete: bool  # False when a borough covered has no population of its own
    seats: int  # seats open on the date
    filled: int  # open seats held on the date
    coordinating_organization_id: int | None
    organization_ids: tuple[int, ...]  # current members
    person_ids: tuple[int, ...]
    represented: bool  # one of its current members (a person) holds a current seat of the network

    @property
    def vacant(self) -> int:
        return self.seats - self.filled


@dataclass(frozen=True)
class Shared:
    """Two démarches (`first_id` < `second_id`) and the members both have."""

    first_id: int
    second_id: int
    organization_ids: tuple[int, ...]
    person_ids: tuple[int, ...]

    @property
    def organizations(self) -> int:
        return len(self.organization_ids)

    @property
    def people(self) -> int:
        return len(self.person_ids)

    @property
    def total(self) -> int:
        return self.organizations + self.people


@dataclass(frozen=True)
class ThemeCoverage:
    """A theme and the démarches working on it."""

    theme_id: int
    concertation_ids: tuple[int, ...]


@dataclass(frozen=True)
class Overlap:
    """A place (a municipality, or a borough) covered by two démarches or more."""

    territory_id: int
    concertation_ids: tuple[int, ...]


@dataclass(frozen=True)
class Overview:
    network_id: int
    on: dt.date
    demarches: tuple[Demarche, ...]  # by name
    themes: tuple[ThemeCoverage, ...]  # worked on by at least one démarche: most démarches first, then by name
    uncovered_theme_ids: tuple[int, ...]  # no démarche works on them, by name
    network_theme_gaps: tuple[int, ...]  # themes of the network itself no démarche works on, by name
    shared: tuple[Shared, ...]  # the pairs sharing at least one member, most shared first
    municipality_ids: tuple[int, ...]  # the network's territory, by name
    population: int
    covered_ids: tuple[int, ...]  # municipalities of the territory covered in full by a démarche
    partial_ids: tuple[int, ...]  # municipalities of the territory of which only some boroughs are covered
    uncovered_ids: tuple[int, ...]  # municipalities of the territory no démarche covers at all
    covered_population: int
    partial_population: int
    uncovered_population: int
    overlaps: tuple[Overlap, ...]  # places covered by two démarches or more, most démarches first
    summary: tuple[str, ...]

    def shared_between(self, first_id: int, second_id: int) -> Shared | None:
        """The members two démarches share, or None when they share none."""
        key = (min(first_id, second_id), max(first_id, second_id))
        return self._pairs.get(key)

    @cached_property
    def _pairs(self) -> dict[tuple[int, int], Shared]:
        return {(pair.first_id, pair.second_id): pair for pair in self.shared}

    def themes_of(self, concertation_id: int) -> frozenset[int]:
        return frozenset(t.theme_id for t in self.themes if concertation_id in t.concertation_ids)

    @property
    def covered_share(self) -> float | None:
        """The share of the population living in a municipality covered in full or in part (None when the
        population is unknown)."""
        if not self.population:
            return None
        return (self.covered_population + self.partial_population) / self.population


def overview(data: NetworkData) -> Overview:
    """The network's member démarches side by side, their themes, coverage and shared members."""
    on = data.on
    territories = {t.id: t for t in data.territories}
    themes = {t.id: t for t in data.themes}
    members = sorted(
        (c for c in data.concertations if c.parent_id == data.network.id and c.id != data.network.id and c.active(on)),
        key=lambda c: (sort_key(c.name), c.id),
    )
    member_ids = {c.id for c in members}

    open_seats = {seat.id: seat for seat in data.seats if seat.open(on)}
    current = [h for h in data.holdings if h.current(on) and h.seat_id in open_seats]
    organizations_of: dict[int, set[int]] = defaultdict(set)
    people_of: dict[int, set[int]] = defaultdict(set)
    filled_seats: dict[int, set[int]] = defaultdict(set)
    for holding in current:
        filled_seats[holding.concertation_id].add(holding.seat_id)
        if holding.organization_id is not None:
            organizations_of[holding.concertation_id].add(holding.organization_id)
        if holding.person_id is not None:
            people_of[holding.concertation_id].add(holding.person_id)
    seat_count: dict[int, int] = defaultdict(int)
    for seat in open_seats.values():
        seat_count[seat.concertation_id] += 1
    network_people = people_of.get(data.network.id, set())

    def by_name(ids: Iterable[int]) -> tuple[int, ...]:
        return tuple(sorted(ids, key=lambda i: (sort_key(territories[i].name) if i in territories else "", i)))

    def theme_name(theme_id: int) -> str:
        return sort_key(themes[theme_id].name) if theme_id in themes else ""

    places = {c.id: _places(c, territories) for c in members}
    demarches = []
    for c in members:
        full, boroughs = places[c.id]
        counted = [territories[i] for i in full | boroughs if i in territories]
        demarches.append(
            Demarche(
                concertation_id=c.id,
                name=c.name,
                kind=c.kind,
                level=c.level,
                is_public=c.is_public,
                theme_ids=tuple(sorted(c.theme_ids, key=lambda t: (theme_name(t), t))),
                territory_ids=by_name(c.territory_ids),
                municipality_ids=by_name(full),
                borough_ids=by_name(boroughs),
                population=sum(t.population for t in counted),
                population_complete=all(t.population for t in counted if t.kind == BOROUGH),
                seats=seat_count.get(c.id, 0),
                filled=len(filled_seats.get(c.id, ())),
                coordinating_organization_id=c.coordinating_organization_id,
                organization_ids=tuple(sorted(organizations_of.get(c.id, ()))),
                person_ids=tuple(sorted(people_of.get(c.id, ()))),
                represented=bool(people_of.get(c.id, set()) & network_people),
            )
        )

    # Themes
    working: dict[int, list[int]] = defaultdict(list)
    for demarche in demarches:
        for theme_id in demarche.theme_ids:
            working[theme_id].append(demarche.concertation_id)

    theme_rows = tuple(
        ThemeCoverage(theme_id, tuple(ids))
        for theme_id, ids in sorted(working.items(), key=lambda item: (-len(item[1]), theme_name(item[0]), item[0]))
    )
    uncovered_themes = tuple(
        sorted((t for t in themes if t not in working), key=lambda t: (theme_name(t), t)),
    )
    network_gaps = tuple(
        sorted((t for t in data.network.theme_ids if t not in working), key=lambda t: (theme_name(t), t))
    )

    # Shared members
    shared = []
    for first, second in combinations(sorted(member_ids), 2):
        organizations = organizations_of.get(first, set()) & organizations_of.get(second, set())
        people = people_of.get(first, set()) & people_of.get(second, set())
        if organizations or people:
            shared.append(Shared(first, second, tuple(sorted(organizations)), tuple(sorted(people))))
    shared.sort(key=lambda pair: (-pair.total, pair.first_id, pair.second_id))

    # Territory
    territory = data.network.municipality_ids
    full_by: dict[int, set[int]] = defaultdict(set)  # municipality → démarches covering it in full
    borough_by: dict[int, set[int]] = defaultdict(set)  # borough → démarches covering it
    for ident, (full, boroughs) in places.items():
        for m in full:
            full_by[m].add(ident)
        for b in boroughs:
            borough_by[b].add(ident)
    partly = {territories[b].parent_id for b in borough_by if territories[b].parent_id is not None}
    covered = {m for m in territory if full_by.get(m)}
    partial = {m for m in territory if m not in covered and m in partly}
    uncovered = set(territory) - covered - partial

    def population(ids: Iterable[int]) -> int:
        return sum(territories[i].population for i in ids if i in territories)

    overlaps = []
    for m, ids in full_by.items():
        if len(ids) >= 2:
            overlaps.append(Overlap(m, tuple(sorted(ids))))
    for b, ids in borough_by.items():
        parent = territories[b].parent_id
        everyone = ids | (full_by.get(parent, set()) if parent is not None else set())
        if len(everyone) >= 2:
            overlaps.append(Overlap(b, tuple(sorted(everyone))))
    overlaps.sort(
        key=lambda o: (
            -len(o.concertation_ids),
            sort_key(territories[o.territory_id].name) if o.territory_id in territories else "",
            o.territory_id,
        )
    )

    result = Overview(
        network_id=data.network.id,
        on=on,
        demarches=tuple(demarches),
        themes=theme_rows,
        uncovered_theme_ids=uncovered_themes,
        network_theme_gaps=network_gaps,
        shared=tuple(shared),
        municipality_ids=by_name(territory),
        population=population(territory),
        covered_ids=by_name(covered),
        partial_ids=by_name(partial),
        uncovered_ids=by_name(uncovered),
        covered_population=population(covered),
        partial_population=population(partial),
        uncovered_population=population(uncovered),
        overlaps=tuple(overlaps),
        summary=(),
    )
    return _with_summary(result, data, territories, themes)


def _places(c: ConcertationInfo, territories: dict[int, TerritoryInfo]) -> tuple[frozenset[int], frozenset[int]]:
    """The municipalities a concertation covers in full, and the boroughs it covers in a municipality it
    does not cover in full."""
    recorded = [territories[i] for i in c.territory_ids if i in territories]
    boroughs = {t.id for t in recorded if t.kind == BOROUGH}
    parents = {t.parent_id for t in recorded if t.kind == BOROUGH}
    recorded_whole = {t.id for t in recorded if t.kind == MUNICIPALITY}
    # `municipality_ids` counts a borough's municipality: it is covered in full only when recorded itself,
    # or through a larger territory (an MRC, a région) recorded with the borough.
    others = [t for t in recorded if t.kind not in (BOROUGH, MUNICIPALITY)]
    full = {m for m in c.municipality_ids if m not in parents or m in recorded_whole or others}
    boroughs = {b for b in boroughs if territories[b].parent_id not in full}
    return frozenset(full), frozenset(boroughs)


def sort_key(name: str) -> str:
    """A name as it sorts in French: without accents or case (« Démarche citoyenne » after « Démarche
    Charlevoix »)."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _percent(share: float) -> int:
    return int(share * 100 + 0.5)


def _with_summary(
    result: Overview, data: NetworkData, territories: dict[int, TerritoryInfo], themes: dict[int, ThemeInfo]
) -> Overview:
    """The overview with a few plain sentences summing it up."""
    count = len(result.demarches)
    sentences: list[str] = []
    if not count:
        sentences.append(_("No démarche is recorded as a member of this network on this date."))
        return _replace_summary(result, sentences)
    share = result.covered_share
    names = [territories[i].name for i in data.network.territory_ids if i in territories]
    if share is not None and len(names) == 1:
        sentences.append(
            ngettext(
                "%(count)d démarche works in municipalities home to %(percent)d %% of the population of %(territory)s.",
                "%(count)d démarches work in municipalities home to %(percent)d %% of the population of %(territory)s.",
                count,
            )
            % {"count": count, "percent": _percent(share), "territory": names[0]}
        )
    elif share is not None:
        sentences.append(
            ngettext(
                "%(count)d démarche works in municipalities home to %(percent)d %% of the population of the "
                "network's territory.",
                "%(count)d démarches work in municipalities home to %(percent)d %% of the population of the "
                "network's territory.",
                count,
            )
            % {"count": count, "percent": _percent(share)}
        )
    else:
        sentences.append(
            ngettext("The network has %(count)d démarche.", "The network has %(count)d démarches.", count)
            % {"count": count}
        )
    if result.uncovered_ids:
        sentences.append(
            ngettext(
                "%(count)d municipality is covered by no démarche.",
                "%(count)d municipalities are covered by no démarche.",
                len(result.uncovered_ids),
            )
            % {"count": len(result.uncovered_ids)}
        )
    elif result.municipality_ids:
        sentences.append(_("Every municipality of the territory has at least one démarche."))
    if result.partial_ids:
        sentences.append(
            ngettext(
                "%(count)d municipality is covered only in part, through some of its boroughs: %(names)s.",
                "%(count)d municipalities are covered only in part, through some of their boroughs: %(names)s.",
                len(result.partial_ids),
            )
            % {"count": len(result.partial_ids), "names": ", ".join(territories[i].name for i in result.partial_ids)}
        )
    if result.overlaps:
        sentences.append(
            ngettext(
                "%(count)d place is covered by two démarches or more.",
                "%(count)d places are covered by two démarches or more.",
                len(result.overlaps),
            )
            % {"count": len(result.overlaps)}
        )
    if result.themes:
        top = result.themes[0]
        name = themes[top.theme_id].name if top.theme_id in themes else ""
        sentences.append(
            ngettext(
                "The démarches work on %(count)d theme; the most shared is %(theme)s (%(demarches)d of %(total)d).",
                "The démarches work on %(count)d themes; the most shared is %(theme)s (%(demarches)d of %(total)d).",
                len(result.themes),
            )
            % {
                "count": len(result.themes),
                "theme": name[:1].lower() + name[1:],
                "demarches": len(top.concertation_ids),
                "total": count,
            }
        )
    linked = {ident for pair in result.shared for ident in (pair.first_id, pair.second_id)}
    if count > 1:
        sentences.append(
            ngettext(
                "%(linked)d of the %(count)d démarches shares members with another one.",
                "%(linked)d of the %(count)d démarches share members with another one.",
                len(linked),
            )
            % {"linked": len(linked), "count": count}
        )
    return _replace_summary(result, sentences)


def _replace_summary(result: Overview, sentences: list[str]) -> Overview:
    return replace(result, summary=tuple(sentences))
