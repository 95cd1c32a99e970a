"""Turning the text of a cell into a typed value: dates, yes/no, email addresses, territories, choices.

Pure functions: each returns the value or raises `CellValueError` with a message for the person who
sent the file; the importer adds the line and column and gathers them as `CellError`s. A territory is
resolved through a callable passed in (the importer gives one backed by the territory selectors), so
that this module never touches the database.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import translation
from django.utils.translation import gettext as _

from arrimage.core.dates import PartialDate
from arrimage.core.text import fold, search_words

T = TypeVar("T")


class CellValueError(ValueError):
    """A cell whose text cannot be read as the value its column expects."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class CellError:
    """A problem found in one cell of the file (or in a whole row when `column` is empty)."""

    line: int
    column: str
    message: str

    def __str__(self) -> str:
        if self.column:
            return _("Line %(line)s, column « %(column)s »: %(message)s") % {
                "line": self.line,
                "column": self.column,
                "message": self.message,
            }
        return _("Line %(line)s: %(message)s") % {"line": self.line, "message": self.message}


# Dates --------------------------------------------------------------------------------------------

# Excel counts days from 1899-12-30 (it believes 1900 was a leap year). Serial numbers are read as dates
# only from 10000 (1927-05-18) to 73415 (2100-12-31): a smaller number is more likely a year or a mistake.
_EXCEL_EPOCH = dt.date(1899, 12, 30)
_SERIAL_MIN, _SERIAL_MAX = 10_000, 73_415

MONTHS = {
    "janvier": 1, "janv": 1, "jan": 1, "january": 1,
    "fevrier": 2, "fevr": 2, "fev": 2, "february": 2, "feb": 2,
    "mars": 3, "march": 3, "mar": 3,
    "avril": 4, "avr": 4, "april": 4, "apr": 4,
    "mai": 5, "may": 5,
    "juin": 6, "june": 6, "jun": 6,
    "juillet": 7, "juil": 7, "july": 7, "jul": 7,
    "aout": 8, "august": 8, "aug": 8,
    "septembre": 9, "sept": 9, "sep": 9, "september": 9,
    "octobre": 10, "oct": 10, "october": 10,
    "novembre": 11, "nov": 11, "november": 11,
    "decembre": 12, "dec": 12, "december": 12,
}  # fmt: skip

_ISO = re.compile(r"^(\d{4})[-/.](\d{1,2})(?:[-/.](\d{1,2}))?(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$", re.ASCII)
_DAY_FIRST = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$", re.ASCII)
_MONTH_YEAR = re.compile(r"^(\d{1,2})[-/.](\d{4})$", re.ASCII)
_NUMBER = re.compile(r"^\d+(?:[.,]0+)?$", re.ASCII)
_WORDS = re.compile(r"^(?:(\d{1,2})(?:er)?\s+)?([a-z]+)\.?,?\s+(\d{4})$", re.ASCII)


def parse_date(value: Any) -> PartialDate | None:
    """A partial date from a cell: `2021-03-15`, `15/03/2021`, `15-03-2021`, `2021/03/15`, `mars 2021`,
    `15 mars 2021`, `March 2021`, `2021`, `03/2021`, an Excel serial number (44270 → 2021-03-15) or a
    date object. Empty gives None."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return PartialDate(value.year, value.month, value.day)
    text = " ".join(str(value or "").split())
    if not text:
        return None
    try:
        return _parse_date_text(text)
    except ValueError:
        raise CellValueError(
            _("« %(value)s » is not a date. Write it as 2021-03-15, 15/03/2021, mars 2021 or 2021.") % {"value": text}
        ) from None


def _parse_date_text(text: str) -> PartialDate:
    if _NUMBER.match(text):
        number = int(re.split(r"[.,]", text)[0])
        if len(text.split(".")[0].split(",")[0]) == 4:
            return PartialDate(number)
        if _SERIAL_MIN <= number <= _SERIAL_MAX:
            serial_day = _EXCEL_EPOCH + dt.timedelta(days=number)
            return PartialDate(serial_day.year, serial_day.month, serial_day.day)
        raise ValueError(text)
    if match := _ISO.match(text):
        year, month, day = (int(part) if part else None for part in match.groups())
        assert year is not None
        return PartialDate(year, month, day)
    if match := _DAY_FIRST.match(text):
        first, second, year = (int(part) for part in match.groups())
        if second > 12 >= first:  # 03/15/2021: an English export, month first
            first, second = second, first
        return PartialDate(year, second, first)
    if match := _MONTH_YEAR.match(text):
        return PartialDate(int(match.group(2)), int(match.group(1)))
    if match := _WORDS.match(fold(text)):
        day_text, month_name, year_text = match.groups()
        month = MONTHS.get(month_name)
        if month is None:
            raise ValueError(text)
        return PartialDate(int(year_text), month, int(day_text) if day_text else None)
    raise ValueError(text)


# Yes and no ---------------------------------------------------------------------------------------

TRUE_WORDS = {"oui", "o", "yes", "y", "x", "vrai", "true", "1", "v"}
FALSE_WORDS = {"non", "n", "no", "faux", "false", "0", "f"}


def parse_bool(value: Any) -> bool | None:
    """`oui`, `yes`, `x`, `vrai`, `1`… → True; `non`, `no`, `faux`, `0`… → False; empty → None."""
    if isinstance(value, bool):
        return value
    word = fold(" ".join(str(value or "").split())).rstrip(".")
    if not word:
        return None
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise CellValueError(_("« %(value)s » is neither yes nor no. Write « oui » or « non ».") % {"value": value})


# Email addresses ----------------------------------------------------------------------------------


def parse_email(value: Any) -> str:
    """An email address, lower-cased (`mailto:` and surrounding `< >` removed); empty gives ""."""
    text = str(value or "").strip()
    if text.lower().startswith("mailto:"):
        text = text[7:]
    text = text.strip("<> ").lower()
    if not text:
        return ""
    try:
        validate_email(text)
    except ValidationError:
        raise CellValueError(_("« %(value)s » is not a valid email address.") % {"value": value}) from None
    return text


# Choices ------------------------------------------------------------------------------------------


def choice_lookup(
    choices: Iterable[tuple[str, Any]], synonyms: Mapping[str, Iterable[str]] | None = None
) -> dict[str, str]:
    """A table from folded words to choice values: each value, its French and English labels, and the
    synonyms given (`{"community": ["communautaire", "OBNL"]}`)."""
    lookup: dict[str, str] = {}
    choices = list(choices)
    for language in ("en", "fr"):
        with translation.override(language):
            for value, label in choices:
                lookup[_key(str(label))] = value
    for value, _label in choices:
        lookup[_key(value)] = value
    for value, words in (synonyms or {}).items():
        for word in words:
            lookup[_key(word)] = value
    lookup.pop("", None)
    return lookup


def _key(text: str) -> str:
    return " ".join(search_words(text))


def parse_choice(value: Any, lookup: dict[str, str], *, labels: Sequence[str] = ()) -> str:
    """The choice value named by the cell, in French or English; empty gives ""."""
    key = _key(str(value or ""))
    if not key:
        return ""
    if key in lookup:
        return lookup[key]
    message = _("« %(value)s » is not one of the expected values.") % {"value": value}
    if labels:
        message = _("« %(value)s » is not one of the expected values: %(labels)s.") % {
            "value": value,
            "labels": ", ".join(labels),
        }
    raise CellValueError(message)


# Territories and lists ----------------------------------------------------------------------------

_LIST_SEPARATORS = re.compile(r"\s*[;|\n]\s*|\s*,\s+")


def split_list(value: Any) -> list[str]:
    """The items of a cell that lists several things, separated by « ; », « , », « | » or new lines."""
    return [item for item in (part.strip() for part in _LIST_SEPARATORS.split(str(value or ""))) if item]


def resolve_territory(value: str, resolver: Callable[[str], Sequence[T]], *, describe: Callable[[T], str] = str) -> T:
    """The one territory that `resolver` finds for a name, public id (`mrc:31`) or official code.

    `resolver` returns the territories whose name or code is exactly the text, best first.
    """
    text = " ".join(value.split())
    found = list(resolver(text))
    if not found:
        raise CellValueError(
            _("Unknown territory: « %(value)s ». Write its official name, or its code such as mrc:31.")
            % {"value": text}
        )
    if len(found) > 1:
        raise CellValueError(
            _("« %(value)s » names several territories (%(names)s). Write its code instead, such as mrc:31.")
            % {"value": text, "names": "; ".join(describe(item) for item in found[:4])}
        )
    return found[0]


# Names --------------------------------------------------------------------------------------------


def split_full_name(value: str) -> tuple[str, str]:
    """A given name and a family name from « Marie-Ève Tremblay » or « Tremblay, Marie-Ève »."""
    text = " ".join(value.split())
    if "," in text:
        family, _sep, given = text.partition(",")
        return given.strip(), family.strip()
    given, _sep, family = text.partition(" ")
    return given, family


def clean_text(value: Any) -> str:
    return " ".join(str(value or "").split())


# Documents ----------------------------------------------------------------------------------------


def nul_message(path: str) -> str:
    return _(
        "The file holds a null character (U+0000) at « %(path)s », which cannot be stored. Remove it and try again."
    ) % {"path": path.replace("\x00", "\\u0000")}
