"""Writes of the glossary: propose, change, approve and refuse terms, and load the seeded lexicon.

Who may do what is decided by `arrimage.access.policy` (`can_propose_term`, `can_edit_term`,
`can_review_term`) in the pages and the API; these functions keep the rules of the data: one term per name
and per acronym whatever the accents and capitals, keys computed here, every write audited, nothing
half-written.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from arrimage.core.audit import audited_delete, audited_save
from arrimage.core.search import search_stems
from arrimage.core.text import search_key
from arrimage.core.versions import one_change

from .markup import may_hold_acronym
from .models import GlossarySector, SectorMeaning, Term, TermSource, TermStatus

SEED_FILE = Path(__file__).resolve().parent / "data" / "lexique.json"


@dataclass(frozen=True)
class TermData:
    """What a term holds. `meanings` maps a sector (`GlossarySector`) to its meaning in French and in English;
    `sources` lists (title, address); `related` the ids of related terms."""

    name: str
    definition: str
    acronym: str = ""
    name_en: str = ""
    definition_en: str = ""
    plain: str = ""
    plain_en: str = ""
    jargon: bool = False
    meanings: dict[str, tuple[str, str]] = field(default_factory=dict)
    sources: list[tuple[str, str]] = field(default_factory=list)
    related: list[int] = field(default_factory=list)


def term_keys(*, acronym: str, name: str, name_en: str = "") -> dict[str, str]:
    """The stored keys of a term: its folded acronym and name (unique among terms not refused) and what it
    is searched by (acronym, name and English name)."""
    searched = " ".join(part for part in (acronym, name, name_en) if part)
    return {
        "acronym_key": search_key(acronym),
        "name_key": search_key(name),
        "search_key": search_key(searched),
        "search_stems": search_stems(searched),
    }


def existing_duplicate(*, acronym: str, name: str, exclude: int | None = None) -> tuple[str, Term] | None:
    """The term (not refused) that already has this name or acronym, folded, with the field it clashes on."""
    name_key, acronym_key = search_key(name), search_key(acronym)
    clash = Q(name_key=name_key) | Q(acronym_key=name_key)
    if acronym_key:
        clash |= Q(acronym_key=acronym_key) | Q(name_key=acronym_key)
    others = Term.objects.exclude(status=TermStatus.REFUSED).filter(clash)
    if exclude is not None:
        others = others.exclude(pk=exclude)
    for other in others.order_by("pk")[:2]:
        if acronym_key and acronym_key in (other.acronym_key, other.name_key):
            return "acronym", other
        return "name", other
    return None


def _check(data: TermData, *, exclude: int | None = None) -> None:
    errors: dict[str, list[str]] = {}
    if not search_key(data.name):
        errors["name"] = [_("Give the term or the acronym's full form.")]
    if not data.definition.strip():
        errors["definition"] = [_("Give a plain-language definition.")]
    if data.acronym.strip() and not may_hold_acronym(data.acronym):
        errors["acronym"] = [_("An acronym holds at least two capital letters in one word (MRC, DSPu, StatCan).")]
    unknown = set(data.meanings) - set(GlossarySector.values)
    if unknown:
        errors["meanings"] = [_("Unknown sector: %(sectors)s.") % {"sectors": ", ".join(sorted(unknown))}]
    if "name" not in errors:
        found = existing_duplicate(acronym=data.acronym, name=data.name, exclude=exclude)
        if found is not None:
            where, other = found
            errors[where] = [
                _("This term already exists: %(term)s (%(url)s).")
                % {"term": str(other), "url": other.get_absolute_url()}
            ]
    if exclude is not None and exclude in data.related:
        errors["related"] = [_("A term cannot be related to itself.")]
    if errors:
        raise ValidationError(errors)


def _fill(term: Term, data: TermData) -> None:
    term.acronym = data.acronym.strip()
    term.name = data.name.strip()
    term.name_en = data.name_en.strip()
    term.definition = data.definition.strip()
    term.definition_en = data.definition_en.strip()
    term.plain = data.plain.strip()
    term.plain_en = data.plain_en.strip()
    term.jargon = data.jargon
    for key, value in term_keys(acronym=term.acronym, name=term.name, name_en=term.name_en).items():
        setattr(term, key, value)


def _write_parts(term: Term, data: TermData, *, acting_user: Any, reason: str) -> None:
    """Replace the term's meanings per sector, sources and related terms by those of `data`."""
    wanted = {sector: texts for sector, texts in data.meanings.items() if texts[0].strip()}
    for meaning in list(term.meanings.all()):
        if meaning.sector not in wanted:
            audited_delete(meaning, acting_user=acting_user, reason=reason)
            continue
        text, text_en = wanted.pop(meaning.sector)
        if (meaning.meaning, meaning.meaning_en) != (text.strip(), text_en.strip()):
            meaning.meaning, meaning.meaning_en = text.strip(), text_en.strip()
            audited_save(meaning, acting_user=acting_user, reason=reason)
    for sector, (text, text_en) in wanted.items():
        audited_save(
            SectorMeaning(term=term, sector=sector, meaning=text.strip(), meaning_en=text_en.strip()),
            acting_user=acting_user,
            reason=reason,
        )
    sources = [(title.strip(), url.strip()) for title, url in data.sources if title.strip()]
    current = [(source.title, source.url) for source in term.sources.all()]
    if current != sources:
        for source in list(term.sources.all()):
            audited_delete(source, acting_user=acting_user, reason=reason)
        for order, (title, url) in enumerate(sources):
            audited_save(
                TermSource(term=term, title=title, url=url, order=order), acting_user=acting_user, reason=reason
            )
    related = set(data.related) - {term.pk}
    if set(term.related.values_list("pk", flat=True)) != related:
        term._history_user = acting_user if getattr(acting_user, "is_authenticated", False) else None  # type: ignore[attr-defined]
        term.related.set(Term.objects.filter(pk__in=related))


def term_propose(*, data: TermData, acting_user: Any) -> Term:
    """Propose a new term: it waits for an editor's review and is not shown to the public before."""
    with transaction.atomic():
        _check(data)
        term = Term(status=TermStatus.PROPOSED, proposed_by=acting_user if acting_user.is_authenticated else None)
        _fill(term, data)
        audited_save(term, acting_user=acting_user, reason=_("Proposed"))
        _write_parts(term, data, acting_user=acting_user, reason=_("Proposed"))
    return term


def term_update(*, term: Term, data: TermData, acting_user: Any) -> Term:
    """Change a term's texts, meanings, sources and related terms; its status stays."""
    with transaction.atomic():
        term = Term.objects.select_for_update().get(pk=term.pk)
        _check(data, exclude=term.pk)
        _fill(term, data)
        audited_save(term, acting_user=acting_user, reason=_("Changed"))
        _write_parts(term, data, acting_user=acting_user, reason=_("Changed"))
    return term


def _review(term: Term, *, status: str, note: str, acting_user: Any, reason: str) -> Term:
    with transaction.atomic():
        term = Term.objects.select_for_update().get(pk=term.pk)
        if term.status != TermStatus.PROPOSED:
            raise ValidationError({"status": [_("Only a proposed term can be reviewed.")]})
        term.status = status
        term.review_note = note.strip()
        term.reviewed_by = acting_user if acting_user.is_authenticated else None
        term.reviewed_at = timezone.now()
        audited_save(term, acting_user=acting_user, reason=reason)
    return term


def term_approve(*, term: Term, acting_user: Any, note: str = "") -> Term:
    """Approve a proposed term: it is shown to everyone and explained wherever its acronym appears."""
    return _review(term, status=TermStatus.APPROVED, note=note, acting_user=acting_user, reason=_("Approved"))


def term_refuse(*, term: Term, acting_user: Any, note: str) -> Term:
    """Refuse a proposed term, saying why; its name and acronym become free again."""
    if not note.strip():
        raise ValidationError({"review_note": [_("Say why the term is refused.")]})
    return _review(term, status=TermStatus.REFUSED, note=note, acting_user=acting_user, reason=_("Refused"))


# The seeded lexicon -------------------------------------------------------------------------------


def seed_entries(path: Path = SEED_FILE) -> list[dict[str, Any]]:
    """The terms of the seed file, as written there (see `arrimage/glossary/data/lexique.json`)."""
    return list(json.loads(path.read_text(encoding="utf-8"))["terms"])


def seed_data(entry: dict[str, Any], related: list[int] | None = None) -> TermData:
    """One entry of the seed file as the services' data."""
    return TermData(
        acronym=entry.get("acronym", ""),
        name=entry["name"],
        name_en=entry.get("name_en", ""),
        definition=entry["definition"],
        definition_en=entry.get("definition_en", ""),
        plain=entry.get("plain", ""),
        plain_en=entry.get("plain_en", ""),
        jargon=bool(entry.get("jargon", False)),
        meanings={sector: (texts[0], texts[1]) for sector, texts in entry.get("meanings", {}).items()},
        sources=[(source[0], source[1]) for source in entry.get("sources", [])],
        related=related or [],
    )


def seed_label(entry: dict[str, Any]) -> str:
    """How other entries of the seed file name this one in their `related` list: its acronym, or its name."""
    return str(entry.get("acronym") or entry["name"])


def glossary_load(*, acting_user: Any = None, path: Path = SEED_FILE) -> int:
    """Load the seeded lexicon through the same rules as a proposal, each term approved; terms already
    present (by name or acronym) are left as they are. Returns the number of terms added."""
    entries = seed_entries(path)
    added: dict[str, Term] = {}
    with transaction.atomic(), one_change():
        for entry in entries:
            if existing_duplicate(acronym=entry.get("acronym", ""), name=entry["name"]) is not None:
                continue
            term = term_propose(data=seed_data(entry), acting_user=acting_user or _Nobody())
            term.status = TermStatus.APPROVED
            term.reviewed_at = timezone.now()
            audited_save(term, acting_user=acting_user, reason=_("Approved"))
            added[seed_label(entry)] = term
        known = {other.acronym or other.name: other.pk for other in Term.objects.exclude(status=TermStatus.REFUSED)}
        for entry in entries:
            new = added.get(seed_label(entry))
            wanted = [known[label] for label in entry.get("related", []) if label in known]
            if new is not None and wanted:
                new.related.add(*wanted)
    return len(added)


class _Nobody:
    """The author of a load run outside any session (a migration, a command)."""

    is_authenticated = False
    pk = None
