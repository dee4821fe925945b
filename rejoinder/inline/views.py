"""Thin adapters: the comment form for a whole paragraph (without JavaScript), and the
comments on one passage (the marker's panel)."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from rejoinder.discussion.forms import CommentForm
from rejoinder.discussion.presenters import thread_url
from rejoinder.discussion.queries import reachable_threads, shown_to
from rejoinder.inline.body import article_body
from rejoinder.inline.services import passage_comments

MAX_PASSAGE_COMMENTS = 100


@require_GET
def passage_form(request: HttpRequest, thread_id: int, block_id: str) -> HttpResponse:
    thread = get_object_or_404(
        reachable_threads().select_related("article"), pk=thread_id, article__isnull=False
    )
    shown_to(request, thread)
    block = article_body(thread.article).block(block_id)
    if block is None or not block.commentable:
        raise Http404(_("That paragraph is no longer in the article."))
    form = CommentForm(
        guest=not request.user.is_authenticated,
        initial={"passage": block.id, "quote": block.text.strip()},
    )
    context = {
        "thread": thread,
        "thread_url": thread_url(thread),
        "form": form,
        "form_id": "comment-form",
        "paragraph": block,
    }
    return TemplateResponse(request, "inline/passage_form_page.html", context)


@require_GET
def comments(request: HttpRequest, thread_id: int) -> HttpResponse:
    thread = shown_to(
        request, get_object_or_404(reachable_threads().select_related("article"), pk=thread_id)
    )
    wanted = request.GET.get("ids", "").split(",")
    if not all(part.isdecimal() for part in wanted) or len(wanted) > MAX_PASSAGE_COMMENTS:
        return HttpResponse(
            _("Ask for comments by their numbers, separated by commas."),
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    found = passage_comments(thread=thread, comment_ids=[int(part) for part in wanted])
    return TemplateResponse(request, "inline/passage_comments.html", {"comments": found})
