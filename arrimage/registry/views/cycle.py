"""Pages of the démarches' cycle: the « Cycle » section of a démarche's (or a network's) page, the form that
records a stage, and where each démarche of a territory or of a network is in its cycle.

The stage a démarche is at, and since when, is shown to everyone who may see the démarche; the notes of its
stages and who recorded them only to those who see its private side (`policy.can_view_concertation_private`).
A private démarche is neither named nor counted for those who may not see it (`policy.visible_concertations`).
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import NoReverseMatch, reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from arrimage.access import policy
from arrimage.concertation import selectors as concertation_selectors
from arrimage.concertation.models import Concertation, ConcertationKind
from arrimage.cycle import selectors, services
from arrimage.cycle.checklists import Checklist, checklist
from arrimage.cycle.models import Stage, StageTransition
from arrimage.cycle.selectors import CycleOverview
from arrimage.territories.models import Territory
from arrimage.territories.selectors import territory_ancestors, territory_get

from ..forms_cycle import StageEnterForm, StageNoteForm
from .common import Crumb
from .edit import FormPage, _data, _form_page

# The section on a concertation's page ---------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    """One stage of the cycle as the section draws it."""

    number: int
    value: str
    label: str
    is_current: bool


@dataclass(frozen=True)
class Link:
    label: str
    url: str


@dataclass(frozen=True)
class CycleSection:
    """What the « Cycle » section of a démarche's page shows (`network_url` alone for a network)."""

    steps: list[Step]
    current: StageTransition | None
    history: list[StageTransition]
    checklist: Checklist | None
    links: list[Link]
    show_notes: bool
    enter_url: str | None
    network_url: str | None = None
    shows_plans: bool = False  # the stages that work with the démarche's plans list them


def steps(current: str) -> list[Step]:
    """The seven stages in the cycle's order, the current one marked."""
    return [
        Step(number, value, str(label), value == current)
        for number, (value, label) in enumerate(Stage.choices, start=1)
    ]


def cycle_section(user: Any, concertation: Concertation, *, territories: list[Territory]) -> CycleSection | None:
    """The section of a démarche's page (one query), a network's link to its démarches' cycle (no query),
    nothing for other concertations."""
    if concertation.kind == ConcertationKind.NETWORK:
        return CycleSection(
            [], None, [], None, [], False, None, network_url=reverse("registry:network_cycle", args=[concertation.pk])
        )
    if concertation.kind != ConcertationKind.DEMARCHE:
        return None
    history = selectors.stage_history(concertation)
    current = history[0] if history else None
    stage = current.stage if current else ""
    return CycleSection(
        steps=steps(stage),
        current=current,
        history=history,
        checklist=checklist(stage),
        links=stage_links(concertation, stage or Stage.MOBILISATION, territories=territories),
        show_notes=policy.can_view_concertation_private(user, concertation),
        enter_url=(
            reverse("registry:cycle_stage_enter", args=[concertation.pk])
            if policy.can_move_cycle(user, concertation)
            else None
        ),
        shows_plans=stage in {Stage.PLAN, Stage.IMPLEMENTATION, Stage.EVALUATION},
    )


def stage_links(concertation: Concertation, stage: str, *, territories: list[Territory]) -> list[Link]:
    """Where Arrimage already holds what a stage works with (the plans are listed by the page itself)."""
    links: list[Link] = []
    if stage == Stage.MOBILISATION:
        links.append(Link(_("The seats and their holders"), f"{concertation.get_absolute_url()}#seats"))
    if stage in {Stage.PORTRAIT, Stage.VISION, Stage.PRIORITIES}:
        for territory in territories:
            name = {"name": territory.name}
            links.append(
                Link(
                    _("Concertation in %(name)s") % name,
                    reverse("registry:territory_analysis", args=[territory.public_id]),
                )
            )
            links.append(
                Link(
                    _("Portrait of %(name)s") % name, reverse("reports:territory_portrait", args=[territory.public_id])
                )
            )
    if stage in {Stage.IMPLEMENTATION, Stage.EVALUATION}:
        with contextlib.suppress(NoReverseMatch):
            links.append(Link(_("Meetings and decisions"), reverse("registry:meeting_list", args=[concertation.pk])))
    if stage == Stage.EVALUATION:
        links.append(Link(_("Annual report"), reverse("reports:concertation_annual", args=[concertation.pk])))
    return links


# Recording a stage -----------------------------------------------------------------------------------


@login_required
def cycle_stage_enter(request: HttpRequest, pk: int) -> HttpResponse:
    concertation = concertation_selectors.concertation_get(pk)
    if not policy.can_view_concertation(request.user, concertation):
        raise Http404(pk)
    form = StageEnterForm(_data(request))

    def save() -> Any:
        services.stage_enter(concertation=concertation, acting_user=request.user, **form.entry())
        return Crumb("", f"{concertation.get_absolute_url()}#cycle")

    current = selectors.current_stage(concertation)
    intro = (
        _("« %(name)s » is at « %(stage)s » since %(date)s.")
        % {"name": concertation.name, "stage": current.get_stage_display(), "date": date_format(current.entered_on)}
        if current
        else _("No stage of « %(name)s » is recorded yet.") % {"name": concertation.name}
    )
    return _form_page(
        request,
        form,
        allowed=policy.can_move_cycle(request.user, concertation),
        save=save,
        success=_("The stage was recorded."),
        page=FormPage(
            title=_("Record a stage of the cycle"),
            submit=_("Record the stage"),
            cancel_url=concertation.get_absolute_url(),
            intro=intro,
            context_label=concertation.name,
        ),
    )


@login_required
def cycle_note_edit(request: HttpRequest, pk: int) -> HttpResponse:
    transition = get_object_or_404(StageTransition.objects.select_related("concertation"), pk=pk)
    concertation = transition.concertation
    if not policy.can_view_concertation(request.user, concertation):
        raise Http404(pk)
    form = StageNoteForm(_data(request), initial={"note": transition.note, "version": transition.version})

    def save() -> Any:
        services.stage_note_update(
            transition=transition,
            note=form.cleaned_data["note"],
            acting_user=request.user,
            expected_version=form.expected_version,
        )
        return Crumb("", f"{concertation.get_absolute_url()}#cycle")

    return _form_page(
        request,
        form,
        allowed=policy.can_move_cycle(request.user, concertation),
        save=save,
        success=_("The note was saved."),
        page=FormPage(
            title=_("Note of the stage « %(stage)s » of %(date)s")
            % {"stage": transition.get_stage_display(), "date": date_format(transition.entered_on)},
            submit=_("Save the note"),
            cancel_url=f"{concertation.get_absolute_url()}#cycle",
            context_label=concertation.name,
        ),
    )


# Where the démarches are ----------------------------------------------------------------------------


@dataclass(frozen=True)
class PlaceRow:
    demarche: Concertation
    stage: str
    since: Any
    round: int | None


def _overview_context(overview: CycleOverview) -> dict[str, Any]:
    return {
        "rows": [
            PlaceRow(
                place.demarche,
                place.transition.get_stage_display() if place.transition else "",
                place.transition.entered_on if place.transition else None,
                place.transition.round if place.transition else None,
            )
            for place in overview.places
        ],
        "counts": overview.counts(),
        "unrecorded": overview.unrecorded,
        "total": len(overview.places),
    }


def territory_cycle(request: HttpRequest, public_id: str) -> HttpResponse:
    territory = territory_get(public_id)
    base = policy.visible_concertations(request.user, Concertation.objects.all())
    overview = selectors.demarches_in_cycle(territory=territory, base=base)
    context = {
        "subject": territory.name,
        "territory": territory,
        "breadcrumb": [*territory_ancestors(territory), territory],
        "current": Crumb(_("Cycle of the démarches"), request.path),
        **_overview_context(overview),
    }
    return render(request, "registry/cycle/overview.html", context)


def network_cycle(request: HttpRequest, pk: int) -> HttpResponse:
    network = concertation_selectors.concertation_get(pk)
    if not policy.can_view_concertation(request.user, network):
        raise Http404(pk)
    base = policy.visible_concertations(request.user, Concertation.objects.all())
    overview = selectors.demarches_in_cycle(network=network, base=base)
    context = {
        "subject": network.name,
        "network": network,
        "breadcrumb": [Crumb(_("Concertations"), reverse("registry:concertation_list")), network],
        "current": Crumb(_("Cycle of the démarches"), request.path),
        **_overview_context(overview),
    }
    return render(request, "registry/cycle/overview.html", context)
