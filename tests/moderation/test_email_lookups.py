"""Moderation finds a guest's other comments by their address on every post: by a stripped,
lower-cased copy of it, in an indexed column, whatever case the guest typed it in."""

import re
from importlib import import_module

import pytest
from django.apps import apps
from django.db import connection

from rejoinder.discussion.actions import CommentAuthor
from rejoinder.discussion.errors import Rejected
from rejoinder.discussion.models import Comment, CommentState
from tests.conftest import a_guest

pytestmark = pytest.mark.django_db


def as_typed(email: str) -> CommentAuthor:
    mara = a_guest("Mara")
    return CommentAuthor(reader=mara.reader, name=mara.name, email=email)


def test_a_known_guest_is_known_whatever_case_they_type_their_address_in(say, config):
    config.premoderate_new_guests = True
    config.save()
    first = say("My first words here.", by=as_typed("  Mara@Example.ORG "))
    Comment.objects.filter(pk=first.pk).update(state=CommentState.VISIBLE)

    again = say("And more words, a day later.", by=as_typed("mara@example.org"), ago=-1)

    assert first.author_email_normalised == "mara@example.org"
    assert first.author_email == "Mara@Example.ORG"  # kept as typed, for the mail we send
    assert again.state == CommentState.VISIBLE


def test_the_same_words_again_are_one_authors_double_post_across_address_case(say, config):
    say("The harbour road floods every spring.", by=as_typed("MARA@example.org"))
    # The same guest from another browser: only the address ties the two together.
    other_browser = CommentAuthor(
        reader=a_guest("Elsewhere").reader, name="Mara", email="mara@EXAMPLE.org"
    )

    with pytest.raises(Rejected, match="already posted"):
        say("The harbour road floods every spring.", by=other_browser)


def test_the_migration_fills_the_column_for_comments_written_before_it(say):
    comment = say("From before the column existed.", by=as_typed(" Old@Example.org"))
    Comment.objects.filter(pk=comment.pk).update(author_email_normalised="")

    migration = import_module(
        "rejoinder.discussion.migrations.0004_comment_author_email_normalised"
    )
    migration.fill_normalised_emails(apps, None)

    comment.refresh_from_db()
    assert comment.author_email_normalised == "old@example.org"


def test_the_lookup_is_served_by_the_index():
    lookup = Comment.objects.filter(
        author_email_normalised="mara@example.org", state=CommentState.VISIBLE
    )
    if connection.vendor == "postgresql":
        # On a nearly empty table PostgreSQL rightly prefers reading it whole; asked not
        # to, it shows whether an index could serve the lookup at all.
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")

    plan = lookup.explain()

    assert re.search(r"index\b.*author_email_normalised", plan, re.IGNORECASE), plan
