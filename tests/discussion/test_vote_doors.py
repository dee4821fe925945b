"""The doors to a vote, the form (with and without htmx) and the API, take the same votes:
on a comment the reader finds published, in a discussion readers can reach. Whatever else a
reader names is absent to them (404) at every door; their own comment and a closed
discussion are refused at every door (a closed one is a conflict to the API, 409, as every
write in a closed discussion is there). Every case here goes through all three."""

from dataclasses import dataclass

import pytest
from django.test import Client

from rejoinder.discussion.actions import mark_spam, remove_comment, set_thread_closed
from rejoinder.discussion.models import Comment, CommentState, Thread, Vote
from rejoinder.discussion.queries import thread_for_article
from rejoinder.discussion.screening import Admission
from tests.api.conftest import JsonClient, assert_error
from tests.builders import make_article

HTMX = {"HTTP_HX_REQUEST": "true"}


def hold_everything(**submission) -> Admission:
    """A policy holding every comment for a moderator, as its author is told."""
    return Admission(state=CommentState.PENDING, record=lambda comment: None)


def hide_everything_quietly(**submission) -> Admission:
    """A policy hiding every comment without telling its author (a shadow ban)."""
    return Admission(state=CommentState.PENDING, record=lambda comment: None, quiet=True)


@dataclass
class Cast:
    """What a case needs to set up the comment voted on; `voter` is the reader voting."""

    say: object
    voter: object
    opinion: object
    settings: object

    def screened_by(self, policy) -> None:
        self.settings.COMMENT_SCREENING = f"{__name__}.{policy.__name__}"


def someone_elses(cast: Cast) -> int:
    return cast.say("Published.").pk


def on_a_page_of_another_site(cast: Cast) -> int:
    page = Thread.objects.create(
        key="url:https://blog.example/harbour", title="Harbour", url="https://blog.example/harbour"
    )
    return cast.say("On the blog.", on=page).pk


def someone_elses_held(cast: Cast) -> int:
    cast.screened_by(hold_everything)
    return cast.say("Held for a moderator.").pk


def someone_elses_hidden_quietly(cast: Cast) -> int:
    cast.screened_by(hide_everything_quietly)
    return cast.say("Shadow banned.").pk


def someone_elses_spam(cast: Cast) -> int:
    return mark_spam(comment=cast.say("Cheap watches here.")).pk


def removed_by_a_moderator(cast: Cast) -> int:
    return remove_comment(comment=cast.say("Taken down.")).pk


def under_an_article_unpublished_since(cast: Cast) -> int:
    article = make_article(cast.opinion, title="Out, then back in")
    comment = cast.say("Said while it was out.", on=thread_for_article(article))
    article.unpublish()
    return comment.pk


def under_a_draft(cast: Cast) -> int:
    draft = make_article(cast.opinion, title="Not yet out", live=False)
    return cast.say("Seen before it was out.", on=thread_for_article(draft)).pk


def in_a_closed_discussion(cast: Cast) -> int:
    comment = cast.say("The last word.")
    set_thread_closed(thread=comment.thread, closed=True)
    return comment.pk


def ones_own(cast: Cast) -> int:
    return cast.say("Mine.", by=cast.voter).pk


def ones_own_held(cast: Cast) -> int:
    cast.screened_by(hold_everything)
    return cast.say("Mine, held.", by=cast.voter).pk


def ones_own_hidden_quietly(cast: Cast) -> int:
    cast.screened_by(hide_everything_quietly)
    return cast.say("Mine, as far as I can tell published.", by=cast.voter).pk


def ones_own_spam(cast: Cast) -> int:
    return mark_spam(comment=cast.say("Mine, taken for spam.", by=cast.voter)).pk


def that_does_not_exist(cast: Cast) -> int:
    cast.say("The only one.")
    return Comment.objects.get().pk + 1000


def at_the_largest_id_there_can_be(cast: Cast) -> int:
    return 2**63 - 1


COUNTED, ABSENT, REFUSED, CLOSED = "counted", "absent", "refused", "closed"
# What each door answers: the form redirects back to the comment, htmx and the API answer
# the new totals.
ANSWERS = {
    COUNTED: {"form": 302, "htmx": 200, "api": 200},
    ABSENT: {"form": 404, "htmx": 404, "api": 404},
    REFUSED: {"form": 403, "htmx": 403, "api": 403},
    CLOSED: {"form": 403, "htmx": 403, "api": 409},
}


@pytest.fixture
def doors(client, member, unscreened):
    """The three doors, for one signed-in reader (`member`): each votes on a comment id and
    gives the answer's status."""
    client.force_login(member.reader.user)
    api = JsonClient(client)
    return {
        "form": lambda pk: client.post(f"/discussion/comment/{pk}/vote/", {"value": "up"}),
        "htmx": lambda pk: client.post(
            f"/discussion/comment/{pk}/vote/", {"value": "down"}, **HTMX
        ),
        "api": lambda pk: api.put(f"/comments/{pk}/vote", {"value": "up"}),
    }


@pytest.mark.parametrize(
    ("comment", "outcome"),
    [
        (someone_elses, COUNTED),
        (on_a_page_of_another_site, COUNTED),
        (someone_elses_held, ABSENT),
        (someone_elses_hidden_quietly, ABSENT),
        (someone_elses_spam, ABSENT),
        (removed_by_a_moderator, ABSENT),
        (under_an_article_unpublished_since, ABSENT),
        (under_a_draft, ABSENT),
        (in_a_closed_discussion, CLOSED),
        (ones_own, REFUSED),
        (ones_own_held, ABSENT),  # its author is told it waits for a moderator
        (ones_own_hidden_quietly, REFUSED),  # its author sees it as published
        (ones_own_spam, REFUSED),
        (that_does_not_exist, ABSENT),
        (at_the_largest_id_there_can_be, ABSENT),
    ],
    ids=lambda case: getattr(case, "__name__", case),
)
def test_every_door_takes_the_same_votes(doors, comment, outcome, say, member, opinion, settings):
    comment_id = comment(Cast(say=say, voter=member, opinion=opinion, settings=settings))

    answers = {door: vote(comment_id).status_code for door, vote in doors.items()}

    assert answers == ANSWERS[outcome]
    votes = Vote.objects.filter(comment_id=comment_id)
    if outcome == COUNTED:  # up, then down, then up again: one reader, one vote
        assert [vote.value for vote in votes] == [1]
        assert Comment.objects.get(pk=comment_id).upvotes == 1
    else:
        assert not votes.exists()
        assert not Comment.objects.filter(pk=comment_id).exclude(upvotes=0, downvotes=0).exists()


@pytest.mark.parametrize("comment_id", [2**63, 10**20])
def test_an_id_beyond_any_comment_is_refused_at_every_door(client, db, comment_id):
    api = JsonClient(Client())

    assert (
        client.post(f"/discussion/comment/{comment_id}/vote/", {"value": "up"}).status_code == 404
    )
    response = client.post(f"/discussion/comment/{comment_id}/vote/", {"value": "up"}, **HTMX)
    assert response.status_code == 404
    assert_error(api.put(f"/comments/{comment_id}/vote", {"value": "up"}), 422, "invalid_input")
    assert not Vote.objects.exists()
