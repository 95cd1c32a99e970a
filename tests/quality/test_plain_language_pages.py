"""The site's own prose passes the plain-language check (`arrimage.glossary.plain`), on the demonstration data.

What is checked, and why (see docs/plain-language.md): pages are interfaces, not letters, so only their prose
is read — the paragraphs (`<p>`) and list items (`<li>`) of the main content of every public page reachable
anonymously from the home page (at most `PER_KIND` pages of each kind of address, `MAX_PAGES` in all).
Left out: the menu, breadcrumb and footer (`<nav>`, `<footer>`), headings (titles and names), tables and
definition lists (numbers and facts), forms, charts and maps, hidden text, and items under `MIN_WORDS` words
(labels, names, dates) or made of names separated by « · ». A link's text or an `<abbr>` stands as one
word: it names an organisation, a concertation or a term, which the text does not choose.

The rules: no sentence over 25 words (`glossary.plain.MAX_WORDS`); no acronym that is neither explained in
the text nor in the approved glossary (whose `<abbr>` explains it wherever it appears); and each page's
prose reads at least `MIN_SCORE` on Kandel and Moles's scale, the floor of « difficult »: interface prose
is full of long, exact words (« concertation », « organisme »), and names are left out, so a letter's target (60) would
judge the words of the field rather than the writing.

Texts already known to fail wait in `PENDING_REWRITES` (each a sentence's beginning) and acronyms in
`PENDING_GLOSSARY` (awaiting the glossary's terms): the list is the work to do, not a way around it — a
text that no longer fails must leave the list (the test says so), and no new text may join it silently.
"""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlsplit

import pytest
from django.db import transaction
from django.test import Client

from arrimage.demo.services import demo_load
from arrimage.glossary.plain import Kind, Severity, check
from arrimage.glossary.selectors import lexicon

pytestmark = pytest.mark.django_db

# Sentences of the interface over the limit, to be rewritten (see the proposals in docs/plain-language.md).
PENDING_REWRITES: tuple[str, ...] = ()
# Acronyms of the interface and the demonstration data that the glossary's terms will explain.
PENDING_GLOSSARY: frozenset[str] = frozenset()

MAX_PAGES = 60
PER_KIND = 2
MIN_WORDS = 4
MIN_SCORE = 30
SKIPPED_PREFIXES = ("/static/", "/media/", "/api/", "/admin/", "/compte/", "/i18n/", "/jobs/", "/taches/")
SKIPPED_ENDINGS = (".csv", ".xlsx", ".pdf", ".json", ".geojson", ".png", ".svg", ".zip")
SKIPPED_TAGS = frozenset(
    {"nav", "footer", "table", "dl", "form", "script", "style", "svg", "template", "select", "button", "figure",
     "h1", "h2", "h3", "h4", "h5", "h6", "noscript", "canvas", "caption", "header"}
)  # fmt: skip
UNITS = frozenset({"p", "li"})
PLACEHOLDERS = frozenset({"a", "abbr"})
VOID = frozenset({"br", "img", "input", "meta", "link", "hr", "source", "wbr", "col", "area"})


@dataclass
class _Unit:
    parts: list[str] = field(default_factory=list)


class ProseParser(HTMLParser):
    """The prose units of a page's `<main>`, each a string, links and `<abbr>` standing as one word."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.units: list[str] = []
        self._in_main = 0
        self._skipping = 0
        self._placeholder = 0
        self._stack: list[str] = []
        self._open: list[_Unit | None] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in VOID:
            if tag == "br" and self._open and self._open[-1] is not None and not self._skipping:
                self._open[-1].parts.append("\n")
            return
        values = dict(attrs)
        classes = (values.get("class") or "").split()
        hidden = "hidden" in values or values.get("aria-hidden") == "true" or "visually-hidden" in classes
        self._stack.append(tag)
        if tag == "main":
            self._in_main += 1
        skipping = self._skipping or tag in SKIPPED_TAGS or hidden
        if skipping:
            self._skipping += 1
        if tag in PLACEHOLDERS and not skipping:
            if not self._placeholder and self._open and self._open[-1] is not None:
                self._open[-1].parts.append(" Nom ")
            self._placeholder += 1
        self._open.append(_Unit() if tag in UNITS and self._in_main and not skipping else None)

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID or tag not in self._stack:
            return
        while self._stack:
            opened = self._stack.pop()
            unit = self._open.pop()
            if self._skipping:
                self._skipping -= 1
            elif opened in PLACEHOLDERS and self._placeholder:
                self._placeholder -= 1
            if unit is not None:
                text = " ".join("".join(unit.parts).split())
                if text:
                    self.units.append(text)
            if opened == "main":
                self._in_main -= 1
            if opened == tag:
                break

    def handle_data(self, data: str) -> None:
        if not self._in_main or self._skipping or self._placeholder:
            return
        for unit in reversed(self._open):
            if unit is not None:
                unit.parts.append(data)
                return


def prose(html: str) -> list[str]:
    parser = ProseParser()
    parser.feed(html)
    parser.close()
    return [
        unit
        for unit in parser.units
        if len(unit.split()) >= MIN_WORDS and re.search(r"[^\W\d_]", unit) and " · " not in unit
    ]


def _kind_of(path: str) -> str:
    return re.sub(r"\d+", "N", path)


def crawl(client: Client, start: str = "/") -> dict[str, str]:
    """Every public page reachable from `start` within the limits: path → HTML."""
    pages: dict[str, str] = {}
    seen = {start}
    kinds: dict[str, int] = {}
    queue = deque([start])
    while queue and len(pages) < MAX_PAGES:
        path = queue.popleft()
        response = client.get(path)
        if response.status_code != 200 or not response.get("Content-Type", "").startswith("text/html"):
            continue
        html = response.content.decode()
        pages[path] = html
        for href in re.findall(r'<a\s[^>]*href="([^"]+)"', html):
            target = urldefrag(href.replace("&amp;", "&"))[0]
            parts = urlsplit(target)
            if parts.scheme or parts.netloc or not parts.path.startswith("/") or parts.query:
                continue
            link = parts.path
            if link in seen or link.startswith(SKIPPED_PREFIXES) or link.endswith(SKIPPED_ENDINGS):
                continue
            if "export" in link or "/pdf" in link:
                continue
            seen.add(link)
            kind = _kind_of(link)
            if kinds.get(kind, 0) >= PER_KIND:
                continue
            kinds[kind] = kinds.get(kind, 0) + 1
            queue.append(link)
    return pages


@dataclass(frozen=True)
class PageResult:
    path: str
    units: list[str]
    score: float | None
    long_sentences: list[str]
    acronyms: list[str]


@pytest.fixture(scope="module")
def results(django_db_setup, django_db_blocker) -> list[PageResult]:
    """The demonstration data loaded once, the site crawled anonymously, each page's prose checked."""
    with django_db_blocker.unblock(), transaction.atomic():
        demo_load()
        entries = lexicon("fr")
        checked = []
        for path, html in crawl(Client(HTTP_ACCEPT_LANGUAGE="fr")).items():
            units = prose(html)
            report = check("\n\n".join(units), lexicon=entries, language="fr")
            text = "\n\n".join(units)
            checked.append(
                PageResult(
                    path=path,
                    units=units,
                    score=report.readability.score,
                    long_sentences=[
                        " ".join(text[finding.start : finding.end].split())
                        for finding in report.findings
                        if finding.kind is Kind.LONG_SENTENCE and finding.severity is Severity.PROBLEM
                    ],
                    acronyms=sorted(
                        {
                            finding.excerpt
                            for finding in report.findings
                            if finding.kind is Kind.ACRONYM and finding.entry is None
                        }
                    ),
                )
            )
        transaction.set_rollback(True)
    return checked


def test_the_crawl_reaches_the_public_pages(results: list[PageResult]) -> None:
    paths = [result.path for result in results]
    assert "/" in paths
    for prefix in ("/concertations/", "/organismes/", "/plans/", "/territoires/"):
        assert any(path.startswith(prefix) for path in paths), prefix
    assert any(result.units for result in results)


def test_no_sentence_is_too_long(results: list[PageResult]) -> None:
    found = {sentence for result in results for sentence in result.long_sentences}
    new = {
        result.path: [sentence for sentence in result.long_sentences if not sentence.startswith(PENDING_REWRITES)]
        for result in results
    }
    long = {sentence for sentences in new.values() for sentence in sentences}
    assert not long, "sentences over the limit:\n" + "\n".join(sorted(long))
    rewritten = [text for text in PENDING_REWRITES if not any(sentence.startswith(text) for sentence in found)]
    assert not rewritten, f"Rewritten or gone: remove from PENDING_REWRITES: {rewritten}"


def test_every_acronym_is_explained_or_in_the_glossary(results: list[PageResult]) -> None:
    unexplained = {
        result.path: sorted(set(result.acronyms) - PENDING_GLOSSARY)
        for result in results
        if set(result.acronyms) - PENDING_GLOSSARY
    }
    assert not unexplained, unexplained


def test_each_page_reads_easily_enough(results: list[PageResult]) -> None:
    hard = {result.path: result.score for result in results if result.score is not None and result.score < MIN_SCORE}
    assert not hard, hard
