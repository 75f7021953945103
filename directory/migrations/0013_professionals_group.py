"""The group of professionals (social workers, midwives, teachers …) with an account:
no admin access, but internal notes and offers for professionals on the public site."""

from django.db import migrations


def create(apps, schema_editor):
    apps.get_model("auth.Group").objects.get_or_create(name="Fachkraft")


class Migration(migrations.Migration):
    dependencies = [("directory", "0012_professionals")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
