"""Rejoinder against Isso and the machine's ceiling, side by side, in one run (issue 7).

    make bench          # full run: about 20 minutes on 2 cores; writes bench/results/<date>.md
    make bench-smoke    # tiny data, 1-second loads: checks the harness still works

Everything listens on 127.0.0.1 only and every load is bounded in time (wrk -d). In one run:

* Rejoinder as deployed: `rejoinder setup` (migrations, static files, the demo publication),
  then `rejoinder serve` (granian WSGI, its default 1 worker × 4 threads, DEBUG off) with the
  comment and vote rate limits raised so that they never answer 429. First the embedded
  default (SQLite in a temporary DATA_DIR, per-process memory cache); then, when
  DATABASE_URL, REDIS_URL and SECRET_KEY are set, PostgreSQL + Redis, in a database of its
  own (`rejoinder_bench`, created and dropped here) and Redis database 15 (BENCH_REDIS_DB),
  flushed before and after.
* Isso, the peer: PyPI's `isso` in bench/.isso-venv (installed when missing), served by
  gunicorn with 2 workers and --preload as Isso's documentation shows, with its guard (rate
  limits) and moderation off.
* Ceilings answering with the very bytes Rejoinder sent: a bare ASGI app under granian
  (bench/ceiling_asgi.py, the issue's ceiling), a bare WSGI app under granian with the
  interface and threads `rejoinder serve` uses (bench/ceiling_wsgi.py), and nginx serving
  files, if nginx is installed (this harness does not install it).

The same discussions go into both systems: the comments `generate_thread` writes into
Rejoinder (its bulk path) are exported and replayed into Isso, through Isso's HTTP API for
threads of up to 1,000 comments and straight into its SQLite tables above that
(bench/isso_seed.py). wrk (bench/bench.lua) then loads each scenario with 32 connections
(throughput) and with 1 (unloaded latency). Every load reports requests per second and
requests per CPU second of the loaded server's process tree (from /proc), which a busy
neighbour on a shared machine disturbs far less.

Rows beyond Isso's scenarios: the embed's frame and the API's page of comments, against the
thread fragment and the ceilings (issue 12); the article page without cookies against the
bare-WSGI ceiling (issue 16); with PostgreSQL + Redis, the scale-out, two
`rejoinder serve` over the same database and Redis against one, reading and in a mixed
load of reads, posts and votes (issue 15); with each Rejoinder, a mixed row of 90% reads, 7%
votes and 3% posts on one discussion (issue 16); last, importing a generated Disqus export of
100,000 comments (500 in smoke runs) with bench/import_disqus.py (issue 14).

Options (make bench BENCH_ARGS="..."): --profile adds py-spy samples of Rejoinder under load
(py-spy in .venv, not a project dependency), --no-pg skips PostgreSQL, --keep keeps the
temporary folder with every server's log, --output names the report. Smoke runs include
PostgreSQL only with BENCH_SMOKE_PG=1. BENCH_DATABASE_NAME and BENCH_REDIS_DB change the
PostgreSQL database and Redis database used.
"""

from __future__ import annotations

import argparse
import http.client
import importlib.metadata
import json
import os
import platform
import re
import resource
import shlex
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
# run.py is started with the project's own interpreter (.venv/bin/python), whose folder holds
# the `rejoinder` command.
PYTHON = Path(sys.executable)
REJOINDER = PYTHON.parent / "rejoinder"
ISSO_VENV = BENCH / ".isso-venv"
# Pinned so that two runs compare the same peer; change here to measure another release.
ISSO_PACKAGES = {"isso": "0.14.0", "gunicorn": "27.0.1"}
LUA = BENCH / "bench.lua"
RESULTS = BENCH / "results"

BUSY, CALM = 32, 1  # connections: throughput, unloaded latency
# A load that got fewer answers than this is run once more, for LONGER_* seconds (full runs).
FEWEST, LONGER_BUSY, LONGER_CALM = 20, 24, 12
WRK_TIMEOUT = "30s"  # Isso needs seconds for a 1,000-comment thread; wrk's default is 2 s
RAISED_RATE = "1000000/s"
# rejoinder serve's defaults (WEB_WORKERS, WEB_THREADS), named so that the ceilings match
REJOINDER_WORKERS, REJOINDER_THREADS = "2", "4"
BENCH_DATABASE = os.environ.get("BENCH_DATABASE_NAME", "rejoinder_bench")
BENCH_REDIS_DB = int(os.environ.get("BENCH_REDIS_DB", "15"))
# The ceilings answer with the bytes this system sent.
BODIES_FROM = "rejoinder-sqlite"
EMBED_SITE = "demo-blog"  # the embedding site `rejoinder setup --demo` registers


@dataclass(frozen=True)
class Sizes:
    """How big the data is and how long each load lasts."""

    mode: str
    big: int  # comments in the discussion read, posted to and voted on
    listing_threads: int
    listing_comments: int
    growth: tuple[int, ...]  # includes `big`
    listed: int  # articles whose comment counts one listing shows
    busy_seconds: int
    calm_seconds: int
    ceiling_busy_seconds: int
    ceiling_calm_seconds: int
    imported: int  # comments in the generated Disqus export that is imported


FULL = Sizes("full", 1000, 200, 20, (10, 1000, 10_000, 100_000), 20, 8, 4, 5, 3, 100_000)
# Smoke runs check that the harness still works, not the numbers: no 1-connection loads.
SMOKE = Sizes("smoke", 50, 5, 4, (10, 50, 100, 200), 5, 1, 0, 1, 0, 500)
# Issue 14's targets for importing 100,000 comments on SQLite.
IMPORT_TARGET_COMMENTS, IMPORT_TARGET_SECONDS, IMPORT_TARGET_MB = 100_000, 60, 300
# The scale-out's mixed load, out of every 20 requests: reads of the first page, posts, votes.
MIXED_READS, MIXED_POSTS, MIXED_VOTES = 18, 1, 1
# Issue 16's mixed row, out of every 100 requests on one discussion: reads of its first page,
# votes, posts; its target: the reads' share at least this part of the pure-read figure.
BLEND_READS, BLEND_VOTES, BLEND_POSTS = 90, 7, 3
BLEND_READ_TARGET = 0.5


class BenchError(Exception):
    """Something the person running the benchmark has to fix; said plainly, no traceback."""


# ---------------------------------------------------------------------------------------------
# Processes, ports, memory


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def tree_memory(pid: int) -> tuple[float, float, int]:
    """(RSS MB, PSS MB, processes) of `pid` and all its descendants, from /proc. RSS counts
    pages shared between a server's forked workers once per process (what `ps` shows and the
    targets name); PSS splits them between the sharers (what the processes really cost)."""
    rss = pss = 0
    pids = tree_pids(pid)
    for current in pids:
        try:
            status = Path(f"/proc/{current}/status").read_text()
            rollup = Path(f"/proc/{current}/smaps_rollup").read_text()
        except OSError:
            continue
        rss += int(re.search(r"VmRSS:\s+(\d+)", status).group(1)) if "VmRSS" in status else 0
        if match := re.search(r"^Pss:\s+(\d+)", rollup, re.M):
            pss += int(match.group(1))
    return rss / 1024, pss / 1024, len(pids)


def busy_ticks() -> int:
    """CPU ticks the whole machine has spent busy since boot (all cores)."""
    fields = [int(value) for value in Path("/proc/stat").read_text().split("\n")[0].split()[1:]]
    return sum(fields) - fields[3] - fields[4]  # less idle and iowait


def tree_ticks(pid: int) -> int:
    """CPU ticks used so far by `pid` and its descendants (user + system)."""
    total = 0
    for current in tree_pids(pid):
        try:
            stat = Path(f"/proc/{current}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(stat[11]) + int(stat[12])
    return total


def tree_pids(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(parent, []).append(int(entry.name))
    pids, stack = [], [pid]
    while stack:
        current = stack.pop()
        pids.append(current)
        stack.extend(children.get(current, []))
    return pids


@dataclass
class Server:
    """A server process group this harness started, and stops."""

    name: str
    command: list[str]
    env: dict[str, str]
    port: int
    log: Path
    cwd: Path = ROOT
    process: subprocess.Popen | None = None
    ready_path: str = "/"
    restarts: int = 0

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, ready_path: str = "/", timeout: float = 120) -> None:
        self.ready_path = ready_path
        self.log.parent.mkdir(parents=True, exist_ok=True)
        output = self.log.open("ab")
        # A session of its own, so that stopping it stops its workers and nothing else.
        self.process = subprocess.Popen(
            self.command,
            env=self.env,
            cwd=self.cwd,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise BenchError(f"{self.name} stopped at start; see {self.log}:\n{tail(self.log)}")
            try:
                status, _ = fetch(self.base, ready_path, timeout=10)
                if status < 500:
                    return
            except OSError:
                pass
            time.sleep(0.3)
        raise BenchError(f"{self.name} did not answer within {timeout:.0f} s; see {self.log}")

    def settle(self, limit: float = 10.0) -> bool:
        """Wait until the server has worked off what an earlier load left queued (it goes on
        answering requests wrk no longer waits for), so that one measurement does not pay
        for the last: until it uses under 5% of a core for a quarter of a second."""
        tick = os.sysconf("SC_CLK_TCK")
        deadline = time.monotonic() + limit
        before = tree_ticks(self.process.pid)
        while time.monotonic() < deadline:
            time.sleep(0.25)
            now = tree_ticks(self.process.pid)
            if now - before <= 0.05 * tick * 0.25:
                return True
            before = now
        return False

    def memory(self) -> tuple[float, float, int]:
        return tree_memory(self.process.pid) if self.process else (0.0, 0.0, 0)

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)


def tail(path: Path, lines: int = 25) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


def fetch(
    base: str,
    path: str,
    *,
    method: str = "GET",
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
    timeout: float = 120,
    answered_headers: dict[str, str] | None = None,
) -> tuple[int, bytes]:
    """One request on a fresh connection: (status, body); the response's headers go into
    `answered_headers` when given."""
    host, port = urllib.parse.urlsplit(base).netloc.split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=timeout)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        if answered_headers is not None:
            answered_headers.update(response.getheaders())
        return response.status, response.read()
    finally:
        connection.close()


def fetch_response(base: str, path: str) -> tuple[http.client.HTTPResponse, bytes]:
    host, port = urllib.parse.urlsplit(base).netloc.split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=60)
    connection.request("GET", path)
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response, body


# ---------------------------------------------------------------------------------------------
# Loads


@dataclass(frozen=True)
class Request:
    """What wrk sends. {n}, {id} and {ip} are filled in per request by bench.lua."""

    path: str
    method: str = "GET"
    body: str | None = None
    headers: tuple[tuple[str, str], ...] = ()
    ids: tuple[int, ...] = ()
    expect: tuple[int, ...] = (200,)

    @property
    def writes(self) -> bool:
        return self.method != "GET"

    def example(self, number: int = 0) -> tuple[str, bytes | None, dict[str, str]]:
        """The request with its placeholders filled as bench.lua would, for request
        `number` of a run of its own (serials below wrk's, which start at 100,000,000)."""

        def fill(text: str) -> str:
            first = str(self.ids[number % len(self.ids)]) if self.ids else ""
            address = f"10.0.{number}.1"
            return text.replace("{n}", str(number)).replace("{id}", first).replace("{ip}", address)

        body = fill(self.body).encode() if self.body is not None else None
        return fill(self.path), body, {name: fill(value) for name, value in self.headers}

    def wrk_env(self, suffix: str = "") -> dict[str, str]:
        """How bench.lua is told to send this request (`suffix` "_k" for kind k of a mix)."""
        env = {
            f"BENCH_METHOD{suffix}": self.method,
            f"BENCH_PATH{suffix}": self.path,
            f"BENCH_HEADERS{suffix}": "\n".join(f"{name}: {value}" for name, value in self.headers),
        }
        if self.body is not None:
            env[f"BENCH_BODY{suffix}"] = self.body
        return env


@dataclass(frozen=True)
class Mix:
    """Several requests in one load, each in a share of the requests by its weight (bench.lua
    cycles through them, each kind spread evenly: weights 18, 1, 1 send one of the second
    after 6 of the first and one of the third after 6 more, not the two writes together)."""

    kinds: tuple[tuple[Request, int], ...]

    @property
    def writes(self) -> bool:
        return any(request.writes for request, _weight in self.kinds)

    @property
    def ids(self) -> tuple[int, ...]:
        return next((request.ids for request, _weight in self.kinds if request.ids), ())

    @property
    def expect(self) -> tuple[int, ...]:
        return tuple(sorted({status for request, _ in self.kinds for status in request.expect}))

    def wrk_env(self) -> dict[str, str]:
        env = {"BENCH_KINDS": str(len(self.kinds))}
        for number, (request, weight) in enumerate(self.kinds, start=1):
            env |= request.wrk_env(f"_{number}")
            env[f"BENCH_WEIGHT_{number}"] = str(weight)
        return env


@dataclass
class Measure:
    connections: int
    seconds: float
    requests: int
    rps: float
    p50_ms: float
    p99_ms: float
    max_ms: float
    socket_errors: int
    status_errors: int
    wire_bytes: float  # bytes read per response, headers included
    statuses: dict[str, int] = field(default_factory=dict)
    unexpected: int = 0  # responses outside the expected statuses (writes only)
    # Share of the machine's CPU that processes other than the server and wrk used meanwhile:
    # this machine is shared, and a busy neighbour makes a measurement worthless.
    others_cpu: float = 0.0
    # CPU seconds (user + system) each loaded server's process tree used while wrk ran.
    server_cpu: tuple[float, ...] = ()

    @property
    def errors(self) -> int:
        return self.socket_errors + self.status_errors + self.unexpected

    @property
    def cpu_seconds(self) -> float:
        return sum(self.server_cpu)

    @property
    def per_cpu_second(self) -> float | None:
        """Requests answered per CPU second of the server: what a busy neighbour on a shared
        machine changes least, since time the server waits for a core is not counted."""
        return self.requests / self.cpu_seconds if self.cpu_seconds else None


@dataclass
class Row:
    """One scenario on one system."""

    system: str
    scenario: str
    busy: Measure | None = None
    calm: Measure | None = None
    body_bytes: int | None = None
    note: str = ""


SYSTEM_TITLES = {
    "rejoinder-sqlite": "Rejoinder (SQLite)",
    "rejoinder-pg": "Rejoinder (PostgreSQL + Redis)",
    "isso": "Isso",
    "granian": "Ceiling: bare ASGI (granian)",
    "granian-wsgi": "Ceiling: bare WSGI (granian, as Rejoinder runs)",
    "nginx": "Ceiling: nginx static file",
}


class Bench:
    def __init__(self, sizes: Sizes, work: Path) -> None:
        self.sizes = sizes
        self.work = work
        self.commands: list[str] = []
        self.rows: dict[tuple[str, str], Row] = {}
        self.memory: dict[str, list[tuple[str, float, float, int]]] = {}
        self.checks: dict[str, list[str]] = {}
        self.seeded: dict[str, dict] = {}
        self.bodies: dict[str, bytes] = {}  # scenario -> Rejoinder's response, for ceilings
        self.body_types: dict[str, str] = {}  # scenario -> its Content-Type
        self.notes: list[str] = []
        self.timings: dict[str, float] = {}
        self.profiles: dict[tuple[str, str], Profile] = {}
        self.profiling = False
        self.wrk_runs = 0
        self.revision = ""
        self.lock = threading.Lock()
        self.run_id = datetime.now(UTC).strftime("%H%M%S")
        self.imported: dict | None = None  # bench/import_disqus.py's result
        # The scale-out's loads: (load, number of app servers) -> its row.
        self.scale_out: dict[tuple[str, int], Row] = {}
        self.scale_out_memory: list[tuple[str, float]] = []

    # -- bookkeeping ---------------------------------------------------------------------------

    def record(self, command: list[str], env: dict[str, str] | None = None) -> None:
        shown = " ".join(f"{key}={shlex.quote(value)}" for key, value in (env or {}).items())
        line = (shown + " " if shown else "") + shlex.join(str(part) for part in command)
        line = line.replace(str(ROOT) + "/", "").replace(str(self.work), "$WORK")
        with self.lock:
            self.commands.append(line)

    def run(
        self,
        command: list[str],
        *,
        env: dict[str, str] | None = None,
        shown_env: dict[str, str] | None = None,
        log: Path | None = None,
        timeout: float = 900,
    ) -> str:
        self.record(command, shown_env)
        result = subprocess.run(
            [str(part) for part in command],
            env=env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if log:
            with log.open("a") as out:
                out.write(f"$ {shlex.join(str(part) for part in command)}\n")
                out.write(result.stdout + result.stderr)
        if result.returncode != 0:
            raise BenchError(
                f"{shlex.join(str(part) for part in command)} failed "
                f"({result.returncode}):\n{result.stdout[-2000:]}{result.stderr[-3000:]}"
            )
        return result.stdout

    def say(self, text: str) -> None:
        print(f"[bench {time.strftime('%H:%M:%S')}] {text}", flush=True)

    @contextmanager
    def timed(self, name: str) -> Iterator[None]:
        start = time.monotonic()
        try:
            yield
        finally:
            self.timings[name] = time.monotonic() - start

    # -- wrk -------------------------------------------------------------------------------------

    def wrk(
        self,
        base: str,
        request: Request | Mix,
        *,
        connections: int,
        seconds: int,
        servers: list[Server],
    ) -> Measure:
        """One wrk load. With several servers, wrk's threads go one to each server in turn
        (bench.lua's BENCH_PORTS), so that the connections are spread evenly over them."""
        env = request.wrk_env()
        if len(servers) > 1:
            env["BENCH_PORTS"] = ",".join(str(server.port) for server in servers)
        if request.ids:
            env["BENCH_IDS"] = ",".join(map(str, request.ids))
        self.wrk_runs += 1
        env["BENCH_RUN"] = str(self.wrk_runs % 100)
        if request.writes:
            env["BENCH_STATUSES"] = "1"
        threads = 2 if connections > 1 else 1
        env["BENCH_THREADS"] = str(threads)
        command = [
            "wrk",
            f"-t{threads}",
            f"-c{connections}",
            f"-d{seconds}s",
            "--latency",
            "--timeout",
            WRK_TIMEOUT,
            "-s",
            str(LUA),
            base + "/",
        ]
        shown = dict(env)
        if "BENCH_IDS" in shown and len(request.ids) > 3:
            shown["BENCH_IDS"] = f"<{len(request.ids)} comment ids: {request.ids[0]},…>"
        self.record(command, shown)
        machine = busy_ticks()
        own = [tree_ticks(server.process.pid) for server in servers]
        wrk_before = resource.getrusage(resource.RUSAGE_CHILDREN)
        clock = time.monotonic()
        result = subprocess.run(
            command,
            env={**os.environ, **env},
            capture_output=True,
            text=True,
            timeout=seconds + 120,
        )
        elapsed = time.monotonic() - clock
        wrk_after = resource.getrusage(resource.RUSAGE_CHILDREN)
        tick = os.sysconf("SC_CLK_TCK")
        wrk_ticks = tick * (
            wrk_after.ru_utime + wrk_after.ru_stime - wrk_before.ru_utime - wrk_before.ru_stime
        )
        used = [
            tree_ticks(server.process.pid) - before
            for server, before in zip(servers, own, strict=True)
        ]
        others = busy_ticks() - machine - sum(used) - wrk_ticks
        others_cpu = max(0.0, others / (elapsed * tick * (os.cpu_count() or 1)))
        line = next(
            (text for text in result.stdout.splitlines() if text.startswith("BENCH-JSON ")), None
        )
        if result.returncode != 0 or line is None:
            raise BenchError(f"wrk failed:\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}")
        data = json.loads(line.removeprefix("BENCH-JSON "))
        seconds_taken = data["duration_us"] / 1e6
        statuses = data["statuses"]
        unexpected = 0
        if request.writes:
            # 4xx/5xx are wrk's status errors already; count other surprises (a 200 where a
            # 302 was due) too.
            unexpected = sum(
                count
                for status, count in statuses.items()
                if int(status) not in request.expect and int(status) < 400
            )
        requests = data["requests"]
        return Measure(
            connections=connections,
            seconds=seconds_taken,
            requests=requests,
            rps=requests / seconds_taken if seconds_taken else 0.0,
            p50_ms=data["p50_us"] / 1000,
            p99_ms=data["p99_us"] / 1000,
            max_ms=data["max_us"] / 1000,
            socket_errors=data["connect"] + data["read"] + data["write"] + data["timeout"],
            status_errors=data["status"],
            wire_bytes=data["bytes"] / requests if requests else 0.0,
            statuses=statuses,
            unexpected=unexpected,
            others_cpu=others_cpu,
            server_cpu=tuple(ticks / tick for ticks in used),
        )

    def warm(self, base: str, request: Request) -> None:
        """A few requests first, so both workers have loaded their code and caches (a
        worker's first post imports the moderation checks, for one). Smoke runs, which
        check the harness and not the numbers, send one."""
        smoke = self.sizes.mode == "smoke"
        deadline = time.monotonic() + (0.5 if smoke else 2.0)
        for number in range(1, 2 if smoke else 7):
            path, body, headers = request.example(number)
            try:
                fetch(base, path, method=request.method, body=body, headers=headers)
            except OSError:
                return  # the measurement will show what is wrong
            if time.monotonic() > deadline:
                return

    def measure(
        self,
        system: str,
        scenario: str,
        server: Server,
        request: Request,
        *,
        calm: bool = True,
        probe: bool = True,
        ceiling: bool = False,
        note: str = "",
        stored: tuple[str, Callable[[], int]] | None = None,
    ) -> Row:
        """Load one scenario at 32 connections, then (with `calm`) at 1. Reads are probed
        first (status and body size) and warmed; writes are warmed, and with `stored` (what
        they store, and how to count it) checked for loss."""
        busy_seconds = self.sizes.ceiling_busy_seconds if ceiling else self.sizes.busy_seconds
        calm_seconds = self.sizes.ceiling_calm_seconds if ceiling else self.sizes.calm_seconds
        row = Row(system, scenario, note=note)
        # Isso's sync workers go on with up to 32 queued requests of seconds each.
        self.quiet(server)
        if request.writes:
            self.warm(server.base, request)
        before = stored[1]() if stored else 0
        if probe and not request.writes:
            path, body, headers = request.example()
            answered: dict[str, str] = {}
            try:
                status, content = fetch(
                    server.base,
                    path,
                    method=request.method,
                    body=body,
                    headers=headers,
                    answered_headers=answered,
                )
            except OSError as error:  # a timeout, a reset: measured all the same
                status, content = 0, str(error).encode()
            if status in request.expect:
                row.body_bytes = len(content)
                if system == BODIES_FROM and not scenario.endswith("-again"):
                    self.bodies[scenario] = content
                    self.body_types[scenario] = answered.get("Content-Type", "text/html")
            else:
                # Measured all the same: the errors are part of the result.
                row.note = (f"{row.note}; " if row.note else "") + f"the probe answered {status}"
                self.notes.append(
                    f"{SYSTEM_TITLES[system]} {scenario}: {path} answered {status}. The end of "
                    f"its log:\n\n```\n{tail(server.log, 12)}\n```"
                )
            self.warm(server.base, request)
        self.say(f"{SYSTEM_TITLES[system]} · {scenario} · {BUSY} connections")
        row.busy = self.wrk(
            server.base, request, connections=BUSY, seconds=busy_seconds, servers=[server]
        )
        if row.busy.requests < FEWEST and self.sizes.mode == "full" and not ceiling:
            # Seconds a request: too few answers for a rate or percentiles. Once, longer.
            self.quiet(server)
            self.say(f"… again for {LONGER_BUSY} s: {row.busy.requests} answers is too few")
            row.busy = self.wrk(
                server.base, request, connections=BUSY, seconds=LONGER_BUSY, servers=[server]
            )
        if calm and calm_seconds:
            # Not before the server has answered the requests wrk left queued.
            self.quiet(server)
            self.say(f"{SYSTEM_TITLES[system]} · {scenario} · 1 connection")
            row.calm = self.wrk(
                server.base, request, connections=CALM, seconds=calm_seconds, servers=[server]
            )
            if row.calm.requests < FEWEST // 4 and self.sizes.mode == "full" and not ceiling:
                self.quiet(server)
                self.say(f"… again for {LONGER_CALM} s: {row.calm.requests} answers is too few")
                row.calm = self.wrk(
                    server.base, request, connections=CALM, seconds=LONGER_CALM, servers=[server]
                )
        if stored:
            self.check_writes(row, request, stored[0], before, stored[1]())
        self.rows[(system, scenario)] = row
        return row

    def note_restarts(self, system: str, server: Server) -> None:
        if server.restarts:
            self.notes.append(
                f"{SYSTEM_TITLES[system]} was restarted {server.restarts} time(s) between loads: "
                "it was still answering requests an earlier load had left queued after 20 s. "
                "Its memory after a restart starts again from a fresh process."
            )

    def quiet(self, server: Server) -> None:
        """Let the server finish what an earlier load left queued; if it cannot within the
        limit, restart it. Isso's sync workers answer every queued request, even one whose
        connection wrk has closed: after 32 connections of its slowest request that is
        minutes of work, which would count against the next measurement."""
        if server.settle(limit=3 if self.sizes.mode == "smoke" else 20):
            return
        server.stop()
        server.start(ready_path=server.ready_path)
        server.restarts += 1

    def profile(self, system: str, scenario: str, server: Server, request: Request) -> None:
        """Where a server's time goes under load: py-spy samples every worker while wrk
        repeats a scenario (not a measurement: the sampling itself costs time)."""
        spy = PYTHON.parent / "py-spy"
        if not spy.exists():
            self.notes.append(
                "Profiles: py-spy is not installed in the project's environment "
                "(`.venv/bin/pip install py-spy`), so none were taken."
            )
            return
        seconds = max(self.sizes.busy_seconds - 2, 1)
        output = self.work / f"profile-{system}-{scenario}.txt"
        command = [
            str(spy), "record", "--pid", str(server.process.pid), "--subprocesses",
            "--function", "--format", "raw", "--rate", "100", "--nonblocking",
            "--duration", str(seconds + 1), "--output", str(output),
        ]  # fmt: skip
        self.record([*command[:3], "<server pid>", *command[4:]])
        server.settle()
        log = (self.work / "logs" / "py-spy.log").open("a")
        sampler = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
        time.sleep(0.5)  # py-spy attaches before the load starts
        self.say(f"Profiling {SYSTEM_TITLES[system]} · {scenario}")
        self.wrk(server.base, request, connections=BUSY, seconds=seconds, servers=[server])
        try:
            sampler.wait(timeout=60)
        except subprocess.TimeoutExpired:
            sampler.kill()
        log.close()
        if output.exists():
            self.profiles[(system, scenario)] = summarise_profile(output)
        else:
            self.notes.append(f"Profile of {scenario}: py-spy wrote nothing; see its log.")

    def remember_memory(self, system: str, server: Server, moment: str) -> None:
        rss, pss, processes = server.memory()
        self.memory.setdefault(system, []).append((moment, rss, pss, processes))

    # -- preparing Rejoinder ---------------------------------------------------------------------

    def rejoinder_env(self, backend: str, data_dir: Path, port: int) -> tuple[dict, dict]:
        """(the full environment, the part the report shows) for one Rejoinder backend."""
        env = {
            key: value
            for key, value in os.environ.items()
            if key not in {"DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE"}
        }
        shown = {
            "DATA_DIR": str(data_dir),
            "HOST": "127.0.0.1",
            "PORT": str(port),
            "WEB_WORKERS": REJOINDER_WORKERS,
            "WEB_THREADS": REJOINDER_THREADS,
            "DEBUG": "false",
            # Raised, not switched off: the limit checks still run, as in production.
            "COMMENT_RATE_PER_CLIENT": RAISED_RATE,
            "COMMENT_RATE_PER_EMAIL": RAISED_RATE,
            "VOTE_RATE_PER_CLIENT": RAISED_RATE,
            "VOTE_RATE_PER_COMMENT": RAISED_RATE,
            "VOTE_RATE_WITHOUT_COOKIE": RAISED_RATE,
            # A listing page then shows as many articles as Isso is asked counts for.
            "ARTICLES_PER_PAGE": str(self.sizes.listed),
            # On, as `rejoinder serve` starts it by default: the memory rows are then those of
            # the default tree, the live process included (issue 16). With no stream open it
            # does nothing, so it costs the pages' loads no CPU; the live row (bench/live.py)
            # measures it under streams.
            "LIVE_PORT": str(free_port()),
        }
        if backend == "pg":
            shown["DATABASE_URL"] = self.pg_url
            shown["REDIS_URL"] = self.redis_url
            shown["SECRET_KEY"] = "$SECRET_KEY"
        env.update(shown)
        if backend == "pg":
            env["SECRET_KEY"] = os.environ["SECRET_KEY"]
        return env, shown

    def prepare_rejoinder(self, backend: str) -> None:
        """`rejoinder setup`, then every thread of the benchmark through generate_thread."""
        system = f"rejoinder-{backend}"
        data_dir = self.work / system
        port = free_port()
        env, shown = self.rejoinder_env(backend, data_dir, port)
        log = self.work / "logs" / f"{system}-setup.log"
        log.parent.mkdir(parents=True, exist_ok=True)
        with self.timed(f"{system} setup"):
            # --demo: with DATABASE_URL set, setup leaves the demo publication out unless
            # asked, and the seeding needs its categories and its embedding site.
            self.run([REJOINDER, "setup", "--demo"], env=env, shown_env=shown, log=log)
            # The policy's own limit counts a network's recent comments up to the limit, and
            # every load comes from one address. Raised rather than off, it counted every
            # comment the loads had posted in its window, thousands, on every post: a post
            # then cost more the longer the bench ran (3.5 → 12.6 ms of CPU after 7,000
            # posts), where under a real limit (20 by default) posts beyond it are refused and
            # not stored, so the count stays small. Off, as Isso's guard is: the rule's query
            # on a real site is not measured.
            policy_limit_off = (
                "from rejoinder.moderation.models import ModerationSettings as M; "
                "s = M.load(); s.rate_limit_count = 0; s.save()"
            )
            self.run(
                [REJOINDER, "manage", "shell", "-c", policy_limit_off],
                env=env,
                shown_env=shown,
                log=log,
            )
        exports = self.work / "exports"
        exports.mkdir(exist_ok=True)
        # Growth threads first and the listing's last, so that the newest articles (the
        # first page of the category) are listing threads of equal size.
        plan = [
            {"name": f"growth-{size}", "comments": size, "seed": 10 + index}
            for index, size in enumerate(self.sizes.growth)
            if size != self.sizes.big
        ]
        plan.append({"name": "big", "comments": self.sizes.big, "seed": 1})
        # The embed's page: the same discussion as "big" (same size, same seed), moved onto a
        # page of the demo's embedding site, so that its frame and the thread fragment show
        # the same first page.
        plan.append(
            {
                "name": "embed",
                "comments": self.sizes.big,
                "seed": 1,
                "embed": {
                    "site": EMBED_SITE,
                    "identifier": "bench-page",
                    "path": "/notes/a-page-with-a-discussion/",
                    "title": "A page with a discussion",
                },
            }
        )
        plan.append(
            {
                "name": "listing",
                "comments": self.sizes.listing_comments,
                "seed": 1000,
                "threads": self.sizes.listing_threads,
            }
        )
        if backend == "sqlite":  # one export feeds Isso; both backends get the same data
            for entry in plan:
                if "embed" not in entry:  # Isso has no counterpart of the embed's page
                    entry["export"] = str(exports / f"{entry['name']}.jsonl")
        with self.timed(f"{system} seeding"):
            output = self.run(
                [PYTHON, BENCH / "seed_rejoinder.py", json.dumps(plan)],
                env=env,
                shown_env=shown,
                log=log,
            )
        results = json.loads(output)
        threads: dict = {name: found[0] for name, found in results.items()}
        threads["listing"] = results["listing"]
        threads[f"growth-{self.sizes.big}"] = threads["big"]
        self.seeded[system] = {"env": env, "shown": shown, "port": port, "threads": threads}

    # -- PostgreSQL and Redis ---------------------------------------------------------------------

    def pg_available(self) -> str | None:
        """Why the PostgreSQL + Redis run cannot happen, or None when it can."""
        missing = [name for name in ("DATABASE_URL", "REDIS_URL") if not os.environ.get(name)]
        if missing:
            return f"{' and '.join(missing)} not set"
        if not os.environ.get("SECRET_KEY"):
            return "SECRET_KEY not set (Rejoinder requires it with DATABASE_URL)"
        if not os.environ["DATABASE_URL"].startswith(("postgres://", "postgresql://")):
            return "DATABASE_URL is not a PostgreSQL address"
        if not shutil.which("createdb"):
            return "createdb/dropdb (Debian package postgresql-client) not installed"
        return None

    def pg_setup(self) -> None:
        parts = urllib.parse.urlsplit(os.environ["DATABASE_URL"])
        self.pg_url = urllib.parse.urlunsplit(parts._replace(path=f"/{BENCH_DATABASE}"))
        self.pg_args = ["-h", parts.hostname or "127.0.0.1", "-p", str(parts.port or 5432)]
        if parts.username:
            self.pg_args += ["-U", urllib.parse.unquote(parts.username)]
        self.pg_env = {**os.environ}
        if parts.password:
            self.pg_env["PGPASSWORD"] = urllib.parse.unquote(parts.password)
        self.run(["dropdb", "--if-exists", *self.pg_args, BENCH_DATABASE], env=self.pg_env)
        self.run(["createdb", *self.pg_args, BENCH_DATABASE], env=self.pg_env)

        redis_parts = urllib.parse.urlsplit(os.environ["REDIS_URL"])
        self.redis_url = urllib.parse.urlunsplit(redis_parts._replace(path=f"/{BENCH_REDIS_DB}"))
        self.flush_redis(first=True)

    def flush_redis(self, *, first: bool = False) -> None:
        import redis  # the project's own dependency

        client = redis.Redis.from_url(self.redis_url)
        if first:
            foreign = [
                key
                for key in client.scan_iter(count=1000)
                if not key.startswith((b"rejoinder", b"rq:", b":1:"))
            ][:3]
            if foreign:
                raise BenchError(
                    f"Redis database {BENCH_REDIS_DB} holds keys that are not the benchmark's "
                    f"(e.g. {foreign}); set BENCH_REDIS_DB to an unused database."
                )
        # Only the benchmark's own keys: never FLUSHDB, even in a database checked empty.
        for key in client.scan_iter(count=1000):
            if key.startswith((b"rejoinder", b"rq:", b":1:")):
                client.delete(key)
        client.close()

    def pg_teardown(self) -> None:
        with self.lock:
            commands = len(self.commands)
        try:
            self.run(["dropdb", "--if-exists", *self.pg_args, BENCH_DATABASE], env=self.pg_env)
            self.flush_redis()
        except (BenchError, OSError) as error:
            print(f"Could not clean up PostgreSQL/Redis: {error}", file=sys.stderr)
        with self.lock:  # cleaning up is not part of the method
            del self.commands[commands:]

    def count_rejoinder(self, backend: str, sql: str) -> int:
        if backend == "sqlite":
            path = self.work / "rejoinder-sqlite" / "rejoinder.sqlite3"
            with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
                return db.execute(sql).fetchone()[0]
        result = subprocess.run(
            ["psql", *self.pg_args, "-d", BENCH_DATABASE, "-tAc", sql],
            env=self.pg_env,
            capture_output=True,
            text=True,
            check=True,
        )
        return int(result.stdout.strip() or 0)

    # -- Isso --------------------------------------------------------------------------------------

    def ensure_isso(self) -> None:
        """Isso's own virtual environment, installed when missing or at another version."""
        python = ISSO_VENV / "bin" / "python"
        if python.exists():
            check = subprocess.run(
                [
                    python,
                    "-c",
                    "import importlib.metadata as m, json, sys; "
                    "print(json.dumps({n: m.version(n) for n in sys.argv[1:]}))",
                    *ISSO_PACKAGES,
                ],
                capture_output=True,
                text=True,
            )
            if check.returncode == 0 and json.loads(check.stdout) == ISSO_PACKAGES:
                return
        self.say("Installing Isso into bench/.isso-venv (once)")
        with self.timed("isso install"):
            if not python.exists():
                self.run([sys.executable, "-m", "venv", ISSO_VENV])
            self.run(
                [
                    python,
                    "-m",
                    "pip",
                    "install",
                    "--quiet",
                    "--disable-pip-version-check",
                    *(f"{name}=={version}" for name, version in ISSO_PACKAGES.items()),
                ],
            )

    def isso_config(self, port: int, site_port: int) -> Path:
        folder = self.work / "isso"
        folder.mkdir(exist_ok=True)
        config = folder / "isso.cfg"
        config.write_text(
            f"""# Written by bench/run.py. Defaults elsewhere.
[general]
dbpath = {folder / "comments.db"}
host = http://127.0.0.1:{site_port}/
notify = stdout
gravatar = false

[moderation]
enabled = false

[server]
listen = http://127.0.0.1:{port}/
# As behind a reverse proxy: wrk's votes then come from many addresses (X-Forwarded-For),
# since Isso keeps one vote per address on a comment.
trusted-proxies = 127.0.0.1

[guard]
# Isso's own rate limit (2 new comments a minute per address) would refuse the load.
enabled = false
"""
        )
        return config

    def isso_server(self) -> Server:
        env = {**os.environ, "ISSO_SETTINGS": str(self.isso_config_path)}
        command = [
            str(ISSO_VENV / "bin" / "gunicorn"), "-b", f"127.0.0.1:{self.isso_port}",
            "-w", "2", "--preload", "--no-control-socket", "isso.run",
        ]  # fmt: skip
        self.record(command, {"ISSO_SETTINGS": "$WORK/isso/isso.cfg"})
        return Server("Isso", command, env, self.isso_port, self.work / "logs" / "isso.log")

    def prepare_isso(self) -> None:
        """Seed Isso with the exported discussions; its server is started again, fresh, for
        the measurements."""
        self.isso_port = free_port()
        self.isso_config_path = self.isso_config(
            self.isso_port, self.seeded["rejoinder-sqlite"]["port"]
        )
        exports = self.work / "exports"
        # Threads larger than the one read go in through Isso's bulk path, the rest through
        # its HTTP API.
        bulk = [
            exports / f"growth-{size}.jsonl" for size in self.sizes.growth if size > self.sizes.big
        ]
        python = ISSO_VENV / "bin" / "python"
        with self.timed("isso seeding (bulk)"):
            self.run([python, BENCH / "isso_seed.py", self.isso_config_path, *bulk])
        server = self.isso_server()
        server.start(ready_path="/config")
        try:
            with self.timed("isso seeding (HTTP)"):
                ids = self.post_to_isso(
                    server.base,
                    [exports / "big.jsonl", exports / "listing.jsonl"]
                    + [
                        exports / f"growth-{size}.jsonl"
                        for size in self.sizes.growth
                        if size < self.sizes.big
                    ],
                )
        finally:
            server.stop()
        self.isso_big_ids = ids[self.seeded["rejoinder-sqlite"]["threads"]["big"]["article_url"]]

    def post_to_isso(self, base: str, exports: list[Path]) -> dict[str, list[int]]:
        """Replay exported threads through Isso's write path (POST /new), one thread per
        worker thread, in order within a thread so that replies can name their parent."""
        threads: dict[str, list[dict]] = {}
        for export in exports:
            with export.open() as lines:
                for line in lines:
                    item = json.loads(line)
                    threads.setdefault(item["article_url"], []).append(item)
        self.record(["POST", f"{base}/new?uri=<article URL>", "(JSON, as Isso's client sends)"])

        def replay(uri: str, items: list[dict]) -> tuple[str, list[int]]:
            ids: list[int] = []
            for item in items:
                payload = {
                    "text": item["text"],
                    "author": item["author"],
                    "email": item["email"],
                    "title": item["title"],
                    "parent": None if item["parent"] is None else ids[item["parent"]],
                }
                status, body = fetch(
                    base,
                    "/new?" + urllib.parse.urlencode({"uri": uri}),
                    method="POST",
                    body=json.dumps(payload).encode(),
                    headers={"Content-Type": "application/json"},
                )
                if status != 201:
                    raise BenchError(f"Isso refused a seeded comment ({status}): {body[:200]!r}")
                ids.append(json.loads(body)["id"])
            return uri, ids

        with ThreadPoolExecutor(max_workers=4) as pool:
            return dict(pool.map(lambda pair: replay(*pair), threads.items()))

    def count_isso(self, sql: str, *args: object) -> int:
        path = self.work / "isso" / "comments.db"
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
            return db.execute(sql, args).fetchone()[0] or 0

    # -- the scenarios -----------------------------------------------------------------------------

    def rejoinder_csrf(self, base: str, article: str) -> tuple[str, str]:
        """The csrftoken cookie and the form's token, as a browser gets them on first visit."""
        response, body = fetch_response(base, article)
        cookie = re.search(r"csrftoken=([^;]+)", response.getheader("Set-Cookie") or "")
        form = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body)
        if not (cookie and form):
            raise BenchError(
                f"No CSRF token on {article}: status {response.status}:\n"
                f"{body[-1500:].decode(errors='replace')}"
            )
        return cookie.group(1), form.group(1).decode()

    def run_rejoinder(self, backend: str) -> None:
        system = f"rejoinder-{backend}"
        seeded = self.seeded[system]
        threads = seeded["threads"]
        big = threads["big"]
        listing_url = "/" + big["article_url"].strip("/").split("/")[0] + "/"
        command = [str(REJOINDER), "serve"]
        self.record(command, seeded["shown"])
        server = Server(
            SYSTEM_TITLES[system],
            command,
            seeded["env"],
            seeded["port"],
            self.work / "logs" / f"{system}.log",
            cwd=self.work,  # not the checkout: what Python imports from cwd is the install's
        )
        server.start()
        try:
            base = server.base
            self.remember_memory(system, server, "started")
            # A reader's browser asks for pages of comments from the article page, so it
            # holds the CSRF cookie that page set.
            fragment, post, vote = self.big_thread_requests(base, big, round_="1")
            htmx = fragment.headers
            self.measure(
                system,
                "read-default",
                server,
                Request(big["article_url"]),
                note="the article page with its first page of comments",
            )
            self.measure(
                system,
                "read-page",
                server,
                fragment,
                note="the thread fragment (htmx), with the CSRF cookie the article page set",
            )
            embedded = threads["embed"]
            frame_query = urllib.parse.urlencode(
                {  # as embed.js builds the frame's address
                    "site": embedded["site"],
                    "page": embedded["identifier"],
                    "url": embedded["url"],
                    "title": embedded["title"],
                    "origin": embedded["origin"],
                    "theme": "light",
                }
            )
            frame = Request(f"/embed/frame/?{frame_query}")
            self.measure(
                system,
                "embed-frame",
                server,
                frame,
                note="the embed's frame (GET /embed/frame/?site=…&page=…) without cookies, "
                f"for a page whose discussion is the same {self.sizes.big:,} comments",
            )
            self.measure(
                system,
                "api-page",
                server,
                Request(f"/api/v1/threads/{big['thread_id']}/comments", headers=htmx[1:]),
                note="GET /api/v1/threads/<id>/comments (JSON, the default page), with the "
                "CSRF cookie the article page set",
            )
            listed = [thread["article_url"] for thread in threads["listing"][-self.sizes.listed :]]
            query = urllib.parse.urlencode([("url", url) for url in listed])
            self.measure(
                system,
                "counts",
                server,
                Request(f"/discussion/counts/?{query}"),
                note=f"GET /discussion/counts/, {self.sizes.listed} article addresses",
            )
            self.measure(
                system,
                "listing",
                server,
                Request(listing_url),
                note=f"category page listing {self.sizes.listed} articles with their counts",
            )
            for size in self.sizes.growth:
                if size == self.sizes.big:
                    continue
                thread = threads[f"growth-{size}"]
                request = Request(f"/discussion/{thread['thread_id']}/comments/", headers=htmx)
                self.measure(system, f"growth-{size}", server, request)
            again = self.measure(system, "read-page-again", server, fragment, calm=False)
            again.note = "the thread fragment again, after the other reads: the run's noise"
            # The frame's target is a ratio to the fragment within 10%, about this run's noise
            # between two loads of one page: a second pair, after the first, halves it.
            self.measure(system, "embed-frame-again", server, frame, calm=False)
            self.remember_memory(system, server, "after reads")

            count_comments = (
                f"SELECT COUNT(*) FROM discussion_comment WHERE thread_id = {big['thread_id']}"
            )
            count_votes = "SELECT COUNT(*) FROM discussion_vote"
            comments = ("comments", lambda: self.count_rejoinder(backend, count_comments))
            votes = ("votes", lambda: self.count_rejoinder(backend, count_votes))
            for round_ in ("", "-2"):
                if round_:
                    _fragment, post, vote = self.big_thread_requests(base, big, round_="2")
                self.measure(
                    system, f"post{round_}", server, post, calm=not round_, stored=comments
                )
                self.measure(system, f"vote{round_}", server, vote, calm=not round_, stored=votes)
                self.remember_memory(system, server, f"after writes{round_ and ' (second round)'}")
            self.measure_blend(system, backend, server, big)
            self.remember_memory(system, server, "after the mixed load")
            if self.profiling and backend == "sqlite":
                profiled = {
                    "read-default": Request(big["article_url"]),
                    "read-page": fragment,
                    "listing": Request(listing_url),
                    "post": post,
                }
                with self.timed("profiles"):
                    for scenario, request in profiled.items():
                        self.profile(system, scenario, server, request)
        finally:
            self.note_restarts(system, server)
            server.stop()

    def big_thread_requests(
        self, base: str, big: dict, *, round_: str
    ) -> tuple[Request, Request, Request]:
        """(the thread fragment, a post, a vote) on the discussion that is read and written,
        as a reader's browser sends them after opening the article page at `base`. `round_`
        keeps the posts' texts and tokens apart from other rounds'."""
        cookie, token = self.rejoinder_csrf(base, big["article_url"])
        fragment = Request(
            f"/discussion/{big['thread_id']}/comments/",
            headers=(("HX-Request", "true"), ("Cookie", f"csrftoken={cookie}")),
        )
        form = (
            ("Content-Type", "application/x-www-form-urlencoded"),
            ("Cookie", f"csrftoken={cookie}"),
        )
        body = urllib.parse.urlencode(
            {
                "csrfmiddlewaretoken": token,
                # Text and address new in each round: the moderation policy refuses the same
                # words from the same author twice.
                "body": f"A comment posted under load, number {{n}} of round {round_}.",
                "name": "Bench Reader",
                "email": f"reader{{n}}.{round_}@example.org",
                "website": "",
                "homepage": "",
                "submission_token": f"b{self.run_id}-{round_}-{{n}}",
            },
            safe="{}",
        )
        post = Request(
            f"/discussion/{big['thread_id']}/post/",
            method="POST",
            body=body,
            headers=form,
            expect=(302,),
        )
        vote = Request(
            "/discussion/comment/{id}/vote/",
            method="POST",
            body=urllib.parse.urlencode({"csrfmiddlewaretoken": token, "value": "up"}),
            headers=form,
            ids=tuple(range(big["first_comment_id"], big["last_comment_id"] + 1)),
            expect=(302,),
        )
        return fragment, post, vote

    def measure_blend(self, system: str, backend: str, server: Server, big: dict) -> None:
        """Issue 16: reads of the first page, votes and posts on the same discussion at once
        (BLEND_*), so that reads meet writes as on a busy thread: what the reads still get,
        and that every write answered is stored and every vote shows on the first page."""
        fragment, post, vote = self.big_thread_requests(server.base, big, round_="mixed")
        blend = Mix(((fragment, BLEND_READS), (vote, BLEND_VOTES), (post, BLEND_POSTS)))
        count = (
            f"SELECT (SELECT COUNT(*) FROM discussion_comment WHERE thread_id = "
            f"{big['thread_id']}) + (SELECT COUNT(*) FROM discussion_vote)"
        )
        self.quiet(server)
        for part in (fragment, vote, post):
            self.warm(server.base, part)
        before = self.count_rejoinder(backend, count)
        self.say(f"{SYSTEM_TITLES[system]} · mixed · {BUSY} connections")
        row = Row(system, "mixed")
        row.busy = self.wrk(
            server.base, blend, connections=BUSY, seconds=self.sizes.busy_seconds, servers=[server]
        )
        # What wrk left in flight is answered first: a vote stored after the page was read
        # is no stale page.
        server.settle()
        self.check_mixed(
            row,
            [server],
            big,
            blend,
            stored_before=before,
            stored=self.count_rejoinder(backend, count),
            backend=backend,
        )
        self.rows[(system, "mixed")] = row

    def run_scale_out(self) -> None:
        """Issue 15: the first page, and a mixed load of reads, posts and votes on the same
        discussion, through one `rejoinder serve` and then through two over the same
        PostgreSQL and Redis. One wrk whose two threads go one to each server (16
        connections each): the same client as for one server, so that only the server side
        differs, and one set of latencies rather than two to merge."""
        system = "rejoinder-pg"
        seeded = self.seeded[system]
        big = seeded["threads"]["big"]
        servers: list[Server] = []
        for name, port in (("A", seeded["port"]), ("B", free_port())):
            ports = {"PORT": str(port), "LIVE_PORT": str(free_port())}
            env = {**seeded["env"], **ports}
            command = [str(REJOINDER), "serve"]
            self.record(command, {**seeded["shown"], **ports})
            servers.append(
                Server(
                    f"Rejoinder (PostgreSQL + Redis), app server {name}",
                    command,
                    env,
                    port,
                    self.work / "logs" / f"scale-out-{name}.log",
                    cwd=self.work,
                )
            )
        count_comments = (
            f"SELECT COUNT(*) FROM discussion_comment WHERE thread_id = {big['thread_id']}"
        )
        count_votes = "SELECT COUNT(*) FROM discussion_vote"

        def stored() -> int:
            return self.count_rejoinder("pg", count_comments) + self.count_rejoinder(
                "pg", count_votes
            )

        try:
            servers[0].start()
            for count in (1, 2):
                if count == 2:
                    servers[1].start()
                loaded = servers[:count]
                fragment, post, vote = self.big_thread_requests(
                    servers[0].base, big, round_=f"scale-out-{count}"
                )
                mixed = Mix(((fragment, MIXED_READS), (post, MIXED_POSTS), (vote, MIXED_VOTES)))
                for load, request in (("read", fragment), ("mixed", mixed)):
                    for server in loaded:
                        self.quiet(server)
                        for part in (fragment, post, vote) if load == "mixed" else (fragment,):
                            self.warm(server.base, part)
                    before = stored()
                    self.say(f"Scale-out · {load} · {count} app server(s) · {BUSY} connections")
                    measure = self.wrk(
                        servers[0].base,
                        request,
                        connections=BUSY,
                        seconds=self.sizes.busy_seconds,
                        servers=loaded,
                    )
                    row = Row(system, f"scale-{load}-{count}", busy=measure)
                    if load == "mixed":
                        # The servers answer what wrk left in flight first: a vote stored
                        # between reading a page and reading the database is no stale page.
                        for server in loaded:
                            server.settle()
                        self.check_mixed(
                            row, loaded, big, mixed, stored_before=before, stored=stored()
                        )
                    self.scale_out[(load, count)] = row
                    self.rows[(system, row.scenario)] = row
            for server in servers:
                rss, _pss, _processes = server.memory()
                self.scale_out_memory.append((server.name, rss))
        finally:
            for server in servers:
                self.note_restarts(system, server)
                server.stop()

    def check_mixed(
        self,
        row: Row,
        servers: list[Server],
        big: dict,
        mix: Mix,
        *,
        stored_before: int,
        stored: int,
        backend: str = "pg",
    ) -> None:
        """Nothing lost (every write answered 302 is a stored comment or vote), every
        server's first page shows the votes at once, whichever server took them, and the
        200 answers, counted as the reads, are no more than the reads sent."""
        measure = row.busy
        accepted = measure.statuses.get("302", 0)
        added = stored - stored_before
        lost = max(0, accepted - added)
        verdict = "nothing lost" if not lost else f"{lost} LOST"
        if added - accepted > BUSY:
            verdict += f"; {added - accepted} more stored than answered"
        # A write answered 200 (a form shown again) would pass for a read; the mix is spread
        # evenly, so only the requests in flight at the end leave its share.
        weights = sum(weight for _request, weight in mix.kinds)
        reads = sum(weight for request, weight in mix.kinds if not request.writes) / weights
        surplus = measure.statuses.get("200", 0) - (measure.requests * reads + BUSY)
        if surplus > 0:
            verdict += f"; {surplus:.0f} more 200 answers than reads sent (writes answered 200)"
            measure.unexpected += round(surplus)
        # Guests' first comments wait for a moderator, so the posts show on no page; the votes
        # do: each server's first page must show the vote counts the database holds.
        fragment, _post, _vote = self.big_thread_requests(servers[0].base, big, round_="check")
        path, _body, headers = fragment.example()
        stale = []
        for server in servers:
            status, content = fetch(server.base, path, headers=headers)
            shown = re.findall(
                r'id="votes-(\d+)".*?class="vote-count"[^>]*>(\d+)<', content.decode(), re.S
            )
            pairs = ", ".join(f"({comment}, {upvotes})" for comment, upvotes in shown)
            agreeing = self.count_rejoinder(
                backend,
                "SELECT COUNT(*) FROM discussion_comment WHERE (id, upvotes) IN "
                f"(VALUES {pairs or '(0, 0)'})",
            )
            if status != 200 or not shown or agreeing != len(shown):
                stale.append(server.name)
        if stale:
            verdict += f"; vote counts on the first page NOT the database's through {stale}"
            measure.unexpected += len(stale)
        else:
            where = "both servers" if len(servers) == 2 else "the server"
            verdict += f"; the first page's vote counts are the database's through {where}"
        answers = ", ".join(f"{n:,}× {status}" for status, n in sorted(measure.statuses.items()))
        row.note = (
            f"answers {answers}; {accepted:,} writes accepted, {added:,} comments and votes "
            f"stored: {verdict}"
        )
        if lost:
            measure.unexpected += lost

    def run_import(self) -> None:
        """Issue 14: bench/import_disqus.py generates a Disqus export and imports it into a
        fresh SQLite database with `rejoinder import` (in a process of its own, whose wall
        time, CPU time and peak memory it reports)."""
        command = [
            PYTHON,
            BENCH / "import_disqus.py",
            "--comments",
            str(self.sizes.imported),
            "--json",
        ]
        self.say(f"Importing {self.sizes.imported:,} comments from a generated Disqus export")
        env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
        output = self.run(command, env=env, log=self.work / "logs" / "import.log", timeout=1800)
        self.imported = json.loads(output.strip().splitlines()[-1])

    def check_writes(self, row: Row, request: Request, what: str, before: int, after: int) -> None:
        """Every write answered as accepted must be stored. A few more may be stored than
        counted: wrk stops counting at its deadline while requests are in flight."""
        accepted = sum(
            count
            for measure in (row.busy, row.calm)
            if measure
            for status, count in measure.statuses.items()
            if int(status) in request.expect
        )
        stored = after - before
        in_flight = BUSY + CALM
        lost = max(0, accepted - stored)
        extra = stored - accepted
        verdict = "nothing lost" if not lost else f"{lost} LOST"
        if extra > in_flight:
            verdict += f"; {extra} more stored than answered (more than the {in_flight} in flight)"
        statuses: dict[str, int] = {}
        for measure in (row.busy, row.calm):
            for status, count in (measure.statuses if measure else {}).items():
                statuses[status] = statuses.get(status, 0) + count
        answers = ", ".join(f"{count:,}× {status}" for status, count in sorted(statuses.items()))
        self.checks.setdefault(row.system, []).append(
            f"{row.scenario}: answers {answers or 'none'}; {accepted:,} accepted, "
            f"{stored:,} {what} stored: {verdict}"
        )
        row.note = (row.note + " " if row.note else "") + f"{verdict}"
        if lost and row.busy:
            row.busy.unexpected += lost

    def run_isso(self) -> None:
        server = self.isso_server()
        server.start(ready_path="/config")
        system = "isso"
        try:
            threads = self.seeded["rejoinder-sqlite"]["threads"]
            self.remember_memory(system, server, "started")

            def embed(uri: str, limit: int | None = None) -> Request:
                # What Isso's embed.js asks for with its default settings (sort oldest, up to
                # 5 replies shown under each comment); `limit` caps top-level comments.
                query = {"uri": uri, "sort": "oldest", "offset": "0"}
                if limit:
                    query["limit"] = str(limit)
                query["nested_limit"] = "5"
                return Request("/?" + urllib.parse.urlencode(query))

            big_uri = threads["big"]["article_url"]
            self.measure(
                system,
                "read-default",
                server,
                embed(big_uri),
                note="GET /?uri=… as embed.js sends it by default: every comment",
            )
            self.measure(system, "read-page", server, embed(big_uri, 20), note="with limit=20")
            listed = [thread["article_url"] for thread in threads["listing"][-self.sizes.listed :]]
            counts = Request(
                "/count",
                method="POST",
                body=json.dumps(listed),
                headers=(("Content-Type", "application/json"),),
                expect=(200,),
            )
            # POST /count changes nothing: measure it like a read.
            self.measure_read_post(
                system, "counts", server, counts, note=f"POST /count, {self.sizes.listed} URIs"
            )
            for size in self.sizes.growth:
                if size != self.sizes.big:
                    uri = threads[f"growth-{size}"]["article_url"]
                    self.measure(system, f"growth-{size}", server, embed(uri, 20))
            again = self.measure(system, "read-page-again", server, embed(big_uri, 20), calm=False)
            again.note = "limit=20 again, after the other reads: the run's noise"
            self.remember_memory(system, server, "after reads")

            json_type = ("Content-Type", "application/json")
            count_comments = (
                "SELECT COUNT(*) FROM comments JOIN threads ON comments.tid = threads.id"
                " WHERE threads.uri = ?"
            )
            comments = ("comments", lambda: self.count_isso(count_comments, big_uri))
            likes = ("likes", lambda: self.count_isso("SELECT SUM(likes) FROM comments"))
            for number, round_ in ((1, ""), (2, "-2")):
                post = Request(
                    "/new?" + urllib.parse.urlencode({"uri": big_uri}),
                    method="POST",
                    body=json.dumps(
                        {
                            "text": f"A comment posted under load, number {{n}} of round {number}.",
                            "author": "Bench Reader",
                            "email": f"reader{{n}}.{number}@example.org",
                        }
                    ),
                    headers=(json_type,),
                    expect=(201,),
                )
                self.measure(
                    system, f"post{round_}", server, post, calm=not round_, stored=comments
                )
                vote = Request(
                    "/id/{id}/like",
                    method="POST",
                    headers=(json_type, ("X-Forwarded-For", "{ip}")),
                    ids=tuple(self.isso_big_ids),
                    expect=(200,),
                )
                self.measure(system, f"vote{round_}", server, vote, calm=not round_, stored=likes)
                self.remember_memory(system, server, f"after writes{round_ and ' (second round)'}")
        finally:
            self.note_restarts(system, server)
            server.stop()

    def measure_read_post(
        self, system: str, scenario: str, server: Server, request: Request, note: str
    ) -> None:
        path, body, headers = request.example()
        status, content = fetch(server.base, path, method="POST", body=body, headers=headers)
        if status != 200:
            raise BenchError(f"{system} {scenario}: {status} {content[:200]!r}")
        self.warm(server.base, request)
        row = self.measure(system, scenario, server, request, note=note)
        row.body_bytes = len(content)

    def ceiling_scenarios(self) -> dict[str, str]:
        """Scenario -> file name, for every response of Rejoinder's the ceilings copy."""
        return {scenario: scenario.replace("-", "_") for scenario in self.bodies}

    def run_ceilings(self) -> None:
        folder = self.work / "ceiling"
        folder.mkdir(exist_ok=True)
        names = self.ceiling_scenarios()
        for scenario, name in names.items():
            # The suffix gives the ceilings the Content-Type Rejoinder sent (HTML or JSON).
            json_body = self.body_types[scenario].startswith("application/json")
            suffix = ".json" if json_body else ".html"
            (folder / f"{name}{suffix}").write_bytes(self.bodies[scenario])
        env = {**os.environ, "CEILING_DIR": str(folder)}
        # The issue's ceiling is ASGI; Rejoinder runs granian's WSGI interface, so that one
        # is measured too, with the threads `rejoinder serve` gives each worker.
        for system, interface in (("granian", ["asginl", "--no-ws"]), ("granian-wsgi", ["wsgi"])):
            port = free_port()
            app = "ceiling_asgi:app" if system == "granian" else "ceiling_wsgi:app"
            threads = ["--blocking-threads", REJOINDER_THREADS] if system == "granian-wsgi" else []
            command = [
                sys.executable,
                "-m",
                "granian",
                "--interface",
                *interface,
                *threads,
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--workers",
                REJOINDER_WORKERS,
                app,
            ]
            self.record(command, {"CEILING_DIR": "$WORK/ceiling"})
            server = Server(
                f"{system} ceiling",
                command,
                env,
                port,
                self.work / "logs" / f"{system}.log",
                cwd=BENCH,
            )
            server.start()
            try:
                self.remember_memory(system, server, "started")
                for scenario, name in names.items():
                    self.measure(system, scenario, server, Request(f"/{name}"), ceiling=True)
                post = Request(
                    "/post",
                    method="POST",
                    body="value=up",
                    headers=(("Content-Type", "application/x-www-form-urlencoded"),),
                    expect=(302,),
                )
                self.measure(system, "post", server, post, ceiling=True)
                self.remember_memory(system, server, "after writes")
            finally:
                server.stop()

        nginx = shutil.which("nginx") or (
            "/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None
        )
        if not nginx:
            self.notes.append(
                "nginx: not installed, so its ceiling was skipped (`apt-get install nginx-light`"
                " adds it; this harness does not install it)."
            )
            return
        port = free_port()
        config = self.work / "nginx.conf"
        user = "user root;" if os.geteuid() == 0 else ""  # workers must read the temp folder
        config.write_text(
            f"""{user}
daemon off;
worker_processes 2;
pid {self.work}/nginx.pid;
error_log {self.work}/logs/nginx-error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {self.work}/nginx-body;
    proxy_temp_path {self.work}/nginx-proxy;
    fastcgi_temp_path {self.work}/nginx-fastcgi;
    uwsgi_temp_path {self.work}/nginx-uwsgi;
    scgi_temp_path {self.work}/nginx-scgi;
    server {{
        listen 127.0.0.1:{port};
        root {folder};
        types {{ text/html html; application/json json; }}
        charset utf-8;
        charset_types text/html application/json;
        location / {{ try_files $uri.html $uri.json =404; }}
    }}
}}
"""
        )
        command = [nginx, "-c", str(config), "-p", str(self.work)]
        self.record(command)
        server = Server(
            "nginx ceiling", command, dict(os.environ), port, self.work / "logs" / "nginx.log"
        )
        server.start()
        try:
            self.remember_memory("nginx", server, "started")
            for scenario, name in names.items():
                self.measure("nginx", scenario, server, Request(f"/{name}"), ceiling=True)
        finally:
            server.stop()


@dataclass
class Profile:
    samples: int
    inclusive: list[tuple[str, float]]  # Rejoinder's functions, share of samples on the stack
    own: list[tuple[str, float]]  # function, share of samples it was running itself
    areas: list[tuple[str, float]]  # area of the code, share of samples spent in it


# What a sample was doing, judged by its innermost frame that belongs to one of these (first
# match wins, so the order goes from specific to general).
AREAS = [
    ("threads waiting (locks, queues, hand-overs)", ("threading.py", "queue.py")),
    ("event loop waiting for the network", ("selectors.py",)),
    ("asgiref: sync/async hand-overs and their locals", ("asgiref/",)),
    ("database driver (sqlite3 / psycopg), connecting included", ("sqlite3/", "psycopg")),
    ("Django ORM: building SQL and rows", ("django/db/",)),
    ("Django templates", ("django/template/", "django/templatetags/")),
    ("Wagtail", ("wagtail/",)),
    ("Rejoinder's own code", ("rejoinder/",)),
    ("Django: middleware, handlers, the rest", ("django/",)),
    ("the server (granian)", ("granian/", "asyncio/")),
]


def _short(frame: str) -> str:
    """'func (/path/site-packages/django/x.py:12)' -> 'func (django/x.py:12)'."""
    name, _, path = frame.partition(" (")
    for marker in ("site-packages/", f"{ROOT}/", "/lib/python3."):
        if marker in path:
            rest = path.split(marker, 1)[1]
            if marker == "/lib/python3.":  # the standard library: drop "11/"
                rest = rest.partition("/")[2]
            return f"{name} ({rest}"
    return frame


def summarise_profile(path: Path, top: int = 12) -> Profile:
    """Shares of samples from py-spy's raw (collapsed stacks) output."""
    inclusive: dict[str, int] = {}
    own: dict[str, int] = {}
    areas: dict[str, int] = {}
    total = 0
    for line in path.read_text().splitlines():
        stack, _, count_text = line.rpartition(" ")
        if not stack or not count_text.isdigit():
            continue
        count = int(count_text)
        # With --subprocesses each stack starts with the process (and its parent's) name.
        frames = [_short(frame) for frame in stack.split(";") if not frame.startswith("process ")]
        if not frames:
            continue
        total += count
        for frame in set(frames):
            inclusive[frame] = inclusive.get(frame, 0) + count
        own[frames[-1]] = own.get(frames[-1], 0) + count
        area = next(
            (
                name
                for frame in reversed(frames)
                for name, markers in AREAS
                if any(f"({marker}" in frame or f"/{marker}" in frame for marker in markers)
            ),
            "other",
        )
        areas[area] = areas.get(area, 0) + count
    if not total:
        return Profile(0, [], [], [])

    def ranked(counts: dict[str, int], limit: int) -> list[tuple[str, float]]:
        pairs = sorted(counts.items(), key=lambda pair: -pair[1])
        return [(name, count / total) for name, count in pairs[:limit]]

    # Rejoinder's own functions, callers of everything else: what a fix would change.
    ours = {name: count for name, count in inclusive.items() if "(rejoinder/" in name}
    return Profile(total, ranked(ours, top), ranked(own, top), ranked(areas, len(AREAS) + 1))


# ---------------------------------------------------------------------------------------------
# The report

SCENARIOS = [
    ("read-default", "1. Reading the discussion the default way"),
    ("read-page", "1b. A first page of 20 top-level comments with their replies"),
    ("embed-frame", "1c. The embed's first page: its frame for a reader without cookies"),
    ("api-page", "1d. The API's page of comments (JSON)"),
    ("counts", "2. Comment counts for a listing of articles"),
    ("listing", "2b. A listing page of articles with their counts (Rejoinder's own)"),
    ("post", "3. Posting a comment"),
    ("vote", "4. Voting on a comment"),
    ("post-2", "3b. Posting a comment, second round"),
    ("vote-2", "4b. Voting on a comment, second round"),
]


def fmt_rate(value: float) -> str:
    return f"{value:,.0f}" if value >= 100 else f"{value:,.1f}" if value >= 10 else f"{value:.2f}"


def fmt_per_cpu(measure: Measure | None) -> str:
    """Requests per CPU second of the server, or "–" when it used too little to count."""
    if measure is None or measure.per_cpu_second is None:
        return "–"
    return fmt_rate(measure.per_cpu_second)


def fmt_ms(measure: Measure | None, attribute: str, digits: int) -> str:
    """A latency, or "–" for a load not run or one that completed no request in time."""
    if measure is None or not measure.requests:
        return "–"
    return f"{getattr(measure, attribute):.{digits}f}"


def fmt_ratio(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value:,.0f}×" if value >= 100 else f"{value:.1f}×" if value >= 10 else f"{value:.2f}×"


def ratio(a: float | None, b: float | None) -> float | None:
    return a / b if a is not None and b else None


def at_least(value: float | None, bound: float) -> bool | None:
    """Whether a ratio meets its target; None (n/a) when it could not be measured."""
    return None if value is None else value >= bound


def revision() -> str:
    """The checkout's commit, taken when the run starts: the code measured is what was on disk
    then, whatever is committed while the run goes on."""

    def git(*args: str) -> str:
        result = subprocess.run(["git", "-C", str(ROOT), *args], capture_output=True, text=True)
        return result.stdout.strip() if result.returncode == 0 else ""

    commit = git("rev-parse", "--short", "HEAD") or "unknown"
    dirty = git("status", "--porcelain", "--untracked-files=no")
    return commit + (" with uncommitted changes" if dirty else "")


def versions(bench: Bench) -> list[tuple[str, str]]:
    def command_output(command: list[str]) -> str:
        try:
            result = subprocess.run(command, capture_output=True, text=True, timeout=20)
        except (OSError, subprocess.TimeoutExpired):
            return "not installed"
        output = (result.stdout + result.stderr).strip()
        return output.splitlines()[0] if output else ""

    def isso_version(name: str) -> str:
        python = ISSO_VENV / "bin" / "python"
        return command_output(
            [str(python), "-c", f"import importlib.metadata as m; print(m.version({name!r}))"]
        )

    found = [
        ("Rejoinder", bench.revision),
        ("Python (Rejoinder)", platform.python_version()),
        ("Django", importlib.metadata.version("django")),
        ("Wagtail", importlib.metadata.version("wagtail")),
        ("granian", importlib.metadata.version("granian")),
        ("Isso", isso_version("isso")),
        ("gunicorn (Isso)", isso_version("gunicorn")),
        ("Python (Isso)", command_output([str(ISSO_VENV / "bin" / "python"), "-V"])),
        ("wrk", command_output(["wrk", "-v"]).split(" [")[0]),
        ("nginx", command_output(["nginx", "-v"]) if shutil.which("nginx") else "not installed"),
        ("SQLite", sqlite3.sqlite_version),
    ]
    if getattr(bench, "pg_url", None):
        found.append(
            (
                "PostgreSQL",
                command_output(
                    ["psql", *bench.pg_args, "-d", BENCH_DATABASE, "-tAc", "SHOW server_version"]
                ),
            )
        )
        found.append(("Redis", command_output(["redis-server", "--version"])))
    found.append(("Kernel", platform.release()))
    cpu = re.search(r"model name\s*:\s*(.+)", Path("/proc/cpuinfo").read_text())
    found.append(("CPU", f"{os.cpu_count()} × {cpu.group(1) if cpu else platform.machine()}"))
    found.append(
        ("Memory", f"{os.sysconf('SC_PHYS_PAGES') * os.sysconf('SC_PAGE_SIZE') / 2**30:.0f} GiB")
    )
    return found


def report(bench: Bench, *, started: datetime, elapsed: float, rejoinders: list[str]) -> str:
    sizes = bench.sizes
    rows = bench.rows
    ceilings = [
        name for name in ("granian", "granian-wsgi", "nginx") if any(key[0] == name for key in rows)
    ]
    lines = [
        f"# Benchmark {started:%Y-%m-%d}{' (smoke)' if sizes.mode == 'smoke' else ''}: "
        "Rejoinder, Isso and the ceiling, in one run",
        "",
        f"Started {started:%Y-%m-%d %H:%M} UTC, took {elapsed / 60:.1f} minutes on this "
        f"{os.cpu_count()}-core machine (`make bench{'-smoke' if sizes.mode == 'smoke' else ''}`,"
        " bench/run.py). Every server listened on 127.0.0.1, one at a time; wrk ran on the "
        "same cores.",
        "",
        f"Each load: wrk for {sizes.busy_seconds} s with {BUSY} connections (2 threads) for "
        + (
            f"throughput, then {sizes.calm_seconds} s with 1 connection for unloaded latency "
            f"(ceilings: {sizes.ceiling_busy_seconds} s and {sizes.ceiling_calm_seconds} s). "
            if sizes.calm_seconds
            else "throughput; no 1-connection loads in a smoke run. "
        )
        + "Ratios compare requests per second at 32 connections: above 1× is Rejoinder ahead. "
        "Errors are socket errors, 4xx/5xx answers and, for writes, answers other than the "
        "expected one (302 for Rejoinder's forms, 201/200 for Isso's API). Memory is the RSS "
        "of the server's whole process tree (granian's master and workers, and the live app's "
        "granian, as `rejoinder serve` starts them by default); PSS splits shared pages. "
        "\"Others' CPU\" is the share of the machine's CPU that processes other than the "
        "server and wrk used during a measurement: above a few percent, a neighbour disturbed "
        "it.",
        "",
        "Rejoinder ran as `rejoinder serve` alone, without `rejoinder worker`: jobs that "
        "posting queues (notifications) waited in the queue, so their cost is not in these "
        "numbers.",
        "",
        "Data, the same in both systems: a discussion of "
        f"{sizes.big:,} comments (30% replies) that is read, posted to and voted on; "
        f"{sizes.listing_threads} threads of {sizes.listing_comments} comments (the listing); "
        "threads of " + ", ".join(f"{size:,}" for size in sizes.growth) + " comments (growth).",
        "",
    ]
    disturbed = [
        (f"{SYSTEM_TITLES[key[0]]} {key[1]}", measure.others_cpu)
        for key, row in rows.items()
        for measure in (row.busy, row.calm)
        if measure and measure.others_cpu > 0.10
    ]
    if disturbed:
        worst = max(share for _, share in disturbed)
        lines += [
            f"**Warning: the machine was not quiet.** In {len(disturbed)} measurements other "
            f"processes used more than 10% of the CPU (up to {worst * 100:.0f}%); those "
            "numbers are lower than this machine can do. Requests per CPU second, which "
            "count only the server's own CPU time, are the figures to compare then.",
            "",
        ]
    lines += targets_section(bench, rejoinders)
    lines += ["", "## Results", ""]
    systems = [*rejoinders, "isso", *ceilings]
    scenario_list = list(SCENARIOS) + [
        (f"growth-{size}", f"5. Growth: first page of a {size:,}-comment thread")
        for size in sizes.growth
    ]
    for scenario, title in scenario_list:
        key = scenario
        if scenario == f"growth-{sizes.big}":
            key = "read-page"
        present = [system for system in systems if (system, key) in rows]
        if not present:
            continue
        lines += [f"### {title}", ""]
        notes = []
        lines += [
            "| system | req/s (32) | req/CPU-s (32) | p50 ms | p99 ms | p50 ms (1 conn) "
            "| p99 ms (1 conn) | errors | body bytes | wire bytes/resp | vs Isso "
            "| vs granian ceiling | others' CPU |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for system in present:
            row = rows[(system, key)]
            busy, calm = row.busy, row.calm
            isso = rows.get(("isso", key))
            ceiling = rows.get(("granian", key))
            versus_isso = ratio(busy.rps, isso.busy.rps) if isso and system != "isso" else None
            versus_ceiling = (
                ratio(busy.rps, ceiling.busy.rps) if ceiling and system != "granian" else None
            )
            errors = busy.errors + (calm.errors if calm else 0)
            others = max(busy.others_cpu, calm.others_cpu if calm else 0.0)
            lines.append(
                f"| {SYSTEM_TITLES[system]} | {fmt_rate(busy.rps)} | {fmt_per_cpu(busy)} | "
                f"{fmt_ms(busy, 'p50_ms', 1)} | "
                f"{fmt_ms(busy, 'p99_ms', 1)} | {fmt_ms(calm, 'p50_ms', 2)} | "
                f"{fmt_ms(calm, 'p99_ms', 2)} | {errors:,} | "
                f"{f'{row.body_bytes:,}' if row.body_bytes is not None else '–'} | "
                f"{busy.wire_bytes:,.0f} | {fmt_ratio(versus_isso)} | {fmt_ratio(versus_ceiling)} "
                f"| {others * 100:.0f}% |"
            )
            if row.note:
                notes.append(f"{SYSTEM_TITLES[system]}: {row.note}.")
        lines += [""] + [f"- {note}" for note in notes] + ([""] if notes else [])

    lines += import_section(bench)
    lines += blend_section(bench, rejoinders)
    lines += scale_out_section(bench)
    lines += getattr(bench, "live_lines", [])
    lines += ["## Writes: answered and stored", ""]
    for system, checks in bench.checks.items():
        lines += [f"- {SYSTEM_TITLES[system]}: " + "; ".join(checks)]
    lines += [
        "",
        "Rejoinder's vote load sends no reader cookie, so each vote comes from a new anonymous "
        "reader and inserts a vote row under the comment's row lock (the votes cycle through the "
        f"{sizes.big:,} comments of the discussion). Isso keeps one vote per address, so its "
        "votes carry a different X-Forwarded-For address each (Isso trusts 127.0.0.1 as a "
        "proxy) and cycle through the same comments.",
        "",
        "## Noise",
        "",
    ]
    for system in [*rejoinders, "isso"]:
        first, again = rows.get((system, "read-page")), rows.get((system, "read-page-again"))
        if first and again and first.busy.rps:
            spread = abs(again.busy.rps - first.busy.rps) / first.busy.rps * 100
            lines.append(
                f"- {SYSTEM_TITLES[system]}: the first page measured twice, "
                f"{fmt_rate(first.busy.rps)} and {fmt_rate(again.busy.rps)} req/s "
                f"({spread:.1f}% apart)."
            )
    lines += [
        "",
        "Two runs back to back should agree within about twice the larger of these spreads; "
        "ratios below 1.1× either side of a target are within the noise.",
        "",
        "## Memory (MB)",
        "",
        "| system | moment | RSS | PSS | processes |",
        "|---|---|---:|---:|---:|",
    ]
    for system, moments in bench.memory.items():
        for moment, rss, pss, processes in moments:
            lines.append(
                f"| {SYSTEM_TITLES[system]} | {moment} | {rss:.0f} | {pss:.0f} | {processes} |"
            )
    if bench.profiles:
        lines += profile_section(bench)
    if bench.notes:
        lines += ["", "## Notes", ""] + [f"- {note}" for note in bench.notes]
    lines += ["", "## How each scenario was measured", ""]
    lines += [f"- {line}" for line in method_notes(sizes, rejoinders)]
    lines += ["", "## Versions", "", "| what | version |", "|---|---|"]
    lines += [f"| {name} | {value} |" for name, value in versions(bench)]
    lines += ["", "## Time taken", ""]
    lines += [f"- {name}: {seconds:.0f} s" for name, seconds in bench.timings.items()]
    lines += [
        "",
        "## Commands",
        "",
        "In order, as run ($WORK is the run's temporary folder; wrk's BENCH_* variables "
        "configure bench/bench.lua).",
        "",
        "```sh",
        *bench.commands,
        "```",
        "",
    ]
    return "\n".join(lines)


def import_section(bench: Bench) -> list[str]:
    found = bench.imported
    if not found:
        return []
    per_second = found["comments"] / found["import_seconds"] if found["import_seconds"] else 0
    per_cpu = found["comments"] / found["import_cpu_seconds"] if found["import_cpu_seconds"] else 0
    return [
        "### 6. Importing a Disqus export (SQLite)",
        "",
        "| comments | threads | file MB | wall s | CPU s | peak RSS MB | comments/s | "
        "comments/CPU-s | load average | targets |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
        f"| {found['comments']:,} | {found['threads']} | {found['file_mb']} | "
        f"{found['import_seconds']:.1f} | {found['import_cpu_seconds']:.1f} | "
        f"{found['peak_rss_mb']} | {per_second:,.0f} | {per_cpu:,.0f} | "
        f"{found['load_average']} | {IMPORT_TARGET_COMMENTS:,} comments in < "
        f"{IMPORT_TARGET_SECONDS} s, < {IMPORT_TARGET_MB} MB |",
        "",
        "- `rejoinder import` of an export bench/import_disqus.py generated (a third replies, "
        "some written before their parents), into a freshly migrated SQLite database with "
        f"one article per thread; wall and CPU time and peak RSS are the import process's own "
        f"(generating the file and migrating are not counted). Generating took "
        f"{found['generate_seconds']:.1f} s.",
        "",
    ]


def blend_section(bench: Bench, rejoinders: list[str]) -> list[str]:
    """Issue 16's mixed row: the reads' share of a mixed load against the pure reads."""
    present = [system for system in rejoinders if (system, "mixed") in bench.rows]
    if not present:
        return []
    every = BLEND_READS + BLEND_VOTES + BLEND_POSTS
    lines = [
        "### 8. Mixed: reads, votes and posts on one discussion at once",
        "",
        f"Of every {every} requests, {BLEND_READS} read the first page (the thread fragment, "
        f"as in 1b), {BLEND_VOTES} vote and {BLEND_POSTS} post, all on the same discussion, "
        f"{BUSY} connections. Reads/s counts the 200 answers (the writes answer 302); the "
        "target: at least "
        f"{BLEND_READ_TARGET:.0%} of the pure-read figure (1b), no errors, nothing lost.",
        "",
        "| system | req/s (32) | req/CPU-s | reads/s | vs pure reads | writes/s | a read's CPU, "
        "mixed vs pure | p50 ms | p99 ms | errors | others' CPU | target | result |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|",
    ]
    notes = []
    for system in present:
        row = bench.rows[(system, "mixed")]
        measure = row.busy
        seconds = measure.seconds or 1.0
        reads = measure.statuses.get("200", 0) / seconds
        writes = measure.statuses.get("302", 0) / seconds
        pure = bench.rows.get((system, "read-page"))
        share = ratio(reads, pure.busy.rps) if pure and pure.busy else None
        passed = at_least(share, BLEND_READ_TARGET)
        if passed is not None:
            passed = passed and not measure.errors
        verdict = "n/a" if passed is None else "PASS" if passed else "MISS"
        read_cost = mixed_read_cost(bench, system, measure)
        lines.append(
            f"| {SYSTEM_TITLES[system]} | {fmt_rate(measure.rps)} | {fmt_per_cpu(measure)} | "
            f"{fmt_rate(reads)} | {'–' if share is None else f'{share:.0%}'} | "
            f"{fmt_rate(writes)} | {read_cost} | {fmt_ms(measure, 'p50_ms', 1)} | "
            f"{fmt_ms(measure, 'p99_ms', 1)} | {measure.errors:,} | "
            f"{measure.others_cpu * 100:.0f}% | reads ≥ {BLEND_READ_TARGET:.0%} of pure reads, "
            f"no errors, nothing lost | {verdict} |"
        )
        if row.note:
            notes.append(f"{SYSTEM_TITLES[system]}: {row.note}.")
    notes.append(
        "A read's CPU, mixed vs pure: the server's CPU in the mixed load less what its votes "
        "and posts cost in their own rows (4, 3), per read answered, against a read's CPU in "
        "1b. It says whether reads stay cheap while the discussion is written to (a vote "
        "keeps the kept page; a post renders it again), which the share of pure reads "
        "cannot: reads are so much cheaper than writes that the writes' own CPU bounds that "
        f"share. At {BLEND_VOTES} votes of 1 ms and {BLEND_POSTS} posts of 5 ms (issue 16's "
        f"write targets) and reads of 0.1 ms, reads are at most {bound_of_read_share():.0%} of "
        "pure reads."
    )
    return lines + [""] + [f"- {note}" for note in notes] + [""]


def bound_of_read_share(read_ms: float = 0.1, vote_ms: float = 1.0, post_ms: float = 5.0) -> float:
    """The mixed row's reads ÷ pure reads when every request costs only its own CPU."""
    reads = BLEND_READS * read_ms
    return reads / (reads + BLEND_VOTES * vote_ms + BLEND_POSTS * post_ms)


def mixed_read_cost(bench: Bench, system: str, mixed: Measure) -> str:
    """A read's CPU in the mixed load, net of the writes' CPU as measured in their own rows,
    against a pure read's: "0.12 vs 0.09 ms", or "–" without those rows' CPU."""
    costs = {}
    for scenario in ("read-page", "vote", "post"):
        row = bench.rows.get((system, scenario))
        if row is None or row.busy is None or not row.busy.per_cpu_second:
            return "–"
        costs[scenario] = 1000 / row.busy.per_cpu_second
    reads, writes = mixed.statuses.get("200", 0), mixed.statuses.get("302", 0)
    # The writes answered, split between votes and posts as the mix sends them.
    write_ms = BLEND_VOTES * costs["vote"] + BLEND_POSTS * costs["post"]
    writes_ms = writes * write_ms / (BLEND_VOTES + BLEND_POSTS)
    reads_ms = mixed.cpu_seconds * 1000 - writes_ms
    if not reads or reads_ms <= 0:
        return "–"
    return f"{reads_ms / reads:.2f} vs {costs['read-page']:.2f} ms"


def scale_out_section(bench: Bench) -> list[str]:
    if not bench.scale_out:
        return []
    lines = [
        "### 7. Scale-out: one app server and two, over one PostgreSQL + Redis",
        "",
        "| load | app servers | req/s (32) | req/CPU-s | CPU s per server | p50 ms | p99 ms "
        "| errors | others' CPU |",
        "|---|---:|---:|---:|---|---:|---:|---:|---:|",
    ]
    notes = []
    for (load, count), row in bench.scale_out.items():
        measure = row.busy
        per_server = " + ".join(f"{seconds:.1f}" for seconds in measure.server_cpu)
        lines.append(
            f"| {load} | {count} | {fmt_rate(measure.rps)} | {fmt_per_cpu(measure)} | "
            f"{per_server} | {fmt_ms(measure, 'p50_ms', 1)} | {fmt_ms(measure, 'p99_ms', 1)} | "
            f"{measure.errors:,} | {measure.others_cpu * 100:.0f}% |"
        )
        if row.note:
            notes.append(f"{load}, {count} app server(s): {row.note}.")
    lines += [""] + [f"- {note}" for note in notes]
    memory = ", ".join(f"{name}: {rss:.0f} MB" for name, rss in bench.scale_out_memory)
    every = MIXED_READS + MIXED_POSTS + MIXED_VOTES
    lines += [
        "",
        f"Read: the thread fragment, as in 1b. Mixed: of every {every} requests "
        f"{MIXED_READS} read the first page, {MIXED_POSTS} posts a "
        f"comment and {MIXED_VOTES} votes, on the same discussion. Each app server is "
        "`rejoinder serve` as in the other rows (1 worker × 4 threads); with two, one wrk "
        f"sends from each of its 2 threads to one server ({BUSY // 2} connections each), so "
        "that the client is the same as for one. CPU per server is its whole process tree's "
        f"during the load. RSS after the loads: {memory}.",
        "",
    ]
    return lines


def method_notes(sizes: Sizes, rejoinders: list[str]) -> list[str]:
    notes = [
        "Reading, the default way: Rejoinder's article page, as a first visit gets it (no "
        "cookie), which carries the first page of comments; Isso's `GET /?uri=…&sort=oldest"
        "&offset=0&nested_limit=5`, what embed.js asks with its default settings (all "
        "top-level comments, up to 5 replies under each). Each system in its own default "
        "order (Rejoinder newest first, Isso oldest first).",
        "A first page: Rejoinder's thread fragment (`GET /discussion/<id>/comments/` with "
        "`HX-Request: true`, 20 top-level comments and all their replies, as the page's "
        "script loads it, with the CSRF cookie the article page set and no other: a reader "
        "without an account or a vote, whose page every such reader shares, so it is answered "
        "from the server's memory after one revision check (rejoinder/discussion/"
        "shared_reads.py)); Isso's same request with `limit=20`. The growth scenarios load "
        "the same first page from threads of each size.",
        f"Counts: Rejoinder's `GET /discussion/counts/?url=…` with the {sizes.listed} "
        f"articles' addresses, against Isso's `POST /count` for the same {sizes.listed} URIs. "
        "Rejoinder's own listing pages carry their counts already: the category page with "
        f"{sizes.listed} article cards (ARTICLES_PER_PAGE={sizes.listed}) is measured "
        "beside it (2b).",
        "Posting: Rejoinder's form without JavaScript (`POST /discussion/<id>/post/`, "
        "answered 302), with the CSRF cookie and form token fetched once and a new text, "
        "e-mail address and submission token in every request (so neither the duplicate "
        "check nor the per-author rate limit applies); Isso's `POST /new?uri=…` with JSON, "
        "answered 201. Both post to the discussion that was read.",
        "Voting: Rejoinder's `POST /discussion/comment/<id>/vote/` (value=up, answered 302); "
        "Isso's `POST /id/<id>/like`.",
        "Seeding: `generate_thread` (Rejoinder's bulk path) exports what it writes; Isso "
        f"gets the same comments through `POST /new` for threads of up to {sizes.big:,} "
        "comments and straight into its tables above that (bench/isso_seed.py). Isso shows "
        "one level of replies, so a reply to a reply hangs under the top-level comment there.",
        "Rate limits: Rejoinder's comment limits (per address, per e-mail) and vote limit "
        f"raised to {RAISED_RATE} (the checks still run); the moderation policy's rate rule "
        "switched off (raised, it counted every comment the loads had posted from the one "
        "address on every post, where under a real limit, 20 by default, the count stays small; "
        "its query on a real site is not measured); Isso's guard switched off.",
        "Requests per CPU second (req/CPU-s): the requests wrk counted, divided by the CPU "
        "time (user + system, from /proc/<pid>/stat of the server's process and all its "
        "descendants, read just before and just after wrk ran) the server's whole process "
        "tree used meanwhile. Unlike req/s it changes little when other processes share the "
        "cores, since time a server waits for a core is not counted; it leaves out wrk's own "
        "CPU and counts the work a server did on requests still in flight when wrk stopped.",
        "The embed's first page: `GET /embed/frame/?site=…&page=…&url=…&title=…&origin=…"
        "&theme=light` as embed.js builds it, with no cookie, for a page of the demo's "
        "embedding site whose discussion holds the same comments as the one read in 1b "
        "(generated with the same seed, then moved onto the page's thread); its target is "
        "within 10% of the thread fragment's req/s. Both are measured twice, the second "
        "pair after the other reads, and their sums compared: the two loads of one page "
        "differ by several percent between the start and the end of a run, as much as the "
        "margin of the target.",
        "The API's page of comments: `GET /api/v1/threads/<id>/comments` (the default page, "
        "newest first) on the discussion read in 1b, with the CSRF cookie only; the ceilings "
        "answer the same bytes as application/json, and the target is ≥ 40% of the bare-WSGI "
        "ceiling's req/s.",
    ]
    if "rejoinder-pg" in rejoinders:
        notes.append(
            "PostgreSQL: each of the server's threads keeps its connection (the default "
            f"DATABASE_CONN_MAX_AGE). Redis database {BENCH_REDIS_DB}, flushed before and after."
        )
    return notes


def profile_section(bench: Bench) -> list[str]:
    lines = [
        "",
        "## Where the time goes (py-spy)",
        "",
        "Sampled with py-spy (100 Hz, every worker) during an extra load of each scenario "
        f"at {BUSY} connections, after the measurements. A sample counts for the innermost "
        "frame in one of these areas; time waiting for the database counts in the driver.",
    ]
    for (system, scenario), found in bench.profiles.items():
        lines += ["", f"### {SYSTEM_TITLES[system]} · {scenario} ({found.samples:,} samples)", ""]
        lines += ["| area | share |", "|---|---:|"]
        lines += [f"| {name} | {share * 100:.0f}% |" for name, share in found.areas]
        lines += ["", "Most time running itself:", ""]
        lines += [f"- {share * 100:.1f}% `{name}`" for name, share in found.own[:8]]
        lines += ["", "Rejoinder's functions with most time on the stack (callees included):", ""]
        lines += [f"- {share * 100:.1f}% `{name}`" for name, share in found.inclusive[:10]]
    return lines


def targets_section(bench: Bench, rejoinders: list[str]) -> list[str]:
    rows = bench.rows
    sizes = bench.sizes
    lines = [
        "## Targets (issues 7, 12, 14, 15, 16)",
        "",
        "| target | system | measured | result |",
        "|---|---|---|---|",
    ]

    def get(system: str, scenario: str) -> Row | None:
        return rows.get((system, scenario))

    def add(target: str, system: str, measured: str, passed: bool | None) -> None:
        verdict = "n/a" if passed is None else "PASS" if passed else "MISS"
        lines.append(f"| {target} | {SYSTEM_TITLES[system]} | {measured} | {verdict} |")

    versus_isso = [  # scenario, target, how many times Isso's requests per second
        (
            "read-default",
            f"Read a {sizes.big:,}-comment discussion the default way: ≥ 100× Isso",
            100,
        ),
        ("read-page", "First page of 20: ≥ 3× Isso with limit=20", 3),
        ("counts", f"Counts for {sizes.listed} articles: ≥ 5× Isso's /count", 5),
        ("post", "Post a comment: ≥ 3× Isso's /new", 3),
    ]
    for system in rejoinders:
        for scenario, target, times in versus_isso:
            ours, theirs = get(system, scenario), get("isso", scenario)
            if ours and theirs:
                value = ratio(ours.busy.rps, theirs.busy.rps)
                measured = (
                    f"{fmt_ratio(value)} ({fmt_rate(ours.busy.rps)} vs "
                    f"{fmt_rate(theirs.busy.rps)} req/s)"
                )
                add(target, system, measured, at_least(value, times))
        page = get(system, "read-page")
        ceiling = get("granian", "read-page")
        if page and ceiling:
            value = ratio(page.busy.rps, ceiling.busy.rps)
            add(
                "First page of 20: ≥ 40% of the bare-ASGI ceiling, same bytes",
                system,
                f"{(value or 0) * 100:.0f}% ({fmt_rate(page.busy.rps)} vs "
                f"{fmt_rate(ceiling.busy.rps)} req/s)",
                at_least(value, 0.4),
            )
        frame = get(system, "embed-frame")
        if frame and page:
            # Each measured twice (the second pair after the other reads): the sums' ratio.
            pairs = [(frame, page)]
            again = (get(system, "embed-frame-again"), get(system, "read-page-again"))
            if all(again):
                pairs.append(again)
            value = ratio(
                sum(frame_row.busy.rps for frame_row, _ in pairs),
                sum(page_row.busy.rps for _, page_row in pairs),
            )
            rates = " and ".join(
                f"{fmt_rate(f.busy.rps)} vs {fmt_rate(p.busy.rps)}" for f, p in pairs
            )
            per_cpu = " and ".join(
                f"{fmt_per_cpu(f.busy)} vs {fmt_per_cpu(p.busy)}" for f, p in pairs
            )
            add(
                "Embed's first page (frame, no cookies): within 10% of the thread fragment, "
                "each measured twice (issue 12)",
                system,
                f"{fmt_ratio(value)} ({rates} req/s; per CPU second {per_cpu})",
                at_least(value, 0.9),
            )
        api = get(system, "api-page")
        api_ceiling = get("granian-wsgi", "api-page")
        if api and api_ceiling:
            value = ratio(api.busy.rps, api_ceiling.busy.rps)
            add(
                "API's page of comments (JSON): ≥ 40% of the bare-WSGI ceiling, same bytes "
                "(issue 12)",
                system,
                f"{(value or 0) * 100:.0f}% ({fmt_rate(api.busy.rps)} vs "
                f"{fmt_rate(api_ceiling.busy.rps)} req/s; per CPU second "
                f"{fmt_per_cpu(api.busy)} vs {fmt_per_cpu(api_ceiling.busy)})",
                at_least(value, 0.4),
            )
        article = get(system, "read-default")
        article_ceiling = get("granian-wsgi", "read-default")
        if article and article_ceiling:
            value = ratio(article.busy.rps, article_ceiling.busy.rps)
            add(
                "Article page for readers without cookies: ≥ 25% of the bare-WSGI ceiling, "
                "same bytes (issue 16)",
                system,
                f"{(value or 0) * 100:.0f}% ({fmt_rate(article.busy.rps)} vs "
                f"{fmt_rate(article_ceiling.busy.rps)} req/s; per CPU second "
                f"{fmt_per_cpu(article.busy)} vs {fmt_per_cpu(article_ceiling.busy)})",
                at_least(value, 0.25),
            )
        if page:
            add(
                "First page of 20: p99 < 25 ms at 32 connections",
                system,
                f"{page.busy.p99_ms:.1f} ms",
                page.busy.p99_ms < 25,
            )
        post = get(system, "post")
        if post:
            errors = sum(
                measure.errors
                for scenario in ("post", "post-2")
                if (row := get(system, scenario))
                for measure in (row.busy, row.calm)
                if measure
            )
            add(
                "Post a comment: no error, nothing lost",
                system,
                f"{errors} errors or lost",
                errors == 0,
            )
        vote = get(system, "vote")
        if vote and post:
            value = ratio(vote.busy.rps, post.busy.rps)
            add(
                "Vote at least as fast as posting",
                system,
                f"{fmt_rate(vote.busy.rps)} vs {fmt_rate(post.busy.rps)} req/s "
                f"({vote.busy.errors} errors)",
                at_least(value, 1) and vote.busy.errors == 0,
            )
        small = get(system, f"growth-{sizes.growth[0]}")
        large = get(system, f"growth-{sizes.growth[-1]}")
        if small and large and small.calm and large.calm:
            # A load that completed nothing (a 1-second smoke run) has no latency to compare.
            measured = small.calm.requests and large.calm.requests
            value = large.calm.p50_ms / small.calm.p50_ms if measured else None
            add(
                f"Growth: first page of {sizes.growth[-1]:,} within 1.25× the time of "
                f"{sizes.growth[0]:,} (p50, 1 connection)",
                system,
                f"{fmt_ratio(value)} ({large.calm.p50_ms:.2f} vs {small.calm.p50_ms:.2f} ms; at "
                f"32 connections {fmt_rate(large.busy.rps)} vs {fmt_rate(small.busy.rps)} req/s)",
                None if value is None else value <= 1.25,
            )
        moments = {moment: (rss, pss) for moment, rss, pss, _n in bench.memory.get(system, [])}
        first, first_pss = moments.get("after writes", (None, None))
        second = moments.get("after writes (second round)", (None, None))[0]
        if first:
            add(
                "Memory after the write load: ≤ 200 MB RSS and ≤ 150 MB PSS (issue 16)",
                system,
                f"{first:.0f} MB RSS, {first_pss:.0f} MB PSS",
                first <= 200 and first_pss <= 150,
            )
        if first and second:
            add(
                "Memory after a second write round: ≤ 10% above the first",
                system,
                f"{second:.0f} MB ({(second / first - 1) * 100:+.1f}%)",
                second <= first * 1.10,
            )
    if bench.imported:
        imported = bench.imported
        full = imported["comments"] == IMPORT_TARGET_COMMENTS
        add(
            f"Import {IMPORT_TARGET_COMMENTS:,} comments (Disqus XML) on SQLite: "
            f"< {IMPORT_TARGET_SECONDS} s (issue 14)",
            "rejoinder-sqlite",
            f"{imported['import_seconds']:.1f} s for {imported['comments']:,} comments "
            f"({imported['import_cpu_seconds']:.1f} CPU s, load average "
            f"{imported['load_average']})",
            imported["import_seconds"] < IMPORT_TARGET_SECONDS if full else None,
        )
        add(
            f"Import {IMPORT_TARGET_COMMENTS:,} comments: peak memory "
            f"< {IMPORT_TARGET_MB} MB (issue 14)",
            "rejoinder-sqlite",
            f"{imported['peak_rss_mb']} MB RSS",
            imported["peak_rss_mb"] < IMPORT_TARGET_MB if full else None,
        )
    if bench.scale_out:
        rows_out = list(bench.scale_out.values())
        problems = sum(row.busy.errors for row in rows_out)
        add(
            "Scale-out, two app servers vs one: no error, nothing lost, every server's "
            "first page shows the database's vote counts (issue 15)",
            "rejoinder-pg",
            f"{problems} errors, lost writes or stale pages in {len(rows_out)} loads",
            problems == 0,
        )
        for load in ("read", "mixed"):
            one, two = bench.scale_out.get((load, 1)), bench.scale_out.get((load, 2))
            if one and two:
                add(
                    f"(informative) Scale-out, {load}: two app servers vs one; on 2 cores no "
                    "gain is expected",
                    "rejoinder-pg",
                    f"{fmt_ratio(ratio(two.busy.rps, one.busy.rps))} req/s "
                    f"({fmt_rate(two.busy.rps)} vs {fmt_rate(one.busy.rps)}); per CPU second "
                    f"{fmt_per_cpu(two.busy)} vs {fmt_per_cpu(one.busy)}",
                    None,
                )
    if "isso" in bench.memory:
        moments = dict((moment, rss) for moment, rss, _pss, _n in bench.memory["isso"])
        if "after writes" in moments:
            add(
                "(for comparison) Isso's memory after the write load",
                "isso",
                f"{moments['after writes']:.0f} MB RSS",
                None,
            )
    return lines


# ---------------------------------------------------------------------------------------------


def run_live_row(bench: Bench) -> None:
    """The live discussion's measures (bench/live.py, issue 17) on the SQLite site."""
    from live import run_live, table  # bench/ is this script's folder, first on sys.path

    data_dir = bench.work / "rejoinder-sqlite"
    env, _shown = bench.rejoinder_env("sqlite", data_dir, free_port())
    try:
        result = run_live(data_dir, env=env, smoke=bench.sizes.mode == "smoke")
    except Exception as error:  # the rest of the report stands; the note says why
        bench.notes.append(f"Live discussion: not measured: {error}")
        return
    bench.live_lines = ["## Live discussion", "", *table(result), ""]


def require_wrk() -> None:
    if not shutil.which("wrk"):
        raise BenchError(
            "wrk is not installed. Install Debian's package: apt-get install wrk "
            "(`make bench` does it for you when run as root)."
        )


def output_path(sizes: Sizes, started: datetime) -> Path:
    folder = RESULTS / "smoke" if sizes.mode == "smoke" else RESULTS
    folder.mkdir(parents=True, exist_ok=True)
    stem = f"{started:%Y-%m-%d}{'-smoke' if sizes.mode == 'smoke' else ''}"
    path, number = folder / f"{stem}.md", 1
    # A second full run on the same day keeps the first one's report.
    while sizes.mode == "full" and path.exists():
        number += 1
        path = folder / f"{stem}-{number}.md"
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--smoke", action="store_true", help="tiny data, 1-second loads")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument("--output", type=Path, help="where to write the report")
    parser.add_argument("--no-pg", action="store_true", help="skip PostgreSQL + Redis")
    parser.add_argument(
        "--profile",
        action="store_true",
        help="also sample Rejoinder (SQLite) with py-spy under load, into the report",
    )
    args = parser.parse_args(argv)
    # Every process the bench starts imports Rejoinder from this checkout: the servers run
    # outside it (cwd is the work folder), where an editable install of another checkout
    # (a git worktree's, say) would be measured instead.
    os.environ["PYTHONPATH"] = os.pathsep.join(
        filter(None, (str(ROOT), os.environ.get("PYTHONPATH")))
    )
    sizes = SMOKE if args.smoke else FULL
    started = datetime.now(UTC)
    clock = time.monotonic()
    work = Path(tempfile.mkdtemp(prefix="rejoinder-bench-"))
    bench = Bench(sizes, work)
    bench.profiling = args.profile
    bench.revision = revision()
    pg_reason = "skipped (--no-pg)" if args.no_pg else bench.pg_available()
    # Smoke runs stay quick: PostgreSQL only when asked for with BENCH_SMOKE_PG=1.
    if args.smoke and not pg_reason and os.environ.get("BENCH_SMOKE_PG") != "1":
        pg_reason = "skipped in smoke runs (BENCH_SMOKE_PG=1 includes it)"
    rejoinders = ["rejoinder-sqlite"] + ([] if pg_reason else ["rejoinder-pg"])
    pg_ready = False
    try:
        require_wrk()
        bench.say(f"{sizes.mode} run in {work}")
        if pg_reason:
            bench.notes.append(f"PostgreSQL + Redis: {pg_reason}.")
        else:
            bench.pg_setup()
            pg_ready = True
        # Setting up and seeding are not measured: do them side by side.
        with bench.timed("setting up and seeding (side by side)"), ThreadPoolExecutor(3) as pool:
            isso_installed = pool.submit(bench.ensure_isso)

            def sqlite_then_isso() -> None:
                # Isso is seeded from what Rejoinder's SQLite seeding exported.
                bench.prepare_rejoinder("sqlite")
                isso_installed.result()
                bench.prepare_isso()

            jobs: list[Callable[[], None]] = [sqlite_then_isso]
            if "rejoinder-pg" in rejoinders:
                jobs.append(lambda: bench.prepare_rejoinder("pg"))
            for future in [isso_installed, *(pool.submit(job) for job in jobs)]:
                future.result()
        bench.say("Seeded; measuring")
        with bench.timed("Rejoinder (SQLite): serving and measuring"):
            bench.run_rejoinder("sqlite")
        with bench.timed("Isso: serving and measuring"):
            bench.run_isso()
        with bench.timed("ceilings"):
            bench.run_ceilings()
        pg_failed = None
        if "rejoinder-pg" in rejoinders:
            try:
                with bench.timed("Rejoinder (PostgreSQL + Redis): serving and measuring"):
                    bench.run_rejoinder("pg")
                with bench.timed("scale-out: one and two app servers"):
                    bench.run_scale_out()
            except BenchError as error:
                # What was measured before still makes a report; the run fails at the end.
                pg_failed = error
                bench.notes.append(f"PostgreSQL + Redis: the run stopped: {error}")
        with bench.timed(f"importing {sizes.imported:,} comments"):
            bench.run_import()
        with bench.timed("live discussion: idle streams, listeners, reads"):
            run_live_row(bench)
        text = report(
            bench, started=started, elapsed=time.monotonic() - clock, rejoinders=rejoinders
        )
        path = args.output or output_path(sizes, started)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        bench.say(f"Report: {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")
        summary = [
            line
            for line in text.splitlines()
            if line.startswith("| ") and (line.endswith("| PASS |") or line.endswith("| MISS |"))
        ]
        print("\n".join(summary))
        if pg_failed:
            print(f"\nbench: PostgreSQL + Redis: {pg_failed}", file=sys.stderr)
            return 1
        if failing := [
            f"{SYSTEM_TITLES[row.system]}: {row.scenario}"
            for row in bench.rows.values()
            if row.system.startswith("rejoinder")
            and any(measure and measure.errors for measure in (row.busy, row.calm))
        ]:
            print(f"\nbench: answers with errors in {', '.join(failing)}", file=sys.stderr)
            return 1
        return 0
    except BenchError as error:
        print(f"\nbench: {error}", file=sys.stderr)
        return 1
    finally:
        if pg_ready:
            bench.pg_teardown()
        if args.keep:
            print(f"Kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
