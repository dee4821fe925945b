from django import template
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from rejoinder.discussion.cards import comment_card as card
from rejoinder.discussion.forms import CommentForm
from rejoinder.discussion.models import Thread
from rejoinder.discussion.presenters import (
    article_author_id,
    as_shown,
    comment_count_for,
    csrf_input,
    thread_url,
    thread_view,
)
from rejoinder.discussion.queries import CommentNode

register = template.Library()


@register.simple_tag(takes_context=True)
def reader_csrf(context) -> str:
    """{% csrf_token %} for the forms readers use, which inside an embed's frame carry none
    (presenters.csrf_input)."""
    return csrf_input(context["request"])


@register.simple_tag(takes_context=True)
def comment_card(context, node: CommentNode, parent_id: int | None) -> SafeString:
    """The card of a comment in a thread (discussion/comment.html), kept while it holds."""
    return card(
        node,
        parent_id=parent_id or None,
        closed=bool(context["thread"].is_closed),
        article_author_id=context.get("article_author_id"),
    )


@register.simple_tag(takes_context=True)
def discussion(context, article, thread: Thread) -> SafeString:
    """The discussion section under an article: count, form (or closed notice), thread."""
    request = context["request"]
    thread.article = article
    thread = as_shown(thread)
    url = thread_url(thread)
    context_data = {
        "thread": thread,
        "thread_url": url,
        # Rendered per request (never cached): the author's quiet comments count for them.
        "comment_count": comment_count_for(request, thread=thread),
        "form": CommentForm(guest=not request.user.is_authenticated),
        "thread_view": thread_view(
            request, thread=thread, thread_url=url, article_author_id=article_author_id(thread)
        ),
    }
    return render_to_string("discussion/section.html", context_data, request=request)
