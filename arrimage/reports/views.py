"""The printable reports: each one a page, and the same page as a PDF download (see `pdf.py`).

A view checks who may read the report, asks its module for the data, and renders one template twice
over: inside the site's frame on screen (`reports/screen.html`), alone for print (`reports/print.html`).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from arrimage.access import policy
from arrimage.actors import selectors as actors
from arrimage.concertation import selectors as concertation_selectors
from arrimage.core import pagecache
from arrimage.core.pdf import pdf_response
from arrimage.jobs import downloads
from arrimage.jobs import services as jobs
from arrimage.registry.views.common import Crumb
from arrimage.territories.selectors import territory_ancestors, territory_get

from .annual import YearForm, annual_report
from .handover import handover_dossier
from .portrait import territory_portrait as portrait_of


def _respond(
    request: HttpRequest, template: str, context: dict[str, Any], *, pdf: bool, filename: str, status: int = 200
) -> HttpResponse:
    """The report as a page, or as a PDF named `filename` (in French, whatever the page's language)."""
    if pdf:
        return pdf_response(request, template, context, filename=filename)
    return render(request, template, {**context, "layout": "reports/screen.html"}, status=status)


def _cached(
    request: HttpRequest,
    template: str,
    compute: Callable[[], tuple[dict[str, Any], str]],
    *identity: Any,
    pdf: bool,
    pdf_label: Callable[[], str],
    query: str = "",
) -> HttpResponseBase:
    """A report that is the same for everyone of one audience (see `arrimage.core.pagecache`): its page's
    content, or its PDF's bytes, are computed only when they are not in the cache. With a task queue, a
    PDF not in the cache is drawn in the background (`pdf_label()` names the job, and raises Http404 when
    the report does not exist for this person)."""
    if pdf:

        def build() -> HttpResponseBase:
            context, filename = compute()
            return pdf_response(request, template, context, filename=filename)

        def later() -> HttpResponseBase | None:
            return downloads.later(request, label=pdf_label()) if jobs.background() else None

        return pagecache.response(request, f"{template}-pdf", *identity, query, build=build, later=later)
    page = pagecache.page(request, template, *identity, query=query, compute=lambda: compute()[0])
    return pagecache.render_page(request, template, page, extra={"layout": "reports/screen.html"})


def _with_query(url: str, request: HttpRequest) -> str:
    query = request.GET.urlencode()
    return f"{url}?{query}" if query else url


# Portrait of a territory ---------------------------------------------------------------------------


def territory_portrait(request: HttpRequest, public_id: str) -> HttpResponseBase:
    return _portrait(request, public_id, pdf=False)


def territory_portrait_pdf(request: HttpRequest, public_id: str) -> HttpResponseBase:
    return _portrait(request, public_id, pdf=True)


def _portrait(request: HttpRequest, public_id: str, *, pdf: bool) -> HttpResponseBase:
    template = "reports/territory_portrait.html"

    def label() -> str:
        return _("Portrait of %(name)s (PDF)") % {"name": territory_get(public_id).name}

    compute = functools.partial(_portrait_context, request, public_id)
    return _cached(request, template, compute, public_id, pdf=pdf, pdf_label=label)


def _portrait_context(request: HttpRequest, public_id: str) -> tuple[dict[str, Any], str]:
    territory = territory_get(public_id)
    on = timezone.localdate()
    title = _("Portrait of %(name)s") % {"name": territory.name}
    context = {
        "portrait": portrait_of(request.user, territory, on=on),
        "territory": territory,
        "report_title": title,
        "breadcrumb": [*territory_ancestors(territory), territory],
        "crumb": Crumb(_("Portrait"), request.path),
        "page_url": reverse("reports:territory_portrait", args=[public_id]),
        "pdf_url": reverse("reports:territory_portrait_pdf", args=[public_id]),
    }
    return context, f"portrait-{territory.name}-{on.isoformat()}"


# Annual report of a concertation -------------------------------------------------------------------


def concertation_annual(request: HttpRequest, pk: int) -> HttpResponseBase:
    return _annual(request, pk, pdf=False)


def concertation_annual_pdf(request: HttpRequest, pk: int) -> HttpResponseBase:
    return _annual(request, pk, pdf=True)


def _annual(request: HttpRequest, pk: int, *, pdf: bool) -> HttpResponseBase:
    query = pagecache.normalised_query([("annee", request.GET.get("annee", ""))])
    template = "reports/concertation_annual.html"

    def label() -> str:
        concertation = concertation_selectors.concertation_get(pk)
        if not policy.can_view_concertation(request.user, concertation):
            raise Http404(pk)
        return _("Annual report of %(name)s (PDF)") % {"name": concertation.name}

    compute = functools.partial(_annual_context, request, pk)
    return _cached(request, template, compute, pk, pdf=pdf, pdf_label=label, query=query)


def _annual_context(request: HttpRequest, pk: int) -> tuple[dict[str, Any], str]:
    concertation = concertation_selectors.concertation_get(pk)
    # A private concertation's report does not exist for those who may not see the concertation.
    if not policy.can_view_concertation(request.user, concertation):
        raise Http404(pk)
    form = YearForm(request.GET if "annee" in request.GET else None, today=timezone.localdate())
    year = form.year
    title = _("Annual report %(year)s of %(name)s") % {"year": year, "name": concertation.name}
    context = {
        "report": annual_report(request.user, concertation, year=year),
        "concertation": concertation,
        "form": form,
        "report_title": title,
        "breadcrumb": [Crumb(_("Concertations"), reverse("registry:concertation_list")), concertation],
        "crumb": Crumb(_("Annual report"), request.path),
        "page_url": _with_query(reverse("reports:concertation_annual", args=[pk]), request),
        "pdf_url": reverse("reports:concertation_annual_pdf", args=[pk]) + f"?annee={year}",
        "status": 200 if form.is_valid() or not form.is_bound else 422,
    }
    return context, f"rapport-annuel-{year}-{concertation.name}"


# Handover dossier of a person ----------------------------------------------------------------------


@login_required
def handover(request: HttpRequest, pk: int) -> HttpResponse:
    return _handover(request, pk, pdf=False)


@login_required
def handover_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    return _handover(request, pk, pdf=True)


def _handover(request: HttpRequest, pk: int, *, pdf: bool) -> HttpResponse:
    person = actors.person_get(pk)
    if not policy.can_view_handover(request.user, person):
        raise PermissionDenied
    on = timezone.localdate()
    title = _("Handover dossier of %(name)s") % {"name": person.full_name}
    context = {
        "dossier": handover_dossier(request.user, person, on=on),
        "person": person,
        "on": on,
        "report_title": title,
        "breadcrumb": [Crumb(person.full_name, person.get_absolute_url())],
        "crumb": Crumb(_("Handover dossier"), request.path),
        "page_url": reverse("reports:handover", args=[pk]),
        "pdf_url": reverse("reports:handover_pdf", args=[pk]),
    }
    filename = f"dossier-de-transition-{person.full_name}-{on.isoformat()}"
    return _respond(request, "reports/handover.html", context, pdf=pdf, filename=filename)
