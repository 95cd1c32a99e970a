"""The plain-language check: a coordinator pastes a text meant for citizens and sees what to change.
Open to visitors and signed-in users alike; nothing is stored. Checks are limited per address
(`ARRIMAGE_PLAIN_CHECK_RATE`, 30 a minute unless set), since each one reads a text of up to 100,000
characters."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from arrimage.core.ratelimit import RateLimit, client_ip
from arrimage.glossary import plain
from arrimage.glossary.selectors import lexicon

from ..forms_plain import PlainCheckForm

CHECKS = RateLimit(scope="plain-check", setting="ARRIMAGE_PLAIN_CHECK_RATE", default="30/min")
TEMPLATE = "registry/plain/check.html"


def _ident(request: HttpRequest) -> str:
    user = request.user
    return f"user:{user.pk}" if user.is_authenticated else f"ip:{client_ip(request)}"


@require_http_methods(["GET", "POST"])
def plain_check(request: HttpRequest) -> HttpResponse:
    """The form, and after a POST the text's score, counts, highlighted text and findings."""
    if request.method != "POST":
        return render(request, TEMPLATE, _context(PlainCheckForm()))
    form = PlainCheckForm(request.POST)
    if not form.is_valid():
        return render(request, TEMPLATE, _context(form), status=422)
    wait = CHECKS.hit(_ident(request))
    if wait is not None:
        form.add_error(
            None, _("Too many checks in a short time: try again in %(seconds)s seconds.") % {"seconds": wait}
        )
        response = render(request, TEMPLATE, _context(form), status=429)
        response["Retry-After"] = str(wait)
        return response
    language = form.cleaned_data["language"]
    report = plain.check(form.cleaned_data["text"], lexicon=lexicon(language), language=language)
    return render(request, TEMPLATE, _context(form, report, form.cleaned_data["text"]))


def _context(form: PlainCheckForm, report: plain.Report | None = None, text: str = "") -> dict[str, object]:
    context: dict[str, object] = {
        "form": form,
        "report": report,
        "kinds": [(kind.value, label) for kind, label in plain.KIND_LABELS.items()],
    }
    if report is not None:
        context["blocks"] = plain.highlight(text, report.findings)
        context["findings"] = list(enumerate(report.findings))
        context["target"] = plain.TARGET
        context["max_chars"] = plain.MAX_CHARS
    return context
