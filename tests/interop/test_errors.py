"""Files that cannot be imported: each gets a message naming the problem and where it is,
never a traceback, and leaves the database exactly as it was."""

import time

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from rejoinder.discussion.models import Comment
from rejoinder.interop.errors import ImportFileError
from rejoinder.interop.models import ImportedRecord
from rejoinder.interop.service import import_file
from tests.interop.conftest import FIXTURES

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE disqus [
 <!ENTITY a "laugh">
 <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
 <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
 <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
 <!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">
 <!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">
 <!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;">
 <!ENTITY h "&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;">
 <!ENTITY i "&h;&h;&h;&h;&h;&h;&h;&h;&h;&h;">
]>
<disqus xmlns="http://disqus.com"><post><message>&i;</message></post></disqus>
"""

EXTERNAL_ENTITY = """<?xml version="1.0"?>
<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">
<post dsq:id="1"><message>&secret;</message></post></disqus>
"""


def write(tmp_path, text: str, name: str = "upload.xml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def refused(path, **options) -> ImportFileError:
    with pytest.raises(ImportFileError) as caught:
        import_file(path=path, **options)
    assert not Comment.objects.exists()
    assert not ImportedRecord.objects.exists()
    return caught.value


def test_entity_expansion_is_refused_at_once_with_its_line(harbour_road, tmp_path):
    began = time.monotonic()
    error = refused(write(tmp_path, BILLION_LAUGHS))
    assert time.monotonic() - began < 1
    assert "document type (DTD)" in error.problem
    assert error.where == "line 2"


def test_an_undeclared_entity_is_refused_and_nothing_is_fetched(harbour_road, tmp_path):
    error = refused(write(tmp_path, EXTERNAL_ENTITY))
    assert error.where.startswith("line 3")
    assert "malformed" in error.problem and "undefined entity" in error.problem


def test_a_truncated_file_saves_none_of_what_came_before(harbour_road, tmp_path):
    whole = (FIXTURES / "disqus-small.xml").read_text(encoding="utf-8")
    cut = whole[: whole.index('<post dsq:id="1008">') + 30]
    error = refused(write(tmp_path, cut))
    assert "ends in the middle of the document (truncated?)" in error.problem
    assert error.where.startswith(f"line {cut.count(chr(10)) + 1}")


def test_malformed_xml_is_named_with_line_and_column(harbour_road, tmp_path):
    whole = (FIXTURES / "disqus-small.xml").read_text(encoding="utf-8")
    broken = whole.replace("<title>About us</title>", "<title>About us</titel>")
    error = refused(write(tmp_path, broken))
    assert error.problem == "the XML is malformed: mismatched tag"
    line = broken[: broken.index("</titel>")].count("\n") + 1
    assert error.where.startswith(f"line {line}, column ")


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("", "the file is empty"),
        ("name,comment\nWren,hello\n", "not a format this import knows"),
        ('<?xml version="1.0"?><rss><channel></channel></rss>', "not a format this import knows"),
        ("\x00\x01\x02 binary", "not a format this import knows"),
    ],
)
def test_a_file_of_no_known_format_says_so(harbour_road, tmp_path, content, problem):
    error = refused(write(tmp_path, content, name="comments.xml"))
    assert error.problem.startswith(problem)
    assert error.where == "comments.xml"


def test_asking_for_the_wrong_format_says_what_the_file_looks_like(harbour_road):
    error = refused(FIXTURES / "disqus-small.xml", format="wxr")
    assert error.problem == "this does not look like a wxr file (it looks like disqus)"


def test_the_command_reports_a_bad_file_plainly_and_imports_the_good_one(
    harbour_road, tmp_path, capsys
):
    bad = write(tmp_path, BILLION_LAUGHS, name="laughs.xml")
    with pytest.raises(CommandError, match="1 of 2 files were not imported"):
        call_command("import_discussions", str(bad), str(FIXTURES / "disqus-small.xml"))
    out, err = capsys.readouterr()
    assert "laughs.xml: not imported, nothing was saved. line 2: the file declares" in err
    assert "Traceback" not in out + err
    assert "comments          7          0          0          1" in out
    assert Comment.objects.count() == 7


def test_a_field_of_the_wrong_type_is_named_not_a_traceback(harbour_road, tmp_path):
    text = (FIXTURES / "commento-small.json").read_text(encoding="utf-8")
    path = write(tmp_path, text.replace('"score": -2', '"score": "lots"'), name="c.json")
    error = refused(path)
    assert error.problem.startswith("unexpected content (invalid literal for int()")
    assert error.where == "after comment 1"
