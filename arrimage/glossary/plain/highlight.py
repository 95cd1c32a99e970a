"""The checked text cut into pieces for display, each piece carrying the findings that cover it.

Findings may overlap (a passive turn holding a jargon word, both inside a long sentence): the text is cut
at every start and end of a finding, so that each piece is covered by a fixed set of findings and the
markup nests properly. Long sentences never overlap one another and hold every other finding, so they
make the outer blocks."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from .check import KIND_LABELS, Finding, Kind


@dataclass(frozen=True)
class Piece:
    text: str
    kinds: tuple[Kind, ...]  # the kinds of the findings covering this piece
    anchors: tuple[int, ...]  # the findings (indexes in the report) that start here
    labels: str  # what a screen reader hears before the piece: the kinds starting here


@dataclass(frozen=True)
class Block:
    pieces: tuple[Piece, ...]
    sentence: int | None  # the long-sentence finding this block is, or None for text outside one


def highlight(text: str, findings: Sequence[Finding]) -> list[Block]:
    """`text` in blocks (long sentences, and the text between them) of pieces. Linear in the text and
    the findings, after sorting the findings' boundaries."""
    sentences = [index for index, finding in enumerate(findings) if finding.kind is Kind.LONG_SENTENCE]
    inner = [index for index, finding in enumerate(findings) if finding.kind is not Kind.LONG_SENTENCE]
    cuts = {0, len(text)}
    for finding in findings:
        cuts.update((finding.start, finding.end))
    points = sorted(cut for cut in cuts if 0 <= cut <= len(text))
    starts: dict[int, list[int]] = {}
    ends: dict[int, list[int]] = {}
    for index in inner:
        starts.setdefault(findings[index].start, []).append(index)
        ends.setdefault(findings[index].end, []).append(index)
    sentence_at = {findings[index].start: index for index in sentences}
    sentence_end = {findings[index].end for index in sentences}

    order = {kind: rank for rank, kind in enumerate(Kind)}
    names = {kind: str(label) for kind, label in KIND_LABELS.items()}
    blocks: list[Block] = []
    pieces: list[Piece] = []
    current: int | None = None
    active: dict[int, None] = {}
    for left, right in pairwise(points):
        for index in ends.get(left, ()):
            active.pop(index, None)
        if left in sentence_end and current is not None:
            blocks.append(Block(tuple(pieces), current))
            pieces, current = [], None
        if left in sentence_at:
            if pieces:
                blocks.append(Block(tuple(pieces), None))
            pieces, current = [], sentence_at[left]
        starting = starts.get(left, [])
        for index in starting:
            active[index] = None
        kinds = tuple(sorted({findings[index].kind for index in active}, key=order.__getitem__))
        labels = ", ".join(dict.fromkeys(names[findings[index].kind] for index in starting))
        pieces.append(Piece(text[left:right], kinds, tuple(starting), labels))
    if pieces:
        blocks.append(Block(tuple(pieces), current))
    return blocks
