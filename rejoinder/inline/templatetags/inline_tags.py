from django import template
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from rejoinder.discussion.presenters import as_shown
from rejoinder.inline.body import article_body, mark_passages
from rejoinder.inline.services import placed_passages
from rejoinder.publishing.cache import is_preview, shared

register = template.Library()


@register.simple_tag(takes_context=True)
def inline_body(context, article) -> SafeString:
    """The article body with its commented passages marked, the editors' questions, and a
    way to comment on each paragraph. Renders each block once."""
    request = context["request"]
    thread = context.get("thread")
    # A live revision renders the same every time: once per revision (and publication
    # revision, which a changed image starts), never from the cache in a preview.
    if article.live_revision_id is None:  # a page saved without a revision
        body = article_body(article)
    else:
        body = shared(
            request,
            "body",
            article.pk,
            article.live_revision_id,
            compute=lambda: article_body(article),
        )
    passages = {}
    if thread is not None:
        preview = is_preview(request)
        passages = placed_passages(article=article, thread=thread, body=body, preview=preview)
    blocks = []
    for block in body.blocks:
        here = passages.get(block.id, [])
        spans = {passage.key: (passage.start, passage.end) for passage in here}
        blocks.append({"block": block, "html": mark_passages(block, spans), "passages": here})
    context_data = {
        "blocks": blocks,
        "thread": thread,
        "open": thread is not None and not as_shown(thread).is_closed,
    }
    return render_to_string("inline/body.html", context_data, request=request)
