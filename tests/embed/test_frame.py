"""The discussion of another site's page, over HTTP: the frame, its first comment, votes
without cookies, who may frame it, counts for the host's listings, and sign-in by SSO."""

import html
import json
import re
from urllib.parse import urlencode

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from rejoinder.discussion.models import Comment, Thread, Vote
from rejoinder.embed import actions
from rejoinder.embed.frames import FRAME_HEADER
from rejoinder.embed.models import ExternalPage, Site
from tests.embed.conftest import HOST, member_token

pytestmark = pytest.mark.django_db

PAGE = f"{HOST}/posts/swifts/"


def frame_url(registered, **overrides) -> str:
    params = {"site": registered.key, "url": PAGE, "title": "Counting swifts", "origin": HOST}
    return "/embed/frame/?" + urlencode({**params, **overrides})


def open_frame(client, site, **overrides):
    response = client.get(frame_url(site, **overrides))
    assert response.status_code == 200, response.content[:500]
    return response


def frame_headers(response) -> dict:
    """The header htmx sends from inside the frame, as the frame page hands it over."""
    raw = re.search(r'hx-headers="([^"]+)"', response.content.decode())[1]
    token = json.loads(html.unescape(raw))[FRAME_HEADER]
    return {"HTTP_X_REJOINDER_FRAME": token, "HTTP_HX_REQUEST": "true"}


def guest_comment(**fields) -> dict:
    return {
        "body": "Forty-two over the sheds tonight.",
        "name": "Mara",
        "email": "mara@example.org",
        "homepage": "",
        **fields,
    }


def cookieless() -> Client:
    """A browser that sends Rejoinder no cookies in a frame (third-party cookies blocked),
    and so cannot pass Django's CSRF cookie check either."""
    return Client(enforce_csrf_checks=True)


def test_staff_write_origins_exactly_and_are_told_what_is_wrong(db):
    site = Site(name="Notes", key="notes", allowed_origins="https://notes.example.org/posts/")
    with pytest.raises(ValidationError) as refused:
        site.full_clean()
    assert "no path" in str(refused.value)
    site.allowed_origins = "HTTPS://Notes.Example.org:443/\nhttp://localhost:4000"
    site.full_clean()
    assert site.origins == ["https://notes.example.org", "http://localhost:4000"]


def test_viewing_a_page_shows_the_empty_discussion_and_creates_nothing(blog):
    client = cookieless()
    for _view in range(3):  # a crawler going round
        response = open_frame(client, blog)
    page = response.content.decode()
    assert "No comments yet" in page and "Post comment" in page
    assert Thread.objects.count() == 0 and ExternalPage.objects.count() == 0
    policy = response["Content-Security-Policy"]
    assert policy.endswith(f"frame-ancestors {HOST} https://notes.example.org")
    assert "X-Frame-Options" not in response
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize(
    ("overrides", "status", "reason"),
    [
        ({"origin": "https://evil.example"}, 403, "not among the allowed origins"),
        ({"origin": ""}, 403, "not among the allowed origins"),
        ({"site": "nobody"}, 404, "No site is registered"),
        ({"url": "https://evil.example/posts/swifts/"}, 400, "must be on one of"),
        ({"page": "x" * 1001}, 400, "too long"),
    ],
)
def test_a_frame_for_anything_but_the_sites_pages_refuses_to_render(
    blog, overrides, status, reason
):
    response = cookieless().get(frame_url(blog, **overrides))
    assert response.status_code == status
    assert reason in response.content.decode()
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"


def test_the_first_comment_opens_the_thread_without_any_cookie(blog):
    client = cookieless()
    headers = frame_headers(open_frame(client, blog, page="swifts-2025"))
    response = client.post("/embed/frame/post/", guest_comment(), **headers)
    assert response.status_code == 200
    assert "Forty-two over the sheds tonight." in response.content.decode()
    page = ExternalPage.objects.get()
    assert (page.site, page.identifier) == (blog, "swifts-2025")
    assert (page.thread.title, page.thread.url, page.thread.comment_count) == (
        "Counting swifts",
        PAGE,
        1,
    )
    # The next reader finds it, in a frame that now posts to the discussion's own view.
    again = open_frame(cookieless(), blog, page="swifts-2025").content.decode()
    assert "Forty-two over the sheds tonight." in again
    assert f"/discussion/{page.thread.pk}/post/" in again


def test_a_refused_first_comment_leaves_no_thread(blog):
    client = cookieless()
    headers = frame_headers(open_frame(client, blog))
    response = client.post("/embed/frame/post/", guest_comment(body="  "), **headers)
    assert response.status_code == 400
    assert "Write something before posting." in response.content.decode()
    assert Thread.objects.count() == 0


def test_without_the_frame_header_nothing_is_posted(blog):
    response = Client().post("/embed/frame/post/", guest_comment())
    assert response.status_code == 400
    assert "discussion frame" in response.json()["error"]
    assert Thread.objects.count() == 0


def test_an_altered_frame_header_is_refused_with_a_reason(blog):
    client = cookieless()
    headers = frame_headers(open_frame(client, blog))
    headers["HTTP_X_REJOINDER_FRAME"] = headers["HTTP_X_REJOINDER_FRAME"][:-2] + "xx"
    response = client.post("/embed/frame/post/", guest_comment(), **headers)
    assert response.status_code == 403
    assert "reload the page" in response.content.decode()
    assert Thread.objects.count() == 0


def test_a_reader_without_cookies_votes_once_and_can_take_it_back(blog):
    client = cookieless()
    headers = frame_headers(open_frame(client, blog))
    client.post("/embed/frame/post/", guest_comment(), **headers)
    comment = Comment.objects.get()

    voter = cookieless()
    voter_headers = frame_headers(open_frame(voter, blog))
    vote_url = f"/discussion/comment/{comment.pk}/vote/"
    assert voter.post(vote_url, {"value": "up"}, **voter_headers).status_code == 200
    assert voter.post(vote_url, {"value": "down"}, **voter_headers).status_code == 200
    comment.refresh_from_db()
    assert (comment.upvotes, comment.downvotes, Vote.objects.count()) == (0, 1, 1)
    voter.post(vote_url, {"value": "down"}, **voter_headers)  # pressed again: withdrawn
    comment.refresh_from_db()
    assert (comment.downvotes, Vote.objects.count()) == (0, 0)


def test_a_new_frame_view_is_not_a_new_voter(blog):
    """Without a cookie each frame view is a new reader; one network brings a comment at most
    one vote from such readers a day, as it does from browsers without a reader cookie."""
    author = cookieless()
    author.post("/embed/frame/post/", guest_comment(), **frame_headers(open_frame(author, blog)))
    comment = Comment.objects.get()
    vote_url = f"/discussion/comment/{comment.pk}/vote/"

    responses = []
    for _view in range(5):
        reader = cookieless()
        headers = frame_headers(open_frame(reader, blog))
        responses.append(reader.post(vote_url, {"value": "up"}, **headers))

    assert [response.status_code for response in responses] == [200, 429, 429, 429, 429]
    assert all(int(response["Retry-After"]) > 0 for response in responses[1:])
    assert "Your vote was not counted" in html.unescape(responses[1].content.decode())
    comment.refresh_from_db()
    assert (comment.upvotes, Vote.objects.count()) == (1, 1)


def test_a_frame_reader_keeping_its_header_votes_as_any_reader(blog):
    author = cookieless()
    author.post("/embed/frame/post/", guest_comment(), **frame_headers(open_frame(author, blog)))
    comment = Comment.objects.get()
    vote_url = f"/discussion/comment/{comment.pk}/vote/"
    first = cookieless()
    first.post(vote_url, {"value": "up"}, **frame_headers(open_frame(first, blog)))

    reader = cookieless()
    headers = frame_headers(open_frame(reader, blog))
    assert reader.post(vote_url, {"value": "down"}, **headers).status_code == 429
    # Its frame is known from now on, as a browser given a cookie is: pressing again counts,
    # and later presses change or withdraw its one vote.
    assert reader.post(vote_url, {"value": "down"}, **headers).status_code == 200
    comment.refresh_from_db()
    assert (comment.upvotes, comment.downvotes) == (1, 1)
    assert reader.post(vote_url, {"value": "up"}, **headers).status_code == 200
    assert reader.post(vote_url, {"value": "up"}, **headers).status_code == 200
    comment.refresh_from_db()
    assert (comment.upvotes, comment.downvotes, Vote.objects.count()) == (1, 0, 1)


def test_a_frame_reader_kept_in_a_partitioned_cookie_is_no_new_voter(blog):
    author = cookieless()
    author.post("/embed/frame/post/", guest_comment(), **frame_headers(open_frame(author, blog)))
    comment = Comment.objects.get()
    vote_url = f"/discussion/comment/{comment.pk}/vote/"
    first = cookieless()
    first.post(vote_url, {"value": "up"}, **frame_headers(open_frame(first, blog)))

    returning = cookieless()
    kept = returning.get(frame_url(blog), secure=True)["Set-Cookie"]  # on its first visit
    name, value = kept.split(";")[0].split("=", 1)
    returning.cookies[name] = value
    headers = frame_headers(returning.get(frame_url(blog), secure=True))
    assert returning.post(vote_url, {"value": "up"}, secure=True, **headers).status_code == 200
    comment.refresh_from_db()
    assert comment.upvotes == 2


def test_the_frame_remembers_nothing_but_its_own_header_for_the_author(blog):
    """Edit controls come from the frame's reader: the author sees them, another reader not."""
    client = cookieless()
    headers = frame_headers(open_frame(client, blog))
    client.post("/embed/frame/post/", guest_comment(), **headers)
    thread = Thread.objects.get()
    mine = client.get(f"/discussion/{thread.pk}/comments/", **headers).content.decode()
    theirs = cookieless().get(f"/discussion/{thread.pk}/comments/", HTTP_HX_REQUEST="true")
    assert "edit-link" in mine and "edit-link" not in theirs.content.decode()


def test_a_closed_site_takes_no_new_comments(blog):
    client = cookieless()
    headers = frame_headers(open_frame(client, blog))
    client.post("/embed/frame/post/", guest_comment(), **headers)
    actions.set_site_open(site=blog, is_open=False)
    response = client.post("/embed/frame/post/", guest_comment(body="One more."), **headers)
    assert response.status_code == 403
    assert "closed" in response.content.decode()
    assert Thread.objects.get().is_closed
    assert "This discussion is closed" in open_frame(cookieless(), blog).content.decode()


def test_title_and_address_follow_the_page_but_only_on_the_sites_origins(blog):
    client = cookieless()
    headers = frame_headers(open_frame(client, blog, page="swifts"))
    client.post("/embed/frame/post/", guest_comment(), **headers)
    open_frame(
        client, blog, page="swifts", title="Swifts <b>counted</b>", url=f"{HOST}/2025/swifts/"
    )
    thread = Thread.objects.get()
    assert (thread.title, thread.url) == ("Swifts <b>counted</b>", f"{HOST}/2025/swifts/")
    page = open_frame(
        client, blog, page="swifts", title="<script>alert(1)</script>", url=f"{HOST}/2025/swifts/"
    ).content
    assert b"<script>alert(1)" not in page
    client.get(frame_url(blog, page="swifts", url="https://evil.example/swifts/"))
    thread.refresh_from_db()
    assert thread.url == f"{HOST}/2025/swifts/"


class TestCounts:
    def ask(self, site, *pages, origin=HOST):
        query = urlencode([("site", site.key), *[("page", page) for page in pages]])
        return Client().get(f"/embed/counts/?{query}", HTTP_ORIGIN=origin)

    def test_counts_by_page_for_the_sites_origins(self, blog):
        client = cookieless()
        headers = frame_headers(open_frame(client, blog, page="swifts"))
        client.post("/embed/frame/post/", guest_comment(), **headers)
        response = self.ask(blog, "swifts", "no-such-post")
        assert response.json() == {"counts": {"swifts": 1, "no-such-post": 0}}
        assert response["Access-Control-Allow-Origin"] == HOST
        assert "Origin" in response["Vary"]
        assert "max-age=60" in response["Cache-Control"] and "public" in response["Cache-Control"]

    def test_another_origin_cannot_read_them(self, blog):
        response = self.ask(blog, "swifts", origin="https://evil.example")
        assert "Access-Control-Allow-Origin" not in response
        assert "Origin" in response["Vary"]

    @pytest.mark.parametrize(
        ("pages", "reason"),
        [((), "one page parameter"), (("x" * 1001,), "too long"), (("p",) * 101, "at most 100")],
    )
    def test_bad_questions_get_a_reason(self, blog, pages, reason):
        response = self.ask(blog, *pages)
        assert response.status_code == 400
        assert reason in response.json()["error"]

    def test_an_unknown_site(self, db):
        response = Client().get("/embed/counts/?site=nobody&page=a")
        assert response.status_code == 404
        assert response.json()["error"]


class TestSignIn:
    def sign_in(self, site, token, *, origin=HOST):
        return cookieless().post(frame_url(site), {"sso": token}, HTTP_ORIGIN=origin)

    def test_a_member_comments_as_themselves(self, blog):
        response = self.sign_in(blog, member_token(blog))
        page = response.content.decode()
        assert "Commenting as Robin Ashdown" in page
        assert 'name="email"' not in page
        client = cookieless()
        client.post(
            "/embed/frame/post/", {"body": "Swifts!", "homepage": ""}, **frame_headers(response)
        )
        comment = Comment.objects.get()
        assert comment.author_name == "Robin Ashdown"
        assert comment.user.embed_member.site == blog
        assert not comment.user.has_usable_password()
        # Signing in again is the same member, with the name their site vouches for now.
        self.sign_in(blog, member_token(blog, name="Robin A."))
        comment.user.refresh_from_db()
        assert comment.user.get_full_name() == "Robin A."

    @pytest.mark.parametrize(
        ("token", "reason"),
        [
            (lambda site: member_token(site, expires_in=-120), "has expired"),
            (lambda site: member_token(site)[:-3] + "abc", "does not match this site"),
            (
                lambda site: member_token(
                    site, secret="another site's secret, long enough for HS256"
                ),
                "does not match",
            ),
            (lambda site: member_token(site, aud="another-site"), "meant for another site"),
            (lambda site: member_token(site, name=""), "no name"),
            (lambda site: member_token(site, email="not-an-address"), "not an address"),
            (lambda site: "not.a.jwt", "not a valid"),
        ],
    )
    def test_bad_tokens_are_refused_with_a_clear_message(self, blog, token, reason):
        response = self.sign_in(blog, token(blog))
        assert response.status_code == 200  # the reader can still comment as a guest
        page = html.unescape(response.content.decode())
        assert reason in page
        assert "You can still comment as a guest" in page and 'name="email"' in page

    def test_a_token_for_this_site_is_no_good_posted_from_another_origin(self, blog):
        response = self.sign_in(blog, member_token(blog), origin="https://evil.example")
        assert response.status_code == 403

    def test_a_member_is_signed_in_nowhere_else(self, blog):
        response = self.sign_in(blog, member_token(blog))
        assert "sessionid" not in response.cookies
        assert Client().get("/admin/").status_code == 302


def test_over_https_the_frame_keeps_its_reader_in_a_partitioned_cookie(blog):
    """Where the browser keeps a partitioned (CHIPS) cookie, the reader is the same reader on
    their next visit: their comment is still theirs to edit."""
    client = cookieless()
    response = client.get(frame_url(blog), secure=True)
    cookie = response["Set-Cookie"]
    assert cookie.startswith("rejoinder_frame_reader=")
    for attribute in ("Secure", "SameSite=None", "Partitioned", "HttpOnly"):
        assert f"; {attribute}" in cookie
    client.post("/embed/frame/post/", guest_comment(), secure=True, **frame_headers(response))

    name, value = cookie.split(";")[0].split("=", 1)
    later = cookieless()
    later.cookies[name] = value
    page = later.get(frame_url(blog), secure=True).content.decode()
    assert "edit-link" in page
    assert "edit-link" not in cookieless().get(frame_url(blog), secure=True).content.decode()


def test_over_plain_http_there_is_no_cookie_to_refuse(blog):
    response = open_frame(cookieless(), blog)
    assert "rejoinder_frame_reader" not in response.get("Set-Cookie", "")


def test_a_frame_sets_no_csrf_cookie_a_browser_would_refuse_and_posts_without_one(blog):
    """A SameSite=Lax cookie from a frame on another site is refused by the browser (with a
    warning in its console): the frame's writes carry its header instead."""
    client = cookieless()
    response = open_frame(client, blog)
    assert "csrftoken" not in response.get("Set-Cookie", "")
    assert "csrfmiddlewaretoken" not in response.content.decode()

    posted = client.post("/embed/frame/post/", guest_comment(), **frame_headers(response))
    assert posted.status_code == 200
    assert "csrfmiddlewaretoken" not in posted.content.decode()
    assert "csrftoken" not in posted.get("Set-Cookie", "")


def test_the_scripts_are_cached_and_revalidated(client):
    response = client.get("/embed.js")
    assert response["Content-Type"].startswith("text/javascript")
    assert "max-age=3600" in response["Cache-Control"] and "public" in response["Cache-Control"]
    assert b"rejoinder-discussion" in response.content
    again = client.get("/embed.js", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304 and again.content == b""
    assert client.get("/counts.js").status_code == 200


def test_embed_js_stays_small():
    """The README states the size; a host page pays for it on every view."""
    import gzip
    from pathlib import Path

    import rejoinder.embed

    script = (Path(rejoinder.embed.__file__).parent / "static/embed/embed.js").read_bytes()
    assert len(gzip.compress(script)) < 5 * 1024


class TestDemoHostPage:
    def test_is_served_as_another_origin(self, client, settings):
        from rejoinder.embed.demo import load_embed_demo

        settings.SERVER_PORT = 8000
        load_embed_demo()
        response = client.get("/embed/example/", HTTP_HOST="localhost:8000")
        page = response.content.decode()
        assert 'src="http://127.0.0.1:8000/embed.js"' in page
        assert 'data-site="demo-blog"' in page and "is not among" not in page
        assert "frame-src http://127.0.0.1:8000" in response["Content-Security-Policy"]
        assert client.get("/embed/example/", HTTP_HOST="127.0.0.1:8000")["Location"] == (
            "http://localhost:8000/embed/example/"
        )

    def test_says_so_when_its_origin_is_not_allowed(self, client, settings):
        from rejoinder.embed.demo import load_embed_demo

        settings.SERVER_PORT = 8000
        load_embed_demo()
        page = client.get("/embed/example/", HTTP_HOST="localhost:9000").content.decode()
        assert "http://localhost:9000, is not among" in page

    def test_runs_on_the_local_demo_only(self, client, settings):
        settings.ALLOWED_HOSTS = ["news.example.org"]
        assert client.get("/embed/example/", HTTP_HOST="news.example.org").status_code == 404


def test_a_busy_pages_frame_costs_the_same_few_queries(blog, django_assert_max_num_queries):
    from rejoinder.discussion.actions import CommentAuthor, post_comment
    from rejoinder.discussion.identity import Reader, reader_key

    thread = actions.open_external_thread(site=blog, identifier="busy", url=PAGE, title="Busy")
    for number in range(40):
        author = CommentAuthor(
            reader=Reader(key=reader_key(cookie_id=f"r{number}")),
            name=f"Reader {number}",
            email=f"r{number}@example.org",
        )
        post_comment(thread=thread, author=author, body=f"Comment {number}")
    client = cookieless()
    open_frame(client, blog, page="busy")  # warms the site's settings
    with django_assert_max_num_queries(12):
        page = open_frame(client, blog, page="busy").content.decode()
    assert "Comment 39" in page and "Load more comments" in page


def test_the_frame_asks_for_its_comments_afresh_by_its_page(blog):
    client = cookieless()
    headers = frame_headers(open_frame(client, blog, page="swifts"))
    assert client.get("/embed/frame/comments/", **headers).status_code == 404  # none yet
    client.post("/embed/frame/post/", guest_comment(), **headers)
    response = client.get("/embed/frame/comments/", **headers)
    assert b"Forty-two over the sheds tonight." in response.content
    refused = cookieless().get("/embed/frame/comments/", HTTP_HX_REQUEST="true")
    assert refused.status_code == 400 and "discussion frame" in refused.json()["error"]


def test_an_overlong_title_is_cut_to_what_a_thread_holds(blog):
    client = cookieless()
    headers = frame_headers(open_frame(client, blog, title="Swifts " * 1000))
    assert len(headers["HTTP_X_REJOINDER_FRAME"]) < 2000
    assert client.post("/embed/frame/post/", guest_comment(), **headers).status_code == 200
    assert Thread.objects.get().title == ("Swifts " * 1000)[:255].strip()
