"""Synthetic plans and policies for the synthetic registry (`arrimage.demo.synth`).

At scale 1, about 3,000 plans on the synthetic organisations and concertations: politiques familiales, MADA
and jeunesse owned by municipalities (small ones too: some villages carry three policies), plans d'action
concertés owned by synthetic concertations, and MRC plans (planification stratégique, zone agricole,
développement social…). Each plan has its territories, themes and horizon, dated stage changes (most adopted
or being implemented, some being drafted, evaluated or expired), documents, accompaniers (about one plan in
force in four without one), objectives and about 30,000 actions in all, with co-leaders and partners among
the organisations of the territory, dimensions, a level of change (only a few per cent aim at public
policies), dates, statuses and dated progress updates (some plans have had none for more than a year), and
about 60,000 contributions (committed, delivered, dated).

Everything is drawn from a random generator seeded from the registry's seed, in a fixed order, and
written with `bulk_create` in batches, without historical rows, like the rest of the synthetic registry
(see `arrimage.demo.synth` for why). The generator keeps the rules the database and the services hold:
dates in order (horizon, actions, accompaniments, a delivery after its commitment, stage changes in the
order of the stages), percentages between 0 and 100, amounts of zero or more, one contribution of a kind
per organisation and action.

Synthetic plans are marked `is_demo=True` with the synthetic data's `MISSION` text as their description;
`plans_clear` (called by `synth_clear`) removes them and everything that hangs on them.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import models
from django.db.models import Q

from arrimage.actors.models import Sector
from arrimage.concertation.models import ConcertationKind, Dimension, Level
from arrimage.plans.models import (
    Accompaniment,
    Action,
    ActionStatus,
    ChangeLevel,
    Contribution,
    ContributionKind,
    Objective,
    Plan,
    PlanDocument,
    PlanKind,
    PlanStage,
    ProgressUpdate,
    StageChange,
)

from .synth import (
    BATCH,
    MISSION,
    MUNICIPAL_DESIGNATIONS,
    _batched,
    _random_day,
    _raw_delete,
    _Weights,
    delete_where_any,
)

if TYPE_CHECKING:
    from .synth import _Concertation, _Generator, _Org, _Place

PLANS = 3_000  # at scale 1
CHUNK = 250  # plans drawn and written together

MUNICIPAL_SHARE = 0.58
CONCERTED_SHARE = 0.27  # the rest are MRC plans

POLICIES_PER_MUNICIPALITY = _Weights({1: 35, 2: 40, 3: 25})
MUNICIPAL_KINDS: dict[str, float] = {
    PlanKind.FAMILY: 40,
    PlanKind.MADA: 42,
    PlanKind.YOUTH: 10,
    PlanKind.SOCIAL_DEVELOPMENT: 5,
}
MRC_KINDS = _Weights(
    {
        PlanKind.STRATEGIC: 30,
        PlanKind.AGRICULTURAL_ZONE: 25,
        PlanKind.SOCIAL_DEVELOPMENT: 20,
        PlanKind.FAMILY: 9,
        PlanKind.MADA: 9,
        PlanKind.YOUTH: 4,
        PlanKind.OTHER: 3,
    }
)
CONCERTED_OWNERS: dict[str, int] = {
    ConcertationKind.DEMARCHE: 4,
    ConcertationKind.ALLIANCE: 3,
    ConcertationKind.TABLE: 2,
    ConcertationKind.COMMITTEE: 1,
    ConcertationKind.CHANTIER: 1,
}
STAGES = _Weights(
    {
        PlanStage.DRAFTING: 10,
        PlanStage.ADOPTED: 8,
        PlanStage.IMPLEMENTATION: 56,
        PlanStage.EVALUATED: 8,
        PlanStage.EXPIRED: 18,
    }
)
DIMENSIONS = _Weights(
    {Dimension.SOCIAL: 60, Dimension.ECONOMIC: 20, Dimension.ENVIRONMENTAL: 12, Dimension.CULTURAL: 8}
)
CHANGE_LEVELS = _Weights(
    {
        ChangeLevel.HABITS: 30,
        ChangeLevel.LIVING_ENVIRONMENTS: 35,
        ChangeLevel.LIVING_CONDITIONS: 28,
        ChangeLevel.PUBLIC_POLICIES: 4,
        "": 3,
    }
)
CONTRIBUTION_KINDS = _Weights(
    {
        ContributionKind.STAFF_HOURS: 40,
        ContributionKind.MONEY: 20,
        ContributionKind.IN_KIND: 15,
        ContributionKind.EXPERTISE: 15,
        ContributionKind.PREMISES: 10,
    }
)
# Typical amount committed, in hours for staff time and expertise, in dollars otherwise.
TYPICAL_AMOUNT = {
    ContributionKind.STAFF_HOURS: 120,
    ContributionKind.EXPERTISE: 40,
    ContributionKind.MONEY: 6_000,
    ContributionKind.IN_KIND: 1_500,
    ContributionKind.PREMISES: 3_000,
}
# Concerted plans and strategic plans have more actions than a municipal policy.
ACTION_FACTORS: dict[str, float] = {PlanKind.CONCERTED_ACTION: 1.3, PlanKind.STRATEGIC: 1.3}
# The share of what is committed that has been delivered, by the action's status.
DELIVERED_SHARE: dict[str, tuple[float, float]] = {ActionStatus.DONE: (0.8, 1.0), ActionStatus.IN_PROGRESS: (0.1, 0.9)}
CONTRIBUTIONS_PER_ACTION = _Weights({0: 7, 1: 19, 2: 30, 3: 25, 4: 19})
# Who accompanies the owners of plans: MRCs, health and social services, community and philanthropic bodies.
ACCOMPANYING_SECTORS = frozenset({Sector.SUPRALOCAL, Sector.HEALTH, Sector.COMMUNITY, Sector.PHILANTHROPY})
LEADING_SECTORS = frozenset(
    {Sector.COMMUNITY, Sector.MUNICIPAL, Sector.SUPRALOCAL, Sector.HEALTH, Sector.EDUCATION, Sector.SOCIAL_ECONOMY}
)

# Texts -----------------------------------------------------------------------------------------------

PLAN_NAMES: dict[str, tuple[str, ...]] = {
    PlanKind.FAMILY: ("Politique familiale", "Politique familiale municipale"),
    PlanKind.MADA: ("Politique des aînés (MADA)", "Politique familiale et des aînés (MADA)"),
    PlanKind.YOUTH: ("Politique jeunesse",),
    PlanKind.SOCIAL_DEVELOPMENT: ("Politique de développement social", "Plan de développement social"),
    PlanKind.STRATEGIC: ("Planification stratégique territoriale", "Plan stratégique de développement"),
    PlanKind.AGRICULTURAL_ZONE: ("Plan de développement de la zone agricole",),
    PlanKind.OTHER: ("Plan d'action en transition socioécologique", "Plan d'action en mobilité durable"),
}
PLAN_THEMES: dict[str, tuple[str, ...]] = {
    PlanKind.FAMILY: ("famille", "petite-enfance", "loisir", "saines-habitudes-de-vie", "securite-urbaine"),
    PlanKind.MADA: ("aines-mada", "proches-aidants", "transport-collectif", "logement", "loisir"),
    PlanKind.YOUTH: ("jeunesse", "loisir", "perseverance-scolaire", "employabilite", "participation-citoyenne"),
    PlanKind.SOCIAL_DEVELOPMENT: ("developpement-social", "pauvrete-exclusion", "logement", "securite-alimentaire"),
    PlanKind.STRATEGIC: ("developpement-economique", "amenagement", "vitalite-rurale", "transition-socioecologique"),
    PlanKind.AGRICULTURAL_ZONE: ("agriculture-alimentation", "vitalite-rurale", "amenagement"),
    PlanKind.OTHER: ("transition-socioecologique", "transport-collectif", "amenagement"),
}
OBJECTIVES: dict[str, tuple[str, ...]] = {
    PlanKind.FAMILY: (
        "Offrir des loisirs accessibles aux familles",
        "Soutenir la conciliation travail-famille",
        "Aménager des lieux de rencontre pour les familles",
        "Faciliter l'accès à un logement abordable pour les jeunes familles",
        "Rendre les déplacements des enfants plus sûrs",
    ),
    PlanKind.MADA: (
        "Permettre aux aînés de rester dans leur milieu",
        "Briser l'isolement des personnes aînées",
        "Améliorer le transport des aînés",
        "Adapter les lieux publics aux aînés",
        "Soutenir les proches aidants",
    ),
    PlanKind.YOUTH: (
        "Donner une voix aux jeunes dans la vie municipale",
        "Offrir des lieux aux jeunes",
        "Favoriser la persévérance scolaire",
        "Soutenir l'entrée des jeunes sur le marché du travail",
    ),
    PlanKind.SOCIAL_DEVELOPMENT: (
        "Réduire la pauvreté et l'exclusion sociale",
        "Améliorer l'accès au logement",
        "Renforcer la participation citoyenne",
        "Améliorer l'accès à une alimentation saine",
        "Favoriser l'inclusion des personnes immigrantes",
    ),
    PlanKind.STRATEGIC: (
        "Attirer et retenir la population",
        "Diversifier l'économie du territoire",
        "Protéger les milieux naturels",
        "Renforcer la vitalité des villages",
        "Améliorer la mobilité sur le territoire",
    ),
    PlanKind.AGRICULTURAL_ZONE: (
        "Mettre en valeur les terres agricoles",
        "Soutenir la relève agricole",
        "Développer la transformation alimentaire locale",
        "Favoriser l'agrotourisme",
    ),
    PlanKind.CONCERTED_ACTION: (
        "Améliorer l'accès à une alimentation saine et abordable",
        "Soutenir les familles et les jeunes",
        "Favoriser la réussite éducative",
        "Renforcer le pouvoir d'agir des citoyens",
        "Améliorer les conditions de logement",
        "Rapprocher les services des personnes isolées",
    ),
    PlanKind.OTHER: (
        "Réduire les émissions liées aux déplacements",
        "Mobiliser la population autour de la transition",
        "Adapter le territoire aux changements climatiques",
    ),
}
ACTIONS = (
    "Tenir une fête de quartier annuelle",
    "Offrir un service de popote roulante",
    "Aménager un parc intergénérationnel",
    "Créer un répertoire des ressources du milieu",
    "Organiser un transport collectif vers les services",
    "Offrir des ateliers de cuisine collective",
    "Mettre sur pied un comité de jeunes",
    "Installer des bancs et de l'éclairage sur les trajets piétons",
    "Offrir des activités physiques gratuites en plein air",
    "Soutenir l'aide aux devoirs",
    "Créer un jardin communautaire",
    "Accueillir les nouveaux arrivants",
    "Former des sentinelles contre la maltraitance des aînés",
    "Ouvrir une halte-garderie les fins de semaine",
    "Tenir des cafés-rencontres pour les proches aidants",
    "Offrir des paniers de fruits et légumes à prix réduit",
    "Recenser les logements vacants et abordables",
    "Adapter l'horaire de la bibliothèque aux familles",
    "Offrir une formation numérique aux aînés",
    "Soutenir les initiatives d'économie sociale",
    "Mettre en place une épicerie solidaire mobile",
    "Organiser une consultation publique",
    "Créer une infolettre des activités",
    "Réaménager la cour d'école",
    "Offrir des stages d'été aux jeunes",
    "Soutenir la relève agricole par du mentorat",
    "Développer un circuit agrotouristique",
    "Mettre en valeur le patrimoine bâti",
)
POLICY_ACTIONS = (  # for the few actions aiming at public policies
    "Adopter un règlement favorisant le logement abordable",
    "Demander un tarif réduit de transport collectif pour les jeunes",
    "Intégrer un critère d'accessibilité universelle aux règlements d'urbanisme",
    "Réviser la politique de tarification des loisirs",
)
PROGRESS_TEXTS = (
    "Le comité de suivi s'est réuni.",
    "Les partenaires ont précisé les rôles de chacun.",
    "Premières activités réalisées.",
    "La participation est meilleure que prévu.",
    "Le financement est confirmé.",
    "Retard dû au manque de bénévoles.",
    "Le bilan de mi-parcours est fait.",
    "L'action se poursuit comme prévu.",
    "",
)


# Plain drafts, written afterwards ---------------------------------------------------------------------


@dataclass
class _PlanDraft:
    kind: str
    place: _Place  # the territory the plan is about (owner territory, or the concertation's place)
    owner_territory: int | None
    concertation: _Concertation | None
    territories: list[int]
    instance: Plan | None = None
    changes: list[tuple[str, dt.date]] = field(default_factory=list)
    themes: list[int] = field(default_factory=list)
    documents: list[tuple[str, str]] = field(default_factory=list)
    accompaniments: list[Accompaniment] = field(default_factory=list)
    objectives: list[tuple[Objective, list[_ActionDraft]]] = field(default_factory=list)


@dataclass
class _ActionDraft:
    instance: Action
    co_leaders: list[int]  # organisation pks
    partners: list[int]
    themes: list[int]
    updates: list[ProgressUpdate]
    contributions: list[Contribution]


def _years(start: dt.date, end: dt.date) -> str:
    return f"{start.year}-{end.year}"


class _PlanGenerator:
    """Draws the plans of a synthetic registry already drawn and written by `_Generator`."""

    def __init__(self, registry: _Generator, seed: int) -> None:
        self.registry = registry
        self.rng = random.Random(f"plans:{seed}")  # noqa: S311 - reproducible synthetic data, not a secret
        self.today = registry.today
        self.counts = registry.counts
        self.themes = registry.themes
        self.staff_of: dict[int, list[int]] = defaultdict(list)  # organisation index → person pks
        for person in registry.people:
            if person.org is not None and person.instance is not None:
                self.staff_of[person.org].append(person.instance.pk)
        self.councils: dict[int, int] = {}  # place id → the index of its municipal council's organisation
        for org in registry.orgs:
            if org.sector == Sector.MUNICIPAL and org.place.id not in self.councils:
                self.councils[org.place.id] = org.index

    # Owners ------------------------------------------------------------------------------------------

    def drafts(self) -> list[_PlanDraft]:
        """Who owns each plan, in a fixed order: municipalities, concertations, then MRCs."""
        total = round(PLANS * self.registry.scale)
        municipal = round(total * MUNICIPAL_SHARE)
        concerted = round(total * CONCERTED_SHARE)
        drafts = self._municipal(municipal)
        drafts += self._concerted(concerted)
        drafts += self._mrc(total - len(drafts))
        return drafts

    def _municipal(self, count: int) -> list[_PlanDraft]:
        rng = self.rng
        places = [m for m in self.registry.municipalities if m.designation in MUNICIPAL_DESIGNATIONS]
        if not places:
            return []
        # Small places get policies too (the weight grows slowly with the population).
        chooser = _Weights({place: (place.population + 50) ** 0.3 for place in places})
        done: set[int] = set()
        drafts: list[_PlanDraft] = []
        attempts = 0
        while len(drafts) < count and attempts < 30 * count:
            attempts += 1
            place = chooser.pick(rng)
            if place.id in done:
                continue
            done.add(place.id)
            # A municipality that adopts policies often adopts several: family, seniors, youth.
            wanted = min(POLICIES_PER_MUNICIPALITY.pick(rng), count - len(drafts))
            kinds = dict(MUNICIPAL_KINDS)
            for _ in range(wanted):
                kind = _Weights(kinds).pick(rng)
                del kinds[kind]
                drafts.append(_PlanDraft(kind, place, place.id, None, [place.id]))
        return drafts

    def _concerted(self, count: int) -> list[_PlanDraft]:
        rng = self.rng
        concertations = self.registry.concertations
        candidates = {
            concertation.index: CONCERTED_OWNERS[concertation.kind]
            for concertation in concertations
            if concertation.kind in CONCERTED_OWNERS and concertation.level != Level.NATIONAL
        }
        if not candidates:
            return []
        chooser = _Weights(candidates)
        plans_of: dict[int, int] = defaultdict(int)
        drafts: list[_PlanDraft] = []
        attempts = 0
        while len(drafts) < count and attempts < 30 * count:
            attempts += 1
            concertation = concertations[chooser.pick(rng)]
            if plans_of[concertation.index] >= 2:
                continue
            plans_of[concertation.index] += 1
            drafts.append(
                _PlanDraft(
                    PlanKind.CONCERTED_ACTION, concertation.place, None, concertation, list(concertation.territories)
                )
            )
        return drafts

    def _mrc(self, count: int) -> list[_PlanDraft]:
        rng = self.rng
        mrcs = self.registry.mrcs
        owned: set[tuple[int, str]] = set()
        drafts: list[_PlanDraft] = []
        attempts = 0
        while mrcs and len(drafts) < count and attempts < 30 * max(count, 1):
            attempts += 1
            mrc = rng.choice(mrcs)
            kind = MRC_KINDS.pick(rng)
            if (mrc.id, kind) in owned:
                continue
            owned.add((mrc.id, kind))
            drafts.append(_PlanDraft(kind, mrc, mrc.id, None, [mrc.id]))
        return drafts

    # A plan's life -----------------------------------------------------------------------------------

    def _life(self, stage: str) -> tuple[dt.date | None, dt.date | None, list[tuple[str, dt.date]]]:
        """The horizon and the dated stage changes of a plan that is now at `stage`."""
        rng, today = self.rng, self.today
        duration = rng.choice((3, 4, 5, 5))
        if stage == PlanStage.DRAFTING:
            drafting = today - dt.timedelta(days=rng.randint(10, 500))
            if rng.random() < 0.5:
                return None, None, [(PlanStage.DRAFTING, drafting)]
            start = dt.date(today.year + 1, 1, 1)
            return start, dt.date(start.year + duration - 1, 12, 31), [(PlanStage.DRAFTING, drafting)]
        if stage == PlanStage.ADOPTED:
            adopted = today - dt.timedelta(days=rng.randint(5, 150))
            start = dt.date(rng.choice((today.year, today.year + 1)), 1, 1)
            drafting = adopted - dt.timedelta(days=rng.randint(200, 600))
            end = dt.date(start.year + duration - 1, 12, 31)
            return start, end, [(PlanStage.DRAFTING, drafting), (PlanStage.ADOPTED, adopted)]
        if stage == PlanStage.IMPLEMENTATION:
            first_year = rng.randint(today.year - duration + 1, today.year)
        elif stage == PlanStage.EVALUATED:
            first_year = rng.randint(today.year - 3, today.year - 1) - duration + 1
        else:
            first_year = rng.randint(today.year - 7, today.year - 1) - duration + 1
        start = dt.date(first_year, 1, 1)
        end = dt.date(first_year + duration - 1, 12, 31)
        drafting = start - dt.timedelta(days=rng.randint(200, 600))
        adopted = start - dt.timedelta(days=rng.randint(15, 120))
        implementation = min(start + dt.timedelta(days=rng.randint(0, 90)), today)
        changes: list[tuple[str, dt.date]] = [(PlanStage.DRAFTING, drafting), (PlanStage.ADOPTED, adopted)]
        changes.append((PlanStage.IMPLEMENTATION, implementation))
        if stage == PlanStage.EVALUATED:
            evaluated = min(end + dt.timedelta(days=rng.randint(30, 300)), today)
            changes.append((PlanStage.EVALUATED, max(evaluated, implementation + dt.timedelta(days=1))))
        elif stage == PlanStage.EXPIRED:
            if rng.random() < 0.4:
                evaluated = max(end - dt.timedelta(days=rng.randint(30, 200)), implementation + dt.timedelta(days=1))
                changes.append((PlanStage.EVALUATED, evaluated))
            changes.append((PlanStage.EXPIRED, max(end + dt.timedelta(days=1), changes[-1][1])))
        return start, end, changes

    # Drawing one plan --------------------------------------------------------------------------------

    def draw(self, draft: _PlanDraft, number: int) -> None:
        rng, today = self.rng, self.today
        stage = STAGES.pick(rng)
        if draft.concertation is not None and draft.concertation.end is not None:
            stage = PlanStage.EXPIRED  # the concertation has ended: so has its plan
        start, end, changes = self._life(stage)
        stage_since = changes[-1][1]
        adopted_on = dict(changes).get(PlanStage.ADOPTED)
        name = self._name(draft, start, end)
        resolution = ""
        if adopted_on is not None:
            resolution = f"{adopted_on.year}-{adopted_on.month:02d}-{rng.randint(1, 350):03d}"
        plan = Plan(
            name=name,
            kind=draft.kind,
            description=MISSION,
            owner_territory_id=draft.owner_territory,
            owner_concertation_id=draft.concertation.instance.pk  # type: ignore[union-attr]
            if draft.concertation is not None
            else None,
            start_date=start,
            end_date=end,
            stage=stage,
            stage_since=stage_since,
            adoption_resolution=resolution,
            is_demo=True,
        )
        draft.instance = plan
        draft.changes = changes
        draft.themes = self._plan_themes(draft)
        draft.documents = self._documents(stage, number, name)
        draft.accompaniments = self._accompaniments(draft, stage, changes)
        stale = stage == PlanStage.IMPLEMENTATION and rng.random() < 0.2
        # Progress is reported up to today, up to the plan's last stage change once it is over, and not
        # for more than a year for a stale plan.
        last_report = today
        if stage in (PlanStage.EVALUATED, PlanStage.EXPIRED):
            last_report = stage_since
        if stale:
            last_report = today - dt.timedelta(days=rng.randint(400, 900))
        self._objectives(draft, stage, start or stage_since, end, last_report)

    def _name(self, draft: _PlanDraft, start: dt.date | None, end: dt.date | None) -> str:
        rng = self.rng
        years = f" {_years(start, end)}" if start and end else ""
        if draft.concertation is not None:
            return f"Plan d'action concerté{years} — {draft.concertation.name}"[:250]
        head = rng.choice(PLAN_NAMES[draft.kind])
        return f"{head} {self.registry.of(draft.place)}{years}"[:250]

    def _plan_themes(self, draft: _PlanDraft) -> list[int]:
        if draft.concertation is not None:
            return list(draft.concertation.themes)
        slugs = PLAN_THEMES[draft.kind]
        chosen = [slugs[0], *self.rng.sample(slugs[1:], self.rng.randint(1, min(3, len(slugs) - 1)))]
        return sorted({self.themes[slug] for slug in chosen if slug in self.themes})

    def _documents(self, stage: str, number: int, name: str) -> list[tuple[str, str]]:
        if stage == PlanStage.DRAFTING:
            return []
        base = f"https://www.exemple.demo/synthetique/plans/{number}"
        documents = [(name[:250], f"{base}/plan.pdf")]
        if self.rng.random() < 0.3:
            documents.append(("Résolution d'adoption", f"{base}/resolution.pdf"))
        if stage == PlanStage.EVALUATED or (stage == PlanStage.EXPIRED and self.rng.random() < 0.3):
            documents.append(("Rapport d'évaluation", f"{base}/evaluation.pdf"))
        return documents

    def _nearby(self, place: _Place) -> list[_Org]:
        """The organisations of the place, its MRC and its région, or national ones where there are none
        (at a small scale)."""
        registry = self.registry
        return registry._nearby_orgs(place) or registry.orgs_at.get(registry.province.id, []) or registry.orgs[:20]

    def _accompaniers(self, draft: _PlanDraft) -> list[int]:
        """Organisations that may accompany the plan's owner: those of the MRC and the région first."""
        place = draft.place
        nearby = self._nearby(place)
        pool = [org.index for org in nearby if org.sector in ACCOMPANYING_SECTORS and org.place.id != place.id]
        return pool or [org.index for org in nearby] or [self.rng.randrange(len(self.registry.orgs))]

    def _accompaniments(self, draft: _PlanDraft, stage: str, changes: list[tuple[str, dt.date]]) -> list[Accompaniment]:
        """Someone accompanies most drafts; three plans in force in four have someone accompanying their
        implementation today; the others never had anyone or were left alone after a while."""
        rng, today = self.rng, self.today
        dates = dict(changes)
        pool = self._accompaniers(draft)
        found: list[Accompaniment] = []

        def add(stage_accompanied: str, start: dt.date, end: dt.date | None) -> None:
            index = rng.choice(pool)
            staff = self.staff_of.get(index)
            person = rng.choice(staff) if staff and rng.random() < 0.4 else None
            found.append(
                Accompaniment(
                    organization_id=self.registry.orgs[index].instance.pk,  # type: ignore[union-attr]
                    person_id=person,
                    stage=stage_accompanied,
                    start_date=start,
                    end_date=end,
                )
            )

        if rng.random() < 0.7:
            add(PlanStage.DRAFTING, dates[PlanStage.DRAFTING], dates.get(PlanStage.ADOPTED))
        if stage in (PlanStage.ADOPTED, PlanStage.IMPLEMENTATION):
            began = dates.get(PlanStage.IMPLEMENTATION, dates[PlanStage.ADOPTED])
            draw = rng.random()
            if draw < 0.75:
                add(PlanStage.IMPLEMENTATION, began, None)
            elif draw < 0.87 and (today - began).days > 90:
                add(PlanStage.IMPLEMENTATION, began, _random_day(rng, began, today - dt.timedelta(days=30)))
        elif stage in (PlanStage.EVALUATED, PlanStage.EXPIRED) and rng.random() < 0.6:
            began = dates[PlanStage.IMPLEMENTATION]
            add(PlanStage.IMPLEMENTATION, began, max(began, changes[-1][1]))
        return found

    # Objectives, actions, progress and contributions ----------------------------------------------------

    def _objectives(
        self,
        draft: _PlanDraft,
        stage: str,
        start: dt.date,
        end: dt.date | None,
        last_report: dt.date,
    ) -> None:
        rng = self.rng
        factor = ACTION_FACTORS.get(draft.kind, 0.9)
        if stage == PlanStage.DRAFTING:
            factor *= 0.5
        count = max(1, min(40, round(rng.lognormvariate(math.log(8.6 * factor), 0.55))))
        objectives = min(count, rng.randint(2, 5))
        sizes = [1] * objectives
        for _ in range(count - objectives):
            sizes[rng.randrange(objectives)] += 1
        bank = OBJECTIVES.get(draft.kind, OBJECTIVES[PlanKind.CONCERTED_ACTION])
        titles = rng.sample(bank, min(len(bank), objectives)) + [
            f"Objectif {n + 1}" for n in range(len(bank), objectives)
        ]
        leaders, partners = self._organizations(draft)
        horizon_end = end or start + dt.timedelta(days=4 * 365)
        for order, (title, size) in enumerate(zip(titles, sizes, strict=True)):
            objective = Objective(title=title, order=order, weight=Decimal(2) if rng.random() < 0.15 else Decimal(1))
            actions = [
                self._action(stage, start, horizon_end, last_report, draft.themes, leaders, partners, number)
                for number in range(size)
            ]
            draft.objectives.append((objective, actions))

    def _organizations(self, draft: _PlanDraft) -> tuple[list[int], list[int]]:
        """Organisation indexes that may lead actions (the owner's council and those of the place first)
        and be partners."""
        nearby = self._nearby(draft.place)[:80]
        leaders = [org.index for org in nearby if org.sector in LEADING_SECTORS] or [org.index for org in nearby]
        council = self.councils.get(draft.owner_territory) if draft.owner_territory is not None else None
        if council is not None:
            # The council leads most of its own policy's actions: it is drawn as often as the others together.
            leaders = [council] * max(1, len(leaders)) + [index for index in leaders if index != council]
        return leaders, [org.index for org in nearby]

    def _action(
        self,
        stage: str,
        start: dt.date,
        end: dt.date,
        last_report: dt.date,
        plan_themes: list[int],
        leaders: list[int],
        partners: list[int],
        order: int,
    ) -> _ActionDraft:
        rng = self.rng
        orgs = self.registry.orgs
        change_level = CHANGE_LEVELS.pick(rng)
        title = rng.choice(POLICY_ACTIONS if change_level == ChangeLevel.PUBLIC_POLICIES else ACTIONS)
        span = max(1, (end - start).days)
        action_start = start + dt.timedelta(days=rng.randint(0, int(span * 0.6)))
        action_end: dt.date | None = None
        if rng.random() < 0.85:
            action_end = min(end, action_start + dt.timedelta(days=rng.randint(90, 900)))
        status = self._status(stage, action_start, action_end)
        dimensions = {DIMENSIONS.pick(rng) for _ in range(rng.choice((1, 1, 2, 2, 3)))}
        co_leaders = list(dict.fromkeys(rng.choice(leaders) for _ in range(rng.choice((1, 2, 2, 3)))))
        others = [index for index in partners if index not in co_leaders]
        chosen_partners = rng.sample(others, min(len(others), rng.choice((0, 1, 2, 2, 3, 4))))
        themes = rng.sample(plan_themes, min(len(plan_themes), rng.choice((1, 1, 2)))) if plan_themes else []
        action = Action(
            title=title,
            dimensions=[value for value in Dimension.values if value in dimensions],
            change_level=change_level,
            start_date=action_start,
            end_date=action_end,
            status=status,
            order=order,
            weight=Decimal(2) if rng.random() < 0.1 else Decimal(1),
        )
        updates = self._updates(status, action_start, action_end, last_report)
        contributors = co_leaders + chosen_partners
        contributions = self._contributions(status, action_start, contributors) if stage != PlanStage.DRAFTING else []
        return _ActionDraft(
            instance=action,
            co_leaders=sorted(orgs[index].instance.pk for index in co_leaders),  # type: ignore[union-attr]
            partners=sorted(orgs[index].instance.pk for index in chosen_partners),  # type: ignore[union-attr]
            themes=sorted(themes),
            updates=updates,
            contributions=contributions,
        )

    def _status(self, stage: str, start: dt.date, end: dt.date | None) -> str:
        rng, today = self.rng, self.today
        if stage in (PlanStage.DRAFTING, PlanStage.ADOPTED) or start > today:
            return ActionStatus.PLANNED
        draw = rng.random()
        if stage in (PlanStage.EVALUATED, PlanStage.EXPIRED) or (end is not None and end < today):
            if draw < 0.65:
                return ActionStatus.DONE
            if draw < 0.77:
                return ActionStatus.CANCELLED
            return ActionStatus.ON_HOLD if draw < 0.83 else ActionStatus.IN_PROGRESS
        if draw < 0.85:
            return ActionStatus.IN_PROGRESS
        if draw < 0.93:
            return ActionStatus.ON_HOLD
        return ActionStatus.CANCELLED if draw < 0.96 else ActionStatus.DONE

    def _updates(self, status: str, start: dt.date, end: dt.date | None, last_report: dt.date) -> list[ProgressUpdate]:
        rng = self.rng
        last = min(last_report, (end or self.today) + dt.timedelta(days=60), self.today)
        if status == ActionStatus.PLANNED or last <= start or rng.random() < 0.12:
            return []
        count = rng.choice((1, 1, 2, 2, 3, 4))
        days = sorted({_random_day(rng, start + dt.timedelta(days=1), last) for _ in range(count)})
        finals: dict[str, int] = {
            ActionStatus.DONE: 100,
            ActionStatus.IN_PROGRESS: rng.randint(10, 90),
            ActionStatus.ON_HOLD: rng.randint(5, 60),
            ActionStatus.CANCELLED: rng.randint(0, 40),
        }
        final = finals[status]
        percents = [*sorted(rng.randint(0, final) for _ in days[:-1]), final]
        return [
            ProgressUpdate(on=day, percent=percent, text=rng.choice(PROGRESS_TEXTS))
            for day, percent in zip(days, percents, strict=True)
        ]

    def _contributions(self, status: str, start: dt.date, contributors: list[int]) -> list[Contribution]:
        rng, today = self.rng, self.today
        count = CONTRIBUTIONS_PER_ACTION.pick(rng)
        if not contributors:
            return []
        seen: set[tuple[int, str]] = set()
        found: list[Contribution] = []
        for _ in range(count):
            index = rng.choice(contributors)
            kind = CONTRIBUTION_KINDS.pick(rng)
            if (index, kind) in seen:
                continue
            seen.add((index, kind))
            committed = Decimal(max(1, round(rng.lognormvariate(math.log(TYPICAL_AMOUNT[kind]), 0.8))))
            committed_on = min(today, start - dt.timedelta(days=rng.randint(0, 90)))
            share = DELIVERED_SHARE.get(status, (0.0, 0.3))
            delivered: Decimal | None = None
            delivered_on: dt.date | None = None
            if status != ActionStatus.PLANNED and start <= today:
                delivered = (committed * Decimal(str(round(rng.uniform(*share), 2)))).quantize(Decimal(1))
                delivered_on = _random_day(rng, committed_on, today)
                if not delivered:
                    delivered, delivered_on = None, None
            stored_committed: Decimal | None = committed
            if delivered is not None and rng.random() < 0.04:  # delivered without any commitment recorded
                stored_committed, committed_on = None, delivered_on or committed_on
            found.append(
                Contribution(
                    organization_id=self.registry.orgs[index].instance.pk,  # type: ignore[union-attr]
                    kind=kind,
                    committed=stored_committed,
                    delivered=delivered,
                    committed_on=committed_on if stored_committed is not None else None,
                    delivered_on=delivered_on,
                )
            )
        return found

    # Writing -----------------------------------------------------------------------------------------

    def write(self) -> None:
        drafts = self.drafts()
        done = 0
        for chunk in _batched(drafts, CHUNK):
            for number, draft in enumerate(chunk, start=done + 1):
                self.draw(draft, number)
            self._write_chunk(chunk)
            done += len(chunk)
            self.registry.progress("plans", done, len(drafts))

    def _write_chunk(self, chunk: list[_PlanDraft]) -> None:
        plans = [draft.instance for draft in chunk if draft.instance is not None]
        Plan.objects.bulk_create(plans, batch_size=BATCH)
        territories, themes = Plan.territories.through, Plan.themes.through
        rows_t, rows_h, changes, documents, accompaniments, objectives = [], [], [], [], [], []
        for draft in chunk:
            plan = draft.instance
            assert plan is not None
            rows_t += [territories(plan_id=plan.pk, territory_id=t) for t in draft.territories]
            rows_h += [themes(plan_id=plan.pk, theme_id=t) for t in draft.themes]
            changes += [StageChange(plan_id=plan.pk, stage=stage, on=on) for stage, on in draft.changes]
            documents += [
                PlanDocument(plan_id=plan.pk, title=title, url=url, order=order)
                for order, (title, url) in enumerate(draft.documents)
            ]
            for accompaniment in draft.accompaniments:
                accompaniment.plan_id = plan.pk
                accompaniments.append(accompaniment)
            for objective, _actions in draft.objectives:
                objective.plan_id = plan.pk
                objectives.append(objective)
        territories.objects.bulk_create(rows_t, batch_size=BATCH)
        themes.objects.bulk_create(rows_h, batch_size=BATCH)
        StageChange.objects.bulk_create(changes, batch_size=BATCH)
        PlanDocument.objects.bulk_create(documents, batch_size=BATCH)
        Accompaniment.objects.bulk_create(accompaniments, batch_size=BATCH)
        Objective.objects.bulk_create(objectives, batch_size=BATCH)

        actions: list[_ActionDraft] = []
        for draft in chunk:
            for objective, objective_actions in draft.objectives:
                for action in objective_actions:
                    action.instance.objective_id = objective.pk
                    actions.append(action)
        Action.objects.bulk_create([action.instance for action in actions], batch_size=BATCH)
        leaders, partners, action_themes = Action.co_leaders.through, Action.partners.through, Action.themes.through
        rows_l, rows_p, rows_a, updates, contributions = [], [], [], [], []
        for action in actions:
            pk = action.instance.pk
            rows_l += [leaders(action_id=pk, organization_id=o) for o in action.co_leaders]
            rows_p += [partners(action_id=pk, organization_id=o) for o in action.partners]
            rows_a += [action_themes(action_id=pk, theme_id=t) for t in action.themes]
            for update in action.updates:
                update.action_id = pk
                updates.append(update)
            for contribution in action.contributions:
                contribution.action_id = pk
                contributions.append(contribution)
        leaders.objects.bulk_create(rows_l, batch_size=BATCH)
        partners.objects.bulk_create(rows_p, batch_size=BATCH)
        action_themes.objects.bulk_create(rows_a, batch_size=BATCH)
        ProgressUpdate.objects.bulk_create(updates, batch_size=BATCH)
        Contribution.objects.bulk_create(contributions, batch_size=BATCH)

        counts = self.counts
        counts["plans"] += len(plans)
        counts["plan territories"] += len(rows_t)
        counts["plan themes"] += len(rows_h)
        counts["stage changes"] += len(changes)
        counts["plan documents"] += len(documents)
        counts["accompaniments"] += len(accompaniments)
        counts["objectives"] += len(objectives)
        counts["actions"] += len(actions)
        counts["action co-leaders"] += len(rows_l)
        counts["action partners"] += len(rows_p)
        counts["action themes"] += len(rows_a)
        counts["progress updates"] += len(updates)
        counts["contributions"] += len(contributions)
        for draft in chunk:  # the chunk's rows are written: let them go
            draft.objectives = []


def plans_write(registry: _Generator, *, seed: int) -> None:
    """Draw and write the plans of the synthetic registry `registry` has just written (in its transaction)."""
    _PlanGenerator(registry, seed).write()


def synthetic_plans() -> models.QuerySet[Plan]:
    return Plan.objects.filter(is_demo=True, description=MISSION)


def plans_clear(*, organizations: Any, people: Any, concertations: Any) -> int:
    """Remove the synthetic plans and what hangs on them, plus the rows of other plans that point at the
    synthetic organisations, people or concertations about to be removed (their contributions,
    accompaniments, co-leaderships and partnerships; a plan also owned by a territory loses its synthetic
    owner concertation). Plain deletes without history; the caller holds the transaction. Returns the
    number of plans removed."""
    plans = synthetic_plans().values("pk")
    actions = Action.objects.filter(objective__plan__in=plans).values("pk")
    delete_where_any(Contribution.objects.all(), Q(action__in=actions), Q(organization__in=organizations))
    _raw_delete(ProgressUpdate.objects.filter(action__in=actions))
    for through in (Action.co_leaders.through, Action.partners.through):
        delete_where_any(through.objects.all(), Q(action__in=actions), Q(organization__in=organizations))
    _raw_delete(Action.themes.through.objects.filter(action__in=actions))
    _raw_delete(Action.objects.filter(pk__in=actions))
    _raw_delete(Objective.objects.filter(plan__in=plans))
    delete_where_any(
        Accompaniment.objects.all(), Q(plan__in=plans), Q(organization__in=organizations), Q(person__in=people)
    )
    _raw_delete(PlanDocument.objects.filter(plan__in=plans))
    _raw_delete(StageChange.objects.filter(plan__in=plans))
    for relation in (Plan.territories, Plan.themes):
        _raw_delete(relation.through.objects.filter(plan__in=plans))
    Plan.objects.exclude(pk__in=plans).filter(
        owner_concertation__in=concertations, owner_territory__isnull=False
    ).update(owner_concertation=None)
    return _raw_delete(Plan.objects.filter(pk__in=plans))
