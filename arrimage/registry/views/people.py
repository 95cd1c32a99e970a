"""One page per person: complete for those the policy allows, a short public profile for a person who
consented to appear publicly, and no page at all otherwise."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from arrimage.access import policy
from arrimage.actors import selectors as actors
from arrimage.concertation import selectors as concertation_selectors
from arrimage.core import pagecache
from arrimage.core.audit import history_entries

from .common import prime_territories


def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    page = pagecache.page(request, "person", pk, query="", compute=lambda: _person_detail_context(request, pk))
    return render(request, "registry/person_detail.html", {"cached_page": page})


def _person_detail_context(request: HttpRequest, pk: int) -> dict[str, Any]:
    """What the page shows this visitor (computed only when the page is not cached)."""
    person = actors.person_get(pk)
    user = request.user
    full = policy.can_view_person(user, person)
    # Without consent, the page of a person does not exist for the public: not even their id is confirmed.
    if not full and not person.public_consent:
        raise Http404(pk)
    today = timezone.localdate()
    positions = actors.person_positions(person)
    memberships = concertation_selectors.person_memberships(person)
    prime_territories(user, (m.seat.concertation for m in memberships if not m.seat.concertation.is_public))
    memberships = [m for m in memberships if policy.can_view_concertation(user, m.seat.concertation)]
    if not full:
        # The public profile: current positions and seats at public concertations, nothing else.
        positions = [p for p in positions if p.is_current(today)]
        memberships = [m for m in memberships if m.is_current(today) and m.seat.concertation.is_public]
    can_edit = policy.can_edit_person(user, person)
    context = {
        "person": person,
        "full": full,
        "current_positions": [p for p in positions if p.end_date is None or p.end_date >= today],
        "past_positions": [p for p in positions if p.end_date is not None and p.end_date < today],
        "current_memberships": [m for m in memberships if m.end_date is None or m.end_date >= today],
        "past_memberships": [m for m in memberships if m.end_date is not None and m.end_date < today],
        "can_edit": can_edit,
        "can_view_handover": policy.can_view_handover(user, person),
        "consents": actors.person_consents(person) if full else [],
        "can_export": policy.can_export_person_data(user, person),
        "can_erase": policy.can_erase_person(user, person) and person.erased_on is None,
        # Old values may hold the private notes: the history is for those who may edit.
        "history": history_entries(person) if can_edit else None,
    }
    return context
