"""Provider editors: may draft and submit their own provider's offers, never publish."""

from django.db import migrations

OFFER_ACTIONS = ["add", "change", "view"]


def create_group(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Permission = apps.get_model("auth.Permission")
    Group = apps.get_model("auth.Group")
    group, _created = Group.objects.get_or_create(name="Provider editors")
    admin_type, _created = ContentType.objects.get_or_create(
        app_label="wagtailadmin", model="admin"
    )
    access, _created = Permission.objects.get_or_create(
        content_type=admin_type, codename="access_admin",
        defaults={"name": "Can access Wagtail admin"},
    )
    group.permissions.add(access)
    offer_type, _created = ContentType.objects.get_or_create(app_label="directory", model="offer")
    for action in OFFER_ACTIONS:
        permission, _created = Permission.objects.get_or_create(
            content_type=offer_type,
            codename=f"{action}_offer",
            defaults={"name": f"Can {action} offer"},
        )
        group.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0007_provider_editors"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
    ]
    operations = [migrations.RunPython(create_group, migrations.RunPython.noop)]
