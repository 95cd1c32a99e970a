"""What practice recommends at each stage of a démarche's cycle: a short checklist and its sources.

The items sum up the planning guides that Québec's collective-development networks share with local
démarches: Avenir d'enfants' « Guide de planification », Communagir's tools for collective action, the
Réseau québécois de développement social (RQDS), the Centre St-Pierre's guides for community groups and
the Institut national de santé publique du Québec (INSPQ) on the development of communities. They are
reminders, not a procedure: each démarche adapts them. Sources are cited by title and home page only.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .models import Stage


@dataclass(frozen=True)
class Source:
    """A public reference: who published it, what it is, and its home page."""

    publisher: str
    title: str
    url: str


@dataclass(frozen=True)
class Checklist:
    stage: str
    items: tuple[Promise, ...]
    sources: tuple[Source, ...]


AVENIR = Source(
    "Avenir d'enfants",
    "Guide de planification (démarches de mobilisation des communautés locales, 2009-2020)",
    "https://www.avenirdenfants.org/",
)
COMMUNAGIR = Source("Communagir pour le développement collectif", "Outils et publications", "https://communagir.org/")
RQDS = Source("Réseau québécois de développement social (RQDS)", "Publications", "https://www.rqds.org/")
INSPQ = Source(
    "Institut national de santé publique du Québec (INSPQ)",
    "La santé des communautés : perspectives pour la contribution de la santé publique au développement social "
    "et au développement des communautés (2002)",
    "https://www.inspq.qc.ca/",
)
CENTRE_ST_PIERRE = Source(
    "Centre St-Pierre", "Guides et formations pour les groupes", "https://www.centrestpierre.org/"
)

SOURCES: tuple[Source, ...] = (AVENIR, COMMUNAGIR, RQDS, INSPQ, CENTRE_ST_PIERRE)

CHECKLISTS: dict[str, Checklist] = {
    Stage.MOBILISATION: Checklist(
        Stage.MOBILISATION,
        (
            _("Name the shared concern that brings the partners together."),
            _("List who is concerned: community groups, institutions, municipalities, citizens."),
            _("Invite those usually absent, citizens and people living the situation included."),
            _("Agree on how the partners will work together: roles, decisions, meetings."),
            _("Name who coordinates and who holds the funds, if any."),
            _("Write down each partner's commitment, even a small one."),
        ),
        (AVENIR, COMMUNAGIR, INSPQ),
    ),
    Stage.PORTRAIT: Checklist(
        Stage.PORTRAIT,
        (
            _("Gather the figures already available (census, public health, municipality)."),
            _("Add what the partners and citizens know from the field."),
            _("Map the services, the concertations and the plans already at work."),
            _("Look at both the needs and the strengths of the community."),
            _("Read the portrait together and agree on what it says."),
            _("Share the portrait with the community in plain language."),
        ),
        (AVENIR, INSPQ, CENTRE_ST_PIERRE),
    ),
    Stage.VISION: Checklist(
        Stage.VISION,
        (
            _("Start from the shared portrait, not from each partner's projects."),
            _("Describe together the change wanted in a few years."),
            _("Write the vision in a few sentences everyone can repeat."),
            _("Check that citizens recognise themselves in it."),
            _("Have each partner's board or council endorse the vision."),
        ),
        (AVENIR, COMMUNAGIR, RQDS),
    ),
    Stage.PRIORITIES: Checklist(
        Stage.PRIORITIES,
        (
            _("List the issues the portrait brought to light."),
            _("Agree on criteria to choose among them (reach, urgency, the partners' strength)."),
            _("Keep a few priorities: the partners cannot act on everything at once."),
            _("Check what other concertations and plans already do on each priority."),
            _("Record the choice and the reasons for it."),
        ),
        (AVENIR, COMMUNAGIR),
    ),
    Stage.PLAN: Checklist(
        Stage.PLAN,
        (
            _("Write one or more objectives per priority."),
            _("Give each action a leader, partners, a timeline and the expected results."),
            _("Estimate the resources each partner puts in: time, money, expertise."),
            _("Choose a few indicators to follow the change."),
            _("Have the plan adopted by the partners and record the resolution."),
            _("Look for funding that fits the plan rather than the other way around."),
        ),
        (AVENIR, RQDS, CENTRE_ST_PIERRE),
    ),
    Stage.IMPLEMENTATION: Checklist(
        Stage.IMPLEMENTATION,
        (
            _("Meet regularly to follow the actions' progress."),
            _("Record decisions and who follows up on each."),
            _("Adjust the plan when the situation changes, and say why."),
            _("Keep partners and citizens informed of what is done."),
            _("Welcome new partners and replace those who leave."),
            _("Take care of the coordination: it is what keeps the partners together."),
        ),
        (AVENIR, COMMUNAGIR, CENTRE_ST_PIERRE),
    ),
    Stage.EVALUATION: Checklist(
        Stage.EVALUATION,
        (
            _("Decide together what to evaluate and for whom."),
            _("Gather the indicators and the partners' and citizens' views."),
            _("Look at both the results and how the partners worked together."),
            _("Write down what was learned, what worked and what did not."),
            _("Share the results with the community and the funders."),
            _("Decide what comes next: a new round, a new portrait, or an end."),
        ),
        (AVENIR, INSPQ, RQDS),
    ),
}


def checklist(stage: str) -> Checklist:
    """The checklist of a stage (the first stage's for an unknown or empty one)."""
    return CHECKLISTS.get(stage, CHECKLISTS[Stage.MOBILISATION])
