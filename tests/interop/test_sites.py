"""A publisher who embeds discussions on another site (the embed, rejoinder/embed) brings
that site's old comments with --site, and takes one site's discussions away with --site:
pages are found as the embed keys them, by the page's address without query or fragment."""

import json
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

from rejoinder.discussion.actions import post_comment
from rejoinder.discussion.models import Comment, Thread
from rejoinder.embed.actions import open_external_thread
from rejoinder.embed.models import ExternalPage, Site
from rejoinder.embed.queries import external_thread
from rejoinder.interop.errors import ImportFileError
from rejoinder.interop.service import import_file
from tests.conftest import a_guest
from tests.interop.conftest import FIXTURES

OLD_ROAD = "https://old.harbourgazette.example/2019/04/02/harbour-road/"


def a_site(key: str, origins: str) -> Site:
    site = Site(name=key.title(), key=key, allowed_origins=origins)
    site.full_clean()
    site.save()
    return site


@pytest.fixture
def gazette(db) -> Site:
    """The gazette's old blog, which now embeds its discussions from here."""
    return a_site("gazette", "https://old.harbourgazette.example")


def export(**options) -> str:
    out = StringIO()
    call_command("export_discussions", stdout=out, **options)
    return out.getvalue()


def test_discussions_without_an_article_go_to_the_sites_pages(gazette):
    summary = import_file(path=FIXTURES / "disqus-small.xml", site="gazette")
    road = external_thread(site=gazette, identifier=OLD_ROAD)
    assert road is not None and road.url == OLD_ROAD and road.title == "Close the harbour road"
    assert Comment.objects.filter(thread=road).count() == 7
    about = external_thread(site=gazette, identifier="https://old.harbourgazette.example/about-us/")
    assert about is not None
    assert summary.counts["threads"]["created"] == 2

    again = import_file(path=FIXTURES / "disqus-small.xml", site="gazette")
    assert again.counts["threads"] == {"unchanged": 2}
    assert ExternalPage.objects.count() == 2


def test_an_article_found_by_the_address_comes_first(gazette, harbour_road):
    import_file(path=FIXTURES / "disqus-small.xml", site="gazette")
    assert Comment.objects.filter(thread__article=harbour_road).count() == 7
    assert list(ExternalPage.objects.values_list("identifier", flat=True)) == [
        "https://old.harbourgazette.example/about-us/"
    ]


def test_a_page_already_discussed_on_the_site_gets_the_old_comments(gazette):
    # A reader commented through the embed before the import (with a tracking parameter).
    thread = open_external_thread(site=gazette, identifier=OLD_ROAD, url=OLD_ROAD, title="Road")
    post_comment(thread=thread, author=a_guest("Ada"), body="New here.")
    import_file(path=FIXTURES / "disqus-small.xml", site="gazette")
    assert Comment.objects.filter(thread=thread).count() == 8


def test_a_page_off_the_sites_origins_is_skipped_with_its_reason(db, fixture_copy):
    a_site("elsewhere", "https://elsewhere.example")
    summary = import_file(path=fixture_copy("disqus-small.xml"), site="elsewhere")
    assert summary.counts["threads"] == {"skipped": 2}
    assert summary.skips[0] == {
        "kind": "threads",
        "reason": f"its page {OLD_ROAD!r} is not on an allowed origin of the site 'elsewhere'",
        "position": summary.skips[0]["position"],
    }
    assert not Thread.objects.exists() and not Comment.objects.exists()


@pytest.mark.parametrize("key", ["nope", "", "gazette\x00"])
def test_an_unknown_site_is_named_and_nothing_is_read(gazette, key):
    if not key:
        # No key means no site: only articles.
        assert import_file(path=FIXTURES / "disqus-small.xml", site=key).counts["threads"]
        return
    with pytest.raises(ImportFileError) as refused:
        import_file(path=FIXTURES / "disqus-small.xml", site=key)
    assert refused.value.where == "--site"
    assert (
        refused.value.problem == f"no embedding site has the key {key!r} (the sites' keys: gazette)"
    )
    assert not Comment.objects.exists()


def test_the_commands_name_an_unknown_site(gazette):
    with pytest.raises(CommandError, match="--site: no embedding site has the key 'nope'"):
        call_command("import_discussions", str(FIXTURES / "disqus-small.xml"), site="nope")
    with pytest.raises(CommandError, match="--site: no embedding site has the key 'nope'"):
        export(site="nope")


@pytest.fixture
def two_sites(gazette, harbour_road, thread, unscreened, clock):
    """An article's discussion, a gazette page's and another site's page's."""
    notes = a_site("notes", "https://notes.example.org")
    on_gazette = open_external_thread(
        site=gazette, identifier="road-2019", url=OLD_ROAD, title="Close the harbour road"
    )
    on_notes = open_external_thread(
        site=notes,
        identifier="https://notes.example.org/a/",
        url="https://notes.example.org/a/",
        title="A note",
    )
    post_comment(thread=thread, author=a_guest("Mara"), body="On the article.", now=clock(0))
    first = post_comment(thread=on_gazette, author=a_guest("Wren"), body="Gazette.", now=clock(1))
    post_comment(
        thread=on_gazette, author=a_guest("Ada"), body="Reply.", parent=first, now=clock(2)
    )
    post_comment(thread=on_notes, author=a_guest("Ines"), body="Notes.", now=clock(3))
    return on_gazette


def threads_of(text: str) -> list[dict]:
    return [line for line in map(json.loads, text.splitlines()) if line.get("type") == "thread"]


def test_the_export_holds_articles_then_every_sites_pages(two_sites, thread, harbour_road):
    assert [t["id"] for t in threads_of(export())] == [
        *sorted([thread.url, harbour_road.url]),
        "site:gazette:road-2019",
        "site:notes:https://notes.example.org/a/",
    ]


def test_one_sites_export_holds_only_its_pages_and_comes_back_the_same(two_sites, tmp_path):
    text = export(site="gazette")
    [page] = threads_of(text)
    assert page == {
        "type": "thread",
        "id": "site:gazette:road-2019",
        "url": OLD_ROAD,
        "title": "Close the harbour road",
        "closed": False,
        "site": "gazette",
        "identifier": "road-2019",
    }
    assert [line["body"] for line in map(json.loads, text.splitlines()[2:])] == [
        "Gazette.",
        "Reply.",
    ]
    path = tmp_path / "gazette.jsonl"
    path.write_text(text, encoding="utf-8")
    Comment.objects.filter(thread=two_sites).delete()

    summary = import_file(path=path)
    # The page is found by the identifier the export names, not matched to an article.
    assert summary.counts["threads"] == {"unchanged": 1}
    assert export(site="gazette") == text


@pytest.mark.parametrize("format", ["disqus", "wxr"])
def test_one_sites_export_in_others_formats_names_the_pages_own_address(two_sites, format):
    text = export(site="gazette", format=format)
    assert OLD_ROAD in text and "Gazette." in text
    assert "On the article." not in text and "Notes." not in text


def test_an_export_of_a_site_with_no_discussions_is_just_the_header(gazette):
    assert export(site="gazette") == '{"format": "rejoinder", "version": 1}\n'


@pytest.mark.parametrize("since", ["last tuesday", "2024-02-30", "31/01/2024", ""])
def test_a_since_that_is_not_a_date_is_refused_plainly(db, since):
    with pytest.raises(CommandError, match=f"--since {since!r} is not a date"):
        export(since=since)


@pytest.fixture
def admin_client(client, db):
    admin = get_user_model().objects.create_superuser("chief", "chief@example.org", "pw")
    client.force_login(admin)
    return client


def test_the_admin_downloads_one_sites_discussions(admin_client, two_sites):
    page = admin_client.get("/admin/imports/").content.decode()
    assert '<option value="gazette">Gazette</option>' in page

    response = admin_client.get(
        "/admin/imports/export/", {"format": "rejoinder", "site": "gazette"}
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="discussions-gazette-')
    assert [t["id"] for t in threads_of(response.getvalue().decode())] == ["site:gazette:road-2019"]

    for key in ("nope", "gaz\x00ette"):
        bad = admin_client.get("/admin/imports/export/", {"format": "rejoinder", "site": key})
        assert bad.status_code == 400 and b"site:" in bad.content
    bad_date = admin_client.get("/admin/imports/export/", {"format": "rejoinder", "since": "soon"})
    assert bad_date.status_code == 400 and b"since:" in bad_date.content


def test_the_admin_imports_to_a_site(admin_client, gazette, django_capture_on_commit_callbacks):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from rejoinder.interop.models import ImportRun, ImportStatus

    upload = SimpleUploadedFile("old.xml", (FIXTURES / "disqus-small.xml").read_bytes())
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post("/admin/imports/", {"file": upload, "format": "auto", "site": "gazette"})
    run = ImportRun.objects.get()
    assert (run.status, run.site) == (ImportStatus.DONE, "gazette")
    assert external_thread(site=gazette, identifier=OLD_ROAD).comments.count() == 7

    refused = admin_client.post(
        "/admin/imports/",
        {"file": SimpleUploadedFile("old.xml", b"x"), "format": "auto", "site": "nope"},
    )
    assert refused.status_code == 200 and ImportRun.objects.count() == 1
    assert "Select a valid choice" in refused.content.decode()


def test_since_keeps_only_the_threads_with_a_comment_since_and_only_those_comments(two_sites):
    lines = [json.loads(line) for line in export(since="2025-03-01T09:02:00Z").splitlines()]
    assert [(line["type"], line["id"]) for line in lines[1:] if line["type"] == "thread"] == [
        ("thread", "site:gazette:road-2019"),
        ("thread", "site:notes:https://notes.example.org/a/"),
    ]
    comments = [line for line in lines if line.get("type") == "comment"]
    assert [c["body"] for c in comments] == ["Reply.", "Notes."]
    # The reply's parent, written before, is left out but still named.
    assert comments[0]["parent"] is not None


def test_a_wordpress_blog_that_embeds_keeps_its_posts_and_gets_its_comments_here(gazette):
    from rejoinder.publishing.models import ArticlePage

    summary = import_file(path=FIXTURES / "wordpress-small.xml", site="gazette")
    assert not ArticlePage.objects.exists()
    assert summary.skips[0]["reason"] == "posts stay on the embedding site 'gazette' (--site)"
    pier = external_thread(
        site=gazette, identifier="https://old.harbourgazette.example/2019/04/10/pier-plan/"
    )
    assert pier is not None and pier.comments.exists()


@pytest.mark.parametrize(
    "thread, reason",
    [
        (
            {"site": "gone", "identifier": "x", "url": OLD_ROAD},
            "its site 'gone' is not registered here (give --site to choose one)",
        ),
        (
            {"site": "gazette", "identifier": "x" * 1001, "url": OLD_ROAD},
            "its page's identifier is longer than 1,000 characters",
        ),
        (
            {"site": "gazette", "identifier": "x", "url": "https://evil.example/"},
            "its page 'https://evil.example/' is not on an allowed origin of the site 'gazette'",
        ),
        (
            {"site": "gazette", "identifier": "x", "url": "javascript:alert(1)"},
            "its page 'javascript:alert(1)' is not on an allowed origin of the site 'gazette'",
        ),
    ],
)
def test_a_sites_thread_that_cannot_be_placed_is_skipped_with_its_comments(
    gazette, tmp_path, thread, reason
):
    lines = [
        {"format": "rejoinder", "version": 1},
        {"type": "thread", "id": "t", "title": "Road", **thread},
        {
            "type": "comment",
            "id": "c",
            "thread": "t",
            "created_at": "2024-05-01T10:00:00Z",
            "author": {"name": "Mara"},
            "body": "Hello.",
        },
    ]
    path = tmp_path / "export.jsonl"
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    summary = import_file(path=path)
    assert summary.skips == [
        {"kind": "threads", "reason": reason, "position": "line 2"},
        {"kind": "comments", "reason": reason, "position": "line 3"},
    ]
    assert not Thread.objects.exists() and not Comment.objects.exists()


def test_an_isso_thread_known_by_its_path_goes_to_the_sites_page_for_it(gazette, tmp_path):
    import sqlite3

    path = tmp_path / "comments.db"
    with sqlite3.connect(path) as database:
        database.executescript((FIXTURES / "isso-small.sql").read_text(encoding="utf-8"))
    database.close()
    import_file(path=path, site="gazette")
    page = ExternalPage.objects.get()
    # The path is taken on the site's origin, as the embed would send the page's address.
    assert page.identifier == "https://old.harbourgazette.example/opinion/harbour-road/"
    assert page.thread.comments.exists()
