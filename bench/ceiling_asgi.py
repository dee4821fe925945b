"""The bare-ASGI ceiling: the least an ASGI app under granian can do to answer.

Served by the benchmark with the same granian flags as `rejoinder serve`. Each file
CEILING_DIR/<name>.html or <name>.json is answered, byte for byte, at /<name>, as HTML or
JSON; a POST anywhere is drained and answered with a 302, as Rejoinder answers a form post.
Everything is read into memory at import, so a request costs only the server and the ASGI
round trip.
"""

import os
from pathlib import Path

_TYPES = {".html": b"text/html; charset=utf-8", ".json": b"application/json; charset=utf-8"}
_BODIES = {
    f"/{path.stem}": (path.read_bytes(), _TYPES[path.suffix])
    for path in Path(os.environ["CEILING_DIR"]).iterdir()
    if path.suffix in _TYPES
}


async def app(scope, receive, send) -> None:
    if scope["type"] != "http":
        return
    if scope["method"] == "POST":
        # Read the whole form, as a real handler must, before answering.
        while (await receive()).get("more_body"):
            pass
        await send({"type": "http.response.start", "status": 302, "headers": [
            (b"location", b"/"), (b"content-length", b"0")]})  # fmt: skip
        await send({"type": "http.response.body", "body": b""})
        return
    body, content_type = _BODIES.get(scope["path"], (None, _TYPES[".html"]))
    status = 200 if body is not None else 404
    body = body or b"not found"
    headers = [(b"content-type", content_type), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
