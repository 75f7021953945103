"""The one vocabulary of roles: the names of the groups people are put in.

The names are stored in the database (created by the migrations), so they stay as they
are; code refers to these constants only.

- superusers: municipal administrators, invite people (not a group);
- MODERATORS: municipal editors, approve, send back and publish every offer;
- EDITORS: the editorial staff, edit every offer without publishing;
- PROVIDER_EDITORS: people of a provider, edit only their providers' offers and
  submit changes for approval;
- PROFESSIONALS: social workers, midwives, teachers … with an account on the public
  site; they see notes and offers meant for professionals.
"""

MODERATORS = "Moderators"
EDITORS = "Editors"
PROVIDER_EDITORS = "Provider editors"
PROFESSIONALS = "Fachkraft"

# Groups whose members work on every offer.
MUNICIPAL_GROUPS = (MODERATORS, EDITORS)


def group_names(user) -> set[str]:
    """The user's group names, read once per request (views, forms and guards all ask)."""
    if not hasattr(user, "_directory_group_names"):
        user._directory_group_names = set(user.groups.values_list("name", flat=True))
    return user._directory_group_names


def is_professional(user) -> bool:
    """Professionals (social workers, midwives, teachers …) with an account."""
    return bool(user.is_authenticated and PROFESSIONALS in group_names(user))


def verifies_on_publish(user) -> bool:
    """Municipal editors check an offer before they publish it, so publishing counts as
    verification; provider editors cannot publish (their changes need approval)."""
    return user.is_superuser or MODERATORS in group_names(user)


# Editor-managed vocabularies (search synonyms, and any glossary added later) are looked
# after by the municipal editors. Each such model gets a data migration that calls this,
# so who may edit vocabularies is decided here, once.
VOCABULARY_ROLES = (MODERATORS,)
VOCABULARY_ACTIONS = ("add", "change", "delete", "view")


def grant_vocabulary_permissions(apps, app_label: str, model_name: str) -> None:
    """Give VOCABULARY_ROLES every permission on the model (for use in RunPython)."""
    content_type_model = apps.get_model("contenttypes", "ContentType")
    permission_model = apps.get_model("auth", "Permission")
    group_model = apps.get_model("auth", "Group")
    content_type, _created = content_type_model.objects.get_or_create(
        app_label=app_label, model=model_name.lower()
    )
    permissions = [
        permission_model.objects.get_or_create(
            content_type=content_type,
            codename=f"{action}_{model_name.lower()}",
            defaults={"name": f"Can {action} {model_name.lower()}"},
        )[0]
        for action in VOCABULARY_ACTIONS
    ]
    for name in VOCABULARY_ROLES:
        group, _created = group_model.objects.get_or_create(name=name)
        group.permissions.add(*permissions)
