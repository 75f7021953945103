"""The municipal editors (Moderators) read the reminder log; nobody edits it by hand."""

from django.db import migrations


def grant(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Permission = apps.get_model("auth.Permission")
    Group = apps.get_model("auth.Group")
    content_type, _created = ContentType.objects.get_or_create(
        app_label="directory", model="freshnessreminder"
    )
    permission, _created = Permission.objects.get_or_create(
        content_type=content_type,
        codename="view_freshnessreminder",
        defaults={"name": "Can view freshness reminder"},
    )
    group, _created = Group.objects.get_or_create(name="Moderators")
    group.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [("directory", "0005_freshness_reminder")]
    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
