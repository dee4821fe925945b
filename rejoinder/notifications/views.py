"""Thin adapters: read the request, call one service or query, present the result."""

from collections.abc import Callable

from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from rejoinder.core.limits import too_many_requests
from rejoinder.discussion.identity import known_reader
from rejoinder.discussion.presenters import thread_url
from rejoinder.discussion.queries import reachable_threads, shown_to
from rejoinder.notifications import links, queries, services
from rejoinder.notifications.errors import NotificationError, SubscriptionGone
from rejoinder.notifications.forms import BellForm, ManageForm
from rejoinder.notifications.limits import following_wait
from rejoinder.notifications.models import (
    Frequency,
    OutboxMessage,
    Scope,
    Subscriber,
    SubscriptionState,
)
from rejoinder.notifications.tokens import Purpose


def _message(
    request: HttpRequest, *, title: str, message: str, status: int = 200, back: str = "/", **extra
) -> TemplateResponse:
    context = {"title": title, "message": message, "back": back, **extra}
    return TemplateResponse(request, "notifications/message.html", context, status=status)


def _refused(request: HttpRequest, error: NotificationError) -> TemplateResponse:
    return _message(
        request, title=_("That didn’t work"), message=error.message, status=error.status
    )


@require_POST
def follow(request: HttpRequest, thread_id: int) -> HttpResponse:
    """The bell: follow an article without commenting."""
    thread = get_object_or_404(reachable_threads().select_related("article"), pk=thread_id)
    shown_to(request, thread)
    user = request.user if request.user.is_authenticated else None
    form = BellForm(request.POST, guest=user is None)
    template = "notifications/bell.html" if request.htmx else "notifications/bell_page.html"
    context = {"thread": thread, "thread_url": thread_url(thread), "bell_form": form}
    if not form.is_valid():
        return TemplateResponse(request, template, context, status=400)
    email = user.email if user else form.cleaned_data["email"]
    if wait := following_wait(request, email=email if user is None else ""):
        form.add_error(
            None,
            _(
                "Too many requests to follow discussions have come from here or for this "
                "address. Please wait a while, then try again."
            ),
        )
        response = TemplateResponse(request, template, context)
        return too_many_requests(response, retry_after=wait)
    reader = known_reader(request)
    try:
        subscription = services.subscribe(
            thread=thread,
            scope=Scope(form.cleaned_data["scope"]),
            email=email,
            user=user,
            reader_key=reader.key if reader else "",
        )
    except NotificationError as error:
        form.add_error(None, error.message)
        return TemplateResponse(request, template, context, status=error.status)
    if subscription.state == SubscriptionState.ACTIVE:
        context["notice"] = _("You will be told of new comments by e-mail.")
    else:
        context["notice"] = _(
            "Almost done: we sent you an e-mail. Follow its link to confirm your subscription."
        )
    return TemplateResponse(request, template, context)


@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows a button and POST confirms: mail scanners that open links change nothing."""
    try:
        if request.method == "POST":
            subscription = services.confirm(token=token)
        else:
            subscription = services.subscription_from_token(Purpose.CONFIRM, token)
    except NotificationError as error:
        return _refused(request, error)
    back = thread_url(subscription.thread)
    title = subscription.thread.title
    if subscription.state == SubscriptionState.ACTIVE:
        return _message(
            request,
            title=_("Subscription confirmed"),
            message=_("You will be told by e-mail of new comments on “%(title)s”.")
            % {"title": title},
            back=back,
        )
    if subscription.state == SubscriptionState.UNSUBSCRIBED:
        return _refused(request, SubscriptionGone(_("You have unsubscribed from this article.")))
    return _message(
        request,
        title=_("Confirm your subscription"),
        message=_("Get e-mail about new comments on “%(title)s”?") % {"title": title},
        back=back,
        button=_("Yes, confirm"),
    )


def _one_click(action: Callable[[str], str], purpose: Purpose):
    """An unsubscribe link: GET asks (a link scanner must not unsubscribe anyone); POST does
    it. The token in the URL is the credential, so RFC 8058's one-click POST from a mail
    client, which cannot carry our CSRF token, is accepted without one; every other POST
    goes through the usual CSRF check."""

    @csrf_protect
    def page(request: HttpRequest, token: str) -> HttpResponse:
        try:
            if request.method == "POST":
                return _message(request, title=_("Unsubscribed"), message=action(token))
            _check_token(purpose, token)
        except NotificationError as error:
            return _refused(request, error)
        return _message(
            request,
            title=_("Unsubscribe?"),
            message=_("Stop these e-mails? One click and it is done."),
            button=_("Unsubscribe"),
        )

    @csrf_exempt
    @require_http_methods(["GET", "POST"])
    def view(request: HttpRequest, token: str) -> HttpResponse:
        if request.method == "POST" and request.POST.get("List-Unsubscribe") == "One-Click":
            try:
                action(token)
            except NotificationError as error:
                return _refused(request, error)
            return HttpResponse(_("Unsubscribed."), content_type="text/plain")
        return page(request, token)

    return view


def _check_token(purpose: Purpose, token: str) -> None:
    if purpose is Purpose.UNSUBSCRIBE:
        services.subscription_from_token(purpose, token)
    else:
        services.subscriber_from_token(purpose, token)


def _unsubscribe_one(token: str) -> str:
    subscription = services.subscription_from_token(Purpose.UNSUBSCRIBE, token)
    services.unsubscribe(subscription=subscription)
    return _("You will get no more e-mail about “%(title)s”.") % {
        "title": subscription.thread.title
    }


def _unsubscribe_all(token: str) -> str:
    subscriber = services.subscriber_from_token(Purpose.UNSUBSCRIBE_ALL, token)
    services.unsubscribe_all(subscriber=subscriber)
    return _("You are unsubscribed from everything: this address will get no more e-mail.")


def _author_notices_off(token: str) -> str:
    subscriber = services.subscriber_from_token(Purpose.AUTHOR_NOTICES_OFF, token)
    if subscriber.user is None:
        raise SubscriptionGone()
    services.set_author_notices(user=subscriber.user, enabled=False)
    return _("You will get no more e-mail about comments on your articles.")


unsubscribe = _one_click(_unsubscribe_one, Purpose.UNSUBSCRIBE)
unsubscribe_all = _one_click(_unsubscribe_all, Purpose.UNSUBSCRIBE_ALL)
author_notices_off = _one_click(_author_notices_off, Purpose.AUTHOR_NOTICES_OFF)


@login_required  # readers sign in on the site (settings.LOGIN_URL), not in the admin
@require_http_methods(["GET", "POST"])
def my_subscriptions(request: HttpRequest) -> HttpResponse:
    subscriber = queries.subscriber_of_user(user=request.user)
    return _manage(
        request, subscriber=subscriber, user=request.user, here=reverse("notifications:mine")
    )


@require_http_methods(["GET", "POST"])
def manage(request: HttpRequest, token: str) -> HttpResponse:
    """The same page for a guest, reached through the signed link in every mail."""
    try:
        subscriber = services.subscriber_from_token(Purpose.MANAGE, token)
    except NotificationError as error:
        return _refused(request, error)
    return _manage(request, subscriber=subscriber, user=subscriber.user, here=request.path)


def _manage(
    request: HttpRequest, *, subscriber: Subscriber | None, user, here: str
) -> HttpResponse:
    notice, status = "", 200
    if request.method == "POST":
        form = ManageForm(request.POST)
        if form.is_valid():
            notice = _apply(form.cleaned_data, subscriber=subscriber, user=user)
        else:
            notice, status = _("That change was not understood; nothing was changed."), 400
        if subscriber is None and user is not None:
            subscriber = queries.subscriber_of_user(user=user)  # asked for the feed just now
    context = {
        "subscriber": subscriber,
        "subscriptions": queries.subscriptions_of(subscriber=subscriber) if subscriber else [],
        "frequencies": Frequency.choices,
        "scopes": Scope.choices,
        "is_author": user is not None and hasattr(user, "author_profile"),
        "author_notices": user is not None and queries.author_notices_enabled(user_id=user.pk),
        "notice": notice,
        "here": here,
        "replies_feed_url": links.replies_feed_url(subscriber) if subscriber else "",
        "can_ask_for_feed": subscriber is None and user is not None and bool(user.email),
    }
    return TemplateResponse(request, "notifications/manage.html", context, status=status)


def _apply(data: dict, *, subscriber: Subscriber | None, user) -> str:
    action = data["action"]
    if action == "replies_feed" and user is not None and user.email and subscriber is None:
        # The feed's address names a subscriber: a reader who never followed anything gets
        # that row when they ask for the address, not by looking at this page.
        services.subscriber_for(email=user.email, user=user)
        return _("Your feed's address is below.")
    if action == "author_notices" and user is not None:
        services.set_author_notices(user=user, enabled=data["enabled"])
        if data["enabled"]:
            return _("You will get e-mail about comments on your articles.")
        return _("You will get no e-mail about comments on your articles.")
    if subscriber is None:
        return _("You follow no discussions; nothing was changed.")
    if action == "unsubscribe_all":
        count = services.unsubscribe_all(subscriber=subscriber)
        return ngettext(
            "Unsubscribed from everything (%(count)d subscription).",
            "Unsubscribed from everything (%(count)d subscriptions).",
            count,
        ) % {"count": count}
    subscription = (
        queries.subscriptions_of(subscriber=subscriber)
        .filter(public_id=data["subscription"])
        .first()
    )
    if subscription is None:
        return _("That subscription no longer exists; nothing was changed.")
    if action == "change":
        if not (data["scope"] and data["frequency"]):
            return _("Choose what to get and how often; nothing was changed.")
        services.change(
            subscription=subscription,
            scope=Scope(data["scope"]),
            frequency=Frequency(data["frequency"]),
        )
        return _("“%(title)s”: %(scope)s, %(frequency)s.") % {
            "title": subscription.thread.title,
            "scope": subscription.get_scope_display().lower(),
            "frequency": subscription.get_frequency_display().lower(),
        }
    services.unsubscribe(subscription=subscription)
    return _("Unsubscribed from “%(title)s”.") % {"title": subscription.thread.title}


@staff_member_required(login_url="wagtailadmin_login")
@require_GET
def outbox(request: HttpRequest) -> HttpResponse:
    mails = OutboxMessage.objects.all()[:200]
    return TemplateResponse(request, "notifications/outbox.html", {"mails": mails})


@staff_member_required(login_url="wagtailadmin_login")
@require_GET
def outbox_message(request: HttpRequest, message_id: int) -> HttpResponse:
    message = get_object_or_404(OutboxMessage, pk=message_id)
    return TemplateResponse(request, "notifications/outbox_message.html", {"message": message})


@staff_member_required(login_url="wagtailadmin_login")
@require_GET
def outbox_html(request: HttpRequest, message_id: int) -> HttpResponse:
    """The HTML part as the recipient's mail client would get it, in a sandbox: a mail's
    HTML is not our page and must not run or submit anything here."""
    message = get_object_or_404(OutboxMessage, pk=message_id)
    response = HttpResponse(message.html or "<p>(no HTML part)</p>")
    response["Content-Security-Policy"] = "sandbox allow-top-navigation-by-user-activation"
    return response
