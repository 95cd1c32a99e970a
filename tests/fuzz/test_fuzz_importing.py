"""The tabular imports end to end (`arrimage.interchange.services.import_preview` and `import_commit`): a
file whose columns are the kind's own and whose cells are any text is previewed, and committed when the
preview finds nothing wrong, or refused with messages (`ValidationError`) — never another exception."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from arrimage.interchange.columns import COLUMNS, kind_columns
from arrimage.interchange.services import import_commit, import_preview
from tests.factories import ConcertationFactory, UserFactory

from .profiles import fuzz
from .strategies import nasty_text

KINDS = sorted(COLUMNS)
cell = st.one_of(
    nasty_text.map(lambda text: text.replace("\x00", "")),
    st.sampled_from(["mrc:31", "oui", "non", "2021", "mars 2021", "15/03/2021", "luc@example.org", "communautaire"]),
)


@pytest.fixture
def importing(territories: Any) -> dict[str, Any]:
    return {"admin": UserFactory.create(is_superuser=True), "concertation": ConcertationFactory.create()}


def _file(kind: str, rows: list[list[str]]) -> bytes:
    with translation.override("fr"):
        headers = [str(field.label) for field in kind_columns(kind).fields]
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";").writerows([headers, *[row[: len(headers)] for row in rows]])
    return buffer.getvalue().encode("utf-8")


@pytest.mark.django_db
@fuzz(1, deadline=None)
@given(st.sampled_from(KINDS), st.lists(st.lists(cell, min_size=12, max_size=12), min_size=1, max_size=3))
def test_any_cells_are_previewed_and_committed_or_refused(
    importing: dict[str, Any], kind: str, rows: list[list[str]]
) -> None:
    data = _file(kind, rows)
    concertation = importing["concertation"] if kind == "members" else None
    try:
        with transaction.atomic():
            preview = import_preview(
                data=data, filename="import.csv", kind=kind, user=importing["admin"], concertation=concertation
            )
            assert all(message.strip() for message in preview.errors)
            if not preview.errors:
                import_commit(run=preview.run, data=data, acting_user=importing["admin"])
            transaction.set_rollback(True)
    except ValidationError as error:
        assert error.messages and all(message.strip() for message in error.messages)
