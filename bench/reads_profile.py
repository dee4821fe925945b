"""CPU per read answered from memory, in one process, through the WSGI application `rejoinder
serve` runs (issue #12): the bench's read rows without a server, wrk or a loaded machine's
wall time; the reads counterpart of bench/writes_profile.py.

    .venv/bin/python bench/reads_profile.py [--count 3000] [--rounds 5] [--data-dir DIR]
                                            [--profile fragment|frame|api|article] [--fresh]

The first run prepares DIR as bench/run.py prepares its Rejoinder (`rejoinder setup --demo`,
the bench's discussion of 1,000 comments and the same discussion on a page of the demo's
embedding site); later runs reuse it. With DATABASE_URL (and SECRET_KEY, REDIS_URL) set, it
runs on that database instead of SQLite. Requests are the bench's (bench/run.py
run_rejoinder): the thread fragment and the API's page with the CSRF cookie the article page
set, the embed's frame as embed.js asks for it and the article page, both without cookies.
Prints CPU microseconds per request (time.process_time, the least of the rounds), the body's
bytes and how many requests went through Django rather than memory (0 when kept), and a
cProfile top list of the chosen row with --profile. Under granian each request costs more
than here: fitted to the bench of 2026-12-01, a server's CPU per request was about 80 µs plus
1.9 times these figures, so frame ÷ fragment there is about (80 + 1.9 × fragment) ÷
(80 + 1.9 × frame).
"""

import argparse
import json
import os
import re
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

from writes_profile import environment, print_profile, wsgi_environ

BENCH = Path(__file__).resolve().parent
THREAD_SIZE = 1000  # bench/run.py FULL's big discussion
EMBED_SITE = "demo-blog"  # bench/run.py EMBED_SITE


def prepare(data_dir: Path, env: dict[str, str]) -> dict:
    """The seeded discussions ("big" and "embed", as bench/run.py plans them), seeding
    `data_dir` first if it is new."""
    seeded = data_dir / "reads-profile.json"
    if seeded.exists():
        return json.loads(seeded.read_text())
    data_dir.mkdir(parents=True, exist_ok=True)
    subprocess.run([sys.executable, "-m", "rejoinder.cli", "setup", "--demo"], env=env, check=True)
    plan = [
        {"name": "big", "comments": THREAD_SIZE, "seed": 1},
        {
            "name": "embed",
            "comments": THREAD_SIZE,
            "seed": 1,
            "embed": {
                "site": EMBED_SITE,
                "identifier": "bench-page",
                "path": "/notes/a-page-with-a-discussion/",
                "title": "A page with a discussion",
            },
        },
    ]
    output = subprocess.run(
        [sys.executable, str(BENCH / "seed_rejoinder.py"), json.dumps(plan)],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    threads = {name: found[0] for name, found in json.loads(output).items()}
    seeded.write_text(json.dumps(threads))
    return threads


def requester(application, path: str, headers=()):
    """A function sending GET `path` with `headers` to `application` as wrk sends it (no
    cookie jar, fixed headers), returning (status, headers, body). The environ is built once:
    each call costs a copy of it, so that the rows' figures are the application's."""
    environ = wsgi_environ("GET", path, headers=headers)
    answer = []

    def start_response(status, response_headers, exc_info=None):
        answer[:] = [status, response_headers]

    def send() -> tuple:
        chunks = application(dict(environ), start_response)
        try:
            body = b"".join(chunks)
        finally:
            if hasattr(chunks, "close"):
                chunks.close()
        return int(answer[0][:3]), answer[1], body

    return send


def shared_reads(application):
    """The SharedReads layer inside the WSGI wrappers."""
    from rejoinder.discussion.shared_reads import SharedReads

    while not isinstance(application, SharedReads):
        application = application.app
    return application


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=3000, help="requests of a row a round")
    parser.add_argument("--rounds", type=int, default=5, help="rounds; the least is shown")
    parser.add_argument("--data-dir", type=Path, default=Path("/tmp/rejoinder-reads-profile"))
    parser.add_argument("--profile", choices=("fragment", "frame", "api", "article"))
    parser.add_argument("--fresh", action="store_true", help="prepare the data dir anew")
    args = parser.parse_args()
    if args.fresh and args.data_dir.exists():
        subprocess.run(["rm", "-rf", str(args.data_dir)], check=True)
    env = environment(args.data_dir)
    threads = prepare(args.data_dir, env)
    os.environ.update(env)

    from rejoinder.wsgi import application  # after the environment: it sets Django up

    big, embedded = threads["big"], threads["embed"]
    _status, headers, _page = requester(application, big["article_url"])()
    cookies = " ".join(value for name, value in headers if name.lower() == "set-cookie")
    csrf = ("Cookie", f"csrftoken={re.search(r'csrftoken=([^;]+)', cookies).group(1)}")
    frame_query = urllib.parse.urlencode(
        {  # as embed.js builds the frame's address (bench/run.py)
            "site": embedded["site"],
            "page": embedded["identifier"],
            "url": embedded["url"],
            "title": embedded["title"],
            "origin": embedded["origin"],
            "theme": "light",
        }
    )
    rows = {
        "fragment": requester(
            application,
            f"/discussion/{big['thread_id']}/comments/",
            (("HX-Request", "true"), csrf),
        ),
        "frame": requester(application, f"/embed/frame/?{frame_query}"),
        "api": requester(application, f"/api/v1/threads/{big['thread_id']}/comments", (csrf,)),
        "article": requester(application, big["article_url"]),
    }
    bodies = {}
    for name, send in rows.items():  # warm: first-use imports, kept pages, compiled templates
        for _ in range(50):
            status, _headers, bodies[name] = send()
            assert status == 200, (name, status)

    # Counts the requests that reach Django: a kept page's should not.
    shared = shared_reads(application)
    django_application, through_django = shared.app, [0]

    def counted(environ, start_response):
        through_django[0] += 1
        return django_application(environ, start_response)

    shared.app = counted
    backend = "postgresql" if os.environ.get("DATABASE_URL") else "sqlite"
    spent = {}
    for name, send in rows.items():
        through_django[0], rounds = 0, []
        for _ in range(args.rounds):
            started = time.process_time()
            for _ in range(args.count):
                send()
            rounds.append((time.process_time() - started) / args.count * 1e6)
        spent[name] = min(rounds)
        shown = ", ".join(f"{value:.1f}" for value in rounds)
        print(
            f"{backend} {name:9}{spent[name]:7.1f} µs CPU per request, {len(bodies[name]):,} "
            f"body bytes, {through_django[0]} through Django (rounds: {shown})"
        )
    print(f"frame - fragment: {spent['frame'] - spent['fragment']:+.1f} µs")

    if args.profile:
        print_profile(rows[args.profile], args.count)


if __name__ == "__main__":
    main()
