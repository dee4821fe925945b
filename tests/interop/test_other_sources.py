"""Remark42, Isso and Commento archives moving in: recognised by content, mapped, and
idempotent like the others."""

import gzip
import sqlite3

import pytest

from rejoinder.discussion.models import Comment, CommentState
from rejoinder.interop.errors import ImportFileError
from rejoinder.interop.models import ImportedRecord
from rejoinder.interop.service import import_file
from tests.interop.conftest import FIXTURES


@pytest.fixture
def isso_database(tmp_path):
    path = tmp_path / "comments.db"
    with sqlite3.connect(path) as database:
        database.executescript((FIXTURES / "isso-small.sql").read_text(encoding="utf-8"))
    database.close()
    return path


def by_source_id(source_id: str) -> Comment:
    return ImportedRecord.objects.get(source_id=source_id).comment


@pytest.mark.parametrize("name", ["remark42-small.jsonl", "remark42-small.jsonl.gz"])
def test_a_remark42_backup_plain_or_gzipped(harbour_road, name):
    summary = import_file(path=FIXTURES / name)
    assert (summary.format, summary.source) == ("remark42", "remark42:gazette")
    first, reply = by_source_id("7d1e2f30-0001"), by_source_id("7d1e2f30-0002")
    assert first.thread.article == harbour_road
    assert first.body == "Ferries **first**, cars second."
    assert first.body_html == "<p>Ferries <strong>first</strong>, cars second.</p>"
    assert (first.upvotes, first.downvotes) == (2, 1)
    assert reply.parent == first
    assert by_source_id("7d1e2f30-0003").state == CommentState.DELETED
    assert import_file(path=FIXTURES / name).counts["comments"]["unchanged"] == 3


def test_a_cut_gzip_is_named(harbour_road, tmp_path):
    packed = (FIXTURES / "remark42-small.jsonl.gz").read_bytes()
    cut = tmp_path / "backup.gz"
    cut.write_bytes(packed[: len(packed) // 2])
    with pytest.raises(ImportFileError, match="damaged or cut short"):
        import_file(path=cut)
    assert not Comment.objects.exists()


def test_an_isso_database(harbour_road, isso_database):
    summary = import_file(path=isso_database)
    assert summary.format == "isso"
    assert summary.source.startswith("isso:") and "secret" not in summary.source
    first = by_source_id("1")
    assert first.body_html == "<p>The <strong>harbour</strong> wall needs work first.</p>"
    assert (first.upvotes, first.downvotes, first.author_website) == (
        5,
        1,
        "https://gwil.example.org",
    )
    assert first.created_at.isoformat() == "2019-04-03T08:00:00+00:00"
    reply = by_source_id("2")
    assert reply.parent == first and reply.edited_at is not None
    assert by_source_id("3").state == CommentState.PENDING


def test_an_sqlite_file_that_is_not_isso_says_so(harbour_road, tmp_path):
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as database:
        database.execute("CREATE TABLE notes (text)")
    database.close()
    with pytest.raises(ImportFileError, match="not Isso's"):
        import_file(path=path)


@pytest.mark.parametrize("packed", [False, True])
def test_a_commento_export(harbour_road, tmp_path, packed):
    path = FIXTURES / "commento-small.json"
    if packed:
        path = tmp_path / "commento.json.gz"
        path.write_bytes(gzip.compress((FIXTURES / "commento-small.json").read_bytes()))
    summary = import_file(path=path)
    assert summary.format == "commento"
    first = by_source_id("c0ffee01")
    assert first.author_name == "Alys Penrose"
    assert first.author_email_normalised == "alys@example.org"
    assert (first.upvotes, first.downvotes) == (3, 0)
    reply = by_source_id("c0ffee02")
    assert reply.parent == first and reply.state == CommentState.PENDING
    assert reply.author_name == "Anonymous" and (reply.upvotes, reply.downvotes) == (0, 2)
    assert "<script" not in reply.body_html and "&lt;script&gt;" in reply.body_html
    spam = by_source_id("c0ffee03")
    assert spam.state == CommentState.SPAM and spam.author_website == ""
