"""Stream an XML file one record element at a time, through defusedxml only.

A DTD, an entity declaration or an external reference stops the parse where it is declared,
before anything is expanded: a "billion laughs" file is refused at once, not after filling
memory. Elements are handed over as they close and then forgotten, so a file of any size
takes the memory of one record; each comes with the line it starts on, for messages."""

from collections.abc import Iterator
from typing import BinaryIO
from xml.etree.ElementTree import Element, ParseError, TreeBuilder

from defusedxml import DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden
from defusedxml.ElementTree import DefusedXMLParser

from rejoinder.interop.errors import ImportFileError

CHUNK = 64 * 1024


class _Splitter:
    """An ElementTree parser target that builds each element at `depth` (and what is inside
    it) on a tree builder of its own, and lets the rest of the document go."""

    def __init__(self, depth: int) -> None:
        self.record_depth = depth
        self.depth = 0
        self.builder: TreeBuilder | None = None
        self.line = 0
        self.done: list[tuple[Element, int]] = []
        self.root_tag = ""
        self.expat = None  # set once the parser exists: it knows the current line

    def start(self, tag: str, attrs: dict) -> None:
        self.depth += 1
        if self.depth == 1:
            self.root_tag = tag
        if self.depth == self.record_depth:
            self.builder = TreeBuilder()
            self.line = self.expat.CurrentLineNumber
        if self.builder is not None:
            self.builder.start(tag, attrs)

    def end(self, tag: str) -> None:
        if self.builder is not None:
            self.builder.end(tag)
            if self.depth == self.record_depth:
                self.done.append((self.builder.close(), self.line))
                self.builder = None
        self.depth -= 1

    def data(self, text: str) -> None:
        if self.builder is not None:
            self.builder.data(text)

    def close(self) -> None:
        return None


def elements(stream: BinaryIO, *, depth: int) -> Iterator[tuple[str, Element, int]]:
    """(root tag, element, line) for every element `depth` levels down (the root is 1)."""
    target = _Splitter(depth)
    parser = DefusedXMLParser(
        target=target, forbid_dtd=True, forbid_entities=True, forbid_external=True
    )
    target.expat = parser.parser
    try:
        while chunk := stream.read(CHUNK):
            parser.feed(chunk)
            for element, line in target.done:
                yield target.root_tag, element, line
            target.done.clear()
        parser.close()
        for element, line in target.done:
            yield target.root_tag, element, line
    except DTDForbidden:
        raise ImportFileError(
            "the file declares a document type (DTD); imports refuse DTDs, which can "
            "expand entities or fetch other files",
            where=f"line {parser.parser.CurrentLineNumber}",
        ) from None
    except EntitiesForbidden:
        raise ImportFileError(
            "the file declares entities; imports refuse them (they can expand without end)",
            where=f"line {parser.parser.CurrentLineNumber}",
        ) from None
    except ExternalReferenceForbidden:
        raise ImportFileError(
            "the file refers to an external entity; imports never fetch anything",
            where=f"line {parser.parser.CurrentLineNumber}",
        ) from None
    except ParseError as error:
        line, column = error.position
        problem = str(error).split(":")[0]
        if problem in ("no element found", "unclosed token") or "unclosed" in problem:
            problem = f"the file ends in the middle of the document (truncated?): {problem}"
        else:
            problem = f"the XML is malformed: {problem}"
        raise ImportFileError(problem, where=f"line {line}, column {column + 1}") from None


def text(element: Element, path: str, namespaces: dict[str, str]) -> str:
    found = element.find(path, namespaces)
    return (found.text or "").strip() if found is not None else ""
