"""The seeded lexicon: real Québec terms, complete, and loadable through the services' own rules."""

import pytest

from arrimage.glossary import services
from arrimage.glossary.models import Term

REQUIRED = {
    "MRC", "TE", "CISSS", "CIUSSS", "CLSC", "CDC", "CJE", "CPE", "MADA", "RSS", "RLS", "PAGIEPS", "FQIS", "SHV",
    "DSI", "TIR", "ATI", "OBNL", "NEQ", "MAMH", "MSSS", "MTESS", "CSS", "CDEC", "SADC", "PDZA", "PGMR", "SAD", "PU",
    "FRR", "FDT", "TIR-SHV", "OC", "OCF", "PSOC", "SACAIS", "CAB", "CDR", "CRÉ", "TNCDC", "RQIIAC", "INSPQ", "DSPu",
    "ISQ", "Loi 25",
}  # fmt: skip
WORDS = {"économie sociale", "développement des communautés", "concertation", "démarche intégrée"}


def test_the_seed_file_is_complete() -> None:
    entries = services.seed_entries()
    assert len(entries) >= 120
    labels = {services.seed_label(entry) for entry in entries}
    assert labels >= REQUIRED
    assert {entry["name"] for entry in entries} >= WORDS
    for entry in entries:
        assert entry["definition"].strip() and entry["definition_en"].strip(), entry["name"]
        assert entry["name_en"].strip(), entry["name"]
        assert 1 <= len(entry["sources"]) <= 3, entry["name"]
        assert all(url.startswith("https://") for _title, url in entry["sources"]), entry["name"]
        assert set(entry["related"]) <= labels, entry["name"]
    assert sum(1 for entry in entries if len(entry.get("meanings", {})) >= 2) >= 25


@pytest.mark.django_db
def test_the_seed_loads_through_the_services_rules_without_duplicates() -> None:
    Term.objects.all().delete()
    added = services.glossary_load()
    assert added == len(services.seed_entries())
    assert Term.objects.approved().count() == added
    assert services.glossary_load() == 0  # already there
    mrc = Term.objects.get(acronym="MRC")
    assert mrc.sources.exists() and mrc.meanings.count() >= 2 and mrc.related.exists()


@pytest.mark.django_db
def test_the_migration_seeded_the_same_terms() -> None:
    assert Term.objects.approved().count() == len(services.seed_entries())
