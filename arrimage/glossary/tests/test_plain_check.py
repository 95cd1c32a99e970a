"""The plain-language check on hand-built texts and lexicons (`glossary.plain.check`)."""

import time
from collections.abc import Iterator
from typing import Any

import pytest
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from arrimage.glossary.lexicon import Entry
from arrimage.glossary.plain import MAX_CHARS, Kind, Severity, TextTooLong, check, highlight

MRC = Entry(
    acronym="MRC",
    name="municipalité régionale de comté",
    definition="Regroupement des municipalités d'un territoire.",
    plain="regroupement de municipalités",
    jargon=False,
    pk=1,
)
MADA = Entry(acronym="MADA", name="Municipalité amie des aînés", definition="…", plain="", jargon=False, pk=2)
CONCERTATION = Entry(
    acronym="", name="table de concertation", definition="…", plain="groupe de travail du quartier", jargon=True, pk=3
)
LEXICON = [MRC, MADA, CONCERTATION]


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    """The messages are English source strings; French is the catalogue's (checked in the page's tests)."""
    with translation.override("en"):
        yield


def _found(text: str, kind: Kind, **options: Any) -> list[str]:
    return [finding.excerpt for finding in check(text, lexicon=LEXICON, **options).findings if finding.kind is kind]


def test_an_acronym_of_the_lexicon_gets_its_full_form_and_plain_words() -> None:
    report = check("La MRC vous invite.", lexicon=LEXICON)
    [finding] = [finding for finding in report.findings if finding.kind is Kind.ACRONYM]
    assert (finding.start, finding.end, finding.entry) == (3, 6, MRC)
    assert finding.message == (
        "MRC: write « municipalité régionale de comté (MRC) » first, or « regroupement de municipalités »."
    )
    assert finding.severity is Severity.PROBLEM


def test_an_acronym_explained_in_parentheses_is_fine_from_there_on() -> None:
    assert _found("La municipalité régionale de comté (MRC) invite. La MRC paie.", Kind.ACRONYM) == []
    assert _found("Le CLSC (centre local de services communautaires) ouvre. Le CLSC ferme.", Kind.ACRONYM) == []
    # Used before its explanation: the first use is flagged.
    assert _found("La MRC invite. La municipalité régionale de comté (MRC) paie.", Kind.ACRONYM) == ["MRC"]


def test_unknown_capitals_are_acronyms_but_headings_and_numerals_are_not() -> None:
    assert _found("Le CIUSSS et le RDC-CN invitent. AVIS : chapitre IV.", Kind.ACRONYM) == ["CIUSSS", "RDC-CN"]
    assert _found("Une ORGANISATION en lettres capitales.", Kind.ACRONYM) == []


def test_every_unexplained_use_is_flagged() -> None:
    assert _found("La MADA avance. La MADA recule.", Kind.ACRONYM) == ["MADA", "MADA"]


def test_jargon_from_the_lexicon_and_the_built_in_list() -> None:
    text = "La table de concertation veut l'arrimage des parties prenantes et la mise en oeuvre des leviers."
    assert _found(text, Kind.JARGON) == [
        "table de concertation",
        "arrimage",
        "parties prenantes",
        "mise en oeuvre",
        "leviers",
    ]
    report = check(text, lexicon=LEXICON)
    first = report.findings[0]
    assert first.entry == CONCERTATION
    assert "groupe de travail du quartier" in first.message


def test_long_sentences_over_the_limit_and_near_it() -> None:
    long = " ".join(["mot"] * 26) + "."
    near = " ".join(["Mot"] * 22) + "."
    report = check(f"{long} {near} Court.", lexicon=LEXICON)
    sentences = [finding for finding in report.findings if finding.kind is Kind.LONG_SENTENCE]
    assert [(finding.severity, finding.start) for finding in sentences] == [
        (Severity.PROBLEM, 0),
        (Severity.ADVICE, len(long) + 1),
    ]
    assert "26 words" in sentences[0].message
    assert _found(long, Kind.LONG_SENTENCE, max_words=30, warn_words=30) == []


@pytest.mark.parametrize(
    ("text", "passive"),
    [
        ("Les citoyens sont invités à la soirée.", ["sont invités"]),
        ("Le plan a été adopté en mai.", ["été adopté"]),
        ("Le budget n'est pas encore prévu.", ["est pas encore prévu"]),
        ("La salle sera ouverte à 18 h.", ["sera ouverte"]),
        ("La table se voit confiée la tâche.", ["se voit confiée"]),
        ("Il est allé au parc.", []),  # a verb conjugated with « être »
        ("Elle est arrivée tôt.", []),
        ("Nous nous sommes réunis hier.", []),  # pronominal
        ("Le comité s'est engagé.", []),
        ("C'est une priorité.", []),
    ],
)
def test_passive_turns(text: str, passive: list[str]) -> None:
    assert _found(text, Kind.PASSIVE) == passive


def test_english_passives_and_nominalisations() -> None:
    text = "The plan was approved. The implementation of the evaluation is late."
    assert _found(text, Kind.PASSIVE, language="en") == ["was approved"]
    assert _found(text, Kind.NOMINALISATION, language="en") == ["implementation of the evaluation"]


@pytest.mark.parametrize(
    ("text", "chains"),
    [
        ("La planification du développement des services commence.", ["planification du développement"]),
        ("L'évaluation de la participation d'amélioration suit.", ["évaluation de la participation d'amélioration"]),
        ("La consolidation de l'engagement compte.", ["consolidation de l'engagement"]),
        ("La planification commence.", []),  # one noun alone is fine
        ("Le logement du moment.", []),  # everyday words
    ],
)
def test_noun_chains(text: str, chains: list[str]) -> None:
    assert _found(text, Kind.NOMINALISATION) == chains


def test_no_finding_twice_and_findings_in_text_order() -> None:
    text = "La MRC et la MRC. " + " ".join(["La mise en œuvre de la planification du déploiement"] * 4) + "."
    findings = check(text, lexicon=LEXICON).findings
    keys = [(finding.kind, finding.start, finding.end) for finding in findings]
    assert len(keys) == len(set(keys))
    assert [finding.start for finding in findings] == sorted(finding.start for finding in findings)


def test_an_acronym_that_is_also_jargon_is_reported_once() -> None:
    entry = Entry(acronym="PAC", name="PAC", definition="…", plain="plan d'action", jargon=True, pk=9)
    findings = check("Le PAC avance.", lexicon=[entry]).findings
    assert [(finding.kind, finding.excerpt) for finding in findings] == [(Kind.ACRONYM, "PAC")]


def test_empty_and_too_long_texts() -> None:
    report = check("")
    assert report.empty and report.findings == () and report.readability.score is None
    assert check("  …  ").empty
    with pytest.raises(TextTooLong) as refused:
        check("a" * (MAX_CHARS + 1))
    assert (refused.value.size, refused.value.limit) == (MAX_CHARS + 1, MAX_CHARS)


def test_counts_by_kind() -> None:
    report = check("La MRC et le CLSC sont invités.", lexicon=LEXICON)
    assert report.counts[Kind.ACRONYM] == 2
    assert report.counts[Kind.PASSIVE] == 1
    assert report.counts[Kind.JARGON] == 0


def test_highlight_covers_the_text_once_with_nested_findings() -> None:
    text = "Bonjour. " + " ".join(["La MRC est mobilisée pour la mise en œuvre du plan"] * 3) + ". Merci."
    report = check(text, lexicon=LEXICON)
    blocks = highlight(text, report.findings)
    assert "".join(piece.text for block in blocks for piece in block.pieces) == text
    anchors = [anchor for block in blocks for piece in block.pieces for anchor in piece.anchors]
    anchors += [block.sentence for block in blocks if block.sentence is not None]
    assert sorted(anchors) == list(range(len(report.findings)))
    long = [block for block in blocks if block.sentence is not None]
    assert len(long) == 1 and "".join(piece.text for piece in long[0].pieces).startswith("La MRC")


# Work that grows with the text ---------------------------------------------------------------------

SAMPLE = (
    "La MRC et le CLSC sont invités à la mise en œuvre de la planification du développement. "
    "M. Tremblay, p. ex., écrit à info@exemple.ca ; voir https://exemple.ca. "
    "- premier point\n- deuxième point\n\n"
)
NASTY = [
    "a" * 4000,
    "." * 4000,
    "(" * 4000,
    "« " * 2000,
    "MRC " * 1000,
    "est " * 1000,
    "de " * 1000,
    "planification " * 300,
    "A. " * 1300,
    "M. " * 1300,
    "\n- " * 1300,
    "http://" + "a" * 4000,
    "a@" * 2000,
    "MRC (" * 800,
]


def _seconds(text: str) -> float:
    best = float("inf")
    for _attempt in range(5):
        started = time.perf_counter()
        check(text, lexicon=LEXICON)
        best = min(best, time.perf_counter() - started)
    return best


@pytest.mark.parametrize("unit", [SAMPLE, *NASTY], ids=lambda unit: repr(unit[:12]))
def test_the_work_grows_linearly_with_the_text(unit: str) -> None:
    """Eight times the text takes about eight times as long (quadratic work would take 64 times, every
    time): the ratio of two sizes' best times, with a wide margin for a busy machine (the tests run in
    parallel), and the lowest of three measures, since a burst of load can only make a ratio larger."""
    small = (unit * (4000 // len(unit) + 1))[:4000]
    large = (unit * (32000 // len(unit) + 1))[:32000]
    ratios = []
    for _measure in range(3):
        ratios.append(_seconds(large) / max(_seconds(small), 1e-4))
        if ratios[-1] < 24:
            break
    assert min(ratios) < 24, ratios


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=300))
def test_any_text_gives_findings_inside_it(text: str) -> None:
    report = check(text, lexicon=LEXICON)
    for finding in report.findings:
        assert 0 <= finding.start < finding.end <= len(text)
        assert finding.message
    assert "".join(piece.text for block in highlight(text, report.findings) for piece in block.pieces) == text
