"""What the reports' tests share: a small registry on the MRC des Etchemins, and reading a PDF's text."""

from __future__ import annotations

import datetime as dt
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from arrimage.actors.models import Organization, Person, Position
from arrimage.concertation.models import Concertation, Membership, Seat, Theme
from arrimage.plans.models import PlanStage
from arrimage.territories.models import Territory
from tests.factories import (
    ActionFactory,
    ContributionFactory,
    ObjectiveFactory,
    PlanFactory,
    ProgressUpdateFactory,
    StageChangeFactory,
)

YEAR = dt.date.today().year - 1


def territory(public_id: str) -> Territory:
    return Territory.objects.by_code(public_id).get()


def pdf_text(content: bytes) -> str:
    """The text of a PDF, laid out as on the page (`pdftotext -layout`)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "report.pdf"
        path.write_bytes(content)
        result = subprocess.run(
            ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True, timeout=60
        )
    return " ".join(result.stdout.split())


def pdf_pages(content: bytes) -> int:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "report.pdf"
        path.write_bytes(content)
        result = subprocess.run(["pdfinfo", str(path)], capture_output=True, check=True, text=True, timeout=60)
    line = next(line for line in result.stdout.splitlines() if line.startswith("Pages:"))
    return int(line.split()[1])


class World:
    """A public table in Saint-Zacharie (MRC des Etchemins) coordinated by a community organisation, with
    seats held during last year, a plan it owns at 62.2 % and contributions in dollars and hours."""

    def __init__(self, *, seats: int = 3, is_public: bool = True) -> None:
        self.coordinator = Organization.objects.create(
            name="Corporation de développement communautaire des Etchemins",
            sector="community",
            website="https://cdc-etchemins.example.org",
        )
        self.concertation = Concertation.objects.create(
            name="Table de développement social des Etchemins",
            kind="table",
            level="supralocal",
            is_public=is_public,
            coordinating_organization=self.coordinator,
        )
        self.concertation.territories.set([territory("mrc:28")])
        self.concertation.themes.set(Theme.objects.filter(slug__in=["securite-alimentaire", "logement"]))
        self.person = Person.objects.create(given_name="Sam", family_name="Poulin", email="sam@example.org")
        self.employer = Organization.objects.create(name="Maison de la famille des Etchemins", sector="community")
        self.employer.territories_served.set([territory("municipality:28005")])
        Position.objects.create(person=self.person, organization=self.employer, job_title="Directrice")
        self.seats = []
        for number in range(seats):
            seat = Seat.objects.create(concertation=self.concertation, label=f"Siège communautaire {number + 1}")
            organization = Organization.objects.create(name=f"Organisme membre {number + 1}", sector="community")
            holder = Person.objects.create(given_name="Membre", family_name=f"Numéro{number + 1}")
            Membership.objects.create(
                seat=seat, person=holder, organization=organization, start_date=dt.date(YEAR - 2, 1, 1)
            )
            self.seats.append(seat)
        own = Seat.objects.create(concertation=self.concertation, label="Siège de la famille")
        self.membership = Membership.objects.create(
            seat=own, person=self.person, organization=self.employer, start_date=dt.date(YEAR, 3, 1)
        )
        self.plan = self.plan_at_62(self.concertation)

    def plan_at_62(self, concertation: Concertation) -> Any:
        """The example of docs/plans.md: (2×83.33 + 20) / 3 = 62.2 %."""
        plan = PlanFactory.create(
            name="Plan d'action en sécurité alimentaire",
            owner_concertation=concertation,
            stage=PlanStage.IMPLEMENTATION,
            start_date=dt.date(YEAR - 1, 1, 1),
        )
        plan.territories.set([territory("mrc:28")])
        StageChangeFactory.create(plan=plan, stage=PlanStage.IMPLEMENTATION, on=dt.date(YEAR - 1, 1, 1))
        first = ObjectiveFactory.create(plan=plan, weight=2, title="Nourrir les familles")
        second = ObjectiveFactory.create(plan=plan, weight=1, title="Cultiver ensemble")
        a = ActionFactory.create(objective=first, weight=2, title="Cuisines collectives", status="in_progress")
        b = ActionFactory.create(objective=first, weight=1, title="Épicerie solidaire", status="done")
        c = ActionFactory.create(objective=second, title="Jardins communautaires", status="in_progress")
        ActionFactory.create(objective=second, title="Frigos partagés", status="planned")
        for action, percent in [(a, 75), (b, 100), (c, 40)]:
            ProgressUpdateFactory.create(action=action, percent=percent, on=dt.date(YEAR, 6, 1))
        a.co_leaders.set([self.employer])
        ContributionFactory.create(
            action=a,
            organization=self.employer,
            kind="money",
            committed=5000,
            delivered=3000,
            committed_on=dt.date(YEAR, 1, 15),
            delivered_on=dt.date(YEAR, 9, 1),
        )
        ContributionFactory.create(
            action=c,
            organization=self.employer,
            kind="staff_hours",
            committed=120,
            delivered=80,
            committed_on=dt.date(YEAR, 1, 15),
            delivered_on=dt.date(YEAR, 9, 1),
        )
        return plan
