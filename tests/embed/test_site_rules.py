"""A site's discussions follow the rules of the category staff chose for it: pre-moderation
when a comment is posted, closing after some days (counted from a page's first comment), and
nothing more than the rules for every discussion when it chose none."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from rejoinder.discussion.actions import post_comment
from rejoinder.discussion.errors import ThreadClosed
from rejoinder.discussion.models import CommentState, Thread
from rejoinder.discussion.screening import closing_time
from rejoinder.embed import actions
from rejoinder.embed.models import Site
from rejoinder.moderation.closing import close_due_threads
from rejoinder.moderation.models import CategoryPolicy, LogAction, LogEntry, ModerationSettings
from tests.conftest import a_guest
from tests.embed.test_frame import PAGE, frame_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def config(db):
    return ModerationSettings.load()


@pytest.fixture
def premoderated(config, opinion):
    return CategoryPolicy.objects.create(settings=config, category=opinion, premoderate=True)


@pytest.fixture
def closes_after_a_week(config, news):
    return CategoryPolicy.objects.create(settings=config, category=news, close_after_days=7)


def follow(site: Site, policy: CategoryPolicy | None) -> Site:
    site.category_policy = policy
    site.save()
    return site


def page_thread(site: Site, identifier: str, *, days_ago: int = 0) -> Thread:
    """A page's discussion, opened by a first comment that many days ago."""
    thread = actions.open_external_thread(
        site=site, identifier=identifier, url=f"https://notes.example.org/{identifier}", title=""
    )
    Thread.objects.filter(pk=thread.pk).update(created_at=timezone.now() - timedelta(days=days_ago))
    thread.refresh_from_db()
    return thread


def test_a_guests_first_comment_waits_on_a_site_following_a_premoderated_category(
    blog, premoderated
):
    follow(blog, premoderated)
    thread = page_thread(blog, "swifts")

    comment = post_comment(thread=thread, author=a_guest("Mara"), body="Forty-two tonight.")

    assert comment.state == CommentState.PENDING
    assert "Every comment in this category is pre-moderated." in str(comment.screening.reasons)
    assert Thread.objects.get(pk=thread.pk).comment_count == 0


def test_a_site_following_no_category_has_only_the_rules_for_every_discussion(
    blog, premoderated, closes_after_a_week
):
    thread = page_thread(blog, "swifts", days_ago=400)

    comment = post_comment(thread=thread, author=a_guest("Mara"), body="Forty-two tonight.")

    assert comment.state == CommentState.VISIBLE
    assert closing_time(thread=thread) is None
    assert close_due_threads() == []


def test_a_site_following_a_closing_rule_closes_its_old_threads_and_only_its_own(
    blog, closes_after_a_week, premoderated
):
    follow(blog, closes_after_a_week)
    old, fresh = page_thread(blog, "last-month", days_ago=8), page_thread(blog, "today")
    other = Site.objects.create(name="Other", key="other", allowed_origins="https://o.example")
    elsewhere = page_thread(other, "ancient", days_ago=300)

    with pytest.raises(ThreadClosed):  # refused before the worker has run
        post_comment(thread=old, author=a_guest("Mara"), body="Still here?")
    assert closing_time(thread=fresh) == fresh.created_at + timedelta(days=7)

    assert [thread.pk for thread in close_due_threads()] == [old.pk]
    assert close_due_threads() == []
    assert Thread.objects.get(pk=old.pk).is_closed
    assert not Thread.objects.get(pk=fresh.pk).is_closed
    assert not Thread.objects.get(pk=elsewhere.pk).is_closed
    [entry] = LogEntry.objects.filter(thread=old)
    assert entry.action == LogAction.CLOSE and entry.moderator is None


def test_articles_keep_their_own_categorys_rules(blog, closes_after_a_week, say, thread):
    """A site choosing News does not close Opinion's articles, nor News's by a page's clock."""
    follow(blog, closes_after_a_week)

    assert say("Under an Opinion column.").state == CommentState.VISIBLE
    assert closing_time(thread=thread) is None


def test_choosing_another_category_or_changing_its_rules_renews_the_sites_pages(
    blog, premoderated, closes_after_a_week
):
    thread = page_thread(blog, "swifts")

    def revision() -> int:
        return Thread.objects.get(pk=thread.pk).revision

    before = revision()
    follow(blog, closes_after_a_week)
    assert revision() > before

    before = revision()
    closes_after_a_week.close_after_days = 3
    closes_after_a_week.save()
    assert revision() > before

    before = revision()
    closes_after_a_week.delete()
    blog.refresh_from_db()
    assert blog.category_policy is None and revision() > before


class TestTheAdminForm:
    @pytest.fixture
    def staff(self, client):
        user = get_user_model().objects.create_superuser("staff", "staff@example.org", "x")
        client.force_login(user)
        return client

    def edit(self, staff, site, **fields):
        data = {"name": site.name, "key": site.key, "allowed_origins": site.allowed_origins}
        return staff.post(f"/admin/snippets/embed/site/edit/{site.pk}/", {**data, **fields})

    def test_staff_choose_the_category_whose_rules_apply(self, staff, blog, premoderated):
        form = staff.get(f"/admin/snippets/embed/site/edit/{blog.pk}/").content.decode()
        assert "Follow the rules of" in form and ">Opinion</option>" in form

        assert self.edit(staff, blog, category_policy=premoderated.pk).status_code == 302
        blog.refresh_from_db()
        assert blog.category_policy == premoderated

        assert self.edit(staff, blog, category_policy="").status_code == 302
        blog.refresh_from_db()
        assert blog.category_policy is None

    @pytest.mark.parametrize(
        "hostile",
        ["999999", "-1", "abc", "1 OR 1=1", "1\x00", "9" * 40, "<script>alert(1)</script>"],
    )
    def test_a_choice_that_is_not_on_the_list_is_refused_in_the_form(
        self, staff, blog, premoderated, hostile
    ):
        follow(blog, premoderated)

        response = self.edit(staff, blog, category_policy=hostile)

        page = response.content.decode()
        assert response.status_code == 200
        assert "Select a valid choice" in page or "Null characters are not allowed" in page
        assert "<script>alert(1)" not in page
        blog.refresh_from_db()
        assert blog.category_policy == premoderated


def test_the_frame_shows_a_discussion_past_its_sites_closing_age_closed(blog, closes_after_a_week):
    """Before the worker's pass, as under an article: the form is gone, comments stay."""
    follow(blog, closes_after_a_week)
    thread = page_thread(blog, PAGE, days_ago=3)
    post_comment(thread=thread, author=a_guest("Mara"), body="Said while it was open.")
    Thread.objects.filter(pk=thread.pk).update(created_at=timezone.now() - timedelta(days=8))

    page = Client().get(frame_url(blog)).content.decode()

    assert "Said while it was open." in page
    assert "This discussion is closed." in page and 'class="comment-form"' not in page
