"""The cast every test can use, and the settings that keep tests off the demo's files."""

import pytest
from django.core.cache import cache

from tests.builders import make_article, make_author, make_category, make_home  # noqa: F401


def pytest_collection_modifyitems(config, items):
    # Browser tests share Playwright's event loop with the test process; running them last
    # keeps Django's async-safety checks intact for every other test.
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)


@pytest.fixture(autouse=True)
def _isolated(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # Jobs (search indexing, later mail) run inline unless a test exercises the worker.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def home(db):
    return make_home()


@pytest.fixture
def opinion(home):
    return make_category(
        home,
        title="Opinion",
        disclaimer="The views expressed are the author's own.",
        disclaimer_position="both",
        is_opinion=True,
    )


@pytest.fixture
def news(home):
    return make_category(home, title="News")


@pytest.fixture
def columnist(db):
    return make_author(name="Ada Columnist")


@pytest.fixture(scope="session")
def django_db_modify_db_settings(tmp_path_factory):
    # A file, not SQLite's shared in-memory database: the live server's thread then has a
    # connection of its own, as a real server process would.
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        test_file = tmp_path_factory.mktemp("db") / "test.sqlite3"
        database.setdefault("TEST", {})["NAME"] = str(test_file)
