"""An iCalendar feed (RFC 5545) of the programmes' deadlines, written by hand: a handful of properties
is all a calendar application needs to show them, and the rules that matter are few.

- Lines end with CRLF and are folded at 75 octets (a continuation line starts with one space), never in
  the middle of a UTF-8 character (section 3.1).
- In text values, backslashes, semicolons and commas are escaped, and line breaks written `\\n` (3.3.11).
- Each event has a stable UID (the same deadline keeps the same UID from one download to the next, so a
  subscribed calendar updates it instead of adding a copy), a DTSTAMP in UTC, and a whole-day DTSTART
  (`VALUE=DATE`) with the day after as DTEND.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

PRODID = "-//Arrimage//Échéances des programmes de financement//FR"
LIMIT = 75


@dataclass(frozen=True)
class Event:
    uid: str
    day: dt.date
    summary: str
    description: str = ""
    url: str = ""


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


def _stamp(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


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
        lines += [
            "BEGIN:VEVENT",
            f"UID:{event.uid}",
            f"DTSTAMP:{_stamp(stamp)}",
            f"DTSTART;VALUE=DATE:{event.day.strftime('%Y%m%d')}",
            f"DTEND;VALUE=DATE:{(event.day + dt.timedelta(days=1)).strftime('%Y%m%d')}",
            f"SUMMARY:{escape(event.summary)}",
        ]
        if event.description:
            lines.append(f"DESCRIPTION:{escape(event.description)}")
        if event.url:
            lines.append(f"URL:{event.url}")
        lines += ["TRANSP:TRANSPARENT", "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return "".join(wrapped(line) for line in lines)
