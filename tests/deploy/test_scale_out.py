"""Two app servers over one PostgreSQL and one Redis, with workers beside them: whatever a
reader or moderator does through one server, a reader of the other sees at once; a
signed-in moderator's session works on both; of two workers exactly one runs the periodic
jobs, and the other takes over when it stops; jobs on Redis are run by a real rq worker,
down to a mail that reaches an SMTP server.

It needs PostgreSQL and Redis, so it runs when DATABASE_URL and REDIS_URL are set (CI's
second pass). Its site gets a database of its own, and a Redis database of its own
(SCALE_OUT_REDIS_DB, default 15) that it refuses to use if it holds anyone else's keys, and
from which it deletes only its own keys: never FLUSHDB."""

import email
import email.policy
import os
import sys
import time
import urllib.parse

import pytest

from tests.deploy.conftest import (
    SECRET,
    Reader,
    comment_form_action,
    csrf_token,
    first_article_path,
    free_port,
    post_comment,
    posted_comment_id,
    rejoinder,
    site_environment,
    upvotes,
    vote,
)

DATABASE_URL = os.environ.get("DATABASE_URL", "")
REDIS_URL = os.environ.get("REDIS_URL", "")
pytestmark = pytest.mark.skipif(
    not (DATABASE_URL.startswith("postgres") and REDIS_URL),
    reason="two app servers need PostgreSQL and Redis: set DATABASE_URL and REDIS_URL "
    "(CI's second pass runs this)",
)
OWN_KEY_PREFIXES = (b"rejoinder", b"rq:", b":1:")


class Inbox:
    def __init__(self) -> None:
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.messages.append((envelope.rcpt_tos, message))
        return "250 Message accepted for delivery"


def wait_until(condition, *, seconds: float = 60, what: str = "it") -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.5)
    raise AssertionError(f"waited {seconds}s for {what}")


@pytest.fixture
def redis_url():
    import redis

    database = int(os.environ.get("SCALE_OUT_REDIS_DB", "15"))
    parts = urllib.parse.urlsplit(REDIS_URL)
    url = urllib.parse.urlunsplit(parts._replace(path=f"/{database}"))
    client = redis.Redis.from_url(url)
    foreign = [k for k in client.scan_iter(count=1000) if not k.startswith(OWN_KEY_PREFIXES)]
    if foreign:
        pytest.fail(
            f"Redis database {database} holds keys that are not this test's (e.g. "
            f"{foreign[:3]}); set SCALE_OUT_REDIS_DB to an unused database."
        )
    yield url
    for key in client.scan_iter(count=1000):
        if key.startswith(OWN_KEY_PREFIXES):
            client.delete(key)
    client.close()


@pytest.fixture
def database_url():
    import psycopg

    parts = urllib.parse.urlsplit(DATABASE_URL)
    name = f"{parts.path.lstrip('/') or 'rejoinder'}_scale_out"
    admin = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    yield urllib.parse.urlunsplit(parts._replace(path=f"/{name}"))
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def smtp():
    from aiosmtpd.controller import Controller

    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield inbox, controller.port
    controller.stop()


def sign_in(reader: Reader, origin: str, username: str, password: str) -> None:
    login = reader.get(origin + "/moderation/")
    signed_in = reader.post(
        login.url,
        {
            "csrfmiddlewaretoken": csrf_token(login.text),
            "username": username,
            "login": username,  # the field's name on an allauth sign-in form
            "password": password,
            "next": "/moderation/",
        },
    )
    assert "/moderation/" in signed_in.url, signed_in.text[:500]


def moderate(reader: Reader, origin: str, verb: str, comment: int) -> None:
    queue = reader.get(origin + "/moderation/")
    done = reader.post(
        origin + "/moderation/act/",
        {"csrfmiddlewaretoken": csrf_token(queue.text), "do": f"{verb}:{comment}"},
    )
    assert done.status == 200


def lease_and_beats(database_url: str) -> tuple[list[str], list[str]]:
    import psycopg

    with psycopg.connect(database_url) as connection:
        holders = [row[0] for row in connection.execute("SELECT holder FROM core_lease")]
        beating = [row[0] for row in connection.execute("SELECT worker FROM core_workerbeat")]
    return holders, beating


def test_two_app_servers_agree_at_once_and_one_worker_runs_the_periodic_jobs(
    database_url, redis_url, smtp, processes, tmp_path
):
    inbox, smtp_port = smtp
    environment = site_environment(
        tmp_path / "data",
        DATABASE_URL=database_url,
        REDIS_URL=redis_url,
        SECRET_KEY=SECRET,
        EMAIL_URL=f"smtp://127.0.0.1:{smtp_port}",
        WORKER_HEARTBEAT_SECONDS="1",
        WORKER_LEASE_SECONDS="4",
        SCHEDULED_PUBLISHING_INTERVAL="1",
    )
    rejoinder("setup", "--demo", env=environment)

    worker_command = [sys.executable, "-m", "rejoinder.cli", "worker"]
    workers = [processes.start(f"worker-{n}", worker_command, environment) for n in (1, 2)]
    port_a, port_b = free_port(), free_port()
    processes.serve("app-a", port=port_a, env=environment | {"DATABASE_POOL_SIZE": "4"})
    processes.serve("app-b", port=port_b, env=environment)
    a, b = f"http://127.0.0.1:{port_a}", f"http://127.0.0.1:{port_b}"

    # Two workers beat; exactly one holds the periodic jobs.
    wait_until(lambda: len(lease_and_beats(database_url)[1]) == 2, what="two heartbeats")
    holders, _beating = lease_and_beats(database_url)
    assert len(holders) == 1

    mara, tomas, moderator = Reader(), Reader(), Reader()
    article = first_article_path(tomas.get(b + "/").text)
    tomas.get(b + article)  # B has the page cached now

    # Mara posts through A and asks to hear of replies; the confirmation mail is a job on
    # Redis that a worker's rq worker sends to the SMTP server.
    page = mara.get(a + article).text
    posted = mara.post(
        a + comment_form_action(page),
        {
            "csrfmiddlewaretoken": csrf_token(page),
            "body": "Posted through server A.",
            "name": "Mara Guest",
            "email": "mara@example.org",
            "website": "",
            "homepage": "",
            "submission_token": "",
            "notify": "replies",
        },
    )
    assert "Posted through server A." in posted.text
    mine = posted_comment_id(posted)
    wait_until(
        lambda: any("mara@example.org" in to for to, _message in inbox.messages),
        what="the confirmation mail",
    )
    # Mara's own reader cookie works on B: she sees her comment there too.
    assert "Posted through server A." in mara.get(b + article).text

    # A moderator signs in on A; the session works on B. Whatever the policy did with a
    # new guest's first comment, approving it makes it everyone's at once on B.
    sign_in(moderator, a, "moderator", "rejoinder-demo")
    assert moderator.get(b + "/moderation/").url.endswith("/moderation/")
    moderate(moderator, b, "approve", mine)
    assert "Posted through server A." in tomas.get(b + article).text

    # Tomas votes through B; Mara sees the vote through A.
    assert vote(tomas, b, article, mine, "up").status == 200
    assert upvotes(mara.get(a + article).text, mine) == 1

    # A moderator's removal through A shows on B at once.
    theirs = posted_comment_id(post_comment(tomas, b, article, "Tomas, through server B."))
    moderate(moderator, b, "approve", theirs)
    assert "Tomas, through server B." in mara.get(a + article).text
    moderate(moderator, a, "remove", theirs)
    assert "Tomas, through server B." not in mara.get(b + article).text

    # Closing through B closes it on A.
    moderate(moderator, b, "close", mine)
    closed = mara.get(a + article).text
    assert "This discussion is closed" in closed
    assert 'id="comment-form"' not in closed  # no form to add to it

    # The worker holding the lease stops: the other takes the periodic jobs over.
    holder = lease_and_beats(database_url)[0][0]
    stopping = next(w for w in workers if f":{w.popen.pid}:" in holder)
    stopping.popen.kill()  # no clean exit: the lease must expire on its own
    survivor = next(w for w in workers if w is not stopping)
    wait_until(
        lambda: any(f":{survivor.popen.pid}:" in h for h in lease_and_beats(database_url)[0]),
        seconds=30,
        what="the second worker to take the lease",
    )
