"""The plain-language check of texts meant for citizens (see docs/plain-language.md). Pure: the standard
library, the glossary's `Entry` and Django's translation only; the caller passes the approved lexicon."""

from .check import (
    KIND_LABELS,
    MAX_CHARS,
    MAX_WORDS,
    Finding,
    Kind,
    Report,
    Severity,
    TextTooLong,
    check,
    empty_message,
    too_long_message,
)
from .highlight import Block, Piece, highlight
from .readability import LEVELS, TARGET, Level, Readability

__all__ = [
    "KIND_LABELS",
    "LEVELS",
    "MAX_CHARS",
    "MAX_WORDS",
    "TARGET",
    "Block",
    "Finding",
    "Kind",
    "Level",
    "Piece",
    "Readability",
    "Report",
    "Severity",
    "TextTooLong",
    "check",
    "empty_message",
    "highlight",
    "too_long_message",
]
