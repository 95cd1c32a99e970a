"""Cell readers of the imports (`arrimage.interchange.normalize`, the plan's URL and postal code readers)
and the column mapping (`arrimage.interchange.columns`): any cell text gives a value or a `CellValueError`
with a message, and a value read once reads the same again."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from arrimage.actors.models import Sector
from arrimage.core.dates import PartialDate
from arrimage.interchange import normalize as n
from arrimage.interchange.columns import COLUMNS, clean_mapping, headers_key, kind_columns, suggest_mapping
from arrimage.interchange.importing.plan import _parse_postal_code, _parse_url

from .profiles import FUZZ
from .strategies import nasty_text

cells = st.one_of(nasty_text, st.integers(), st.floats(allow_nan=True), st.booleans(), st.none(), st.dates())
SECTORS = n.choice_lookup(Sector.choices, {"community": ["OBNL"]})


def _refused(error: n.CellValueError) -> None:
    assert error.message.strip()
    assert str(error) == error.message


@FUZZ
@given(cells)
def test_parse_date_is_stable(value: object) -> None:
    try:
        date = n.parse_date(value)
    except n.CellValueError as error:
        _refused(error)
        return
    if date is not None:
        assert isinstance(date, PartialDate)
        assert n.parse_date(date.isoformat()) == date


@FUZZ
@given(cells)
def test_parse_bool_is_stable(value: object) -> None:
    try:
        answer = n.parse_bool(value)
    except n.CellValueError as error:
        _refused(error)
        return
    if answer is not None:
        assert n.parse_bool("oui" if answer else "non") is answer


@FUZZ
@given(st.one_of(nasty_text, st.emails().map(lambda e: f" <MAILTO:{e}> ")))
def test_parse_email_is_idempotent(value: str) -> None:
    try:
        email = n.parse_email(value)
    except n.CellValueError as error:
        _refused(error)
        return
    assert n.parse_email(email) == email
    assert "\x00" not in email


@FUZZ
@given(nasty_text)
def test_parse_choice_is_idempotent(value: str) -> None:
    try:
        choice = n.parse_choice(value, SECTORS, labels=["communautaire"])
    except n.CellValueError as error:
        _refused(error)
        return
    assert choice == "" or n.parse_choice(choice, SECTORS) == choice


@FUZZ
@given(nasty_text)
def test_text_helpers_are_idempotent(value: str) -> None:
    text = n.clean_text(value)
    assert n.clean_text(text) == text
    items = n.split_list(value)
    assert all(item and item == item.strip() for item in items)
    assert n.split_list("; ".join(items)) == items
    given_name, family = n.split_full_name(value)
    assert given_name == given_name.strip() and family == family.strip()


@FUZZ
@given(nasty_text)
def test_resolve_territory_refuses_with_a_message(value: str) -> None:
    for found in ([], ["mrc:31"], ["mrc:31", "mrc:32"]):

        def resolver(text: str, found: list[str] = found) -> list[str]:
            return found

        try:
            assert n.resolve_territory(value, resolver) == found[0]
        except n.CellValueError as error:
            _refused(error)


@FUZZ
@given(nasty_text)
def test_plan_url_and_postal_code_are_idempotent(value: str) -> None:
    for parse in (_parse_url, _parse_postal_code):
        try:
            parsed = parse(value)
        except n.CellValueError as error:
            _refused(error)
            continue
        assert parse(parsed) == parsed


@FUZZ
@given(st.lists(nasty_text, max_size=8), st.sampled_from(sorted(COLUMNS)))
def test_column_mapping_only_names_known_fields(headers: list[str], kind: str) -> None:
    mapping = suggest_mapping(headers, kind)
    names = kind_columns(kind).names
    assert set(mapping) <= set(headers)
    assert set(mapping.values()) <= names | {""}
    assert clean_mapping(mapping, headers, kind) == clean_mapping(clean_mapping(mapping, headers, kind), headers, kind)
    assert headers_key(headers) == headers_key(list(headers))
