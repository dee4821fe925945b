"""Comments: read one, post one (or a reply), edit and delete one's own. Posting goes
through the same use case as the comment form (rejoinder.commenting.submit), validated by
the same form, limited by the same rate limits and screened by the same policy."""

from typing import Annotated, Literal

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.responses import Status
from pydantic import Field

from rejoinder.api import callers, limits, threads
from rejoinder.api.errors import ApiError, error_responses
from rejoinder.api.schemas import NO_NUL, CommentId, CommentOut, Input, Presenter, ThreadId
from rejoinder.api.threads import (
    IDENTIFIER_MAX_LENGTH,
    SITE_KEY,
    SITE_KEY_MAX_LENGTH,
    URL_MAX_LENGTH,
    get_thread,
    published_threads,
)
from rejoinder.commenting.submit import submit_comment
from rejoinder.discussion import actions
from rejoinder.discussion.forms import CommentForm, EditForm
from rejoinder.discussion.identity import remember_reader
from rejoinder.discussion.models import Comment, CommentState
from rejoinder.discussion.queries import seen_as_published, votes_by
from rejoinder.discussion.screening import client_hints
from rejoinder.embed.actions import TITLE_LENGTH, open_external_thread, update_page_details
from rejoinder.embed.errors import OriginNotAllowed, SiteClosed
from rejoinder.embed.origins import origin_of, page_address, page_identifier
from rejoinder.embed.queries import site_by_key

router = Router(tags=["comments"])

WRITE_ERRORS = error_responses(400, 401, 403, 404, 409, 413, 422, 429)


def find_comment(comment_id: int, *, reader_key: str | None, placeholders: bool = False):
    """A comment the caller may see: a published one, their own (held or hidden quietly)
    and, with `placeholders`, a deleted or removed one that still holds replies in place.
    Anyone else gets a 404 for the rest, as for a comment that does not exist."""
    shown = seen_as_published(reader_key)
    if reader_key:
        shown |= Q(reader_key=reader_key, state=CommentState.PENDING)
    if placeholders:
        shown |= Q(is_listed=True)
    comment = (
        Comment.objects.select_related("user", "inline_anchor", "parent")
        .filter(shown, pk=comment_id, thread__in=published_threads())
        .first()
    )
    if comment is None:
        raise comment_not_found()
    return comment


def comment_not_found() -> ApiError:
    """The answer for a comment the caller may not see, as for one that does not exist."""
    return ApiError(404, "comment_not_found", _("There is no comment with that id."))


def present(comment: Comment, *, reader_key: str | None) -> dict:
    thread = published_threads().get(pk=comment.thread_id)
    votes = votes_by(voter_key=reader_key, comment_ids=[comment.pk]) if reader_key else {}
    presenter = Presenter(thread=thread, reader_key=reader_key, votes=votes)
    reply_to = comment.parent.author_name if comment.parent_id else ""
    return presenter.comment(comment, reply_to=reply_to)


@router.get(
    "/comments/{comment_id}",
    response={200: CommentOut, **error_responses(401, 404)},
    summary="One comment",
    url_name="comment",
)
def read_comment(request: HttpRequest, comment_id: CommentId):
    caller = callers.for_read(request)
    key = caller.reader.key if caller.reader else None
    comment = find_comment(comment_id, reader_key=key, placeholders=True)
    return present(comment, reader_key=key)


# The comment form's limits (discussion.forms.CommentForm), which checks the input again.
Body = Annotated[
    str,
    Field(
        min_length=1,
        max_length=settings.COMMENT_MAX_LENGTH,
        pattern=r"\S",
        description="Markdown; the page shows it rendered and sanitised.",
    ),
]
Name = Annotated[str, Field(max_length=80, description="A guest's name, shown.")]
Email = Annotated[str, Field(max_length=254, description="A guest's address, never shown.")]
Website = Annotated[str, Field(max_length=300, description="A guest's website (http/https).")]
Notify = Annotated[
    Literal["", "replies", "all"],
    Field(description="Notify of (by e-mail): replies to this comment, or every new one."),
]
SubmissionToken = Annotated[
    str,
    Field(
        max_length=128,
        description="Any unique string: the same token again returns the same comment.",
    ),
]


class NewComment(Input):
    body: Body
    # A guest's name and address; a signed-in reader (or a token) posts under the account.
    name: Name = ""
    email: Email = ""
    website: Website = ""
    passage: str = Field(
        "", max_length=200, description="Inline feedback: the passage (block:start:end)."
    )
    quote: str = Field("", max_length=5000, description="The passage's text as the reader saw.")
    notify: Notify = ""
    submission_token: SubmissionToken = ""


class NewReply(Input):
    body: Body
    name: Name = ""
    email: Email = ""
    website: Website = ""
    notify: Notify = ""
    submission_token: SubmissionToken = ""


class PostedOut(Schema):
    comment: CommentOut
    # What became of "Notify of": a guest must confirm by e-mail first ("pending").
    subscription: Literal["pending", "active"] | None


# The form's field names, as the API names them.
FIELD_NAMES = {"__all__": "body"}


def _validated(data: dict, *, guest: bool) -> dict:
    """The input checked by the comment form itself, so both doors take the same input."""
    form = CommentForm(data, guest=guest)
    if not form.is_valid():
        fields = {
            FIELD_NAMES.get(name, name): " ".join(str(e) for e in errors)
            for name, errors in form.errors.items()
        }
        message = _("The comment was not posted: see fields.")
        raise ApiError(422, "invalid_comment", message, fields=fields)
    return form.cleaned_data


def _post(request: HttpRequest, response: HttpResponse, *, thread, parent, given: dict):
    caller = callers.for_write(request)
    guest = caller.user is None
    data = _validated({**given, "homepage": ""}, guest=guest)
    limits.check_comment_rate(request, email=data.get("email", ""))
    author = actions.CommentAuthor(
        reader=caller.reader,
        name=data.get("name", ""),
        email=data.get("email", ""),
        website=data.get("website", ""),
    )
    token = data.get("submission_token") or None
    submitted = submit_comment(
        thread=thread,
        author=author,
        body=data["body"],
        parent=parent,
        passage=data.get("passage", ""),
        quote=data.get("quote", ""),
        notify=data.get("notify", ""),
        submission_token=token,
        client=client_hints(request, form_token=token),
    )
    if not caller.by_token:
        remember_reader(response, caller.reader, secure=request.is_secure())
    comment = Comment.objects.select_related("user", "inline_anchor", "parent").get(
        pk=submitted.comment.pk
    )
    return Status(
        201,
        {
            "comment": present(comment, reader_key=caller.reader.key),
            "subscription": submitted.subscription_state or None,
        },
    )


# On the threads' router: one path, one route, for reading a thread's comments and adding one.
@threads.router.post(
    "/threads/{thread_id}/comments",
    tags=["comments"],
    response={201: PostedOut, **WRITE_ERRORS},
    summary="Post a comment",
    url_name="post_comment",
)
def post_comment(
    request: HttpRequest, response: HttpResponse, thread_id: ThreadId, new: NewComment
):
    """Screened by the site's moderation policy: it may refuse the comment (403, with the
    reason), hold it for a moderator (`state` is `awaiting_review`) or publish it."""
    thread = get_thread(thread_id)
    return _post(request, response, thread=thread, parent=None, given=new.model_dump())


class NewPageComment(NewComment):
    """A comment on a page of a site that embeds discussions, named as its embed names it:
    the page's first comment opens its discussion, as in the frame."""

    site: str = Field(
        ...,
        min_length=1,
        max_length=SITE_KEY_MAX_LENGTH,
        pattern=SITE_KEY,
        description="The site's key.",
    )
    url: str = Field(
        ...,
        min_length=1,
        max_length=URL_MAX_LENGTH,
        pattern=NO_NUL,
        description="The page's address: on one of the site's allowed origins.",
    )
    page_id: str = Field(
        "",
        max_length=IDENTIFIER_MAX_LENGTH,
        pattern=NO_NUL,
        description="The page's data-page-id, if its embed gives one (it wins over the address).",
    )
    title: str = Field("", max_length=TITLE_LENGTH, pattern=NO_NUL, description="The page's title.")


@threads.router.post(
    "/pages/comments",
    tags=["comments"],
    response={201: PostedOut, **WRITE_ERRORS},
    summary="Post a comment on a page of an embedding site",
    url_name="post_page_comment",
)
def post_page_comment(request: HttpRequest, response: HttpResponse, new: NewPageComment):
    """For a page that may have no discussion yet: its first comment opens one, and a
    refused comment leaves none behind (one transaction), as the frame's first comment
    does. The address must be on one of the site's allowed origins (403 otherwise)."""
    site = site_by_key(new.site)
    if not site.is_open:
        raise SiteClosed()
    url = page_address(new.url)  # as the frame keeps it
    if origin_of(url) not in site.origins:
        raise OriginNotAllowed(_("That address is not on one of the site's allowed origins."))
    identifier = page_identifier(page_id=new.page_id, url=url)
    given = new.model_dump(exclude={"site", "url", "page_id", "title"})
    with transaction.atomic():
        thread = open_external_thread(
            site=site, identifier=identifier, url=url, title=new.title.strip()
        )
        update_page_details(thread=thread, url=url, title=new.title.strip())
        return _post(request, response, thread=thread, parent=None, given=given)


@router.post(
    "/comments/{comment_id}/replies",
    response={201: PostedOut, **WRITE_ERRORS},
    summary="Reply to a comment",
    url_name="reply",
)
def reply(request: HttpRequest, response: HttpResponse, comment_id: CommentId, new: NewReply):
    caller = callers.for_read(request)
    parent = find_comment(comment_id, reader_key=caller.reader.key if caller.reader else None)
    if parent.state == CommentState.PENDING and not parent.hidden_quietly:
        raise ApiError(
            409, "comment_awaiting_review", _("A comment awaiting moderation has no replies yet.")
        )
    thread = get_thread(parent.thread_id)
    return _post(request, response, thread=thread, parent=parent, given=new.model_dump())


class Edit(Input):
    body: Body


@router.patch(
    "/comments/{comment_id}",
    response={200: CommentOut, **error_responses(400, 401, 403, 404, 409, 413, 422)},
    summary="Edit one's own comment (within the edit window)",
    url_name="edit",
)
def edit(request: HttpRequest, comment_id: CommentId, change: Edit):
    caller = callers.for_write(request)
    key = caller.reader.key if caller.reader.new_cookie_id is None else None
    comment = find_comment(comment_id, reader_key=key)
    form = EditForm({"body": change.body})
    if not form.is_valid():
        message = " ".join(str(e) for e in form.errors["body"])
        raise ApiError(422, "invalid_comment", message, fields={"body": message})
    edited = actions.edit_comment(
        comment=comment, editor=caller.reader, body=form.cleaned_data["body"]
    )
    return present(edited, reader_key=caller.reader.key)


@router.delete(
    "/comments/{comment_id}",
    response={204: None, **error_responses(401, 403, 404)},
    summary="Delete one's own comment (within the edit window)",
    url_name="delete",
)
def delete(request: HttpRequest, comment_id: CommentId):
    """With replies, the comment stays in the thread as a placeholder."""
    caller = callers.for_write(request)
    key = caller.reader.key if caller.reader.new_cookie_id is None else None
    comment = find_comment(comment_id, reader_key=key)
    actions.delete_comment(comment=comment, deleter=caller.reader)
    return Status(204, None)
