"""The columns each kind of import understands, and the suggestion of which file column feeds which.

A mapping is a dict from a header of the file to a field name (an empty name ignores the column).
`suggest_mapping` proposes one by comparing the folded headers with each field's French and English
synonyms, exactly first and then approximately. A mapping a person confirmed is saved under
`headers_key(headers)` and reused for the next file with the same headers.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from rapidfuzz import fuzz, process

from arrimage.core.text import fold, search_words

# How close (0-100) a header must be to a synonym to be suggested when no synonym matches exactly.
FUZZY_CUTOFF = 86


@dataclass(frozen=True)
class Field:
    """A value an import can read from a column."""

    name: str
    label: Promise | str
    synonyms: tuple[str, ...] = ()
    required: bool = False


@dataclass(frozen=True)
class KindColumns:
    fields: tuple[Field, ...]
    # Each group needs at least one of its fields mapped (a name as one column or as two, for example).
    one_of: tuple[tuple[str, ...], ...] = ()

    @property
    def required_groups(self) -> tuple[tuple[str, ...], ...]:
        """The groups of fields of which the mapping must feed at least one each (required fields alone)."""
        return (*self.one_of, *((field.name,) for field in self.fields if field.required))

    def field(self, name: str) -> Field:
        return next(field for field in self.fields if field.name == name)

    @property
    def names(self) -> set[str]:
        return {field.name for field in self.fields}


# Fields shared by several kinds ----------------------------------------------------------------------

ORGANIZATION = Field(
    "organization",
    _("Organisation"),
    (
        "Organisme", "Organisation", "Organization", "Nom de l'organisme", "Nom de l'organisation",
        "Nom de l’organisme", "Nom de l’organisation", "Organisme représenté", "Employeur", "Employer",
        "Établissement", "Institution", "Nom de l'établissement",
    ),
)  # fmt: skip
SECTOR = Field("sector", _("Sector"), ("Secteur", "Sector", "Secteur d'activité", "Milieu"))
FULL_NAME = Field(
    "full_name",
    _("Full name of the person"),
    (
        "Représentant·e", "Représentant", "Représentante", "Représentant(e)", "Représentant.e", "Personne",
        "Nom complet", "Full name", "Name of the person", "Representative", "Délégué", "Déléguée",
        "Délégué·e", "Membre", "Person", "Nom et prénom", "Prénom et nom",
    ),
)  # fmt: skip
GIVEN_NAME = Field("given_name", _("Given name"), ("Prénom", "Given name", "First name", "Firstname"))
FAMILY_NAME = Field("family_name", _("Family name"), ("Nom de famille", "Nom", "Family name", "Last name", "Surname"))
EMAIL = Field(
    "email", _("Email address"), ("Courriel", "Adresse courriel", "Email", "E-mail", "Courriel de la personne")
)
PHONE = Field("phone", _("Telephone"), ("Téléphone", "Tél.", "Tel", "Phone", "Telephone", "Numéro de téléphone"))
START = Field("start", _("Start date"), ("Depuis", "Date de début", "Début", "Start", "Start date", "Since", "Entrée"))
END = Field("end", _("End date"), ("Fin", "Date de fin", "Jusqu'au", "End", "End date", "Until", "Sortie"))
CITIZEN = Field("citizen", _("Citizen"), ("Citoyen", "Citoyenne", "Citoyen·ne", "Citizen", "À titre citoyen"))
CONSENT = Field(
    "consent",
    _("Consents to appear publicly"),
    ("Consentement", "Consent", "Consentement public", "Consent to appear publicly", "Nom public"),
)
TERRITORIES = Field(
    "territories",
    _("Territories"),
    (
        "Territoire", "Territoires", "Territoires desservis", "Territory", "Territories", "Territories served",
        "Municipalité", "Municipalités", "Municipality", "MRC", "Ville", "Région",
    ),
)  # fmt: skip

COLUMNS: dict[str, KindColumns] = {
    "organizations": KindColumns(
        (
            Field(
                "name",
                _("Name of the organisation"),
                ("Nom", "Name", *ORGANIZATION.synonyms),
                required=True,
            ),
            Field("acronym", _("Acronym"), ("Sigle", "Acronyme", "Acronym", "Abréviation")),
            Field("other_names", _("Other names"), ("Autres noms", "Other names", "Ancien nom", "Alias")),
            SECTOR,
            Field("legal_form", _("Legal form"), ("Forme juridique", "Statut juridique", "Legal form")),
            Field("neq", _("Québec enterprise number (NEQ)"), ("NEQ", "Numéro d'entreprise du Québec")),
            Field("website", _("Website"), ("Site web", "Site Web", "Site internet", "Website", "URL")),
            Field("mission", _("Mission"), ("Mission", "Description")),
            TERRITORIES,
            Field("start", _("Founded"), ("Fondation", "Date de fondation", "Founded", "Depuis", "Début")),
            Field("end", _("Closed"), ("Fermeture", "Date de fermeture", "Closed", "Fin")),
        ),
    ),
    "people": KindColumns(
        (
            FULL_NAME,
            GIVEN_NAME,
            FAMILY_NAME,
            EMAIL,
            PHONE,
            ORGANIZATION,
            SECTOR,
            Field("job_title", _("Job title"), ("Titre", "Titre du poste", "Poste", "Fonction", "Job title", "Title")),
            Field("profession", _("Profession"), ("Profession", "Métier", "Catégorie d'emploi")),
            START,
            END,
            CITIZEN,
            CONSENT,
        ),
        one_of=(("full_name", "given_name", "family_name"),),
    ),
    "members": KindColumns(
        (
            ORGANIZATION,
            FULL_NAME,
            GIVEN_NAME,
            FAMILY_NAME,
            EMAIL,
            PHONE,
            Field("seat", _("Seat"), ("Siège", "Seat", "Nom du siège", "Poste au conseil", "Collège")),
            Field("seat_type", _("Seat type"), ("Type de siège", "Seat type", "Type de membre", "Catégorie")),
            Field("role", _("Role"), ("Rôle", "Role", "Fonction à la table", "Rôle à la table")),
            START,
            END,
            SECTOR,
            CITIZEN,
            CONSENT,
        ),
        one_of=(("organization", "full_name", "given_name", "family_name"),),
    ),
    "concertations": KindColumns(
        (
            Field(
                "name",
                _("Name of the concertation"),
                ("Nom", "Name", "Concertation", "Table", "Nom de la table"),
                required=True,
            ),
            Field("acronym", _("Acronym"), ("Sigle", "Acronyme", "Acronym")),
            Field("kind", _("Kind"), ("Type", "Kind", "Type d'instance", "Genre")),
            Field("level", _("Level"), ("Niveau", "Level", "Palier", "Échelle")),
            Field("mission", _("Mission"), ("Mission", "Description", "Mandat")),
            TERRITORIES,
            Field("themes", _("Themes"), ("Thèmes", "Thème", "Themes", "Theme", "Enjeux")),
            Field(
                "coordinating_organization",
                _("Coordinating organisation"),
                ("Organisme coordonnateur", "Fiduciaire", "Coordination", "Coordinating organisation", "Porteur"),
            ),
            Field("start", _("Start date"), ("Date de début", "Début", "Depuis", "Création", "Start", "Start date")),
            Field("end", _("End date"), ("Date de fin", "Fin", "End", "End date")),
            Field("is_public", _("Public"), ("Public", "Publique", "Visible")),
        ),
    ),
    "services": KindColumns(
        (
            replace(ORGANIZATION, required=True),
            Field(
                "name",
                _("Name of the service"),
                ("Service", "Nom du service", "Service name", "Nom", "Name", "Programme", "Activité"),
                required=True,
            ),
            Field("alternate_name", _("Other name"), ("Autre nom", "Alternate name", "Other name", "Sigle")),
            Field("description", _("Description"), ("Description", "Description du service", "Détails")),
            Field("website", _("Website"), ("Site web", "Site Web", "Site internet", "Website", "URL", "Lien")),
            Field(
                "email",
                _("Service email address"),
                ("Courriel", "Courriel du service", "Adresse courriel", "Email", "E-mail"),
            ),
            Field("status", _("Status"), ("Statut", "État", "Status")),
            Field(
                "eligibility",
                _("Eligibility"),
                ("Admissibilité", "Critères d'admissibilité", "Conditions", "Eligibility", "Pour qui"),
            ),
            Field(
                "target_population",
                _("Target population"),
                ("Clientèle", "Clientèle visée", "Population visée", "Public cible", "Target population", "Audience"),
            ),
            Field("themes", _("Themes"), ("Thèmes", "Thème", "Themes", "Theme", "Enjeux", "Catégories")),
            Field(
                "service_areas",
                _("Service areas"),
                (
                    "Territoire",
                    "Territoires",
                    "Territoires desservis",
                    "Territoire desservi",
                    "Service area",
                    "Service areas",
                    "Municipalités desservies",
                    "MRC",
                    "Région",
                ),
            ),
            Field("location_name", _("Name of the place"), ("Lieu", "Nom du lieu", "Point de service", "Location")),
            Field("address", _("Address"), ("Adresse", "Adresse civique", "Address", "Rue")),
            Field("city", _("City"), ("Ville", "Municipalité", "City", "Localité")),
            Field("postal_code", _("Postal code"), ("Code postal", "Postal code", "CP")),
            SECTOR,
        ),
    ),
}


def kind_columns(kind: str) -> KindColumns:
    """The columns of an import kind; raises KeyError for a kind these imports do not handle."""
    return COLUMNS[kind]


def _fold_header(header: str) -> str:
    return " ".join(search_words(header))


def suggest_mapping(headers: Sequence[str], kind: str) -> dict[str, str]:
    """For each header, the field it most likely feeds ("" when none): exact synonyms first (accents,
    case and punctuation ignored), then close ones. A field is fed by one column at most."""
    columns = kind_columns(kind)
    synonyms: dict[str, str] = {}
    for field in columns.fields:
        for word in (field.name, str(field.label), *field.synonyms):
            synonyms.setdefault(_fold_header(word), field.name)
    mapping = dict.fromkeys(headers, "")
    taken: set[str] = set()
    for header in headers:
        name = synonyms.get(_fold_header(header))
        if name and name not in taken:
            mapping[header] = name
            taken.add(name)
    choices = list(synonyms)
    for header in headers:
        if mapping[header] or not _fold_header(header):
            continue
        found = process.extractOne(
            _fold_header(header), choices, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF, processor=None
        )
        if found is not None and synonyms[found[0]] not in taken:
            mapping[header] = synonyms[found[0]]
            taken.add(synonyms[found[0]])
    return mapping


def headers_key(headers: Sequence[str]) -> str:
    """A digest of the folded headers, to find the mapping saved for a file with the same columns."""
    text = "\n".join(fold(" ".join(header.split())) for header in headers)
    return hashlib.sha256(text.encode()).hexdigest()


def clean_mapping(mapping: dict[str, Any], headers: Sequence[str], kind: str) -> dict[str, str]:
    """Keep only the file's headers and the kind's field names; a field fed by two columns keeps the first."""
    names = kind_columns(kind).names
    result: dict[str, str] = {}
    taken: set[str] = set()
    for header in headers:
        name = str(mapping.get(header) or "")
        if name in names and name not in taken:
            result[header] = name
            taken.add(name)
        else:
            result[header] = ""
    return result
