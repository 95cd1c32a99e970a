"""An iCalendar feed (RFC 5545), written by hand: a handful of properties is all a calendar application
needs to show the programmes' deadlines and the concertations' meetings, and the rules that matter are few.

- Lines end with CRLF and are folded at 75 octets (a continuation line starts with one space), never in
  the middle of a UTF-8 character (section 3.1).
- In text values, backslashes, semicolons and commas are escaped, and line breaks written `\\n` (3.3.11).
- Each event has a stable UID (the same deadline or meeting keeps the same UID from one download to the
  next, so a subscribed calendar updates it instead of adding a copy) and a DTSTAMP in UTC.
- A whole-day event (a deadline) has a DTSTART `VALUE=DATE` with the day after as DTEND, and does not
  block time (TRANSP:TRANSPARENT). A timed event (a meeting) has its DTSTART and DTEND in UTC (`…Z`), so
  that no time-zone definition is needed: the calendar application shows them in its reader's zone
  (America/Montreal for most). A cancelled event stays in the feed with STATUS:CANCELLED, so that
  subscribed calendars mark it instead of keeping it as planned.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

PRODID = "-//Arrimage//Arrimage//FR"
LIMIT = 75
CONFIRMED = "CONFIRMED"
CANCELLED = "CANCELLED"


@dataclass(frozen=True, kw_only=True)
class Event:
    """One event: whole-day when `day` is given, timed when `starts_at` (an aware datetime) is."""

    uid: str
    summary: str
    day: dt.date | None = None
    starts_at: dt.datetime | None = None
    ends_at: dt.datetime | None = None
    description: str = ""
    url: str = ""
    location: str = ""
    status: str = ""  # CONFIRMED or CANCELLED, or nothing said
    sequence: int | None = None  # raised at every change of the event, for calendars to take the new one

    def __post_init__(self) -> None:
        if (self.day is None) == (self.starts_at is None):
            raise ValueError("An event has either a day or a start time.")


def escape(text: str) -> str:
    """A TEXT value: backslash, semicolon and comma escaped, line breaks as `\\n`."""
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return text.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def wrapped(line: str) -> str:
    """One content line folded at 75 octets, with CRLF after each piece."""
    pieces: list[str] = []
    current = ""
    size = 0
    for char in line:
        width = len(char.encode("utf-8"))
        # The first piece holds 75 octets; the next ones 74 after their leading space.
        room = LIMIT if not pieces else LIMIT - 1
        if size + width > room:
            pieces.append(current)
            current, size = "", 0
        current += char
        size += width
    pieces.append(current)
    return "\r\n ".join(pieces) + "\r\n"


def utc(moment: dt.datetime) -> str:
    """An aware datetime as a UTC DATE-TIME value (`20260102T030405Z`)."""
    return moment.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def _uri(value: str) -> str:
    """A URI value: no line break may reach the feed."""
    return "".join(value.split())


def _event_lines(event: Event, stamp: dt.datetime) -> list[str]:
    lines = ["BEGIN:VEVENT", f"UID:{_uri(event.uid)}", f"DTSTAMP:{utc(stamp)}"]
    if event.day is not None:
        lines += [
            f"DTSTART;VALUE=DATE:{event.day.strftime('%Y%m%d')}",
            f"DTEND;VALUE=DATE:{(event.day + dt.timedelta(days=1)).strftime('%Y%m%d')}",
        ]
    else:
        assert event.starts_at is not None
        lines.append(f"DTSTART:{utc(event.starts_at)}")
        if event.ends_at is not None:
            lines.append(f"DTEND:{utc(event.ends_at)}")
    if event.sequence is not None:
        lines.append(f"SEQUENCE:{event.sequence}")
    lines.append(f"SUMMARY:{escape(event.summary)}")
    if event.description:
        lines.append(f"DESCRIPTION:{escape(event.description)}")
    if event.location:
        lines.append(f"LOCATION:{escape(event.location)}")
    if event.url:
        lines.append(f"URL:{_uri(event.url)}")
    if event.status:
        lines.append(f"STATUS:{event.status}")
    lines += [f"TRANSP:{'TRANSPARENT' if event.day is not None else 'OPAQUE'}", "END:VEVENT"]
    return lines


def calendar(events: Iterable[Event], *, name: str, stamp: dt.datetime) -> str:
    """The whole calendar, as text (to send encoded in UTF-8)."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape(name)}",
    ]
    for event in events:
        lines += _event_lines(event, stamp)
    lines.append("END:VCALENDAR")
    return "".join(wrapped(line) for line in lines)
