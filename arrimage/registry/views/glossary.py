"""The glossary's pages (lexique commun): the list with its search, letters and sectors; a term's page; the
proposal and edit forms; the review queue of editors."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from arrimage.access import policy
from arrimage.core.audit import history_entries
from arrimage.glossary import selectors, services
from arrimage.glossary.models import GlossarySector

from ..forms_glossary import ReviewForm, TermFilterForm, TermForm
from .edit import FormPage, _data, _form_page


def _english() -> bool:
    return (get_language() or "fr").startswith("en")


def term_list(request: HttpRequest) -> HttpResponse:
    form = TermFilterForm(request.GET or None)
    terms = None
    if form.is_valid() or not form.is_bound:
        data = form.cleaned_data if form.is_bound else {}
        terms = list(
            selectors.term_list(query=data.get("q", ""), sector=data.get("secteur", ""), letter=data.get("lettre", ""))
        )
    context = {
        "form": form,
        "terms": terms,
        "letters": selectors.LETTERS,
        "letter": form.cleaned_data.get("lettre", "") if form.is_bound and form.is_valid() else "",
        "english": _english(),
        "can_propose": policy.can_propose_term(request.user),
        "can_review": policy.can_review_term(request.user),
    }
    status = 422 if form.is_bound and form.errors else 200
    return render(request, "registry/glossary/list.html", context, status=status)


def term_detail(request: HttpRequest, pk: int) -> HttpResponse:
    term = selectors.term_get(pk)
    if not policy.can_view_term(request.user, term):
        raise Http404
    sectors = dict(GlossarySector.choices)
    can_review = policy.can_review_term(request.user)
    context = {
        "term": term,
        "english": _english(),
        "meanings": [(sectors[meaning.sector], meaning) for meaning in term.meanings.all()],
        "can_edit": policy.can_edit_term(request.user, term),
        "can_review": can_review and term.status == "proposed",
        "review_form": ReviewForm(),
        "history": history_entries(term) if can_review else None,
    }
    return render(request, "registry/glossary/detail.html", context)


@login_required
def term_propose(request: HttpRequest) -> HttpResponse:
    form = TermForm(_data(request))
    return _form_page(
        request,
        form,
        allowed=policy.can_propose_term(request.user),
        save=lambda: services.term_propose(data=form.to_data(), acting_user=request.user),
        success=_("The term was proposed. An editor will review it before it is shown to everyone."),
        page=FormPage(
            title=_("Propose a term"),
            submit=_("Propose the term"),
            cancel_url=reverse("registry:term_list"),
            intro=_("A word or an acronym of the field, explained in plain language for citizens."),
        ),
    )


@login_required
def term_edit(request: HttpRequest, pk: int) -> HttpResponse:
    term = selectors.term_get(pk)
    if not policy.can_view_term(request.user, term):
        raise Http404
    form = TermForm(_data(request), initial=TermForm.initial_from(term), term=term)
    return _form_page(
        request,
        form,
        allowed=policy.can_edit_term(request.user, term),
        save=lambda: services.term_update(term=term, data=form.to_data(), acting_user=request.user),
        success=_("The changes were saved."),
        page=FormPage(
            title=_("Edit the term « %(term)s »") % {"term": str(term)},
            submit=_("Save the changes"),
            cancel_url=term.get_absolute_url(),
        ),
    )


@login_required
def term_queue(request: HttpRequest) -> HttpResponse:
    if not policy.can_review_term(request.user):
        raise PermissionDenied(_("Only territorial editors and administrators review proposed terms."))
    context = {"terms": list(selectors.terms_to_review()), "review_form": ReviewForm()}
    return render(request, "registry/glossary/queue.html", context)


def _review(request: HttpRequest, pk: int, *, approve: bool) -> HttpResponse:
    if not policy.can_review_term(request.user):
        raise PermissionDenied(_("Only territorial editors and administrators review proposed terms."))
    term = selectors.term_get(pk)
    form = ReviewForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        if approve:
            services.term_approve(term=term, acting_user=request.user, note=note)
            messages.success(request, _("The term was approved."))
        else:
            services.term_refuse(term=term, acting_user=request.user, note=note)
            messages.success(request, _("The term was refused."))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return HttpResponseRedirect(reverse("registry:term_queue"))


@login_required
@require_POST
def term_approve(request: HttpRequest, pk: int) -> HttpResponse:
    return _review(request, pk, approve=True)


@login_required
@require_POST
def term_refuse(request: HttpRequest, pk: int) -> HttpResponse:
    return _review(request, pk, approve=False)
