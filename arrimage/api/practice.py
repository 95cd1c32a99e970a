"""Practice notes (fiches de pratique) in the JSON API: the list with its search and filters, and one note.

Only published notes are served, to every caller: a draft is worked on in the pages. A note's contacts may
hold personal contact details (Québec's Law 25): they are never part of this output. A link to a private
concertation, or to a plan such a concertation owns, appears only to callers who may see it.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, Q
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from arrimage.access import policy
from arrimage.concertation.models import Concertation, Theme
from arrimage.plans.models import Plan
from arrimage.practice import selectors
from arrimage.practice.models import NoteLanguage, PracticeNote
from arrimage.territories.models import Territory

from .auth import OPTIONAL_SECURITY, optional_key
from .common import (
    TERRITORY_ID_PATTERN,
    ErrorOut,
    InvalidOut,
    PageOut,
    PageParams,
    Reference,
    caller,
    not_found,
    paginate,
    partial_end,
    partial_start,
    territory_filter,
)

router = Router(tags=["practice notes"])


class PracticeNoteOut(Schema):
    id: int
    title: str
    summary: str = Field(description="One or two sentences that say what the note teaches.")
    context: str
    tried: str = Field(description="What was tried.")
    worked: str = Field(description="What worked.")
    did_not_work: str = Field(description="What did not work.")
    language: NoteLanguage
    start: str | None = Field(description="Start of the period, at its precision (`2021`, `2021-03`…).")
    end: str | None = Field(description="End of the period, at its precision.")
    organization: Reference | None = Field(description="The organisation where the experience took place.")
    territories: list[str] = Field(description="Identifiers of the territories (`municipality:28065`…).")
    themes: list[str] = Field(description="Identifiers (slugs) of the themes, see `/themes`.")
    concertations: list[Reference] = Field(description="The concertations it is linked to that the caller may see.")
    plans: list[Reference] = Field(description="The plans it is linked to that the caller may see.")
    published_at: str | None = Field(description="When it was published (ISO 8601).")
    updated_at: str = Field(description="When it was last changed (ISO 8601).")


class PracticeNotePage(PageOut):
    results: list[PracticeNoteOut]


class PracticeNoteFilters(PageParams):
    q: str = Field(
        "",
        max_length=100,
        description="Words of the note (accents ignored, French endings folded, words as prefixes).",
    )
    territory: str | None = Field(
        None, pattern=TERRITORY_ID_PATTERN, description="Only notes about this territory or one inside it."
    )
    theme: str | None = Field(None, max_length=60, description="Only notes on this theme (its slug).")
    concertation: int | None = Field(None, ge=1, le=2**63 - 1, description="Only notes linked to this concertation.")
    plan: int | None = Field(None, ge=1, le=2**63 - 1, description="Only notes linked to this plan.")


def _notes(user: Any) -> Any:
    """Published notes with what their output reads: links to hidden concertations and plans left out."""
    concertations = policy.visible_concertations(user, Concertation.objects.all())
    plans = Plan.objects.filter(
        Q(owner_concertation__isnull=True) | Q(owner_concertation__in=concertations.values("pk"))
    ).only("pk", "name")
    return (
        PracticeNote.objects.published()
        .select_related("organization")
        .only(*(f.attname for f in PracticeNote._meta.concrete_fields if f.name != "contacts"), "organization__name")
        .prefetch_related(
            Prefetch("territories", queryset=Territory.objects.only("kind", "code").order_by("kind", "code")),
            Prefetch("themes", queryset=Theme.objects.only("slug").order_by("slug")),
            Prefetch(
                "concertations",
                queryset=Concertation.objects.filter(pk__in=concertations.values("pk")).only("pk", "name"),
            ),
            Prefetch("plans", queryset=plans.order_by("name")),
        )
    )


def _out(note: PracticeNote) -> dict[str, Any]:
    # The contacts are never read here: they may hold personal information.
    return {
        "id": note.pk,
        "title": note.title,
        "summary": note.summary,
        "context": note.context,
        "tried": note.tried,
        "worked": note.worked,
        "did_not_work": note.did_not_work,
        "language": note.language,
        "start": partial_start(note),
        "end": partial_end(note),
        "organization": {"id": note.organization.pk, "name": note.organization.name} if note.organization else None,
        "territories": [t.public_id for t in note.territories.all()],
        "themes": [theme.slug for theme in note.themes.all()],
        "concertations": [{"id": c.pk, "name": c.name} for c in note.concertations.all()],
        "plans": [{"id": p.pk, "name": p.name} for p in note.plans.all()],
        "published_at": note.published_at.isoformat() if note.published_at else None,
        "updated_at": note.updated_at.isoformat(),
    }


@router.get(
    "/practice-notes",
    response={200: PracticeNotePage, 422: InvalidOut},
    auth=optional_key,
    openapi_extra=OPTIONAL_SECURITY,
    url_name="practice_note_list",
)
def practice_note_list(request: HttpRequest, filters: Query[PracticeNoteFilters]) -> dict[str, Any]:
    """Published practice notes, most recently changed first, searched in French and filtered by
    territory (including the territories inside it), theme, concertation or plan. Contacts are never
    given."""
    user = caller(request)
    territory = territory_filter(filters.territory)
    theme = Theme.objects.filter(slug=filters.theme).first() if filters.theme else None
    concertation = plan = None
    if filters.concertation is not None:
        concertation = policy.visible_concertations(user, Concertation.objects.filter(pk=filters.concertation)).first()
    if filters.plan is not None:
        plan = Plan.objects.filter(pk=filters.plan).first()
    unknown = (filters.theme and theme is None) or (filters.concertation and concertation is None)
    if unknown or (filters.plan and plan is None):
        queryset = PracticeNote.objects.none()
    else:
        queryset = selectors.notes_matching(
            selectors.NoteFilters(
                query=filters.q, territory=territory, theme=theme, concertation=concertation, plan=plan
            ),
            base=_notes(user),
        )
    return paginate(request, queryset.order_by("-updated_at", "-pk"), filters, lambda rows: [_out(n) for n in rows])


@router.get(
    "/practice-notes/{int:pk}",
    response={200: PracticeNoteOut, 404: ErrorOut},
    auth=optional_key,
    openapi_extra=OPTIONAL_SECURITY,
    url_name="practice_note_detail",
)
def practice_note_detail(request: HttpRequest, pk: int) -> dict[str, Any]:
    """One published practice note, without its contacts."""
    note = _notes(caller(request)).filter(pk=pk).first()
    if note is None:
        raise not_found(_("No published practice note has the number %(id)s.") % {"id": pk})
    return _out(note)
