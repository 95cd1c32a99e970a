"""The `arrimage_fr` text search configuration of PostgreSQL (see docs/search.md); nothing on SQLite.

`unaccent` is a trusted extension: the database owner may create it without being a superuser.
No stop words: search matches words as they are typed, and « des », « la », « le » begin « Desjardins »,
« Laval », « Lévis ».
"""

from django.db import migrations

CREATE = """
CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE TEXT SEARCH DICTIONARY arrimage_french_stem (TEMPLATE = snowball, LANGUAGE = french);
CREATE TEXT SEARCH CONFIGURATION arrimage_fr (COPY = simple);
ALTER TEXT SEARCH CONFIGURATION arrimage_fr
    ALTER MAPPING FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part
    WITH unaccent, arrimage_french_stem;
"""

DROP = """
DROP TEXT SEARCH CONFIGURATION IF EXISTS arrimage_fr;
DROP TEXT SEARCH DICTIONARY IF EXISTS arrimage_french_stem;
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
