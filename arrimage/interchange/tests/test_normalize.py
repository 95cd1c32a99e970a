"""Cell values read as dates, yes/no, email addresses, choices and territories."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from arrimage.actors.models import Sector
from arrimage.core.dates import PartialDate
from arrimage.interchange.normalize import (
    CellError,
    CellValueError,
    choice_lookup,
    parse_bool,
    parse_choice,
    parse_date,
    parse_email,
    resolve_territory,
    split_full_name,
    split_list,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2021-03-15", PartialDate(2021, 3, 15)),
        ("15/03/2021", PartialDate(2021, 3, 15)),
        ("15-03-2021", PartialDate(2021, 3, 15)),
        ("2021/03/15", PartialDate(2021, 3, 15)),
        ("03/15/2021", PartialDate(2021, 3, 15)),
        ("mars 2021", PartialDate(2021, 3)),
        ("Mars 2021", PartialDate(2021, 3)),
        ("1er mars 2021", PartialDate(2021, 3, 1)),
        ("15 mars 2021", PartialDate(2021, 3, 15)),
        ("févr. 2020", PartialDate(2020, 2)),
        ("March 2021", PartialDate(2021, 3)),
        ("2021", PartialDate(2021)),
        ("03/2021", PartialDate(2021, 3)),
        ("2021-03", PartialDate(2021, 3)),
        ("44270", PartialDate(2021, 3, 15)),
        ("44270.0", PartialDate(2021, 3, 15)),
        ("2021-03-15 00:00", PartialDate(2021, 3, 15)),
        (dt.datetime(2021, 3, 15, 0, 0), PartialDate(2021, 3, 15)),
        (dt.date(2021, 3, 15), PartialDate(2021, 3, 15)),
        ("", None),
        ("  ", None),
    ],
)
def test_dates(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["31/02/2021", "hier", "13/13/2021", "500", "99999999", "2021-13", "truc 2021"])
def test_invalid_dates_say_how_to_write_them(text):
    with pytest.raises(CellValueError) as caught:
        parse_date(text)
    assert text in caught.value.message
    assert "2021-03-15" in caught.value.message


@given(st.dates(min_value=dt.date(1928, 1, 1), max_value=dt.date(2100, 12, 31)))
def test_every_date_reads_back_in_every_format(day):
    expected = PartialDate(day.year, day.month, day.day)
    assert parse_date(day.isoformat()) == expected
    assert parse_date(day.strftime("%d/%m/%Y")) == expected
    assert parse_date(day.strftime("%Y/%m/%d")) == expected
    assert parse_date(str((day - dt.date(1899, 12, 30)).days)) == expected  # Excel's serial number
    assert parse_date(f"{day.month:02d}/{day.year}") == PartialDate(day.year, day.month)


@given(st.text(max_size=30))
def test_dates_never_fail_otherwise_than_with_a_message(text):
    try:
        result = parse_date(text)
    except CellValueError as error:
        assert error.message
    else:
        assert result is None or isinstance(result, PartialDate)


@pytest.mark.parametrize("text", ["oui", "Oui", "OUI", "yes", "x", "X", "vrai", "1", "true", "o"])
def test_yes(text):
    assert parse_bool(text) is True


@pytest.mark.parametrize("text", ["non", "Non", "no", "faux", "0", "false", "n"])
def test_no(text):
    assert parse_bool(text) is False


def test_empty_and_unknown_yes_no():
    assert parse_bool("") is None
    with pytest.raises(CellValueError) as caught:
        parse_bool("peut-être")
    assert "peut-être" in caught.value.message


@given(st.text(max_size=20))
def test_yes_no_gives_a_bool_none_or_a_message(text):
    try:
        assert parse_bool(text) in (True, False, None)
    except CellValueError as error:
        assert error.message


def test_emails_are_lowercased_and_checked():
    assert parse_email(" Marie.Tremblay@Example.ORG ") == "marie.tremblay@example.org"
    assert parse_email("mailto:luc@example.org") == "luc@example.org"
    assert parse_email("") == ""
    with pytest.raises(CellValueError) as caught:
        parse_email("marie at example")
    assert "marie at example" in caught.value.message


def test_choices_in_french_english_or_synonyms():
    lookup = choice_lookup(Sector.choices, {"community": ["OBNL"]})
    assert parse_choice("Communautaire", lookup) == "community"
    assert parse_choice("community", lookup) == "community"
    assert parse_choice("Santé et services sociaux", lookup) == "health"
    assert parse_choice("Health and social services", lookup) == "health"
    assert parse_choice("obnl", lookup) == "community"
    assert parse_choice("", lookup) == ""
    with pytest.raises(CellValueError) as caught:
        parse_choice("Aérospatiale", lookup, labels=["Communautaire"])
    assert "Aérospatiale" in caught.value.message and "Communautaire" in caught.value.message


def test_territories_through_a_resolver():
    places = {"rimouski": ["municipality:10043"], "quebec": ["region:03", "municipality:23027"]}

    def resolver(text):
        return places.get(text.lower().replace("é", "e"), [])

    assert resolve_territory("Rimouski", resolver) == "municipality:10043"
    with pytest.raises(CellValueError) as unknown:
        resolve_territory("Atlantide", resolver)
    assert "Atlantide" in unknown.value.message
    with pytest.raises(CellValueError) as several:
        resolve_territory("Québec", resolver)
    assert "region:03" in several.value.message


def test_lists_and_names():
    assert split_list("Rimouski; Matane | Amqui\nGaspé") == ["Rimouski", "Matane", "Amqui", "Gaspé"]
    assert split_list("Saint-Jean-sur-Richelieu") == ["Saint-Jean-sur-Richelieu"]
    assert split_full_name("Marie-Ève Tremblay") == ("Marie-Ève", "Tremblay")
    assert split_full_name("Tremblay, Marie-Ève") == ("Marie-Ève", "Tremblay")
    assert split_full_name("Jean de la Fontaine") == ("Jean", "de la Fontaine")


def test_cell_errors_name_the_line_and_column():
    error = CellError(12, "Depuis", "« hier » n’est pas une date.")
    assert "12" in str(error) and "Depuis" in str(error)
