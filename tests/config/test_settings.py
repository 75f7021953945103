"""Production settings refuse to start with development defaults (CONTRACT §2)."""

import os
import secrets
import subprocess
import sys

import pytest

from config.settings.base import INSECURE_DEFAULT_SECRET_KEY


def _import_production_settings(**env) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG"}}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "-c", "import config.settings.production"],
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({}, "SECRET_KEY"),
        ({"SECRET_KEY": INSECURE_DEFAULT_SECRET_KEY}, "SECRET_KEY"),
        ({"SECRET_KEY": "x"}, "at least 50 characters"),
        ({"SECRET_KEY": secrets.token_urlsafe(30)}, "at least 50 characters"),
        ({"SECRET_KEY": "ab" * 40}, "SECRET_KEY is missing or weak"),
        ({"SECRET_KEY": "collectstatic-only"}, "SECRET_KEY is missing or weak"),
        ({"SECRET_KEY": "django-insecure-" + secrets.token_urlsafe(64)}, "SECRET_KEY"),
        ({"SECRET_KEY": secrets.token_urlsafe(64), "DEBUG": "true"}, "DEBUG"),
    ],
    ids=[
        "missing",
        "dev default",
        "x",
        "short",
        "few characters",
        "old docker",
        "insecure",
        "debug",
    ],
)
def test_production_refuses_unsafe_configuration(env, message):
    result = _import_production_settings(**env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and message in result.stderr


def test_production_starts_with_a_real_secret_key():
    result = _import_production_settings(SECRET_KEY=secrets.token_urlsafe(64), DEBUG="false")
    assert result.returncode == 0, result.stderr


def test_database_and_search_engine_come_from_the_environment():
    code = (
        "from config.settings import base; "
        "print(base.DATABASES['default']['ENGINE'], base.SEARCH_ENGINE)"
    )
    env = {**os.environ, "DATABASE_URL": "postgres://u@db.example/x"}
    env["ELASTICSEARCH_URL"] = "http://127.0.0.1:9200"
    env.pop("SEARCH_ENGINE", None)
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert out.stdout.split() == ["django.db.backends.postgresql", "elasticsearch"]
    env.pop("ELASTICSEARCH_URL")
    env.pop("DATABASE_URL")
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert out.stdout.split() == ["django.db.backends.sqlite3", "database"]
