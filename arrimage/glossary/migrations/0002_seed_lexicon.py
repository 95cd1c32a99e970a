"""Seed the shared glossary (reference data, like the themes): the approved terms of
`arrimage/glossary/data/lexique.json`, with their meanings per sector, sources and related terms."""

from django.db import migrations


def load_lexicon(apps, schema_editor):
    from arrimage.glossary.services import seed_data, seed_entries, seed_label, term_keys

    Term = apps.get_model("glossary", "Term")
    SectorMeaning = apps.get_model("glossary", "SectorMeaning")
    TermSource = apps.get_model("glossary", "TermSource")
    if Term.objects.exists():
        return
    entries = seed_entries()
    made = {}
    for entry in entries:
        data = seed_data(entry)
        term = Term.objects.create(
            acronym=data.acronym,
            name=data.name,
            name_en=data.name_en,
            definition=data.definition,
            definition_en=data.definition_en,
            plain=data.plain,
            plain_en=data.plain_en,
            jargon=data.jargon,
            status="approved",
            **term_keys(acronym=data.acronym, name=data.name, name_en=data.name_en),
        )
        made[seed_label(entry)] = term
        SectorMeaning.objects.bulk_create(
            SectorMeaning(term=term, sector=sector, meaning=texts[0], meaning_en=texts[1])
            for sector, texts in data.meanings.items()
        )
        TermSource.objects.bulk_create(
            TermSource(term=term, title=title, url=url, order=order) for order, (title, url) in enumerate(data.sources)
        )
    for entry in entries:
        related = [made[label] for label in entry.get("related", []) if label in made]
        if related:
            made[seed_label(entry)].related.add(*related)


class Migration(migrations.Migration):
    dependencies = [("glossary", "0001_glossary")]

    operations = [migrations.RunPython(load_lexicon, migrations.RunPython.noop)]
