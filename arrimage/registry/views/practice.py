"""Pages of the practice notes (fiches de pratique): the searchable list, one note, its edit pages, and the
short « Practice notes » section that the pages of a territory, a concertation and a plan include
(`related_notes`, template `registry/practice/_related.html`).

Published notes are public. A note's contacts may hold personal contact details (Law 25): they are shown
only when `policy.can_view_note_contacts` allows. A link to a private concertation is shown only to those
who may see that concertation.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from arrimage.access import policy
from arrimage.concertation.models import Concertation
from arrimage.core.audit import history_entries
from arrimage.plans.models import Plan
from arrimage.practice import selectors, services
from arrimage.practice.models import PracticeNote, PracticeNoteQuerySet
from arrimage.territories.models import Territory

from ..forms_practice import ConfirmNoteForm, NoteFilterForm, NoteForm
from .common import Crumb, paginate
from .edit import FormPage, _back, _data, _form_page


def visible_notes(user: Any) -> PracticeNoteQuerySet:
    queryset: PracticeNoteQuerySet = policy.visible_notes(user, PracticeNote.objects.all())
    return queryset


# The section on related pages ----------------------------------------------------------------------


@dataclass(frozen=True)
class RelatedNotes:
    """What the « Practice notes » section of a territory's, a concertation's or a plan's page shows."""

    notes: list[PracticeNote]
    list_url: str
    create_url: str | None
    subject: str


def related_notes(
    user: Any, *, territory: Territory | None = None, concertation: Concertation | None = None, plan: Plan | None = None
) -> RelatedNotes:
    """The latest notes linked to the page's record that this user may see: one query (and, for a territory,
    one per level of the tree below it)."""
    base = visible_notes(user)
    create_url = reverse("registry:note_create") if policy.can_create_note(user) else None
    query: dict[str, Any]
    if concertation is not None:
        notes = selectors.notes_for_concertation(concertation, base=base)
        query, subject = {"concertation": concertation.pk}, concertation.name
        create_url = create_url and f"{create_url}?{urlencode(query)}"
    elif plan is not None:
        notes = selectors.notes_for_plan(plan, base=base)
        query, subject = {"plan": plan.pk}, plan.name
    elif territory is not None:
        notes = selectors.notes_for_territory(territory, base=base)
        query, subject = {"territoire": territory.public_id}, territory.name
    else:
        raise ValueError("related_notes needs a territory, a concertation or a plan")
    return RelatedNotes(notes, f"{reverse('registry:note_list')}?{urlencode(query)}", create_url, subject)


# The list ------------------------------------------------------------------------------------------


def note_list(request: HttpRequest) -> HttpResponse:
    form = NoteFilterForm(request.GET, user=request.user)
    context: dict[str, Any] = {"form": form, "results": None, "can_create": policy.can_create_note(request.user)}
    status = 200
    if form.is_valid():
        filters = form.filters()
        context["results"] = paginate(selectors.note_list(filters, base=visible_notes(request.user)), form.page_number)
        context["query_string"] = form.query_string()
        context["linked_to"] = filters.concertation or filters.plan
    else:
        status = 422
    template = "registry/practice/list.html"
    if request.htmx:  # type: ignore[attr-defined]
        template += "#results"
    return render(request, template, context, status=status)


# One note ------------------------------------------------------------------------------------------


def note_detail(request: HttpRequest, pk: int) -> HttpResponse:
    note = selectors.note_get(pk)
    user = request.user
    # A draft does not exist for those who may not edit it.
    if not policy.can_view_note(user, note):
        raise Http404(pk)
    can_edit = policy.can_edit_note(user, note)
    visible = {c.pk for c in policy.visible_concertations(user, Concertation.objects.filter(note_links(note)))}
    context = {
        "note": note,
        "breadcrumb": [Crumb(_("Practice notes"), reverse("registry:note_list"))],
        "territories": list(note.territories.all()),
        "themes": list(note.themes.all()),
        "concertations": [c for c in note.concertations.all() if c.pk in visible],
        "plans": [p for p in note.plans.all() if p.owner_concertation_id is None or p.owner_concertation_id in visible],
        "can_edit": can_edit,
        "show_contacts": bool(note.contacts) and policy.can_view_note_contacts(user, note),
        "history": history_entries(note) if can_edit else None,
    }
    return render(request, "registry/practice/detail.html", context)


def note_links(note: PracticeNote) -> Q:
    """The concertations a note's links name: those it is linked to and those owning its plans."""
    ids = {c.pk for c in note.concertations.all()} | {
        p.owner_concertation_id for p in note.plans.all() if p.owner_concertation_id is not None
    }
    return Q(pk__in=ids)


# Edit pages ----------------------------------------------------------------------------------------


def _note(pk: int) -> PracticeNote:
    return selectors.note_get(pk)


def _hidden_concertations(user: Any, note: PracticeNote) -> list[Concertation]:
    """The note's links to private concertations this user may not see: kept as they are on save."""
    return [c for c in note.concertations.all() if not policy.can_view_concertation(user, c)]


@login_required
def note_create(request: HttpRequest) -> HttpResponse:
    form = NoteForm(_data(request), initial=_preselected(request), user=request.user)

    def save() -> Any:
        return services.note_create(data=form.to_data(), acting_user=request.user)

    return _form_page(
        request,
        form,
        allowed=policy.can_create_note(request.user),
        save=save,
        success=_("The note was saved as a draft. Publish it when it is ready."),
        page=FormPage(
            title=_("New practice note"),
            submit=_("Save the draft"),
            cancel_url=_back(request, "registry:note_list"),
            intro=_(
                "A short note of what you learned in the field: the context, what was tried, what worked, "
                "what did not, and whom to ask. It stays a draft, seen only by you and the editors, until "
                "you publish it."
            ),
        ),
    )


def _preselected(request: HttpRequest) -> dict[str, Any]:
    """What a link from a concertation's or a plan's page preselects (ignored when unknown or hidden)."""
    initial: dict[str, Any] = {}
    number = request.GET.get("concertation", "")
    if number.isascii() and number.isdigit() and len(number) < 18:
        found = Concertation.objects.filter(pk=int(number)).first()
        if found is not None and policy.can_view_concertation(request.user, found):
            initial["concertations"] = [found]
    return initial


@login_required
def note_edit(request: HttpRequest, pk: int) -> HttpResponse:
    note = _note(pk)
    hidden = _hidden_concertations(request.user, note)
    form = NoteForm(_data(request), initial=NoteForm.initial_from(note, hidden_concertations=hidden), user=request.user)

    def save() -> Any:
        data = form.to_data()
        data.concertations = [*data.concertations, *hidden]
        return services.note_update(
            note=note, data=data, acting_user=request.user, expected_version=form.expected_version
        )

    return _form_page(
        request,
        form,
        allowed=policy.can_edit_note(request.user, note),
        save=save,
        success=_("The changes were saved."),
        page=FormPage(
            title=_("Edit « %(name)s »") % {"name": note.title},
            submit=_("Save the changes"),
            cancel_url=note.get_absolute_url(),
        ),
    )


@login_required
def note_publish(request: HttpRequest, pk: int) -> HttpResponse:
    note = _note(pk)
    publish = not note.is_published
    form = ConfirmNoteForm(_data(request), initial={"version": note.version})

    def save() -> Any:
        return services.note_publish(
            note=note, acting_user=request.user, publish=publish, expected_version=form.expected_version
        )

    if publish:
        page = FormPage(
            title=_("Publish « %(name)s »") % {"name": note.title},
            submit=_("Publish the note"),
            cancel_url=note.get_absolute_url(),
            intro=_("Everyone will be able to read the note, except its contacts, which stay private."),
        )
        success = _("The note is published.")
    else:
        page = FormPage(
            title=_("Take « %(name)s » back to a draft") % {"name": note.title},
            submit=_("Take back to a draft"),
            cancel_url=note.get_absolute_url(),
            intro=_("The note will no longer be public: only its author and the editors will see it."),
        )
        success = _("The note is a draft again.")
    return _form_page(
        request, form, allowed=policy.can_edit_note(request.user, note), save=save, success=success, page=page
    )


@login_required
def note_delete(request: HttpRequest, pk: int) -> HttpResponse:
    note = _note(pk)
    form = ConfirmNoteForm(_data(request), initial={"version": note.version})

    def save() -> Any:
        services.note_delete(note=note, acting_user=request.user)
        return Crumb("", reverse("registry:note_list"))

    return _form_page(
        request,
        form,
        allowed=policy.can_edit_note(request.user, note),
        save=save,
        success=_("The note was deleted."),
        page=FormPage(
            title=_("Delete « %(name)s »") % {"name": note.title},
            submit=_("Delete the note"),
            cancel_url=note.get_absolute_url(),
            intro=_("The note will be deleted for everyone. Its history keeps who deleted it and when."),
        ),
    )
