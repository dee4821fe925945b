"""The bare-ASGI ceiling: the least an ASGI app under granian can do to answer.

Served by the benchmark with the same granian flags as `rejoinder serve`. Each file
CEILING_DIR/<name>.html is answered, byte for byte, at /<name>; a POST anywhere is drained
and answered with a 302, as Rejoinder answers a form post. Everything is read into memory at
import, so a request costs only the server and the ASGI round trip.
"""

import os
from pathlib import Path

_BODIES = {
    f"/{path.stem}": path.read_bytes() for path in Path(os.environ["CEILING_DIR"]).glob("*.html")
}
_HTML = [(b"content-type", b"text/html; charset=utf-8")]


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
    body = _BODIES.get(scope["path"])
    status = 200 if body is not None else 404
    body = body or b"not found"
    headers = [*_HTML, (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
