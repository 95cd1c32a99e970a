"""Writes of the analysis: the decisions people take about its findings. Views and the API call these."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from arrimage.access import policy
from arrimage.concertation.models import Concertation
from arrimage.core.audit import audited_delete, audited_save

from .models import OverlapDecision

MARK_REASON = "mark complementary"
WITHDRAW_REASON = "withdraw"


def overlap_complementary_mark(
    *, acting_user: Any, first: Concertation, second: Concertation, note: str
) -> OverlapDecision:
    """Record that two concertations paired by the overlap analysis are complementary, with why and by
    whom: the pair then leaves the list of possible overlaps.

    The pair is stored with the smaller id first, whatever the order given. Raises ValidationError for a
    concertation paired with itself, an empty note or a pair already judged; PermissionDenied when the
    user may not judge this pair (see `policy.can_judge_overlap`).
    """
    if first.pk == second.pk:
        raise ValidationError(_("A concertation cannot be paired with itself."))
    if first.pk > second.pk:
        first, second = second, first
    if not policy.can_judge_overlap(acting_user, first, second):
        raise PermissionDenied(_("You may not judge these two concertations."))
    note = note.strip()
    if not note:
        raise ValidationError({"note": _("Say why these two concertations are complementary.")})
    if OverlapDecision.objects.filter(first=first, second=second).exists():
        raise ValidationError(_("These two concertations were already judged complementary."))
    decision = OverlapDecision(
        first=first,
        second=second,
        note=note,
        decided_by=acting_user,
        decided_by_name=acting_user.get_full_name() if acting_user.is_authenticated else "",
    )
    try:
        with transaction.atomic():
            audited_save(decision, acting_user=acting_user, reason=MARK_REASON)
    except IntegrityError:  # judged by someone else at the same moment
        raise ValidationError(_("These two concertations were already judged complementary.")) from None
    return decision


def overlap_complementary_withdraw(*, acting_user: Any, decision: OverlapDecision, reason: str = "") -> None:
    """Withdraw a decision: the pair comes back among the possible overlaps. The history keeps the
    decision, who withdrew it and why. Raises PermissionDenied when the user may not judge this pair."""
    if not policy.can_judge_overlap(acting_user, decision.first, decision.second):
        raise PermissionDenied(_("You may not judge these two concertations."))
    with transaction.atomic():
        audited_delete(decision, acting_user=acting_user, reason=reason.strip() or WITHDRAW_REASON)
