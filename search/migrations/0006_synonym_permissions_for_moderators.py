"""The municipal editors maintain the search synonyms (e.g. "Synonym anlegen" from the
search insights); who edits vocabularies is decided in directory.roles."""

from django.db import migrations

from directory.roles import grant_vocabulary_permissions


def grant(apps, schema_editor):
    grant_vocabulary_permissions(apps, "directory_search", "SynonymGroup")


class Migration(migrations.Migration):
    dependencies = [("directory_search", "0005_professionals_only"), ("directory", "0013_professionals_group")]
    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
