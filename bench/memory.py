"""Memory of a running server, process by process (issue 16): RSS, PSS and USS (the pages
no other process maps) of a process and all its descendants, from /proc/<pid>/smaps_rollup.

    python bench/memory.py PID

RSS counts a page shared after fork in every process that maps it, PSS splits it between
them, USS is what stopping the process would free. PSS also splits the pages of shared
libraries with unrelated processes that map the same files (other Python programs on the
machine), so it moves a few MB with what else runs; USS does not."""

import re
import sys
from pathlib import Path

from run import tree_pids  # bench/ is this script's folder, first on sys.path


def rollup_kb(text: str, field: str) -> int:
    match = re.search(rf"^{field}:\s+(\d+)", text, re.M)
    return int(match.group(1)) if match else 0


def process_rows(pid: int) -> list[tuple[int, float, float, float, str]]:
    """(pid, RSS MB, PSS MB, USS MB, command line) of `pid` and its descendants."""
    rows = []
    for current in tree_pids(pid):
        try:
            rollup = Path(f"/proc/{current}/smaps_rollup").read_text()
            command = Path(f"/proc/{current}/cmdline").read_bytes().replace(b"\0", b" ")
        except OSError:
            continue  # it ended meanwhile
        private = rollup_kb(rollup, "Private_Clean") + rollup_kb(rollup, "Private_Dirty")
        sizes = (rollup_kb(rollup, "Rss"), rollup_kb(rollup, "Pss"), private)
        rows.append((current, *(size / 1024 for size in sizes), command.decode().strip()))
    return rows


def main() -> int:
    rows = process_rows(int(sys.argv[1]))
    print(f"{'pid':>8} {'RSS MB':>8} {'PSS MB':>8} {'USS MB':>8}  command")
    for pid, rss, pss, uss, command in rows:
        print(f"{pid:>8} {rss:8.1f} {pss:8.1f} {uss:8.1f}  {command[:90]}")
    totals = [sum(row[column] for row in rows) for column in (1, 2, 3)]
    print(f"{'total':>8} {totals[0]:8.1f} {totals[1]:8.1f} {totals[2]:8.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
