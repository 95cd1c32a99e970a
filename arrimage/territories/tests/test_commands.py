"""`manage.py load_territories`: a thin adapter over `reference_territories_load`."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from arrimage.territories.models import ReferenceDataLoad, Territory

pytestmark = pytest.mark.django_db

COUNT_LINES = [
    "  borough: 41",
    "  mrc: 104",
    "  municipality: 1286",
    "  province: 1",
    "  region: 17",
    "  rss: 18",
]


def run(*args: str) -> list[str]:
    out = StringIO()
    with translation.override("fr"):
        call_command("load_territories", *args, stdout=out)
    return out.getvalue().replace("\xa0", " ").splitlines()


def test_up_to_date_data_is_not_loaded_again():
    loads = ReferenceDataLoad.objects.count()
    lines = run()
    assert len(lines) == 1 + len(COUNT_LINES)
    assert "nothing to do" not in lines[0]  # French
    assert lines[1:] == COUNT_LINES
    assert ReferenceDataLoad.objects.count() == loads


def test_force_reloads_and_reports_counts():
    loads = ReferenceDataLoad.objects.count()
    lines = run("--force")
    assert "1467" in lines[0].replace(" ", "")
    assert "0" in lines[0]
    assert "unchanged" not in lines[0]  # French
    assert lines[1:] == COUNT_LINES
    assert ReferenceDataLoad.objects.count() == loads + 1
    assert ReferenceDataLoad.objects.latest().loaded_by == "load_territories"


def test_changed_data_dir(reference_copy):
    reference_copy.set_cell("municipalites_qc.csv", "28005", "site_web", "www.st-zacharie.example")
    lines = run("--data-dir", str(reference_copy.path))
    assert lines[1:] == COUNT_LINES
    assert Territory.objects.by_code("municipality:28005").get().website == "www.st-zacharie.example"


def test_broken_data_raises_a_french_error_and_writes_nothing(reference_copy):
    line = reference_copy.set_cell("municipalites_qc.csv", "28005", "population_mamh", "abc")
    reference_copy.set_cell("municipalites_qc.csv", "01023", "population_mamh", "1")
    loads = ReferenceDataLoad.objects.count()
    islands = Territory.objects.by_code("municipality:01023").get().population

    with pytest.raises(CommandError) as caught, translation.override("fr"):
        call_command("load_territories", "--data-dir", str(reference_copy.path), stdout=StringIO())

    message = str(caught.value).replace("\xa0", " ")
    assert "« municipalites_qc.csv »" in message
    assert f"ligne {line}" in message
    assert "colonne « population_mamh »" in message
    assert "« abc »" in message
    assert "Nothing was loaded" not in message  # French: nothing was loaded, said so
    assert message.startswith("Rien")
    assert ReferenceDataLoad.objects.count() == loads
    assert Territory.objects.by_code("municipality:01023").get().population == islands
    assert Territory.objects.count() == 1467


def test_missing_column_through_the_command(reference_copy):
    reference_copy.rename_column("arrondissements_qc.csv", "ville_code_geo", "ville")
    with pytest.raises(CommandError) as caught, translation.override("fr"):
        call_command("load_territories", "--data-dir", str(reference_copy.path), stdout=StringIO())
    message = str(caught.value).replace("\xa0", " ")
    assert "« arrondissements_qc.csv »" in message
    assert "ligne 1" in message
    assert "colonne « ville_code_geo »" in message
