"""Erasure leaves nothing behind: after a guest erases their comments, or a member deletes
their account, their address, name and words are in no row of any table and in no public
page. Runs on SQLite and on PostgreSQL alike (the scan casts every column to text)."""

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model

from rejoinder.accounts import erasure
from rejoinder.accounts.models import ErasureKind, ErasureRecord, Profile
from rejoinder.accounts.profiles import update_profile
from rejoinder.discussion.actions import CommentAuthor, post_comment, vote
from rejoinder.discussion.identity import Reader, reader_key
from rejoinder.discussion.models import Comment, CommentState
from rejoinder.moderation import actions as moderation
from rejoinder.moderation.models import BanKind, LogAction, ReportReason, Screening
from rejoinder.notifications import services as notifications
from rejoinder.notifications.models import OutboxMessage, Scope, Subscriber
from tests.accounts.traces import rows_holding
from tests.conftest import a_guest

NAME = "Zephyrine Quillfeather"
EMAIL = "zephyrine.q@example.net"
TEXT = "Marmalade lighthouse quorum seven seven three one"
EDITED = "Marmalade lighthouse quorum, as corrected"


@pytest.fixture(autouse=True)
def _mail_in_outbox(settings):
    settings.EMAIL_BACKEND = "rejoinder.notifications.outbox.OutboxBackend"


@pytest.fixture
def moderator(db):
    return get_user_model().objects.create_user(username="mod", is_staff=True)


@pytest.fixture
def follower(thread, django_capture_on_commit_callbacks):
    """Tomas follows the article, so mails carrying her name and words go out to him."""
    tomas = a_guest("Tomas")
    with django_capture_on_commit_callbacks(execute=True):
        subscription = notifications.subscribe(
            thread=thread, scope=Scope.ALL, email=tomas.email, reader_key=tomas.reader.key
        )
    notifications.confirm(token=_confirm_token(subscription))
    return tomas


def _confirm_token(subscription) -> str:
    from rejoinder.notifications.tokens import Purpose, make_token

    return make_token(Purpose.CONFIRM, subscription.public_id)


def public_pages(client, article) -> str:
    thread = Comment.objects.first().thread
    pages = [
        client.get(article.url),
        client.get(f"/discussion/{thread.pk}/comments/", HTTP_HX_REQUEST="true"),
        client.get("/feeds/rss.xml"),
        client.get("/feeds/atom.xml"),
        client.get("/search/", {"q": "marmalade"}),
    ]
    pages += [
        client.get(f"/c/{pk}/", follow=True) for pk in Comment.objects.values_list("pk", flat=True)
    ]
    return "\n".join(page.content.decode() for page in pages)


def assert_gone(client, article, *needles: str) -> None:
    text = public_pages(client, article)
    for needle in needles:
        assert rows_holding(needle) == [], f"{needle!r} is still stored"
        assert needle.lower() not in text.lower(), f"{needle!r} is still shown"


def test_a_guests_erasure_leaves_no_trace(
    client, article, thread, follower, moderator, django_capture_on_commit_callbacks
):
    zephyrine = CommentAuthor(
        reader=Reader(key=reader_key(cookie_id="zephyrine")),
        name=NAME,
        email=EMAIL,
        website="https://quillfeather.example.net/",
    )
    with django_capture_on_commit_callbacks(execute=True):
        theirs = post_comment(thread=thread, author=zephyrine, body=TEXT)
        notifications.subscribe_after_comment(comment=theirs, scope="replies")
        answer = post_comment(
            thread=thread, author=follower, body="Only twice in ten years.", parent=theirs
        )
    moderation.edit(comment=theirs, moderator=moderator, body=EDITED)
    moderation.ban(comment=theirs, moderator=moderator, kind=BanKind.EMAIL, days=7)
    moderation.report(comment=theirs, reporter_key="someone", reason=ReportReason.SPAM)
    # The story has left her traces everywhere the scan will look.
    assert OutboxMessage.objects.filter(text__icontains=NAME).exists()
    assert rows_holding(EMAIL) and rows_holding(NAME) and rows_holding("Marmalade lighthouse")
    assert NAME in public_pages(client, article)

    erased = erasure.erase_guest_comments(email=EMAIL.upper())

    assert erased == 1
    assert_gone(client, article, EMAIL, NAME, "quillfeather", "Marmalade lighthouse")
    # Her comment keeps its place for the reply under it, as a "deleted" placeholder.
    placeholder = Comment.objects.get(pk=theirs.pk)
    assert placeholder.state == CommentState.DELETED and placeholder.is_listed
    page = client.get(article.url).text
    assert "This comment was deleted." in page and "Only twice in ten years." in page
    assert Comment.objects.get(pk=answer.pk).state == CommentState.VISIBLE
    # Moderators keep what they decided, with a placeholder for what they saw.
    assert Screening.objects.get(comment=theirs).decision
    assert theirs.pk in [
        e.comment_id for e in moderation.LogEntry.objects.filter(action=LogAction.EDIT)
    ]
    assert not Subscriber.objects.filter(email=EMAIL).exists()
    record = ErasureRecord.objects.get()
    assert (record.kind, record.comments) == (ErasureKind.GUEST, 1)


def test_a_guest_may_erase_one_comment_and_keep_the_others(
    thread, django_capture_on_commit_callbacks
):
    mara = a_guest("Mara")
    with django_capture_on_commit_callbacks(execute=True):
        first = post_comment(thread=thread, author=mara, body="The first thought.")
        second = post_comment(thread=thread, author=mara, body="A second thought.")
    assert erasure.erase_guest_comments(email=mara.email, comment_ids=[first.pk]) == 1
    assert Comment.objects.get(pk=first.pk).body == ""
    assert Comment.objects.get(pk=second.pk).body == "A second thought."
    assert Comment.objects.get(pk=second.pk).author_email == mara.email


def test_another_guests_comment_cannot_be_erased_by_id(thread, django_capture_on_commit_callbacks):
    mara, tomas = a_guest("Mara"), a_guest("Tomas")
    with django_capture_on_commit_callbacks(execute=True):
        his = post_comment(thread=thread, author=tomas, body="Mine, not hers.")
    assert erasure.erase_guest_comments(email=mara.email, comment_ids=[his.pk]) == 0
    assert Comment.objects.get(pk=his.pk).body == "Mine, not hers."


@pytest.fixture
def member_user(db):
    user = get_user_model().objects.create_user(
        username="zq", email=EMAIL, password="harbour-road-floods-2025"
    )
    EmailAddress.objects.create(user=user, email=EMAIL, verified=True, primary=True)
    update_profile(
        user=user,
        display_name=NAME,
        bio="Keeper of quillfeather lights.",
        website="",
        is_public=True,
    )
    return user


@pytest.mark.parametrize("erase_text", [True, False], ids=["text erased", "text kept"])
def test_a_members_deletion_leaves_no_trace(
    client, article, thread, follower, member_user, erase_text, django_capture_on_commit_callbacks
):
    member = CommentAuthor(reader=Reader(key=reader_key(user_id=member_user.pk), user=member_user))
    with django_capture_on_commit_callbacks(execute=True):
        theirs = post_comment(thread=thread, author=member, body=TEXT)
        notifications.subscribe(
            thread=thread,
            scope=Scope.ALL,
            email=EMAIL,
            user=member_user,
            reader_key=member.reader.key,
        )
        other = post_comment(thread=thread, author=follower, body="Only twice in ten years.")
    vote(comment=other, voter=member.reader, value=1)
    moderation.report(comment=other, reporter_key=member.reader.key, reason=ReportReason.OFF_TOPIC)
    assert NAME in public_pages(client, article)

    erasure.delete_member(user=member_user, erase_text=erase_text)

    needles = [EMAIL, NAME, "quillfeather"] + (["Marmalade lighthouse"] if erase_text else [])
    assert_gone(client, article, *needles)
    assert not get_user_model().objects.filter(pk=member_user.pk).exists()
    assert not Profile.objects.exists()
    kept = Comment.objects.get(pk=theirs.pk)
    assert kept.author_name == "Deleted account"
    if not erase_text:
        assert kept.body == TEXT and kept.state == CommentState.VISIBLE
        assert "Deleted account" in client.get(article.url).text
    # The vote still counts; nobody can tell whose it was.
    assert Comment.objects.get(pk=other.pk).upvotes == 1
    assert ErasureRecord.objects.get().text_erased is erase_text
