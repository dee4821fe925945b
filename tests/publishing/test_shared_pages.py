"""An article page for readers without cookies, answered whole from memory
(discussion.shared_reads.ArticlePages) through the WSGI application the server runs: what a
fresh render gives, fresh after every kind of write and after time passes, and never a
signed-in reader's or an editor's page."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone
from wagtail.models import Site

from rejoinder.discussion.actions import delete_comment, edit_comment, vote
from rejoinder.discussion.identity import Reader
from rejoinder.moderation.actions import decide, set_closed
from rejoinder.moderation.models import CategoryPolicy, LogAction, ModerationSettings
from rejoinder.publishing.models import PublicationSettings
from tests.builders import make_article, make_category
from tests.discussion.test_shared_reads import SECRET, call, post_as_guest, time_is
from tests.shared_reads import FORM_TOKEN, django_requests, fresh, whole_app, without_tokens

pytestmark = pytest.mark.django_db


@pytest.fixture
def app(unscreened):
    return whole_app()


@pytest.fixture
def moderator(db):
    return get_user_model().objects.create_user(username="mod", is_staff=True)


@pytest.fixture
def discussed(thread, say):
    say("The road should close on market days only.")
    thread.refresh_from_db()
    return thread


def page(app, article, *, cookies="", query="", headers=None):
    return call(app, article.url, cookies=cookies, query=query, htmx=False, headers=headers)


def fresh_page(article, **given):
    return fresh(article.url, htmx=False, **given)


def test_an_article_page_from_memory_is_a_fresh_render_with_tokens_of_its_own(
    app, article, discussed
):
    first = page(app, article)
    with django_requests() as through_django:
        second, third = page(app, article), page(app, article)

    assert through_django == [], "the page went through Django"
    assert first.status == second.status == 200
    assert without_tokens(second) == without_tokens(first) == without_tokens(fresh_page(article))
    assert b"The road should close on market days only." in second.body
    # Each reader their own CSRF cookie (none was sent), token and comment-form token.
    cookies = [answer.header("set-cookie") for answer in (second, third)]
    assert all(len(sent) == 1 and sent[0].startswith("csrftoken=") for sent in cookies)
    assert cookies[0] != cookies[1]
    assert second.tokens().isdisjoint(third.tokens())
    assert FORM_TOKEN.search(second.body)[1] != FORM_TOKEN.search(third.body)[1]
    assert second.header("content-security-policy") == first.header("content-security-policy")
    assert second.header("content-length") == [str(len(second.body))]


def test_the_cookie_and_token_from_memory_let_the_reader_post(app, article, discussed):
    page(app, article)
    answer = page(app, article)
    secret = answer.header("set-cookie")[0].split(";")[0].split("=", 1)[1]
    (token,) = answer.tokens() | set()  # one token a page, in every form
    form = {
        "csrfmiddlewaretoken": token.decode(),
        "body": "Posted from a page kept in memory.",
        "name": "Ines",
        "email": "ines@example.org",
        "submission_token": FORM_TOKEN.search(answer.body)[1].decode(),
    }

    posted = call(
        app,
        f"/discussion/{discussed.pk}/post/",
        method="POST",
        htmx=False,
        cookies=f"csrftoken={secret}",
        form=form,
    )

    assert posted.status == 302, posted.body[:300]
    assert b"Posted from a page kept in memory." in page(app, article).body


def test_every_kind_of_write_shows_on_the_next_read(
    app, article, discussed, say, guest, moderator, home, opinion
):
    comment = discussed.comments.get()
    posted = []
    steps = {
        "post": lambda: posted.append(say("And on Sundays.")),
        "vote": lambda: vote(comment=comment, voter=Reader(key="someone-else"), value=1),
        "edit": lambda: edit_comment(comment=posted[0], editor=guest.reader, body="Edited."),
        "delete": lambda: delete_comment(comment=posted[0], deleter=guest.reader),
        "moderation": lambda: decide(comment=comment, moderator=moderator, action=LogAction.REMOVE),
        "close": lambda: set_closed(thread=discussed, moderator=moderator, closed=True),
        "republish": lambda: _republish(article, standfirst="A new standfirst, said today."),
        "new category": lambda: make_category(home, title="Letters"),
        "related": lambda: make_article(opinion, title="Also on the road"),
        "settings": lambda: _tagline("News and argument from the harbour town"),
    }
    for name, write in steps.items():
        page(app, article)
        page(app, article)  # kept
        write()
        after = page(app, article)
        assert without_tokens(after) == without_tokens(fresh_page(article)), f"stale: {name}"


def _republish(article, **changes) -> None:
    for field, value in changes.items():
        setattr(article, field, value)
    article.save_revision().publish()


def _tagline(text: str) -> None:
    settings = PublicationSettings.for_site(Site.objects.get(is_default_site=True))
    settings.tagline = text
    settings.save()


def test_an_unpublished_article_is_gone_at_once(app, article, discussed):
    page(app, article)
    page(app, article)

    article.unpublish()

    assert page(app, article).status == 404


def test_a_page_kept_before_the_closing_age_is_not_served_after_it(
    app, article, discussed, opinion
):
    CategoryPolicy.objects.create(
        settings=ModerationSettings.load(), category=opinion, close_after_days=3
    )
    page(app, article)
    assert b"What do you think?" in page(app, article).body

    with time_is(timezone.now() + timedelta(days=4)):
        after = page(app, article)

    assert b"What do you think?" not in after.body
    assert b"closed-notice" in after.body


def test_a_page_kept_before_its_expiry_is_not_served_after_it(app, article, discussed):
    article.expire_at = timezone.now() + timedelta(hours=1)
    article.save_revision().publish()
    page(app, article)
    page(app, article)
    seen = []

    with time_is(timezone.now() + timedelta(hours=2)), django_requests() as through_django:
        page(app, article)
        seen = list(through_django)

    assert seen == [True], "a page past its expiry was served from memory"


def test_signed_in_readers_and_editors_get_their_own_page(app, article, discussed):
    page(app, article)
    page(app, article)  # kept
    editor = get_user_model().objects.create_superuser("ed", "ed@example.org", "pw-for-ed-1")
    client = Client()
    client.force_login(editor)
    session = client.cookies["sessionid"].value

    with django_requests() as through_django:
        signed_in = page(app, article, cookies=f"csrftoken={SECRET}; sessionid={session}")

    assert through_django == [True]
    assert b"Your account" in signed_in.body and b"Sign in" not in signed_in.body


def test_a_guest_with_a_reader_cookie_sees_their_own_page(app, article, discussed):
    page(app, article)
    posted = post_as_guest(app, discussed, "My own words, with my own controls.", SECRET)
    reader_cookie = next(
        value.split(";")[0].strip()
        for value in posted.header("set-cookie")
        if "rejoinder_reader" in value
    )
    shared = page(app, article)
    own = page(app, article, cookies=f"csrftoken={SECRET}; {reader_cookie}")

    assert b"My own words" in own.body and b"My own words" in shared.body
    assert own.body.count(b"/edit/") > shared.body.count(b"/edit/")


@pytest.mark.parametrize(
    "query",
    [
        "utm_source=newsletter&fbclid=x1",
        "after=not-a-cursor",
        "q=%FF%00&x=" + "y" * 3000,
        "ünïcødé=ja".encode().decode("latin-1"),
    ],
)
def test_junk_in_the_address_reads_the_one_kept_page(app, article, discussed, query):
    page(app, article)
    with django_requests() as through_django:
        answer = page(app, article, query=query)

    assert through_django == []
    assert without_tokens(answer) == without_tokens(fresh_page(article, query=query))
    assert len(app.kept["page"]) == 1


@pytest.mark.parametrize("query", ["page=2", "sort=oldest", "page=%FF"])
def test_addresses_that_change_the_page_go_to_django(app, article, discussed, query):
    page(app, article)
    with django_requests() as through_django:
        answer = page(app, article, query=query)

    assert through_django == [True]
    assert answer.status == fresh_page(article, query=query).status


def test_pages_that_are_not_articles_are_never_kept(app, article, discussed, opinion):
    raw_utf8 = "/ünïcødé/".encode().decode("latin-1")  # as a server hands a path over
    for path in ("/", opinion.url, "/no/such/page/", "/search/", raw_utf8):
        call(app, path, htmx=False)
        call(app, path, htmx=False)

    assert app.kept["page"] == {}


def test_a_flood_of_articles_is_bounded(app, opinion, settings):
    settings.SHARED_READS_KEPT = 3
    articles = [make_article(opinion) for _ in range(6)]
    for article in articles:
        page(app, article)

    assert len(app.kept["page"]) == 3
    # The pages kept are the three read last.
    assert {key[4] for key in app.kept["page"]} == {a.url for a in articles[-3:]}
