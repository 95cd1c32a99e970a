"""Plans and policies seen from a territory: the planning load each municipality carries, how the actions
balance the dimensions of development and the levels of change, who contributes what, and how resources
reach urban, periurban and rural places.

A plan is *in force* on the date when it is adopted or in implementation and its horizon contains the date
(an unknown start or end is open: a plan without horizon stays in force while its stage says so). Every
figure here reads the plans in force only, with their actions and contributions. Results carry ids; the
page names municipalities, organisations and concertations.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .equity import URBANITY_ORDER
from .plan_inputs import (
    CANCELLED,
    CHANGE_LEVELS,
    DIMENSIONS,
    DOLLARS,
    DRAFTING,
    HOURS,
    IMPLEMENTATION,
    POLICIES,
    UNIT_OF_KIND,
    ActionInfo,
    ContributionInfo,
    PlanInfo,
    PlanningSnapshot,
)

# A plan in force whose latest progress update is older than this has stalled.
STALL_AFTER = dt.timedelta(days=365)
# The highest rate a sentence gives, as a share (1,000,000 %).
MAX_RATE = 10_000.0
# At most this many summary sentences.
MAX_SENTENCES = 4


def plans_in_force(s: PlanningSnapshot) -> list[PlanInfo]:
    """The snapshot's plans in force on its date, by id."""
    return sorted((plan for plan in s.plans if plan.in_force(s.on)), key=lambda plan: plan.id)


def is_stalled(plan: PlanInfo, on: dt.date) -> bool:
    """No progress for twelve months: the latest update is more than 365 days before the date, or there is
    none while the plan has been in implementation for more than 365 days (an adopted plan not yet under
    way, or one that just started, has nothing to report yet). An unknown start of implementation counts as
    long ago."""
    if plan.last_progress_on is None:
        started = plan.stage_since
        return plan.stage == IMPLEMENTATION and (started is None or started < on - STALL_AFTER)
    return plan.last_progress_on < on - STALL_AFTER


def _share(count: int, total: int) -> float | None:
    return count / total if total else None


def percent(share: float) -> int:
    """A share (or a rate) as a whole percentage for a sentence: rounded, but never 0 when something is
    there nor 100 when something is missing (one action in 300 reads « 1 % », not « 0 % »)."""
    if share <= 0:
        return 0
    if share >= 1:
        # A rate may pass 100 % (more delivered than committed); bounded so that an absurd ratio (a cent
        # committed, millions delivered) still reads as a number.
        return round(min(share, MAX_RATE) * 100)
    return min(99, max(1, round(share * 100)))


# ---------------------------------------------------------------------------------------------------------
# Planning load


@dataclass(frozen=True)
class MunicipalityPlanning:
    """The plans in force that cover one municipality, also per 1,000 inhabitants."""

    municipality_id: int
    name: str
    population: int
    urbanity: str
    plan_ids: tuple[int, ...]  # in force, covering it
    owned_ids: tuple[int, ...]  # of those, the ones the municipality owns itself
    unaccompanied_ids: tuple[int, ...]  # of those, nobody accompanies them
    stalled_ids: tuple[int, ...]  # of those, no progress for twelve months
    per_thousand: float | None  # plans per 1,000 inhabitants; None when the population is unknown

    @property
    def plans(self) -> int:
        return len(self.plan_ids)


@dataclass(frozen=True)
class PlanningLoad:
    plan_ids: tuple[int, ...]  # every plan in force in the snapshot
    unaccompanied_ids: tuple[int, ...]
    stalled_ids: tuple[int, ...]
    without_horizon_ids: tuple[int, ...]  # in force with neither start nor end recorded
    municipalities: tuple[MunicipalityPlanning, ...]  # heaviest load (plans per 1,000 inhabitants) first


def planning_load(s: PlanningSnapshot) -> PlanningLoad:
    """The plans in force covering each municipality of the territory, weighed against its population.

    For an MRC this ranks its municipalities by load against capacity: a village of 400 people asked to
    carry three policies (7.5 per 1,000) comes before a town of 20,000 with three plans (0.15 per 1,000).
    Municipalities whose population is unknown come last.
    """
    plans = plans_in_force(s)
    unaccompanied = {plan.id for plan in plans if not plan.accompanied_in_implementation}
    stalled = {plan.id for plan in plans if is_stalled(plan, s.on)}
    rows = []
    for municipality in s.municipalities:
        covering = [plan for plan in plans if municipality.id in plan.municipality_ids]
        ids = tuple(plan.id for plan in covering)
        rows.append(
            MunicipalityPlanning(
                municipality_id=municipality.id,
                name=municipality.name,
                population=municipality.population,
                urbanity=municipality.urbanity,
                plan_ids=ids,
                owned_ids=tuple(plan.id for plan in covering if plan.owner_territory_id == municipality.id),
                unaccompanied_ids=tuple(i for i in ids if i in unaccompanied),
                stalled_ids=tuple(i for i in ids if i in stalled),
                per_thousand=len(ids) * 1000 / municipality.population if municipality.population > 0 else None,
            )
        )
    rows.sort(key=lambda r: (r.per_thousand is None, -(r.per_thousand or 0.0), -r.plans, r.name, r.municipality_id))
    return PlanningLoad(
        plan_ids=tuple(plan.id for plan in plans),
        unaccompanied_ids=tuple(sorted(unaccompanied)),
        stalled_ids=tuple(sorted(stalled)),
        without_horizon_ids=tuple(plan.id for plan in plans if plan.start is None and plan.end is None),
        municipalities=tuple(rows),
    )


# ---------------------------------------------------------------------------------------------------------
# Integration: dimensions and levels of change


@dataclass(frozen=True)
class ShareRow:
    key: str  # a dimension or a level of change; "" for actions that record none
    count: int
    share: float | None  # of the actions counted; None when there is none


@dataclass(frozen=True)
class Integration:
    """How the actions of a set of plans balance the dimensions of development and the levels of change:
    those of the whole territory, of one owner territory (a municipality's own plans, the MRC's) or of one
    owner concertation."""

    territory_id: int | None  # the territory analysed, or the plans' owner territory
    concertation_id: int | None  # the plans' owner concertation
    actions: int
    by_dimension: tuple[ShareRow, ...]  # the four dimensions in order, then "" (no dimension recorded)
    multidimensional: ShareRow  # key "2+": actions that join at least two dimensions
    by_level: tuple[ShareRow, ...]  # the four levels from habits to public policies, then "" (not said)
    sentences: tuple[str, ...]

    def dimension(self, key: str) -> ShareRow:
        return next(row for row in self.by_dimension if row.key == key)

    def level(self, key: str) -> ShareRow:
        return next(row for row in self.by_level if row.key == key)


@dataclass(frozen=True)
class IntegrationReport:
    territory: Integration  # every plan in force of the snapshot
    territories: tuple[Integration, ...]  # one per owner territory of a plan in force, by name
    concertations: tuple[Integration, ...]  # one per owner concertation of a plan in force, by name


def counted_actions(s: PlanningSnapshot) -> list[ActionInfo]:
    """The actions of the plans in force, without the cancelled ones, by id."""
    in_force = {plan.id for plan in plans_in_force(s)}
    return sorted(
        (a for a in s.actions if a.plan_id in in_force and a.status != CANCELLED),
        key=lambda action: action.id,
    )


def integration(s: PlanningSnapshot) -> IntegrationReport:
    """Actions by dimension and by level of change, as counts and shares, for the territory, for each
    owner territory and for each owner concertation of the plans in force (an action counts for its plan's
    owners). An owner with plans in force but no action is listed with no action.

    An action may work on several dimensions, so the dimension shares may add up to more than 100 %; it aims
    at one level of change, so the level shares add up to 100 %.
    """
    actions = counted_actions(s)
    plans = plans_in_force(s)
    territory_names = {t.id: t.name for t in [s.territory, *s.municipalities, *s.outside_municipalities]}
    concertation_names = {c.id: c.name for c in s.concertations}
    by_territory = _per_owner(plans, actions, lambda plan: plan.owner_territory_id)
    by_concertation = _per_owner(plans, actions, lambda plan: plan.owner_concertation_id)
    return IntegrationReport(
        territory=_integration(s.territory.id, None, actions),
        territories=tuple(
            _integration(i, None, by_territory[i])
            for i in sorted(by_territory, key=lambda i: (territory_names.get(i, ""), i))
        ),
        concertations=tuple(
            _integration(None, i, by_concertation[i])
            for i in sorted(by_concertation, key=lambda i: (concertation_names.get(i, ""), i))
        ),
    )


def _per_owner(
    plans: list[PlanInfo], actions: list[ActionInfo], owner_of: Callable[[PlanInfo], int | None]
) -> dict[int, list[ActionInfo]]:
    owners = {plan.id: owner_of(plan) for plan in plans}
    per_owner: dict[int, list[ActionInfo]] = {owner: [] for owner in owners.values() if owner is not None}
    for action in actions:
        owner = owners.get(action.plan_id)
        if owner is not None:
            per_owner[owner].append(action)
    return per_owner


def _integration(territory_id: int | None, concertation_id: int | None, actions: list[ActionInfo]) -> Integration:
    total = len(actions)
    dimensions = [len(a.dimensions & set(DIMENSIONS)) for a in actions]
    dimension_counts = [(key, sum(1 for a in actions if key in a.dimensions)) for key in DIMENSIONS]
    dimension_counts.append(("", dimensions.count(0)))
    level_counts = [(key, sum(1 for a in actions if a.change_level == key)) for key in CHANGE_LEVELS]
    level_counts.append(("", total - sum(count for _key, count in level_counts)))
    several = sum(1 for n in dimensions if n >= 2)
    result = Integration(
        territory_id=territory_id,
        concertation_id=concertation_id,
        actions=total,
        by_dimension=tuple(ShareRow(key, count, _share(count, total)) for key, count in dimension_counts),
        multidimensional=ShareRow("2+", several, _share(several, total)),
        by_level=tuple(ShareRow(key, count, _share(count, total)) for key, count in level_counts),
        sentences=(),
    )
    return replace(result, sentences=tuple(integration_sentences(result)))


def integration_sentences(result: Integration) -> list[str]:
    """Plain sentences on the balance of the actions: the share aiming at public policies, the share
    joining two dimensions or more, and the least present dimension."""
    if not result.actions:
        return [_("No action is recorded in the plans in force.")]
    policies = result.level(POLICIES).share or 0.0
    several = result.multidimensional.share or 0.0
    least = min((row for row in result.by_dimension if row.key), key=lambda row: row.count)
    return [
        _("%(percent)d %% of the actions aim at public policies.") % {"percent": percent(policies)}
        if policies
        else _("None of the actions aims at public policies."),
        _("%(percent)d %% of the actions join at least two dimensions of development.") % {"percent": percent(several)},
        _least_dimension(least.key) % {"percent": percent(least.share or 0.0)},
    ]


def _least_dimension(key: str) -> str:
    if key == "social":
        return _("The social dimension is the least present: %(percent)d %% of the actions.")
    if key == "economic":
        return _("The economic dimension is the least present: %(percent)d %% of the actions.")
    if key == "environmental":
        return _("The environmental dimension is the least present: %(percent)d %% of the actions.")
    return _("The cultural dimension is the least present: %(percent)d %% of the actions.")


# ---------------------------------------------------------------------------------------------------------
# Contributions


@dataclass(frozen=True)
class Amounts:
    """Dollars (money, in-kind, premises) and hours (staff time, expertise), committed and delivered."""

    dollars_committed: float = 0.0
    dollars_delivered: float = 0.0
    hours_committed: float = 0.0
    hours_delivered: float = 0.0

    @property
    def dollars_rate(self) -> float | None:
        """Delivered over committed; None when nothing is committed. Above 1 when more was delivered."""
        return self.dollars_delivered / self.dollars_committed if self.dollars_committed > 0 else None

    @property
    def hours_rate(self) -> float | None:
        return self.hours_delivered / self.hours_committed if self.hours_committed > 0 else None

    def __add__(self, other: Amounts) -> Amounts:
        return Amounts(
            self.dollars_committed + other.dollars_committed,
            self.dollars_delivered + other.dollars_delivered,
            self.hours_committed + other.hours_committed,
            self.hours_delivered + other.hours_delivered,
        )

    @classmethod
    def of(cls, contribution: ContributionInfo) -> Amounts:
        """The amounts of one contribution, in the unit of its kind; none for a kind without unit."""
        unit = UNIT_OF_KIND.get(contribution.kind)
        if unit == DOLLARS:
            return cls(dollars_committed=contribution.committed, dollars_delivered=contribution.delivered)
        if unit == HOURS:
            return cls(hours_committed=contribution.committed, hours_delivered=contribution.delivered)
        return cls()


@dataclass(frozen=True)
class SectorContribution:
    sector: str  # "" when the contributor is unknown
    organizations: int
    contributions: int
    amounts: Amounts


@dataclass(frozen=True)
class OrganizationContribution:
    organization_id: int
    name: str
    sector: str
    contributions: int
    action_ids: tuple[int, ...]
    amounts: Amounts


@dataclass(frozen=True)
class Contributions:
    total: Amounts
    contributions: int
    by_sector: tuple[SectorContribution, ...]  # most dollars committed first, then most hours
    by_organization: tuple[OrganizationContribution, ...]  # most dollars committed first, then most hours


def counted_contributions(s: PlanningSnapshot) -> list[ContributionInfo]:
    """The contributions to the plans in force, by id (whatever the status of their action: what was
    delivered to a cancelled action was still given)."""
    in_force = {plan.id for plan in plans_in_force(s)}
    return sorted((c for c in s.contributions if c.plan_id in in_force), key=lambda c: c.id)


def _heaviest(amounts: Amounts) -> tuple[float, float]:
    return (-amounts.dollars_committed, -amounts.hours_committed)


def contributions(s: PlanningSnapshot) -> Contributions:
    """What organisations commit to the actions of the plans in force and what they have delivered, by
    sector and by organisation. Amounts of a kind the analysis does not know are counted as contributions
    but add no amount."""
    counted = counted_contributions(s)
    organizations = {o.id: o for o in s.organizations}
    per_organization: dict[int, list[ContributionInfo]] = defaultdict(list)
    for contribution in counted:
        per_organization[contribution.organization_id].append(contribution)
    rows = []
    for organization_id, items in per_organization.items():
        organization = organizations.get(organization_id)
        rows.append(
            OrganizationContribution(
                organization_id=organization_id,
                name=organization.name if organization else "",
                sector=organization.sector if organization else "",
                contributions=len(items),
                action_ids=tuple(sorted({c.action_id for c in items})),
                amounts=_sum(items),
            )
        )
    rows.sort(key=lambda r: (*_heaviest(r.amounts), r.name, r.organization_id))
    per_sector: dict[str, list[OrganizationContribution]] = defaultdict(list)
    for row in rows:
        per_sector[row.sector].append(row)
    sectors = [
        SectorContribution(
            sector=sector,
            organizations=len(members),
            contributions=sum(m.contributions for m in members),
            amounts=_add(m.amounts for m in members),
        )
        for sector, members in per_sector.items()
    ]
    sectors.sort(key=lambda r: (*_heaviest(r.amounts), r.sector))
    return Contributions(
        total=_sum(counted), contributions=len(counted), by_sector=tuple(sectors), by_organization=tuple(rows)
    )


def _sum(items: Iterable[ContributionInfo]) -> Amounts:
    return _add(Amounts.of(item) for item in items)


def _add(amounts: Iterable[Amounts]) -> Amounts:
    total = Amounts()
    for item in amounts:
        total = total + item
    return total


# ---------------------------------------------------------------------------------------------------------
# Equity of resources between urban, periurban and rural places


@dataclass(frozen=True)
class ResourceEquityRow:
    urbanity: str  # urban, periurban, rural; "" when unknown
    municipalities: int
    population: int
    dollars: float  # committed, as split over the municipalities
    hours: float

    @property
    def dollars_per_1000(self) -> float | None:
        return 1000 * self.dollars / self.population if self.population else None

    @property
    def hours_per_1000(self) -> float | None:
        return 1000 * self.hours / self.population if self.population else None


@dataclass(frozen=True)
class ResourceEquity:
    rows: tuple[ResourceEquityRow, ...]  # urban, periurban, rural, unknown: the classes present
    outside_dollars: float  # the share of plans covering places outside the territory that lands there
    outside_hours: float
    unplaced_dollars: float  # committed to plans that cover no known municipality
    unplaced_hours: float


def resource_equity(s: PlanningSnapshot) -> ResourceEquity:
    """Committed dollars and hours per 1,000 inhabitants, by urbanity of the municipalities the plans cover.

    A plan's committed amounts are split over the municipalities it covers in proportion to their
    population (a plan covering a town of 9,000 and a village of 1,000 sends 90 % to the town). When none of
    them has a known population, the split is even. The share landing outside the territory is set apart,
    and so are the amounts of a plan that covers no municipality the snapshot knows.
    """
    places = {m.id: m for m in [*s.outside_municipalities, *s.municipalities]}
    inside = {m.id for m in s.municipalities}
    per_plan: dict[int, Amounts] = defaultdict(Amounts)
    for contribution in counted_contributions(s):
        per_plan[contribution.plan_id] = per_plan[contribution.plan_id] + Amounts.of(contribution)
    dollars: dict[int, float] = defaultdict(float)
    hours: dict[int, float] = defaultdict(float)
    outside = [0.0, 0.0]
    unplaced = [0.0, 0.0]
    plans = {plan.id: plan for plan in s.plans}
    for plan_id, amounts in per_plan.items():
        covered = sorted((places[i] for i in plans[plan_id].municipality_ids if i in places), key=lambda m: m.id)
        if not covered:
            unplaced[0] += amounts.dollars_committed
            unplaced[1] += amounts.hours_committed
            continue
        population = sum(max(m.population, 0) for m in covered)
        for m in covered:
            weight = max(m.population, 0) / population if population else 1 / len(covered)
            if m.id in inside:
                dollars[m.id] += amounts.dollars_committed * weight
                hours[m.id] += amounts.hours_committed * weight
            else:
                outside[0] += amounts.dollars_committed * weight
                outside[1] += amounts.hours_committed * weight
    classes: dict[str, list[int]] = defaultdict(list)
    for m in s.municipalities:
        classes[m.urbanity if m.urbanity in URBANITY_ORDER else ""].append(m.id)
    rows = [
        ResourceEquityRow(
            urbanity=key,
            municipalities=len(ids),
            population=sum(places[i].population for i in ids),
            dollars=sum(dollars[i] for i in ids),
            hours=sum(hours[i] for i in ids),
        )
        for key, ids in classes.items()
    ]
    rows.sort(key=lambda row: URBANITY_ORDER.index(row.urbanity))
    return ResourceEquity(
        rows=tuple(rows),
        outside_dollars=outside[0],
        outside_hours=outside[1],
        unplaced_dollars=unplaced[0],
        unplaced_hours=unplaced[1],
    )


# ---------------------------------------------------------------------------------------------------------
# Summary


def planning_summary(
    s: PlanningSnapshot,
    load: PlanningLoad | None = None,
    report: IntegrationReport | None = None,
    given: Contributions | None = None,
) -> list[str]:
    """Two to four plain sentences on the plans of a territory: how many are in force (and, when none is,
    how many are being drafted), the municipality carrying the heaviest load, whether they are accompanied
    and moving, the share of actions aiming at public policies, what partners delivered."""
    load = load if load is not None else planning_load(s)
    count = len(load.plan_ids)
    if not count:
        sentences = [_("No plan or policy is in force on this territory on this date.")]
        drafted = sum(1 for plan in s.plans if plan.stage == DRAFTING)
        sentences.append(
            ngettext(
                "%(count)d plan or policy is being drafted.",
                "%(count)d plans and policies are being drafted.",
                drafted,
            )
            % {"count": drafted}
            if drafted
            else _("No plan or policy is being drafted either.")
        )
        return sentences
    sentences = [
        ngettext(
            "%(count)d plan or policy is in force on this territory.",
            "%(count)d plans and policies are in force on this territory.",
            count,
        )
        % {"count": count}
    ]
    top = load.municipalities[0] if load.municipalities else None
    if len(load.municipalities) > 1 and top is not None and top.plans and top.per_thousand is not None:
        sentences.append(
            ngettext(
                "%(municipality)s carries the heaviest planning load: %(count)d plan or policy in force for "
                "%(population)s inhabitants.",
                "%(municipality)s carries the heaviest planning load: %(count)d plans and policies in force for "
                "%(population)s inhabitants.",
                top.plans,
            )
            % {
                "municipality": top.name,
                "count": top.plans,
                "population": number_format(top.population, force_grouping=True),
            }
        )
    unaccompanied = len(load.unaccompanied_ids)
    sentences.append(
        ngettext(
            "%(count)d plan in force has nobody to accompany it.",
            "%(count)d plans in force have nobody to accompany them.",
            unaccompanied,
        )
        % {"count": unaccompanied}
        if unaccompanied
        else _("Every plan in force has someone to accompany it.")
    )
    stalled = len(load.stalled_ids)
    if stalled:
        sentences.append(
            ngettext(
                "%(count)d plan in force has had no progress update for 12 months.",
                "%(count)d plans in force have had no progress update for 12 months.",
                stalled,
            )
            % {"count": stalled}
        )
    report = report if report is not None else integration(s)
    if report.territory.actions:
        sentences.append(report.territory.sentences[0])
    given = given if given is not None else contributions(s)
    rate = given.total.dollars_rate
    if rate is not None:
        sentences.append(
            _("Partners have delivered %(percent)d %% of the dollars they committed.") % {"percent": percent(rate)}
        )
    return sentences[:MAX_SENTENCES]
