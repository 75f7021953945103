"""Offers go through moderation out of the box.

Wagtail's "Editors" may create and edit offers and submit them for approval;
"Moderators" (the municipal editorial team) approve and publish. Administrators can
change all of this later in the admin; this migration only sets sensible defaults.
"""

from django.db import migrations

OFFER_PERMISSIONS = {
    "Editors": ["add", "change", "view", "lock"],
    "Moderators": ["add", "change", "delete", "view", "publish", "lock", "unlock"],
}
TAXONOMY_PERMISSIONS = {
    "Editors": ["view"],
    "Moderators": ["add", "change", "delete", "view"],
}
TAXONOMY_MODELS = ["provider", "topic", "district"]


def setup(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Permission = apps.get_model("auth.Permission")
    Group = apps.get_model("auth.Group")
    Workflow = apps.get_model("wagtailcore.Workflow")
    WorkflowTask = apps.get_model("wagtailcore.WorkflowTask")
    WorkflowContentType = apps.get_model("wagtailcore.WorkflowContentType")
    GroupApprovalTask = apps.get_model("wagtailcore.GroupApprovalTask")

    def grant(group_name, model, actions):
        # Permissions are normally created after migrations; create the few we need now.
        group, _created = Group.objects.get_or_create(name=group_name)
        content_type, _created = ContentType.objects.get_or_create(
            app_label="directory", model=model
        )
        for action in actions:
            permission, _created = Permission.objects.get_or_create(
                content_type=content_type,
                codename=f"{action}_{model}",
                defaults={"name": f"Can {action} {model}"},
            )
            group.permissions.add(permission)

    for group_name, actions in OFFER_PERMISSIONS.items():
        grant(group_name, "offer", actions)
    for group_name, actions in TAXONOMY_PERMISSIONS.items():
        for model in TAXONOMY_MODELS:
            grant(group_name, model, actions)

    task_type, _created = ContentType.objects.get_or_create(
        app_label="wagtailcore", model="groupapprovaltask"
    )
    task = GroupApprovalTask.objects.create(
        name="Freigabe durch die Redaktion", content_type=task_type, active=True
    )
    task.groups.set([Group.objects.get(name="Moderators")])
    workflow = Workflow.objects.create(name="Freigabe von Angeboten", active=True)
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    offer_type = ContentType.objects.get(app_label="directory", model="offer")
    WorkflowContentType.objects.create(content_type=offer_type, workflow=workflow)


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0002_seed_taxonomies"),
        ("wagtailcore", "0098_apitoken"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]
    operations = [migrations.RunPython(setup, migrations.RunPython.noop)]
