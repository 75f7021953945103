import pytest
from django.contrib.auth.models import Group

from directory.roles import EDITORS, MODERATORS
from search.engines.database import DatabaseEngine
from tests.search.fixtures import create_search_directory


@pytest.fixture
def indexed_directory(db):
    """The search fixture directory, indexed by the database engine."""
    offers = create_search_directory()
    DatabaseEngine().rebuild()
    return offers


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser("chefredaktion", "chef@example.org", "pw")


def _user_in_group(django_user_model, username: str, group: str):
    user = django_user_model.objects.create_user(username, f"{username}@example.org", "pw")
    user.groups.add(Group.objects.get(name=group))
    # Wagtail needs this to let a non-superuser into the admin at all.
    from django.contrib.auth.models import Permission

    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    return user


@pytest.fixture
def editor(django_user_model):
    """The editorial staff (group EDITORS): may edit every offer and submit it, not
    publish it. (Provider editors, scoped to their providers, are a separate group.)"""
    return _user_in_group(django_user_model, "redakteurin", EDITORS)


@pytest.fixture
def moderator(django_user_model):
    """The municipal editorial team: approves and publishes."""
    return _user_in_group(django_user_model, "moderator", MODERATORS)
