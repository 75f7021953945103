"""Seeds the fixed vocabularies (docs/csv-format.md lists the codes): life stages, sectors and ISO 639-1 languages.

The codes are public (URLs, API, imports) and never change; labels are German because
German is the directory's source language.
"""

import gettext

import pycountry
from django.db import migrations

LIFE_STAGES = [
    # code, German label, min age, max age
    ("pregnancy", "Schwangerschaft & Geburt", None, None),
    ("infant", "Baby & Kleinkind (0–3)", 0, 2),
    ("preschool", "Kita-Alter (3–6)", 3, 5),
    ("primary", "Grundschulalter (6–10)", 6, 9),
    ("secondary", "Jugend & weiterführende Schule (10–16)", 10, 15),
    ("transition", "Übergang Schule – Beruf (15–27)", 15, 26),
]

SECTORS = [
    ("health", "Gesundheit"),
    ("education", "Bildung"),
    ("youth", "Kinder- und Jugendhilfe"),
    ("social", "Soziales"),
]


def seed(apps, schema_editor):
    LifeStage = apps.get_model("directory", "LifeStage")
    Sector = apps.get_model("directory", "Sector")
    Language = apps.get_model("directory", "Language")
    for order, (code, name, min_age, max_age) in enumerate(LIFE_STAGES, start=1):
        LifeStage.objects.update_or_create(
            code=code,
            defaults={"name": name, "sort_order": order, "min_age": min_age, "max_age": max_age},
        )
    for order, (code, name) in enumerate(SECTORS, start=1):
        Sector.objects.update_or_create(code=code, defaults={"name": name, "sort_order": order})
    german = gettext.translation("iso639-3", pycountry.LOCALES_DIR, languages=["de"])
    Language.objects.bulk_create(
        [
            Language(code=language.alpha_2, name=german.gettext(language.name))
            for language in pycountry.languages
            if hasattr(language, "alpha_2")
        ],
        ignore_conflicts=True,
    )


class Migration(migrations.Migration):
    dependencies = [("directory", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
