"""Why a discussion action was refused, in words the reader can be shown."""

from django.utils.translation import gettext_lazy as _

from rejoinder.core.errors import RefusedError


class DiscussionError(RefusedError):
    pass


class InvalidComment(DiscussionError):
    pass


class ThreadClosed(DiscussionError):
    message = _("This discussion is closed to new comments and votes.")
    status = 403


class CommentUnavailable(DiscussionError):
    message = _("That comment is no longer available.")
    status = 404


class NotYourComment(DiscussionError):
    message = _("Only the person who wrote a comment can change it.")
    status = 403


class EditWindowClosed(DiscussionError):
    message = _("Comments can only be changed for a short while after posting.")
    status = 403


class OwnCommentVote(DiscussionError):
    message = _("You can't vote on your own comment.")
    status = 403


class OwnCommentReport(DiscussionError):
    message = _("You can't report your own comment.")
    status = 403


class InvalidVote(DiscussionError):
    message = _("A vote is up, down or withdrawn.")


class Rejected(DiscussionError):
    """The site's moderation policy refused the comment; `message` says why."""

    status = 403
