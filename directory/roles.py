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
