"""Stories of a publisher moving their Disqus archive in: what arrives where, what is
skipped and why, and that the same file twice changes nothing."""

import pytest
from django.core import mail
from django.db import connection

from rejoinder.discussion.models import Comment, CommentState
from rejoinder.discussion.queries import thread_for_article
from rejoinder.interop.models import ImportedRecord
from rejoinder.interop.service import import_file
from tests.interop.conftest import FIXTURES

DISQUS = FIXTURES / "disqus-small.xml"


def comment(source_id: str) -> Comment:
    return ImportedRecord.objects.get(source="disqus:harbourgazette", source_id=source_id).comment


@pytest.fixture
def imported(harbour_road):
    return import_file(path=DISQUS)


def test_the_comments_arrive_under_the_article_their_link_finds(imported, harbour_road):
    thread = thread_for_article(harbour_road)
    assert imported.format == "disqus"
    assert imported.source == "disqus:harbourgazette"
    assert thread.comments.count() == 7
    first = comment("1001")
    assert first.author_name == "Wren Talbot"
    assert first.body_html == (
        "<p>The ferry queue already reaches the bakery on Saturdays.</p>"
        "<p>Closing the road moves it to my door.</p>"
    )
    assert first.created_at.isoformat() == "2019-04-02T09:15:00+00:00"
    # Visible ones, not the spam nor the removed placeholder.
    thread.refresh_from_db()
    assert thread.comment_count == 5


def test_a_reply_that_comes_before_its_parent_still_hangs_under_it(imported):
    reply, parent = comment("1003"), comment("1002")
    assert reply.parent == parent
    assert reply.root == comment("1001")
    assert reply.depth == 2


def test_a_reply_to_a_comment_missing_from_the_file_is_shown_top_level_and_reported(imported):
    orphan = comment("1007")
    assert orphan.parent is None and orphan.depth == 0 and orphan.is_listed
    [repair] = imported.repairs
    assert repair["position"].startswith("line ")
    assert "'999' is not in the file" in repair["reason"]


def test_states_are_kept_not_screened_again(imported):
    assert comment("1004").state == CommentState.SPAM
    removed = comment("1005")
    assert removed.state == CommentState.REMOVED
    # A removed comment with a reply stays as a placeholder, as a live one would.
    assert removed.is_listed
    assert comment("1006").parent == removed


def test_a_thread_no_article_matches_is_skipped_with_its_comments_and_reasons(imported):
    assert imported.counts["threads"]["skipped"] == 1
    assert imported.counts["comments"]["skipped"] == 1
    thread_skip, comment_skip = imported.skips
    assert thread_skip["position"] == "line 19"
    assert (
        "'https://old.harbourgazette.example/about-us/' matches no article"
        in (thread_skip["reason"])
    )
    assert comment_skip["kind"] == "comments"
    assert comment_skip["position"].endswith("(post 8)")


def test_a_script_in_a_message_is_inert(imported):
    html = comment("1002").body_html
    assert "<script" not in html and "document.cookie" not in html
    link = comment("1003").body_html
    assert "onclick" not in link
    assert 'rel="nofollow ugc noopener"' in link


def test_personal_data_is_kept_as_live_comments_keep_it(imported):
    first = comment("1001")
    assert first.author_email == "Wren.Talbot@Example.org"
    assert first.author_email_normalised == "wren.talbot@example.org"
    assert len(first.reader_key) == 64 and len(first.avatar_seed) == 64
    # Network addresses are not stored anywhere, in any form.
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f'SELECT * FROM "{table}"')
            for row in cursor.fetchall():
                assert not any("192.0.2.15" in str(value) for value in row), table


def test_importing_notifies_nobody(harbour_road, mailoutbox, django_capture_on_commit_callbacks):
    from rejoinder.notifications.models import (
        Delivery,
        Scope,
        Subscriber,
        Subscription,
        SubscriptionState,
    )

    # An old subscriber of the article's discussion, who must not get an archive of mail.
    Subscription.objects.create(
        subscriber=Subscriber.objects.create(email="follower@example.org"),
        thread=thread_for_article(harbour_road),
        scope=Scope.ALL,
        state=SubscriptionState.ACTIVE,
    )
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        import_file(path=DISQUS)
    assert callbacks == []
    assert mail.outbox == []
    assert not Delivery.objects.exists()


def test_the_same_file_twice_changes_nothing(imported, harbour_road):
    before = list(Comment.objects.order_by("pk").values())
    again = import_file(path=DISQUS)
    assert again.counts["comments"]["created"] == 0
    assert again.counts["comments"]["unchanged"] == 7
    assert again.counts["threads"]["unchanged"] == 1
    assert list(Comment.objects.order_by("pk").values()) == before


def test_a_newer_export_updates_what_changed(imported, harbour_road, fixture_copy):
    newer = fixture_copy(
        "disqus-small.xml",
        replace=("Closing the road moves it to my door.", "Closing it moves the queue here."),
    )
    summary = import_file(path=newer)
    assert summary.counts["comments"]["updated"] == 1
    assert summary.counts["comments"]["unchanged"] == 6
    assert "Closing it moves the queue here." in comment("1001").body_html


def test_a_dry_run_reports_everything_and_saves_nothing(harbour_road):
    summary = import_file(path=DISQUS, dry_run=True)
    assert summary.counts["comments"]["created"] == 7
    assert not Comment.objects.exists()
    assert not ImportedRecord.objects.exists()


def test_a_mapping_file_sends_a_thread_to_the_article_it_names(harbour_road, tmp_path):
    from rejoinder.interop.targets import read_mapping

    mapping_file = tmp_path / "map.csv"
    mapping_file.write_text(
        "# old address or identifier, article path or slug\nlost-page,harbour-road\n"
    )
    summary = import_file(path=DISQUS, mapping=read_mapping(mapping_file))
    assert summary.counts["threads"] == {"unchanged": 2}
    assert comment("1008").thread.article == harbour_road


def test_a_bad_mapping_file_is_named_with_its_line(tmp_path):
    from rejoinder.interop.errors import ImportFileError
    from rejoinder.interop.targets import read_mapping

    mapping_file = tmp_path / "map.csv"
    mapping_file.write_text("lost-page,harbour-road\njust-one-column\n")
    with pytest.raises(ImportFileError) as caught:
        read_mapping(mapping_file)
    assert caught.value.where == "map.csv, line 2"
