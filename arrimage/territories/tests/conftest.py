"""Fixtures of the territories' tests: an editable copy of the reference files."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from arrimage.territories import reference


class ReferenceCopy:
    """A copy of the shipped reference files in a temporary folder, with helpers to break or change them."""

    def __init__(self, path: Path) -> None:
        self.path = path
        for name in reference.REFERENCE_FILES:
            shutil.copyfile(reference.DATA_DIR / name, path / name)

    def read_csv(self, name: str) -> list[list[str]]:
        with (self.path / name).open(encoding="utf-8", newline="") as handle:
            return list(csv.reader(handle))

    def write_csv(self, name: str, rows: list[list[str]]) -> None:
        with (self.path / name).open("w", encoding="utf-8", newline="") as handle:
            csv.writer(handle, lineterminator="\n").writerows(rows)

    def set_cell(self, name: str, key: str, column: str, value: str) -> int:
        """Set `column` of the row whose first cell is `key`; return the line number a spreadsheet shows."""
        rows = self.read_csv(name)
        index = rows[0].index(column)
        for number, row in enumerate(rows[1:], start=2):
            if row[0] == key:
                row[index] = value
                self.write_csv(name, rows)
                return number
        raise LookupError(key)

    def rename_column(self, name: str, column: str, new_name: str) -> None:
        rows = self.read_csv(name)
        rows[0][rows[0].index(column)] = new_name
        self.write_csv(name, rows)

    def add_row(self, name: str, values: dict[str, str], like: str) -> int:
        """Append a row copied from the row whose first cell is `like`, with `values` changed."""
        rows = self.read_csv(name)
        header = rows[0]
        model = next(row for row in rows[1:] if row[0] == like)
        new = list(model)
        for column, value in values.items():
            new[header.index(column)] = value
        rows.append(new)
        self.write_csv(name, rows)
        return len(rows)

    def features(self, name: str) -> dict[str, Any]:
        return json.loads((self.path / name).read_text(encoding="utf-8"))

    def write_features(self, name: str, collection: dict[str, Any]) -> None:
        (self.path / name).write_text(json.dumps(collection), encoding="utf-8")

    def set_feature(self, name: str, code: str, **changes: Any) -> int:
        """Change the feature whose property `code` is `code`; return its number (the first is 1)."""
        collection = self.features(name)
        for number, feature in enumerate(collection["features"], start=1):
            if feature["properties"]["code"] == code:
                for key, value in changes.items():
                    if key == "geometry":
                        feature["geometry"] = value
                    else:
                        feature["properties"][key] = value
                self.write_features(name, collection)
                return number
        raise LookupError(code)


@pytest.fixture
def reference_copy(tmp_path: Path) -> ReferenceCopy:
    return ReferenceCopy(tmp_path)
