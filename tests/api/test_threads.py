"""Reading through the API: a thread by article, address or id; a page of comments with
their replies as a tree, in each sort, with keyset cursors; one comment; counts."""

import pytest

from rejoinder.discussion.actions import post_comment
from rejoinder.discussion.models import Thread
from rejoinder.embed.actions import open_external_thread
from rejoinder.embed.models import ExternalPage, Site
from rejoinder.moderation.models import ModerationSettings
from tests.api.conftest import assert_error
from tests.conftest import a_guest


def test_a_thread_is_found_by_its_article_by_its_address_and_by_id(api, thread, article):
    by_article = api.get("/threads/lookup", {"article": article.pk})
    assert by_article.status_code == 200
    found = by_article.json()
    assert found["id"] == thread.pk
    assert found["title"] == "Close the harbour road"
    assert found["url"] == article.url
    assert found["comments_url"] == f"/api/v1/threads/{thread.pk}/comments"
    by_path = api.get("/threads/lookup", {"url": article.url}).json()
    by_whole_address = api.get("/threads/lookup", {"url": f"https://news.example{article.url}"})
    assert by_path["id"] == by_whole_address.json()["id"] == thread.pk
    assert api.get(f"/threads/{thread.pk}").json() == found


def test_a_lookup_names_exactly_one_thing(api, thread, article):
    assert_error(api.get("/threads/lookup"), 422, "invalid_input")
    both = api.get("/threads/lookup", {"article": article.pk, "url": article.url})
    assert_error(both, 422, "invalid_input")
    assert_error(api.get("/threads/lookup", {"url": "/nowhere/"}), 404, "thread_not_found")
    assert_error(api.get("/threads/lookup", {"article": "twelve"}), 422, "invalid_input")
    assert_error(api.get("/threads/99999"), 404, "thread_not_found")
    assert_error(api.get("/threads/lookup", {"url": "/a\x00b/"}), 422, "invalid_input")
    assert_error(api.get("/threads/-3"), 422, "invalid_input")
    assert_error(api.get("/threads/1/no-such-thing"), 404, "not_found")
    assert_error(api.get("/threads/99999999999999999999"), 422, "invalid_input")


def test_an_unpublished_articles_thread_is_not_served(api, thread, article):
    article.unpublish()
    assert_error(api.get(f"/threads/{thread.pk}"), 404, "thread_not_found")
    assert_error(api.get(f"/threads/{thread.pk}/comments"), 404, "thread_not_found")


def test_a_page_holds_conversations_with_replies_as_a_tree(api, thread, say, member, tomas):
    first = say("The road should close.", at=0)
    answer = say("Only at night.", by=tomas, at=1, reply_to=first)
    say("Why at night?", by=member, at=2, reply_to=answer)
    say("A second thought.", by=tomas, at=3)
    page = api.get(f"/threads/{thread.pk}/comments", {"sort": "oldest"}).json()
    assert page["sort"] == "oldest"
    assert page["next_cursor"] is None
    assert page["comments"][0]["id"] == first.pk
    top = page["comments"][0]
    assert top["html"] == first.body_html == "<p>The road should close.</p>"
    assert top["author"]["name"] == "Mara"
    assert top["author"]["avatar_url"].startswith("/discussion/avatar/")
    reply = top["replies"][0]
    assert (reply["id"], reply["reply_to"], reply["depth"]) == (answer.pk, "Mara", 1)
    assert reply["replies"][0]["author"]["name"] == "Inès Duarte"
    assert reply["replies"][0]["reply_to"] == "Tomas"
    newest = api.get(f"/threads/{thread.pk}/comments").json()
    assert newest["comments"][0]["html"] == "<p>A second thought.</p>"


def test_pages_follow_keyset_cursors_and_refuse_forged_ones(api, thread, say, tomas):
    said = [say(f"Point number {n}.", by=tomas, at=n) for n in range(5)]
    seen, after = [], None
    while True:
        params = {"sort": "oldest", "limit": 2, **({"after": after} if after else {})}
        page = api.get(f"/threads/{thread.pk}/comments", params).json()
        seen += [c["id"] for c in page["comments"]]
        if not (after := page["next_cursor"]):
            break
    assert seen == [c.pk for c in said]
    forged = api.get(f"/threads/{thread.pk}/comments", {"after": "not-a-cursor"})
    assert assert_error(forged, 422, "invalid_cursor")["fields"]["after"]
    assert_error(
        api.get(f"/threads/{thread.pk}/comments", {"sort": "loudest"}), 422, "invalid_input"
    )
    assert_error(api.get(f"/threads/{thread.pk}/comments", {"limit": 0}), 422, "invalid_input")


def test_most_voted_sort_puts_the_best_first(api, thread, say, tomas, member):
    from rejoinder.discussion.actions import vote

    plain = say("Plain.", at=0)
    liked = say("Liked.", by=tomas, at=1)
    vote(comment=liked, voter=member.reader, value=1)
    page = api.get(f"/threads/{thread.pk}/comments", {"sort": "voted"}).json()
    assert [c["id"] for c in page["comments"]] == [liked.pk, plain.pk]
    assert page["comments"][0]["score"] == 1


def test_one_comment_and_its_placeholder_once_deleted(api, thread, say, tomas):
    from rejoinder.discussion.actions import delete_comment

    first = say("Soon gone.")
    say("An answer.", by=tomas, reply_to=first)
    shown = api.get(f"/comments/{first.pk}").json()
    assert shown["state"] == "visible"
    assert shown["viewer"] == {"vote": 0, "is_own": False, "editable_until": None}
    delete_comment(comment=first, deleter=a_guest("Mara").reader)
    gone = api.get(f"/comments/{first.pk}").json()
    assert (gone["state"], gone["author"], gone["html"]) == ("deleted", None, "")
    assert_error(api.get("/comments/424242"), 404, "comment_not_found")


def test_counts_for_many_pages_at_once(api, thread, article, say, settings):
    say("One.")
    say("Two.")
    answer = api.get("/counts", {"url": [article.url, "/elsewhere/"], "article": [article.pk, 999]})
    assert answer.status_code == 200
    assert answer.json() == {
        "urls": {article.url: 2, "/elsewhere/": 0},
        "articles": {str(article.pk): 2, "999": 0},
        "pages": {},
    }
    assert_error(api.get("/counts"), 422, "invalid_input")
    settings.COUNTS_MAX_URLS = 2
    assert_error(api.get("/counts", {"url": ["/a/", "/b/", "/c/"]}), 422, "too_many")
    assert_error(api.get("/counts", {"url": "/" + "a" * 1001}), 422, "invalid_input")
    assert_error(api.get("/counts", {"url": "/\x00/"}), 422, "invalid_input")
    assert_error(api.get("/counts", {"article": "-1"}), 422, "invalid_input")


@pytest.mark.parametrize("sort", ["newest", "oldest", "voted"])
def test_a_page_costs_the_same_few_queries_however_long_the_thread(
    api, thread, say, tomas, sort, django_assert_max_num_queries
):
    """Pinned: the thread, its closing rule, the page's top-level comments, their replies,
    the caller's hidden comments and votes (a reader with a cookie)."""
    for n in range(30):
        top = say(f"Conversation {n}.", by=tomas, at=n)
        say(f"Answer {n}.", at=n + 0.5, reply_to=top)
    api.put(f"/comments/{top.pk}/vote", {"value": "up"})  # now the browser has a reader cookie
    with django_assert_max_num_queries(7):
        page = api.get(f"/threads/{thread.pk}/comments", {"sort": sort})
    assert page.status_code == 200
    assert len(page.json()["comments"]) == 20


def test_a_reader_without_cookies_costs_five_queries(
    thread, say, tomas, django_assert_max_num_queries
):
    """The publication revision (the page is kept for it: shared_reads), the thread, its
    closing rule, the page's top-level comments and their replies."""
    from django.test import Client

    for n in range(30):
        top = say(f"Conversation {n}.", by=tomas, at=n)
        say(f"Answer {n}.", at=n + 0.5, reply_to=top)
    with django_assert_max_num_queries(5):
        page = Client().get(f"/api/v1/threads/{thread.pk}/comments")
    assert len(page.json()["comments"]) == 20


class TestPagesOfOtherSites:
    """A site that embeds the discussion names its pages by its key and their identifier."""

    @pytest.fixture
    def blog(self, db):
        return Site.objects.create(
            name="Field Notes", key="field-notes", allowed_origins="https://notes.example.org"
        )

    @pytest.fixture
    def swifts(self, blog):
        return open_external_thread(
            site=blog,
            identifier="https://notes.example.org/posts/swifts/",
            url="https://notes.example.org/posts/swifts/",
            title="Counting swifts",
        )

    @pytest.fixture
    def by_id(self, blog):
        return open_external_thread(
            site=blog, identifier="swifts-2025", url="https://notes.example.org/s", title="S"
        )

    def lookup(self, api, **where):
        return api.get("/threads/lookup", where)

    def test_a_page_is_found_as_its_embed_names_it(self, api, blog, swifts, by_id):
        address = "https://notes.example.org/posts/swifts/"
        for sent in (address, f"{address}?utm_source=feed#comment-4", f"  {address} "):
            found = self.lookup(api, site="field-notes", identifier=sent)
            assert found.status_code == 200, sent
            assert found.json()["id"] == swifts.pk
            assert found.json()["title"] == "Counting swifts"
        assert self.lookup(api, site="field-notes", identifier="swifts-2025").json()["id"] == (
            by_id.pk
        )
        comments = api.get(found.json()["comments_url"].removeprefix("/api/v1"))
        assert comments.status_code == 200 and comments.json()["comments"] == []

    def test_an_unknown_site_or_a_page_nobody_commented_on_is_not_found(self, api, swifts):
        unknown = self.lookup(api, site="no-such-site", identifier="swifts-2025")
        assert "No site" in assert_error(unknown, 404, "unknown_site")["message"]
        assert_error(
            self.lookup(api, site="field-notes", identifier="other"), 404, "thread_not_found"
        )

    @pytest.mark.parametrize(
        "where",
        [
            {"site": "field-notes"},
            {"identifier": "swifts-2025"},
            {"site": "field-notes", "identifier": "a", "url": "/a/"},
            {"site": "field-notes", "identifier": "a", "article": 1},
            {"site": "field notes", "identifier": "a"},
            {"site": "<script>", "identifier": "a"},
            {"site": "field-notes", "identifier": "a\x00b"},
            {"site": "field-notes", "identifier": "x" * 1001},
            {"site": "f" * 51, "identifier": "a"},
            {"site": "", "identifier": ""},
            {"site": "field-notes", "identifier": "   "},
        ],
    )
    def test_a_malformed_lookup_is_refused_with_reasons(self, api, swifts, where):
        refused = assert_error(self.lookup(api, **where), 422, "invalid_input")
        assert refused["fields"]

    def test_counts_for_many_pages_of_a_site_by_each_page_as_asked(self, api, swifts, by_id):
        post_comment(thread=swifts, author=a_guest("Mara"), body="Forty-two tonight.")
        address = "https://notes.example.org/posts/swifts/"
        pages = [f"{address}?ref=list", "swifts-2025", "nobody-yet"]

        answer = api.get("/counts", {"site": "field-notes", "page": pages})

        assert answer.status_code == 200
        assert answer.json()["pages"] == {pages[0]: 1, "swifts-2025": 0, "nobody-yet": 0}
        unknown = api.get("/counts", {"site": "elsewhere", "page": "a"})
        assert_error(unknown, 404, "unknown_site")
        for half in ({"site": "field-notes"}, {"page": "swifts-2025"}):
            assert_error(api.get("/counts", half), 422, "invalid_input")
        for hostile in (" ", "a\x00b", "x" * 1001):
            bad = api.get("/counts", {"site": "field-notes", "page": hostile})
            assert_error(bad, 422, "invalid_input")


class TestFirstCommentOnAPageOfAnotherSite:
    """A page nobody has commented on has no discussion; the API's post for a site's page
    opens it with the first comment, as the frame does, and never for a refused one."""

    @pytest.fixture
    def blog(self, db, unscreened):
        return Site.objects.create(
            name="Field Notes", key="field-notes", allowed_origins="https://notes.example.org"
        )

    def first(self, api, **overrides):
        sent = {
            "site": "field-notes",
            "url": "https://notes.example.org/posts/herons/?utm_source=feed#top",
            "title": "Herons at dusk",
            "body": "Three of them on the weir tonight.",
            "name": "Wren",
            "email": "wren@example.org",
        }
        return api.post("/pages/comments", {**sent, **overrides})

    def test_the_first_comment_opens_the_discussion_the_embed_then_finds(self, api, blog):
        posted = self.first(api)
        again = self.first(api, body="And a fourth flew over.")

        assert posted.status_code == 201, posted.content
        assert again.status_code == 201
        found = api.get(
            "/threads/lookup",
            {"site": "field-notes", "identifier": "https://notes.example.org/posts/herons/"},
        )
        assert found.status_code == 200
        assert found.json()["title"] == "Herons at dusk"
        assert found.json()["comment_count"] == 2
        assert ExternalPage.objects.get().identifier == "https://notes.example.org/posts/herons/"

    def test_a_page_id_wins_over_the_address(self, api, blog):
        assert self.first(api, page_id="herons-2026").status_code == 201

        assert ExternalPage.objects.get().identifier == "herons-2026"

    def test_a_refused_comment_opens_no_discussion(self, api, blog, settings):
        settings.COMMENT_SCREENING = "rejoinder.moderation.policy.screen"
        config = ModerationSettings.load()
        config.min_length = 50
        config.save()

        refused = self.first(api, body="Too short to say much.")

        assert refused.status_code == 403, refused.content
        assert "characters" in refused.json()["message"]
        assert not ExternalPage.objects.exists()
        assert not Thread.objects.filter(url__contains="herons").exists()

    @pytest.mark.parametrize(
        ("overrides", "status", "code"),
        [
            ({"site": "no-such-site"}, 404, "unknown_site"),
            ({"url": "https://elsewhere.example.com/posts/herons/"}, 403, None),
            ({"url": "javascript:alert(1)"}, 403, None),
            ({"url": "/posts/herons/"}, 403, None),
            ({"url": "https://notes.example.org/\x00"}, 422, "invalid_input"),
            ({"url": "https://notes.example.org/" + "x" * 1000}, 422, "invalid_input"),
            ({"site": "<script>"}, 422, "invalid_input"),
            ({"title": "x" * 256}, 422, "invalid_input"),
            ({"page_id": "a\x00b"}, 422, "invalid_input"),
        ],
        ids=[
            "unknown-site",
            "other-origin",
            "script-url",
            "bare-path",
            "nul",
            "too-long",
            "bad-key",
            "long-title",
            "nul-page-id",
        ],
    )
    def test_hostile_pages_are_refused_with_a_reason(self, api, blog, overrides, status, code):
        answer = self.first(api, **overrides)

        assert answer.status_code == status, answer.content
        assert answer.json()["message"]
        if code:
            assert answer.json()["error"] == code
        assert not ExternalPage.objects.exists()

    def test_a_closed_site_takes_no_first_comment(self, api, blog):
        blog.is_open = False
        blog.save()

        assert self.first(api).status_code == 403
        assert not ExternalPage.objects.exists()
