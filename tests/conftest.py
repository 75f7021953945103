import importlib
from contextlib import contextmanager

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Group
from django.db import transaction
from django.test import Client
from django.utils import translation

from directory.roles import EDITORS, MODERATORS
from search.engines.database import DatabaseEngine
from search.vocabulary import clear_caches
from tests.databases import migrated_once
from tests.demo_snapshot import demo_in_test_database
from tests.nominatim_server import nominatim  # noqa: F401  (fixture for every test package)
from tests.search.fixtures import create_search_directory

SOFT_HYPHEN = "\u00ad".encode()


class ReadingClient(Client):
    """A test client that reads HTML as people see it: without the soft hyphens the
    `hyphenate` filter puts into long words (invisible unless a word breaks at a line's
    end). Tests of the hyphenation itself use a plain `django.test.Client`."""

    def request(self, **request):
        response = super().request(**request)
        if response.get("Content-Type", "").startswith("text/html") and not response.streaming:
            response.content = response.content.replace(SOFT_HYPHEN, b"")
        return response


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings, django_db_use_migrations):
    """Runs just before pytest-django creates the test databases: they are copied from a
    migrated template instead of migrated each time (tests/databases.py)."""
    with migrated_once(enabled=django_db_use_migrations):
        yield


@pytest.fixture
def client():
    return ReadingClient()


@pytest.fixture(autouse=True)
def default_language():
    """Every test starts in the site's default language. A request leaves its language
    active on the worker's thread (LocaleMiddleware activates it, nothing deactivates
    it), and tests that call services directly expect German whatever ran before them."""
    translation.activate(settings.LANGUAGE_CODE)


@contextmanager
def built_once(request, django_db_blocker, fixture_name: str):
    """Data built once for a whole module or class, then rolled back.

    The data lives in a transaction around the module (or class); every test still runs in
    its own savepoint inside it (pytest-django's `db`), so what one test changes is gone
    before the next. A test that did not ask for the data would see it anyway, so every
    test of the module (or class) must ask for it — checked here, not left to memory.
    """
    scope = request.node
    members = [
        item for item in request.session.items if item.nodeid.startswith(scope.nodeid + "::")
    ]
    strangers = [item.nodeid for item in members if fixture_name not in item.fixturenames]
    if strangers:
        pytest.fail(
            f"`{fixture_name}` is built once per {request.scope}: every test there must use it "
            f"(pytest.mark.usefixtures); these do not: {strangers}"
        )
    unsealed = [item.nodeid for item in members if not _in_own_savepoint(item)]
    if unsealed:
        pytest.fail(f"`{fixture_name}`: these tests need pytest.mark.django_db: {unsealed}")
    with django_db_blocker.unblock(), transaction.atomic():
        _clear_vocabulary_caches()
        yield
        transaction.set_rollback(True)
    _clear_vocabulary_caches()


def _in_own_savepoint(item) -> bool:
    """Whether pytest-django runs the test in a transaction of its own (rolled back)."""
    marker = item.get_closest_marker("django_db")
    if marker is not None:
        return not (marker.kwargs.get("transaction") or (marker.args and marker.args[0]))
    return "db" in item.fixturenames and "transactional_db" not in item.fixturenames


def _clear_vocabulary_caches() -> None:
    clear_caches()


def _build_search_directory():
    offers = create_search_directory()
    DatabaseEngine().rebuild()
    return offers


@pytest.fixture
def indexed_directory(db):
    """The search fixture directory, indexed by the database engine, for one test."""
    yield _build_search_directory()
    _clear_vocabulary_caches()


@pytest.fixture(scope="module")
def search_directory(request, django_db_setup, django_db_blocker):
    """The same directory, built once for a module whose every test reads it."""
    with built_once(request, django_db_blocker, "search_directory"):
        yield _build_search_directory()


@pytest.fixture(scope="session")
def demo_directory(django_db_setup, django_db_blocker, django_db_use_migrations):
    """The demo directory (Aachen) as `make run` shows it, indexed and committed, once per
    worker process: the demo's tests (data, HSDS, export, the browser's journeys, reflow
    and screenshots) share it. Loading it takes 10–20 s, so the first worker to load it
    keeps a snapshot and the others (and later runs the same day) restore that in about
    a second (tests/demo_snapshot.py).

    It replaces whatever the database held, so the tests that use it run last (below).
    Those that are not browser tests must run in their own rolled-back transaction
    (`pytest.mark.django_db`), leaving the demo as they found it for the next one.
    """
    with django_db_blocker.unblock():
        demo_in_test_database(snapshots=django_db_use_migrations)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Tests on the demo directory run after every other test of their worker: it flushes
    the database (the rolled-back tests expect it empty, the browser tests on the shared
    `site` data expect theirs). A stable sort keeps every other order as pytest-django
    made it (tests with a rolled-back database first)."""
    items.sort(key=lambda item: "demo_directory" in getattr(item, "fixturenames", ()))


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser("chefredaktion", "chef@example.org", "pw")


def roles_after_flush() -> None:
    """The groups, permissions and workflow the data migrations create (a transactional
    test flushed them), from the migrations' own functions."""
    if Group.objects.filter(name="Moderators").exists():
        return
    for module, function in [
        ("directory.migrations.0003_offer_workflow_and_permissions", "setup"),
        ("directory.migrations.0006_reminder_log_permissions", "grant"),
        ("directory.migrations.0008_provider_editors_group", "create_group"),
        ("directory.migrations.0010_problem_report_permissions", "grant"),
        ("directory.migrations.0013_professionals_group", "create"),
        ("directory.migrations.0015_harvest_source_permissions", "grant"),
        ("search.migrations.0006_synonym_permissions_for_moderators", "grant"),
    ]:
        getattr(importlib.import_module(module), function)(apps, None)


def _user_in_group(django_user_model, username: str, group: str):
    roles_after_flush()  # a transactional test before this one may have flushed them
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
