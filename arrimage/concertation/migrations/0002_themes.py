"""Seed the theme taxonomy, so that every database has it from the start."""

from django.db import migrations


def load_themes(apps, schema_editor):
    from arrimage.concertation.themes import THEMES

    Theme = apps.get_model("concertation", "Theme")
    for theme in THEMES:
        Theme.objects.update_or_create(slug=theme["slug"], defaults={k: v for k, v in theme.items() if k != "slug"})


class Migration(migrations.Migration):
    dependencies = [("concertation", "0001_initial")]

    operations = [migrations.RunPython(load_themes, migrations.RunPython.noop)]
