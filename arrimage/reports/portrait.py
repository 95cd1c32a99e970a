"""The portrait of a territory for its elected officials: key figures, the concertation bodies and their
themes, the plans and how far they have gone, what moved in a year, the gaps, and the organisations to
contact. Everything comes from the territorial analysis as the reader may see it (`territory_results`)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from arrimage.analysis.coverage import Gap
from arrimage.analysis.planning import plans_in_force
from arrimage.analysis.planning_results import planning_results
from arrimage.analysis.results import territory_results
from arrimage.plans.models import Plan
from arrimage.registry.charts import Bar, bar_chart
from arrimage.registry.views.analysis_comparison import comparison_named
from arrimage.registry.views.analysis_names import Named, level_label, url_maker
from arrimage.territories.models import Territory

from .maps import TerritoryMap, territory_map
from .selectors import Contact, PlanRow, contacts, plans_with_progress

TOP_THEMES = 8
TOP_CONCERTATIONS = 8
TOP_PLANS = 6
TOP_GAPS = 5
TOP_CONTACTS = 6
TOP_CHANGES = 5


@dataclass(frozen=True)
class Figure:
    label: str
    value: str


@dataclass(frozen=True)
class Body:
    concertation: Named
    level: str
    themes: list[str]


@dataclass(frozen=True)
class Portrait:
    territory: Territory
    on: dt.date
    since: dt.date
    figures: list[Figure]
    summary: list[str]
    themes: list[tuple[str, int]]
    themes_chart: str
    bodies: list[Body]
    bodies_more: int
    plans: list[PlanRow]
    plans_more: int
    plans_in_force: int
    plans_chart: str
    changes: dict[str, Any]
    gaps: list[Gap]
    gap_count: int
    contacts: list[Contact]
    map: TerritoryMap

    @property
    def mentions_mada(self) -> bool:
        """Whether the acronym MADA appears in what the portrait shows, so that it is explained once."""
        texts = [name for name, _count in self.themes] + [gap.theme_name for gap in self.gaps] + self.summary
        texts += [f"{row.plan.name} {row.plan.get_kind_display()}" for row in self.plans]
        texts += [theme for body in self.bodies for theme in body.themes]
        return any("MADA" in text for text in texts)

    @property
    def is_empty(self) -> bool:
        """Nothing recorded about concertation or plans on this territory yet."""
        return not self.bodies and not self.plans


def year_before(on: dt.date) -> dt.date:
    """The same day a year earlier (the 28th of February for a 29th)."""
    return on.replace(year=on.year - 1, day=28) if (on.month, on.day) == (2, 29) else on.replace(year=on.year - 1)


def territory_portrait(user: Any, territory: Territory, *, on: dt.date) -> Portrait:
    """The portrait of `territory` on `on`, as `user` may see it: the concertation analysis
    (`territory_results`) and the planning analysis (`planning_results`) of the territory, the plans' progress
    rolled up as on their pages (`plan_progress`). A fixed number of queries."""
    results = territory_results(user, territory, on=on)
    s = results.snapshot
    concertation_url = url_maker("registry:concertation_detail")
    theme_names = {t.id: t.name for t in s.themes}
    active = [c for c in s.concertations if c.active(on)]

    counts: Counter[int] = Counter(theme for c in active for theme in c.theme_ids)
    themes = [(theme_names.get(ident, ""), count) for ident, count in counts.most_common(TOP_THEMES)]
    seats: Counter[int] = Counter(seat.concertation_id for seat in s.seats if seat.open(on))
    ranked = sorted(active, key=lambda c: (-seats[c.id], c.name, c.id))
    bodies = [
        Body(
            Named(c.id, c.name, concertation_url(c.id)),
            level_label(c.level),
            sorted(theme_names.get(t, "") for t in c.theme_ids),
        )
        for c in ranked[:TOP_CONCERTATIONS]
    ]

    planning = planning_results(user, territory, on=on)
    plans = plans_with_progress(
        Plan.objects.filter(pk__in=[plan.id for plan in planning.snapshot.plans]),
        user,
        on=on,
        in_force={plan.id for plan in plans_in_force(planning.snapshot)},
    )
    since = year_before(on)
    population = s.territory.population or sum(m.population for m in s.municipalities)
    in_force = sum(1 for row in plans if row.in_force)
    figures = [
        Figure(_("Population"), number_format(population, force_grouping=True)),
        Figure(_("Municipalities"), number_format(len(s.municipalities), force_grouping=True)),
        Figure(_("Concertation bodies"), number_format(len(active), force_grouping=True)),
        Figure(_("Organisations taking part"), number_format(len(s.organizations), force_grouping=True)),
        Figure(_("Plans in force"), number_format(in_force, force_grouping=True)),
    ]
    return Portrait(
        territory=territory,
        on=on,
        since=since,
        figures=figures,
        summary=[*results.summary, *planning.summary],
        themes=themes,
        themes_chart=_themes_chart(territory, themes) if themes else "",
        bodies=bodies,
        bodies_more=max(0, len(active) - TOP_CONCERTATIONS),
        plans=plans[:TOP_PLANS],
        plans_more=max(0, len(plans) - TOP_PLANS),
        plans_in_force=in_force,
        plans_chart=_plans_chart(territory, plans[:TOP_PLANS]) if plans else "",
        changes=_changes(comparison_named(user, territory, since, s)),
        gaps=results.gaps[:TOP_GAPS],
        gap_count=len(results.gaps),
        contacts=contacts(
            ((c.coordinating_organization_id, c.name) for c in active if c.coordinating_organization_id),
            limit=TOP_CONTACTS,
        ),
        map=territory_map(territory),
    )


def _changes(named: dict[str, Any]) -> dict[str, Any]:
    """The comparison with a year earlier, its lists cut to their first few rows."""
    return {
        **named,
        "new_concertations_more": max(0, len(named["new_concertations"]) - TOP_CHANGES),
        "ended_concertations_more": max(0, len(named["ended_concertations"]) - TOP_CHANGES),
        "new_concertations": named["new_concertations"][:TOP_CHANGES],
        "ended_concertations": named["ended_concertations"][:TOP_CHANGES],
        "holder_change_count": len(named["holder_changes"]),
        "new_seat_count": len(named["new_seats"]),
        "abolished_seat_count": len(named["abolished_seats"]),
    }


def _values(bars: list[Bar]) -> str:
    return " ; ".join(_("%(label)s: %(value)s") % {"label": bar.label, "value": bar.text} for bar in bars)


def _themes_chart(territory: Territory, themes: list[tuple[str, int]]) -> str:
    bars = [Bar(label=name, value=float(count), text=number_format(count)) for name, count in themes]
    return bar_chart(
        key="report-themes",
        title=_("%(place)s: the themes most worked on") % {"place": territory.name},
        description=_("Each bar gives the number of concertation bodies working on the theme.") + " " + _values(bars),
        axis=_("Concertation bodies"),
        bars=bars,
    )


def _plans_chart(territory: Territory, plans: list[PlanRow]) -> str:
    bars = [Bar(label=row.plan.name, value=row.percent, text=f"{number_format(row.percent, 1)} %") for row in plans]
    return bar_chart(
        key="report-plans",
        title=_("%(place)s: progress of the plans") % {"place": territory.name},
        description=_("Each bar gives the share of the plan's actions done, weighted as the plan sets out.")
        + " "
        + _values(bars),
        axis=_("Percentage done"),
        bars=bars,
    )
