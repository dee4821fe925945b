"""The moderators' workspace over HTTP, and what readers see of moderation: held comments,
bans, shadow-bans and reports end to end; who may reach the queue at all."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from rejoinder.discussion import signals
from rejoinder.discussion.models import Comment, CommentState
from rejoinder.discussion.queries import thread_page
from rejoinder.discussion.ranking import Sort
from rejoinder.moderation.models import Ban, Label, LogEntry, Report, Screening
from tests.conftest import a_guest

pytestmark = pytest.mark.django_db


def post(client, thread, *, body="I disagree, politely.", name="Mara", **extra):
    data = {"body": body, "name": name, "email": f"{name.lower()}@example.org", "homepage": ""}
    return client.post(f"/discussion/{thread.pk}/post/", data, **extra)


def act(client, do, *, ids=(), follow=False, **fields):
    return client.post("/moderation/act/", {"do": do, "ids": list(ids), **fields}, follow=follow)


# Who may moderate -----------------------------------------------------------------------

PAGES = ["/moderation/", "/moderation/log/", "/moderation/dashboard/"]


@pytest.mark.parametrize("url", PAGES)
def test_signed_out_visitors_are_sent_to_sign_in(client, url):
    response = client.get(url)

    assert response.status_code == 302
    assert response.url.startswith("/admin/login/?next=")


@pytest.mark.parametrize("url", PAGES)
@pytest.mark.parametrize("who", ["reader", "staff-without-permission"])
def test_readers_and_other_staff_are_refused(client, url, who):
    user = get_user_model().objects.create_user("someone", is_staff=who != "reader")
    client.force_login(user)

    assert client.get(url).status_code == 403


def test_a_reader_cannot_act_on_a_comment(client, say):
    comment = say("Keep this one.")
    client.force_login(get_user_model().objects.create_user("someone"))

    assert act(client, f"remove:{comment.pk}").status_code == 403
    assert client.post(f"/moderation/comment/{comment.pk}/edit/", {"body": "x"}).status_code == 403
    comment.refresh_from_db()
    assert comment.state == CommentState.VISIBLE and not LogEntry.objects.exists()


@pytest.mark.parametrize("url", PAGES)
def test_a_moderator_can(moderator_client, url):
    assert moderator_client.get(url).status_code == 200


# A held comment, from posting to approval -------------------------------------------------


def test_a_held_comment_is_seen_by_its_author_only_until_a_moderator_approves_it(
    client, moderator_client, article, thread, config, django_capture_on_commit_callbacks
):
    config.premoderate_new_guests = True
    config.save()
    posted = []
    signals.comment_posted.connect(receiver := lambda comment, **kw: posted.append(comment.pk))
    author = Client()

    with django_capture_on_commit_callbacks(execute=True):
        post(author, thread, body="My first words here.")
    comment = Comment.objects.get()

    assert comment.state == CommentState.PENDING and not comment.is_listed
    assert posted == []
    assert "Awaiting moderation" in author.get(article.url).content.decode()
    assert "My first words here." not in client.get(article.url).content.decode()
    queue = moderator_client.get("/moderation/").content.decode()
    assert "My first words here." in queue and "First comment from this guest." in queue

    with django_capture_on_commit_callbacks(execute=True):
        act(moderator_client, f"approve:{comment.pk}")

    comment.refresh_from_db()
    thread.refresh_from_db()
    assert (comment.state, comment.is_listed, thread.comment_count) == ("visible", True, 1)
    assert posted == [comment.pk]
    assert "My first words here." in Client().get(article.url).content.decode()
    assert Screening.objects.get(comment=comment).label == Label.HAM
    signals.comment_posted.disconnect(receiver)

    entry = LogEntry.objects.get()
    assert (entry.before["state"], entry.after["state"]) == ("pending", "visible")
    moderator_client.post(f"/moderation/log/{entry.pk}/undo/")
    comment.refresh_from_db()
    thread.refresh_from_db()
    assert (comment.state, thread.comment_count) == ("pending", 0)
    assert Screening.objects.get(comment=comment).label == Label.NONE
    assert "undone" in moderator_client.get("/moderation/log/").content.decode()


def test_bulk_spam_and_remove(moderator_client, say, thread):
    comments = [say(f"Point {n}", by=a_guest(f"Reader{n}")) for n in range(3)]

    act(moderator_client, "spam", ids=[comments[0].pk, comments[1].pk], tab="pending")
    act(moderator_client, f"remove:{comments[2].pk}")

    states = [Comment.objects.get(pk=c.pk).state for c in comments]
    assert states == ["spam", "spam", "removed"]
    thread.refresh_from_db()
    assert thread.comment_count == 0
    labels = Screening.objects.filter(label=Label.SPAM).count()
    assert labels == 2
    assert "Point 0" in moderator_client.get("/moderation/?tab=spam").content.decode()
    assert "Point 2" in moderator_client.get("/moderation/?tab=removed").content.decode()


def test_a_moderators_edit_is_logged_and_can_be_undone(moderator_client, say):
    comment = say("Call me on 07700 900123.")

    moderator_client.post(f"/moderation/comment/{comment.pk}/edit/", {"body": "Call me."})
    comment.refresh_from_db()
    assert comment.body == "Call me."
    entry = LogEntry.objects.get(action="edit")
    assert entry.before == {"body": "Call me on 07700 900123."}

    moderator_client.post(f"/moderation/log/{entry.pk}/undo/")
    comment.refresh_from_db()
    assert comment.body == "Call me on 07700 900123."


def test_closing_the_discussion_from_the_queue(moderator_client, say, thread):
    comment = say("Last word.")

    act(moderator_client, f"close:{comment.pk}")

    thread.refresh_from_db()
    assert thread.is_closed
    assert LogEntry.objects.get().action == "close"


# Bans and shadow-bans ---------------------------------------------------------------------


def test_a_network_ban_stops_that_network_and_stores_no_address(moderator_client, thread, client):
    reader = Client(REMOTE_ADDR="203.0.113.9")
    post(reader, thread, body="Something rude.")
    comment = Comment.objects.get()

    act(moderator_client, f"ban:{comment.pk}", ban_kind="network", ban_length="ever")

    ban = Ban.objects.get()
    assert "203.0.113" not in ban.value and len(ban.value) == 64
    refused = post(Client(REMOTE_ADDR="203.0.113.9"), thread, body="Again.", name="Other")
    assert refused.status_code == 403
    assert "no longer comment" in refused.content.decode()
    elsewhere = post(Client(REMOTE_ADDR="198.51.100.1"), thread, body="Hello.", name="Fine")
    assert elsewhere.status_code == 302


def test_an_email_ban_for_a_time_says_until_when(moderator_client, thread):
    post(Client(), thread, body="Something rude.")
    act(moderator_client, f"ban:{Comment.objects.get().pk}", ban_kind="email", ban_length="7")

    refused = post(Client(), thread, body="Sorry.")

    assert refused.status_code == 403
    assert "You can&#x27;t comment until" in refused.content.decode()


def test_a_shadow_banned_author_writes_on_but_nobody_else_sees_it(
    moderator_client, article, thread
):
    author = Client()
    post(author, thread, body="First.")
    act(moderator_client, f"shadowban:{Comment.objects.get().pk}", ban_kind="email")

    assert post(author, thread, body="Second, shadowed.").status_code == 302

    shadowed = Comment.objects.get(body="Second, shadowed.")
    assert shadowed.state == CommentState.PENDING
    assert "Second, shadowed." in author.get(article.url).content.decode()
    assert "Second, shadowed." not in Client().get(article.url).content.decode()
    assert Screening.objects.get(comment=shadowed).reasons[0]["check"] == "author_banned"


HTMX = {"HTTP_HX_REQUEST": "true"}


def comment_item(html: str, comment: Comment) -> str:
    """The list item a comment is drawn in on the page (up to the next item)."""
    start = html.index(f'id="comment-{comment.pk}"')
    return html[start : html.index("<li", start)] if "<li" in html[start:] else html[start:]


def test_a_shadow_banned_author_sees_their_comment_exactly_as_a_published_one(
    moderator_client, article, thread
):
    author, reader = Client(), Client()
    post(author, thread, body="First.")
    act(moderator_client, f"shadowban:{Comment.objects.get().pk}", ban_kind="email")
    published = Comment.objects.get(body="First.")

    post(author, thread, body="Second, shadowed.")
    shadowed = Comment.objects.get(body="Second, shadowed.")
    page = author.get(article.url).content.decode()

    assert "awaiting moderation" not in page.lower()
    assert "is-pending" not in page
    # Drawn like the published one beside it: the same card, name, date and votes.
    drawn = comment_item(page, shadowed)
    assert 'class="comment depth-0"' in drawn and "Second, shadowed." in drawn
    assert drawn.count('class="comment-author"') == 1 and "Mara" in drawn
    opening = comment_item(page, published).split(">", 1)[0]
    assert (
        opening.replace(f"comment-{published.pk}", f"comment-{shadowed.pk}")
        == drawn.split(">", 1)[0]
    )
    assert "Second, shadowed." not in reader.get(article.url).content.decode()


def test_a_shadow_banned_reply_shows_to_its_author_under_the_comment_it_answers(
    moderator_client, article, thread, say
):
    author = Client()
    post(author, thread, body="First.")
    act(moderator_client, f"shadowban:{Comment.objects.get().pk}", ban_kind="email")
    parent = say("Something to answer.", by=a_guest("Tomas"))

    author.post(
        f"/discussion/{thread.pk}/post/",
        {
            "body": "My shadowed reply.",
            "name": "Mara",
            "email": "mara@example.org",
            "parent": parent.pk,
        },
    )
    reply = Comment.objects.get(body="My shadowed reply.")
    page = author.get(article.url).content.decode()

    assert reply.state == CommentState.PENDING and reply.hidden_quietly
    replies_of_parent = page[page.index(f'id="replies-{parent.pk}"') :]
    assert replies_of_parent.index("My shadowed reply.") < replies_of_parent.index("</ol>")
    assert "Reply to" in comment_item(page, reply)
    assert "awaiting moderation" not in page.lower()
    assert "My shadowed reply." not in Client().get(article.url).content.decode()


def test_right_after_posting_a_shadow_banned_author_is_told_it_is_posted(
    moderator_client, article, thread
):
    author = Client()
    post(author, thread, body="First.")
    act(moderator_client, f"shadowban:{Comment.objects.get().pk}", ban_kind="email")

    response = post(author, thread, body="Posted, as far as I know.", **HTMX)

    html = response.content.decode()
    assert response.status_code == 200
    assert "Your comment is posted." in html and "Posted, as far as I know." in html
    assert "awaiting moderation" not in html.lower() and "is-pending" not in html


def test_right_after_posting_a_comment_held_for_review_says_so(article, thread, config):
    config.premoderate_new_guests = True
    config.save()

    html = post(Client(), thread, body="My first words here.", **HTMX).content.decode()

    assert "Your comment is awaiting moderation" in html
    assert "Awaiting moderation — only you can see this comment." in html


def shadow_banned_author(moderator_client, thread) -> tuple[Client, Comment]:
    """Mara, whose first comment got her shadow-banned by e-mail: (her client, that comment)."""
    author = Client()
    post(author, thread, body="First.")
    published = Comment.objects.get(body="First.")
    act(moderator_client, f"shadowban:{published.pk}", ban_kind="email")
    return author, published


def answer(client, thread, parent: Comment, *, body: str, name="Mara"):
    data = {"body": body, "name": name, "email": f"{name.lower()}@example.org"}
    return client.post(f"/discussion/{thread.pk}/post/", {**data, "parent": parent.pk})


def quiet_comment(author, thread, body="Second, shadowed.", *, reply_to=None) -> Comment:
    if reply_to is None:
        post(author, thread, body=body)
    else:
        answer(author, thread, reply_to, body=body)
    comment = Comment.objects.get(body=body)
    assert comment.state == CommentState.PENDING and comment.hidden_quietly
    return comment


def test_after_a_reload_a_quiet_comment_has_its_authors_controls_like_a_published_one(
    moderator_client, article, thread
):
    author, published = shadow_banned_author(moderator_client, thread)
    shadowed = quiet_comment(author, thread)

    page = author.get(article.url).content.decode()
    others = Client().get(article.url).content.decode()

    for comment in (published, shadowed):
        drawn = comment_item(page, comment)
        assert f'href="/discussion/comment/{comment.pk}/edit/"' in drawn
        assert f'href="/discussion/comment/{comment.pk}/delete/"' in drawn
        # Every reader's marker filled: the controls and the report form's token.
        assert "<!--rj:own" not in drawn and "<!--rj:csrf" not in drawn
    assert "/edit/" not in others and f"comment-{shadowed.pk}" not in others


def test_its_author_opens_replies_to_and_links_to_a_quiet_comment_as_a_published_one(
    moderator_client, article, thread
):
    author, published = shadow_banned_author(moderator_client, thread)
    shadowed = quiet_comment(author, thread)

    for comment in (published, shadowed):
        assert author.get(f"/discussion/comment/{comment.pk}/reply/").status_code == 200
        opened = author.get(f"/c/{comment.pk}/")
        assert opened.status_code == 302 and opened.url.startswith(article.url)
        # The page the permalink opens shows the comment it links to.
        assert f'id="comment-{comment.pk}"' in author.get(opened.url).content.decode()
    refused = author.post(f"/discussion/comment/{shadowed.pk}/vote/", {"value": "up"})
    assert refused.status_code == 403 and "your own comment" in refused.content.decode()


@pytest.mark.parametrize(
    "path",
    [
        "/c/{}/",
        "/discussion/comment/{}/reply/",
        "/discussion/comment/{}/edit/",
        "/discussion/comment/{}/delete/",
    ],
)
def test_to_anyone_else_a_quiet_comment_is_as_absent_as_one_that_never_was(
    moderator_client, thread, path
):
    author, _published = shadow_banned_author(moderator_client, thread)
    shadowed = quiet_comment(author, thread)
    reader = Client()
    post(reader, thread, body="Just reading.", name="Tomas")  # a reader with a cookie

    quiet, missing = reader.get(path.format(shadowed.pk)), reader.get(path.format(99999))

    assert quiet.status_code == missing.status_code == 404
    assert quiet.content == missing.content


def test_nobody_else_can_edit_delete_vote_on_or_answer_a_quiet_comment(moderator_client, thread):
    author, _published = shadow_banned_author(moderator_client, thread)
    shadowed = quiet_comment(author, thread)
    reader = Client()
    url = f"/discussion/comment/{shadowed.pk}"

    assert reader.post(f"{url}/edit/", {"body": "Vandalised."}).status_code == 404
    assert reader.post(f"{url}/delete/").status_code == 404
    assert reader.post(f"{url}/vote/", {"value": "down"}).status_code == 404
    answered = answer(reader, thread, shadowed, body="Answer.", name="Tomas")
    assert answered.status_code == 404
    assert "no longer available" in answered.content.decode()
    shadowed.refresh_from_db()
    assert shadowed.body == "Second, shadowed." and shadowed.state == CommentState.PENDING
    assert not Comment.objects.filter(body="Answer.").exists()


def test_the_author_of_a_quiet_comment_finds_it_as_their_own_when_voting(moderator_client, thread):
    author, _published = shadow_banned_author(moderator_client, thread)
    shadowed = quiet_comment(author, thread)

    response = author.post(f"/discussion/comment/{shadowed.pk}/vote/", {"value": "up"}, **HTMX)

    # As on a published comment of theirs: refused as their own, not as missing.
    assert response.status_code == 403
    shadowed.refresh_from_db()
    assert shadowed.upvotes == 0


def test_a_reply_to_a_quiet_comment_is_screened_and_held_quietly_too(
    moderator_client, article, thread
):
    author, _published = shadow_banned_author(moderator_client, thread)
    shadowed = quiet_comment(author, thread)
    posted = []
    signals.comment_posted.connect(posted.append, weak=False, dispatch_uid="test-quiet-reply")
    try:
        reply = quiet_comment(author, thread, body="Answering myself.", reply_to=shadowed)
    finally:
        signals.comment_posted.disconnect(dispatch_uid="test-quiet-reply")

    assert reply.parent_id == shadowed.pk and not reply.is_listed and not posted
    assert Screening.objects.get(comment=reply).reasons[0]["check"] == "author_banned"
    page = author.get(article.url).content.decode()
    under = page[page.index(f'id="replies-{shadowed.pk}"') :]
    assert under.index("Answering myself.") < under.index("</ol>")
    assert f'href="/discussion/comment/{reply.pk}/edit/"' in comment_item(page, reply)
    assert "Answering myself." not in Client().get(article.url).content.decode()
    assert "Answering myself." in moderator_client.get("/moderation/").content.decode()


def test_its_author_edits_a_quiet_comment_and_it_stays_hidden_quietly(
    moderator_client, article, thread
):
    author, _published = shadow_banned_author(moderator_client, thread)
    shadowed = quiet_comment(author, thread)
    thread.refresh_from_db()
    count = thread.comment_count

    edited = author.post(f"/discussion/comment/{shadowed.pk}/edit/", {"body": "Reworded."}, **HTMX)

    assert edited.status_code == 200 and "Reworded." in edited.content.decode()
    shadowed.refresh_from_db()
    assert shadowed.body == "Reworded." and shadowed.edited_at is not None
    assert shadowed.state == CommentState.PENDING and shadowed.hidden_quietly
    assert not shadowed.is_listed
    thread.refresh_from_db()
    assert thread.comment_count == count
    assert "Reworded." in comment_item(author.get(article.url).content.decode(), shadowed)
    assert "Reworded." not in Client().get(article.url).content.decode()
    assert "Reworded." in moderator_client.get("/moderation/").content.decode()


def test_with_the_ban_lifted_a_quiet_comment_stays_hidden_until_a_moderator_decides(
    moderator_client, article, thread
):
    author, _published = shadow_banned_author(moderator_client, thread)
    shadowed = quiet_comment(author, thread)
    Ban.objects.update(lifted_at=timezone.now())

    author.post(f"/discussion/comment/{shadowed.pk}/edit/", {"body": "Reworded."})
    answer(author, thread, shadowed, body="Under my own.")

    shadowed.refresh_from_db()
    reply = Comment.objects.get(body="Under my own.")
    assert shadowed.state == CommentState.PENDING and shadowed.hidden_quietly
    assert reply.state == CommentState.PENDING and reply.hidden_quietly and not reply.is_listed
    others = Client().get(article.url).content.decode()
    assert "Reworded." not in others and "Under my own." not in others
    assert "Under my own." in author.get(article.url).content.decode()


def test_its_author_deletes_a_quiet_comment_and_it_is_gone(moderator_client, article, thread):
    author, _published = shadow_banned_author(moderator_client, thread)
    shadowed = quiet_comment(author, thread)

    assert author.get(f"/discussion/comment/{shadowed.pk}/delete/").status_code == 200
    deleted = author.post(f"/discussion/comment/{shadowed.pk}/delete/")

    assert deleted.status_code == 302 and deleted.url == f"{article.url}#comments"
    shadowed.refresh_from_db()
    assert shadowed.state == CommentState.DELETED and not shadowed.is_listed
    assert "Second, shadowed." not in author.get(article.url).content.decode()


def heading(html: str) -> str:
    start = html.index('id="discussion-heading">') + len('id="discussion-heading">')
    return html[start : html.index("</h2>", start)]


def test_the_count_includes_the_authors_quiet_comments_for_them_alone(
    moderator_client, article, thread
):
    author, _published = shadow_banned_author(moderator_client, thread)
    quiet_comment(author, thread)
    reader = Client()
    post(reader, thread, body="Just reading.", name="Tomas")

    mine = author.get(article.url).content.decode()
    theirs = reader.get(article.url).content.decode()

    assert heading(mine) == "3 comments" and '"commentCount": 3' in mine
    assert heading(theirs) == "2 comments" and '"commentCount": 2' in theirs
    assert heading(Client().get(article.url).content.decode()) == "2 comments"


def test_right_after_posting_the_quiet_comments_controls_work(moderator_client, thread):
    author, _published = shadow_banned_author(moderator_client, thread)

    html = post(author, thread, body="Posted, as far as I know.", **HTMX).content.decode()
    shadowed = Comment.objects.get(body="Posted, as far as I know.")
    edit_url = f"/discussion/comment/{shadowed.pk}/edit/"

    assert f'href="{edit_url}"' in html
    assert author.get(edit_url, **HTMX).status_code == 200
    assert author.post(edit_url, {"body": "Changed my mind."}, **HTMX).status_code == 200
    assert author.post(f"/discussion/comment/{shadowed.pk}/delete/").status_code == 302


# Reports ----------------------------------------------------------------------------------


def test_every_comment_carries_a_report_control_with_a_working_token(client, article, say):
    say("Reportable.")

    html = client.get(article.url).content.decode()

    assert 'class="report-control"' in html
    assert "<!--rj:csrf-->" not in html


def test_readers_report_once_each_and_every_report_reaches_the_moderators(
    moderator_client, say, config
):
    comment = say("Off topic rant.")
    url = f"/discussion/comment/{comment.pk}/report/"
    # Two readers on two networks: one network reports a comment once (test_limits.py).
    first, second = Client(REMOTE_ADDR="198.51.100.7"), Client(REMOTE_ADDR="198.51.100.8")

    thanked = first.post(url, {"reason": "off_topic"})
    first.post(url, {"reason": "abuse"})

    assert thanked.status_code == 200
    assert "Thank you" in thanked.content.decode()
    assert Report.objects.count() == 1
    # "A moderator will look at this comment" is true of one report: it is listed, marked.
    one = moderator_client.get("/moderation/?tab=reported").content.decode()
    assert "1 reader reported it · below the reports threshold" in one

    again = second.post(url, {"reason": "spam"}, HTTP_HX_REQUEST="true")
    assert "Thank you" in again.content.decode() and "2" not in again.content.decode()
    reported = moderator_client.get("/moderation/?tab=reported").content.decode()
    assert "2 readers reported it · <strong>at the reports threshold</strong>" in reported

    act(moderator_client, f"approve:{comment.pk}", tab="reported")
    assert (
        "Off topic rant." not in moderator_client.get("/moderation/?tab=reported").content.decode()
    )


def test_a_report_needs_a_reason(client, say):
    comment = say("Fine.")

    response = client.post(f"/discussion/comment/{comment.pk}/report/", {"reason": "meh"})

    assert response.status_code == 400
    assert "Choose why" in response.content.decode()
    assert not Report.objects.exists()


# The dashboard ----------------------------------------------------------------------------


def test_the_dashboard_draws_its_charts(moderator_client, say):
    say("One.")
    say("Two.", by=a_guest("Tomas"))

    html = moderator_client.get("/moderation/dashboard/").content.decode()

    assert html.count('<svg class="chart"') == 3
    assert "Close the harbour road — 2 comments" in html


def test_a_chart_has_a_value_axis_and_one_decision_is_a_short_bar(moderator_client, say):
    say("The only comment, accepted.")

    html = moderator_client.get("/moderation/dashboard/").content.decode()
    policy_chart = html.split("What the policy decided</h2>")[1].split("</svg>")[0]

    ticks = re.findall(r'class="tick">(\d+)<', policy_chart)
    assert ticks == ["0", "1", "2", "3", "4", "5"], "round ticks, never ending below five"
    accepted = re.search(r'<title>Accepted: 1</title><rect [^>]*height="([\d.]+)"', policy_chart)
    plot = 180 - 14 - 24
    assert accepted and float(accepted.group(1)) == pytest.approx(plot / 5, abs=0.2)
    assert 'class="value">1<' in policy_chart, "the bar says its number"


# Featured conversations -------------------------------------------------------------------


@pytest.mark.parametrize("sort", list(Sort))
def test_a_featured_conversation_opens_the_first_page_in_every_sort(
    moderator_client, say, thread, sort, django_assert_max_num_queries
):
    featured = say("The one worth reading.", ago=30)
    reply = say("And a reply to it.", by=a_guest("Tomas"), reply_to=featured, ago=20)
    others = [say(f"Later point {n}", by=a_guest(f"Reader{n}"), ago=10 - n) for n in range(4)]
    act(moderator_client, f"feature:{featured.pk}", tab="recent")

    with django_assert_max_num_queries(2):
        first = thread_page(thread=thread, sort=sort, limit=3)
    later = thread_page(thread=thread, sort=sort, cursor=first.next_cursor, limit=3)

    assert first.roots[0].comment.pk == featured.pk
    assert [node.comment.pk for node in first.roots[0].replies] == [reply.pk]
    shown = [n.comment.pk for n in first.roots + later.roots]
    assert sorted(shown) == sorted([featured.pk, *(c.pk for c in others)])
    # The featured conversation takes its place on the page like any other.
    assert [len(first.roots), len(later.roots)] == [3, 2]


def test_the_featured_mark_shows_and_featuring_can_be_undone(
    moderator_client, client, say, article
):
    comment = say("The one worth reading.")
    act(moderator_client, f"feature:{comment.pk}", tab="recent")

    assert "badge-featured" in client.get(article.url).content.decode()

    entry = LogEntry.objects.get(action="feature")
    moderator_client.post(f"/moderation/log/{entry.pk}/undo/")
    assert "badge-featured" not in client.get(article.url).content.decode()


def test_a_reply_cannot_be_featured(moderator_client, say):
    reply = say("A reply.", reply_to=say("Opening."))

    response = act(moderator_client, f"feature:{reply.pk}", tab="recent")

    assert response.status_code == 302
    assert Comment.objects.get(pk=reply.pk).featured_at is None
    assert (
        "Only a visible top-level comment"
        in moderator_client.get("/moderation/?tab=recent").content.decode()
    )


def test_spam_is_shown_to_its_author_alone_as_if_published(client, article, thread, config):
    config.blocked_domains = "cheap-pills.example"
    config.save()
    spammer = Client()

    post(spammer, thread, body="Deals at https://cheap-pills.example/now")

    assert Comment.objects.get().state == CommentState.SPAM
    page = spammer.get(article.url).content.decode()
    assert "cheap-pills" in page and "awaiting moderation" not in page.lower()
    assert "cheap-pills" not in client.get(article.url).content.decode()


def test_an_items_own_ban_uses_its_own_choices_and_decides_the_comment(moderator_client, thread):
    post(Client(), thread, body="Something rude, held.")
    held = Comment.objects.get()
    held.state = CommentState.PENDING
    held.save()

    act(
        moderator_client,
        f"ban:{held.pk}",
        ban_kind="network",  # the bulk section's choices, not this item's
        ban_length="ever",
        **{f"ban_kind_{held.pk}": "email", f"ban_length_{held.pk}": "7"},
    )

    ban = Ban.objects.get()
    assert ban.kind == "email"
    assert ban.expires_at is not None
    assert 6.9 < (ban.expires_at - timezone.now()).total_seconds() / 86400 <= 7
    held.refresh_from_db()
    assert held.state == CommentState.REMOVED, "the banned author's comment left the queue"
    pending = moderator_client.get("/moderation/?tab=pending").content.decode()
    assert "Something rude, held." not in pending


@pytest.mark.parametrize(
    "fields",
    [
        {"ban_length": "365"},
        {"ban_length": "-1"},
        {"ban_length": "ever\x00"},
        {"ban_length": "<script>alert(1)</script>"},
        {"ban_kind": "everyone"},
        {"ban_kind": "EMAIL"},
        {"ban_kind": "email' OR 1=1 --"},
    ],
    ids=repr,
)
def test_a_ban_length_or_kind_the_form_does_not_offer_bans_nobody(moderator_client, thread, fields):
    post(Client(), thread, body="Held, then nearly banned.")
    held = Comment.objects.get()
    held.state = CommentState.PENDING
    held.save()

    answer = act(moderator_client, f"ban:{held.pk}", follow=True, **{"ban_kind": "email", **fields})

    assert answer.status_code == 200
    assert "Nobody was banned" in answer.content.decode()
    assert not Ban.objects.exists()
    held.refresh_from_db()
    assert held.state == CommentState.PENDING, "the comment still waits for a decision"


def test_the_queue_counts_in_words_that_agree(moderator_client, thread):
    post(Client(), thread, body="A first and only comment.")
    Comment.objects.update(state=CommentState.PENDING)

    page = moderator_client.get("/moderation/?tab=pending").content.decode()

    assert "Author: 1 comment," in page
    assert "0 past bans" in page
    assert "1 comments" not in page


def test_the_log_says_what_happened_in_sentences_with_local_dates(
    moderator_client, thread, settings
):
    settings.TIME_ZONE = "Europe/Lisbon"
    post(Client(), thread, body="Something rude, held.")
    held = Comment.objects.get()
    held.state = CommentState.PENDING
    held.save()
    act(moderator_client, f"ban:{held.pk}", **{f"ban_kind_{held.pk}": "email"})
    act(moderator_client, f"ban:{held.pk}", **{f"ban_length_{held.pk}": "7"})
    ban = Ban.objects.order_by("pk").last()

    log = moderator_client.get("/moderation/log/").content.decode()

    assert "Was awaiting moderation; now removed by a moderator." in log
    assert "E-mail address ban, for ever." in log
    local_end = timezone.localtime(ban.expires_at).strftime("%-d %b %Y, %H:%M")
    assert f"E-mail address ban, until {local_end}." in log
    shown = re.sub(r"<[^>]+>", " ", log)  # what a moderator reads, not <time datetime>
    for internal in ("label:", "state:", "ban:", "shadow:", "T1", "+00:00"):
        assert internal not in shown, internal
