"""Moderation where the comment stands: staff with the moderation permission get Remove,
Spam and (on a conversation's first comment) Feature under each comment of the article
page, through the queue's own form, and come back to the comment afterwards. The discussion
lays these over its pages for staff alone (settings.COMMENT_STAFF_CONTROLS); pages shared
between readers never contain them."""

from django.http import HttpRequest
from django.template.loader import render_to_string

from rejoinder.discussion.models import Comment, CommentState
from rejoinder.discussion.presenters import thread_url
from rejoinder.moderation.views import PERMISSION


def controls(request: HttpRequest, comment_ids: list[int]) -> dict[int, str]:
    if not request.user.has_perm(PERMISSION):
        return {}
    comments = Comment.objects.filter(pk__in=comment_ids, state=CommentState.VISIBLE)
    return {
        comment.pk: render_to_string(
            "moderation/in_place.html",
            {"comment": comment, "back": f"{thread_url(comment.thread)}#comment-{comment.pk}"},
            request=request,
        )
        for comment in comments.select_related("thread", "thread__article")
    }
