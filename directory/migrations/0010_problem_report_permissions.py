"""Everyone who edits offers works on the problem reports about them (provider editors
only on their own providers' ones, which the admin enforces)."""

from django.db import migrations

GROUPS = ["Moderators", "Editors", "Provider editors"]


def grant(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Permission = apps.get_model("auth.Permission")
    Group = apps.get_model("auth.Group")
    content_type, _created = ContentType.objects.get_or_create(
        app_label="directory", model="problemreport"
    )
    permissions = [
        Permission.objects.get_or_create(
            content_type=content_type,
            codename=f"{action}_problemreport",
            defaults={"name": f"Can {action} problem report"},
        )[0]
        for action in ("view", "change")
    ]
    for name in GROUPS:
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.add(*permissions)


class Migration(migrations.Migration):
    dependencies = [("directory", "0009_problem_report"), ("directory", "0008_provider_editors_group")]
    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
