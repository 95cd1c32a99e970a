"""The plain-language check: a coordinator pastes a text meant for citizens and sees what to change.
Open to visitors and signed-in users alike; nothing is stored. Checks are limited per address
(`ARRIMAGE_PLAIN_CHECK_RATE`, 30 a minute unless set), since each one reads a text of up to 100,000
characters."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from arrimage.core.ratelimit import RateLimit, client_ip
from arrimage.glossary import plain
from arrimage.glossary.selectors import lexicon

from ..forms_plain import PlainCheckForm

CHECKS = RateLimit(scope="plain-check", setting="ARRIMAGE_PLAIN_CHECK_RATE", default="30/min")
TEMPLATE = "registry/plain/check.html"
# The most findings highlighted and listed: past it, the page says how many more there are (the counts are
# complete). A long text full of acronyms would otherwise make a page of many megabytes.
MAX_SHOWN = 1000


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
    kinds = [(kind.value, label) for kind, label in plain.KIND_LABELS.items()]
    context: dict[str, object] = {"form": form, "report": report, "kinds": kinds}
    if report is not None:
        shown = report.findings[:MAX_SHOWN]
        context["marked"] = _marked(text, shown)
        context["findings"] = list(enumerate(shown))
        context["hidden"] = len(report.findings) - len(shown)
        context["target"] = plain.TARGET
    return context


def _marked(text: str, findings: tuple[plain.Finding, ...]) -> SafeString:
    """The text with its findings in `<mark>` elements (a class per kind, an anchor `constat-N` where the
    N-th finding starts, and a label for screen readers), escaped. Built here rather than in the template:
    a long text has thousands of pieces."""
    long_sentence = str(plain.KIND_LABELS[plain.Kind.LONG_SENTENCE])
    parts: list[str] = []
    for block in plain.highlight(text, findings):
        if block.sentence is not None:
            parts.append(
                format_html(
                    '<mark class="plain-mark plain-mark--long_sentence" id="constat-{}" tabindex="-1">'
                    '<span class="visually-hidden">[{}] </span>',
                    block.sentence,
                    long_sentence,
                )
            )
        for piece in block.pieces:
            if not piece.kinds:
                parts.append(escape(piece.text))
                continue
            classes = " ".join(["plain-mark", *(f"plain-mark--{kind}" for kind in piece.kinds)])
            anchor = format_html(' id="constat-{}" tabindex="-1"', piece.anchors[0]) if piece.anchors else ""
            more = format_html_join("", '<span id="constat-{}"></span>', ((index,) for index in piece.anchors[1:]))
            label = format_html('<span class="visually-hidden">[{}] </span>', piece.labels) if piece.labels else ""
            parts.append(format_html('<mark class="{}"{}>{}{}{}</mark>', classes, anchor, more, label, piece.text))
        if block.sentence is not None:
            parts.append("</mark>")
    return mark_safe("".join(parts))  # noqa: S308 - every piece above is escaped or built by format_html
