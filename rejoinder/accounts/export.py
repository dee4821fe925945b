"""Data portability (GDPR Art. 15 and 20): everything the site holds about a member, or
about a guest's address, as JSON or as CSV that is safe to open in a spreadsheet."""

import csv
import io
import json
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Q
from django.utils import timezone

from rejoinder.accounts.profiles import profile_of
from rejoinder.discussion.actions import normalise_email
from rejoinder.discussion.identity import reader_key
from rejoinder.discussion.models import Comment, Vote
from rejoinder.discussion.presenters import thread_url
from rejoinder.moderation.models import Report
from rejoinder.notifications.models import Subscription

# A spreadsheet runs a cell that starts with one of these as a formula (OWASP: CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CSV_COLUMNS = ["record", "id", "article", "address", "state", "date", "detail"]


def safe_cell(value: object) -> str:
    """The cell as text, with a leading quote when it would otherwise start a formula."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


@dataclass(frozen=True)
class Export:
    """What we hold, as plain data: JSON writes it whole, CSV one record a row."""

    data: dict

    def as_json(self) -> str:
        return json.dumps(self.data, ensure_ascii=False, indent=2, default=str)

    def as_csv(self) -> str:
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(CSV_COLUMNS)
        for record, value in self.data.get("profile", {}).items():
            writer.writerow(map(safe_cell, ["profile", record, "", "", "", "", value]))
        for comment in self.data["comments"]:
            writer.writerow(
                map(
                    safe_cell,
                    [
                        "comment",
                        comment["id"],
                        comment["article"],
                        comment["address"],
                        comment["state"],
                        comment["written_at"],
                        comment["text"],
                    ],
                )
            )
        for vote in self.data.get("votes", []):
            row = ["vote", vote["comment"], "", "", vote["value"], vote["at"], ""]
            writer.writerow(map(safe_cell, row))
        for item in self.data["subscriptions"]:
            row = [
                "subscription",
                "",
                item["article"],
                "",
                item["state"],
                item["since"],
                f"{item['scope']} / {item['frequency']}",
            ]
            writer.writerow(map(safe_cell, row))
        for report in self.data.get("reports", []):
            row = ["report", report["comment"], "", "", report["reason"], report["at"], ""]
            writer.writerow(map(safe_cell, row))
        return out.getvalue()


def _comments(comments) -> list[dict]:
    return [
        {
            "id": comment.pk,
            "article": comment.thread.title,
            "address": f"{thread_url(comment.thread)}#comment-{comment.pk}",
            "state": comment.get_state_display(),
            "written_at": comment.created_at.isoformat(),
            "edited_at": comment.edited_at.isoformat() if comment.edited_at else None,
            "name": comment.author_name,
            "email": comment.author_email,
            "website": comment.author_website,
            "text": comment.body,
        }
        for comment in comments.select_related("thread", "thread__article").order_by("created_at")
    ]


def _subscriptions(subscriptions) -> list[dict]:
    return [
        {
            "article": item.thread.title,
            "address": item.subscriber.email,
            "scope": item.get_scope_display(),
            "frequency": item.get_frequency_display(),
            "state": item.get_state_display(),
            "since": item.created_at.isoformat(),
        }
        for item in subscriptions.select_related("thread", "subscriber")
    ]


def member_export(*, user: AbstractBaseUser) -> Export:
    profile = profile_of(user)
    key = reader_key(user_id=user.pk)
    verified = [
        normalise_email(e)
        for e in EmailAddress.objects.filter(user=user, verified=True).values_list(
            "email", flat=True
        )
    ]
    comments = Comment.objects.filter(
        Q(user=user) | Q(user__isnull=True, author_email_normalised__in=verified)
    )
    return Export(
        {
            "exported_at": timezone.now().isoformat(),
            "profile": {
                "display_name": profile.display_name,
                "email": user.email,
                "addresses": ", ".join(
                    EmailAddress.objects.filter(user=user).values_list("email", flat=True)
                ),
                "bio": profile.bio,
                "website": profile.website,
                "public_profile": profile.is_public,
                "has_uploaded_avatar": bool(profile.avatar_key),
                "joined": user.date_joined.isoformat(),
            },
            "comments": _comments(comments),
            "votes": [
                {"comment": vote.comment_id, "value": vote.value, "at": vote.created_at.isoformat()}
                for vote in Vote.objects.filter(voter_key=key).order_by("created_at")
            ],
            "subscriptions": _subscriptions(
                Subscription.objects.filter(
                    Q(subscriber__user=user) | Q(subscriber__email__in=verified)
                )
            ),
            "reports": [
                {
                    "comment": report.comment_id,
                    "reason": report.get_reason_display(),
                    "at": report.created_at.isoformat(),
                }
                for report in Report.objects.filter(reporter_key=key).order_by("created_at")
            ],
        }
    )


def guest_export(*, email: str) -> Export:
    """A guest's comments and subscriptions by address. Their votes and reports are tied to
    a browser's cookie, never to an address, so no address can find them."""
    address = normalise_email(email)
    return Export(
        {
            "exported_at": timezone.now().isoformat(),
            "email": address,
            "comments": _comments(
                Comment.objects.filter(user__isnull=True, author_email_normalised=address)
            ),
            "subscriptions": _subscriptions(Subscription.objects.filter(subscriber__email=address)),
        }
    )
