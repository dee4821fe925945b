"""The demo's moderation: a moderator account and a queue with something in every tab, all
made through the same actions readers and moderators use."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.utils import timezone

from rejoinder.discussion import actions as discussion
from rejoinder.discussion.identity import Reader, reader_key
from rejoinder.discussion.models import Comment, CommentState, Thread
from rejoinder.moderation import actions
from rejoinder.moderation.models import ModerationSettings, ReportReason

MODERATOR_USERNAME = "moderator"
MODERATOR_PASSWORD = "rejoinder-demo"
MODERATORS_GROUP = "Moderators"
# What a moderator may do: the workspace, the policy's settings, close or reopen discussions,
# and signing in to the admin.
PERMISSIONS = [
    ("moderation", "moderate"),
    ("moderation", "view_moderationsettings"),
    ("moderation", "change_moderationsettings"),
    ("moderation", "add_categorypolicy"),
    ("moderation", "change_categorypolicy"),
    ("moderation", "view_categorypolicy"),
    ("moderation", "view_ban"),
    ("moderation", "change_ban"),
    ("moderation", "view_logentry"),
    ("discussion", "view_thread"),
    ("discussion", "change_thread"),
    ("wagtailadmin", "access_admin"),
]

HELD = [
    ("Quentin Marsh", "Great article!!! Everyone should read this twice, I certainly will."),
    (
        "Bryony Tate",
        "Honestly the council are a bunch of idiots and anyone who voted for this is a moron.",
    ),
]
SPAM = (
    "Lucky Deals",
    "Cheap meds no prescription: [best prices](https://cheap-pills.example/buy) "
    "and [more](https://cheap-pills.example/more). Visit now!!!",
)


def moderators_group() -> Group:
    group, _created = Group.objects.get_or_create(name=MODERATORS_GROUP)
    for app_label, codename in PERMISSIONS:
        group.permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    return group


def _guest(name: str) -> discussion.CommentAuthor:
    slug = name.lower().replace(" ", ".")
    return discussion.CommentAuthor(
        reader=Reader(key=reader_key(cookie_id=f"demo-{slug}")),
        name=name,
        email=f"{slug}@example.net",
    )


def load_moderation_demo() -> None:
    user_model = get_user_model()
    if not user_model.objects.filter(username=MODERATOR_USERNAME).exists():
        moderator = user_model.objects.create_user(
            MODERATOR_USERNAME,
            "moderator@example.org",
            MODERATOR_PASSWORD,
            first_name="Demo",
            last_name="Moderator",
            is_staff=True,
        )
        moderator.groups.add(moderators_group())

    # The demo site pre-moderates new guests and blocks a known spam domain.
    config = ModerationSettings.load()
    config.premoderate_new_guests = True
    config.blocked_domains = "cheap-pills.example"
    config.save()

    thread = Thread.objects.filter(is_closed=False).order_by("pk").first()
    now = timezone.now()
    for minutes, (name, body) in enumerate(HELD, start=1):
        discussion.post_comment(
            thread=thread, author=_guest(name), body=body, now=now - timedelta(minutes=minutes)
        )
    discussion.post_comment(thread=thread, author=_guest(SPAM[0]), body=SPAM[1], now=now)

    reported = (
        Comment.objects.filter(thread=thread, state=CommentState.VISIBLE, parent__isnull=True)
        .order_by("score", "created_at")
        .first()
    )
    for number, reason in enumerate([ReportReason.OFF_TOPIC, ReportReason.ABUSE]):
        actions.report(
            comment=reported,
            reporter_key=reader_key(cookie_id=f"demo-reporter-{number}"),
            reason=reason,
        )
