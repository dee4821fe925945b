"""Generate a large Disqus export and measure importing it (issue #14's bench row).

    python bench/import_disqus.py --comments 100000          # generate, import, report
    python bench/import_disqus.py --comments 100000 --generate-only out.xml

It sets up a throwaway SQLite database in a temporary folder (migrate, one category with
--threads articles), writes a Disqus XML file whose threads link to those articles (a third
of the comments are replies, some of them before their parents in the file, as Disqus's
exports have them), then runs `rejoinder import` on it in a child process and reports the
wall time and the child's peak memory (maximum resident set size). Targets: 100,000
comments under 60 s, under 300 MB. Kept apart from bench/run.py (the page benchmark)."""

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parent.parent
_WORDS = [
    "harbour",
    "road",
    "ferry",
    "queue",
    "council",
    "budget",
    "tram",
    "bakery",
    "tenants",
    "report",
    "minutes",
    "drains",
    "evening",
    "buses",
    "consultation",
    "cyclist",
    "school",
    "parents",
    "lorries",
    "timetable",
    "figures",
]
SITE = "https://old.example.org"


def article_slug(number: int) -> str:
    return f"generated-{number}"


def write_disqus(path: Path, *, comments: int, threads: int = 100, seed: int = 1) -> None:
    """A Disqus export of `comments` posts over `threads` threads, streamed to `path`."""
    rng = random.Random(seed)
    start = datetime(2018, 1, 1, tzinfo=UTC)
    per_thread: dict[int, list[int]] = {}
    with path.open("w", encoding="utf-8") as out:
        out.write(
            '<?xml version="1.0" encoding="utf-8"?>\n'
            '<disqus xmlns="http://disqus.com" '
            'xmlns:dsq="http://disqus.com/disqus-internals">\n'
            '  <category dsq:id="1"><forum>generated</forum><title>General</title></category>\n'
        )
        for number in range(threads):
            out.write(
                f'  <thread dsq:id="t{number}"><id>page-{number}</id><forum>generated</forum>'
                f"<link>{SITE}/2018/01/01/{article_slug(number)}/</link>"
                f"<title>Generated {number}</title><isClosed>false</isClosed></thread>\n"
            )
        held_back: list[str] = []
        for number in range(comments):
            thread = rng.randrange(threads)
            earlier = per_thread.setdefault(thread, [])
            parent = ""
            if earlier and rng.random() < 0.33:
                parent = f'<parent dsq:id="p{rng.choice(earlier[-40:])}"/>'
            earlier.append(number)
            words = " ".join(rng.choice(_WORDS) for _ in range(rng.randrange(8, 60)))
            message = f"<p>{escape(words)} ({number})</p>"
            if number % 5 == 0:
                message += f'<p>See <a href="https://example.org/{number}">the figures</a>.</p>'
            when = (start + timedelta(minutes=number)).strftime("%Y-%m-%dT%H:%M:%SZ")
            post = (
                f'  <post dsq:id="p{number}"><id/><message><![CDATA[{message}]]></message>'
                f"<createdAt>{when}</createdAt><isDeleted>{str(number % 97 == 0).lower()}"
                f"</isDeleted><isSpam>{str(number % 89 == 0).lower()}</isSpam>"
                f"<author><email>reader{number % 500}@example.org</email>"
                f"<name>Reader {number % 500}</name><isAnonymous>false</isAnonymous></author>"
                f'<ipAddress>192.0.2.{number % 250}</ipAddress><thread dsq:id="t{thread}"/>'
                f"{parent}</post>\n"
            )
            # Every 50th post is written a little later, after some of its replies.
            if number % 50 == 0:
                held_back.append(post)
            else:
                out.write(post)
            if len(held_back) > 3:
                out.write(held_back.pop(0))
        out.writelines(held_back)
        out.write("</disqus>\n")


def _environment(data: Path) -> dict[str, str]:
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE")
    }
    environment |= {
        "DATA_DIR": str(data),
        "DATABASE_URL": f"sqlite:///{data / 'bench.sqlite3'}",
        "SECRET_KEY": "bench-secret-key-0123456789-abcdefghijklmnop",
    }
    return environment


def _prepare(data: Path, *, threads: int) -> None:
    """Migrate a fresh database and publish one article per thread."""
    script = f"""
import django, os
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rejoinder.settings")
django.setup()
from django.core.management import call_command
call_command("migrate", interactive=False, verbosity=0)
from tests.builders import make_category, make_home
from tests.interop.conftest import add_article
category = make_category(make_home(), title="News")
for number in range({threads}):
    add_article(category, slug=f"generated-{{number}}", title=f"Generated {{number}}")
"""
    subprocess.run([sys.executable, "-c", script], check=True, cwd=ROOT, env=_environment(data))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--comments", type=int, default=100_000)
    parser.add_argument("--threads", type=int, default=100)
    parser.add_argument("--generate-only", type=Path, metavar="FILE")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    args = parser.parse_args()
    if args.generate_only:
        write_disqus(args.generate_only, comments=args.comments, threads=args.threads)
        return 0
    with tempfile.TemporaryDirectory(prefix="rejoinder-import-bench-") as folder:
        data = Path(folder)
        export = data / "disqus.xml"
        began = time.monotonic()
        write_disqus(export, comments=args.comments, threads=args.threads)
        generated = time.monotonic() - began
        _prepare(data, threads=args.threads)
        began = time.monotonic()
        child = subprocess.Popen(
            [sys.executable, "-m", "rejoinder.cli", "import", str(export), "--no-progress"],
            cwd=ROOT,
            env=_environment(data),
        )
        # wait4 gives this child's own peak memory, not that of the set-up before it.
        _pid, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
        seconds = time.monotonic() - began
        if child.returncode != 0:
            raise SystemExit(f"the import failed (exit status {child.returncode})")
        peak_mb = usage.ru_maxrss / 1024
        # On a shared machine the wall time says as much about the neighbours as about the
        # import: the child's own processor time is reported beside it.
        cpu = usage.ru_utime + usage.ru_stime
        result = {
            "comments": args.comments,
            "threads": args.threads,
            "file_mb": round(export.stat().st_size / 2**20, 1),
            "generate_seconds": round(generated, 1),
            "import_seconds": round(seconds, 1),
            "import_cpu_seconds": round(cpu, 1),
            "load_average": round(os.getloadavg()[0], 1),
            "peak_rss_mb": round(peak_mb),
            "targets": {"import_seconds": 60, "peak_rss_mb": 300},
        }
    print(json.dumps(result, indent=None if args.json else 2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
