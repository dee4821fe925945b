"""Thin adapters: read the request, call one action or query, present the result as a full
page (no JavaScript) or as the partial htmx swaps in."""

from django.conf import settings
from django.contrib import messages
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.http import urlencode
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from rejoinder.core.limits import too_many_requests
from rejoinder.discussion import actions
from rejoinder.discussion.avatars import identicon_svg
from rejoinder.discussion.errors import DiscussionError
from rejoinder.discussion.forms import CommentForm, EditForm
from rejoinder.discussion.identity import known_reader, reader_for_write, remember_reader
from rejoinder.discussion.limits import VotingTooFast, limited_vote, posting_wait
from rejoinder.discussion.markup import render_comment
from rejoinder.discussion.models import Comment
from rejoinder.discussion.presenters import (
    CSRF_MARK,
    PageRequest,
    RepliesRequest,
    article_author_id,
    as_shown,
    csrf_input,
    later_items,
    new_comment_html,
    placement,
    posted_notice,
    remember_sort,
    replies_items,
    thread_url,
    thread_view,
)
from rejoinder.discussion.queries import (
    comment_counts_by_url,
    comment_to_vote_on,
    counts_refusal,
    page_holding,
    reachable,
    reachable_threads,
    replies_before,
    replies_shown,
    reply_cursor,
    seen_as_published,
    shown_to,
    thread_to_post_in,
    votes_by,
)
from rejoinder.discussion.screening import client_hints
from rejoinder.discussion.shared_reads import (
    counts_state,
    probe_of,
    share,
    share_counts,
    thread_probe_parts,
)
from rejoinder.discussion.submission import submit_comment


def _comment_shown(request: HttpRequest, comment_id: int) -> Comment:
    """A comment the reader finds published, in a discussion they may read: a visible one,
    or their own hidden quietly. Anyone else gets a 404 for the latter, as for a comment
    that does not exist."""
    reader = known_reader(request)
    comments = Comment.objects.select_related("thread", "thread__article")
    shown = seen_as_published(reader.key if reader else None)
    comment = get_object_or_404(comments.filter(shown, reachable("thread__")), pk=comment_id)
    shown_to(request, comment.thread)
    return comment


def _comment_url(comment: Comment) -> str:
    return f"{thread_url(comment.thread)}#comment-{comment.pk}"


@require_GET
def comments(request: HttpRequest, thread_id: int) -> HttpResponse:
    """A page of the thread for htmx: the whole view (sort tabs) or, with ?after=, the next
    comments to append. Without htmx, the article page shows the same."""
    thread = get_object_or_404(reachable_threads().select_related("article"), pk=thread_id)
    shown_to(request, thread)
    url = thread_url(thread)
    if not request.htmx:
        return HttpResponseRedirect(f"{url}?{request.GET.urlencode()}#comments")
    author_id = article_author_id(thread)
    wanted = PageRequest.from_request(request)
    reader = known_reader(request)
    # Without an identity the page is everyone's: its token stays a marker until sent.
    csrf_html = CSRF_MARK if reader is None else None
    if wanted.cursor is not None and not wanted.inclusive:
        html = later_items(
            request,
            thread=thread,
            wanted=wanted,
            thread_url=url,
            article_author_id=author_id,
            csrf_html=csrf_html,
        )
    else:
        html = thread_view(
            request, thread=thread, thread_url=url, article_author_id=author_id, csrf_html=csrf_html
        )
    if reader is None:
        response = HttpResponse(html.replace(CSRF_MARK, csrf_input(request)))
        if wanted.names_real_page(thread):  # a made-up cursor would only crowd out pages
            share(response, thread=thread, html=html)
    else:
        response = HttpResponse(html)
    remember_sort(request, response)
    return response


@require_GET
def replies(request: HttpRequest, comment_id: int) -> HttpResponse:
    """A batch of a conversation's later replies: in place of "Show more replies" for htmx,
    else on a page of their own that goes on to the next batch."""
    root = get_object_or_404(
        Comment.objects.select_related("thread", "thread__article", "user", "inline_anchor"),
        reachable("thread__"),
        pk=comment_id,
        parent__isnull=True,
        is_listed=True,
    )
    thread = as_shown(shown_to(request, root.thread))
    url = thread_url(thread)
    items = replies_items(
        request,
        root=root,
        wanted=RepliesRequest.from_request(request),
        thread_url=url,
        article_author_id=article_author_id(thread),
    )
    if request.htmx:
        response = HttpResponse(items)
    else:
        context = {"root": root, "thread": thread, "thread_url": url, "items": items}
        response = TemplateResponse(request, "discussion/replies_page.html", context)
    patch_vary_headers(response, ["HX-Request"])  # one address, two shapes
    return response


@require_GET
def counts(request: HttpRequest) -> JsonResponse:
    """Comment counts for a listing: `?url=<article address>` once per article, as JSON."""
    urls = request.GET.getlist("url")
    if problem := counts_refusal(urls):
        return _bad_request(problem)
    # Kept for callers without cookies (shared_reads.ListingCounts): the state is read
    # before the counts, so the answer is never older than it.
    probe = probe_of(thread_probe_parts(urls=urls))
    state = counts_state(probe)
    response = JsonResponse({"counts": comment_counts_by_url(urls)})
    share_counts(response, probe=probe, state=state)
    return response


def _bad_request(reason: str) -> JsonResponse:
    return JsonResponse({"error": reason}, status=400)


def _form_page(
    request, *, thread, form, reply_to=None, status=200, preview_html=None
) -> HttpResponse:
    """The comment form on a page of its own: for replies and errors without JavaScript."""
    template = "discussion/form.html" if request.htmx else "discussion/form_page.html"
    context = {
        "thread": thread,
        "thread_url": thread_url(thread),
        "form": form,
        "reply_to": reply_to,
        "preview_html": preview_html,
        "form_id": f"reply-form-{reply_to.pk}" if reply_to else "comment-form",
    }
    return TemplateResponse(request, template, context, status=status)


@require_POST
def post(request: HttpRequest, thread_id: int) -> HttpResponse:
    if (thread := thread_to_post_in(thread_id, request)) is None:
        raise Http404
    form = CommentForm(request.POST, guest=not request.user.is_authenticated)
    parent = None
    if parent_id := request.POST.get("parent"):
        parent = Comment.objects.filter(pk=parent_id, thread=thread).first()
    if not form.is_valid():
        return _form_page(request, thread=thread, form=form, reply_to=parent, status=400)
    data = form.cleaned_data
    if wait := posting_wait(request, email=data.get("email", "")):
        form.add_error(
            None, _("You are commenting very fast. Please wait a minute, then post again.")
        )
        response = _form_page(request, thread=thread, form=form, reply_to=parent)
        return too_many_requests(response, retry_after=wait)

    reader = reader_for_write(request)
    author = actions.CommentAuthor(
        reader=reader,
        name=data.get("name", ""),
        email=data.get("email", ""),
        website=data.get("website", ""),
    )
    try:
        submitted = submit_comment(
            thread=thread,
            author=author,
            body=data["body"],
            parent=parent,
            passage=data["passage"],
            quote=data["quote"],
            notify=data.get("notify", ""),
            submission_token=data.get("submission_token") or None,
            client=client_hints(request, form_token=data.get("submission_token")),
        )
    except DiscussionError as error:
        form.add_error(None, error.message)
        return _form_page(request, thread=thread, form=form, reply_to=parent, status=error.status)
    comment = submitted.comment
    if submitted.confirm_address:
        # Shown above the form on the page the reader lands on, or swapped in there by htmx.
        messages.info(
            request,
            _("Check your inbox: we sent a link to %(email)s to confirm your notifications.")
            % {"email": submitted.confirm_address},
        )

    if request.htmx:
        response = _posted_partial(request, comment=comment, reader=reader)
    else:
        response = HttpResponseRedirect(_comment_url(comment))
    return remember_reader(response, reader, secure=request.is_secure())


def _posted_partial(request: HttpRequest, *, comment: Comment, reader) -> HttpResponse:
    """The new comment swapped in where it belongs; for a top-level comment a fresh form
    (keeping the guest's name and address) replaces the posted one, a reply form closes."""
    target, swap = placement(comment)
    html = new_comment_html(request, comment=comment, reader=reader)
    form_html = notes = ""
    if not comment.parent_id:
        fresh = CommentForm(guest=not request.user.is_authenticated)
        fresh.initial.update(
            name=comment.author_name, email=comment.author_email, website=comment.author_website
        )
        context = {
            "thread": comment.thread,
            "thread_url": thread_url(comment.thread),
            "form": fresh,
            # One status line under the fresh form: "posted", and what to do next, if anything.
            "notice": " ".join([posted_notice(comment), *map(str, messages.get_messages(request))]),
        }
        form_html = render_to_string("discussion/form.html", context, request=request)
    else:  # the reply form closes: the messages go above the comment form
        notes = render_to_string("discussion/messages.html", {"out_of_band": True}, request=request)
    # htmx swaps the children of an out-of-band element, so the list item travels in a list.
    return HttpResponse(form_html + notes + f'<ol hx-swap-oob="{swap}:{target}">{html}</ol>')


@require_POST
def preview(request: HttpRequest, thread_id: int) -> HttpResponse:
    thread = get_object_or_404(reachable_threads().select_related("article"), pk=thread_id)
    shown_to(request, thread)
    body = request.POST.get("body", "")
    rendered = render_comment(body[: settings.COMMENT_MAX_LENGTH])
    if request.htmx:
        return TemplateResponse(request, "discussion/preview.html", {"preview_html": rendered})
    form = CommentForm(request.POST, guest=not request.user.is_authenticated)
    form.is_valid()
    parent = Comment.objects.filter(pk=request.POST.get("parent") or 0, thread=thread).first()
    return _form_page(request, thread=thread, form=form, reply_to=parent, preview_html=rendered)


@require_GET
def reply_form(request: HttpRequest, comment_id: int) -> HttpResponse:
    comment = _comment_shown(request, comment_id)
    form = CommentForm(guest=not request.user.is_authenticated, initial={"parent": comment.pk})
    return _form_page(request, thread=comment.thread, form=form, reply_to=comment)


@require_POST
def vote(request: HttpRequest, comment_id: int) -> HttpResponse:
    reader = reader_for_write(request)
    # A reader given an id just now has written nothing: only visible comments are theirs.
    own_key = None if reader.new_cookie_id else reader.key
    # The request: a restricted article's comment is votable by a reader it lets in.
    if (target := comment_to_vote_on(comment_id, own_key, request)) is None:
        raise Http404(_("No such comment."))
    comment = target.comment
    back = f"{target.thread_url}#comment-{comment.pk}"
    direction = {"up": 1, "down": -1}.get(request.POST.get("value", ""))
    error, status, wait, tally = None, 200, None, None
    if direction is None:
        error, status = _("A vote is up or down."), 400
    else:
        try:
            tally = limited_vote(
                request, comment=comment, reader=reader, value=direction, toggle=True
            )
        except VotingTooFast as refusal:
            error, wait = refusal.message, refusal.wait
        except DiscussionError as failure:
            error, status = failure.message, failure.status
    if not request.htmx:
        if error:
            response = TemplateResponse(
                request,
                "discussion/message_page.html",
                {"message": error, "back": back},
                status=status,
            )
        else:
            response = HttpResponseRedirect(back)
        if wait:
            too_many_requests(response, retry_after=wait)
        return remember_reader(response, reader, secure=request.is_secure())
    if tally is None:  # refused: the totals as they are now, and the reader's vote
        comment.refresh_from_db(fields=["upvotes", "downvotes", "score"])
        mine = votes_by(voter_key=reader.key, comment_ids=[comment.pk]).get(comment.pk, 0)
        tally = actions.VoteTally(
            comment.pk, comment.upvotes, comment.downvotes, comment.score, mine
        )
    response = TemplateResponse(
        request,
        "discussion/votes.html",
        {
            "comment_id": tally.comment_id,
            "upvotes": tally.upvotes,
            "downvotes": tally.downvotes,
            "score": tally.score,
            "mine": tally.mine,
            "csrf_input": csrf_input(request),
            "vote_error": error,
        },
        status=status,
    )
    if wait:
        too_many_requests(response, retry_after=wait)
    return remember_reader(response, reader, secure=request.is_secure())


@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, comment_id: int) -> HttpResponse:
    comment = _comment_shown(request, comment_id)
    reader = known_reader(request)
    form = EditForm(request.POST or None, initial={"body": comment.body})
    error = None
    if request.method == "POST" and form.is_valid():
        try:
            comment = actions.edit_comment(
                comment=comment, editor=reader, body=form.cleaned_data["body"]
            )
        except DiscussionError as failure:
            error = failure.message
        else:
            if request.htmx:
                return HttpResponse(comment.body_html)
            return HttpResponseRedirect(_comment_url(comment))
    elif reader is None or not actions.is_own_comment(comment, reader):
        error = _("Only the person who wrote a comment can change it.")
    template = "discussion/edit_form.html" if request.htmx else "discussion/edit_page.html"
    context = {
        "comment": comment,
        "form": form,
        "error": error,
        "thread_url": thread_url(comment.thread),
    }
    return TemplateResponse(request, template, context, status=403 if error else 200)


@require_http_methods(["GET", "POST"])
def delete(request: HttpRequest, comment_id: int) -> HttpResponse:
    comment = _comment_shown(request, comment_id)
    reader = known_reader(request)
    error = None
    if request.method == "POST":
        try:
            actions.delete_comment(comment=comment, deleter=reader)
        except DiscussionError as failure:
            error = failure.message
        else:
            return HttpResponseRedirect(f"{thread_url(comment.thread)}#comments")
    elif reader is None or not actions.is_own_comment(comment, reader):
        error = _("Only the person who wrote a comment can delete it.")
    context = {"comment": comment, "error": error, "thread_url": thread_url(comment.thread)}
    return TemplateResponse(
        request, "discussion/delete_page.html", context, status=403 if error else 200
    )


@require_GET
def permalink(request: HttpRequest, comment_id: int) -> HttpResponse:
    """Open the page of the thread that holds the comment, scrolled to it."""
    reader = known_reader(request)
    listed = Q(is_listed=True) | seen_as_published(reader.key if reader else None)
    comment = get_object_or_404(
        Comment.objects.select_related("thread", "thread__article").filter(
            listed, reachable("thread__")
        ),
        pk=comment_id,
    )
    shown_to(request, comment.thread)
    if comment.root_id is not None and replies_before(comment) >= replies_shown():
        # Past the replies a page shows: the batch of its conversation that opens with it.
        start = urlencode({"start": reply_cursor(comment).encode()})
        replies_url = reverse("discussion:replies", args=[comment.root_id])
        return HttpResponseRedirect(f"{replies_url}?{start}#comment-{comment.pk}")
    wanted = PageRequest.from_request(request)
    query = urlencode({"sort": wanted.sort.value, "start": page_holding(comment).encode()})
    return HttpResponseRedirect(f"{thread_url(comment.thread)}?{query}#comment-{comment.pk}")


AVATAR_SEED_LENGTH = 64  # a hex SHA-256, as avatars.avatar_seed makes them


@require_GET
@cache_control(max_age=30 * 24 * 3600, public=True, immutable=True)
def avatar(request: HttpRequest, seed: str) -> HttpResponse:
    if len(seed) > AVATAR_SEED_LENGTH:
        raise Http404(_("No such avatar."))
    # A member's uploaded picture has a seed of its own (settings.UPLOADED_AVATAR finds it).
    if (finder := getattr(settings, "UPLOADED_AVATAR", "")) and (
        uploaded := import_string(finder)(seed)
    ):
        image, content_type = uploaded
        return HttpResponse(image, content_type=content_type)
    return HttpResponse(identicon_svg(seed), content_type="image/svg+xml")
