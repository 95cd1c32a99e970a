"""The search terms of Concertation: words and French stems, for search on SQLite, and the
PostgreSQL full-text index on the search key (see docs/search.md)."""

from django.db import migrations, models

from arrimage.core.search import VECTOR_SQL, search_stems

MODELS = ['Concertation']
TABLES = {'Concertation': 'concertation_concertation'}


def fill(apps, schema_editor):
    for name in MODELS:
        model = apps.get_model("concertation", name)
        rows = list(model.objects.only("pk", "search_key"))
        for row in rows:
            row.search_stems = search_stems(row.search_key)
        model.objects.bulk_update(rows, ["search_stems"], batch_size=500)


def index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for table in TABLES.values():
            expression = VECTOR_SQL.format(column="search_key")
            schema_editor.execute(f"CREATE INDEX {table}_fts ON {table} USING gin ({expression})")


def unindex(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for table in TABLES.values():
            schema_editor.execute(f"DROP INDEX IF EXISTS {table}_fts")


class Migration(migrations.Migration):
    dependencies = [("core", "0002_search_configuration"), ("concertation", "0002_themes")]

    operations = [
        migrations.AddField(
            model_name="concertation",
            name="search_stems",
            field=models.TextField(default="", editable=False, verbose_name="search terms"),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.RunPython(index, unindex),
    ]
