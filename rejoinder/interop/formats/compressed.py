"""Exports that may come gzipped (Remark42's backups, Commento's exports)."""

import gzip
import zlib
from collections.abc import Iterator
from typing import BinaryIO

from rejoinder.interop.errors import ImportFileError

GZIP_MAGIC = b"\x1f\x8b"


def head_of(head: bytes) -> bytes:
    """The start of the file as it reads once unpacked."""
    if not head.startswith(GZIP_MAGIC):
        return head
    try:
        return zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head)
    except zlib.error:
        return b""


def opened(stream: BinaryIO) -> BinaryIO:
    start = stream.read(2)
    stream.seek(0)
    return gzip.GzipFile(fileobj=stream) if start == GZIP_MAGIC else stream


def lines(stream: BinaryIO) -> Iterator[tuple[int, bytes]]:
    try:
        yield from enumerate(opened(stream), start=1)
    except (EOFError, gzip.BadGzipFile, zlib.error) as error:
        raise ImportFileError(f"the compressed file is damaged or cut short ({error})") from None
