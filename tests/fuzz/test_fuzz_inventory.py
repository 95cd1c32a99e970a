"""Inventory of what reads outside input, and where each is fuzzed (`tests/fuzz/`).

Text (core.text)
- fold, search_words, search_key ......................... test_fuzz_text (idempotent, accent/case-blind)
- nul_path ............................................... arrimage/core/tests/test_text, via bundles and API
- interchange.matching.normalize (+ _read_words, _split_glued), OrganizationIndex.candidates, decide
  ......................................................... test_fuzz_text (idempotent, scores in 0-1)
- core.pagecache.normalised_query (the query string in a cached page's key)
  ......................................................... test_fuzz_text (idempotent, order-blind)

Dates
- core.dates.PartialDate.parse, isoformat, from_stored ... test_fuzz_dates (round trip, ValueError only)
- registry.forms.parse_partial_date, PartialDateField ..... test_fuzz_dates (French message)
- api.common.parse_partial, parse_day .................... test_fuzz_dates (ValidationError on its field)
- interchange.normalize.parse_date (+ _parse_date_text) ... test_fuzz_normalize (stable)

Import cells and columns (interchange)
- normalize.parse_bool, parse_email, parse_choice, choice_lookup, clean_text, split_list,
  split_full_name, resolve_territory ...................... test_fuzz_normalize
- importing.plan._parse_url, _parse_postal_code ............ test_fuzz_normalize (idempotent)
- importing.plan.Planner._parse (every column of every kind) test_fuzz_importing (preview and commit)
- columns.suggest_mapping (+ _fold_header), clean_mapping, headers_key ... test_fuzz_normalize

Files (interchange)
- reading.read_table (+ _read_csv, _read_xlsx), sheet_names, decode, detect_separator, check_zip
  (CSV and XLSX: encodings, separators, BOM, empty, huge, binary, damaged or non-workbook ZIP)
  ......................................................... test_fuzz_reading
- services.import_preview, import_commit (+ _clean_choices) ... test_fuzz_importing
- bundles.bundle_import → popolo.popolo_import, hsds.read_json, read_zip, read_tables,
  hsds_import ............................................. test_fuzz_bundles

Searches (selectors)
- territories.selectors.territory_search, territory_get, TerritoryQuerySet.by_code,
  actors.selectors.organization_list, person_search, concertation.selectors.concertation_list
  ......................................................... test_fuzz_search

Plain-language check (glossary.plain)
- tokens.split_words, split_sentences, check.check, highlight.highlight, and the page's form
  (registry.forms_plain.PlainCheckForm.clean_text) .................. test_fuzz_plain (offsets kept,
  findings inside the text, never an exception); the page and POST /api/v1/plain-language/ refuse an
  empty or too long text on its field (registry/tests/test_views_plain, api/tests/test_plain)

Requests (views and API), on SQLite and PostgreSQL
- registry list/search pages and their filter forms (forms_filters: FilterForm, TerritoryChoiceField,
  ConcertationFilterForm, OrganizationFilterForm, PlanFilterForm, AsOfForm.clean_date), exports,
  territory pages and search (territories.forms.TerritorySearchForm), analysis and plans tabs,
  comparison (`depuis`, ComparisonForm.clean_depuis), annual report (reports.annual.YearForm.clean_annee),
  démarches, suggestions (registry.views.edit._term), imports list and start, plan creation's
  preselection (registry.views.common.record_number), security events
  ......................................................... test_fuzz_requests (pages)
- edit forms: organisations (clean_neq, website, lookups), people, positions, concertations
  (clean_territories), seats, plans and objectives (plans.services._clean_text), API keys
  ......................................................... test_fuzz_requests (edit forms)
- glossary: the term form (forms_glossary.TermForm clean_related, clean_sources) and the markup of
  acronyms (glossary.markup) ............................. test_fuzz_glossary
- API list endpoints (every filter and `q`) and every JSON write (api.parsing.ArrimageParser
  parse_body, parse_querydict)
  ......................................................... test_fuzz_requests (api)

Not outside input, so not fuzzed: core.ratelimit.parse_rate/parse_period (settings),
territories.reference.read_reference, _read_csv, _read_features (reference files shipped with the code),
accounts.forms clean_username (Django's own form), registry.forms_imports.UploadForm.clean_file and
forms_privacy clean_day (covered by their own tests).

The test below keeps this list whole: a new parser or normaliser must be added here (and fuzzed).
"""

from __future__ import annotations

import re
from pathlib import Path

import arrimage

PARSER = re.compile(r"^\s*def (_?(?:parse|normali[sz]e|clean_|fold|read_|decode|detect_|check_zip|split_)\w*)", re.M)


def test_every_parser_and_normaliser_is_in_the_inventory() -> None:
    root = Path(arrimage.__file__).parent
    names = {
        match.group(1)
        for path in root.rglob("*.py")
        if "tests" not in path.parts and "migrations" not in path.parts
        for match in PARSER.finditer(path.read_text(encoding="utf-8"))
    }
    inventory = __doc__ or ""
    missing = sorted(name for name in names if not re.search(rf"(?<!\w){re.escape(name)}(?!\w)", inventory))
    assert not missing, f"Add to the inventory of tests/fuzz/test_fuzz_inventory.py, and fuzz: {missing}"
