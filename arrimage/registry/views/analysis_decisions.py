"""Judging two concertations of the overlap analysis complementary, and withdrawing that judgement.

A pair is judged from the « Possible overlaps » section of a territory's « Concertation » page: the link
carries the territory (`?territoire=region:03`), so that the form shows the reasons of the pair and
leads back to the section. A concertation the visitor may not see is never named: its pair is not found.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from arrimage.access import policy
from arrimage.analysis import services
from arrimage.analysis.models import OverlapDecision
from arrimage.analysis.results import Results, territory_results
from arrimage.analysis.selectors import complementary_decisions
from arrimage.concertation.models import Concertation
from arrimage.territories.models import Territory
from arrimage.territories.selectors import territory_get

from ..forms_decisions import ComplementaryForm, WithdrawForm

TERRITORY_PARAMETER = "territoire"
_PUBLIC_ID = re.compile(r"^[a-z_]+:[A-Za-z0-9_-]+$")


# On the « Concertation » page ---------------------------------------------------------------------


def decisions_context(
    user: Any, territory: Territory, results: Results, overlaps: list[dict[str, Any]]
) -> dict[str, Any]:
    """What the overlaps section adds for decisions: the link to judge each pair the user may judge, and
    the pairs of visible concertations already judged complementary, with who may withdraw them.

    One query for anonymous visitors; three for signed-in users (the decisions, the concertations the
    policy reads, their territories), plus the coverage of a territorial editor.
    """
    visible = {c.id for c in results.snapshot.concertations}
    decisions = complementary_decisions(visible)
    signed_in = bool(getattr(user, "is_authenticated", False))
    listed = [(row["first"].id, row["second"].id) for row in overlaps]
    decided = [(d.first_id, d.second_id) for d in decisions]
    judge = _judge(user, listed + decided) if signed_in else {}
    query = _query(territory)
    return {
        "overlaps": [
            {**row, "judge_url": _mark_url(*pair, query) if judge.get(pair) else ""}
            for row, pair in zip(overlaps, listed, strict=True)
        ],
        "overlaps_judged_here": any(judge.get(pair) for pair in listed),
        "complementary": [
            {
                "decision": d,
                "author": _author(d) if signed_in else _("a coordinator"),
                "withdraw_url": reverse("registry:overlap_withdraw", args=[d.pk]) + query if judge.get(pair) else "",
            }
            for d, pair in zip(decisions, decided, strict=True)
        ],
        "complementary_withdrawable": any(judge.get(pair) for pair in decided),
    }


def _judge(user: Any, pairs: list[tuple[int, int]]) -> dict[tuple[int, int], bool]:
    """Whether the user may judge each pair, the concertations loaded at once for the policy."""
    ids = {ident for pair in pairs for ident in pair}
    if not ids:
        return {}
    rows = {c.pk: c for c in Concertation.objects.filter(pk__in=ids).prefetch_related("territories")}
    return {
        (first, second): first in rows and second in rows and policy.can_judge_overlap(user, rows[first], rows[second])
        for first, second in pairs
    }


def _author(decision: OverlapDecision) -> str:
    if decision.decided_by is not None:
        return decision.decided_by.get_full_name() or decision.decided_by_name or _("a coordinator")
    return decision.decided_by_name or _("a coordinator")


def _query(territory: Territory | None) -> str:
    return "?" + urlencode({TERRITORY_PARAMETER: territory.public_id}, safe=":") if territory is not None else ""


def _mark_url(first: int, second: int, query: str) -> str:
    return reverse("registry:overlap_mark", args=[first, second]) + query


# The pages -----------------------------------------------------------------------------------------


def _territory(request: HttpRequest) -> Territory | None:
    """The territory whose page the visitor came from, or None when the address names none (or a wrong one)."""
    public_id = request.GET.get(TERRITORY_PARAMETER, "")
    if not _PUBLIC_ID.match(public_id):
        return None
    try:
        return territory_get(public_id)
    except Http404:
        return None


def _back(territory: Territory | None, fallback: Concertation) -> str:
    """The overlaps section of the territory's page, or else the first concertation's page."""
    if territory is None:
        return fallback.get_absolute_url()
    return reverse("registry:territory_analysis", args=[territory.public_id]) + "#overlaps-title"


def _visible(user: Any, *concertations: Concertation) -> None:
    """Not found, rather than refused, when a concertation is private to the user: it is never named."""
    if not all(policy.can_view_concertation(user, c) for c in concertations):
        raise Http404("concertation")


def _reasons(user: Any, territory: Territory | None, first: Concertation, second: Concertation) -> tuple[str, ...]:
    """Why the analysis paired them on this territory's page today (nothing when it does not)."""
    if territory is None:
        return ()
    results = territory_results(user, territory, on=timezone.localdate())
    pair = frozenset((first.pk, second.pk))
    return next((p.reasons for p in results.overlaps if p.ids == pair), ())


@login_required
def overlap_mark(request: HttpRequest, first: int, second: int) -> HttpResponse:
    """Show the pair and ask why it is complementary; record the decision."""
    if first == second:
        raise Http404("pair")
    pair = sorted(
        Concertation.objects.filter(pk__in=[first, second]).prefetch_related("territories"), key=lambda c: c.pk
    )
    if len(pair) != 2:
        raise Http404("concertation")
    one, other = pair
    _visible(request.user, one, other)
    if not policy.can_judge_overlap(request.user, one, other):
        raise PermissionDenied(_("You may not judge these two concertations."))
    territory = _territory(request)
    back = _back(territory, one)
    already = OverlapDecision.objects.filter(first=one, second=other).first()
    form = ComplementaryForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.overlap_complementary_mark(
                acting_user=request.user, first=one, second=other, note=form.cleaned_data["note"]
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(
                request,
                _(
                    "« %(first)s » and « %(second)s » were marked as complementary: "
                    "they are no longer listed as a possible overlap."
                )
                % {"first": one.name, "second": other.name},
            )
            return HttpResponseRedirect(back)
    status = 422 if form.is_bound and form.errors else 200
    context = {
        "form": form,
        "first": one,
        "second": other,
        "territory": territory,
        "reasons": _reasons(request.user, territory, one, other),
        "already": already,
        "back": back,
    }
    return render(request, "registry/analysis/overlap_mark.html", context, status=status)


@login_required
def overlap_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm, then withdraw a decision: the pair may appear again among the possible overlaps."""
    decision = get_object_or_404(OverlapDecision.objects.select_related("first", "second", "decided_by"), pk=pk)
    _visible(request.user, decision.first, decision.second)
    if not policy.can_judge_overlap(request.user, decision.first, decision.second):
        raise PermissionDenied(_("You may not judge these two concertations."))
    territory = _territory(request)
    back = _back(territory, decision.first)
    form = WithdrawForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        services.overlap_complementary_withdraw(
            acting_user=request.user, decision=decision, reason=form.cleaned_data["reason"]
        )
        messages.success(
            request,
            _("The decision was withdrawn: « %(first)s » and « %(second)s » may be listed again as a possible overlap.")
            % {"first": decision.first.name, "second": decision.second.name},
        )
        return HttpResponseRedirect(back)
    status = 422 if form.is_bound and form.errors else 200
    context = {"form": form, "decision": decision, "author": _author(decision), "back": back}
    return render(request, "registry/analysis/overlap_withdraw.html", context, status=status)
