"""The landscape of concertation on a territory: which bodies exist, at which level, on which themes."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .coverage import Gap
from .inputs import Snapshot
from .participation import CitizenParticipation

# Inside the territory first (local, supralocal), then the bodies that cover it from above.
LEVELS = ("local", "supralocal", "regional", "national")


@dataclass(frozen=True)
class LandscapeEntry:
    concertation_id: int
    name: str
    kind: str
    level: str
    theme_ids: frozenset[int]
    coordinating_organization_id: int | None
    seat_count: int  # seats open on the snapshot's date


@dataclass(frozen=True)
class LandscapeGroup:
    level: str
    entries: tuple[LandscapeEntry, ...]


@dataclass(frozen=True)
class Landscape:
    groups: tuple[LandscapeGroup, ...]

    @property
    def total(self) -> int:
        return sum(len(group.entries) for group in self.groups)

    def count(self, level: str) -> int:
        return sum(len(group.entries) for group in self.groups if group.level == level)


def landscape(s: Snapshot) -> Landscape:
    """The concertations of the snapshot grouped by level, in the order of `LEVELS` (an unknown level
    gets its own group after them), each group sorted by name. Each concertation is in exactly one group."""
    open_seats: dict[int, int] = {}
    for seat in s.seats:
        if seat.open(s.on):
            open_seats[seat.concertation_id] = open_seats.get(seat.concertation_id, 0) + 1
    by_level: dict[str, list[LandscapeEntry]] = {}
    for c in s.concertations:
        by_level.setdefault(c.level, []).append(
            LandscapeEntry(
                concertation_id=c.id,
                name=c.name,
                kind=c.kind,
                level=c.level,
                theme_ids=c.theme_ids,
                coordinating_organization_id=c.coordinating_organization_id,
                seat_count=open_seats.get(c.id, 0),
            )
        )
    order = [level for level in LEVELS if level in by_level] + sorted(set(by_level) - set(LEVELS))
    return Landscape(
        groups=tuple(
            LandscapeGroup(level, tuple(sorted(by_level[level], key=lambda e: (e.name, e.concertation_id))))
            for level in order
        )
    )


LIKELY_OVERLAP = 0.5  # the score from which a pair is said to seem to overlap in the summary


def summary_sentences(
    s: Snapshot,
    result: Landscape,
    gaps: Sequence[Gap] = (),
    citizens: CitizenParticipation | None = None,
    overlap_scores: Sequence[float] | None = None,
) -> list[str]:
    """Two to five plain sentences that sum up the analysis, for the top of a report.

    `overlap_scores` are the scores of the overlap candidates: the pairs at least `LIKELY_OVERLAP` alike
    are said to seem to overlap.
    """
    sentences = [
        ngettext(
            "On this territory, %(count)d concertation body is active: %(local)d local, %(supralocal)d "
            "supralocal, %(regional)d regional and %(national)d national.",
            "On this territory, %(count)d concertation bodies are active: %(local)d local, %(supralocal)d "
            "supralocal, %(regional)d regional and %(national)d national.",
            result.total,
        )
        % {
            "count": result.total,
            "local": result.count("local"),
            "supralocal": result.count("supralocal"),
            "regional": result.count("regional"),
            "national": result.count("national"),
        }
    ]
    if overlap_scores is not None and result.total > 1:
        likely = sum(1 for score in overlap_scores if score >= LIKELY_OVERLAP)
        sentences.append(
            ngettext(
                "%(count)d pair of bodies seems to overlap (at least half alike).",
                "%(count)d pairs of bodies seem to overlap (at least half alike).",
                likely,
            )
            % {"count": likely}
            if likely
            else _("No two bodies seem to overlap.")
        )
    rural_gaps: dict[str, set[int]] = {}
    for gap in gaps:
        if gap.urbanity == "rural" and gap.territory_kind == "municipality":
            rural_gaps.setdefault(gap.theme_name, set()).add(gap.territory_id)
    if rural_gaps:
        theme, places = max(rural_gaps.items(), key=lambda item: (len(item[1]), item[0]))
        sentences.append(
            ngettext(
                "No concertation body works on %(theme)s in %(count)d rural municipality.",
                "No concertation body works on %(theme)s in %(count)d rural municipalities.",
                len(places),
            )
            % {"theme": theme[:1].lower() + theme[1:], "count": len(places)}
        )
    elif gaps:
        sentences.append(
            ngettext(
                "%(count)d theme has no concertation body in at least one part of the territory.",
                "%(count)d themes have no concertation body in at least one part of the territory.",
                len({gap.theme_id for gap in gaps}),
            )
            % {"count": len({gap.theme_id for gap in gaps})}
        )
    elif s.themes and (s.subterritories or s.municipalities):
        sentences.append(_("Every theme has at least one concertation body in every part of the territory."))
    if citizens is not None and citizens.reserved:
        sentences.append(
            ngettext(
                "%(filled)d of the %(reserved)d seat reserved for citizens is filled.",
                "%(filled)d of the %(reserved)d seats reserved for citizens are filled.",
                citizens.reserved,
            )
            % {"filled": citizens.filled, "reserved": citizens.reserved}
        )
    return sentences
