"""Partial dates: `PartialDate.parse`, the forms' `parse_partial_date`, the API's `parse_partial`/`parse_day`."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from arrimage.api.common import parse_day, parse_partial
from arrimage.core.dates import PartialDate
from arrimage.registry.forms import PartialDateField, parse_partial_date

from .profiles import FUZZ
from .strategies import nasty_text

partial_dates = st.dates(min_value=dt.date(1, 1, 1)).flatmap(
    lambda day: st.sampled_from(
        [PartialDate(day.year), PartialDate(day.year, day.month), PartialDate(day.year, day.month, day.day)]
    )
)
date_like = st.one_of(
    nasty_text,
    st.from_regex(r"\A\s?\d{1,5}(-\d{1,3}(-\d{1,3})?)?\s?\Z"),
    st.from_regex(r"\A(\d{1,3}/)?\d{1,3}/\d{1,5}\Z"),
)


@FUZZ
@given(partial_dates)
def test_partial_date_round_trips_through_text(value: PartialDate) -> None:
    assert PartialDate.parse(value.isoformat()) == value
    assert parse_partial_date(value.isoformat()) == value
    assert value.first_day() <= value.last_day()
    assert PartialDate.from_stored(value.first_day(), value.precision) == value
    assert PartialDate.from_stored(value.last_day(), value.precision) == value
    with translation.override("fr"):
        assert str(value)


@FUZZ
@given(date_like)
def test_partial_date_parse_refuses_with_value_error_only(text: str) -> None:
    for parse in (PartialDate.parse, parse_partial_date):
        try:
            value = parse(text)
        except ValueError:
            continue
        assert PartialDate.parse(value.isoformat()) == value


@FUZZ
@given(date_like)
def test_partial_date_field_gives_a_french_message(text: str) -> None:
    field = PartialDateField(required=False)
    with translation.override("fr"):
        try:
            field.clean(text)
        except ValidationError as error:
            assert error.messages and all(message.strip() for message in error.messages)
            assert any(word in " ".join(error.messages) for word in ("date", "Date", "caractères"))


@FUZZ
@given(date_like)
def test_api_dates_refuse_on_their_field(text: str) -> None:
    for parse in (parse_partial, parse_day):
        try:
            parse(text, "start")
        except ValidationError as error:
            assert list(error.message_dict) == ["start"]


@pytest.mark.parametrize("text", ["2021-02-30", "2021-13", "2021-00", "0000", "15/13/2021"])
def test_impossible_dates_are_refused(text: str) -> None:
    with pytest.raises(ValueError):
        parse_partial_date(text)
