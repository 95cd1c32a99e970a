"""The plain data the planning analysis works on: plans and policies, their actions and the contributions
of organisations, as of one date. No model instance, no query: a loader builds it from the database; tests
build it by hand.

The codes below are those the plans app records; a loader maps its values onto them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from .inputs import ConcertationInfo, OrganizationInfo, TerritoryInfo

# Stages of a plan, in order: en élaboration → adopté → en mise en œuvre → évalué → échu.
DRAFTING = "drafting"
ADOPTED = "adopted"
IMPLEMENTATION = "implementation"
EVALUATED = "evaluated"
EXPIRED = "expired"
STAGES = (DRAFTING, ADOPTED, IMPLEMENTATION, EVALUATED, EXPIRED)
# A plan is *in force* in these stages, when its horizon covers the date.
ACTIVE_STAGES = frozenset({ADOPTED, IMPLEMENTATION})

# Dimensions of development an action works on (several per action), as the themes' dimensions.
DIMENSIONS = ("social", "economic", "environmental", "cultural")

# Levels of change an action aims at (one per action), from the person to the system.
HABITS = "habits"  # individual habits
ENVIRONMENTS = "environments"  # living environments
CONDITIONS = "conditions"  # living conditions
POLICIES = "policies"  # public policies
CHANGE_LEVELS = (HABITS, ENVIRONMENTS, CONDITIONS, POLICIES)

# An action with this status is left out of every count.
CANCELLED = "cancelled"

# Kinds of contribution and the unit their amounts are recorded in: money, the value of goods lent or
# given and the value of premises in dollars; staff time and expertise in hours.
MONEY = "money"
STAFF_HOURS = "staff_hours"
IN_KIND = "in_kind"
EXPERTISE = "expertise"
PREMISES = "premises"
DOLLARS = "dollars"
HOURS = "hours"
UNIT_OF_KIND = {MONEY: DOLLARS, IN_KIND: DOLLARS, PREMISES: DOLLARS, STAFF_HOURS: HOURS, EXPERTISE: HOURS}


@dataclass(frozen=True)
class PlanInfo:
    """A plan or a policy as the analysis needs it.

    `municipality_ids` are the places it covers (every municipality inside the territories recorded), like
    `ConcertationInfo.municipality_ids`. `start` and `end` are its horizon; either may be unknown (open).
    `accompanied_in_implementation` says that someone accompanies the plan in its current stage on the date
    (an accompanier recorded for the stage, whose dates cover the date); `last_progress_on` is the date of
    the latest progress update of any of its actions, if any.
    """

    id: int
    name: str
    kind: str  # strategic, concerted_action, family, mada, youth… as the plans app records it
    owner_territory_id: int | None = None
    owner_concertation_id: int | None = None
    territory_ids: frozenset[int] = frozenset()
    municipality_ids: frozenset[int] = frozenset()
    theme_ids: frozenset[int] = frozenset()
    start: dt.date | None = None
    end: dt.date | None = None
    stage: str = DRAFTING
    stage_since: dt.date | None = None
    accompanied_in_implementation: bool = False
    last_progress_on: dt.date | None = None

    def covers(self, on: dt.date) -> bool:
        """Its horizon contains the date; an unknown start or end is open."""
        return (self.start is None or self.start <= on) and (self.end is None or self.end >= on)

    def in_force(self, on: dt.date) -> bool:
        """Adopted or in implementation, with a horizon that contains the date."""
        return self.stage in ACTIVE_STAGES and self.covers(on)


@dataclass(frozen=True)
class ActionInfo:
    id: int
    plan_id: int
    objective_id: int | None
    name: str
    theme_ids: frozenset[int] = frozenset()
    dimensions: frozenset[str] = frozenset()  # among DIMENSIONS
    change_level: str = ""  # one of CHANGE_LEVELS, or "" when not said
    start: dt.date | None = None
    end: dt.date | None = None
    status: str = ""
    weight: float = 1.0
    percent: float | None = None  # latest progress, 0 to 100


@dataclass(frozen=True)
class ContributionInfo:
    """What one organisation commits to one action, and what it has delivered so far.

    Amounts are in the unit of the kind (`UNIT_OF_KIND`): dollars or hours, over the whole period.
    """

    id: int
    action_id: int
    plan_id: int
    organization_id: int
    kind: str  # one of UNIT_OF_KIND's keys
    committed: float = 0.0
    delivered: float = 0.0
    start: dt.date | None = None
    end: dt.date | None = None


@dataclass
class PlanningSnapshot:
    """Everything the planning analysis of one territory reads, as of one date.

    `municipalities` are every municipality inside the territory; `plans` are those that cover part of it
    or that its municipalities, its MRC or a concertation working on it own; `actions` and `contributions`
    are theirs. `outside_municipalities` are the municipalities the plans cover outside the territory:
    their population is needed to split a plan's resources, and their share is left out of the territory's
    figures. `organizations` are the contributors; `concertations` the owners of plans.
    """

    territory: TerritoryInfo
    on: dt.date
    municipalities: list[TerritoryInfo] = field(default_factory=list)
    plans: list[PlanInfo] = field(default_factory=list)
    actions: list[ActionInfo] = field(default_factory=list)
    contributions: list[ContributionInfo] = field(default_factory=list)
    organizations: list[OrganizationInfo] = field(default_factory=list)
    concertations: list[ConcertationInfo] = field(default_factory=list)
    outside_municipalities: list[TerritoryInfo] = field(default_factory=list)
