"""Reads of the analysis' own records: the pairs of concertations judged complementary."""

from __future__ import annotations

from collections.abc import Iterable

from .models import OverlapDecision


def complementary_pairs(concertation_ids: Iterable[int]) -> frozenset[frozenset[int]]:
    """The pairs (frozensets of two ids) judged complementary among these concertations, in one query:
    what `overlaps.overlap_candidates` leaves out."""
    ids = set(concertation_ids)
    if not ids:
        return frozenset()
    rows = OverlapDecision.objects.filter(first_id__in=ids).values_list("first_id", "second_id")
    return frozenset(frozenset(row) for row in rows if row[1] in ids)


def complementary_decisions(concertation_ids: Iterable[int]) -> list[OverlapDecision]:
    """The decisions about pairs of these concertations, newest first, with both concertations and the
    author loaded (one query), for display."""
    ids = set(concertation_ids)
    if not ids:
        return []
    rows = OverlapDecision.objects.filter(first_id__in=ids).select_related("first", "second", "decided_by")
    return [decision for decision in rows if decision.second_id in ids]
