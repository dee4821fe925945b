"""Erasure (GDPR Art. 17): a member deletes their account, or a guest erases the comments
written with their address. Every table that holds something of theirs is scrubbed in one
transaction; an ErasureRecord says that it happened, without saying whose data it was.

What stays: the comment's place in its thread (a "deleted" placeholder when replies hang
under it, or the text under "Deleted account" when a member chose to keep it), moderators'
decisions with a placeholder for the text they saw, votes and reports counted under keys
that no longer lead to anyone."""

import secrets
from collections.abc import Iterable

from allauth.account.models import EmailAddress
from allauth.usersessions.models import UserSession
from django.contrib.auth.models import AbstractBaseUser
from django.contrib.sessions.models import Session
from django.db import transaction
from django.db.models import Q
from django.utils.crypto import salted_hmac

from rejoinder.accounts.models import ErasureKind, ErasureRecord
from rejoinder.discussion import actions as discussion
from rejoinder.discussion.actions import normalise_email
from rejoinder.discussion.identity import reader_key
from rejoinder.discussion.models import Comment, Vote
from rejoinder.moderation.models import Ban, BanKind, LogEntry, Report, Screening
from rejoinder.notifications.models import OutboxMessage, Subscriber

ERASED = "(erased)"


def erase_guest_comments(*, email: str, comment_ids: Iterable[int] | None = None) -> int:
    """Erase the comments written as a guest with `email` (all of them, or those of
    `comment_ids`), and, when all go, every other trace of the address. Returns how many."""
    address = normalise_email(email)
    with transaction.atomic():
        mine = Comment.objects.filter(user__isnull=True, author_email_normalised=address)
        everything = comment_ids is None
        if not everything:
            mine = mine.filter(pk__in=list(comment_ids))
        count = _erase_comments(list(mine), keep_text=False)
        if everything:
            _forget_address(address)
        ErasureRecord.objects.create(kind=ErasureKind.GUEST, comments=count, text_erased=True)
    return count


def delete_member(*, user: AbstractBaseUser, erase_text: bool) -> ErasureRecord:
    """Delete the account and everything tied to it. With `erase_text` the comments go too
    (placeholders keep replies in place); without it they stay under "Deleted account"."""
    with transaction.atomic():
        addresses = {
            normalise_email(e)
            for e in EmailAddress.objects.filter(user=user).values_list("email", flat=True)
        } | ({normalise_email(user.email)} if user.email else set())
        verified = {
            normalise_email(e)
            for e in EmailAddress.objects.filter(user=user, verified=True).values_list(
                "email", flat=True
            )
        }
        # Their comments, and those they wrote as a guest with an address they proved.
        theirs = Comment.objects.filter(
            Q(user=user) | Q(user__isnull=True, author_email_normalised__in=verified)
        )
        count = _erase_comments(list(theirs), keep_text=not erase_text)
        key = reader_key(user_id=user.pk)
        _unlink_keys(Vote.objects.filter(voter_key=key), "voter_key")
        _unlink_keys(Report.objects.filter(reporter_key=key), "reporter_key")
        Ban.objects.filter(kind=BanKind.USER, value=str(user.pk)).update(reason="")
        for address in addresses:
            _forget_address(address)
        Subscriber.objects.filter(user=user).delete()
        _end_sessions(user)
        user.delete()
        return ErasureRecord.objects.create(
            kind=ErasureKind.MEMBER, comments=count, text_erased=erase_text
        )


def _erase_comments(comments: list[Comment], *, keep_text: bool) -> int:
    ids = [comment.pk for comment in comments]
    for comment in comments:
        discussion.erase_comment(comment=comment, keep_text=keep_text)
    _scrub_moderation(ids, keep_text=keep_text)
    # Mails about these comments (notifications of them, kept in the demo's outbox).
    for comment_id in ids:
        OutboxMessage.objects.filter(
            Q(text__contains=f"/c/{comment_id}/") | Q(html__contains=f"/c/{comment_id}/")
        ).delete()
    return len(ids)


def _scrub_moderation(comment_ids: list[int], *, keep_text: bool) -> None:
    """Moderators keep their decisions; what the author wrote and where from is erased."""
    for screening in Screening.objects.filter(comment_id__in=comment_ids):
        screening.network = ""
        screening.text_hash = ""
        if not keep_text:
            screening.spam_features = []
            screening.reasons = [
                {**reason, "reason": ERASED}
                for reason in screening.reasons
                if isinstance(reason, dict)
            ]
        screening.save(update_fields=["network", "text_hash", "spam_features", "reasons"])
    if not keep_text:
        for entry in LogEntry.objects.filter(comment_id__in=comment_ids):
            entry.before = {k: (ERASED if k == "body" else v) for k, v in entry.before.items()}
            entry.after = {k: (ERASED if k == "body" else v) for k, v in entry.after.items()}
            entry.save(update_fields=["before", "after"])
    Ban.objects.filter(comment_id__in=comment_ids, kind=BanKind.NETWORK).update(comment=None)


def _forget_address(address: str) -> None:
    """Every other place the address itself sits: subscriptions and the mails owed under
    them (cascaded), bans by address (kept as an unreadable keyed hash), the outbox."""
    Subscriber.objects.filter(email=address).delete()
    Ban.objects.filter(kind=BanKind.EMAIL, value=address).update(
        value=salted_hmac("rejoinder.accounts.erased-ban", address).hexdigest()
    )
    OutboxMessage.objects.filter(
        Q(to__icontains=address) | Q(text__icontains=address) | Q(html__icontains=address)
    ).delete()


def _unlink_keys(rows, field: str) -> None:
    """Give each row a random key: the counts stay right, the reader is no longer found."""
    for pk in rows.values_list("pk", flat=True):
        rows.model.objects.filter(pk=pk).update(**{field: f"erased:{secrets.token_hex(16)}"})


def _end_sessions(user: AbstractBaseUser) -> None:
    session_keys = list(UserSession.objects.filter(user=user).values_list("session_key", flat=True))
    Session.objects.filter(session_key__in=session_keys).delete()
