"""National numbers every German family can call; editors add the local ones."""

from django.db import migrations

DEFAULT_CONTACTS = [
    ("Polizei", "110", "Notruf"),
    ("Feuerwehr und Rettungsdienst", "112", "Notruf"),
    ("Ärztlicher Bereitschaftsdienst", "116 117", "wenn die Praxis geschlossen ist"),
    ("Nummer gegen Kummer – Kinder und Jugendliche", "116 111", "anonym und kostenlos"),
    ("Elterntelefon", "0800 111 0 550", "anonym und kostenlos"),
    ("Hilfetelefon Gewalt gegen Frauen", "116 016", "rund um die Uhr, in vielen Sprachen"),
]


def create(apps, schema_editor):
    Site = apps.get_model("wagtailcore", "Site")
    HelpSettings = apps.get_model("cms", "HelpSettings")
    contacts = [
        {"type": "contact", "value": {"label": label, "phone": phone, "note": note}}
        for label, phone, note in DEFAULT_CONTACTS
    ]
    for site in Site.objects.all():
        HelpSettings.objects.update_or_create(site=site, defaults={"contacts": contacts})


class Migration(migrations.Migration):
    dependencies = [("cms", "0003_help_settings")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
