"""Reads of practice notes: one note with its links, the searchable list, and the few notes shown on the
pages of a territory, a concertation, a plan and in a person's handover dossier.

Every function here runs a fixed number of queries whatever the number of notes (the tests count them).
Who may see what is decided by `arrimage.access.policy` (`visible_notes`, `can_view_note`,
`can_view_note_contacts`, `visible_concertations`); callers pass the queryset the user may see as `base`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Prefetch, Q
from django.http import Http404

from arrimage.concertation.models import Concertation, Theme
from arrimage.plans.models import Plan
from arrimage.territories.models import Territory
from arrimage.territories.selectors import territory_ids_within

from .models import PracticeNote, PracticeNoteQuerySet

# How many notes a related page shows before linking to the whole list.
RELATED_LIMIT = 5

Territories = PracticeNote.territories.through
Concertations = PracticeNote.concertations.through
Plans = PracticeNote.plans.through
Themes = PracticeNote.themes.through


def note_get(pk: int) -> PracticeNote:
    """One note with its author, organisation, territories, themes, concertations and plans, in 5 queries.
    Http404 when unknown."""
    note = (
        PracticeNote.objects.select_related("author", "organization")
        .prefetch_related(
            Prefetch("territories", queryset=Territory.objects.without_geometry().order_by("kind", "name")),
            Prefetch("themes", queryset=Theme.objects.all()),
            Prefetch("concertations", queryset=Concertation.objects.order_by("name")),
            Prefetch("plans", queryset=Plan.objects.order_by("name")),
        )
        .filter(pk=pk)
        .first()
    )
    if note is None:
        raise Http404(pk)
    return note


@dataclass(frozen=True)
class NoteFilters:
    query: str = ""
    territory: Territory | None = None
    theme: Theme | None = None
    concertation: Concertation | None = None
    plan: Plan | None = None


def notes_matching(filters: NoteFilters, *, base: PracticeNoteQuerySet | None = None) -> PracticeNoteQuerySet:
    """Notes matching the filters (no ordering or loading of related rows: see `note_list`).

    `query` searches the notes' text in French (accents ignored, words as prefixes, French endings folded;
    never the contacts). `territory` includes the territories inside it: a région's list shows the notes
    of its MRCs and municipalities.
    """
    queryset = base if base is not None else PracticeNote.objects.all()
    if filters.query:
        queryset = queryset.matching(filters.query)
    if filters.territory is not None:
        ids = territory_ids_within({filters.territory.pk})
        queryset = queryset.filter(pk__in=Territories.objects.filter(territory_id__in=ids).values("practicenote_id"))
    if filters.theme is not None:
        queryset = queryset.filter(pk__in=Themes.objects.filter(theme_id=filters.theme.pk).values("practicenote_id"))
    if filters.concertation is not None:
        linked = Concertations.objects.filter(concertation_id=filters.concertation.pk)
        queryset = queryset.filter(pk__in=linked.values("practicenote_id"))
    if filters.plan is not None:
        queryset = queryset.filter(pk__in=Plans.objects.filter(plan_id=filters.plan.pk).values("practicenote_id"))
    return queryset


def note_list(filters: NoteFilters, *, base: PracticeNoteQuerySet | None = None) -> PracticeNoteQuerySet:
    """Notes matching the filters (`notes_matching`), most recently changed first, with their organisation
    and themes: a fixed number of queries per page."""
    return (
        notes_matching(filters, base=base)
        .select_related("organization")
        .prefetch_related(Prefetch("themes", queryset=Theme.objects.all()))
        .order_by("-updated_at", "-pk")
    )


def _related(queryset: PracticeNoteQuerySet, *, limit: int) -> list[PracticeNote]:
    """The notes a page lists under « Practice notes », in one query: the columns of a short entry only."""
    fields = ("pk", "title", "summary", "status", "language", "updated_at", "author_id")
    return list(queryset.only(*fields).order_by("-updated_at", "-pk")[:limit])


def notes_for_territory(
    territory: Territory, *, base: PracticeNoteQuerySet, limit: int = RELATED_LIMIT
) -> list[PracticeNote]:
    """The latest notes linked to this territory or one inside it (one query, after `territory_ids_within`
    climbs down the tree: one query per level)."""
    ids = territory_ids_within({territory.pk})
    linked = Territories.objects.filter(territory_id__in=ids).values("practicenote_id")
    return _related(base.filter(pk__in=linked), limit=limit)


def notes_for_concertation(
    concertation: Concertation, *, base: PracticeNoteQuerySet, limit: int = RELATED_LIMIT
) -> list[PracticeNote]:
    """The latest notes linked to this concertation, in one query."""
    linked = Concertations.objects.filter(concertation_id=concertation.pk).values("practicenote_id")
    return _related(base.filter(pk__in=linked), limit=limit)


def notes_for_plan(plan: Plan, *, base: PracticeNoteQuerySet, limit: int = RELATED_LIMIT) -> list[PracticeNote]:
    """The latest notes linked to this plan, in one query."""
    linked = Plans.objects.filter(plan_id=plan.pk).values("practicenote_id")
    return _related(base.filter(pk__in=linked), limit=limit)


def notes_for_handover(
    *,
    concertation_ids: Iterable[int],
    plan_ids: Iterable[int],
    author_id: int | None,
    base: PracticeNoteQuerySet,
    limit: int = 50,
) -> list[PracticeNote]:
    """The notes a person's successor should read: those linked to the concertations where the person
    sits, to the plans they work on, and those the person wrote. One query."""
    condition = Q(
        pk__in=Concertations.objects.filter(concertation_id__in=list(concertation_ids)).values("practicenote_id")
    )
    condition |= Q(pk__in=Plans.objects.filter(plan_id__in=list(plan_ids)).values("practicenote_id"))
    if author_id is not None:
        condition |= Q(author_id=author_id)
    return _related(base.filter(condition), limit=limit)
