"""The moderators' workspace and the readers' report button. Thin: check who is asking,
call one action or query, present."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from rejoinder.core.limits import too_many_requests
from rejoinder.core.middleware import REDIRECT_FIELD, is_local_target
from rejoinder.discussion.errors import DiscussionError
from rejoinder.discussion.forms import EditForm
from rejoinder.discussion.identity import reader_for_write, remember_reader
from rejoinder.discussion.models import Comment, CommentState
from rejoinder.discussion.presenters import thread_url
from rejoinder.discussion.queries import reachable, shown_to
from rejoinder.moderation import actions, charts, queries
from rejoinder.moderation.limits import report_refusal
from rejoinder.moderation.log_text import change_in_words
from rejoinder.moderation.models import BanKind, LogAction, LogEntry, ReportReason

PERMISSION = "moderation.moderate"
DECISIONS = {"approve": LogAction.APPROVE, "spam": LogAction.SPAM, "remove": LogAction.REMOVE}
BAN_LENGTHS = {"1": 1, "7": 7, "30": 30, "ever": None}


def moderator_only(view):
    """Signed-out visitors are sent to sign in; signed-in readers get a 403."""

    @wraps(view)
    def guarded(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("wagtailadmin_login"))
        if not (request.user.is_staff and request.user.has_perm(PERMISSION)):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return guarded


@require_GET
@moderator_only
def queue(request: HttpRequest) -> HttpResponse:
    tab = request.GET.get("tab", "pending")
    if tab not in queries.TABS:
        tab = "pending"
    items = list(queries.queue(tab=tab))
    histories = queries.histories(items)
    context = {
        "section": "queue",
        "tab": tab,
        "tabs": [(name, count) for name, count in queries.tab_counts().items()],
        "items": [(c, histories.get(queries.author_key(c)), thread_url(c.thread)) for c in items],
        "ban_lengths": [
            ("1", _("1 day")),
            ("7", _("7 days")),
            ("30", _("30 days")),
            ("ever", _("for ever")),
        ],
    }
    return TemplateResponse(request, "moderation/queue.html", context)


@require_POST
@moderator_only
def act(request: HttpRequest) -> HttpResponse:
    """One form for the whole queue: each item's buttons send "verb:id"; the bulk buttons
    send the verb alone and apply it to the ticked items."""
    tab = request.POST.get("tab", "pending")
    verb, _colon, single = request.POST.get("do", "").partition(":")
    ids = [single] if single else request.POST.getlist("ids")
    comments = list(
        Comment.objects.select_related("thread").filter(pk__in=[i for i in ids if i.isdigit()])
    )
    if not comments:
        messages.warning(request, _("Tick at least one comment first."))
    elif verb in DECISIONS:
        for comment in comments:
            actions.decide(comment=comment, moderator=request.user, action=DECISIONS[verb])
        messages.success(
            request,
            ngettext("%(count)d comment: %(what)s.", "%(count)d comments: %(what)s.", len(comments))
            % {"count": len(comments), "what": DECISIONS[verb].label.lower()},
        )
    elif verb in ("ban", "shadowban"):
        # An item's own ban has its own kind and length; the bulk buttons use the section's.
        kind = request.POST.get(f"ban_kind_{single}") or request.POST.get("ban_kind", "email")
        length = request.POST.get(f"ban_length_{single}") or request.POST.get("ban_length")
        length = length or "ever"
        # A length or kind the form does not offer is refused, not read as "for ever": a
        # typo or a tampered form must never ban anyone longer than the moderator chose.
        if kind not in BanKind.values or length not in BAN_LENGTHS:
            messages.error(
                request, _("Nobody was banned: choose a ban length and kind from the lists.")
            )
            return _back(request, tab=tab)
        banned = [
            actions.ban(
                comment=c,
                moderator=request.user,
                kind=BanKind(kind),
                days=BAN_LENGTHS[length],
                shadow=verb == "shadowban",
            )
            for c in comments
        ]
        done = sum(entry is not None for entry in banned)
        messages.success(
            request,
            ngettext(
                "Banned %(done)d of %(count)d author.",
                "Banned %(done)d of %(count)d authors.",
                len(comments),
            )
            % {"done": done, "count": len(comments)},
        )
    elif verb in ("feature", "unfeature"):
        try:
            for comment in comments:
                actions.feature(comment=comment, moderator=request.user, featured=verb == "feature")
        except DiscussionError as refusal:
            messages.error(request, refusal.message)
        else:
            messages.success(request, _("Done: featured comments open the discussion."))
    elif verb in ("close", "reopen"):
        for thread in {c.thread for c in comments}:
            actions.set_closed(thread=thread, moderator=request.user, closed=verb == "close")
        messages.success(
            request, _("Discussion closed.") if verb == "close" else _("Discussion reopened.")
        )
    else:
        messages.error(request, _("Unknown action."))
    return _back(request, tab=tab)


def _back(request: HttpRequest, *, tab: str) -> HttpResponse:
    """To the comment on its page when the action came from there (in_place), else to the
    queue's tab. Only an address on this site: `next` comes from the form."""
    back = request.POST.get(REDIRECT_FIELD, "")
    if back and is_local_target(back, request):
        return HttpResponseRedirect(back)
    return HttpResponseRedirect(f"{reverse('moderation:queue')}?tab={tab}")


@require_http_methods(["GET", "POST"])
@moderator_only
def edit(request: HttpRequest, comment_id: int) -> HttpResponse:
    comment = get_object_or_404(Comment.objects.select_related("thread"), pk=comment_id)
    form = EditForm(request.POST or None, initial={"body": comment.body})
    if request.method == "POST" and form.is_valid():
        try:
            actions.edit(comment=comment, moderator=request.user, body=form.cleaned_data["body"])
        except DiscussionError as error:
            form.add_error("body", error.message)
        else:
            messages.success(request, _("Comment edited; the log keeps the earlier text."))
            return HttpResponseRedirect(reverse("moderation:queue"))
    return TemplateResponse(
        request, "moderation/edit.html", {"comment": comment, "form": form, "section": "queue"}
    )


@require_GET
@moderator_only
def log(request: HttpRequest) -> HttpResponse:
    entries = [(entry, change_in_words(entry)) for entry in queries.log()]
    return TemplateResponse(request, "moderation/log.html", {"entries": entries, "section": "log"})


@require_POST
@moderator_only
def undo(request: HttpRequest, entry_id: int) -> HttpResponse:
    entry = get_object_or_404(LogEntry, pk=entry_id)
    try:
        actions.undo(entry=entry, moderator=request.user)
    except actions.CannotUndo as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("Undone."))
    return HttpResponseRedirect(reverse("moderation:log"))


@require_GET
@moderator_only
def dashboard(request: HttpRequest) -> HttpResponse:
    figures = queries.dashboard()
    context = {
        "section": "dashboard",
        "figures": figures,
        "per_day": charts.bar_chart(
            [(day.strftime("%d %b"), n) for day, n in figures.days], title=_("Comments per day")
        ),
        "decisions": charts.bar_chart(
            list(figures.decisions.items()), title=_("What the policy decided")
        ),
        "judged": charts.bar_chart(
            list(figures.judged.items()), title=_("What moderators decided")
        ),
    }
    return TemplateResponse(request, "moderation/dashboard.html", context)


@require_POST
def report(request: HttpRequest, comment_id: int) -> HttpResponse:
    """A reader reports a comment. They are thanked, and told nothing about other reports."""
    comment = get_object_or_404(
        Comment.objects.select_related("thread", "thread__article"),
        reachable("thread__"),
        pk=comment_id,
        state=CommentState.VISIBLE,
    )
    shown_to(request, comment.thread)
    reason = request.POST.get("reason", "")
    reader = reader_for_write(request)
    back = f"{thread_url(comment.thread)}#comment-{comment.pk}"
    status, wait = 200, None
    try:
        if reason not in ReportReason.values:
            message, status = _("Choose why you are reporting this comment."), 400
        else:
            # Checked before the limits, so a refused report does not count against them.
            actions.check_can_report(comment=comment, reporter_key=reader.key)
            if refusal := report_refusal(request, comment=comment):
                message, wait = refusal
            else:
                actions.report(
                    comment=comment, reporter_key=reader.key, reason=ReportReason(reason)
                )
                message = _("Thank you. A moderator will look at this comment.")
    except DiscussionError as failure:
        message, status = failure.message, failure.status
    if request.htmx:
        response = TemplateResponse(
            request, "moderation/report_done.html", {"message": message}, status=status
        )
    else:
        response = TemplateResponse(
            request,
            "moderation/report_page.html",
            {"message": message, "back": back},
            status=status,
        )
    if wait:
        too_many_requests(response, retry_after=wait)
    return remember_reader(response, reader, secure=request.is_secure())
