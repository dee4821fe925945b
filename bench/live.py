"""The live discussion's row (issue 17): `rejoinder serve` with its live app, and on it
1,000 idle event streams (the live process's RSS per connection), the time from a post's
response to its event at 200 listeners of the article, and page reads with and without
the streams open. Run alone: `python bench/live.py` (it sets up a demo site in a temporary
folder), or from bench/run.py with a site it has set up.

Targets: RSS per idle connection < 50 KB; post → event p99 < 1 s at 200 listeners; page
reads with the streams open within 10% of without."""

import argparse
import asyncio
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass
from http.cookiejar import CookieJar
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# A demo regular whose comments are published at once (trusted by the moderation policy).
TRUSTED_GUEST = ("Tomás Reyna", "t.reyna@example.net")


@dataclass
class LiveResult:
    idle: int
    kb_per_connection: float
    listeners: int
    posts: int
    p50_ms: float
    p99_ms: float
    missed: int
    reads_without: float
    reads_with: float

    @property
    def reads_ratio(self) -> float:
        return self.reads_with / self.reads_without if self.reads_without else 0.0

    def passes(self) -> dict[str, bool]:
        return {
            "rss": self.kb_per_connection < 50,
            "latency": self.p99_ms < 1000 and not self.missed,
            "reads": self.reads_ratio >= 0.9,
        }


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def rss_kb(pid: int) -> int:
    """Resident memory of `pid` and its descendants, in KB."""
    total = 0
    pids = [pid]
    while pids:
        current = pids.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            total += int(re.search(r"VmRSS:\s+(\d+)", status)[1])
            children = Path(f"/proc/{current}/task/{current}/children").read_text().split()
        except (OSError, TypeError):
            continue
        pids.extend(int(child) for child in children)
    return total


def live_pid(serve_pid: int) -> int:
    """The live app's granian (its command line names rejoinder.live.asgi)."""
    for child in Path(f"/proc/{serve_pid}/task/{serve_pid}/children").read_text().split():
        if b"rejoinder.live.asgi" in Path(f"/proc/{child}/cmdline").read_bytes():
            return int(child)
    raise RuntimeError("no live app under `rejoinder serve`")


async def open_stream(port: int, thread_id: int, events: asyncio.Queue | None):
    """One EventSource, as lean as a client can be: the request, then read lines."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(
        f"GET /live/stream/?thread={thread_id} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        "Accept: text/event-stream\r\n\r\n".encode()
    )
    await writer.drain()
    status = await reader.readline()
    if b" 200 " not in status:
        writer.close()
        raise RuntimeError(f"stream refused: {status!r}")

    async def read() -> None:
        try:
            while line := await reader.readline():
                if events is not None and line.startswith(b'data: {"kind":"comment"'):
                    events.put_nowait((time.monotonic(), json.loads(line[6:])["id"]))
        except (ConnectionError, asyncio.CancelledError):
            pass

    return writer, asyncio.create_task(read())


def post(origin: str, article: str, text: str) -> tuple[float, int]:
    """Post as a trusted guest through the form; (time the response came, comment id)."""
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
    page = opener.open(origin + article).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1]
    action = re.search(r'id="comment-form"[^>]*action="([^"]+)"', page)[1]
    fields = {"csrfmiddlewaretoken": token, "body": text, "name": TRUSTED_GUEST[0]}
    fields |= {"email": TRUSTED_GUEST[1], "website": "", "homepage": "", "submission_token": ""}
    request = urllib.request.Request(
        origin + action,
        data=urllib.parse.urlencode(fields).encode(),
        headers={"Referer": origin + article},
    )
    with opener.open(request) as answer:
        answer.read()
        done = time.monotonic()
        return done, int(answer.url.rsplit("#comment-", 1)[1])


def wrk_rate(url: str, seconds: int) -> float:
    out = subprocess.run(
        ["wrk", "-t1", "-c8", f"-d{seconds}s", url], capture_output=True, text=True, check=True
    ).stdout
    return float(re.search(r"Requests/sec:\s+([\d.]+)", out)[1])


async def measure(
    *, origin: str, live_port: int, serve_pid: int, article: str, thread_id: int, idle: int,
    listeners: int, posts: int, read_seconds: int,
) -> LiveResult:  # fmt: skip
    loop = asyncio.get_running_loop()
    page_url = origin + article
    await loop.run_in_executor(None, wrk_rate, page_url, 1)  # warm: caches, connections
    reads_without = await loop.run_in_executor(None, wrk_rate, page_url, read_seconds)

    pid = live_pid(serve_pid)
    warm = [await open_stream(live_port, thread_id, None) for _ in range(10)]
    await asyncio.sleep(1)
    before = rss_kb(pid)
    streams = []
    for start in range(0, idle, 100):  # in batches, as readers arrive
        batch = [
            open_stream(live_port, thread_id, None) for _ in range(start, min(idle, start + 100))
        ]
        streams += await asyncio.gather(*batch)
    await asyncio.sleep(2)
    kb = (rss_kb(pid) - before) / idle

    reads_with = await loop.run_in_executor(None, wrk_rate, page_url, read_seconds)

    arrivals: asyncio.Queue = asyncio.Queue()
    listening = [await open_stream(live_port, thread_id, arrivals) for _ in range(listeners)]
    await asyncio.sleep(1)
    delays, missed = [], 0
    for n in range(posts):
        text = f"Bench {n} at {time.time():.3f}."  # never a repeated post
        done, comment_id = await loop.run_in_executor(None, post, origin, article, text)
        heard = 0
        deadline = done + 5
        while heard < listeners and time.monotonic() < deadline:
            try:
                at, event_id = await asyncio.wait_for(arrivals.get(), deadline - time.monotonic())
            except TimeoutError:
                break
            if event_id == comment_id:
                heard += 1
                delays.append(max(at - done, 0.0) * 1000)
        missed += listeners - heard
    for writer, task in [*warm, *streams, *listening]:
        task.cancel()
        writer.close()
    delays.sort()
    p99 = delays[min(len(delays) - 1, int(len(delays) * 0.99))] if delays else float("inf")
    return LiveResult(
        idle=idle,
        kb_per_connection=kb,
        listeners=listeners,
        posts=posts,
        p50_ms=statistics.median(delays) if delays else float("inf"),
        p99_ms=p99,
        missed=missed,
        reads_without=reads_without,
        reads_with=reads_with,
    )


def run_live(
    data_dir: Path, *, env: dict[str, str] | None = None, smoke: bool = False
) -> LiveResult:
    """Serve the set-up site in `data_dir` (with `env`'s settings) and measure it."""
    port, live_port = free_port(), free_port()
    # `env` is a whole environment when given: bench/run.py's SQLite one leaves out the
    # DATABASE_URL a run with PostgreSQL rows has in os.environ, which must not come back.
    environment = {**(env if env is not None else os.environ), "DATA_DIR": str(data_dir)}
    environment |= {
        "HOST": "127.0.0.1", "PORT": str(port), "LIVE_PORT": str(live_port),
        "WEB_WORKERS": "2", "LIVE_WORKERS": "1", "RATELIMIT_ENABLE": "0",
    }  # fmt: skip
    environment.setdefault("SECRET_KEY", "bench-live-secret-key-0123456789-abcdefgh")
    # Every post comes from one address: the policy's own rate limit is raised (as bench/run.py
    # does), not switched off.
    raise_policy_limit = (
        "from rejoinder.moderation.models import ModerationSettings as M; "
        "s = M.load(); s.rate_limit_count = 10**9; s.save()"
    )
    manage = [sys.executable, "-m", "rejoinder.cli", "manage", "shell", "-c", raise_policy_limit]
    subprocess.run(manage, env=environment, cwd=ROOT, check=True, capture_output=True)
    log = open(data_dir / "live-bench-serve.log", "ab")  # noqa: SIM115  (the server's, till it stops)
    server = subprocess.Popen(
        [sys.executable, "-m", "rejoinder.cli", "serve"],
        env=environment,
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    origin = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(origin + "/healthz", timeout=5):
                    break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise RuntimeError(f"rejoinder serve did not start; see {log.name}") from None
                time.sleep(0.3)
        home = urllib.request.urlopen(origin + "/").read().decode()
        categories = set(re.findall(r'href="/([a-z0-9-]+)/"', home))
        article = next(
            f"/{c}/{s}/"
            for c, s in re.findall(r'href="/([a-z0-9-]+)/([a-z0-9-]+)/"', home)
            if c in categories
        )
        page = urllib.request.urlopen(origin + article).read().decode()
        thread_id = int(re.search(r'data-thread="(\d+)"', page)[1])
        sizes = (100, 20, 3, 1) if smoke else (1000, 200, 20, 5)
        return asyncio.run(
            measure(
                origin=origin, live_port=live_port, serve_pid=server.pid, article=article,
                thread_id=thread_id, idle=sizes[0], listeners=sizes[1], posts=sizes[2],
                read_seconds=sizes[3],
            )
        )  # fmt: skip
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        log.close()


def table(result: LiveResult) -> list[str]:
    verdict = {ok: "PASS" if ok else "MISS" for ok in (True, False)}
    checks = result.passes()
    return [
        "| live measure | value | target | |",
        "| --- | --- | --- | --- |",
        f"| RSS per idle stream ({result.idle:,} open) | {result.kb_per_connection:.1f} KB "
        f"| < 50 KB | {verdict[checks['rss']]} |",
        f"| post → event, {result.listeners} listeners × {result.posts} posts | p50 "
        f"{result.p50_ms:.0f} ms, p99 {result.p99_ms:.0f} ms, {result.missed} missed | p99 < 1 s "
        f"| {verdict[checks['latency']]} |",
        f"| article page reads with the streams open | {result.reads_with:,.0f}/s vs "
        f"{result.reads_without:,.0f}/s ({result.reads_ratio:.0%}) | ≥ 90% "
        f"| {verdict[checks['reads']]} |",
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--smoke", action="store_true", help="100 streams, 20 listeners")
    parser.add_argument("--data-dir", type=Path, help="a site already set up (else a demo)")
    args = parser.parse_args()
    work = None
    data_dir = args.data_dir
    if data_dir is None:
        work = Path(tempfile.mkdtemp(prefix="rejoinder-live-bench-"))
        data_dir = work / "data"
        environment = {**os.environ, "DATA_DIR": str(data_dir)}
        setup = [sys.executable, "-m", "rejoinder.cli", "setup"]
        subprocess.run(setup, env=environment, cwd=ROOT, check=True)
    try:
        result = run_live(data_dir, smoke=args.smoke)
    finally:
        if work is not None:
            shutil.rmtree(work, ignore_errors=True)
    print("\n".join(table(result)))
    return 0 if all(result.passes().values()) else 1


if __name__ == "__main__":
    sys.exit(main())
