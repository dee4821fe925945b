"""The embed's adapters: the discussion frame, a page's first comment, counts for a host's
listings, the two scripts a host page loads, and the demo host page."""

import hashlib
import json
from functools import cache
from pathlib import Path

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.template.response import TemplateResponse
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import (
    require_GET,
    require_http_methods,
    require_POST,
    require_safe,
)

from rejoinder.core.middleware import READER_POLICY
from rejoinder.discussion import views as discussion_views
from rejoinder.discussion.forms import CommentForm
from rejoinder.discussion.markup import render_comment
from rejoinder.discussion.models import Comment, Thread
from rejoinder.discussion.presenters import PageRequest, as_shown
from rejoinder.discussion.queries import page_holding
from rejoinder.discussion.shared_reads import counts_state, share_counts, share_page
from rejoinder.embed import actions
from rejoinder.embed.demo import DEMO_SITE_KEY, demo_member_token
from rejoinder.embed.errors import BadPage, EmbedError, OriginNotAllowed, SignInRefused
from rejoinder.embed.frames import (
    FRAME_HEADER,
    FRAME_PROBE,
    FRAME_READER_COOKIE,
    FRAME_READER_MAX_AGE,
    FRAME_READER_SALT,
    FRAME_STATE_VOTES_AT,
    Frame,
    FrameFill,
    FramePages,
    frame_reader_cookie,
    frame_state,
    issue_frame_token,
    new_reader_id,
    token_needs_no_escaping,
)
from rejoinder.embed.middleware import enter_frame
from rejoinder.embed.models import Site
from rejoinder.embed.origins import normalise_origin, origin_of, page_address, page_identifier
from rejoinder.embed.queries import comment_counts_by_page, external_thread, site_by_key
from rejoinder.embed.shared_counts import counts_probe
from rejoinder.embed.sso import verify_member_token

STATIC = Path(__file__).resolve().parent / "static" / "embed"
IDENTIFIER_LENGTH = 1000
THEMES = ("light", "dark")


def frame_policy(origins: list[str]) -> str:
    """The site's CSP with framing allowed to exactly its origins ('none' for no site)."""
    ancestors = " ".join(origins) or "'none'"
    return READER_POLICY.replace("frame-ancestors 'self'", f"frame-ancestors {ancestors}")


def _refused(request: HttpRequest, error: EmbedError) -> HttpResponse:
    """A frame that will not render anywhere (the embed removes it and says why in the
    console); opened on its own, it says why too."""
    response = TemplateResponse(
        request, "embed/refused.html", {"message": error.message}, status=error.status
    )
    response["Content-Security-Policy"] = frame_policy([])
    response["X-Frame-Options"] = "DENY"
    return response


def _frame_reader_id(request: HttpRequest) -> tuple[str, bool]:
    """The reader's id in this site's frames, and whether it is new: from the partitioned
    cookie a frame served over HTTPS keeps, else a new one (a reader without cookies is new
    on each page view, and votes as a browser without a cookie does)."""
    try:
        cookie = request.get_signed_cookie(
            FRAME_READER_COOKIE, salt=FRAME_READER_SALT, max_age=FRAME_READER_MAX_AGE
        )
        return cookie, False
    except (KeyError, signing.BadSignature):
        return new_reader_id(), True


def _remember_frame_reader(request: HttpRequest, response: HttpResponse, reader_id: str) -> None:
    """The partitioned cookie that keeps the reader's id (frames.frame_reader_cookie): over
    HTTPS only, so over plain HTTP there is no cookie at all."""
    if request.is_secure():
        response["Set-Cookie"] = frame_reader_cookie(reader_id)


def _page_of(request: HttpRequest, site: Site) -> tuple[str, str, str, str]:
    """(host origin, page identifier, page address, title) as the embed sent them, checked
    against the site: the host page and the address must be on its origins."""
    parent_origin = normalise_origin(request.GET.get("origin", ""))
    if not site.allows(parent_origin):
        raise OriginNotAllowed(
            _("%(origin)s is not among the allowed origins of the site “%(site)s”.")
            % {"origin": parent_origin or _("This page's origin"), "site": site.key}
        )
    # A sign-in is posted by the host page's own form: the browser's Origin header agrees.
    if request.method == "POST" and not site.allows(request.headers.get("Origin")):
        raise OriginNotAllowed(_("A sign-in must come from one of the site's pages."))
    url = page_address(request.GET.get("url", ""))
    if origin_of(url) not in site.origins:
        raise BadPage(_("The page's address must be on one of the site's allowed origins."))
    identifier = page_identifier(page_id=request.GET.get("page", ""), url=url)
    if len(identifier) > IDENTIFIER_LENGTH or len(url) > IDENTIFIER_LENGTH:
        raise BadPage(_("The page's identifier or address is too long (1,000 characters)."))
    title = request.GET.get("title", "").strip()[: actions.TITLE_LENGTH]
    return parent_origin, identifier, url, title


@csrf_exempt  # a POST carries an SSO token, itself the proof; nothing else is written
@require_http_methods(["GET", "POST"])
def frame(request: HttpRequest) -> HttpResponse:
    """The discussion of one page of an external site, for its <iframe>. GET shows it; a POST
    from the host page (embed.js, with `data-sso` or Rejoinder.login) signs a member in."""
    try:
        site = site_by_key(request.GET.get("site", ""))
        parent_origin, identifier, url, title = _page_of(request, site)
    except EmbedError as error:
        return _refused(request, error)

    sign_in_error = member_user_id = None
    if token := request.POST.get("sso", "").strip():
        try:
            claims = verify_member_token(token, secret=site.sso_secret, site_key=site.key)
            member_user_id = actions.sign_in_member(site=site, claims=claims).user_id
        except SignInRefused as error:
            sign_in_error = error.message
    reader_id, reader_is_new = _frame_reader_id(request)
    frame = Frame(
        site_id=site.pk,
        reader_id=reader_id,
        reader_is_new=reader_is_new,
        parent_origin=parent_origin,
        identifier=identifier,
        url=url,
        title=title,
        member_user_id=member_user_id,
    )
    enter_frame(request, frame)

    thread = external_thread(site=site, identifier=identifier)
    if thread is not None:
        actions.update_page_details(thread=thread, url=url, title=title)
        thread.is_closed = thread.is_closed or not site.is_open
    opened = _open_at_comment(request, thread)
    theme = request.GET.get("theme")
    token = issue_frame_token(frame)
    context = {
        "site": site,
        "thread": thread,
        "page_title": title or url,
        "theme": theme if theme in THEMES else "light",
        "frame_headers": json.dumps({FRAME_HEADER: token}),
        "parent_origin": parent_origin,
        "page_url": url,
        "open_comment": opened,
        "sign_in_error": sign_in_error,
        "closed": not site.is_open,
        "form": CommentForm(guest=not request.user.is_authenticated),
    }
    response = TemplateResponse(request, "embed/frame.html", context)
    response["Content-Security-Policy"] = frame_policy(site.origins)
    response.xframe_options_exempt = True  # framing is the CSP's to allow: exactly the origins
    patch_cache_control(response, private=True, no_store=True)  # it holds the reader's token
    _remember_frame_reader(request, response, reader_id)
    # A reader the frame knows nothing of (no cookie, no sign-in) sees what every such
    # reader sees but the token: the page is kept, and each of them gets a token of their own.
    anonymous = reader_is_new and member_user_id is None and request.method == "GET"
    if anonymous and opened is None and token_needs_no_escaping(token):
        share_page(
            response,
            kind=FramePages.name,
            probe=FRAME_PROBE,
            params=(identifier, site.key),
            state=frame_state(site, thread),
            votes_at=FRAME_STATE_VOTES_AT,
            live_cursor=True,
            closes_at=as_shown(thread).closes_at if thread is not None else None,
            fill=FrameFill(frame=frame, token=token, secure=request.is_secure()),
        )
    return response


def _open_at_comment(request: HttpRequest, thread: Thread | None) -> int | None:
    """With ?comment=N (the host page's #comment-N), start the thread at the page holding
    that comment, as the discussion's permalink does."""
    wanted = request.GET.get("comment", "")
    if thread is None or not wanted.isdigit():
        return None
    comment = Comment.objects.filter(is_listed=True, thread=thread, pk=int(wanted)).first()
    if comment is None:
        return None
    query = request.GET.copy()
    query["sort"] = PageRequest.from_request(request).sort.value
    query["start"] = page_holding(comment).encode()
    request.GET = query
    return comment.pk


def _frame_of(request: HttpRequest) -> Frame:
    frame = getattr(request, "embed_frame", None)
    if frame is None:
        raise BadPage(_("Comments on another site's page are posted from its discussion frame."))
    return frame


@require_POST
def first_comment(request: HttpRequest) -> HttpResponse:
    """A page's first comment: its thread is opened now, not when the page was first viewed
    (a crawler must not open thousands of empty threads), and the comment goes through the
    discussion's own view. A refused comment (invalid, too fast, moderated away) leaves no
    thread behind: the whole request is one transaction, rolled back on a refusal."""
    try:
        frame = _frame_of(request)
    except EmbedError as error:
        return JsonResponse({"error": str(error.message)}, status=error.status)
    site = Site.objects.get(pk=frame.site_id)
    with transaction.atomic():
        thread = actions.open_external_thread(
            site=site, identifier=frame.identifier, url=frame.url, title=frame.title
        )
        response = discussion_views.post(request, thread_id=thread.pk)
        if response.status_code >= 400:
            transaction.set_rollback(True)
    return response


@require_GET
def frame_comments(request: HttpRequest) -> HttpResponse:
    """The frame's page of comments afresh (after a delete), through the discussion's view;
    the frame may have opened before its page had a thread, so it asks by its page."""
    try:
        frame = _frame_of(request)
    except EmbedError as error:
        return JsonResponse({"error": str(error.message)}, status=error.status)
    thread = external_thread(site=frame.site_id, identifier=frame.identifier)
    if thread is None:
        raise Http404(_("Nobody has commented on this page yet."))
    return discussion_views.comments(request, thread_id=thread.pk)


@require_POST
def first_preview(request: HttpRequest) -> HttpResponse:
    """Preview on a page that has no thread yet (the discussion's preview needs one)."""
    body = request.POST.get("body", "")[: settings.COMMENT_MAX_LENGTH]
    return TemplateResponse(
        request, "discussion/preview.html", {"preview_html": render_comment(body)}
    )


def _bad_request(reason: str, *, status: int = 400) -> JsonResponse:
    return JsonResponse({"error": reason}, status=status)


@require_GET
def counts(request: HttpRequest) -> JsonResponse:
    """Comment counts of a site's pages by identifier, for counts.js: readable by the site's
    origins only (CORS), cached briefly by browsers and proxies, per origin."""
    try:
        site = site_by_key(request.GET.get("site", ""))
    except EmbedError as error:
        return _bad_request(str(error.message), status=error.status)
    identifiers = [value.strip() for value in request.GET.getlist("page")]
    if not identifiers:
        response = _bad_request(_("Ask with one page parameter per page."))
    elif len(identifiers) > settings.COUNTS_MAX_URLS:
        response = _bad_request(
            _("Ask for at most %(most)d pages at once.") % {"most": settings.COUNTS_MAX_URLS}
        )
    elif any(len(identifier) > IDENTIFIER_LENGTH for identifier in identifiers):
        response = _bad_request(_("One of the page identifiers is too long."))
    else:
        # Kept for callers without cookies (embed.shared_counts): the state is read before
        # the counts and the site's origins (read again), so the answer is never older.
        probe = counts_probe(site_key=site.key, identifiers=identifiers)
        state = counts_state(probe)
        site = site_by_key(site.key)
        response = JsonResponse(
            {"counts": comment_counts_by_page(site=site, identifiers=identifiers)}
        )
        patch_cache_control(response, public=True, max_age=60)
        share_counts(response, probe=probe, state=state)
    origin = request.headers.get("Origin")
    if site.allows(origin):
        response["Access-Control-Allow-Origin"] = normalise_origin(origin)
    patch_vary_headers(response, ["Origin"])
    return response


@cache
def _script(name: str) -> tuple[bytes, str]:
    body = (STATIC / name).read_bytes()
    return body, f'"{hashlib.sha256(body).hexdigest()[:16]}"'


def _script_view(name: str):
    @require_safe
    def serve_script(request: HttpRequest) -> HttpResponse:
        """A script at a fixed address host pages can name: cached an hour, then revalidated."""
        body, etag = _script(name)
        if request.headers.get("If-None-Match") == etag:
            response = HttpResponse(status=304)
        else:
            response = HttpResponse(body, content_type="text/javascript; charset=utf-8")
        response["ETag"] = etag
        patch_cache_control(response, public=True, max_age=3600)
        return response

    return serve_script


embed_js = _script_view("embed.js")
counts_js = _script_view("counts.js")


DEMO_PAGE_ID = "field-notes-first-post"


@require_GET
def example(request: HttpRequest) -> HttpResponse:
    """A host page that is not Rejoinder's, for the demo: served as http://localhost:PORT
    with the embed loaded from http://127.0.0.1:PORT, two origins on one server. Opened at
    127.0.0.1 it sends the reader to localhost."""
    host, _sep, port = request.get_host().rpartition(":")
    if host not in ("127.0.0.1", "localhost") or not port:
        raise Http404(_("The example host page runs on the local demo only."))
    if host == "127.0.0.1":
        return HttpResponseRedirect(f"http://localhost:{port}{request.path}")
    rejoinder = f"http://127.0.0.1:{port}"
    site = Site.objects.filter(key=DEMO_SITE_KEY).first()
    sso_token = member_name = ""
    if site is not None and site.sso_secret:
        member_name = "Robin Ashdown"
        sso_token = demo_member_token(site, name=member_name)
    origin = f"http://localhost:{port}"
    context = {
        "site": site,
        "allowed": site is not None and site.allows(origin),
        "rejoinder": rejoinder,
        "origin": origin,
        "page_id": DEMO_PAGE_ID,
        "sso_token": sso_token,
        "member_name": member_name,
    }
    response = TemplateResponse(request, "embed/example.html", context)
    response["Content-Security-Policy"] = "; ".join(
        [
            "default-src 'self'",
            f"script-src 'self' {rejoinder}",
            f"frame-src {rejoinder}",
            f"connect-src {rejoinder}",
            "style-src 'self'",
            "img-src 'self' data:",
        ]
    )
    return response
