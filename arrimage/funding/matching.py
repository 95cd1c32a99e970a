"""Which concertations and plan actions fit a funding programme, with the reasons for and against.

Pure: it reads plain data (built by `arrimage.funding.selectors` in a fixed number of queries, or by hand in
tests) and never the database. A candidate *fits* when nothing stands against it; the score orders the
candidates (each shared theme, a covered territory, each condition met adds to it; each reason against
takes from it), so that the best come first and those that nearly fit follow, with what they lack.

The rules, in the words people read them:
- themes: a programme on named themes fits candidates sharing at least one of them;
- territory: a programme for named territories fits candidates whose territory lies within one of them
  (a programme naming no territory is offered everywhere in Québec);
- concertation: a programme asking for a concertation fits concertations, and actions of a plan carried
  by a concertation;
- partnership: at least two organisations (the concertation's partners, the action's co-leaders and
  partners);
- plan: an adopted plan (in force) carried by the concertation, or the action's plan;
- eligibility: at least one organisation of the sectors and legal forms the programme accepts among the
  concertation's partners (or the action's co-leaders).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

THEME_POINTS = 2
TERRITORY_POINTS = 3
EVERYWHERE_POINTS = 1
CONDITION_POINTS = 1
ELIGIBLE_POINTS = 1
AGAINST_POINTS = 3


@dataclass(frozen=True)
class OrganizationFacts:
    id: int
    name: str
    sector: str
    legal_form: str = ""


@dataclass(frozen=True)
class ProgrammeFacts:
    id: int
    name: str
    theme_ids: frozenset[int] = frozenset()
    territory_ids: frozenset[int] = frozenset()  # empty: all of Québec
    sectors: frozenset[str] = frozenset()  # empty: any sector
    legal_forms: frozenset[str] = frozenset()  # empty: any legal form
    requires_concertation: bool = False
    requires_partnership: bool = False
    requires_plan: bool = False


@dataclass(frozen=True)
class CandidateFacts:
    """A concertation, or a plan action, as the matcher sees it.

    `around_ids` are the candidate's territories and every territory containing them (their MRC, région,
    the province). `organizations` are the concertation's partners, or the action's co-leaders;
    `partner_count` counts every organisation taking part (for an action, co-leaders and partners).
    `plan_adopted_on` is the date its plan was adopted (None: no plan in force), `plan_name` that plan.
    """

    kind: str  # "concertation" or "action"
    id: int
    name: str
    theme_ids: frozenset[int] = frozenset()
    territory_ids: frozenset[int] = frozenset()
    around_ids: frozenset[int] = frozenset()
    organizations: tuple[OrganizationFacts, ...] = ()
    partner_count: int = 0
    is_concertation: bool = True  # for an action: whether its plan is carried by a concertation
    has_plan: bool = False
    plan_adopted_on: dt.date | None = None
    plan_name: str = ""
    concertation_kind: str = ""
    is_public: bool = True
    extra: Mapping[str, object] = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True)
class Names:
    """The names the reasons use, and the labels of sectors and legal forms."""

    themes: Mapping[int, str] = field(default_factory=dict)
    territories: Mapping[int, str] = field(default_factory=dict)
    sectors: Mapping[str, str] = field(default_factory=dict)
    legal_forms: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Match:
    programme: ProgrammeFacts
    candidate: CandidateFacts
    score: int
    fits: bool
    reasons_for: tuple[str, ...]
    reasons_against: tuple[str, ...]


def _names(ids: Sequence[int] | frozenset[int], table: Mapping[int, str]) -> list[str]:
    return sorted((table.get(ident, str(ident)) for ident in ids), key=str.casefold)


def eligible(organization: OrganizationFacts, programme: ProgrammeFacts) -> bool:
    """Whether an organisation is of a sector and a legal form the programme accepts."""
    if programme.sectors and organization.sector not in programme.sectors:
        return False
    return not programme.legal_forms or organization.legal_form in programme.legal_forms


def _requirement(programme: ProgrammeFacts, names: Names) -> str:
    """What the programme asks of organisations, in a few words: « OBNL exigé »."""
    labels = [names.legal_forms.get(value, value) for value in sorted(programme.legal_forms)]
    labels += [names.sectors.get(value, value) for value in sorted(programme.sectors)]
    return ", ".join(labels)


def match(programme: ProgrammeFacts, candidate: CandidateFacts, names: Names) -> Match:
    """The score of `candidate` for `programme`, and the reasons for and against, in plain language."""
    score = 0
    pros: list[str] = []
    cons: list[str] = []

    # Themes.
    if programme.theme_ids:
        shared = programme.theme_ids & candidate.theme_ids
        if shared:
            score += THEME_POINTS * len(shared)
            pros.extend(_("Shared theme: %(theme)s") % {"theme": name} for name in _names(shared, names.themes))
        else:
            score -= AGAINST_POINTS
            cons.append(_("No theme in common with the programme"))

    # Territory.
    if not programme.territory_ids:
        score += EVERYWHERE_POINTS
        pros.append(_("The programme is offered everywhere in Québec"))
    else:
        covering = programme.territory_ids & candidate.around_ids
        if covering:
            score += TERRITORY_POINTS
            places = ", ".join(_names(covering, names.territories))
            pros.append(_("Territory covered: %(territories)s") % {"territories": places})
        else:
            score -= AGAINST_POINTS
            places = ", ".join(_names(programme.territory_ids, names.territories))
            cons.append(_("Territory not covered (the programme is for %(territories)s)") % {"territories": places})

    # A concertation.
    if programme.requires_concertation:
        if candidate.kind == "concertation":
            score += CONDITION_POINTS
            pros.append(_("Requires a concertation: this is one"))
        elif candidate.is_concertation:
            score += CONDITION_POINTS
            pros.append(_("Requires a concertation: the action's plan is carried by one"))
        else:
            score -= AGAINST_POINTS
            cons.append(_("Requires a concertation: the action's plan is not carried by one"))

    # A partnership.
    if programme.requires_partnership:
        if candidate.partner_count >= 2:
            score += CONDITION_POINTS
            pros.append(
                ngettext(
                    "Requires a partnership: %(count)d organisation takes part",
                    "Requires a partnership: %(count)d organisations take part",
                    candidate.partner_count,
                )
                % {"count": candidate.partner_count}
            )
        else:
            score -= AGAINST_POINTS
            cons.append(_("Requires a partnership: fewer than two organisations take part"))

    # An adopted plan.
    if programme.requires_plan:
        if candidate.plan_adopted_on is not None:
            score += CONDITION_POINTS
            day = formats.date_format(candidate.plan_adopted_on, "DATE_FORMAT")
            if candidate.concertation_kind == "demarche":
                pros.append(_("Requires an adopted plan: the démarche has one (adopted on %(date)s)") % {"date": day})
            elif candidate.kind == "concertation":
                pros.append(
                    _("Requires an adopted plan: the concertation has one (adopted on %(date)s)") % {"date": day}
                )
            else:
                pros.append(_("Requires an adopted plan: the action's plan was adopted on %(date)s") % {"date": day})
        elif candidate.has_plan:
            score -= AGAINST_POINTS
            cons.append(_("Requires an adopted plan: the plan is not adopted yet"))
        else:
            score -= AGAINST_POINTS
            cons.append(_("Requires an adopted plan: none is recorded"))

    # Eligible organisations.
    if programme.sectors or programme.legal_forms:
        fitting = sorted((o for o in candidate.organizations if eligible(o, programme)), key=lambda o: o.name)
        if fitting:
            score += ELIGIBLE_POINTS
            shown = ", ".join(organization.name for organization in fitting[:3])
            if len(fitting) > 3:
                shown += "…"
            pros.append(
                ngettext(
                    "%(count)d eligible organisation among the partners (%(names)s)",
                    "%(count)d eligible organisations among the partners (%(names)s)",
                    len(fitting),
                )
                % {"count": len(fitting), "names": shown}
            )
        else:
            score -= AGAINST_POINTS
            cons.append(
                _("No eligible organisation among the partners (%(requirement)s required)")
                % {"requirement": _requirement(programme, names)}
            )

    return Match(
        programme=programme,
        candidate=candidate,
        score=score,
        fits=not cons,
        reasons_for=tuple(pros),
        reasons_against=tuple(cons),
    )


def ranked(matches: Sequence[Match], *, by_programme: bool = False) -> list[Match]:
    """Those that fit first, then by score, then by name (of the candidate, or of the programme)."""

    def key(m: Match) -> tuple[bool, int, str, int]:
        if by_programme:
            return (not m.fits, -m.score, m.programme.name.casefold(), m.programme.id)
        return (not m.fits, -m.score, m.candidate.name.casefold(), m.candidate.id)

    return sorted(matches, key=key)


def matches_for(programme: ProgrammeFacts, candidates: Sequence[CandidateFacts], names: Names) -> list[Match]:
    """Every candidate matched to one programme, best first."""
    return ranked([match(programme, candidate, names) for candidate in candidates])


def programmes_for(programmes: Sequence[ProgrammeFacts], candidate: CandidateFacts, names: Names) -> list[Match]:
    """One candidate matched to every programme, best first."""
    return ranked([match(programme, candidate, names) for programme in programmes], by_programme=True)
