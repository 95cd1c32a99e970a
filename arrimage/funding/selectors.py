"""Reads of funding programmes: the list with its filters, one programme, the deadlines to come, and the
inputs of `arrimage.funding.matching` loaded in a fixed number of queries, whatever the number of
programmes, concertations, actions or partners.

Programmes are public. Concertations and plans are matched only among those the reader may see
(`policy.visible_concertations`): a private concertation, or a plan it carries, is never named to someone
outside it.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Max, Min, Prefetch, Q, QuerySet
from django.http import Http404

from arrimage.access import policy
from arrimage.actors.models import LegalForm, Sector
from arrimage.concertation.models import Concertation, ConcertationKind, Membership, Theme
from arrimage.plans.models import IN_FORCE, Action, ActionStatus, Plan, PlanStage
from arrimage.territories.models import Territory

from .matching import (
    CandidateFacts,
    Match,
    Names,
    OrganizationFacts,
    ProgrammeFacts,
    matches_for,
    programmes_for,
)
from .models import Programme, ProgrammeDeadline, ProgrammeQuerySet

# The most candidates a programme's page lists (best first); the others are counted.
SHOWN = 100
# The stages of a plan whose actions may still seek funding.
LIVING_STAGES = (PlanStage.DRAFTING, PlanStage.ADOPTED, PlanStage.IMPLEMENTATION)


# Programmes ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProgrammeFilters:
    query: str = ""
    theme: Theme | None = None
    territory: Territory | None = None
    upcoming: bool = False  # open or recurring, with a deadline to come
    on: dt.date | None = None


def _with_relations(queryset: ProgrammeQuerySet) -> ProgrammeQuerySet:
    return queryset.select_related("funder").prefetch_related(
        "themes",
        Prefetch("territories", queryset=Territory.objects.without_geometry().order_by("kind", "name")),
        "deadlines",
    )


def programme_list(filters: ProgrammeFilters) -> ProgrammeQuerySet:
    """Programmes matching the filters, by name, with their funder, themes, territories and deadlines.

    A territory filter keeps the programmes offered there: those naming it, a territory containing it, or
    none (all of Québec)."""
    on = filters.on or dt.date.today()
    queryset = Programme.objects.all()
    if filters.query:
        queryset = queryset.matching(filters.query)
    if filters.theme is not None:
        queryset = queryset.filter(themes=filters.theme)
    if filters.territory is not None:
        around = _around({filters.territory.pk}, _parents())
        queryset = queryset.filter(Q(territories__isnull=True) | Q(territories__in=around)).distinct()
    if filters.upcoming:
        queryset = queryset.with_deadline_after(on)
    queryset = queryset.annotate(next_deadline=Min("deadlines__date", filter=Q(deadlines__date__gte=on)))
    return _with_relations(queryset).order_by("name", "pk")


def programme_get(pk: int) -> Programme:
    """One programme with its funder, themes, territories and deadlines (five queries). Http404 when unknown."""
    programme = _with_relations(Programme.objects.filter(pk=pk)).first()
    if programme is None:
        raise Http404(pk)
    return programme


def upcoming_deadlines(on: dt.date, *, until: dt.date | None = None) -> QuerySet[ProgrammeDeadline]:
    """The deadlines on or after `on` (up to `until`) of programmes still open or recurring, by date."""
    queryset = ProgrammeDeadline.objects.filter(date__gte=on).exclude(programme__status="closed")
    if until is not None:
        queryset = queryset.filter(date__lte=until)
    return queryset.select_related("programme", "programme__funder").order_by("date", "time", "programme__name", "pk")


def all_deadlines(since: dt.date) -> QuerySet[ProgrammeDeadline]:
    """Every deadline since `since` (the calendar feed keeps recent past ones for the subscribers)."""
    return ProgrammeDeadline.objects.filter(date__gte=since).select_related("programme").order_by("date", "pk")


# The matcher's inputs -----------------------------------------------------------------------------


def _parents() -> dict[int, tuple[int, ...]]:
    """Each territory's parent and RSS, for the whole tree (one query)."""
    rows = Territory.objects.order_by().values_list("pk", "parent_id", "rss_id")
    return {pk: tuple(ident for ident in (parent, rss) if ident is not None) for pk, parent, rss in rows}


def _around(ids: Iterable[int], parents: dict[int, tuple[int, ...]]) -> frozenset[int]:
    """These territories and every one containing them."""
    found: set[int] = set()
    climbing = list(ids)
    while climbing:
        ident = climbing.pop()
        if ident not in found:
            found.add(ident)
            climbing.extend(parents.get(ident, ()))
    return frozenset(found)


def _within(ids: Iterable[int], parents: dict[int, tuple[int, ...]]) -> set[int]:
    """These territories and every one inside them."""
    children: dict[int, list[int]] = defaultdict(list)
    for child, containers in parents.items():
        for container in containers:
            children[container].append(child)
    found: set[int] = set()
    going = list(ids)
    while going:
        ident = going.pop()
        if ident not in found:
            found.add(ident)
            going.extend(children.get(ident, ()))
    return found


def programme_facts(programme: Programme) -> ProgrammeFacts:
    """A programme (with its themes and territories prefetched) as the matcher reads it."""
    return ProgrammeFacts(
        id=programme.pk,
        name=programme.name,
        theme_ids=frozenset(theme.pk for theme in programme.themes.all()),
        territory_ids=frozenset(territory.pk for territory in programme.territories.all()),
        sectors=frozenset(programme.eligible_sectors or []),
        legal_forms=frozenset(programme.eligible_legal_forms or []),
        requires_concertation=programme.requires_concertation,
        requires_partnership=programme.requires_partnership,
        requires_plan=programme.requires_plan,
    )


def _names(programmes: Iterable[Programme]) -> Names:
    """Names of the themes (one query) and of the programmes' territories (prefetched)."""
    territories = {t.pk: t.name for programme in programmes for t in programme.territories.all()}
    themes = {theme.pk: theme.name for theme in Theme.objects.all()}
    return Names(
        themes=themes,
        territories=territories,
        sectors={value: str(label) for value, label in Sector.choices},
        legal_forms={value: str(label) for value, label in LegalForm.choices},
    )


def _pairs(rows: Iterable[tuple[int, int]]) -> dict[int, set[int]]:
    found: dict[int, set[int]] = defaultdict(set)
    for owner, other in rows:
        found[owner].add(other)
    return found


def _concertation_candidates(
    queryset: QuerySet[Concertation], on: dt.date, parents: dict[int, tuple[int, ...]]
) -> list[CandidateFacts]:
    """Concertations as the matcher reads them, in five queries."""
    rows = list(
        queryset.order_by().values_list(
            "pk",
            "name",
            "kind",
            "is_public",
            "coordinating_organization_id",
            "coordinating_organization__name",
            "coordinating_organization__sector",
            "coordinating_organization__legal_form",
        )
    )
    ids = [row[0] for row in rows]
    through_themes = Concertation.themes.through.objects.filter(concertation_id__in=ids)
    themes = _pairs(through_themes.values_list("concertation_id", "theme_id"))
    through_places = Concertation.territories.through.objects.filter(concertation_id__in=ids)
    places = _pairs(through_places.values_list("concertation_id", "territory_id"))
    return _candidates(rows, themes, places, on, parents)


def _candidates(
    rows: list[tuple[Any, ...]],
    themes: dict[int, set[int]],
    places: dict[int, set[int]],
    on: dt.date,
    parents: dict[int, tuple[int, ...]],
) -> list[CandidateFacts]:
    """Concertations (rows of id, name, kind, public, and the coordinating organisation's id, name, sector
    and legal form) with their partners and plans (two queries)."""
    ids = [row[0] for row in rows]
    partners: dict[int, dict[int, OrganizationFacts]] = defaultdict(dict)
    holdings = (
        Membership.objects.current(on)
        .filter(seat__concertation_id__in=ids, organization__isnull=False)
        .values_list(
            "seat__concertation_id",
            "organization_id",
            "organization__name",
            "organization__sector",
            "organization__legal_form",
        )
    )
    for concertation_id, org_id, name, sector, legal_form in holdings:
        partners[concertation_id][org_id] = OrganizationFacts(org_id, name, sector, legal_form)
    plans = _plans_of(Plan.objects.filter(owner_concertation_id__in=ids), "owner_concertation_id")
    candidates = []
    for pk, name, kind, is_public, coordinator, c_name, c_sector, c_form in rows:
        organizations = dict(partners.get(pk, {}))
        if coordinator is not None:
            organizations.setdefault(coordinator, OrganizationFacts(coordinator, c_name, c_sector, c_form))
        plan = plans.get(pk)
        candidates.append(
            CandidateFacts(
                kind="concertation",
                id=pk,
                name=name,
                theme_ids=frozenset(themes.get(pk, ())),
                territory_ids=frozenset(places.get(pk, ())),
                around_ids=_around(places.get(pk, ()), parents),
                organizations=tuple(sorted(organizations.values(), key=lambda o: o.name)),
                partner_count=len(organizations),
                is_concertation=True,
                has_plan=plan is not None,
                plan_adopted_on=plan[1] if plan else None,
                plan_name=plan[0] if plan else "",
                concertation_kind=kind,
                is_public=is_public,
            )
        )
    return candidates


def _plans_of(queryset: QuerySet[Plan], key: str) -> dict[int, tuple[str, dt.date | None]]:
    """For each owner (`key`), its plan: the one in force adopted last, else any other (one query).
    The date is that of the adoption, None when the plan is not in force."""
    found: dict[int, tuple[str, dt.date | None]] = {}
    rows = queryset.annotate(adopted_on=Max("stage_changes__on", filter=Q(stage_changes__stage=PlanStage.ADOPTED)))
    for owner, name, stage, adopted_on, since in rows.values_list(key, "name", "stage", "adopted_on", "stage_since"):
        in_force = stage in IN_FORCE
        day = (adopted_on or since) if in_force else None
        current = found.get(owner)
        if current is None or (day is not None and (current[1] is None or day > current[1])):
            found[owner] = (name, day)
    return found


def _visible_plans(user: Any) -> QuerySet[Plan]:
    concertations = policy.visible_concertations(user, Concertation.objects.all())
    return Plan.objects.filter(
        Q(owner_concertation__isnull=True) | Q(owner_concertation__in=concertations.values("pk"))
    )


def _action_candidates(queryset: QuerySet[Action], parents: dict[int, tuple[int, ...]]) -> list[CandidateFacts]:
    """Plan actions as the matcher reads them, in eight queries."""
    rows = list(queryset.order_by().values_list("pk", "title", "objective__plan_id"))
    ids = [row[0] for row in rows]
    plan_ids = {row[2] for row in rows}
    themes = _pairs(Action.themes.through.objects.filter(action_id__in=ids).values_list("action_id", "theme_id"))
    plan_themes = _pairs(Plan.themes.through.objects.filter(plan_id__in=plan_ids).values_list("plan_id", "theme_id"))
    plan_places = _pairs(
        Plan.territories.through.objects.filter(plan_id__in=plan_ids).values_list("plan_id", "territory_id")
    )
    plans = {
        pk: (name, owner_territory, owner_concertation, stage, adopted_on, since)
        for pk, name, owner_territory, owner_concertation, stage, adopted_on, since in Plan.objects.filter(
            pk__in=plan_ids
        )
        .annotate(adopted_on=Max("stage_changes__on", filter=Q(stage_changes__stage=PlanStage.ADOPTED)))
        .values_list("pk", "name", "owner_territory_id", "owner_concertation_id", "stage", "adopted_on", "stage_since")
    }
    # A plan that names no territory covers that of the concertation carrying it.
    owners = {row[2] for row in plans.values() if row[2] is not None}
    owner_places = _pairs(
        Concertation.territories.through.objects.filter(concertation_id__in=owners).values_list(
            "concertation_id", "territory_id"
        )
    )
    leaders: dict[int, list[OrganizationFacts]] = defaultdict(list)
    for action_id, org_id, name, sector, legal_form in Action.co_leaders.through.objects.filter(
        action_id__in=ids
    ).values_list(
        "action_id", "organization_id", "organization__name", "organization__sector", "organization__legal_form"
    ):
        leaders[action_id].append(OrganizationFacts(org_id, name, sector, legal_form))
    partner_ids = _pairs(
        Action.partners.through.objects.filter(action_id__in=ids).values_list("action_id", "organization_id")
    )
    candidates = []
    for pk, title, plan_id in rows:
        plan_name, owner_territory, owner_concertation, stage, adopted_on, since = plans[plan_id]
        territory_ids = set(plan_places.get(plan_id, ()))
        if owner_territory is not None:
            territory_ids.add(owner_territory)
        if not territory_ids and owner_concertation is not None:
            territory_ids = set(owner_places.get(owner_concertation, ()))
        everyone = {o.id for o in leaders.get(pk, [])} | partner_ids.get(pk, set())
        in_force = stage in IN_FORCE
        candidates.append(
            CandidateFacts(
                kind="action",
                id=pk,
                name=title,
                theme_ids=frozenset(themes.get(pk) or plan_themes.get(plan_id) or set()),
                territory_ids=frozenset(territory_ids),
                around_ids=_around(territory_ids, parents),
                organizations=tuple(sorted(leaders.get(pk, []), key=lambda o: o.name)),
                partner_count=len(everyone),
                is_concertation=owner_concertation is not None,
                has_plan=True,
                plan_adopted_on=(adopted_on or since) if in_force else None,
                plan_name=plan_name,
                extra={"plan_id": plan_id},
            )
        )
    return candidates


# What fits a programme, a concertation, a région ------------------------------------------------------


@dataclass(frozen=True)
class ProgrammeMatches:
    """The concertations and the actions matched to one programme, best first (at most `SHOWN` each)."""

    concertations: list[Match]
    actions: list[Match]
    more_concertations: int = 0
    more_actions: int = 0


def programme_matches(programme: Programme, user: Any, *, on: dt.date | None = None) -> ProgrammeMatches:
    """The concertations and plan actions the user may see that share a theme and the territory of the
    programme (`programme_get`'s), scored with their reasons, best first."""
    on = on or dt.date.today()
    parents = _parents()
    facts = programme_facts(programme)
    names = _names([programme])
    concertations = policy.visible_concertations(user, Concertation.objects.active(on))
    actions = Action.objects.filter(objective__plan__in=_visible_plans(user).filter(stage__in=LIVING_STAGES)).exclude(
        status__in=[ActionStatus.DONE, ActionStatus.CANCELLED]
    )
    if facts.territory_ids:
        within = _within(facts.territory_ids, parents)
        concertations = concertations.filter(territories__in=within)
        actions = actions.filter(
            Q(objective__plan__territories__in=within)
            | Q(objective__plan__owner_territory__in=within)
            | Q(objective__plan__owner_concertation__territories__in=within)
        )
    if facts.theme_ids:
        concertations = concertations.filter(themes__in=facts.theme_ids)
        actions = actions.filter(Q(themes__in=facts.theme_ids) | Q(objective__plan__themes__in=facts.theme_ids))
    concertation_ids = Concertation.objects.filter(pk__in=concertations.values("pk"))
    action_ids = Action.objects.filter(pk__in=actions.values("pk"))
    found = matches_for(facts, _concertation_candidates(concertation_ids, on, parents), names)
    done = matches_for(facts, _action_candidates(action_ids, parents), names)
    return ProgrammeMatches(
        concertations=found[:SHOWN],
        actions=done[:SHOWN],
        more_concertations=max(len(found) - SHOWN, 0),
        more_actions=max(len(done) - SHOWN, 0),
    )


def matches_for_concertation(
    concertation: Concertation, *, on: dt.date | None = None, fitting_only: bool = True
) -> list[Match]:
    """The open and recurring programmes matched to one concertation (the caller checked that the reader
    may see it), best first; only those that fit unless `fitting_only` is False.

    The concertation's themes, territories and coordinating organisation are read from it (`concertation_get`
    loads them); the programmes, the territory tree, the partners and the plans take six queries."""
    on = on or dt.date.today()
    programmes = list(
        Programme.objects.available().prefetch_related(
            "themes", Prefetch("territories", queryset=Territory.objects.without_geometry().only("pk", "name"))
        )
    )
    if not programmes:
        return []
    coordinator = concertation.coordinating_organization
    row = (
        concertation.pk,
        concertation.name,
        concertation.kind,
        concertation.is_public,
        coordinator.pk if coordinator else None,
        coordinator.name if coordinator else "",
        coordinator.sector if coordinator else "",
        coordinator.legal_form if coordinator else "",
    )
    themes = {concertation.pk: {theme.pk for theme in concertation.themes.all()}}
    places = {concertation.pk: {territory.pk for territory in concertation.territories.all()}}
    (candidate,) = _candidates([row], themes, places, on, _parents())
    names = Names(
        themes={theme.pk: theme.name for programme in programmes for theme in programme.themes.all()},
        territories={t.pk: t.name for programme in programmes for t in programme.territories.all()},
        sectors={value: str(label) for value, label in Sector.choices},
        legal_forms={value: str(label) for value, label in LegalForm.choices},
    )
    found = programmes_for([programme_facts(p) for p in programmes], candidate, names)
    return [m for m in found if m.fits] if fitting_only else found


@dataclass(frozen=True)
class RegionalView:
    """Which programmes reach which démarches of a territory: one row per démarche, one cell per programme."""

    territory: Territory
    programmes: list[Programme]
    demarches: list[CandidateFacts]
    cells: dict[tuple[int, int], Match] = field(default_factory=dict)  # (démarche id, programme id)

    def row(self, demarche: CandidateFacts) -> list[Match]:
        return [self.cells[(demarche.id, programme.pk)] for programme in self.programmes]

    def fitting(self, programme: Programme) -> int:
        return sum(1 for d in self.demarches if self.cells[(d.id, programme.pk)].fits)


def regional_view(territory: Territory, user: Any, *, on: dt.date | None = None) -> RegionalView:
    """The available programmes offered in `territory` (or all of Québec), and the démarches inside it the
    user may see, each pair matched."""
    on = on or dt.date.today()
    parents = _parents()
    around = _around({territory.pk}, parents)
    within = _within({territory.pk}, parents)
    programmes = list(
        Programme.objects.available()
        .filter(Q(territories__isnull=True) | Q(territories__in=around | within))
        .distinct()
        .order_by("name", "pk")
        .prefetch_related(
            "themes", Prefetch("territories", queryset=Territory.objects.without_geometry().only("pk", "name"))
        )
    )
    demarches_qs = policy.visible_concertations(
        user, Concertation.objects.active(on).filter(kind=ConcertationKind.DEMARCHE, territories__in=within)
    )
    demarches = sorted(
        _concertation_candidates(Concertation.objects.filter(pk__in=demarches_qs.values("pk")), on, parents),
        key=lambda c: c.name.casefold(),
    )
    names = _names(programmes)
    cells = {}
    for programme in programmes:
        facts = programme_facts(programme)
        for match in matches_for(facts, demarches, names):
            cells[(match.candidate.id, programme.pk)] = match
    return RegionalView(territory=territory, programmes=programmes, demarches=demarches, cells=cells)
