"""Real processes for the deployment stories: a site set up once with `rejoinder setup`,
`rejoinder serve` and `rejoinder worker` started as an operator would, and a reader who
browses with cookies over HTTP(S) — the parts a deployment is made of, none mocked."""

import html
import http.cookiejar
import os
import re
import shutil
import socket
import ssl
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.message import Message
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SECRET = "x-test-secret-key-0123456789-abcdefghij"
# Variables of the developer's shell that must not leak into a site these tests start.
CLEARED = {
    "DATABASE_URL", "REDIS_URL", "SECRET_KEY", "SITE_URL", "EMAIL_URL", "HOST", "PORT",
    "DATA_DIR", "METRICS_DIR", "STATIC_ROOT", "MEDIA_ROOT", "BEHIND_TLS_PROXY", "DEBUG",
    "PROMETHEUS_MULTIPROC_DIR", "WEB_WORKERS", "WEB_THREADS",
}  # fmt: skip


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def site_environment(data_dir: Path, **variables: str) -> dict[str, str]:
    environment = {key: value for key, value in os.environ.items() if key not in CLEARED}
    return environment | {"DATA_DIR": str(data_dir), "PYTHONUNBUFFERED": "1", **variables}


def rejoinder(*arguments: str, env: dict[str, str], timeout: int = 900):
    """`rejoinder …` as an operator types it, from this checkout."""
    finished = subprocess.run(
        [sys.executable, "-m", "rejoinder.cli", *arguments],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert finished.returncode == 0, f"rejoinder {' '.join(arguments)}:\n{finished.stderr}"
    return finished


@pytest.fixture(scope="session")
def demo_site_template(tmp_path_factory) -> Path:
    """A DATA_DIR with the demo publication set up on SQLite, made once per session."""
    data_dir = tmp_path_factory.mktemp("demo-site")
    rejoinder("setup", env=site_environment(data_dir, SECRET_KEY=SECRET))
    return data_dir


@pytest.fixture
def demo_site(demo_site_template, tmp_path) -> Path:
    """A copy of the demo site of this test's own."""
    data_dir = tmp_path / "data"
    shutil.copytree(demo_site_template, data_dir, ignore=shutil.ignore_patterns("metrics"))
    return data_dir


@dataclass
class Process:
    name: str
    popen: subprocess.Popen
    log: Path

    def stop(self) -> None:
        if self.popen.poll() is None:
            self.popen.terminate()
            try:
                self.popen.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.popen.kill()
                self.popen.wait()

    def output(self) -> str:
        return self.log.read_text(errors="replace")


@dataclass
class Processes:
    """Processes a test starts; all are stopped when it ends, whatever happened."""

    directory: Path
    started: list[Process] = field(default_factory=list)

    def start(self, name: str, command: list[str], env: dict[str, str]) -> Process:
        log = self.directory / f"{name}.log"
        handle = log.open("wb")
        popen = subprocess.Popen(command, env=env, cwd=ROOT, stdout=handle, stderr=handle)
        process = Process(name, popen, log)
        self.started.append(process)
        return process

    def serve(self, name: str, *, port: int, env: dict[str, str]) -> Process:
        """`rejoinder serve` on 127.0.0.1:`port`, returned once it answers /healthz."""
        env = env | {"HOST": "127.0.0.1", "PORT": str(port), "WEB_WORKERS": "1"}
        command = [sys.executable, "-m", "rejoinder.cli", "serve"]
        process = self.start(name, command, env)
        wait_for(f"http://127.0.0.1:{port}/healthz", process)
        return process

    def stop_all(self) -> None:
        for process in reversed(self.started):
            process.stop()


@pytest.fixture
def processes(tmp_path) -> Iterator[Processes]:
    started = Processes(tmp_path)
    try:
        yield started
    finally:
        started.stop_all()


def wait_for(url: str, process: Process, *, seconds: float = 120, context=None) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.popen.poll() is not None:
            raise AssertionError(f"{process.name} exited:\n{process.output()[-4000:]}")
        try:
            with urllib.request.urlopen(url, timeout=5, context=context) as answer:
                if answer.status == 200:
                    return
        except (OSError, urllib.error.URLError):
            pass
        time.sleep(0.3)
    raise AssertionError(f"{url} did not answer:\n{process.output()[-4000:]}")


@dataclass
class Answer:
    status: int
    url: str
    headers: Message  # names match case-insensitively (granian sends them in lower case)
    text: str


class Reader:
    """A reader's browser without JavaScript: cookies, forms, redirects followed."""

    def __init__(self, *, tls_context: ssl.SSLContext | None = None) -> None:
        self.cookies = http.cookiejar.CookieJar()
        handlers = [urllib.request.HTTPCookieProcessor(self.cookies)]
        if tls_context is not None:
            handlers.append(urllib.request.HTTPSHandler(context=tls_context))
        self.opener = urllib.request.build_opener(*handlers)

    def open(self, url: str, data: dict | None = None, headers: dict | None = None) -> Answer:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(url, data=body, headers=headers or {})
        if data is not None:
            # Django's CSRF check on HTTPS wants a same-origin Referer or Origin.
            parts = urllib.parse.urlsplit(url)
            request.add_header("Origin", f"{parts.scheme}://{parts.netloc}")
            request.add_header("Referer", url)
        try:
            with self.opener.open(request, timeout=60) as answer:
                body = answer.read().decode(errors="replace")
                return Answer(answer.status, answer.url, answer.headers, body)
        except urllib.error.HTTPError as error:
            return Answer(error.code, url, error.headers, error.read().decode(errors="replace"))

    def get(self, url: str, **headers) -> Answer:
        return self.open(url, headers=headers)

    def post(self, url: str, fields: dict, **headers) -> Answer:
        return self.open(url, data=fields, headers=headers)

    def cookie(self, name: str) -> http.cookiejar.Cookie:
        return next(cookie for cookie in self.cookies if cookie.name == name)


def csrf_token(page: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)


def first_article_path(home_page: str) -> str:
    """The first article linked from the front page: a category the page links to, then a
    slug (other two-part paths, such as the sign-in page, are not articles)."""
    categories = set(re.findall(r'href="/([a-z0-9-]+)/"', home_page))
    paths = re.findall(r'href="/([a-z0-9-]+)/([a-z0-9-]+)/"', home_page)
    return next(f"/{category}/{slug}/" for category, slug in paths if category in categories)


def comment_form_action(article_page: str) -> str:
    return html.unescape(re.search(r'id="comment-form"[^>]*action="([^"]+)"', article_page)[1])


def post_comment(reader: Reader, origin: str, article_path: str, text: str) -> Answer:
    """Fill in the article's comment form as a guest and send it; lands on the article."""
    page = reader.get(origin + article_path).text
    return reader.post(
        origin + comment_form_action(page),
        {
            "csrfmiddlewaretoken": csrf_token(page),
            "body": text,
            "name": "Mara Guest",
            "email": "mara@example.org",
            "website": "",
            "homepage": "",
            "submission_token": "",
        },
    )


def posted_comment_id(answer: Answer) -> int:
    """The id of the comment just posted: the post lands on the article at its anchor
    (#comment-<id>), shown even while it awaits moderation, to its author only."""
    return int(answer.url.rsplit("#comment-", 1)[1])


def comment_ids(page: str) -> list[int]:
    """Ids of the comments everyone sees on the page, in page order."""
    return [int(found) for found in re.findall(r'<li id="comment-(\d+)"', page)]


def vote(reader: Reader, origin: str, article_path: str, comment: int, value: str) -> Answer:
    page = reader.get(origin + article_path).text
    return reader.post(
        f"{origin}/discussion/comment/{comment}/vote/",
        {"csrfmiddlewaretoken": csrf_token(page), "value": value},
    )


def upvotes(page: str, comment: int) -> int:
    """The number of up votes the comment's vote form shows."""
    form = re.search(rf'id="votes-{comment}".*?</form>', page, re.S).group(0)
    return int(re.search(r'class="vote-count" data-up="\d+">(\d+)<', form).group(1))
