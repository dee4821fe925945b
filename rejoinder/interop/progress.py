"""How far a background import has got, for its progress page.

The import writes inside one long transaction, which nothing else can see into until it
commits (on SQLite nothing else may even write meanwhile), so its progress cannot live in
the database. It is a small JSON file beside the uploaded one, replaced atomically: the
worker that imports must see the upload anyway, so it shares the folder with the site."""

import json
import os
from pathlib import Path

from django.conf import settings


def _path(run_id: int) -> Path:
    return Path(settings.MEDIA_ROOT) / "imports" / f"{run_id}.progress.json"


def write(run_id: int, *, done: int, total: int, records: int) -> None:
    path = _path(run_id)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".tmp")
    partial.write_text(json.dumps({"done": done, "total": total, "records": records}))
    os.replace(partial, path)


def read(run_id: int) -> dict:
    try:
        return json.loads(_path(run_id).read_text())
    except (OSError, ValueError):
        return {"done": 0, "total": 0, "records": 0}


def forget(run_id: int) -> None:
    _path(run_id).unlink(missing_ok=True)
