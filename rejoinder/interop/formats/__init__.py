"""One module per format. Each reader module has `NAME`, `sniff(head: bytes) -> bool`
(does the start of a file look like this format?) and `read(*, path, stream)`, which yields
records (interop/records.py) in file order and raises ImportFileError for a file it cannot
read. `--format auto` asks each in turn, by content, never by the file's name."""

from pathlib import Path
from types import ModuleType
from typing import BinaryIO

from rejoinder.interop.errors import ImportFileError
from rejoinder.interop.formats import commento, disqus, isso, rejoinder, remark42, wxr

READERS: dict[str, ModuleType] = {
    module.NAME: module for module in (disqus, wxr, rejoinder, remark42, isso, commento)
}
HEAD_BYTES = 8192


# Formats an export can be written in: each module has `write(out, *, since)`.
WRITERS: dict[str, ModuleType] = {module.NAME: module for module in (rejoinder, disqus, wxr)}


def reader_for(name: str, *, path: Path, stream: BinaryIO) -> ModuleType:
    head = stream.read(HEAD_BYTES)
    stream.seek(0)
    if not head:
        raise ImportFileError("the file is empty", where=path.name)
    if name != "auto":
        reader = READERS.get(name)
        if reader is None:
            raise ImportFileError(f"unknown format {name!r}; known: {', '.join(READERS)}")
        if not reader.sniff(head):
            raise ImportFileError(
                f"this does not look like a {name} file"
                + (f" (it looks like {found})" if (found := _recognise(head)) else ""),
                where=path.name,
            )
        return reader
    if found := _recognise(head):
        return READERS[found]
    raise ImportFileError(f"not a format this import knows ({', '.join(READERS)})", where=path.name)


def _recognise(head: bytes) -> str:
    return next((name for name, reader in READERS.items() if reader.sniff(head)), "")
