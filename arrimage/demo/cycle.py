"""The cycle of the demonstration's démarches: where the démarches of the Réseau de développement des
communautés de la Capitale-Nationale are, from their mobilisation to their evaluation, some in their second
round. A few démarches have no stage recorded, as happens when a coordination has not filled it in yet.

Loaded after the rest of the demonstration (`cycle_demo_load`, called by `demo_load`), written through
`arrimage.cycle.services` like any stage, marked `is_demo`. The notes name no person.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from arrimage.concertation.models import Concertation
from arrimage.cycle.models import Stage, StageTransition
from arrimage.cycle.services import stage_enter

from . import data

M, P, V, R, A, I, E = (  # noqa: E741 — the stages' initials keep the table below readable
    Stage.MOBILISATION,
    Stage.PORTRAIT,
    Stage.VISION,
    Stage.PRIORITIES,
    Stage.PLAN,
    Stage.IMPLEMENTATION,
    Stage.EVALUATION,
)

# For each démarche (its key in `data.DEMARCHES`): the stages it entered, in order, with the day and a note.
STAGES: dict[str, list[tuple[str, str, str]]] = {
    "dc_portneuf": [
        (M, "2015-09-15", "Premier forum des partenaires de la MRC."),
        (P, "2016-02-01", "Portrait des 18 municipalités avec la santé publique."),
        (V, "2016-09-20", "Vision adoptée au forum d'automne."),
        (R, "2016-12-05", "Trois priorités : transport, vitalité des villages, sécurité alimentaire."),
        (A, "2017-03-14", "Plan d'action 2017-2020 adopté."),
        (I, "2017-04-01", ""),
        (E, "2020-09-01", "Évaluation avec une firme externe, retardée par la pandémie."),
        (M, "2021-03-10", "Deuxième tour : nouveaux partenaires municipaux."),
        (P, "2021-10-01", "Mise à jour du portrait avec les données du recensement 2021."),
        (R, "2022-05-18", ""),
        (A, "2022-11-22", "Plan d'action 2023-2027 adopté."),
        (I, "2023-01-15", "Comité de suivi aux deux mois."),
    ],
    "dc_jacques_cartier": [
        (M, "2017-01-20", ""),
        (P, "2017-09-01", "Portrait réalisé avec les organismes communautaires."),
        (V, "2018-04-10", ""),
        (R, "2018-06-12", ""),
        (A, "2018-11-20", "Plan d'action concerté adopté par le comité."),
        (I, "2019-01-07", ""),
        (E, "2023-02-01", "Bilan des cinq ans avec les partenaires et les citoyens."),
    ],
    "dc_charlevoix": [
        (M, "2015-04-01", ""),
        (P, "2015-11-15", ""),
        (V, "2016-05-01", ""),
        (R, "2016-06-01", ""),
        (A, "2016-10-12", ""),
        (I, "2017-01-01", ""),
        (E, "2021-05-01", ""),
        (M, "2022-01-18", "Nouveau tour après le départ de plusieurs partenaires."),
        (P, "2023-03-01", "Portrait à refaire : le logement est devenu l'enjeu principal."),
    ],
    "dc_limoilou": [
        (M, "2015-06-10", ""),
        (P, "2016-01-20", "Portrait de quartier avec les résidents."),
        (V, "2016-06-15", ""),
        (R, "2016-09-28", ""),
        (A, "2017-02-15", ""),
        (I, "2017-03-01", "Cinq chantiers lancés."),
        (E, "2021-11-01", ""),
        (M, "2022-02-01", ""),
        (V, "2022-09-21", "Vision revue avec le conseil de quartier."),
        (R, "2023-01-25", ""),
        (A, "2023-06-07", "Plan 2023-2026 adopté."),
        (I, "2023-09-01", ""),
    ],
    "dc_vanier": [
        (M, "2016-03-01", ""),
        (P, "2016-10-01", ""),
        (V, "2017-03-15", ""),
        (R, "2017-05-10", ""),
        (A, "2017-11-08", ""),
        (I, "2018-01-15", "Suivi trimestriel des actions."),
    ],
    "dc_charlesbourg": [
        (M, "2019-03-12", "Lancement avec les organismes de l'arrondissement."),
        (P, "2019-11-30", ""),
        (V, "2020-10-15", "Forum tenu en ligne."),
        (R, "2021-02-10", ""),
    ],
    "dc_st_raymond": [
        (M, "2017-04-20", ""),
        (P, "2018-02-01", ""),
        (V, "2018-06-05", ""),
        (R, "2018-09-18", ""),
        (A, "2019-01-22", ""),
        (I, "2019-02-01", ""),
        (E, "2024-04-01", "Évaluation participative avec les citoyens."),
    ],
    "dc_sbl": [
        (M, "2024-02-15", "Première assemblée citoyenne."),
        (P, "2024-10-01", "Sondage auprès des familles et rencontres de rue."),
    ],
}


def cycle_demo_load(*, acting_user: Any = None) -> list[StageTransition]:
    """Record the stages of the demonstration's démarches (after the rest of the demonstration); nothing when
    they are there, and nothing for a démarche that is missing."""
    if StageTransition.objects.filter(is_demo=True).exists():
        return []
    names = {row.key: row.name for row in data.DEMARCHES}
    demarches = {c.name: c for c in Concertation.objects.filter(is_demo=True, name__in=names.values())}
    written = []
    for key, stages in STAGES.items():
        demarche = demarches.get(names[key])
        if demarche is None:
            continue
        for stage, day, note in stages:
            written.append(
                stage_enter(
                    concertation=demarche,
                    stage=stage,
                    entered_on=dt.date.fromisoformat(day),
                    note=note,
                    acting_user=acting_user,
                    is_demo=True,
                )
            )
    return written


def cycle_demo_delete() -> int:
    """Remove the demonstration's stages; returns how many were removed."""
    return StageTransition.objects.filter(is_demo=True).delete()[1].get("cycle.StageTransition", 0)
