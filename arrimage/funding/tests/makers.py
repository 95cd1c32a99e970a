"""Small worlds for the funding tests: programmes, and démarches with partners, a plan and an action."""

from __future__ import annotations

import datetime as dt

from arrimage.concertation.models import Concertation, ConcertationKind
from arrimage.funding import services
from arrimage.funding.models import Programme
from arrimage.funding.services import ProgrammeData
from arrimage.plans.models import PlanStage
from arrimage.territories.models import Territory
from tests.factories import (
    ActionFactory,
    ConcertationFactory,
    MembershipFactory,
    ObjectiveFactory,
    OrganizationFactory,
    PlanFactory,
    StageChangeFactory,
    theme,
)

TODAY = dt.date(2026, 1, 15)


def mrc(code: str) -> Territory:
    return Territory.objects.get(kind="mrc", code=code)


def region(code: str) -> Territory:
    return Territory.objects.get(kind="region", code=code)


def a_programme(**changes: object) -> Programme:
    values: dict[str, object] = {
        "name": "Fonds de sécurité alimentaire",
        "themes": [theme("securite-alimentaire")],
        "territories": [region("12")],
        "eligible_legal_forms": ["nonprofit"],
        "requires_plan": True,
        **changes,
    }
    return services.programme_create(data=ProgrammeData(**values), acting_user=None)  # type: ignore[arg-type]


def a_demarche(
    name: str, *, public: bool = True, adopted: bool = True, territory: Territory | None = None
) -> Concertation:
    concertation = ConcertationFactory.create(name=name, kind=ConcertationKind.DEMARCHE, is_public=public)
    concertation.territories.set([territory or mrc("31")])
    concertation.themes.set([theme("securite-alimentaire")])
    for _ in range(2):
        MembershipFactory.create(
            seat__concertation=concertation, organization=OrganizationFactory.create(legal_form="nonprofit")
        )
    plan = PlanFactory.create(
        owner_concertation=concertation, stage=PlanStage.ADOPTED if adopted else PlanStage.DRAFTING
    )
    plan.themes.set([theme("securite-alimentaire")])
    if adopted:
        StageChangeFactory.create(plan=plan, stage=PlanStage.ADOPTED, on=dt.date(2024, 5, 1))
    action = ActionFactory.create(objective=ObjectiveFactory.create(plan=plan), title=f"Action de {name}")
    action.themes.set([theme("securite-alimentaire")])
    action.co_leaders.set([OrganizationFactory.create(legal_form="nonprofit")])
    return concertation
