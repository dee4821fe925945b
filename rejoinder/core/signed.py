"""Signed tokens written as django.core.signing.dumps writes them, for tokens drawn on every
page answered from memory (the comment form's, the embed frame's), where Django's own writer
was most of the cost of a frame (issue 12).

`signing.dumps` builds a Signer (settings read anew), derives the HMAC key from the secret
and the salt, and serialises the whole value, on every call. A frame kept in memory signs
the same fields for every reader but their id and the time: `QuickSigner` derives the key
once per secret and salt and signs bytes the caller has mostly prepared once.

Only the writing is ours. The tokens are what `signing.dumps(obj, salt=…)` returns for the
same JSON (TimestampSigner, SHA-256, no compression), so they are read and checked by
Django's unchanged `signing.loads` — signature, salt, age and key rotation
(SECRET_KEY_FALLBACKS) alike; a mistake here makes tokens that fail to load, never tokens
that load without their signature."""

import binascii
import functools
import hashlib
import time

from django.conf import settings
from django.core.signing import b62_encode
from django.utils.encoding import force_bytes

_BLOCK = 64  # SHA-256's block size in bytes
_URL_SAFE = bytes.maketrans(b"+/", b"-_")


def url_safe_b64(data: bytes) -> bytes:
    """signing.b64_encode (URL-safe, unpadded) in one C call and two C methods, without
    base64's layers of Python calls around the same one."""
    return binascii.b2a_base64(data, newline=False).translate(_URL_SAFE).rstrip(b"=")


@functools.lru_cache(maxsize=2)
def _stamp(second: int) -> bytes:
    """The time a token is signed at, as TimestampSigner writes it: the same for every
    token of the same second (kept for the current one and the last)."""
    return b62_encode(second).encode()


class QuickSigner:
    """signing.dumps for one salt, over JSON the caller has serialised (compact, ASCII)."""

    def __init__(self, salt: str) -> None:
        self.salt = salt
        # (a secret, SHA-256 states that have hashed the key derived from it XOR HMAC's
        # inner and outer pads): each token then hashes only its own bytes.
        self._keyed: tuple[object, tuple] = (None, ())

    def _pads(self) -> tuple:
        secret = settings.SECRET_KEY  # read on each call: a test or a deploy may change it
        keyed_for, pads = self._keyed
        if keyed_for != secret:
            # As django.utils.crypto.salted_hmac derives it for Signer(salt=…).signature.
            key = hashlib.sha256(force_bytes(self.salt + "signer") + force_bytes(secret)).digest()
            block = key.ljust(_BLOCK, b"\0")  # RFC 2104, as hmac.new pads a short key
            pads = tuple(
                hashlib.sha256(bytes(byte ^ pad for byte in block)) for pad in (0x36, 0x5C)
            )
            self._keyed = (secret, pads)
        return pads

    def sign_json(self, data: bytes, *, now: float | None = None) -> str:
        """The token signing.dumps returns for the object `data` is the JSON of, signed at
        `now` (the current time by default)."""
        return self.signed_json(data, now=now).decode()

    def signed_json(self, data: bytes, *, now: float | None = None) -> bytes:
        """`sign_json` as ASCII bytes, for a page that writes it as they are."""
        value = url_safe_b64(data) + b":" + _stamp(int(time.time() if now is None else now))
        # HMAC-SHA256 from the padded states: hmac.new sets them up anew for each token,
        # and hmac.HMAC.copy costs more still (OpenSSL contexts).
        inner_pad, outer_pad = self._pads()
        return _signed(value, inner_pad.copy(), outer_pad)

    def prepared(self, head: bytes) -> "PreparedJSON":
        """`signed_json` for JSON that starts with `head` every time (see PreparedJSON)."""
        return PreparedJSON(self, head)


def _signed(value: bytes, inner, outer_pad) -> bytes:
    """`value` and its signature, `inner` being HMAC's inner hash with all of `value` but
    what it has hashed already to come."""
    inner.update(value)
    outer = outer_pad.copy()
    outer.update(inner.digest())
    return value + b":" + url_safe_b64(outer.digest())


class PreparedJSON:
    """Tokens of JSON that all start with the same bytes (a kept frame's, up to the reader):
    base64 turns every three bytes into four characters on their own, so the head's whole
    threes are encoded, and hashed into HMAC's inner state, once; each token encodes and
    hashes only the rest. The tokens are `signed_json`'s, byte for byte."""

    def __init__(self, signer: QuickSigner, head: bytes) -> None:
        whole = len(head) - len(head) % 3
        self.signer = signer
        self.encoded, self.rest = url_safe_b64(head[:whole]), head[whole:]
        self._keyed: tuple[object, object] = (None, None)  # (the signer's pads, inner state)

    def signed_json(self, tail: bytes, *, now: float | None = None) -> bytes:
        """`signer.signed_json(head + tail)`."""
        pads = self.signer._pads()
        keyed_for, inner = self._keyed
        if keyed_for is not pads:  # a new secret: new pads
            inner = pads[0].copy()
            inner.update(self.encoded)
            self._keyed = (pads, inner)
        stamp = _stamp(int(time.time() if now is None else now))
        rest = url_safe_b64(self.rest + tail) + b":" + stamp
        return self.encoded + _signed(rest, inner.copy(), pads[1])
