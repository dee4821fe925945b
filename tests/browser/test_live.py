"""A live discussion, as two readers in Chromium find it on the real deployment: `rejoinder
serve` (two web processes and two live processes) behind nginx with deploy/'s configuration.
Nadia writes; Tomas, reading the same article, is told of her comments within two seconds
and shows them where they belong; a moderator's approval reaches him; his vote reaches her;
her deletion leaves a placeholder on his page; closing the discussion takes his form away.
On SQLite (events read from the database) and, when DATABASE_URL and REDIS_URL are set, on
PostgreSQL and Redis (events through pub/sub)."""

import os
import ssl
import subprocess
import sys
import urllib.parse

import pytest
from playwright.sync_api import expect

from tests.browser.test_accessibility import describe, violations
from tests.deploy.conftest import (
    SECRET,
    Reader,
    csrf_token,
    demo_site,  # noqa: F401  (a fixture)
    demo_site_template,  # noqa: F401  (a fixture)
    first_article_path,
    free_port,
    processes,  # noqa: F401  (a fixture)
    rejoinder,
    site_environment,
    wait_for,
)
from tests.deploy.test_nginx import NGINX, nginx_config, self_signed_certificate

DATABASE_URL = os.environ.get("DATABASE_URL", "")
REDIS_URL = os.environ.get("REDIS_URL", "")
SOON_MS = 2000  # "within two seconds"


def scaled_environment(tmp_path) -> dict[str, str] | None:
    """A fresh PostgreSQL database of this test's own and the given Redis database, or None
    when they are not configured."""
    if not (DATABASE_URL.startswith("postgres") and REDIS_URL):
        return None
    import psycopg

    parts = urllib.parse.urlsplit(DATABASE_URL)
    name = f"{parts.path.lstrip('/') or 'rejoinder'}_live"
    admin = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    database = urllib.parse.urlunsplit(parts._replace(path=f"/{name}"))
    environment = site_environment(
        tmp_path / "data", DATABASE_URL=database, REDIS_URL=REDIS_URL, SECRET_KEY=SECRET
    )
    rejoinder("setup", "--demo", env=environment)
    return environment


@pytest.fixture(params=["sqlite", "postgres-redis"])
def site(request, tmp_path, processes):  # noqa: F811
    if request.param == "sqlite":
        environment = site_environment(request.getfixturevalue("demo_site"), SECRET_KEY=SECRET)
    else:
        environment = scaled_environment(tmp_path)
        if environment is None:
            pytest.skip("PostgreSQL + Redis: set DATABASE_URL and REDIS_URL to run this")
    app_port, live_port, https_port = free_port(), free_port(), free_port()
    origin = f"https://127.0.0.1:{https_port}"
    environment |= {
        "HOST": "127.0.0.1",
        "PORT": str(app_port),
        "LIVE_PORT": str(live_port),
        "WEB_WORKERS": "2",
        "LIVE_WORKERS": "2",
        "BEHIND_TLS_PROXY": "1",
    }
    server = processes.start("serve", [sys.executable, "-m", "rejoinder.cli", "serve"], environment)
    wait_for(f"http://127.0.0.1:{app_port}/healthz", server)

    proxy_dir = tmp_path / "nginx"
    proxy_dir.mkdir()
    certificate, key = self_signed_certificate(proxy_dir)
    data_dir = environment["DATA_DIR"]
    main = nginx_config(
        proxy_dir,
        REJOINDER_APP_SERVERS=f"server 127.0.0.1:{app_port};",
        REJOINDER_LIVE_SERVERS=f"server 127.0.0.1:{live_port};",
        REJOINDER_HTTP_PORT=str(free_port()),
        REJOINDER_HTTPS_PORT=str(https_port),
        REJOINDER_SERVER_NAME="127.0.0.1",
        REJOINDER_PUBLIC_ORIGIN=origin,
        REJOINDER_LOG_DIR=str(proxy_dir),
        REJOINDER_TLS_CERTIFICATE=str(certificate),
        REJOINDER_TLS_KEY=str(key),
        REJOINDER_STATIC_ROOT=f"{data_dir}/static",
        REJOINDER_MEDIA_ROOT=f"{data_dir}/media",
    )
    tested = subprocess.run([NGINX, "-t", "-c", str(main)], capture_output=True, text=True)
    assert tested.returncode == 0, tested.stderr
    nginx = processes.start("nginx", [NGINX, "-c", str(main), "-g", "daemon off;"], environment)
    tls = ssl.create_default_context(cafile=str(certificate))
    wait_for(f"{origin}/healthz", nginx, context=tls)
    return {"origin": origin, "tls": tls}


def moderator_does(site, verb: str, comment_id: int) -> None:
    """The demo moderator, signed in, acts on a comment from the queue's form."""
    moderator = Reader(tls_context=site["tls"])
    origin = site["origin"]
    login = moderator.get(origin + "/moderation/")
    moderator.post(
        login.url,
        {
            "csrfmiddlewaretoken": csrf_token(login.text),
            "login": "moderator",
            "username": "moderator",
            "password": "rejoinder-demo",
            "next": "/moderation/",
        },
    )
    queue = moderator.get(origin + "/moderation/")
    done = moderator.post(
        origin + "/moderation/act/",
        {"csrfmiddlewaretoken": csrf_token(queue.text), "do": f"{verb}:{comment_id}"},
    )
    assert done.status == 200, done.text[:500]


def reader_page(browser, site, article: str, *, mode: str = "stream"):
    context = browser.new_context(base_url=site["origin"], ignore_https_errors=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(article)
    # Streaming through nginx's /live/ block, or polling where nothing routes /live/.
    page.wait_for_selector(f"section.discussion[data-live={mode}]", state="attached")
    return page, errors


def post_as_guest(page, text: str, *, name: str, email: str, form: str = "#comment-form"):
    page.fill(f"{form} textarea[name=body]", text)
    page.fill(f"{form} input[name=name]", name)
    page.fill(f"{form} input[name=email]", email)
    page.locator(f"{form} button[type=submit]:not([name=preview])").click()


def newest_comment_id(page, text: str) -> int:
    item = page.locator("li.comment", has_text=text).last  # the innermost: not its parent
    item.wait_for()
    return int(item.get_attribute("id").removeprefix("comment-"))


def test_two_readers_see_each_other_live(browser, site):
    origin = site["origin"]
    article = first_article_path(Reader(tls_context=site["tls"]).get(origin + "/").text)
    nadia, nadia_errors = reader_page(browser, site, article)
    tomas, tomas_errors = reader_page(browser, site, article)
    notice = tomas.locator("#live-notice")

    # Nadia's first comment as a guest waits for a moderator: Tomas is told nothing.
    post_as_guest(
        nadia,
        "First time here: the ferry timetable matters more.",
        name="Nadia",
        email="nadia@example.org",
    )
    held = newest_comment_id(nadia, "the ferry timetable matters more")
    tomas.wait_for_timeout(1500)
    assert notice.inner_text() == ""
    assert "ferry timetable" not in tomas.content()

    # A moderator approves it: Tomas is told, and Show puts it in the list.
    moderator_does(site, "approve", held)
    expect(notice).to_contain_text("1 new comment", timeout=SOON_MS + 1000)
    assert not (found := violations(tomas)), describe(found)  # the notice passes axe-core
    notice.get_by_role("button", name="Show").click()
    tomas.locator(f"#comment-{held}").get_by_text("the ferry timetable matters more").wait_for()
    assert tomas.evaluate("document.activeElement.id") == f"comment-{held}"

    # Approved once, Nadia is trusted: her next comment is up at once, and Tomas hears of it
    # within two seconds. Nadia is not told of her own comment.
    post_as_guest(nadia, "And the night buses, too.", name="Nadia", email="nadia@example.org")
    mine = newest_comment_id(nadia, "the night buses")
    expect(notice).to_contain_text("1 new comment", timeout=SOON_MS)
    notice.get_by_role("button", name="Show").click()
    tomas.locator(f"#comment-{mine}").get_by_text("the night buses").wait_for()
    nadia.wait_for_timeout(1000)
    assert "new comment" not in nadia.locator("#live-notice").inner_text()

    # Tomas (a regular of the demo, trusted) replies: Nadia is told under her comment.
    tomas.locator(f"#comment-{mine} .reply-link").first.click()
    reply_form = f"#reply-form-{mine}"
    tomas.wait_for_selector(reply_form)
    post_as_guest(
        tomas,
        "Night buses run till two.",
        name="Tomás Reyna",
        email="t.reyna@example.net",
        form=reply_form,
    )
    answer = newest_comment_id(tomas, "Night buses run till two.")
    under = nadia.locator(f"#replies-{mine} li.live-replies")
    under.get_by_text("1 new reply").wait_for(timeout=SOON_MS)
    assert not (found := violations(nadia)), describe(found)
    under.get_by_role("button", name="Show").click()
    nadia.locator(f"#replies-{mine} #comment-{answer}").wait_for()

    # Tomas votes for Nadia's comment: her page shows the new score in place.
    before = int(nadia.locator(f"[data-score='{mine}']").inner_text())
    tomas.locator(f"#vote-{mine}-up").click()
    score = nadia.locator(f"[data-score='{mine}']")
    expect(score).to_have_text(str(before + 1), timeout=SOON_MS)

    # Nadia deletes her comment: it has a reply, so Tomas sees its placeholder.
    nadia.locator(f"#comment-{mine} .delete-link").click()
    nadia.get_by_role("button", name="Delete my comment").click()
    tomas.locator(f"#comment-{mine} .tombstone").get_by_text("This comment was deleted.").wait_for(
        timeout=SOON_MS
    )
    assert tomas.locator(f"#comment-{answer}").is_visible()  # the reply stays

    # A moderator closes the discussion: Tomas's form gives way to the notice.
    moderator_does(site, "close", held)
    tomas.locator(".closed-notice").wait_for(timeout=SOON_MS)
    assert tomas.locator("#comment-form").count() == 0

    assert not nadia_errors and not tomas_errors, nadia_errors + tomas_errors


def test_without_a_proxy_the_page_polls_and_still_hears(browser, demo_site, processes):  # noqa: F811
    """`rejoinder run`, or a server reached directly: the site answers /live/ itself, briefly,
    and the page comes back every LIVE_POLL_SECONDS; a vote still reaches the other reader."""
    port = free_port()
    environment = site_environment(demo_site, SECRET_KEY=SECRET) | {
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "LIVE_PORT": "0",  # as `rejoinder run`: no live app
        "WEB_WORKERS": "2",
    }
    server = processes.start("serve", [sys.executable, "-m", "rejoinder.cli", "serve"], environment)
    origin = f"http://127.0.0.1:{port}"
    wait_for(f"{origin}/healthz", server)
    site = {"origin": origin, "tls": None}
    article = first_article_path(Reader().get(origin + "/").text)
    nadia, nadia_errors = reader_page(browser, site, article, mode="poll")
    tomas, tomas_errors = reader_page(browser, site, article, mode="poll")

    first = tomas.locator("li.comment").first.get_attribute("id").removeprefix("comment-")
    score = nadia.locator(f"[data-score='{first}']")
    before = int(score.inner_text())
    tomas.locator(f"#vote-{first}-up").click()
    expect(score).to_have_text(str(before + 1), timeout=(3 + 2) * 1000)  # a poll, and a margin
    assert not nadia_errors and not tomas_errors, nadia_errors + tomas_errors
