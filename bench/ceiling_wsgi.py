"""The bare-WSGI ceiling: the least a WSGI app under granian can do to answer, with the
interface and flags `rejoinder serve` uses (bench/ceiling_asgi.py is the same over ASGI).

Each file CEILING_DIR/<name>.html or <name>.json is answered, byte for byte, at /<name>, as
HTML or JSON; a POST anywhere is drained and answered with a 302, as Rejoinder answers a
form post. Everything is read into memory at import."""

import os
from pathlib import Path

_TYPES = {".html": "text/html; charset=utf-8", ".json": "application/json; charset=utf-8"}
_BODIES = {
    f"/{path.stem}": (path.read_bytes(), _TYPES[path.suffix])
    for path in Path(os.environ["CEILING_DIR"]).iterdir()
    if path.suffix in _TYPES
}


def app(environ, start_response):
    if environ["REQUEST_METHOD"] == "POST":
        environ["wsgi.input"].read()  # the whole form, as a real handler must
        start_response("302 Found", [("Location", "/"), ("Content-Length", "0")])
        return [b""]
    body, content_type = _BODIES.get(environ["PATH_INFO"], (None, _TYPES[".html"]))
    status = "200 OK" if body is not None else "404 Not Found"
    body = body or b"not found"
    headers = [("Content-Type", content_type), ("Content-Length", str(len(body)))]
    start_response(status, headers)
    return [body]
