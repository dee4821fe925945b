"""The cast every test can use, and the settings that keep tests off the demo's files.

The readers of the discussion stories: one article's thread (its columnist has an account),
two guests with browsers of their own (Mara and Tomas), a signed-in member (Inès), and a way
to have any of them say something at a given minute of one fixed morning."""

import logging
from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache, caches

from rejoinder.core.counters import CounterCache
from rejoinder.discussion.actions import CommentAuthor, post_comment
from rejoinder.discussion.identity import Reader, reader_key
from rejoinder.discussion.models import CommentState
from rejoinder.discussion.queries import thread_for_article
from rejoinder.discussion.screening import Admission
from rejoinder.publishing import cache as publishing_cache
from tests import corpora
from tests.builders import make_article, make_author, make_category, make_home

# Every story happens on one fixed morning, so edit windows are exact and orders are known.
MORNING = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)


def _require_serialized_rollback(items) -> None:
    """A transactional test (one marked so, or one using the live server) flushes the
    database afterwards. Without serialized_rollback the flush re-creates content types, in
    another order than the serialized database the next serialized test restores: that one
    then fails on a duplicate content type, far from the cause. So every transactional test
    here restores the serialized database."""
    for item in items:
        marker = item.get_closest_marker("django_db")
        marked = marker.kwargs if marker else {}
        transactional = marked.get("transaction") or {"live_server", "transactional_db"} & set(
            getattr(item, "fixturenames", ())
        )
        if transactional and not marked.get("serialized_rollback"):
            raise pytest.UsageError(
                f"{item.nodeid}: use @pytest.mark.django_db(transaction=True, "
                "serialized_rollback=True), as every transactional test here does"
            )


def pytest_configure(config):
    # Never FLUSHDB a Redis database a developer may share with the suite: its cache keys
    # get a prefix of their own, and clearing the cache deletes only those.
    from django.conf import settings

    from tests.redis_cache import use_own_keys

    use_own_keys(settings.CACHES)
    _flush_postgres_by_deleting()
    # The test SMTP servers' threads log each connection at INFO, often after the test that
    # opened it has ended and its captured output is closed: a "Logging error" traceback
    # in the run's output for every one. Their warnings and errors still show.
    logging.getLogger("mail.log").setLevel(logging.WARNING)


def _flush_postgres_by_deleting() -> None:
    """Every transactional test (the browser tests among them) ends with a flush of the test
    database. Django's flush on PostgreSQL is one TRUNCATE of all ~150 tables, which gives
    each table and index new files and took 3 to 5 seconds a test: a quarter of the
    PostgreSQL pass. The few rows a test leaves are deleted instead, in one transaction
    whose foreign keys (all DEFERRABLE INITIALLY DEFERRED, as Django makes them) are
    checked at its commit, so the order of the tables does not matter. Sequences are not
    restarted by either (Django flushes tests with reset_sequences=False); when asked to,
    the TRUNCATE that can restart them is kept."""
    from django.db.backends.postgresql.operations import DatabaseOperations

    truncate = DatabaseOperations.sql_flush

    def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        if reset_sequences or allow_cascade:
            return truncate(
                self, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade
            )
        return ["SET CONSTRAINTS ALL DEFERRED"] + [
            f"{style.SQL_KEYWORD('DELETE FROM')} {style.SQL_FIELD(self.quote_name(table))}"
            for table in tables
        ]

    DatabaseOperations.sql_flush = sql_flush


def pytest_collection_modifyitems(config, items):
    # Browser tests share Playwright's event loop with the test process; running them last
    # keeps Django's async-safety checks intact for every other test.
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)
    _require_serialized_rollback(items)
    # The shared corpora are an extra (tests/corpora.py): without them, and unless CI
    # requires them, their tests are skipped and the run's last lines say so.
    if corpora.find_corpora() is None and not corpora.required():
        skip = pytest.mark.skip(reason=f"{corpora.missing_reason()}: corpus tests not run")
        for item in items:
            if item.get_closest_marker("corpora"):
                item.add_marker(skip)


def pytest_report_header(config):
    if found := corpora.find_corpora():
        return f"corpus tests: shared corpora at {found}"
    if corpora.required():
        return f"corpus tests: REQUIRED (REQUIRE_CORPORA=1) but {corpora.missing_reason()}"
    return f"corpus tests: NOT RUN, {corpora.missing_reason()}"


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_terminal_summary(terminalreporter, exitstatus, config):
    # Around pytest's own summary, so that this line comes after its list of skips.
    yield
    if corpora.find_corpora() is not None or corpora.required():
        return
    skipped = sum(
        1
        for report in terminalreporter.stats.get("skipped", [])
        if "corpus tests not run" in str(report.longrepr)
    )
    if skipped:
        terminalreporter.write_line(
            f"corpus tests: {skipped} skipped, {corpora.missing_reason()}. The generated "
            "security tests ran; set REJOINDER_CORPORA or put the corpora beside the "
            "repository to run these too.",
            yellow=True,
            bold=True,
        )


@pytest.fixture(autouse=True)
def _isolated(settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = tmp_path / "media"
    # Kept per publication revision, whose numbers every rolled-back test counts again.
    monkeypatch.setattr(publishing_cache, "_root_paths", None)
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # Jobs (search indexing, later mail) run inline unless a test exercises the worker.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    cache.clear()
    _clear_limits()
    yield
    cache.clear()
    _clear_limits()


def _clear_limits() -> None:
    # Rate-limit counts on Redis outlive a test; the counter table goes back with its database.
    limits = caches["limits"]
    if not isinstance(limits, CounterCache):
        limits.clear()


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
def django_db_setup(django_db_setup, django_db_blocker):
    # A process that served kept pages on PostgreSQL listens for change notices on a
    # connection of its own, which would keep the test database from being dropped.
    yield
    from rejoinder.core import changes

    with django_db_blocker.unblock():
        changes.stop_listening()


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, tmp_path_factory):
    # A file, not SQLite's shared in-memory database: the live server's thread then has a
    # connection of its own, as a real server process would. pytest-django's own fixture,
    # replaced here, gives each parallel worker its own test database: so does this one.
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"].endswith("sqlite3"):
        test_file = tmp_path_factory.mktemp("db") / "test.sqlite3"
        database.setdefault("TEST", {})["NAME"] = str(test_file)


# The discussion's cast ---------------------------------------------------------------------


def admit_everything(**submission) -> Admission:
    """A screening policy that lets every comment up as written."""
    return Admission(state=CommentState.VISIBLE, record=lambda comment: None)


@pytest.fixture
def unscreened(settings):
    """The discussion's own rules, whatever the site's moderation policy (which has tests of
    its own): these stories post faster and more alike than its rate limits allow."""
    settings.COMMENT_SCREENING = f"{__name__}.admit_everything"


def guest_reader(cookie_id: str) -> Reader:
    return Reader(key=reader_key(cookie_id=cookie_id))


def a_guest(name: str) -> CommentAuthor:
    """A guest reader with a browser (cookie) of their own, and an address of their own."""
    return CommentAuthor(
        reader=guest_reader(f"cookie-of-{name.lower()}"),
        name=name,
        email=f"{name.lower()}@example.org",
    )


@pytest.fixture
def writer(db):
    """The columnist's account, with an address: their comments carry the "Author" mark and
    they hear of comments on their article."""
    return get_user_model().objects.create_user(
        username="ada", first_name="Ada", last_name="Columnist", email="ada@example.org"
    )


@pytest.fixture
def article(opinion, columnist, writer):
    columnist.user = writer
    columnist.save()
    return make_article(opinion, title="Close the harbour road", author=columnist)


@pytest.fixture
def thread(article):
    return thread_for_article(article)


@pytest.fixture
def guest(db):
    return a_guest("Mara")


@pytest.fixture
def another_guest(db):
    return a_guest("Tomas")


@pytest.fixture
def mara(guest):
    return guest


@pytest.fixture
def tomas(another_guest):
    return another_guest


@pytest.fixture
def member(db):
    user = get_user_model().objects.create_user(
        username="ines", first_name="Inès", last_name="Duarte", email="ines@example.org"
    )
    return CommentAuthor(reader=Reader(key=reader_key(user_id=user.pk), user=user))


@pytest.fixture
def clock():
    """clock(minutes) is that many minutes into the morning: clock(0) is 09:00."""

    def clock(minutes: float = 0) -> datetime:
        return MORNING + timedelta(minutes=minutes)

    return clock


@pytest.fixture
def say(thread, guest, clock, django_capture_on_commit_callbacks):
    """Post a comment, and run what it announces after commit (mail jobs run inline):
    say("Agreed.", by=member, at=3, reply_to=earlier) says it at 09:03 of the morning;
    without `at`, it is said now."""

    def say(body="I disagree, politely.", *, by=None, at=None, reply_to=None, token=None, on=None):
        with django_capture_on_commit_callbacks(execute=True):
            return post_comment(
                thread=on or thread,
                author=by or guest,
                body=body,
                parent=reply_to,
                submission_token=token,
                now=None if at is None else clock(at),
            )

    return say
