"""Partial dates: « 2021 », « mars 2021 », « 15 mars 2021 », parsed, stored and shown at their precision."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from arrimage.core.dates import (
    DatePrecision,
    PartialDate,
    duration_in_days,
    earliest,
    latest,
    stored_end,
    stored_start,
)


@st.composite
def partial_dates(draw) -> PartialDate:
    """Any valid partial date, at any precision."""
    day = draw(st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)))
    precision = draw(st.sampled_from(list(DatePrecision)))
    if precision == DatePrecision.YEAR:
        return PartialDate(day.year)
    if precision == DatePrecision.MONTH:
        return PartialDate(day.year, day.month)
    return PartialDate(day.year, day.month, day.day)


class TestParse:
    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("2021", PartialDate(2021)),
            ("2021-03", PartialDate(2021, 3)),
            ("2021-3", PartialDate(2021, 3)),
            ("2021-03-15", PartialDate(2021, 3, 15)),
            (" 2021-03-15 ", PartialDate(2021, 3, 15)),
            ("2024-02-29", PartialDate(2024, 2, 29)),
        ],
    )
    def test_reads_a_year_a_month_or_a_day(self, text, expected):
        assert PartialDate.parse(text) == expected

    @pytest.mark.parametrize(
        "text",
        [
            "2021-02-30",
            "2023-02-29",
            "2021-13",
            "2021-00",
            "2021-03-00",
            "2021-04-31",
            "0000",
            "21",
            "2021/03/15",
            "15-03-2021",
            "mars 2021",
            "2021-03-15T10:00",
            "",
            "٢٠٢١",
        ],
    )
    def test_refuses_what_is_not_a_date(self, text):
        with pytest.raises(ValueError):
            PartialDate.parse(text)

    @pytest.mark.parametrize(
        ("year", "month", "day"), [(2021, 0, None), (2021, 3, 0), (2021, None, 5), (2021, 13, None)]
    )
    def test_refuses_impossible_parts(self, year, month, day):
        with pytest.raises(ValueError):
            PartialDate(year, month, day)

    @given(partial_dates())
    def test_isoformat_round_trip(self, value):
        assert PartialDate.parse(value.isoformat()) == value

    @given(partial_dates())
    def test_isoformat_has_the_precision_of_the_date(self, value):
        parts = {DatePrecision.YEAR: 1, DatePrecision.MONTH: 2, DatePrecision.DAY: 3}
        assert len(value.isoformat().split("-")) == parts[value.precision]


class TestPeriod:
    @pytest.mark.parametrize(
        ("value", "first", "last", "precision"),
        [
            (PartialDate(2021), dt.date(2021, 1, 1), dt.date(2021, 12, 31), DatePrecision.YEAR),
            (PartialDate(2021, 2), dt.date(2021, 2, 1), dt.date(2021, 2, 28), DatePrecision.MONTH),
            (PartialDate(2024, 2), dt.date(2024, 2, 1), dt.date(2024, 2, 29), DatePrecision.MONTH),
            (PartialDate(2021, 4), dt.date(2021, 4, 1), dt.date(2021, 4, 30), DatePrecision.MONTH),
            (PartialDate(2021, 3, 15), dt.date(2021, 3, 15), dt.date(2021, 3, 15), DatePrecision.DAY),
        ],
    )
    def test_first_and_last_day(self, value, first, last, precision):
        assert value.first_day() == first
        assert value.last_day() == last
        assert value.precision == precision

    @given(partial_dates())
    def test_the_period_contains_its_days(self, value):
        assert value.first_day() <= value.last_day()
        assert value.first_day().year == value.last_day().year == value.year

    @given(partial_dates())
    def test_stored_start_and_end_read_back_at_their_precision(self, value):
        start, start_precision = stored_start(value)
        end, end_precision = stored_end(value)
        assert start == value.first_day()
        assert end == value.last_day()
        assert PartialDate.from_stored(start, start_precision) == value
        assert PartialDate.from_stored(end, end_precision) == value
        assert earliest(end, end_precision) == value.first_day()
        assert latest(start, start_precision) == value.last_day()

    def test_an_unknown_date_is_stored_empty(self):
        assert stored_start(None) == (None, DatePrecision.DAY)
        assert stored_end(None) == (None, DatePrecision.DAY)
        assert earliest(None, "year") is None
        assert latest(None, "year") is None

    def test_duration_is_never_negative_and_runs_to_today(self):
        today = dt.date(2024, 1, 10)
        assert duration_in_days(dt.date(2024, 1, 1), dt.date(2024, 1, 5), today=today) == 4
        assert duration_in_days(dt.date(2024, 1, 1), None, today=today) == 9
        assert duration_in_days(dt.date(2024, 1, 20), None, today=today) == 0


class TestShown:
    @pytest.mark.parametrize(
        ("value", "french", "english"),
        [
            (PartialDate(2021), "2021", "2021"),
            (PartialDate(2021, 3), "mars 2021", "March 2021"),
            (PartialDate(2021, 3, 15), "15 mars 2021", "March 15, 2021"),
            (PartialDate(2021, 8, 1), "1er août 2021", "Aug. 1, 2021"),
        ],
    )
    def test_in_the_active_language(self, value, french, english):
        with translation.override("fr"):
            assert str(value) == french
        with translation.override("en"):
            assert str(value) == english


def test_the_first_of_the_month_reads_1er_in_french_only():
    import datetime as dt

    from django.template import Context, Template
    from django.utils import translation

    from arrimage.core.dates import PartialDate, long_date

    first, fifteenth = dt.date(2021, 3, 1), dt.date(2021, 3, 15)
    page = Template(
        '{{ first|date:"DATE_FORMAT" }} / {{ first|date }} / {{ first|date:"Y-m-d" }} / {{ fifteenth|date }}'
    )
    with translation.override("fr"):
        assert long_date(first) == "1er mars 2021"
        assert long_date(fifteenth) == "15 mars 2021"
        assert str(PartialDate(2021, 3, 1)) == "1er mars 2021"
        assert str(PartialDate(2021, 3)) == "mars 2021"
        assert page.render(Context({"first": first, "fifteenth": fifteenth})) == (
            "1er mars 2021 / 1er mars 2021 / 2021-03-01 / 15 mars 2021"
        )
    with translation.override("en"):
        assert long_date(first) == "March 1, 2021"
        assert "1er" not in page.render(Context({"first": first, "fifteenth": fifteenth}))
