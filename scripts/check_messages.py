"""Check that the French catalogue is complete: every interface string translated, none fuzzy,
none obsolete, and the compiled catalogue up to date.

It extracts the strings as `make messages` does; if the catalogue changes beyond its header, the new
catalogue is left in place for translation and the check fails.
"""

import sys
from pathlib import Path

import django
import polib
from django.core.management import call_command

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "locale" / "fr" / "LC_MESSAGES" / "django.po"
COMPILED = CATALOGUE.with_suffix(".mo")
IGNORED = ["node_modules/*", ".venv/*", "var/*", "static/vendor/*", "build/*"]


def entries(po: polib.POFile) -> dict[tuple[str | None, str, str], str]:
    return {(e.msgctxt, e.msgid, e.msgid_plural): e.msgstr or str(e.msgstr_plural) for e in po if not e.obsolete}


def main() -> int:
    sys.path.insert(0, str(ROOT))
    django.setup()
    before = CATALOGUE.read_text(encoding="utf-8") if CATALOGUE.exists() else ""
    call_command(
        "makemessages", locale=["fr"], no_obsolete=True, add_location="file", ignore_patterns=IGNORED, verbosity=0
    )
    catalogue = polib.pofile(str(CATALOGUE))
    problems = []
    if before and entries(polib.pofile(before)) == entries(catalogue):
        CATALOGUE.write_text(before, encoding="utf-8")  # only the header's date changed
    else:
        problems.append("the catalogue did not list every interface string: it has been updated")
    problems += [f"untranslated: {e.msgid!r}" for e in catalogue.untranslated_entries()]
    problems += [f"fuzzy: {e.msgid!r}" for e in catalogue.fuzzy_entries()]
    if not COMPILED.exists() or entries(polib.mofile(str(COMPILED))) != {
        k: v for k, v in entries(polib.pofile(str(CATALOGUE))).items() if k[1]
    }:
        problems.append("locale/fr/LC_MESSAGES/django.mo is not compiled from django.po: run `make messages`")
    for problem in problems:
        print(f"French catalogue: {problem}", file=sys.stderr)
    if not problems:
        print(f"French catalogue: complete ({len(catalogue)} strings).")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
