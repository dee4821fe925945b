"""Isso's bulk path: write exported threads straight into Isso's SQLite database.

Runs with the Python of Isso's own virtual environment (bench/.isso-venv), before Isso's
server starts:

    bench/.isso-venv/bin/python bench/isso_seed.py ISSO_CFG EXPORT.jsonl [EXPORT.jsonl ...]

Each export is what `rejoinder manage generate_thread --export` writes (one JSON object a
comment). Posting 100,000 comments through Isso's HTTP API would take most of the benchmark's
time budget, so the large threads go in the way Isso's own importers (`isso import`) do: rows
in its `threads` and `comments` tables, laid out by Isso's installed schema. The table is
created by Isso itself (`isso.db.SQLite3`), so the schema is the installed version's, and each
row gets what `Comments.add` would give it: mode 1 (accepted), the anonymised local address,
and a voters Bloom filter holding that address.

Isso shows one level of replies: `Comments.add` re-parents a reply to a reply onto the
top-level comment, and so does this.
"""

import json
import sqlite3
import sys
from pathlib import Path

from isso import config
from isso.db import SQLite3
from isso.utils import Bloomfilter

REMOTE_ADDR = "127.0.0.0"  # what Isso stores for a post from 127.0.0.1 (anonymised)


def seed(cfg: Path, exports: list[Path]) -> dict[str, int]:
    conf = config.load(config.default_file(), str(cfg))
    path = conf.get("general", "dbpath")
    SQLite3(path, conf)  # creates Isso's tables and trigger at the installed version
    voters = memoryview(Bloomfilter(iterable=[REMOTE_ADDR]).array)
    written: dict[str, int] = {}
    with sqlite3.connect(path) as db:
        for export in exports:
            next_id = (db.execute("SELECT MAX(id) FROM comments").fetchone()[0] or 0) + 1
            isso_id: dict[tuple[str, int], int] = {}
            top_of: dict[tuple[str, int], int] = {}
            rows = []
            with export.open() as lines:
                for line in lines:
                    item = json.loads(line)
                    uri = item["article_url"]
                    if uri not in written:
                        db.execute(
                            "INSERT INTO threads (uri, title) VALUES (?, ?)", (uri, item["title"])
                        )
                        written[uri] = 0
                    key = (uri, item["index"])
                    isso_id[key] = next_id
                    if item["parent"] is None:
                        top_of[key] = next_id
                        parent = None
                    else:
                        parent = top_of[(uri, item["parent"])]
                        top_of[key] = parent
                    rows.append(
                        (
                            uri,
                            next_id,
                            parent,
                            item["created"],
                            1,
                            REMOTE_ADDR,
                            item["text"],
                            item["author"],
                            item["email"],
                            item["likes"],
                            item["dislikes"],
                            voters,
                        )
                    )
                    written[uri] += 1
                    next_id += 1
            db.executemany(
                "INSERT INTO comments (tid, id, parent, created, modified, mode, remote_addr,"
                " text, author, email, website, likes, dislikes, voters, notification)"
                " SELECT threads.id, ?, ?, ?, NULL, ?, ?, ?, ?, ?, NULL, ?, ?, ?, 0"
                " FROM threads WHERE threads.uri = ?",
                [(*row[1:], row[0]) for row in rows],
            )
    return written


if __name__ == "__main__":
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    result = seed(Path(sys.argv[1]), [Path(name) for name in sys.argv[2:]])
    print(json.dumps(result))
