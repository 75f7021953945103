"""Login throttling (django-axes, in the database so every worker counts the same):
after the failure limit, even the right password is refused for the cool-off time, on
the public login and the admin's; rate limits live in a cache shared by all workers."""

import datetime

import pytest
from django.conf import settings
from django.core.cache import caches
from django.utils import timezone

pytestmark = pytest.mark.django_db
PASSWORD = "Richtig-und-lang-2026"


@pytest.fixture(autouse=True)
def throttling(settings):
    settings.AXES_ENABLED = True  # off in the test settings, on everywhere else


@pytest.fixture
def account(django_user_model):
    return django_user_model.objects.create_superuser("sozial", "s@amt.example", PASSWORD)


def _attempt(client, url: str, password: str, *, field="username"):
    return client.post(url, {field: "sozial", "password": password})


@pytest.mark.parametrize("url", ["/de/anmelden/", "/admin/login/"])
def test_after_too_many_wrong_passwords_the_right_one_waits(client, account, url):
    for _attempt_number in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _attempt(client, url, "falsch").status_code == 200  # the form again
    assert _attempt(client, url, "falsch").status_code == 429  # the limit: paused

    refused = _attempt(client, url, PASSWORD)

    assert refused.status_code == 429
    assert "Anmeldung pausiert" in refused.content.decode()
    assert "15 Minuten" in refused.content.decode()
    assert "_auth_user_id" not in client.session

    # After the cool-off the right password works again.
    from axes.models import AccessAttempt

    AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(minutes=16))
    assert _attempt(client, url, PASSWORD).status_code == 302


def test_a_few_typos_do_not_lock_anyone_out(client, account):
    for _attempt_number in range(settings.AXES_FAILURE_LIMIT - 1):
        _attempt(client, "/de/anmelden/", "falsch")
    assert _attempt(client, "/de/anmelden/", PASSWORD).status_code == 302


def test_rate_limits_use_a_cache_all_workers_share():
    cache = caches["default"]
    assert cache.__class__.__name__ == "DatabaseCache"  # not per process
    cache.set("geteilt", 1)
    assert cache.get("geteilt") == 1


def test_password_reset_mails_are_limited_per_address(client, account):
    from django.core import mail

    for _request in range(5):
        assert client.post("/de/passwort/", {"email": "s@amt.example"}).status_code == 302
    refused = client.post("/de/passwort/", {"email": "s@amt.example"})
    assert refused.status_code == 429
    assert "Zu viele Anfragen für ein neues Passwort" in refused.content.decode()
    assert len(mail.outbox) == 5
