"""Demonstration funding programmes: eight programmes that reach Québec's régions, described from public
knowledge of them, tied to the demonstration territories and themes.

The amounts and dates are illustrative (said so in each description): a programme's real conditions are
those of its funder's current call. Deadlines are set relative to the day the demonstration is loaded, so
that the calendar always has deadlines to come.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from arrimage.concertation.models import Theme
from arrimage.funding.models import Programme
from arrimage.funding.services import ProgrammeData, deadline_add, programme_create
from arrimage.territories.models import Territory

ILLUSTRATIVE = " Montants et dates illustratifs : vérifier l'appel en cours auprès du bailleur de fonds."


@dataclass(frozen=True)
class ProgrammeRow:
    name: str
    acronym: str
    funder_name: str
    description: str
    url: str
    status: str
    themes: tuple[str, ...]
    territories: tuple[str, ...]  # public ids; empty: all of Québec
    sectors: tuple[str, ...] = ()
    legal_forms: tuple[str, ...] = ()
    requires_concertation: bool = False
    requires_partnership: bool = False
    requires_plan: bool = False
    amount_min: int | None = None
    amount_max: int | None = None
    envelope: int | None = None
    # (days from the loading day, label, note)
    deadlines: tuple[tuple[int, str, str], ...] = field(default_factory=tuple)


PROGRAMMES: list[ProgrammeRow] = [
    ProgrammeRow(
        name="Fonds québécois d'initiatives sociales — Alliance pour la solidarité de la Capitale-Nationale",
        acronym="FQIS",
        funder_name="Ministère de l'Emploi et de la Solidarité sociale",
        description=(
            "Le FQIS soutient, par les Alliances pour la solidarité conclues avec chaque région, des projets "
            "concertés de lutte contre la pauvreté et l'exclusion sociale. Dans la Capitale-Nationale, les "
            "projets sont portés par des organismes au nom de démarches locales de développement des "
            "communautés." + ILLUSTRATIVE
        ),
        url="https://www.quebec.ca/famille-et-soutien-aux-personnes/aide-sociale-et-solidarite-sociale",
        status="recurring",
        themes=("pauvrete-exclusion", "developpement-social", "developpement-des-communautes"),
        territories=("region:03",),
        legal_forms=("nonprofit", "cooperative", "municipality"),
        requires_concertation=True,
        requires_partnership=True,
        amount_min=25_000,
        amount_max=250_000,
        envelope=4_500_000,
        deadlines=(
            (45, "Dépôt des intentions de projet", "Une page : la démarche, les partenaires, le besoin."),
            (120, "Dépôt des demandes", "Formulaire complet et résolution de la démarche."),
        ),
    ),
    ProgrammeRow(
        name="Fonds régions et ruralité, volet 2 — Soutien aux projets structurants de la MRC des Appalaches",
        acronym="FRR-2",
        funder_name="Ministère des Affaires municipales et de l'Habitation, par la MRC des Appalaches",
        description=(
            "Le volet 2 du Fonds régions et ruralité (FRR) est confié aux MRC pour leur compétence en "
            "développement local et régional. La MRC en consacre une part aux projets structurants des municipalités "
            "et des organismes. Ces projets améliorent les milieux de vie." + ILLUSTRATIVE
        ),
        url="https://www.quebec.ca/gouvernement/ministere/affaires-municipales",
        status="recurring",
        themes=("vitalite-rurale", "developpement-des-communautes", "amenagement", "loisir"),
        territories=("mrc:31",),
        legal_forms=("nonprofit", "cooperative", "municipality"),
        amount_min=5_000,
        amount_max=50_000,
        envelope=600_000,
        deadlines=((30, "Dépôt des demandes — premier appel", ""), (210, "Dépôt des demandes — second appel", "")),
    ),
    ProgrammeRow(
        name="Fonds régions et ruralité, volet 4 — Soutien à la vitalisation des Etchemins",
        acronym="FRR-4",
        funder_name="Ministère des Affaires municipales et de l'Habitation",
        description=(
            "Le volet 4 du FRR soutient, par une entente de vitalisation, les MRC et les municipalités dont "
            "l'indice de vitalité économique est le plus faible. Les projets s'inscrivent dans le cadre de "
            "vitalisation adopté par le comité de vitalisation." + ILLUSTRATIVE
        ),
        url="https://www.quebec.ca/gouvernement/ministere/affaires-municipales",
        status="open",
        themes=("vitalite-rurale", "developpement-social", "transport-collectif", "famille"),
        territories=("mrc:28",),
        legal_forms=("nonprofit", "cooperative", "municipality"),
        requires_plan=True,
        amount_max=100_000,
        deadlines=((75, "Dépôt des projets au comité de vitalisation", ""),),
    ),
    ProgrammeRow(
        name="Programme de soutien à la démarche Municipalité amie des aînés",
        acronym="MADA",
        funder_name="Ministère de la Santé et des Services sociaux — Secrétariat aux aînés",
        description=(
            "Aide financière et accompagnement aux municipalités et aux MRC qui élaborent ou mettent à jour "
            "leur politique des aînés et son plan d'action (démarche MADA)." + ILLUSTRATIVE
        ),
        url="https://www.quebec.ca/famille-et-soutien-aux-personnes/aines",
        status="recurring",
        themes=("aines-mada", "proches-aidants"),
        territories=(),
        sectors=("municipal", "supralocal"),
        legal_forms=("municipality",),
        amount_max=18_000,
        deadlines=(
            (60, "Dépôt des demandes", "Résolution du conseil désignant l'élu responsable des questions aînés."),
        ),
    ),
    ProgrammeRow(
        name="Québec ami des aînés — Soutien aux actions communautaires",
        acronym="QADA",
        funder_name="Ministère de la Santé et des Services sociaux — Secrétariat aux aînés",
        description=(
            "Le programme Québec ami des aînés soutient des projets d'organismes sans but lucratif. Ces projets "
            "favorisent la participation sociale des aînés, le vieillissement actif et la bientraitance." + ILLUSTRATIVE
        ),
        url="https://www.quebec.ca/famille-et-soutien-aux-personnes/aines",
        status="recurring",
        themes=("aines-mada", "proches-aidants", "participation-citoyenne"),
        territories=(),
        legal_forms=("nonprofit",),
        amount_max=50_000,
        deadlines=((90, "Dépôt des demandes", ""),),
    ),
    ProgrammeRow(
        name="Programme de soutien aux organismes communautaires",
        acronym="PSOC",
        funder_name="Ministère de la Santé et des Services sociaux, par les CISSS et les CIUSSS",
        description=(
            "Le PSOC finance la mission globale des organismes communautaires du domaine de la santé et des "
            "services sociaux, reconnus par leur CISSS ou CIUSSS. La demande est annuelle." + ILLUSTRATIVE
        ),
        url="https://www.quebec.ca/sante/systeme-et-services-de-sante",
        status="recurring",
        themes=("sante-mentale", "pauvrete-exclusion", "famille", "securite-alimentaire", "developpement-social"),
        territories=(),
        sectors=("community",),
        legal_forms=("nonprofit",),
        deadlines=((150, "Dépôt de la demande annuelle et du rapport d'activités", ""),),
    ),
    ProgrammeRow(
        name="Centraide — Soutien aux projets collectifs de quartier et de village",
        acronym="",
        funder_name="Centraide Québec et Chaudière-Appalaches",
        description=(
            "Centraide soutient aussi des projets collectifs portés par des concertations de quartier ou de "
            "village. Ces projets visent à réduire la pauvreté et l'exclusion." + ILLUSTRATIVE
        ),
        url="https://www.centraide.org/",
        status="open",
        themes=("pauvrete-exclusion", "developpement-des-communautes", "securite-alimentaire", "logement"),
        territories=("region:03", "region:12"),
        legal_forms=("nonprofit",),
        requires_concertation=True,
        requires_partnership=True,
        amount_min=10_000,
        amount_max=75_000,
        deadlines=((-20, "Dépôt des lettres d'intention", ""), (40, "Dépôt des demandes complètes", "")),
    ),
    ProgrammeRow(
        name="Fondation Lucie et André Chagnon — Soutien aux démarches territoriales",
        acronym="",
        funder_name="Fondation Lucie et André Chagnon",
        description=(
            "La Fondation soutient sur plusieurs années des démarches de concertation territoriales. Ces démarches "
            "agissent sur la réussite éducative et le développement des enfants, à partir de leur plan d'action "
            "concerté." + ILLUSTRATIVE
        ),
        url="https://fondationchagnon.org/",
        status="open",
        themes=("petite-enfance", "perseverance-scolaire", "famille", "developpement-des-communautes"),
        territories=(),
        legal_forms=("nonprofit",),
        requires_concertation=True,
        requires_plan=True,
        amount_min=50_000,
        amount_max=300_000,
        deadlines=((180, "Dépôt du plan d'action concerté mis à jour", "Sur invitation, après un premier échange."),),
    ),
]


def _territories(public_ids: set[str]) -> dict[str, Territory]:
    condition = Q(pk__in=[])
    for public_id in public_ids:
        kind, _sep, code = public_id.partition(":")
        condition |= Q(kind=kind, code=code)
    return {f"{t.kind}:{t.code}": t for t in Territory.objects.without_geometry().filter(condition)}


def demo_programmes(*, acting_user: Any = None, today: dt.date | None = None) -> list[Programme]:
    """Create the demonstration programmes and their deadlines, once (nothing when they are there)."""
    if Programme.objects.filter(is_demo=True).exists():
        return []
    today = today or timezone.localdate()
    themes = {theme.slug: theme for theme in Theme.objects.all()}
    territories = _territories({public_id for row in PROGRAMMES for public_id in row.territories})
    created = []
    with transaction.atomic():
        for row in PROGRAMMES:
            programme = programme_create(
                data=ProgrammeData(
                    name=row.name,
                    acronym=row.acronym,
                    funder_name=row.funder_name,
                    description=row.description,
                    url=row.url,
                    status=row.status,
                    themes=[themes[slug] for slug in row.themes if slug in themes],
                    territories=[territories[p] for p in row.territories if p in territories],
                    eligible_sectors=list(row.sectors),
                    eligible_legal_forms=list(row.legal_forms),
                    requires_concertation=row.requires_concertation,
                    requires_partnership=row.requires_partnership,
                    requires_plan=row.requires_plan,
                    amount_min=Decimal(row.amount_min) if row.amount_min is not None else None,
                    amount_max=Decimal(row.amount_max) if row.amount_max is not None else None,
                    envelope=Decimal(row.envelope) if row.envelope is not None else None,
                ),
                acting_user=acting_user,
                is_demo=True,
            )
            for days, label, note in row.deadlines:
                deadline_add(
                    programme=programme,
                    date=today + dt.timedelta(days=days),
                    label=label,
                    note=note,
                    acting_user=acting_user,
                )
            created.append(programme)
    return created


def demo_programmes_delete() -> int:
    """Remove the demonstration programmes and their deadlines; returns how many programmes."""
    return Programme.objects.filter(is_demo=True).delete()[1].get("funding.Programme", 0)
