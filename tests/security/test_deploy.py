"""The production settings pass Django's deployment checks and send cookies only over HTTPS, out of
scripts' reach, and not on cross-site requests."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

BASE_DIR = Path(settings.BASE_DIR)

# What config/settings/prod.py requires (scripts/production-smoke.sh sets the same); no database is
# reached: the checks below do not connect.
PRODUCTION_ENVIRONMENT = {
    "DJANGO_SETTINGS_MODULE": "config.settings.prod",
    "ARRIMAGE_SECRET_KEY": "deploy-check-" + "k7Qz9pW2xR4vT8mN3bY6cJ1hF5gD0sLa" * 2,
    "ARRIMAGE_ALLOWED_HOSTS": "arrimage.example",
    "ARRIMAGE_DB_NAME": "arrimage",
    "ARRIMAGE_DB_USER": "arrimage",
    "ARRIMAGE_EMAIL_HOST": "localhost",
}

COOKIE_SETTINGS = [
    "SESSION_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "SESSION_COOKIE_SAMESITE",
    "CSRF_COOKIE_SECURE",
    "CSRF_COOKIE_SAMESITE",
    "LANGUAGE_COOKIE_SECURE",
    "LANGUAGE_COOKIE_SAMESITE",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_PROXY_SSL_HEADER",
    "DEBUG",
]


def production(
    *arguments: str, environment: dict[str, str] = PRODUCTION_ENVIRONMENT
) -> subprocess.CompletedProcess[str]:
    """Run the Python interpreter in a child process with the production settings."""
    clean = {name: value for name, value in os.environ.items() if not name.startswith(("ARRIMAGE_", "DJANGO_"))}
    return subprocess.run(
        [sys.executable, *arguments],
        cwd=BASE_DIR,
        env={**clean, **environment},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_deployment_checks_pass() -> None:
    result = production("manage.py", "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.fixture(scope="module")
def production_settings() -> dict[str, object]:
    script = (
        "import json, django; django.setup(); from django.conf import settings; "
        f"print(json.dumps({{name: getattr(settings, name) for name in {COOKIE_SETTINGS!r}}}))"
    )
    result = production("-c", script)
    assert result.returncode == 0, result.stderr
    values: dict[str, object] = json.loads(result.stdout)
    return values


def test_the_cookies_travel_over_https_only_and_stay_on_the_site(production_settings: dict[str, object]) -> None:
    assert production_settings["SESSION_COOKIE_SECURE"] is True
    assert production_settings["CSRF_COOKIE_SECURE"] is True
    assert production_settings["LANGUAGE_COOKIE_SECURE"] is True
    assert production_settings["SESSION_COOKIE_HTTPONLY"] is True
    assert production_settings["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert production_settings["CSRF_COOKIE_SAMESITE"] == "Lax"
    assert production_settings["LANGUAGE_COOKIE_SAMESITE"] == "Lax"


def test_production_speaks_https_only(production_settings: dict[str, object]) -> None:
    assert production_settings["DEBUG"] is False
    assert production_settings["SECURE_SSL_REDIRECT"] is True
    assert isinstance(production_settings["SECURE_HSTS_SECONDS"], int)
    assert production_settings["SECURE_HSTS_SECONDS"] >= 31_536_000
    assert production_settings["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]


def test_a_missing_secret_stops_the_start_up() -> None:
    environment = {name: value for name, value in PRODUCTION_ENVIRONMENT.items() if name != "ARRIMAGE_SECRET_KEY"}
    result = production("manage.py", "check", environment=environment)
    assert result.returncode != 0
    assert "ARRIMAGE_SECRET_KEY" in result.stderr
