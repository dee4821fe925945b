"""The settings module's defaults and its refusals, read in a fresh interpreter each time
(settings are read once, at start-up, from the environment)."""

import json
import os
import subprocess
import sys

import pytest

PROBE = """
import json
from django.conf import settings
import django
django.setup()
print(json.dumps({
    "debug": settings.DEBUG,
    "engine": settings.DATABASES["default"]["ENGINE"],
    "cache": settings.CACHES["default"]["BACKEND"],
    "tasks": settings.TASKS["default"]["BACKEND"],
    "hosts": settings.ALLOWED_HOSTS,
    "secret": settings.SECRET_KEY,
    "email": settings.EMAIL_BACKEND,
    "email_host": getattr(settings, "EMAIL_HOST", None),
    "live_channel": settings.LIVE_CHANNEL,
}))
"""

# The shell's settings that would decide what these tests ask of the settings.
CLEARED = {
    "DATABASE_URL", "REDIS_URL", "SECRET_KEY", "DEBUG", "SITE_URL", "EMAIL_URL", "LIVE_CHANNEL",
}  # fmt: skip


def start(tmp_path, **variables):
    environment = {key: value for key, value in os.environ.items() if key not in CLEARED}
    environment |= {"DJANGO_SETTINGS_MODULE": "rejoinder.settings", "DATA_DIR": str(tmp_path)}
    environment |= variables
    return subprocess.run(
        [sys.executable, "-c", PROBE], env=environment, capture_output=True, text=True, timeout=60
    )


def settings_with(tmp_path, **variables) -> dict:
    finished = start(tmp_path, **variables)
    assert finished.returncode == 0, finished.stderr
    return json.loads(finished.stdout)


def test_with_nothing_set_it_is_the_embedded_demo(tmp_path):
    found = settings_with(tmp_path)

    assert found["debug"] is False
    assert found["engine"] == "rejoinder.core.backends.sqlite3"
    assert found["cache"].endswith("LocMemCache")
    assert found["tasks"] == "django_tasks_db.DatabaseBackend"
    assert found["hosts"] == ["127.0.0.1", "localhost", "[::1]"]
    assert (tmp_path / "secret_key").read_text().strip() == found["secret"]
    assert oct((tmp_path / "secret_key").stat().st_mode & 0o777) == "0o600"


def test_the_generated_secret_key_is_kept_across_starts(tmp_path):
    assert settings_with(tmp_path)["secret"] == settings_with(tmp_path)["secret"]


def test_an_external_database_without_a_secret_key_refuses_to_start(tmp_path):
    finished = start(tmp_path, DATABASE_URL="postgres://postgres@127.0.0.1:5432/test")

    assert finished.returncode != 0
    assert "SECRET_KEY is not set" in finished.stderr


@pytest.mark.parametrize(
    ("variable", "value", "said"),
    [
        ("WEB_WORKERS", "two", "WEB_WORKERS='two' is not a whole number."),
        ("WEB_WORKERS", "2.5", "WEB_WORKERS='2.5' is not a whole number."),
        (
            "SHARED_READS_RECHECK_SECONDS",
            "soon",
            "SHARED_READS_RECHECK_SECONDS='soon' is not a number.",
        ),
        ("LIVE_PORT", "80; rm -rf /", "LIVE_PORT='80; rm -rf /' is not a whole number."),
    ],
)
def test_a_value_that_is_not_a_number_is_refused_by_name(tmp_path, variable, value, said):
    finished = start(tmp_path, **{variable: value})

    assert finished.returncode != 0
    assert f"ImproperlyConfigured: {said}" in finished.stderr


def test_the_command_line_refuses_a_bad_setting_in_one_line(tmp_path):
    environment = {key: value for key, value in os.environ.items() if key not in CLEARED}
    environment |= {"DATA_DIR": str(tmp_path), "WEB_WORKERS": "two"}

    finished = subprocess.run(
        [sys.executable, "-m", "rejoinder.cli", "serve"],
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert finished.returncode == 2
    assert finished.stderr.splitlines()[-1] == "rejoinder: WEB_WORKERS='two' is not a whole number."
    assert "Traceback" not in finished.stderr


def test_external_services_come_from_urls(tmp_path):
    found = settings_with(
        tmp_path,
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/test",
        REDIS_URL="redis://127.0.0.1:6379/0",
        SECRET_KEY="x" * 50,
        EMAIL_URL="smtp://mailer:pw@mail.example.org:587",
    )

    assert found["engine"] == "django.db.backends.postgresql"
    assert found["cache"].endswith("RedisCache")
    assert found["tasks"] == "django_tasks_rq.RQBackend"
    assert found["email"].endswith("smtp.EmailBackend")
    assert found["email_host"] == "mail.example.org"


@pytest.mark.parametrize(
    ("redis_url", "channel"),
    [
        ("redis://127.0.0.1:6379", "rejoinder:live:0"),
        ("redis://127.0.0.1:6379/3", "rejoinder:live:3"),
        ("redis://127.0.0.1:6379/?db=7", "rejoinder:live:7"),
    ],
)
def test_two_sites_on_one_redis_server_get_live_channels_of_their_own(tmp_path, redis_url, channel):
    found = settings_with(tmp_path, REDIS_URL=redis_url, SECRET_KEY="x" * 50)
    assert found["live_channel"] == channel
    named = settings_with(tmp_path, REDIS_URL=redis_url, SECRET_KEY="x" * 50, LIVE_CHANNEL="a:b")
    assert named["live_channel"] == "a:b"


def test_site_url_adds_its_host_and_a_bad_one_is_refused(tmp_path):
    assert (
        "news.example.org" in settings_with(tmp_path, SITE_URL="https://news.example.org")["hosts"]
    )

    finished = start(tmp_path, SITE_URL="news.example.org")
    assert finished.returncode != 0
    assert "SITE_URL must look like" in finished.stderr


@pytest.mark.parametrize(("value", "expected"), [("1", True), ("true", True), ("0", False)])
def test_debug_only_when_explicitly_set(tmp_path, value, expected):
    assert settings_with(tmp_path, DEBUG=value)["debug"] is expected
