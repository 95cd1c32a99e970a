"""Reads of the démarches' cycle: where a démarche is, the dated stages it went through, and where each
démarche of a territory or of a network is. Each runs a fixed number of queries, whatever the data.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from django.db.models import OuterRef, Subquery
from django.utils import timezone

from arrimage.concertation.models import Concertation, ConcertationKind, ConcertationQuerySet
from arrimage.territories.models import Territory
from arrimage.territories.selectors import territory_ids_within

from .models import Stage, StageTransition


def current_stage(concertation: Concertation) -> StageTransition | None:
    """The stage the démarche is at: its latest transition (one query), or None when none is recorded."""
    return StageTransition.objects.filter(concertation=concertation).order_by("-entered_on", "-pk").first()


def stage_history(concertation: Concertation) -> list[StageTransition]:
    """Every stage the démarche entered, the latest first, with their authors (one query)."""
    return list(
        StageTransition.objects.filter(concertation=concertation)
        .select_related("author")
        .order_by("-entered_on", "-pk")
    )


@dataclass(frozen=True)
class DemarchePlace:
    """Where one démarche is in its cycle (`transition` is None when no stage is recorded)."""

    demarche: Concertation
    transition: StageTransition | None

    @property
    def stage(self) -> str:
        return self.transition.stage if self.transition else ""


@dataclass(frozen=True)
class CycleOverview:
    """Where each démarche of a territory or a network is, and how many are at each stage."""

    places: list[DemarchePlace]

    def counts(self) -> list[tuple[str, str, int]]:
        """(stage, label, number of démarches) for each of the seven stages, in the cycle's order."""
        counter = Counter(place.stage for place in self.places)
        return [(value, str(label), counter[value]) for value, label in Stage.choices]

    @property
    def unrecorded(self) -> int:
        return sum(1 for place in self.places if place.transition is None)


def demarches_in_cycle(
    *,
    territory: Territory | None = None,
    network: Concertation | None = None,
    base: ConcertationQuerySet | None = None,
    on: dt.date | None = None,
) -> CycleOverview:
    """The démarches active on `on` (today by default) placed in `territory` or within it, or gathered by
    the network `network` (its sub-concertations), each with its current stage, by name.

    `base` limits the démarches (to those a visitor may see: `access.policy.visible_concertations`). Two
    queries, plus those of `territory_ids_within` (one per level of the territory tree below `territory`).
    """
    if (territory is None) == (network is None):
        raise ValueError("demarches_in_cycle needs a territory or a network")
    on = on or timezone.localdate()
    queryset = (base if base is not None else Concertation.objects.all()).filter(kind=ConcertationKind.DEMARCHE)
    if territory is not None:
        within = territory_ids_within({territory.pk})
        queryset = queryset.filter(
            pk__in=Concertation.territories.through.objects.filter(territory_id__in=within).values("concertation_id")
        )
    else:
        queryset = queryset.filter(parent=network)
    latest = StageTransition.objects.filter(concertation=OuterRef("pk")).order_by("-entered_on", "-pk")
    demarches = list(
        queryset.active(on).annotate(latest_transition=Subquery(latest.values("pk")[:1])).order_by("name", "pk")
    )
    latest_ids: dict[int, int | None] = {d.pk: d.latest_transition for d in demarches}  # type: ignore[attr-defined]
    wanted = [pk for pk in latest_ids.values() if pk is not None]
    transitions = {t.pk: t for t in StageTransition.objects.filter(pk__in=wanted)} if wanted else {}
    return CycleOverview([DemarchePlace(d, transitions.get(latest_ids[d.pk] or 0)) for d in demarches])
