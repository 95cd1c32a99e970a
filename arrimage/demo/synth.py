"""A province-scale synthetic registry on the real territories, for benchmarks and load tests.

`synth_generate(scale=1, seed=1)` writes about 12,000 organisations, 25,000 people, 30,000 positions,
4,000 concertations, 60,000 seats and 80,000 memberships (holdings of a seat), spread over the
reference territories already loaded: more in populous places, some in every MRC. Everything is drawn
from one `random.Random(seed)` over territories and themes read in a fixed order, so the same seed and
scale give the same names, dates and counts (on the same day: the histories run up to `today`).

The data is plausible rather than real: French organisation and concertation names built from the
place they serve, common Québec given and family names, levels that match the territory covered (a
local table covers a municipality or a borough, a supralocal one an MRC, a regional one a région, a
national one the province), 8 to 30 seats per concertation of which about one in ten is a citizen or
lived-experience seat, successive holdings of each seat since 2010 with their end reasons and some
dates known only to the month or the year, vacant seats, networks (a local démarche belongs to a
regional alliance), and a heavy tail of people holding many seats (each person draws a Pareto weight).

Why it bypasses the services: this is benchmark data, not edits made by people. Going through
`membership_start` and friends would validate and record a historical row (django-simple-history) for
each of some 250,000 rows, which takes many minutes and fills the history with changes nobody made.
The rows are written with `bulk_create` in one transaction and no historical rows; the generator keeps
every rule the services and the database hold (dates in order, one open holding per seat, a holder on
every holding, no two holdings of a seat that overlap, a person never twice at one table at once, a
holding never after its seat was abolished). Every edit a person later makes to this data goes through
the services as usual.

Synthetic rows are marked `is_demo=True`; people have an address under `@synthetique.demo`, and
organisations and concertations have `MISSION` as their mission, so that `synth_clear` finds them and
nothing else (the hand-made demonstration data is also `is_demo` but has neither mark).
"""

from __future__ import annotations

import bisect
import calendar
import datetime as dt
import math
import random
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from itertools import accumulate
from typing import Any, Generic, TypeVar

from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone

from arrimage.access.models import RoleGrant
from arrimage.actors.models import LegalForm, Organization, Person, Position, Profession, Sector
from arrimage.concertation.models import (
    Concertation,
    ConcertationKind,
    EndReason,
    Level,
    MeetingFrequency,
    Membership,
    Role,
    Seat,
    SeatType,
    Theme,
)
from arrimage.core.dates import DatePrecision
from arrimage.core.search import search_stems
from arrimage.core.text import search_key
from arrimage.core.versions import registry_changed
from arrimage.territories.models import Territory, TerritoryKind

EMAIL_DOMAIN = "synthetique.demo"
MISSION = "Données synthétiques, générées pour les essais de charge d'Arrimage."

# Counts at scale 1.
ORGANIZATIONS = 12_000
PEOPLE = 25_000
CONCERTATIONS = 4_000

HISTORY_SINCE = dt.date(2010, 1, 1)
MOST_HOLDINGS = 30  # successive holdings one person may have had since HISTORY_SINCE, all tables together
BATCH = 2_000
CHUNK = 200  # concertations whose seats and holdings are built and written together

# A progress callback receives the step's label, the work done and the work to do.
ProgressCallback = Callable[[str, int, int], None]

K = TypeVar("K")


class _Weights(Generic[K]):
    """A weighted choice among a few values; a draw costs one random number and one bisection."""

    def __init__(self, weights: Mapping[K, float]) -> None:
        self.values = list(weights)
        self.cumulative = list(accumulate(weights.values()))

    def pick(self, rng: random.Random) -> K:
        return self.values[bisect.bisect_right(self.cumulative, rng.random() * self.cumulative[-1])]


@dataclass
class SynthReport:
    """What `synth_generate` wrote: counts per kind of row and the seconds it took."""

    scale: float
    seed: int
    counts: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    plan_seconds: float = 0.0  # of which drawing and writing the plans (`arrimage.demo.synth_plans`)


# Names ----------------------------------------------------------------------------------------------

GIVEN_NAMES_F = (  # noqa: SIM905 - a long list reads better as one text
    "Marie Julie Isabelle Nathalie Sophie Catherine Geneviève Mélanie Valérie Chantal Caroline Annie Émilie "
    "Audrey Karine Stéphanie Josée Manon Sylvie Lise Camille Léa Chloé Rosalie Noémie Gabrielle Jessica "
    "Marie-Ève Marie-Claude Anne-Marie Véronique France Johanne Andrée Fatima Amina Mariam Linh"
).split()
GIVEN_NAMES_M = (  # noqa: SIM905 - a long list reads better as one text
    "Jean Pierre Michel Martin Stéphane Sylvain Éric Patrick François Daniel Luc Marc Alain Mathieu Simon "
    "Guillaume Maxime Alexandre Olivier Philippe Sébastien Nicolas Louis Samuel William Félix Gabriel "
    "Jean-François Marc-André Benoît Yves Denis Réjean Gilles Karim Mamadou Youssef Minh"
).split()
FAMILY_NAMES = (  # noqa: SIM905 - a long list reads better as one text
    "Tremblay Gagnon Roy Côté Bouchard Gauthier Morin Lavoie Fortin Gagné Ouellet Pelletier Bélanger "
    "Lévesque Bergeron Leblanc Paquette Girard Simard Boucher Caron Beaulieu Cloutier Dubé Poirier Fournier "
    "Lapointe Leclerc Lefebvre Poulin Thibault St-Pierre Nadeau Martin Landry Martel Bédard Grenier Lessard "
    "Bernier Richard Michaud Hébert Desjardins Couture Turcotte Lachance Parent Blais Gosselin Savard Proulx "
    "Beaudoin Demers Perreault Boudreau Lemieux Cyr Perron Dufour Dion Mercier Bolduc Bérubé Boisvert "
    "Langlois Ménard Therrien Plante Bilodeau Blanchette Paradis Fontaine Vachon Rousseau Labelle Dumas "
    "Larouche Drouin Champagne Brassard Lemay Tessier Fréchette Trudel Charbonneau Nguyen Diallo Joseph "
    "Haddad Benali Rodriguez Traoré Chen Jean-Baptiste Saint-Louis Kanapé Awashish"
).split()

# Distinctive names, for the second organisation of a kind in one place (« Maison des jeunes Le Phare »).
NICKNAMES = (  # noqa: SIM905 - a long list reads better as one text
    "L'Envolée|Le Phare|La Passerelle|Le Tournesol|L'Entraide|Le Relais|La Ruche|Le Pignon bleu|L'Élan|La Boussole|"
    "Le Carrefour|L'Arc-en-ciel|La Source|Le Pont|L'Escale|La Maisonnée|Le Nid|Le Rucher|La Marée|Le Sentier|"
    "L'Horizon|Les Érables|La Grande Ourse|Le Havre|La Clé|L'Étincelle|Le Cap|La Traversée|Le Rivage|Le Fil d'Ariane"
).split("|")
# Parts of a territory, for the second concertation of a kind in one place.
AREAS = (  # noqa: SIM905 - a long list reads better as one text
    "Nord|Sud|Est|Ouest|Centre|Nord-Est|Nord-Ouest|Sud-Est|Sud-Ouest|des Berges|du Lac|des Rivières|du Plateau|"
    "de la Vallée|de la Gare|du Vieux-Port|des Collines|de la Montagne|du Parc|des Îles"
).split("|")

# How a région's name reads after « de ».
REGION_OF = {
    "01": "du Bas-Saint-Laurent",
    "02": "du Saguenay–Lac-Saint-Jean",
    "03": "de la Capitale-Nationale",
    "04": "de la Mauricie",
    "05": "de l'Estrie",
    "06": "de Montréal",
    "07": "de l'Outaouais",
    "08": "de l'Abitibi-Témiscamingue",
    "09": "de la Côte-Nord",
    "10": "du Nord-du-Québec",
    "11": "de la Gaspésie–Îles-de-la-Madeleine",
    "12": "de Chaudière-Appalaches",
    "13": "de Laval",
    "14": "de Lanaudière",
    "15": "des Laurentides",
    "16": "de la Montérégie",
    "17": "du Centre-du-Québec",
}
_VOWELS = tuple("AEIOUYÂÉÈÊÎÏÔÛ")


def of_place(name: str) -> str:
    """« de » followed by a place name, with French elision and contraction: « d'Amos », « des Etchemins »."""
    if name.startswith("Les "):
        return f"des {name[4:]}"
    if name.startswith("Le "):
        return f"du {name[3:]}"
    if name.startswith(_VOWELS):
        return f"d'{name}"
    return f"de {name}"


@dataclass(frozen=True)
class OrgTemplate:
    head: str
    sector: str
    legal_form: str
    weight: float = 1.0
    acronym: str = ""
    unique: bool = False  # one per place at most (« Ville de … », « MRC de … »)


C, M, SL, H, ED, SE, EC, PH, GV, CI, OT = (
    Sector.COMMUNITY,
    Sector.MUNICIPAL,
    Sector.SUPRALOCAL,
    Sector.HEALTH,
    Sector.EDUCATION,
    Sector.SOCIAL_ECONOMY,
    Sector.ECONOMIC,
    Sector.PHILANTHROPY,
    Sector.GOVERNMENT,
    Sector.CITIZEN,
    Sector.OTHER,
)
NP, CO, MU, PB, INF = (
    LegalForm.NONPROFIT,
    LegalForm.COOPERATIVE,
    LegalForm.MUNICIPALITY,
    LegalForm.PUBLIC_BODY,
    LegalForm.INFORMAL,
)

LOCAL_ORGS = [
    OrgTemplate("Centre communautaire", C, NP, 3),
    OrgTemplate("Maison des jeunes", C, NP, 3),
    OrgTemplate("Maison de la famille", C, NP, 2),
    OrgTemplate("Cuisines collectives", C, NP, 2),
    OrgTemplate("Comptoir alimentaire", C, NP, 2),
    OrgTemplate("Popote roulante", C, NP),
    OrgTemplate("Centre de femmes", C, NP),
    OrgTemplate("Association des personnes handicapées", C, NP),
    OrgTemplate("Groupe d'entraide", C, NP),
    OrgTemplate("Corporation des loisirs", C, NP, 2),
    OrgTemplate("Comité logement", C, NP),
    OrgTemplate("Association des locataires", C, NP),
    OrgTemplate("Club des aînés", C, NP, 2),
    OrgTemplate("Centre d'éducation populaire", C, NP),
    OrgTemplate("Halte-garderie communautaire", C, NP),
    OrgTemplate("Ressource alternative en santé mentale", C, NP),
    OrgTemplate("Jardins communautaires", C, NP),
    OrgTemplate("Comité citoyen", CI, INF, 2),
    OrgTemplate("Collectif citoyen", CI, INF),
    OrgTemplate("Coopérative de solidarité", SE, CO),
    OrgTemplate("Coopérative d'habitation", SE, CO),
    OrgTemplate("Friperie communautaire", SE, NP),
    OrgTemplate("Ressourcerie", SE, NP),
    OrgTemplate("École primaire", ED, PB, 2),
    OrgTemplate("École secondaire", ED, PB),
    OrgTemplate("Centre d'éducation des adultes", ED, PB),
    OrgTemplate("CLSC", H, PB, unique=True),
    OrgTemplate("Chambre de commerce", EC, NP, unique=True),
    OrgTemplate("Fondation communautaire", PH, NP),
    OrgTemplate("Société d'histoire", OT, NP),
    OrgTemplate("Bibliothèque", OT, NP),
]
SUPRALOCAL_ORGS = [
    OrgTemplate("MRC", SL, MU, 3, unique=True),
    OrgTemplate("Corporation de développement communautaire", C, NP, 3, "CDC", unique=True),
    OrgTemplate("Centre d'action bénévole", C, NP, 3, "CAB"),
    OrgTemplate("Carrefour jeunesse-emploi", C, NP, 3, "CJE", unique=True),
    OrgTemplate("Société d'aide au développement des collectivités", EC, NP, 2, "SADC", unique=True),
    OrgTemplate("Service de développement économique", EC, MU, 2),
    OrgTemplate("Service d'aide à l'emploi", C, NP),
    OrgTemplate("Transport adapté et collectif", C, NP, 2),
    OrgTemplate("Maison d'hébergement pour femmes", C, NP),
    OrgTemplate("Office municipal d'habitation", M, PB, 2, "OMH"),
    OrgTemplate("Pôle d'économie sociale", SE, NP),
    OrgTemplate("Regroupement des organismes communautaires", C, NP),
    OrgTemplate("Association des familles monoparentales", C, NP),
    OrgTemplate("Centre de pédiatrie sociale", C, NP),
    OrgTemplate("Coopérative de services à domicile", SE, CO, 2),
    OrgTemplate("Centre de services scolaire", ED, PB, 2, "CSS", unique=True),
    OrgTemplate("Fondation", PH, NP),
]
REGIONAL_ORGS = [
    OrgTemplate("Centre intégré de santé et de services sociaux", H, PB, 3, "CISSS", unique=True),
    OrgTemplate("Direction régionale de santé publique", H, PB, 2, unique=True),
    OrgTemplate("Direction régionale de Services Québec", GV, PB, 2, unique=True),
    OrgTemplate("Centraide", PH, NP, 2, unique=True),
    OrgTemplate("Table régionale des organismes communautaires", C, NP, 2, "TROC", unique=True),
    OrgTemplate("Conseil régional de l'environnement", OT, NP, 2, "CRE", unique=True),
    OrgTemplate("Unité régionale de loisir et de sport", C, NP, 2, "URLS", unique=True),
    OrgTemplate("Conseil de la culture", OT, NP),
    OrgTemplate("Regroupement régional des maisons des jeunes", C, NP),
    OrgTemplate("Pôle régional d'économie sociale", SE, NP),
    OrgTemplate("Fondation régionale pour la santé", PH, NP),
    OrgTemplate("Association régionale des centres de femmes", C, NP),
    OrgTemplate("Cégep", ED, PB),
    OrgTemplate("Direction régionale du ministère de l'Emploi et de la Solidarité sociale", GV, PB, 1, unique=True),
]
NATIONAL_PREFIXES = [
    ("Réseau québécois", C),
    ("Fédération québécoise", C),
    ("Regroupement provincial", C),
    ("Alliance québécoise", C),
    ("Coalition québécoise", C),
    ("Association québécoise", C),
    ("Mouvement québécois", C),
    ("Collectif québécois", CI),
    ("Carrefour québécois", SE),
    ("Fondation québécoise", PH),
    ("Institut québécois", ED),
    ("Observatoire québécois", ED),
    ("Conseil québécois", OT),
    ("Centre québécois", OT),
    ("Chantier québécois", SE),
]
NATIONAL_TOPICS = [
    "pour la sécurité alimentaire",
    "de la petite enfance",
    "des aînés",
    "en santé mentale",
    "du logement communautaire",
    "de l'action communautaire autonome",
    "de l'économie sociale",
    "des familles",
    "de la persévérance scolaire",
    "des personnes immigrantes",
    "du loisir",
    "de la culture",
    "pour la transition socioécologique",
    "des proches aidants",
    "contre la pauvreté",
    "de l'habitation",
    "en itinérance",
    "de l'inclusion numérique",
    "des jeunes",
    "du développement des communautés",
    "du transport collectif",
    "du patrimoine",
]
MINISTRIES = [
    "Ministère de l'Emploi et de la Solidarité sociale",
    "Ministère de la Santé et des Services sociaux",
    "Ministère des Affaires municipales et de l'Habitation",
    "Ministère de l'Éducation",
    "Ministère de la Famille",
    "Secrétariat à la jeunesse",
    "Ministère de l'Immigration, de la Francisation et de l'Intégration",
    "Ministère de la Culture et des Communications",
]
MUNICIPAL_DESIGNATIONS = {"Ville", "Municipalité", "Paroisse", "Canton", "Village", "Cantons unis"}


@dataclass(frozen=True)
class ConcertationTemplate:
    head: str
    kind: str
    theme: str
    related: tuple[str, ...]
    levels: str  # initials of the levels it exists at: l(ocal), s(upralocal), r(egional), n(ational)
    weight: float = 1.0


T, DM, CM, CH, NW, AL = (
    ConcertationKind.TABLE,
    ConcertationKind.DEMARCHE,
    ConcertationKind.COMMITTEE,
    ConcertationKind.CHANTIER,
    ConcertationKind.NETWORK,
    ConcertationKind.ALLIANCE,
)
# Themes that often go with a concertation's main theme.
RELATED_THEMES = {
    "jeunesse": "perseverance-scolaire employabilite loisir sante-mentale",
    "petite-enfance": "famille perseverance-scolaire saines-habitudes-de-vie",
    "aines-mada": "proches-aidants transport-collectif logement",
    "securite-alimentaire": "pauvrete-exclusion agriculture-alimentation saines-habitudes-de-vie",
    "logement": "pauvrete-exclusion itinerance amenagement aines-mada",
    "developpement-social": "developpement-des-communautes participation-citoyenne pauvrete-exclusion",
    "developpement-des-communautes": "pauvrete-exclusion participation-citoyenne securite-urbaine developpement-social",
    "transport-collectif": "transition-socioecologique amenagement",
    "perseverance-scolaire": "jeunesse petite-enfance employabilite",
    "pauvrete-exclusion": "developpement-social logement securite-alimentaire transport-collectif",
    "immigration": "employabilite logement culture",
    "sante-mentale": "itinerance sante-publique jeunesse",
    "violence-conjugale": "sante-publique famille",
    "itinerance": "logement sante-mentale",
    "saines-habitudes-de-vie": "loisir securite-alimentaire sante-publique",
    "vitalite-rurale": "developpement-economique agriculture-alimentation amenagement",
    "culture": "patrimoine loisir",
    "transition-socioecologique": "agriculture-alimentation amenagement transport-collectif",
    "economie-sociale": "developpement-economique employabilite",
    "employabilite": "jeunesse immigration economie-sociale",
    "proches-aidants": "aines-mada sante-publique",
    "numerique": "aines-mada pauvrete-exclusion",
    "securite-urbaine": "amenagement jeunesse participation-citoyenne",
    "famille": "petite-enfance loisir proches-aidants",
    "loisir": "saines-habitudes-de-vie jeunesse",
    "sante-publique": "saines-habitudes-de-vie sante-mentale",
    "participation-citoyenne": "developpement-des-communautes pauvrete-exclusion",
    "agriculture-alimentation": "securite-alimentaire developpement-economique vitalite-rurale",
    "patrimoine": "culture amenagement",
}
# (name, kind, main theme, levels where it exists: l(ocal) s(upralocal) r(egional) n(ational), weight)
CONCERTATION_TEMPLATES = [
    ConcertationTemplate(head, kind, theme, tuple(RELATED_THEMES[theme].split()), levels, weight)
    for head, kind, theme, levels, weight in [
        ("Table de concertation jeunesse", T, "jeunesse", "lsrn", 3),
        ("Table de concertation en petite enfance", T, "petite-enfance", "lsr", 3),
        ("Table de concertation des aînés", T, "aines-mada", "lsrn", 3),
        ("Table de concertation en sécurité alimentaire", T, "securite-alimentaire", "lsr", 3),
        ("Comité logement", CM, "logement", "ls", 2),
        ("Comité de développement social", CM, "developpement-social", "ls", 3),
        ("Démarche de revitalisation intégrée", DM, "developpement-des-communautes", "l", 2),
        ("Démarche intégrée en développement des communautés", DM, "developpement-des-communautes", "ls", 2),
        ("Chantier sur la mobilité durable", CH, "transport-collectif", "sr", 1),
        ("Chantier logement abordable", CH, "logement", "lsr", 1),
        ("Réseau des partenaires en persévérance scolaire", NW, "perseverance-scolaire", "srn", 2),
        ("Alliance pour la solidarité", AL, "pauvrete-exclusion", "rn", 4),
        ("Table de concertation en immigration", T, "immigration", "lsr", 1),
        ("Comité en santé mentale", CM, "sante-mentale", "sr", 1),
        ("Table de concertation en violence conjugale", T, "violence-conjugale", "sr", 1),
        ("Comité d'action en itinérance", CM, "itinerance", "lsrn", 1),
        ("Table en saines habitudes de vie", T, "saines-habitudes-de-vie", "lsr", 2),
        ("Comité de vitalité rurale", CM, "vitalite-rurale", "ls", 1),
        ("Table de concertation culturelle", T, "culture", "lsr", 1),
        ("Comité de transition socioécologique", CM, "transition-socioecologique", "lsrn", 1),
        ("Table de concertation en économie sociale", T, "economie-sociale", "srn", 1),
        ("Comité local d'employabilité", CM, "employabilite", "ls", 1),
        ("Réseau des proches aidants", NW, "proches-aidants", "srn", 1),
        ("Comité en inclusion numérique", CM, "numerique", "lsr", 1),
        ("Table de concertation en sécurité urbaine", T, "securite-urbaine", "l", 1),
        ("Table de concertation famille", T, "famille", "ls", 2),
        ("Comité loisir et sport", CM, "loisir", "ls", 1),
        ("Table intersectorielle en santé publique", T, "sante-publique", "sr", 1),
        ("Comité de participation citoyenne", CM, "participation-citoyenne", "l", 1),
        ("Table agroalimentaire", T, "agriculture-alimentation", "sr", 1),
        ("Chantier sur le patrimoine bâti", CH, "patrimoine", "sr", 1),
    ]
]


SECTOR_SEAT_LABELS: dict[str, str] = {
    C: "milieu communautaire",
    M: "milieu municipal",
    SL: "MRC",
    H: "santé et services sociaux",
    ED: "éducation",
    SE: "économie sociale",
    EC: "développement économique",
    PH: "philanthropie",
    GV: "ministères et organismes",
    CI: "collectif citoyen",
    OT: "autre milieu",
}
SEAT_SECTORS = _Weights({C: 10, M: 3, H: 4, ED: 3, SE: 2, EC: 2, PH: 1, GV: 1})
SEAT_TYPES = _Weights(
    {
        SeatType.ORGANISATIONAL: 72,
        SeatType.CITIZEN: 6,
        SeatType.LIVED_EXPERIENCE: 4,
        SeatType.ELECTED: 9,
        SeatType.OBSERVER: 5,
        SeatType.EX_OFFICIO: 4,
    }
)
SEAT_TYPE_LABELS = {
    SeatType.CITIZEN: "Siège citoyen",
    SeatType.LIVED_EXPERIENCE: "Personne en situation de pauvreté",
    SeatType.ELECTED: "Siège des élus",
    SeatType.OBSERVER: "Siège d'observation",
    SeatType.EX_OFFICIO: "Membre d'office",
}
PROFESSIONS: dict[str, list[tuple[str, int]]] = {
    C: [(Profession.COMMUNITY_ORGANISER, 3), (Profession.COORDINATOR, 3), (Profession.EXECUTIVE_DIRECTOR, 3)],
    M: [(Profession.ELECTED_OFFICIAL, 5), (Profession.DEVELOPMENT_AGENT, 2), (Profession.PLANNER, 1)],
    SL: [(Profession.ELECTED_OFFICIAL, 3), (Profession.DEVELOPMENT_AGENT, 3), (Profession.PLANNER, 2)],
    H: [
        (Profession.COMMUNITY_ORGANISER, 4),
        (Profession.HEALTHY_LIFESTYLE_AGENT, 2),
        (Profession.SOCIAL_DEVELOPMENT_ADVISER, 2),
    ],
    ED: [(Profession.COORDINATOR, 2), (Profession.EXECUTIVE_DIRECTOR, 1), (Profession.OTHER, 2)],
    SE: [(Profession.EXECUTIVE_DIRECTOR, 3), (Profession.COORDINATOR, 2)],
    EC: [(Profession.DEVELOPMENT_AGENT, 3), (Profession.EXECUTIVE_DIRECTOR, 1)],
    PH: [(Profession.SOCIAL_DEVELOPMENT_ADVISER, 2), (Profession.EXECUTIVE_DIRECTOR, 1)],
    GV: [(Profession.SOCIAL_DEVELOPMENT_ADVISER, 3), (Profession.DEVELOPMENT_AGENT, 1)],
    CI: [(Profession.COORDINATOR, 1), (Profession.OTHER, 1)],
    OT: [(Profession.COORDINATOR, 2), (Profession.OTHER, 2)],
}
JOB_TITLES: dict[str, tuple[str, str]] = {  # (feminine, masculine)
    Profession.COMMUNITY_ORGANISER: ("Organisatrice communautaire", "Organisateur communautaire"),
    Profession.DEVELOPMENT_AGENT: ("Agente de développement", "Agent de développement"),
    Profession.SOCIAL_DEVELOPMENT_ADVISER: (
        "Conseillère en développement social",
        "Conseiller en développement social",
    ),
    Profession.PLANNER: ("Aménagiste", "Aménagiste"),
    Profession.HEALTHY_LIFESTYLE_AGENT: (
        "Agente de promotion des saines habitudes de vie",
        "Agent de promotion des saines habitudes de vie",
    ),
    Profession.EXECUTIVE_DIRECTOR: ("Directrice générale", "Directeur général"),
    Profession.COORDINATOR: ("Coordonnatrice", "Coordonnateur"),
    Profession.ELECTED_OFFICIAL: ("Conseillère municipale", "Conseiller municipal"),
    Profession.OTHER: ("Chargée de projet", "Chargé de projet"),
}
FREQUENCIES = _Weights(
    {
        MeetingFrequency.MONTHLY: 35,
        MeetingFrequency.EVERY_TWO_MONTHS: 20,
        MeetingFrequency.QUARTERLY: 20,
        MeetingFrequency.TWICE_A_YEAR: 8,
        MeetingFrequency.YEARLY: 3,
        MeetingFrequency.WEEKLY: 2,
        MeetingFrequency.AS_NEEDED: 7,
        "": 5,
    }
)
DAY, MONTH, YEAR = DatePrecision.DAY, DatePrecision.MONTH, DatePrecision.YEAR
ORGANIZATION_START = _Weights({YEAR: 6, MONTH: 2, DAY: 2})
CONCERTATION_START = _Weights({YEAR: 55, MONTH: 30, DAY: 15})
CONCERTATION_END = _Weights({YEAR: 4, MONTH: 4, DAY: 2})
HOLDING_START = _Weights({DAY: 55, MONTH: 25, YEAR: 20})
HOLDING_END = _Weights({DAY: 60, MONTH: 25, YEAR: 15})
POSITION_START = _Weights({DAY: 3, MONTH: 4, YEAR: 3})
POSITION_END = _Weights({DAY: 5, MONTH: 5})
# Why a holding ended when someone else took the seat, and when nobody did.
SUCCEEDED = _Weights(
    {
        EndReason.REPLACED: 5,
        EndReason.MANDATE_OVER: 4,
        EndReason.RESIGNED: 2,
        EndReason.LEFT_ORGANIZATION: 2,
        EndReason.OTHER: 1,
    }
)
LEFT_VACANT = _Weights({EndReason.RESIGNED: 4, EndReason.MANDATE_OVER: 4, EndReason.OTHER: 1})


# Plans: plain objects drawn first, written afterwards --------------------------------------------------


@dataclass(eq=False)  # compared and hashed by identity: one object per territory
class _Place:
    id: int
    kind: str
    code: str
    name: str
    population: int
    designation: str
    mrc_id: int | None
    region_id: int | None


@dataclass
class _Org:
    index: int
    name: str
    acronym: str
    sector: str
    legal_form: str
    level: str
    place: _Place
    served: list[int]
    start: tuple[dt.date, str]
    parent: int | None = None
    staff_weight: float = 1.0
    instance: Organization | None = None


@dataclass
class _Person:
    index: int
    given_name: str
    family_name: str
    feminine: bool
    is_citizen: bool
    mrc_id: int
    region_id: int
    weight: float
    org: int | None = None
    previous_org: int | None = None
    switched_on: dt.date | None = None  # when they moved from previous_org to org
    instance: Person | None = None
    # Earliest holding start per organisation they sat for, to date their positions consistently.
    earliest: dict[int, dt.date] = field(default_factory=dict)


@dataclass
class _Concertation:
    index: int
    name: str
    kind: str
    level: str
    place: _Place
    territories: list[int]
    themes: list[int]
    start: tuple[dt.date, str]
    end: tuple[dt.date, str] | None
    history_from: dt.date
    frequency: str
    is_public: bool
    parent: int | None = None
    coordinator: int | None = None
    funders: list[int] = field(default_factory=list)
    instance: Concertation | None = None


class _Pool:
    """People to draw from, each with a weight: a draw costs one bisection."""

    def __init__(self, people: list[_Person]) -> None:
        self.people = people
        self.cumulative = list(accumulate(person.weight for person in people))

    def draw(self, rng: random.Random) -> _Person | None:
        if not self.people:
            return None
        index = bisect.bisect_right(self.cumulative, rng.random() * self.cumulative[-1])
        return self.people[min(index, len(self.people) - 1)]


def _allocate(rng: random.Random, total: int, items: list[K], weights: list[float], minimum: int = 0) -> dict[K, int]:
    """Share `total` among `items` in proportion to `weights`, each getting `minimum` first when the total
    allows it. The remainder is drawn at random, so that small places get some now and then."""
    counts = dict.fromkeys(items, 0)
    if not items or total <= 0:
        return counts
    if minimum and total >= minimum * len(items):
        for item in items:
            counts[item] = minimum
        total -= minimum * len(items)
    if total and sum(weights) > 0:
        for item in rng.choices(items, weights=weights, k=total):
            counts[item] += 1
    return counts


def _floor(day: dt.date, precision: str) -> dt.date:
    if precision == DatePrecision.YEAR:
        return dt.date(day.year, 1, 1)
    if precision == DatePrecision.MONTH:
        return day.replace(day=1)
    return day


def _ceil(day: dt.date, precision: str) -> dt.date:
    if precision == DatePrecision.YEAR:
        return dt.date(day.year, 12, 31)
    if precision == DatePrecision.MONTH:
        return day.replace(day=calendar.monthrange(day.year, day.month)[1])
    return day


def _random_day(rng: random.Random, first: dt.date, last: dt.date) -> dt.date:
    return first + dt.timedelta(days=rng.randint(0, max(0, (last - first).days)))


def _batched(items: Iterable[K], size: int = BATCH) -> Iterator[list[K]]:
    batch: list[K] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


class _Generator:
    """Draws the whole registry from one random generator, then writes it in bulk."""

    def __init__(self, *, scale: float, seed: int, today: dt.date, progress: ProgressCallback | None) -> None:
        self.rng = random.Random(seed)  # noqa: S311 - reproducible synthetic data, not a secret
        self.scale = scale
        self.today = today
        self.progress = progress or (lambda label, done, total: None)
        self.counts: dict[str, int] = defaultdict(int)
        self.load: dict[int, int] = defaultdict(int)  # holdings drawn per person
        self.orgs: list[_Org] = []
        self.people: list[_Person] = []
        self.concertations: list[_Concertation] = []
        self._load_places()
        self.themes = dict(Theme.objects.order_by("slug").values_list("slug", "pk"))

    # Territories ---------------------------------------------------------------------------------------

    def _load_places(self) -> None:
        kinds = [TerritoryKind.PROVINCE, TerritoryKind.REGION, TerritoryKind.MRC, TerritoryKind.MUNICIPALITY]
        rows = list(
            Territory.objects.filter(kind__in=[*kinds, TerritoryKind.BOROUGH])
            .order_by("kind", "code", "pk")  # a stable order, whatever the database returns by default
            .values("id", "kind", "code", "name", "population", "parent_id", "designation")
        )
        parent_of = {row["id"]: row["parent_id"] for row in rows}
        kind_of = {row["id"]: row["kind"] for row in rows}
        self.places: dict[int, _Place] = {}
        for row in rows:
            mrc_id = region_id = None
            ancestor: int | None = row["id"]
            while ancestor is not None:
                if kind_of.get(ancestor) == TerritoryKind.MRC:
                    mrc_id = ancestor
                elif kind_of.get(ancestor) == TerritoryKind.REGION:
                    region_id = ancestor
                ancestor = parent_of.get(ancestor)
            self.places[row["id"]] = _Place(
                id=row["id"],
                kind=row["kind"],
                code=row["code"],
                name=row["name"],
                population=row["population"] or 0,
                designation=row["designation"],
                mrc_id=mrc_id,
                region_id=region_id,
            )
        by_kind: dict[str, list[_Place]] = defaultdict(list)
        for place in self.places.values():
            by_kind[place.kind].append(place)
        if not by_kind[TerritoryKind.PROVINCE] or not by_kind[TerritoryKind.MRC]:
            raise ValueError("The reference territories are not loaded.")
        self.province = by_kind[TerritoryKind.PROVINCE][0]
        self.regions = by_kind[TerritoryKind.REGION]
        self.mrcs = [mrc for mrc in by_kind[TerritoryKind.MRC] if mrc.region_id is not None]
        boroughs_of: dict[int, list[_Place]] = defaultdict(list)
        for borough in by_kind[TerritoryKind.BOROUGH]:
            parent = parent_of[borough.id]
            if parent is not None:
                boroughs_of[parent].append(borough)
        self.municipalities = [m for m in by_kind[TerritoryKind.MUNICIPALITY] if m.mrc_id is not None]
        # Local units: municipalities, or their boroughs where they have some (the population is shared).
        self.local_units: list[_Place] = []
        for municipality in self.municipalities:
            boroughs = boroughs_of.get(municipality.id)
            if boroughs:
                for borough in boroughs:
                    borough.population = municipality.population // len(boroughs)
                    self.local_units.append(borough)
            else:
                self.local_units.append(municipality)
        self.mrc_population: dict[int, int] = defaultdict(int)
        for municipality in self.municipalities:
            assert municipality.mrc_id is not None
            self.mrc_population[municipality.mrc_id] += municipality.population
        self.mrcs_of_region: dict[int, list[_Place]] = defaultdict(list)
        for mrc in self.mrcs:
            assert mrc.region_id is not None
            self.mrcs_of_region[mrc.region_id].append(mrc)
        self.locals_of_mrc: dict[int, list[_Place]] = defaultdict(list)
        for unit in self.local_units:
            assert unit.mrc_id is not None
            self.locals_of_mrc[unit.mrc_id].append(unit)

    def of(self, place: _Place) -> str:
        if place.kind == TerritoryKind.PROVINCE:
            return "du Québec"
        if place.kind == TerritoryKind.REGION:
            return REGION_OF.get(place.code, of_place(place.name))
        return of_place(place.name)

    def _home_mrc(self, place: _Place) -> _Place:
        """Where someone working for an organisation of `place` lives: its MRC, or one of its région's or
        the province's, drawn by population."""
        if place.mrc_id is not None:
            return self.places[place.mrc_id]
        candidates = self.mrcs_of_region[place.region_id] if place.region_id is not None else self.mrcs
        return self.rng.choices(candidates, weights=[self.mrc_population[m.id] + 1 for m in candidates])[0]

    # Organisations ---------------------------------------------------------------------------------------

    def plan_organizations(self) -> None:
        rng = self.rng
        total = round(ORGANIZATIONS * self.scale)
        municipal = min(round(total * 0.10), len(self.local_units))
        national = max(1, round(total * 0.03)) if total >= 10 else 0
        regional = round(total * 0.09)
        supralocal = round(total * 0.20)
        local = max(0, total - municipal - national - regional - supralocal)
        used: set[str] = set()

        def add(templates: list[OrgTemplate], place: _Place, level: str, served: list[int]) -> None:
            template = self._template(templates)
            if template.head == "MRC" and place.designation != "MRC":  # an equivalent territory
                template = templates[1]
            of = self.of(place)
            name = f"{template.head} {of}"
            if name in used:
                if template.unique:
                    template = rng.choice([t for t in templates if not t.unique] or LOCAL_ORGS)
                    name = f"{template.head} {of}"
                for nickname in rng.sample(NICKNAMES, len(NICKNAMES)):
                    if name not in used:
                        break
                    name = f"{template.head} {nickname} {of}"
                while name in used:
                    name = f"{template.head} {rng.choice(NICKNAMES)} {of} ({rng.randint(2, 999)})"
            used.add(name)
            self._add_org(name, template.acronym, template.sector, template.legal_form, level, place, served)

        # National bodies first, then regional ones: the others may belong to them.
        names = [f"{prefix} {topic}" for prefix, _sector in NATIONAL_PREFIXES for topic in NATIONAL_TOPICS]
        sectors = {f"{prefix} {topic}": sector for prefix, sector in NATIONAL_PREFIXES for topic in NATIONAL_TOPICS}
        for index in range(national):
            if index < len(MINISTRIES) and index % 4 == 0:
                name, sector, form = MINISTRIES[index // 4], GV, PB
            else:
                name = rng.choice(names)
                while name in used:
                    name = rng.choice(names) if len(used) < len(names) else f"{rng.choice(names)} ({index})"
                sector, form = sectors.get(name, C), NP
            used.add(name)
            self._add_org(name, "", sector, form, Level.NATIONAL, self.province, [self.province.id])
        region_counts = _allocate(
            rng, regional, self.regions, [r.population**0.6 for r in self.regions], minimum=3 if regional > 100 else 0
        )
        for region, count in region_counts.items():
            for _ in range(count):
                add(REGIONAL_ORGS, region, Level.REGIONAL, [region.id])
        mrc_counts = _allocate(
            rng, supralocal, self.mrcs, [self.mrc_population[m.id] ** 0.7 for m in self.mrcs], minimum=2
        )
        for mrc, count in mrc_counts.items():
            for _ in range(count):
                add(SUPRALOCAL_ORGS, mrc, Level.SUPRALOCAL, [mrc.id])
        # Municipalities and boroughs as organisations, the larger ones more likely.
        councils = [u for u in self.local_units if u.designation in MUNICIPAL_DESIGNATIONS or u.kind == "borough"]
        keys = sorted(councils, key=lambda u: rng.random() ** (1 / math.sqrt(u.population + 1)), reverse=True)
        local += municipal - len(keys[:municipal])  # fewer councils than planned at this scale
        for unit in sorted(keys[:municipal], key=lambda u: u.id):
            head = "Arrondissement" if unit.kind == TerritoryKind.BOROUGH else unit.designation
            add([OrgTemplate(head, M, MU, unique=True)], unit, Level.LOCAL, [unit.id])
        unit_counts = _allocate(rng, local, self.local_units, [u.population**0.85 for u in self.local_units])
        for unit, count in unit_counts.items():
            for _ in range(count):
                served = [unit.id]
                neighbours = self.locals_of_mrc[unit.mrc_id] if unit.mrc_id else []
                if len(neighbours) > 1 and rng.random() < 0.1:
                    served += [n.id for n in rng.sample(neighbours, min(2, len(neighbours))) if n.id != unit.id]
                add(LOCAL_ORGS, unit, Level.LOCAL, served)
        self._org_parents()

    def _template(self, templates: list[OrgTemplate]) -> OrgTemplate:
        return self.rng.choices(templates, weights=[t.weight for t in templates])[0]

    def _add_org(
        self, name: str, acronym: str, sector: str, legal_form: str, level: str, place: _Place, served: list[int]
    ) -> None:
        rng = self.rng
        year = max(1950, self.today.year - 1 - int(rng.expovariate(1 / 18)))
        precision = ORGANIZATION_START.pick(rng)
        start = _floor(_random_day(rng, dt.date(year, 1, 1), dt.date(year, 12, 31)), precision)
        org = _Org(len(self.orgs), name, acronym, sector, legal_form, level, place, served, (start, precision))
        # Regional and supralocal bodies employ more people; a council has its mayor and councillors.
        larger = level in (Level.REGIONAL, Level.SUPRALOCAL) or sector == M
        org.staff_weight = rng.lognormvariate(0, 0.8) * (3 if larger else 1)
        self.orgs.append(org)

    def _org_parents(self) -> None:
        """Some local and supralocal organisations belong to a regional one of their sector (a CLSC to its
        CISSS, a youth centre to the regional network)."""
        regional: dict[tuple[int | None, str], list[_Org]] = defaultdict(list)
        for org in self.orgs:
            if org.level == Level.REGIONAL:
                regional[org.place.region_id, org.sector].append(org)
        for org in self.orgs:
            if org.level in (Level.LOCAL, Level.SUPRALOCAL) and self.rng.random() < 0.15:
                candidates = regional.get((org.place.region_id, org.sector))
                if candidates:
                    org.parent = self.rng.choice(candidates).index

    # People ----------------------------------------------------------------------------------------------

    def plan_people(self) -> None:
        rng = self.rng
        total = round(PEOPLE * self.scale)
        citizens = round(total * 0.12)
        if not self.orgs:
            citizens = total
        orgs_near: dict[int | None, list[_Org]] = defaultdict(list)  # by région
        for near in self.orgs:
            orgs_near[near.place.region_id].append(near)
        staff_cumulative = list(accumulate(near.staff_weight for near in self.orgs))
        mrc_weights = [self.mrc_population[m.id] + 1 for m in self.mrcs]
        for index in range(total):
            feminine = rng.random() < 0.58
            given = rng.choice(GIVEN_NAMES_F if feminine else GIVEN_NAMES_M)
            family = rng.choice(FAMILY_NAMES)
            if rng.random() < 0.08:
                family = f"{family}-{rng.choice(FAMILY_NAMES)}"
            is_citizen = index < citizens
            org: _Org | None
            weight = min(rng.paretovariate(1.6), 25.0) * (0.5 if is_citizen else 1.0)
            if is_citizen:
                mrc = rng.choices(self.mrcs, weights=mrc_weights)[0]
                org = None
            else:
                pick = bisect.bisect_right(staff_cumulative, rng.random() * staff_cumulative[-1])
                org = self.orgs[min(pick, len(self.orgs) - 1)]
                mrc = self._home_mrc(org.place)
            assert mrc.region_id is not None
            person = _Person(index, given, family, feminine, is_citizen, mrc.id, mrc.region_id, weight)
            if org is not None:
                person.org = org.index
                if rng.random() < 0.4:
                    others = orgs_near[org.place.region_id]
                    previous = rng.choice(others)
                    if previous.index != org.index:
                        person.previous_org = previous.index
                        person.switched_on = _random_day(rng, dt.date(2012, 1, 1), self.today - dt.timedelta(days=90))
            self.people.append(person)
        self._build_pools()

    def _build_pools(self) -> None:
        """Pools of people by MRC, région and province, for all people, citizens and municipal staff."""
        groups: dict[tuple[str, int], list[_Person]] = defaultdict(list)
        for person in self.people:
            category = "citizen" if person.is_citizen else "staff"
            for scope in (person.mrc_id, person.region_id, self.province.id):
                groups[category, scope].append(person)
                if not person.is_citizen and self.orgs[person.org or 0].sector in (M, SL):
                    groups["elected", scope].append(person)
        self.pools = {key: _Pool(people) for key, people in groups.items()}

    def _pool(self, category: str, place: _Place) -> Iterator[_Pool]:
        """The pools to draw from for a concertation of `place`, nearest first."""
        for scope in (place.mrc_id, place.region_id, self.province.id):
            if scope is not None and (category, scope) in self.pools:
                yield self.pools[category, scope]

    # Concertations ---------------------------------------------------------------------------------------

    def plan_concertations(self) -> None:
        rng = self.rng
        total = round(CONCERTATIONS * self.scale)
        national = round(total * 0.03)
        regional = round(total * 0.14)
        supralocal = round(total * 0.36)
        local = max(0, total - national - regional - supralocal)
        used: set[str] = set()
        orgs_at: dict[int, list[_Org]] = defaultdict(list)
        for org in self.orgs:
            orgs_at[org.place.id].append(org)
        self.orgs_at = orgs_at

        def add(level: str, place: _Place, territories: list[int]) -> None:
            initial = {str(Level.LOCAL): "l", Level.SUPRALOCAL: "s", Level.REGIONAL: "r", Level.NATIONAL: "n"}[level]
            templates = [t for t in CONCERTATION_TEMPLATES if initial in t.levels]
            if place.kind == TerritoryKind.BOROUGH or place.population > 50_000:
                templates = [t for t in templates if t.theme != "vitalite-rurale"]
            template = rng.choices(templates, weights=[t.weight for t in templates])[0]
            of = self.of(place)
            name = f"{template.head} {of}"
            for area in rng.sample(AREAS, len(AREAS)):
                if name not in used:
                    break
                name = f"{template.head} {of} — secteur {area}"
            while name in used:
                name = f"{template.head} {of} ({rng.randint(2, 999)})"
            used.add(name)
            themes = [template.theme]
            extra = rng.choices([0, 1, 2, 3], weights=[3, 4, 3, 1])[0]
            for slug in rng.sample(template.related, min(extra, len(template.related))):
                themes.append(slug)
            if rng.random() < 0.1 and len(themes) < 4:
                themes.append(rng.choice(sorted(self.themes)))
            year = max(1985, self.today.year - int(rng.expovariate(1 / 9)))
            precision = CONCERTATION_START.pick(rng)
            start_day = _random_day(rng, dt.date(year, 1, 1), min(dt.date(year, 12, 31), self.today))
            start = (_floor(start_day, precision), precision)
            end = None
            if rng.random() < 0.08 and year <= self.today.year - 3:
                end_precision = CONCERTATION_END.pick(rng)
                end_day = _random_day(rng, dt.date(year + 2, 1, 1), self.today - dt.timedelta(days=400))
                end = (_ceil(end_day, end_precision), end_precision)
            since = max(HISTORY_SINCE, start[0])
            history_from = _random_day(
                rng, since, min(self.today - dt.timedelta(days=200), since + dt.timedelta(days=12 * 365))
            )
            if end is not None:
                history_from = min(history_from, end[0] - dt.timedelta(days=300))
            theme_ids = sorted({self.themes[slug] for slug in themes if slug in self.themes})
            if not theme_ids and self.themes:
                theme_ids = [rng.choice(sorted(self.themes.values()))]
            concertation = _Concertation(
                index=len(self.concertations),
                name=name,
                kind=template.kind,
                level=level,
                place=place,
                territories=territories,
                themes=theme_ids,
                start=start,
                end=end,
                history_from=max(history_from, start[0]),
                frequency=FREQUENCIES.pick(rng),
                is_public=rng.random() < 0.9,
            )
            self._coordination(concertation)
            self.concertations.append(concertation)

        for _ in range(national):
            add(Level.NATIONAL, self.province, [self.province.id])
        for region, count in _allocate(
            rng, regional, self.regions, [r.population**0.6 for r in self.regions], minimum=1
        ).items():
            for _ in range(count):
                add(Level.REGIONAL, region, [region.id])
        for mrc, count in _allocate(
            rng, supralocal, self.mrcs, [self.mrc_population[m.id] ** 0.5 for m in self.mrcs], minimum=1
        ).items():
            for _ in range(count):
                add(Level.SUPRALOCAL, mrc, [mrc.id])
        for unit, count in _allocate(
            rng, local, self.local_units, [u.population**0.9 for u in self.local_units]
        ).items():
            for _ in range(count):
                territories = [unit.id]
                neighbours = self.locals_of_mrc[unit.mrc_id] if unit.mrc_id else []
                if len(neighbours) > 1 and rng.random() < 0.12:
                    territories += [n.id for n in rng.sample(neighbours, min(2, len(neighbours))) if n.id != unit.id]
                add(Level.LOCAL, unit, territories)
        self._concertation_parents()

    def _nearby_orgs(self, place: _Place) -> list[_Org]:
        """Organisations of the place, of its MRC and of its région, nearest first."""
        found = list(self.orgs_at.get(place.id, []))
        for scope in (place.mrc_id, place.region_id):
            if scope is not None and scope != place.id:
                found += self.orgs_at.get(scope, [])
        return found

    def _coordination(self, concertation: _Concertation) -> None:
        rng = self.rng
        nearby = self._nearby_orgs(concertation.place) or self.orgs_at.get(self.province.id, [])
        community = [org for org in nearby[:40] if org.sector in (C, SE, H, SL, M)]
        if community and rng.random() < 0.8:
            concertation.coordinator = rng.choice(community).index
        funders = [org for org in nearby if org.sector in (PH, GV, H, SL)] + [
            org for org in self.orgs_at.get(self.province.id, []) if org.sector in (PH, GV)
        ]
        if funders and rng.random() < 0.45:
            chosen = rng.sample(funders, min(len(funders), rng.randint(1, 3)))
            concertation.funders = sorted({org.index for org in chosen})

    def _concertation_parents(self) -> None:
        """Networks: some local and supralocal concertations belong to a regional one of their région that
        shares a theme, and some regional ones to a national network."""
        regional: dict[int | None, list[_Concertation]] = defaultdict(list)
        national: list[_Concertation] = []
        for concertation in self.concertations:
            if concertation.level == Level.REGIONAL:
                regional[concertation.place.region_id].append(concertation)
            elif concertation.level == Level.NATIONAL:
                national.append(concertation)
        for concertation in self.concertations:
            if concertation.level in (Level.LOCAL, Level.SUPRALOCAL):
                candidates, chance = regional.get(concertation.place.region_id, []), 0.3
            elif concertation.level == Level.REGIONAL:
                candidates, chance = national, 0.35
            else:
                continue
            sharing = [c for c in candidates if set(c.themes) & set(concertation.themes)]
            if sharing and self.rng.random() < chance:
                concertation.parent = self.rng.choice(sharing).index

    # Seats and holdings -----------------------------------------------------------------------------------

    def plan_seats(self, concertation: _Concertation) -> list[tuple[Seat, list[dict[str, Any]]]]:
        """The seats of a concertation and, for each, its successive holdings (as Membership field values)."""
        rng = self.rng
        count = int(rng.triangular(8, 31, 8))
        types = [SEAT_TYPES.pick(rng) for _ in range(count)]
        order = SEAT_TYPES.values
        types.sort(key=order.index)
        numbers: dict[str, int] = defaultdict(int)
        seats: list[tuple[Seat, list[dict[str, Any]]]] = []
        sitting: dict[int, list[tuple[dt.date, dt.date]]] = defaultdict(list)  # person → spans at this table
        end_date = concertation.end[0] if concertation.end else None
        for position, seat_type in enumerate(types):
            sector = ""
            if seat_type == SeatType.ORGANISATIONAL and rng.random() < 0.6:
                sector = SEAT_SECTORS.pick(rng)
            base = f"Siège — {SECTOR_SEAT_LABELS[sector]}" if sector else SEAT_TYPE_LABELS.get(seat_type, "Partenaire")
            numbers[base] += 1
            seat = Seat(
                label=f"{base} {numbers[base]}",
                seat_type=seat_type,
                reserved_sector=sector,
                is_voting=seat_type != SeatType.OBSERVER,
                order=position,
            )
            opened = concertation.history_from
            if rng.random() < 0.12:  # a seat added later
                latest = (end_date or self.today) - dt.timedelta(days=200)
                if latest > opened:
                    opened = _random_day(rng, opened, latest)
                    seat.created_on = opened
            closes = end_date or self.today
            if end_date is None and rng.random() < 0.04 and closes - opened > dt.timedelta(days=500):
                seat.abolished_on = _random_day(
                    rng, opened + dt.timedelta(days=365), self.today - dt.timedelta(days=30)
                )
                closes = seat.abolished_on
            holdings = self._holdings(concertation, seat, opened, closes, sitting)
            seats.append((seat, holdings))
        return seats

    def _holdings(
        self,
        concertation: _Concertation,
        seat: Seat,
        opened: dt.date,
        closes: dt.date,
        sitting: dict[int, list[tuple[dt.date, dt.date]]],
    ) -> list[dict[str, Any]]:
        """Successive holdings of one seat from `opened` to `closes`, never overlapping even at the widest
        reading of their partial dates (a start stored as the first day of its period, an end as the last)."""
        rng = self.rng
        holdings: list[dict[str, Any]] = []
        if rng.random() < 0.03:  # never filled
            return holdings
        forced_end = concertation.end is not None or seat.abolished_on is not None
        previous_end: dt.date | None = None
        cursor = opened + dt.timedelta(days=rng.randint(0, 120))
        while cursor < closes:
            start = cursor
            precision = HOLDING_START.pick(rng)
            stored_start: dt.date | None = _floor(start, precision)
            if previous_end is not None and stored_start is not None and stored_start <= previous_end:
                precision, stored_start = DatePrecision.DAY, start
            if previous_end is None and rng.random() < 0.03:
                stored_start = None  # the first holder's start is not known
            end: dt.date | None = start + dt.timedelta(days=max(60, int(rng.lognormvariate(math.log(2000), 0.5))))
            reason = ""
            assert end is not None
            if end >= closes:
                if forced_end:
                    end = closes
                    reason = EndReason.CONCERTATION_ENDED if concertation.end else EndReason.SEAT_ABOLISHED
                elif rng.random() < 0.06 and (self.today - start).days > 120:  # left, nobody since: vacant
                    end = _random_day(rng, start + dt.timedelta(days=60), self.today - dt.timedelta(days=30))
                    reason = LEFT_VACANT.pick(rng)
                else:
                    end = None
            else:
                reason = SUCCEEDED.pick(rng)
            span = (stored_start or dt.date.min, _ceil(end, DatePrecision.YEAR) if end else dt.date.max)
            person, organization = self._holder(concertation, seat, span, sitting)
            if person is not None and person.switched_on and stored_start is not None and start < person.switched_on:
                organization = person.previous_org
                if end is None or end >= person.switched_on:
                    end, reason = person.switched_on - dt.timedelta(days=1), EndReason.LEFT_ORGANIZATION
            values: dict[str, Any] = {
                "start_date": stored_start,
                "start_precision": precision,
                "end_date": None,
                "end_precision": DatePrecision.DAY,
                "end_reason": reason if end else "",
                "role": self._role(seat),
                "person": person,
                "organization": organization,
            }
            if end is not None:
                end_precision = HOLDING_END.pick(rng)
                stored_end = _ceil(end, end_precision)
                if stored_end > closes or stored_end > self.today:
                    end_precision, stored_end = DatePrecision.DAY, end
                values["end_date"], values["end_precision"] = stored_end, end_precision
            if person is not None:
                sitting[person.index].append((stored_start or dt.date.min, values["end_date"] or dt.date.max))
                if stored_start is not None and organization is not None:
                    known = person.earliest.get(organization)
                    person.earliest[organization] = min(known, stored_start) if known else stored_start
            holdings.append(values)
            if values["end_date"] is None or reason in (EndReason.CONCERTATION_ENDED, EndReason.SEAT_ABOLISHED):
                break
            if values["end_date"] >= closes or (reason != EndReason.REPLACED and rng.random() < 0.05):
                break  # vacant since
            previous_end = values["end_date"]
            gap = 1 if reason == EndReason.REPLACED else rng.randint(15, 300)
            cursor = previous_end + dt.timedelta(days=gap)
        return holdings

    def _role(self, seat: Seat) -> str:
        rng = self.rng
        if seat.order == 0:
            return Role.CHAIR if rng.random() < 0.8 else Role.CO_CHAIR
        if seat.order == 1 and rng.random() < 0.4:
            return Role.SECRETARY
        if seat.order == 2 and rng.random() < 0.3:
            return Role.TREASURER
        return Role.MEMBER

    def _holder(
        self,
        concertation: _Concertation,
        seat: Seat,
        span: tuple[dt.date, dt.date],
        sitting: dict[int, list[tuple[dt.date, dt.date]]],
    ) -> tuple[_Person | None, int | None]:
        """Who holds the seat over `span`: a nearby person not already at the table then (with the
        organisation they work for), or, for a few organisational seats, an organisation alone."""
        rng = self.rng
        if seat.seat_type in SeatType.citizen_types():
            category = "citizen"
        elif seat.seat_type == SeatType.ELECTED:
            category = "elected"
        else:
            category = "staff"
            if rng.random() < 0.05 or not self.people:
                nearby = self._nearby_orgs(concertation.place)
                if nearby:
                    return None, rng.choice(nearby[:60]).index
        for pool in self._pool(category, concertation.place):
            for attempt in range(6):
                person = pool.draw(rng)
                if person is None:
                    break
                wrong_sector = person.org is not None and self.orgs[person.org].sector != seat.reserved_sector
                if seat.reserved_sector and wrong_sector and attempt < 3:
                    continue
                if self.load[person.index] >= MOST_HOLDINGS:
                    continue
                if all(end < span[0] or span[1] < start for start, end in sitting.get(person.index, [])):
                    self.load[person.index] += 1
                    return person, person.org
        if category != "staff":
            return self._holder(concertation, Seat(seat_type=SeatType.ORGANISATIONAL), span, sitting)
        nearby = self._nearby_orgs(concertation.place) or self.orgs
        return None, rng.choice(nearby).index

    # Writing ---------------------------------------------------------------------------------------------

    def write_organizations(self) -> None:
        through = Organization.territories_served.through
        # Parents first: a batch may only point at organisations already written.
        parents = [org for org in self.orgs if org.parent is None]
        children = [org for org in self.orgs if org.parent is not None]
        done = 0
        for batch in [*_batched(parents), *_batched(children)]:
            instances = []
            for org in batch:
                start, precision = org.start
                org.instance = Organization(
                    name=org.name,
                    acronym=org.acronym,
                    sector=org.sector,
                    legal_form=org.legal_form,
                    mission=MISSION,
                    parent=self.orgs[org.parent].instance if org.parent is not None else None,
                    start_date=start,
                    start_precision=precision,
                    search_key=search_key(f"{org.name} {org.acronym}"),
                    search_stems=search_stems(f"{org.name} {org.acronym}"),
                    is_demo=True,
                )
                instances.append(org.instance)
            Organization.objects.bulk_create(instances)
            through.objects.bulk_create(
                [
                    through(organization_id=org.instance.pk, territory_id=territory)  # type: ignore[union-attr]
                    for org in batch
                    for territory in org.served
                ]
            )
            done += len(batch)
            self.counts["organizations"] += len(batch)
            self.counts["organization territories"] += sum(len(org.served) for org in batch)
            self.progress("organizations", done, len(self.orgs))

    def write_people(self) -> None:
        rng = self.rng
        done = 0
        for batch in _batched(self.people):
            instances = []
            for person in batch:
                consent = rng.random() < (0.3 if person.is_citizen else 0.65)
                email_name = search_key(f"{person.given_name}.{person.family_name}").strip().replace(" ", ".")
                person.instance = Person(
                    given_name=person.given_name,
                    family_name=person.family_name,
                    email=f"{email_name}.{person.index + 1}@{EMAIL_DOMAIN}",
                    is_citizen=person.is_citizen,
                    public_consent=consent,
                    public_consent_on=_random_day(rng, dt.date(2020, 1, 1), self.today) if consent else None,
                    search_key=search_key(f"{person.given_name} {person.family_name}"),
                    search_stems=search_stems(f"{person.given_name} {person.family_name}"),
                    is_demo=True,
                )
                instances.append(person.instance)
            Person.objects.bulk_create(instances)
            done += len(batch)
            self.counts["people"] += len(batch)
            self.progress("people", done, len(self.people))

    def write_concertations(self) -> None:
        level_order: list[str] = [Level.NATIONAL, Level.REGIONAL, Level.SUPRALOCAL, Level.LOCAL]
        # Level by level, widest first: a batch may only point at parents already written.
        batches = [
            batch
            for level in level_order
            for batch in _batched([plan for plan in self.concertations if plan.level == level])
        ]
        for batch in batches:
            instances = []
            for plan in batch:
                plan.instance = Concertation(
                    name=plan.name,
                    kind=plan.kind,
                    level=plan.level,
                    mission=MISSION,
                    parent=self.concertations[plan.parent].instance if plan.parent is not None else None,
                    coordinating_organization=self.orgs[plan.coordinator].instance
                    if plan.coordinator is not None
                    else None,
                    start_date=plan.start[0],
                    start_precision=plan.start[1],
                    end_date=plan.end[0] if plan.end else None,
                    end_precision=plan.end[1] if plan.end else DatePrecision.DAY,
                    meeting_frequency=plan.frequency,
                    is_public=plan.is_public,
                    search_key=search_key(plan.name),
                    search_stems=search_stems(plan.name),
                    is_demo=True,
                )
                instances.append(plan.instance)
            Concertation.objects.bulk_create(instances)
            self._write_concertation_links(batch)
            self.progress("concertations", self.counts["concertations"], len(self.concertations))

    def _write_concertation_links(self, batch: list[_Concertation]) -> None:
        territories = Concertation.territories.through
        themes = Concertation.themes.through
        funders = Concertation.funders.through
        rows_t, rows_h, rows_f = [], [], []
        for plan in batch:
            pk = plan.instance.pk  # type: ignore[union-attr]
            rows_t += [territories(concertation_id=pk, territory_id=t) for t in plan.territories]
            rows_h += [themes(concertation_id=pk, theme_id=t) for t in plan.themes]
            rows_f += [funders(concertation_id=pk, organization_id=self.orgs[f].instance.pk) for f in plan.funders]  # type: ignore[union-attr]
        territories.objects.bulk_create(rows_t)
        themes.objects.bulk_create(rows_h)
        funders.objects.bulk_create(rows_f)
        self.counts["concertations"] += len(batch)
        self.counts["concertation territories"] += len(rows_t)
        self.counts["concertation themes"] += len(rows_h)
        self.counts["concertation funders"] += len(rows_f)

    def write_seats(self) -> None:
        done = 0
        for chunk in _batched(self.concertations, CHUNK):
            seats: list[Seat] = []
            holdings: list[tuple[Seat, dict[str, Any]]] = []
            for plan in chunk:
                for seat, seat_holdings in self.plan_seats(plan):
                    seat.concertation_id = plan.instance.pk  # type: ignore[union-attr]
                    seats.append(seat)
                    holdings += [(seat, values) for values in seat_holdings]
            Seat.objects.bulk_create(seats, batch_size=BATCH)
            memberships = []
            for seat, values in holdings:
                person = values.pop("person")
                organization = values.pop("organization")
                memberships.append(
                    Membership(
                        seat_id=seat.pk,
                        person_id=person.instance.pk if person else None,
                        organization_id=self.orgs[organization].instance.pk if organization is not None else None,
                        **values,
                    )
                )
            Membership.objects.bulk_create(memberships, batch_size=BATCH)
            done += len(chunk)
            self.counts["seats"] += len(seats)
            self.counts["memberships"] += len(memberships)
            self.progress("seats and memberships", done, len(self.concertations))

    def write_positions(self) -> None:
        """Positions that agree with the holdings: someone sat for an organisation while working there."""
        rng = self.rng
        positions = []
        for person in self.people:
            if person.org is None:
                continue
            if person.previous_org is not None and person.switched_on is not None:
                left = person.switched_on - dt.timedelta(days=1)
                first = _random_day(rng, left - dt.timedelta(days=10 * 365), left - dt.timedelta(days=365))
                first = min(first, person.earliest.get(person.previous_org, first))
                positions.append(self._position(person, person.previous_org, first, left))
                # A holding known only to the year of the move may read as starting a little before it.
                began = min(person.switched_on, person.earliest.get(person.org, person.switched_on))
            else:
                began = _random_day(rng, dt.date(2000, 1, 1), self.today - dt.timedelta(days=60))
                began = min(began, person.earliest.get(person.org, began))
            positions.append(self._position(person, person.org, began, None))
        for batch in _batched(positions):
            Position.objects.bulk_create(batch)
            self.counts["positions"] += len(batch)
            self.progress("positions", self.counts["positions"], len(positions))

    def _position(self, person: _Person, org_index: int, began: dt.date, left: dt.date | None) -> Position:
        rng = self.rng
        sector = self.orgs[org_index].sector
        professions = PROFESSIONS.get(sector, PROFESSIONS[OT])
        profession = rng.choices([p for p, _ in professions], weights=[w for _, w in professions])[0]
        feminine, masculine = JOB_TITLES[profession]
        precision = POSITION_START.pick(rng)
        end_precision = DatePrecision.DAY
        end = None
        if left is not None:
            end_precision = POSITION_END.pick(rng)
            end = _ceil(left, end_precision)
            if end > self.today:
                end, end_precision = left, DatePrecision.DAY
        return Position(
            person_id=person.instance.pk,  # type: ignore[union-attr]
            organization_id=self.orgs[org_index].instance.pk,  # type: ignore[union-attr]
            job_title=feminine if person.feminine else masculine,
            profession=profession,
            start_date=_floor(began, precision),
            start_precision=precision,
            end_date=end,
            end_precision=end_precision,
        )


def synth_generate(
    *, scale: float, seed: int, progress: ProgressCallback | None = None, today: dt.date | None = None
) -> SynthReport:
    """Write a synthetic registry of `scale` times the province-scale counts, drawn from `seed`.

    Needs the reference territories and the themes. Runs in one transaction: on any error nothing is
    written. Does not remove earlier synthetic data: call `synth_clear` first.
    """
    from arrimage.demo import synth_plans  # imported here: it reads this module

    if scale <= 0:
        raise ValueError("The scale must be positive.")
    began = time.perf_counter()
    generator = _Generator(scale=scale, seed=seed, today=today or timezone.localdate(), progress=progress)
    generator.plan_organizations()
    generator.plan_people()
    generator.plan_concertations()
    with transaction.atomic():
        generator.write_organizations()
        generator.write_people()
        generator.write_concertations()
        generator.write_seats()
        generator.write_positions()
        plans_began = time.perf_counter()
        synth_plans.plans_write(generator, seed=seed)
        plan_seconds = time.perf_counter() - plans_began
        registry_changed()  # bulk writes send no signal
    return SynthReport(
        scale=scale,
        seed=seed,
        counts=dict(generator.counts),
        seconds=round(time.perf_counter() - began, 2),
        plan_seconds=round(plan_seconds, 2),
    )


def synthetic_organizations() -> models.QuerySet[Organization]:
    return Organization.objects.filter(is_demo=True, mission=MISSION)


def synthetic_people() -> models.QuerySet[Person]:
    return Person.objects.filter(is_demo=True, email__endswith=f"@{EMAIL_DOMAIN}")


def synthetic_concertations() -> models.QuerySet[Concertation]:
    return Concertation.objects.filter(is_demo=True, mission=MISSION)


def synth_exists() -> bool:
    from arrimage.demo import synth_plans  # imported here: it reads this module

    return (
        synth_plans.synthetic_plans().exists()
        or synthetic_concertations().exists()
        or synthetic_people().exists()
        or synthetic_organizations().exists()
    )


def synth_clear() -> dict[str, int]:
    """Remove every synthetic row quickly: plain deletes without history, in one transaction.

    Real rows that point at synthetic ones (a real concertation whose parent is synthetic) lose that link.
    Returns the number of rows removed per kind.
    """
    from arrimage.demo import synth_meetings, synth_plans  # imported here: they read this module

    removed: dict[str, int] = {}
    concertations = synthetic_concertations().values("pk")
    organizations = synthetic_organizations().values("pk")
    people = synthetic_people().values("pk")
    with transaction.atomic():
        # Meetings and plans first: they hold on to organisations, people and concertations.
        removed["meetings"] = synth_meetings.meetings_clear(
            organizations=organizations, people=people, concertations=concertations
        )
        removed["plans"] = synth_plans.plans_clear(
            organizations=organizations, people=people, concertations=concertations
        )
        seats = Seat.objects.filter(concertation__in=concertations).values("pk")
        removed["memberships"] = delete_where_any(
            Membership.objects.all(), Q(seat__in=seats), Q(person__in=people), Q(organization__in=organizations)
        )
        removed["seats"] = _raw_delete(Seat.objects.filter(concertation__in=concertations))
        RoleGrant.objects.filter(concertation__in=concertations).delete()
        for relation in (Concertation.territories, Concertation.themes):
            _raw_delete(relation.through.objects.filter(concertation__in=concertations))
        delete_where_any(
            Concertation.funders.through.objects.all(),
            Q(concertation__in=concertations),
            Q(organization__in=organizations),
        )
        Concertation.objects.exclude(pk__in=concertations).filter(parent__in=concertations).update(parent=None)
        Concertation.objects.filter(coordinating_organization__in=organizations).exclude(pk__in=concertations).update(
            coordinating_organization=None
        )
        removed["concertations"] = _raw_delete(Concertation.objects.filter(pk__in=concertations))
        removed["positions"] = delete_where_any(
            Position.objects.all(), Q(person__in=people), Q(organization__in=organizations)
        )
        _raw_delete(Organization.territories_served.through.objects.filter(organization__in=organizations))
        Organization.objects.exclude(pk__in=organizations).filter(parent__in=organizations).update(parent=None)
        removed["organizations"] = _raw_delete(Organization.objects.filter(pk__in=organizations))
        removed["people"] = _raw_delete(Person.objects.filter(pk__in=people))
    registry_changed()  # raw deletes send no signal
    return removed


def delete_where_any(queryset: models.QuerySet[Any], *conditions: Q) -> int:
    """Delete the rows matching any of `conditions`, one plain delete per condition (`_raw_delete`).
    PostgreSQL plans conditions joined by OR over large subqueries as a loop over every row, which took
    tens of minutes on the synthetic province; each `IN (subquery)` alone is a hashed semi-join. The rows
    matching several conditions are counted once: the first delete removes them."""
    return sum(_raw_delete(queryset.filter(condition)) for condition in conditions)


def _raw_delete(queryset: models.QuerySet[Any]) -> int:
    """Delete without loading the rows or sending signals (no historical row for synthetic data)."""
    return queryset._raw_delete(queryset.db)
