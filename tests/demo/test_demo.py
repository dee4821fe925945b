"""The demo publication a newcomer sees on `make run`."""

import pytest
from django.core.management import call_command

from rejoinder.discussion.models import Comment, CommentState, Thread
from rejoinder.discussion.queries import thread_page
from rejoinder.discussion.ranking import Sort
from rejoinder.publishing.models import ArticlePage, Author, CategoryPage

pytestmark = pytest.mark.django_db


def test_demo_has_what_the_tour_needs(client):
    call_command("load_demo")

    live = ArticlePage.objects.live()
    assert live.count() >= 8
    assert CategoryPage.objects.live().count() >= 3
    assert Author.objects.count() >= 3
    assert ArticlePage.objects.filter(live=False).exclude(go_live_at=None).count() == 1
    opinion = CategoryPage.objects.get(slug="opinion")
    assert opinion.disclaimer_position == "both"
    assert live.child_of(opinion).count() >= 2
    column = live.child_of(opinion).first()
    html = client.get(column.url).content.decode()
    assert "disclaimer-above" in html and "disclaimer-below" in html


def test_demo_discussion_has_depth_votes_a_placeholder_and_a_closed_thread(client):
    call_command("load_demo")

    column = ArticlePage.objects.get(slug="close-harbour-road-at-weekends")
    comments = Comment.objects.filter(thread__article=column)
    assert comments.count() >= 60
    assert comments.filter(depth__gte=6).exists()
    deleted = comments.get(state=CommentState.DELETED)
    assert deleted.is_listed and deleted.replies.exists()
    assert comments.filter(user=column.author.user).exists()
    thread = Thread.objects.get(article=column)
    newest = thread_page(thread=thread, sort=Sort.NEWEST).roots[0].comment
    most_voted = thread_page(thread=thread, sort=Sort.MOST_VOTED).roots[0].comment
    assert newest != most_voted
    assert Thread.objects.filter(is_closed=True).exclude(article=column).count() == 1
    assert "This comment was deleted." in client.get(f"/c/{deleted.pk}/", follow=True).text
    by_author = comments.filter(user=column.author.user).first()
    assert 'class="badge badge-author"' in client.get(f"/c/{by_author.pk}/", follow=True).text


def test_loading_again_keeps_the_existing_publication(capsys):
    call_command("load_demo")
    count = ArticlePage.objects.count()

    call_command("load_demo")

    assert ArticlePage.objects.count() == count
    assert "was not loaded again" in capsys.readouterr().out


def test_demo_has_a_signed_up_reader_who_commented_under_their_profile(client):
    call_command("load_demo")

    signed_in = client.login(email="reader@example.org", password="rejoinder-demo")
    assert signed_in
    theirs = Comment.objects.get(user__email="reader@example.org")
    assert theirs.author_name == "Noor Castell"
    assert theirs.state == CommentState.VISIBLE
    page = client.get(f"/accounts/readers/{theirs.user_id}/").content.decode()
    assert "Noor Castell" in page and "morning ferry" in page
