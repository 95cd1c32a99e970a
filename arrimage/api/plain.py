"""The plain-language check in the JSON API: a text meant for citizens in, its readability and what to
change out. Nothing is stored, but like every POST of the API it needs a personal API key (a POST with the
browser's session alone is refused, so that no other site can make a visitor's browser call it) and counts
towards the user's write limit (see `throttling`). Visitors without a key use the page `/lexique/verification/`."""

from __future__ import annotations

from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from arrimage.glossary import plain
from arrimage.glossary.selectors import lexicon

from . import errors
from .auth import required_key

router = Router(tags=["plain language"])


class PlainIn(Schema):
    text: str = Field(description="The text to check, up to 100,000 characters.")
    language: Literal["fr", "en"] = Field("fr", description="The text's language: French (default) or English.")


class FindingTermOut(Schema):
    acronym: str
    name: str = Field(description="The full form of the acronym, or the term itself.")
    definition: str
    plain: str = Field(description="Everyday words to use instead.")


class FindingOut(Schema):
    kind: plain.Kind
    severity: plain.Severity = Field(description="`problem`: to fix; `advice`: to review.")
    start: int = Field(description="Offset of the first character, counted in Unicode code points from 0.")
    end: int = Field(description="Offset just after the last character.")
    excerpt: str
    message: str = Field(description="What to change, in the caller's language.")
    term: FindingTermOut | None = Field(description="The glossary's term behind an acronym or jargon, if any.")


class PlainOut(Schema):
    language: str
    length: int = Field(description="Characters received.")
    score: float | None = Field(description="Reading ease from 0 (very hard) to 100 (very easy); null without words.")
    formula: str = Field(description="`kandel-moles` (French, 1958) or `flesch` (English, 1948).")
    level: str | None = Field(description="The score's band in plain words.")
    meaning: str | None = Field(description="What the band means for a reader.")
    target: int = Field(description="The score to reach with citizens.")
    words: int
    sentences: int
    syllables: int
    long_words: int = Field(description="Words of 7 letters or more.")
    words_per_sentence: float
    syllables_per_word: float
    long_word_share: float = Field(description="Share of long words, from 0 to 1.")
    max_words: int = Field(description="The most words a sentence should have.")
    counts: dict[str, int] = Field(description="Findings of each kind.")
    findings: list[FindingOut]


def _refusal(message: str) -> Status[dict[str, Any]]:
    status, body = errors.describe_service_error(ValidationError({"text": [message]}), write=False)
    return Status(status, body)


@router.post(
    "/plain-language/",
    response={200: PlainOut, 422: errors.InvalidOut},
    auth=required_key,
    openapi_extra={
        "responses": {
            "403": {
                "description": "Not given: every holder of a key may check a text (listed like every write's).",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}},
            }
        }
    },
    url_name="plain_language_check",
)
def plain_language_check(request: HttpRequest, payload: PlainIn) -> Status[dict[str, Any]]:
    """Check a text meant for citizens: unexplained acronyms, jargon (with the glossary's plain words),
    long sentences, passive and noun-heavy turns, each with its offsets and a message; and its readability
    (Kandel and Moles for French, Flesch for English). An empty text or one over 100,000 characters is
    refused (422) before any work."""
    text = payload.text
    if len(text) > plain.MAX_CHARS:
        return _refusal(plain.too_long_message(len(text)))
    if not text.strip():
        return _refusal(plain.empty_message())
    report = plain.check(text, lexicon=lexicon(payload.language), language=payload.language)
    readability = report.readability
    level = readability.level
    return Status(
        200,
        {
            "language": report.language,
            "length": report.length,
            "score": readability.score,
            "formula": readability.formula,
            "level": str(level.name) if level else None,
            "meaning": str(level.meaning) if level else None,
            "target": plain.TARGET,
            "words": readability.words,
            "sentences": readability.sentences,
            "syllables": readability.syllables,
            "long_words": readability.long_words,
            "words_per_sentence": round(readability.words_per_sentence, 2),
            "syllables_per_word": round(readability.syllables_per_word, 3),
            "long_word_share": round(readability.long_word_share, 3),
            "max_words": report.max_words,
            "counts": {str(kind): count for kind, count in report.counts.items()},
            "findings": [
                {
                    "kind": finding.kind,
                    "severity": finding.severity,
                    "start": finding.start,
                    "end": finding.end,
                    "excerpt": finding.excerpt,
                    "message": finding.message,
                    "term": (
                        {
                            "acronym": finding.entry.acronym,
                            "name": finding.entry.name,
                            "definition": finding.entry.definition,
                            "plain": finding.entry.plain,
                        }
                        if finding.entry
                        else None
                    ),
                }
                for finding in report.findings
            ],
        },
    )
