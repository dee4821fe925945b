"""A commenter made staff (or no longer staff) shows so on the very next read of the pages
kept in memory (discussion.shared_reads): the thread fragment's "Staff" mark and the API's
`is_staff`, which the threads' revisions key."""

import json

import pytest
from django.contrib.auth.models import Group

from tests.discussion.test_shared_reads import SECRET, call
from tests.shared_reads import whole_app

pytestmark = pytest.mark.django_db

COOKIE = f"csrftoken={SECRET}"


@pytest.fixture
def app(unscreened):
    return whole_app()


def fragment(app, thread) -> bytes:
    return call(app, f"/discussion/{thread.pk}/comments/", cookies=COOKIE).body


def api_is_staff(app, thread) -> bool:
    answer = call(app, f"/api/v1/threads/{thread.pk}/comments", cookies=COOKIE, htmx=False)
    [comment] = json.loads(answer.body)["comments"]
    return comment["author"]["is_staff"]


def test_a_commenter_made_staff_shows_the_mark_at_once_and_loses_it_at_once(
    app, thread, say, member
):
    say("The harbour road carries the buses.", by=member)
    for _ in range(2):  # the second read is answered from memory
        assert b"badge-staff" not in fragment(app, thread)
        assert api_is_staff(app, thread) is False

    user = member.reader.user
    user.is_staff = True
    user.save()

    assert b"badge-staff" in fragment(app, thread)
    assert api_is_staff(app, thread) is True

    user.is_staff = False
    user.save(update_fields=["is_staff"])

    assert b"badge-staff" not in fragment(app, thread)
    assert api_is_staff(app, thread) is False


def test_a_save_that_leaves_staff_status_alone_keeps_the_pages(app, thread, say, member):
    say("The harbour road carries the buses.", by=member)
    thread.refresh_from_db()
    revision = thread.revision
    user = member.reader.user
    user.first_name = "Inès M."
    user.save()
    user.save(update_fields=["last_login"])
    user.groups.add(Group.objects.create(name="Readers' panel"))
    thread.refresh_from_db()
    assert thread.revision == revision
