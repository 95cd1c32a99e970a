"""Pages of the organisations: the list with its filters, and one page per organisation."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, prefetch_related_objects
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from arrimage.access import policy
from arrimage.actors import selectors as actors
from arrimage.actors.models import Position
from arrimage.concertation import selectors as concertation_selectors
from arrimage.concertation.models import Membership
from arrimage.core import pagecache
from arrimage.core.audit import history_entries
from arrimage.directory import selectors as directory
from arrimage.plans import selectors as plan_selectors
from arrimage.plans.models import Plan
from arrimage.territories.models import Territory

from ..forms_filters import OrganizationFilterForm
from .common import Crumb, paginate, people_named, prime_territories, visible
from .meetings import open_follow_ups_section


def organization_list(request: HttpRequest) -> HttpResponse:
    page = pagecache.page(request, "organizations", compute=lambda: _organization_list_context(request))
    template = "registry/organization_list.html"
    if request.htmx:  # type: ignore[attr-defined]
        template += "#results"
    return pagecache.render_page(request, template, page)


def _organization_list_context(request: HttpRequest) -> dict[str, Any]:
    """The filters and the page of results (computed only when the page is not cached)."""
    form = OrganizationFilterForm(request.GET)
    context: dict[str, Any] = {"form": form, "results": None}
    status = 200
    if form.is_valid():
        results = paginate(actors.organization_list(form.filters()), form.page_number)
        if results.page is not None:
            prefetch_related_objects(list(results.page.object_list), _territories_served())
        context["results"] = results
        context["query_string"] = form.query_string()
    else:
        status = 422
    context["status"] = status
    return context


def _territories_served() -> Prefetch[Any]:
    return Prefetch("territories_served", queryset=Territory.objects.without_geometry().order_by("kind", "name"))


@dataclass(frozen=True)
class PositionView:
    position: Position
    named: bool  # whether this visitor may see the person's name


@dataclass(frozen=True)
class SeatHeld:
    """A seat the organisation holds or held, and the person who sat there when this visitor may see them."""

    membership: Membership
    person_named: bool

    @property
    def concertation(self) -> Any:
        return self.membership.seat.concertation


def organization_detail(request: HttpRequest, pk: int) -> HttpResponse:
    compute = functools.partial(_organization_detail_context, request, pk)
    page = pagecache.page(request, "organization", pk, query="", compute=compute)
    return render(request, "registry/organization_detail.html", {"cached_page": page})


def _organization_detail_context(request: HttpRequest, pk: int) -> dict[str, Any]:
    """What the page shows this visitor (computed only when the page is not cached)."""
    organization = actors.organization_get(pk)
    user = request.user
    today = timezone.localdate()
    positions = actors.organization_positions(organization)
    memberships = concertation_selectors.organization_memberships(organization)
    coordinated = concertation_selectors.concertations_coordinated_by(organization)
    concertations = {m.seat.concertation.pk: m.seat.concertation for m in memberships}
    prime_territories(user, [*(m.seat.concertation for m in memberships), *coordinated])
    shown = {ident for ident, concertation in concertations.items() if policy.can_view_concertation(user, concertation)}
    named = people_named(user, [p.person for p in positions])
    seats = [
        SeatHeld(
            m,
            person_named=m.person is not None
            and policy.shows_identity(
                m.person, private_view=policy.can_view_concertation_private(user, m.seat.concertation)
            ),
        )
        for m in memberships
        if m.seat.concertation_id in shown
    ]
    position_views = [PositionView(p, named=p.person_id in named) for p in positions]
    can_edit = policy.can_edit_organization(user, organization)
    context = {
        "organization": organization,
        "breadcrumb": [Crumb(_("Organisations"), reverse("registry:organization_list"))],
        "territories": list(organization.territories_served.all()),
        "children": list(organization.children.all()),
        "current_positions": [view for view in position_views if view.position.is_current(today)],
        "past_positions": [view for view in position_views if not view.position.is_current(today)],
        "current_seats": [
            seat for seat in seats if seat.membership.end_date is None or seat.membership.end_date >= today
        ],
        "past_seats": [
            seat for seat in seats if seat.membership.end_date is not None and seat.membership.end_date < today
        ],
        "coordinated": visible(user, coordinated),
        "can_edit": can_edit,
        "history": history_entries(organization) if can_edit else None,
        # Services the organisation offers (public information; the directory app).
        "services": directory.organization_services(organization),
        "can_add_service": policy.can_create_service(user, organization),
        # The actions of plans it co-leads and what it contributes to them (arrimage.plans).
        **_plan_work(user, organization.pk),
        "open_follow_ups": open_follow_ups_section(user, organization=organization),
    }
    return context


def _plan_work(user: Any, organization_id: int) -> dict[str, Any]:
    """The actions the organisation co-leads and its contributions, leaving out the plans of private
    concertations this user may not see. Three queries at most, whatever their number."""
    actions = plan_selectors.organization_actions(organization_id)
    contributions = plan_selectors.organization_contributions(organization_id)
    plans = [item.objective.plan for item in actions] + [item.action.objective.plan for item in contributions]
    owners = {plan.owner_concertation.pk: plan.owner_concertation for plan in plans if plan.owner_concertation}
    shown = {concertation.pk for concertation in visible(user, owners.values())}

    def allowed(plan: Plan) -> bool:
        return plan.owner_concertation_id is None or plan.owner_concertation_id in shown

    return {
        "led_actions": [item for item in actions if allowed(item.objective.plan)],
        "plan_contributions": [item for item in contributions if allowed(item.action.objective.plan)],
    }
