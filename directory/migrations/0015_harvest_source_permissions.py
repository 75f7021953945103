"""The municipal editors ("Moderators") choose which neighbouring directories are
harvested and how their offers count."""

from django.db import migrations

GROUPS = ["Moderators"]


def grant(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Permission = apps.get_model("auth.Permission")
    Group = apps.get_model("auth.Group")
    content_type, _created = ContentType.objects.get_or_create(
        app_label="directory", model="harvestsource"
    )
    permissions = [
        Permission.objects.get_or_create(
            content_type=content_type,
            codename=f"{action}_harvestsource",
            defaults={"name": f"Can {action} harvested directory"},
        )[0]
        for action in ("add", "change", "delete", "view")
    ]
    for name in GROUPS:
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.add(*permissions)


class Migration(migrations.Migration):
    dependencies = [("directory", "0014_harvest_sources")]
    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
