"""What the analysis pages name and link: concertations, organisations and people, each with the link
to its page when the visitor may follow it, and the labels the sections share. The page
(`analysis.py`) and its sections (map, comparison, network, exports) all read them from here."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.urls import reverse

from arrimage.actors.models import Person
from arrimage.analysis.turnover import DAYS_PER_YEAR
from arrimage.concertation.models import Level

from .common import people_named

# The lower bound of each step of the coverage heat map: a cell gets the class of the last step its
# number of concertations reaches (`heat-0` for none, `heat-4` for five or more).
HEAT_STEPS = (0, 1, 2, 3, 5)


_PLACEHOLDER = 987654321


def url_maker(route: str) -> Callable[[int], str]:
    """A function giving the URL of `route` for an id: resolved once, then filled in (thousands of links
    per page, where `reverse` costs tens of microseconds each)."""
    template = reverse(route, args=[_PLACEHOLDER])
    marker = str(_PLACEHOLDER)
    return lambda ident: template.replace(marker, str(ident))


@dataclass(frozen=True)
class Named:
    """Something the page names, with the link to its page ("" when it has none or may not be linked)."""

    id: int
    name: str
    url: str = ""


def people_by_id(user: Any, ids: Iterable[int]) -> dict[int, Named | None]:
    """The people with these ids: named (with a link) when the user may see them, else None."""
    people = list(Person.objects.filter(pk__in=list(ids)).only("id", "given_name", "family_name", "public_consent"))
    named = people_named(user, people)
    return {
        person.pk: Named(person.pk, str(person), person.get_absolute_url()) if person.pk in named else None
        for person in people
    }


def heat(count: int) -> int:
    """The step of the heat map for a cell with `count` concertations (see `HEAT_STEPS`)."""
    return max(step for step, bound in enumerate(HEAT_STEPS) if count >= bound)


def years(days: float | None) -> float | None:
    return days / DAYS_PER_YEAR if days is not None else None


def level_label(level: str) -> str:
    return str(Level(level).label) if level in Level.values else level


def choice_label(choices: Any, value: Any) -> str:
    """The label of a value of these choices; the value itself when it is not one of them."""
    return str(choices(value).label) if value in choices.values else str(value or "")
