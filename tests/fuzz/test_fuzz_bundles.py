"""Popolo and HSDS bundles (`arrimage.interchange.bundles.bundle_import`, which reads JSON and runs the
Popolo or HSDS importer): a real bundle with any one of its texts replaced by any text, or any bytes, is
imported or refused with messages (`BundleError`) — never another exception, on either database."""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any

import pytest
from django.db import transaction
from hypothesis import given
from hypothesis import strategies as st

from arrimage.interchange.bundles import BundleError, bundle_import
from arrimage.interchange.hsds import hsds_export
from arrimage.interchange.popolo import popolo_bundle
from arrimage.interchange.tests.test_hsds import foreign_document
from tests.factories import ConcertationFactory, MembershipFactory, OrganizationFactory, SeatFactory, UserFactory

from .profiles import fuzz
from .strategies import nasty_text


def _texts(document: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """The path of every text in a JSON document, keys as well as values."""
    if isinstance(document, dict):
        found = []
        for key, value in document.items():
            found.append((*path, ("key", key)))
            found += _texts(value, (*path, key))
        return found
    if isinstance(document, list):
        return [item for index, value in enumerate(document) for item in _texts(value, (*path, index))]
    return [path] if isinstance(document, str) else []


def _replaced(document: Any, path: tuple[Any, ...], text: str) -> Any:
    copy = json.loads(json.dumps(document))
    target = copy
    for step in path[:-1]:
        target = target[step]
    last = path[-1]
    if isinstance(last, tuple):
        target[text] = target.pop(last[1])
    else:
        target[last] = text
    return copy


@pytest.fixture
def bundles(territories: Any) -> dict[str, Any]:
    OrganizationFactory.create(name="Centre d'entraide de Lévis", website="https://entraide.example.org")
    MembershipFactory.create(seat=SeatFactory.create(concertation=ConcertationFactory.create()))
    admin = UserFactory.create(is_superuser=True, is_staff=True)
    return {
        "admin": admin,
        "popolo": popolo_bundle(user=admin),
        "hsds": foreign_document(),
        "hsds-export": hsds_export(),
    }


def _import(kind: str, data: bytes, admin: Any, filename: str = "bundle.json") -> None:
    try:
        with transaction.atomic():
            bundle_import(kind=kind, data=data, filename=filename, acting_user=admin, dry_run=True)
    except BundleError as error:
        assert error.messages and all(str(message).strip() for message in error.messages)


@pytest.mark.django_db
@fuzz(1.5, deadline=None)
@given(st.sampled_from(["popolo", "hsds", "hsds-export"]), st.data())
def test_a_bundle_with_any_text_changed_is_imported_or_refused(bundles: dict[str, Any], name: str, data: Any) -> None:
    document, kind = bundles[name], name.split("-")[0]
    paths = _texts(document)
    path = paths[data.draw(st.integers(0, len(paths) - 1), label="text")]
    # Half the time a NUL character, which PostgreSQL cannot store, wherever the texts are written.
    text = data.draw(st.one_of(nasty_text, st.sampled_from(["a\x00b", "\x00"])), label="replacement")
    _import(kind, json.dumps(_replaced(document, path, text)).encode(), bundles["admin"])


@pytest.mark.django_db
@fuzz(0.5, deadline=None)
@given(
    st.sampled_from(["popolo", "hsds"]), st.one_of(st.binary(max_size=300), nasty_text.map(json.dumps).map(str.encode))
)
def test_any_bytes_are_refused_as_a_bundle(bundles: dict[str, Any], kind: str, data: bytes) -> None:
    _import(kind, data, bundles["admin"])


@pytest.mark.django_db
@fuzz(0.5, deadline=None)
@given(
    st.dictionaries(st.sampled_from(["organizations.csv", "services.csv", "locations.csv"]), st.binary(max_size=200)),
    st.data(),
)
def test_any_zip_of_tables_is_refused_with_messages(
    bundles: dict[str, Any], tables: dict[str, bytes], data: Any
) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in tables.items():
            archive.writestr(zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0)), b"id,name\n" + content)
    archive_bytes = bytearray(buffer.getvalue())
    if data.draw(st.booleans(), label="damaged"):
        archive_bytes[data.draw(st.integers(0, len(archive_bytes) - 1))] ^= data.draw(st.integers(1, 255))
    _import("hsds", bytes(archive_bytes), bundles["admin"], filename="hsds.zip")
