"""Practice notes of the demonstration: what professionals of Beauport, the Capitale-Nationale, the
Appalaches and the Etchemins learned, tied to the demonstration's territories, concertations and plans.

Loaded after the rest of the demonstration (`practice_demo_load`, called by `demo_load`), written through
`arrimage.practice.services` like any note. The people named in the contacts are fictitious, their
addresses in the demonstration's domain.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction

from arrimage.accounts.models import User
from arrimage.actors.models import Organization
from arrimage.concertation.models import Concertation, Theme
from arrimage.core.dates import PartialDate
from arrimage.plans.models import Plan
from arrimage.practice.models import PracticeNote
from arrimage.practice.services import NoteData, note_create
from arrimage.territories.models import Territory

from . import data


@dataclass(frozen=True)
class NoteRow:
    title: str
    summary: str
    context: str
    tried: str
    worked: str
    did_not_work: str
    contacts: str
    author: str  # the local part of a demonstration account's address
    organization: str = ""  # an organisation's key in `data.ORGANIZATIONS`
    territories: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()
    concertations: tuple[str, ...] = ()  # keys in `data.CONCERTATIONS`
    plans: tuple[str, ...] = ()  # keys in `data.PLANS`
    start: str = ""
    end: str = ""
    published: bool = True


NOTES: list[NoteRow] = [
    NoteRow(
        title="Mobiliser des personnes en situation de pauvreté aux rencontres de la Table",
        summary=(
            "Des sièges réservés ne suffisent pas. L'accueil, le transport et une préparation avant chaque "
            "rencontre ont fait venir et rester les personnes concernées."
        ),
        context=(
            "La Table de développement local de Beauport réserve deux sièges à des personnes ayant vécu la "
            "pauvreté. En 2022, ces sièges sont restés vides la moitié de l'année."
        ),
        tried=(
            "Une rencontre de préparation d'une heure avant chaque assemblée. Un billet d'autobus et 50 $ par "
            "rencontre. Un « parrain » parmi les membres, et un ordre du jour réécrit en langage simple."
        ),
        worked=(
            "La préparation : les personnes arrivent en sachant de quoi on va parler et prennent la parole. La "
            "compensation, versée sans paperasse, a été décisive. Deux personnes siègent maintenant depuis deux ans."
        ),
        did_not_work=(
            "Les rencontres en soirée au centre administratif : trop loin, mal desservies. Les acronymes non "
            "expliqués ont fait décrocher une participante dès la première rencontre."
        ),
        contacts="Judith Fortin-Lapointe, coordination de la Table (coordination.beauport@exemple.demo, 418 555-0142).",
        author="coordination.beauport",
        organization="cdc_beauport",
        territories=("borough:REQ05",),
        themes=("participation-citoyenne", "pauvrete-exclusion"),
        concertations=("tdlb", "tdlb_coordination"),
        plans=("pac_beauport",),
        start="2022-09",
        end="2024-06",
    ),
    NoteRow(
        title="Un marché solidaire mobile dans le secteur Giffard",
        summary=(
            "Un étal de fruits et légumes à prix coûtant, deux fois par semaine au pied des HLM. Il a rejoint des "
            "familles que l'épicerie coopérative ne voyait jamais."
        ),
        context=(
            "Le secteur Giffard n'a plus d'épicerie à distance de marche depuis 2019. Le Comité de sécurité "
            "alimentaire cherchait une solution avant l'ouverture de la coopérative."
        ),
        tried=(
            "Un marché mobile en remorque, tenu par la coopérative Épicerie La Chute avec des bénévoles, et "
            "annoncé par les intervenantes de l'Office municipal d'habitation."
        ),
        worked=(
            "Le bouche-à-oreille dans les immeubles, le paiement par carte, et la présence régulière aux mêmes "
            "heures. Les mobilisations de bénévoles ont tenu grâce à un horaire partagé en ligne."
        ),
        did_not_work=(
            "L'hiver : la fréquentation baisse de moitié de décembre à mars. Les paniers commandés d'avance "
            "n'ont pas pris."
        ),
        contacts="Épicerie La Chute, responsable des projets (projets.lachute@exemple.demo).",
        author="coordination.beauport",
        organization="epicerie_chute",
        territories=("borough:REQ05",),
        themes=("securite-alimentaire", "pauvrete-exclusion"),
        concertations=("securite_alimentaire_beauport", "chantier_giffard"),
        start="2023-05",
        end="2024-10",
    ),
    NoteRow(
        title="Faire revenir les jeunes à la Table jeunesse",
        summary=(
            "Tenir une rencontre sur trois à la maison des jeunes, à l'heure des jeunes, a plus fait pour leur "
            "participation que tous les courriels d'invitation."
        ),
        context="La Table jeunesse de Beauport voulait entendre les jeunes sur la persévérance scolaire.",
        tried=(
            "Des rencontres à la Maison des jeunes L'Escale, un repas, une animation par des pairs, et un "
            "compte rendu en vidéo courte plutôt qu'un procès-verbal."
        ),
        worked="L'animation par des pairs et le repas. Les jeunes ont proposé eux-mêmes le projet de tutorat.",
        did_not_work="Les sondages en ligne : moins de dix réponses en deux mois.",
        contacts="Maison des jeunes L'Escale, coordination (escale@exemple.demo).",
        author="coordination.beauport",
        organization="mdj_escale",
        territories=("borough:REQ05",),
        themes=("jeunesse", "perseverance-scolaire"),
        concertations=("jeunesse_beauport",),
        start="2023",
    ),
    NoteRow(
        title="Accompagner une petite municipalité après l'adoption de sa politique MADA",
        summary=(
            "Une politique adoptée sans personne pour la suivre s'essouffle en un an : un suivi trimestriel "
            "de la MRC, même court, garde le comité en vie."
        ),
        context=(
            "Sainte-Sabine, quelques centaines d'habitants, a adopté sa politique familiale et des aînés. La "
            "chargée de projet de la démarche est partie le mois suivant."
        ),
        tried=(
            "Un appel de suivi tous les trois mois par la conseillère en développement de la MRC des Etchemins. Un "
            "tableau d'actions d'une page, tenu par le comité."
        ),
        worked="Le tableau d'une page, lu au conseil municipal deux fois par année.",
        did_not_work=(
            "Compter sur les bénévoles du comité pour chercher eux-mêmes du financement : aucune demande "
            "déposée en dix-huit mois."
        ),
        contacts="MRC des Etchemins, développement des communautés (developpement@exemple.demo).",
        author="admin",
        organization="mrc_etchemins",
        territories=("municipality:28065",),
        themes=("aines-mada", "famille"),
        concertations=("famille_ste_sabine",),
        plans=("mada_ste_sabine",),
        start="2021",
        end="2023",
    ),
    NoteRow(
        title="Une carte commune avec les aménagistes de la MRC des Appalaches",
        summary=(
            "Travailler sur la même carte que les aménagistes a fait entrer les enjeux sociaux dans la révision "
            "du schéma d'aménagement."
        ),
        context=(
            "La Table de développement des communautés des Appalaches et le service d'aménagement de la MRC "
            "travaillaient chacun de leur côté, sur des découpages différents."
        ),
        tried=(
            "Des ateliers cartographiques communs, avec les 19 municipalités sur une même carte, et les "
            "services de proximité superposés au périmètre d'urbanisation."
        ),
        worked=(
            "La carte a rendu visibles les villages sans service de proximité ; deux d'entre eux ont été "
            "priorisés dans le plan de mise en œuvre."
        ),
        did_not_work="Le vocabulaire : il a fallu un lexique commun pour « milieu de vie » et « pôle de services ».",
        contacts="Hélène Grondin, conseillère en développement (editeur.appalaches@exemple.demo).",
        author="editeur.appalaches",
        organization="mrc_appalaches",
        territories=("mrc:31",),
        themes=("amenagement", "vitalite-rurale"),
        concertations=("tdc_appalaches",),
        start="2022",
        end="2023",
    ),
    NoteRow(
        title="Une politique des familles et des aînés portée par un comité bénévole",
        summary=(
            "À Adstock, le comité MADA a porté la consultation lui-même ; la municipalité a fourni la salle, "
            "la publicité et une élue responsable."
        ),
        context="Adstock révisait sa politique des familles et des aînés avec un budget très limité.",
        tried="Des cafés-rencontres dans chaque secteur de la municipalité, animés par les membres du comité.",
        worked="Les cafés-rencontres : plus de 120 personnes, dont beaucoup d'aînés qui ne viennent jamais au conseil.",
        did_not_work="Le questionnaire papier laissé au bureau municipal : une vingtaine de réponses seulement.",
        contacts="Municipalité d'Adstock, élue responsable des questions familiales et aînés (mairie@exemple.demo).",
        author="editeur.appalaches",
        organization="mun_adstock",
        territories=("municipality:31056",),
        themes=("aines-mada", "famille"),
        concertations=("mada_adstock",),
        plans=("politique_familles_adstock",),
        start="2023",
    ),
    NoteRow(
        title="Garder le fil lors d'un changement d'organisatrice communautaire",
        summary=(
            "Une passation préparée en trois rencontres, avec le dossier de passation d'Arrimage, a évité de "
            "perdre la relation avec les démarches locales."
        ),
        context=(
            "Le Réseau de développement des communautés de la Capitale-Nationale a vu changer quatre "
            "organisatrices communautaires en deux ans dans ses 13 démarches."
        ),
        tried=(
            "Une rencontre à trois (personne qui part, personne qui arrive, coordination de la démarche), "
            "le dossier de passation imprimé, et une présentation aux partenaires."
        ),
        worked="La rencontre à trois et la présentation aux partenaires, avant le départ.",
        did_not_work="Les passations faites après le départ, par courriel seulement.",
        contacts="Réseau de développement des communautés, coordination régionale (reseau.dc@exemple.demo).",
        author="admin",
        organization="rdc_cn",
        territories=("region:03",),
        themes=("developpement-des-communautes",),
        concertations=("reseau_dc",),
        start="2022",
        end="2024",
    ),
    NoteRow(
        title="Un lexique commun entre le communautaire et la municipalité",
        summary="Une page de définitions partagées a évité bien des malentendus en comité de suivi.",
        context="La démarche de Portneuf réunit des organismes communautaires, la MRC et le CIUSSS.",
        tried="Un lexique d'une page, relu par chaque secteur, joint à chaque ordre du jour.",
        worked="Les définitions courtes, avec un exemple concret pour chaque terme.",
        did_not_work="",
        contacts="Carrefour des partenaires de Portneuf (carrefour@exemple.demo).",
        author="admin",
        organization="fid_portneuf",
        territories=("mrc:34",),
        themes=("developpement-des-communautes",),
        concertations=("dc_portneuf",),
        start="2024",
        published=False,
    ),
]


def _date(text: str) -> PartialDate | None:
    return PartialDate.parse(text) if text else None


@transaction.atomic
def practice_demo_load(*, acting_user: Any = None) -> list[PracticeNote]:
    """Write the demonstration's practice notes (after the rest of the demonstration), each by the
    demonstration account named in its row (`acting_user` when that account is missing); nothing when they
    are there."""
    if PracticeNote.objects.filter(is_demo=True).exists():
        return []
    concertation_names = {row.key: row.name for row in data.CONCERTATIONS}
    plan_names = {row.key: row.name for row in data.PLANS}
    organization_names = {row.key: row.name for row in data.ORGANIZATIONS}
    users = {
        user.email.split("@")[0]: user for user in User.objects.filter(email__endswith=f"@{data.DEMO_EMAIL_DOMAIN}")
    }
    concertations = {c.name: c for c in Concertation.objects.filter(is_demo=True, name__in=concertation_names.values())}
    plans = {p.name: p for p in Plan.objects.filter(is_demo=True, name__in=plan_names.values())}
    organizations = {o.name: o for o in Organization.objects.filter(is_demo=True, name__in=organization_names.values())}
    themes = {t.slug: t for t in Theme.objects.all()}
    notes = []
    for row in NOTES:
        territories = [Territory.objects.without_geometry().by_code(public_id).get() for public_id in row.territories]
        note_data = NoteData(
            title=row.title,
            summary=row.summary,
            context=row.context,
            tried=row.tried,
            worked=row.worked,
            did_not_work=row.did_not_work,
            contacts=row.contacts,
            start=_date(row.start),
            end=_date(row.end),
            organization=organizations.get(organization_names.get(row.organization, "")),
            territories=territories,
            themes=[themes[slug] for slug in row.themes if slug in themes],
            concertations=[
                concertations[concertation_names[key]]
                for key in row.concertations
                if concertation_names[key] in concertations
            ],
            plans=[plans[plan_names[key]] for key in row.plans if plan_names[key] in plans],
        )
        author = users.get(row.author, acting_user)
        notes.append(note_create(data=note_data, acting_user=author, publish=row.published, is_demo=True))
    return notes


def practice_demo_delete() -> int:
    """Remove the demonstration's practice notes; returns how many were removed."""
    return PracticeNote.objects.filter(is_demo=True).delete()[1].get("practice.PracticeNote", 0)
