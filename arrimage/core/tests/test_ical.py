"""The iCalendar feed's writer: read back by a small RFC 5545 reader, folding and escaping included."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from arrimage.core.ical import CANCELLED, PRODID, Event, calendar, escape, wrapped

STAMP = dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.UTC)


def unfolded(text: str) -> list[str]:
    """The content lines of `text`, unfolded (RFC 5545, 3.1)."""
    assert text.endswith("\r\n")
    lines: list[str] = []
    for raw in text[:-2].split("\r\n"):
        if raw.startswith(" "):
            lines[-1] += raw[1:]
        else:
            lines.append(raw)
    return lines


def unescaped(value: str) -> str:
    out, i = [], 0
    while i < len(value):
        if value[i] == "\\":
            nxt = value[i + 1]
            out.append("\n" if nxt in "nN" else nxt)
            i += 2
        else:
            out.append(value[i])
            i += 1
    return "".join(out)


def events_of(text: str) -> list[dict[str, str]]:
    found: list[dict[str, str]] = []
    current: dict[str, str] | None = None
    for line in unfolded(text):
        if line == "BEGIN:VEVENT":
            current = {}
        elif line == "END:VEVENT":
            assert current is not None
            found.append(current)
            current = None
        elif current is not None:
            name, _sep, value = line.partition(":")
            current[name] = value
    return found


def test_a_calendar_reads_back():
    event = Event(
        uid="programme-deadline-1@arrimage.test",
        day=dt.date(2026, 3, 15),
        summary="FQIS — Dépôt des demandes; volet 1, local",
        description="Note\\ sur deux\nlignes",
        url="https://arrimage.test/programmes/1/",
    )
    text = calendar([event], name="Échéances", stamp=STAMP)
    lines = unfolded(text)
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR"
    assert "VERSION:2.0" in lines and f"PRODID:{PRODID}" in lines
    (read,) = events_of(text)
    assert read["UID"] == event.uid
    assert read["DTSTAMP"] == "20260102T030405Z"
    assert read["DTSTART;VALUE=DATE"] == "20260315"
    assert read["DTEND;VALUE=DATE"] == "20260316"
    assert unescaped(read["SUMMARY"]) == event.summary
    assert unescaped(read["DESCRIPTION"]) == event.description
    assert read["URL"] == event.url


def test_commas_semicolons_and_backslashes_are_escaped():
    assert escape("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"


def test_every_line_ends_with_crlf_and_holds_at_most_75_octets():
    long = "Fonds québécois d'initiatives sociales — Alliance pour la solidarité " * 4
    text = calendar([Event(uid="u@x", day=dt.date(2026, 1, 1), summary=long)], name="É", stamp=STAMP)
    assert "\n" not in text.replace("\r\n", "")
    for line in text.split("\r\n")[:-1]:
        assert len(line.encode("utf-8")) <= 75
    assert unescaped(events_of(text)[0]["SUMMARY"]) == long


@given(st.text(alphabet=st.characters(codec="utf-8", exclude_characters="\r\n"), max_size=300))
def test_folding_keeps_the_text_and_never_splits_a_character(text: str):
    folded = wrapped(f"SUMMARY:{text}")
    pieces = folded[:-2].split("\r\n")
    assert all(len(piece.encode("utf-8")) <= 75 for piece in pieces)
    assert pieces[0] + "".join(piece[1:] for piece in pieces[1:]) == f"SUMMARY:{text}"
    folded.encode("utf-8")  # whole characters only


@given(st.text(max_size=200))
def test_escaping_reads_back(text: str):
    expected = text.replace("\r\n", "\n").replace("\r", "\n")
    assert unescaped(escape(text)) == expected


def test_a_timed_event_is_written_in_utc_with_its_place_and_status():
    montreal = dt.timezone(dt.timedelta(hours=-5))  # EST, as America/Montreal in December
    event = Event(
        uid="meeting-7@arrimage.test",
        starts_at=dt.datetime(2026, 12, 3, 13, 30, tzinfo=montreal),
        ends_at=dt.datetime(2026, 12, 3, 16, 0, tzinfo=montreal),
        summary="Rencontre régulière",
        location="Salle 2, 100 rue Principale; Beauport",
        status=CANCELLED,
        sequence=3,
    )
    (read,) = events_of(calendar([event], name="Rencontres", stamp=STAMP))
    assert read["DTSTART"] == "20261203T183000Z"
    assert read["DTEND"] == "20261203T210000Z"
    assert unescaped(read["LOCATION"]) == event.location
    assert read["STATUS"] == "CANCELLED" and read["SEQUENCE"] == "3" and read["TRANSP"] == "OPAQUE"
    assert "DTSTART;VALUE=DATE" not in read


def test_an_event_has_a_day_or_a_start_time_but_not_both():
    with pytest.raises(ValueError):
        Event(uid="u@x", summary="Rien")
    with pytest.raises(ValueError):
        Event(uid="u@x", summary="Les deux", day=dt.date(2026, 1, 1), starts_at=STAMP)


def test_no_line_break_reaches_a_uri_value():
    (read,) = events_of(
        calendar(
            [Event(uid="a\r\nb@x", day=dt.date(2026, 1, 1), summary="s", url="https://x/\r\nA:b")],
            name="n",
            stamp=STAMP,
        )
    )
    assert read["UID"] == "ab@x" and read["URL"] == "https://x/A:b"
