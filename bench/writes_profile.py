"""CPU per vote and per post, in one process, through the WSGI application `rejoinder serve`
runs (issue #16): the bench's write rows without a server, wrk or a loaded machine's wall time.

    .venv/bin/python bench/writes_profile.py [--count 300] [--data-dir DIR] [--queries]
                                             [--profile vote|post] [--fresh]

The first run prepares DIR as bench/run.py prepares its Rejoinder (`rejoinder setup --demo`,
the policy's own rate rule off, one seeded thread of 200 comments); later runs reuse it. With
DATABASE_URL (and SECRET_KEY, REDIS_URL) set, it runs on that database instead of SQLite.
Requests are the bench's (bench/run.py big_thread_requests): a form POST with the CSRF cookie
and token of a first visit and no other cookie, from 127.0.0.1. Prints CPU milliseconds per
request (time.process_time), the SQL of one vote and one post with --queries, and a cProfile
top list of the chosen write with --profile.
"""

import argparse
import cProfile
import io
import json
import os
import pstats
import re
import subprocess
import sys
import time
import urllib.parse
from collections.abc import Callable
from pathlib import Path

BENCH = Path(__file__).resolve().parent
# This checkout's code, also where the virtualenv's editable install points elsewhere.
sys.path.insert(0, str(BENCH.parent))
RAISED_RATE = "1000000/s"
THREAD_SIZE = 200


def environment(data_dir: Path) -> dict[str, str]:
    """bench/run.py's rejoinder_env, less the server's own settings."""
    env = dict(os.environ)
    env.update(
        DATA_DIR=str(data_dir),
        DEBUG="false",
        COMMENT_RATE_PER_CLIENT=RAISED_RATE,
        COMMENT_RATE_PER_EMAIL=RAISED_RATE,
        VOTE_RATE_PER_CLIENT=RAISED_RATE,
        VOTE_RATE_PER_COMMENT=RAISED_RATE,
        VOTE_RATE_WITHOUT_COOKIE=RAISED_RATE,
        LIVE_PORT="0",
        LOG_LEVEL="WARNING",
        DJANGO_SETTINGS_MODULE="rejoinder.settings",
        PYTHONPATH=os.pathsep.join(filter(None, [str(BENCH.parent), os.environ.get("PYTHONPATH")])),
    )
    return env


def prepare(data_dir: Path, env: dict[str, str]) -> dict:
    """The seeded thread's ids and address, seeding `data_dir` first if it is new."""
    seeded = data_dir / "writes-profile.json"
    if seeded.exists():
        return json.loads(seeded.read_text())
    data_dir.mkdir(parents=True, exist_ok=True)
    python = sys.executable
    subprocess.run([python, "-m", "rejoinder.cli", "setup", "--demo"], env=env, check=True)
    # Off, as bench/run.py has it: raised, it would count every post of the runs so far.
    policy_limit_off = (
        "from rejoinder.moderation.models import ModerationSettings as M; "
        "s = M.load(); s.rate_limit_count = 0; s.save()"
    )
    subprocess.run(
        [python, "-m", "rejoinder.cli", "manage", "shell", "-c", policy_limit_off],
        env=env,
        check=True,
    )
    plan = [{"name": "big", "comments": THREAD_SIZE, "seed": 1}]
    output = subprocess.run(
        [python, str(BENCH / "seed_rejoinder.py"), json.dumps(plan)],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    thread = json.loads(output)["big"][0]
    seeded.write_text(json.dumps(thread))
    return thread


def wsgi_environ(method: str, path: str, *, body: bytes = b"", headers=()) -> dict:
    """The WSGI environ of a request as wrk sends it: no cookie jar, fixed headers."""
    path, _, query = path.partition("?")
    environ = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_HOST": "127.0.0.1:8000",
        "CONTENT_LENGTH": str(len(body)),
        "wsgi.input": io.BytesIO(body),
        "wsgi.errors": sys.stderr,
        "wsgi.url_scheme": "http",
        "wsgi.version": (1, 0),
        "wsgi.multithread": True,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }
    for name, value in headers:
        key = name.upper().replace("-", "_")
        environ[key if key == "CONTENT_TYPE" else f"HTTP_{key}"] = value
    return environ


class Caller:
    """Requests to a WSGI application as wrk sends them: no cookie jar, fixed headers."""

    def __init__(self, application):
        self.application = application

    def __call__(self, method: str, path: str, *, body: bytes = b"", headers=()) -> tuple:
        environ = wsgi_environ(method, path, body=body, headers=headers)
        answer = {}

        def start_response(status, response_headers, exc_info=None):
            answer["status"], answer["headers"] = int(status.split()[0]), response_headers

        chunks = self.application(environ, start_response)
        try:
            content = b"".join(chunks)
        finally:
            if hasattr(chunks, "close"):
                chunks.close()
        return answer["status"], answer["headers"], content


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=300, help="votes and posts a round")
    parser.add_argument("--rounds", type=int, default=3, help="rounds; the least is shown")
    parser.add_argument("--data-dir", type=Path, default=Path("/tmp/rejoinder-writes-profile"))
    parser.add_argument("--queries", action="store_true", help="list one vote's and post's SQL")
    parser.add_argument("--profile", choices=("vote", "post"), help="cProfile top list")
    parser.add_argument("--fresh", action="store_true", help="prepare the data dir anew")
    args = parser.parse_args()
    if args.fresh and args.data_dir.exists():
        subprocess.run(["rm", "-rf", str(args.data_dir)], check=True)
    env = environment(args.data_dir)
    thread = prepare(args.data_dir, env)
    os.environ.update(env)

    from rejoinder.wsgi import application  # after the environment: it sets Django up

    call = Caller(application)
    _status, headers, page = call("GET", thread["article_url"])
    cookies = " ".join(value for name, value in headers if name.lower() == "set-cookie")
    cookie = re.search(r"csrftoken=([^;]+)", cookies).group(1)
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1).decode()
    form = (
        ("Content-Type", "application/x-www-form-urlencoded"),
        ("Cookie", f"csrftoken={cookie}"),
    )
    comment_ids = range(thread["first_comment_id"], thread["last_comment_id"] + 1)
    run = time.time_ns()

    def vote(n: int) -> None:
        body = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "value": "up"}).encode()
        comment_id = comment_ids[n % len(comment_ids)]
        answer = call("POST", f"/discussion/comment/{comment_id}/vote/", body=body, headers=form)
        assert answer[0] == 302, answer[:2]

    def post(n: int) -> None:
        body = urllib.parse.urlencode(
            {
                "csrfmiddlewaretoken": token,
                "body": f"A comment posted under load, number {n} of run {run}.",
                "name": "Bench Reader",
                "email": f"reader{n}.{run}@example.org",
                "website": "",
                "homepage": "",
                "submission_token": f"p{run}-{n}",
            }
        ).encode()
        answer = call("POST", f"/discussion/{thread['thread_id']}/post/", body=body, headers=form)
        assert answer[0] == 302, answer[:2]

    writes = {"vote": vote, "post": post}
    serial = iter(range(10**9))
    for write in writes.values():  # warm: first-use imports, kept rules, compiled templates
        for _ in range(20):
            write(next(serial))

    if args.queries:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        for name, write in writes.items():
            with CaptureQueriesContext(connection) as captured:
                write(next(serial))
            print(f"-- {len(captured.captured_queries)} queries in one {name}")
            for query in captured.captured_queries:
                print(f"   {query['time']}s  {query['sql'][:200]}")

    backend = "postgresql" if os.environ.get("DATABASE_URL") else "sqlite"
    # On a loaded machine the least of a few rounds is the steadiest figure.
    for name, write in writes.items():
        rounds = []
        for _ in range(args.rounds):
            started = time.process_time()
            for _ in range(args.count):
                write(next(serial))
            rounds.append((time.process_time() - started) / args.count * 1000)
        shown = ", ".join(f"{spent:.2f}" for spent in rounds)
        print(f"{backend} {name}: {min(rounds):.2f} ms CPU per request (rounds: {shown})")

    if args.profile:
        print_profile(lambda: writes[args.profile](next(serial)), args.count)


def print_profile(request: Callable[[], object], count: int) -> None:
    """cProfile top lists of `count` calls of `request`: by total, the project's own
    functions by total, and by own time."""
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(count):
        request()
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out).sort_stats("cumulative")
    stats.print_stats(45)
    stats.print_stats("/rejoinder/", 40)
    print(out.getvalue())
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(30)
    print(out.getvalue())


if __name__ == "__main__":
    main()
