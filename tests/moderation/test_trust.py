"""Trust: a guest with enough approved comments and nothing held against them skips the
pre-moderation of new guests; moderators see each author's trust in the queue."""

import pytest

from rejoinder.discussion.models import Comment, CommentState
from rejoinder.moderation.models import Ban, BanKind
from rejoinder.moderation.trust import trust_of
from tests.conftest import a_guest

pytestmark = pytest.mark.django_db


@pytest.fixture
def new_guests_held(config, settings):
    config.premoderate_new_guests = True
    config.save()
    settings.TRUSTED_AFTER_APPROVED = 2


def approve(comment: Comment) -> None:
    Comment.objects.filter(pk=comment.pk).update(state=CommentState.VISIBLE)


def test_a_guest_is_held_until_enough_comments_are_approved(say, new_guests_held):
    mara = a_guest("Mara")
    first = say("My first words here.", by=mara, ago=-3)
    assert first.state == CommentState.PENDING
    approve(first)
    second = say("A second thought, a day later.", by=mara, ago=-2)
    assert second.state == CommentState.PENDING  # one approved: not trusted yet at two
    approve(second)
    third = say("By now they know me here.", by=mara, ago=-1)
    assert third.state == CommentState.VISIBLE
    assert trust_of(email="mara@example.org").trusted


@pytest.mark.parametrize("against", ["spam", "removed", "ban"])
def test_anything_held_against_a_guest_withholds_trust(say, new_guests_held, against):
    mara = a_guest("Mara")
    for days in (5, 4):
        approve(say(f"Approved words from {days} days ago.", by=mara, ago=-days))
    if against == "ban":
        Ban.objects.create(kind=BanKind.EMAIL, value="mara@example.org", lifted_at=None)
    else:
        bad = say("Something a moderator took down.", by=mara, ago=-3)
        Comment.objects.filter(pk=bad.pk).update(state=against)
    assert not trust_of(email="mara@example.org").trusted


def test_moderators_see_the_authors_trust_in_the_queue(
    say, new_guests_held, moderator_client, settings
):
    settings.TRUSTED_AFTER_APPROVED = 1
    say("Held: the first from a new guest.", by=a_guest("Mara"))
    queue = moderator_client.get("/moderation/").content.decode()
    assert "Held: the first from a new guest." in queue and "Not trusted yet" in queue
