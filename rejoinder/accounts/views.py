"""Thin adapters for the reader's account pages and a guest's comment management."""

from allauth.account.decorators import reauthentication_required
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_ratelimit.core import is_ratelimited

from rejoinder.accounts import claims, erasure, export, profiles
from rejoinder.accounts.errors import AccountsError
from rejoinder.accounts.forms import DeleteAccountForm, GuestEraseForm, GuestLinkForm, ProfileForm
from rejoinder.accounts.guest_links import email_from_token, send_guest_link
from rejoinder.accounts.models import Profile
from rejoinder.accounts.queries import comments_of_guest, comments_of_member
from rejoinder.discussion.actions import normalise_email

EXPORT_TYPES = {"json": "application/json", "csv": "text/csv; charset=utf-8"}


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    current = profiles.profile_of(request.user)
    if request.method == "POST":
        form = ProfileForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            profiles.update_profile(
                user=request.user,
                display_name=data["display_name"],
                bio=data["bio"],
                website=data["website"],
                is_public=data["is_public"],
                avatar=data["avatar"],
                use_identicon=data["use_identicon"],
            )
            messages.success(request, _("Your profile is saved."))
            return HttpResponseRedirect(reverse("accounts:profile"))
        status = 400
    else:
        form = ProfileForm(
            initial={
                "display_name": profiles.shown_name(request.user, current),
                "bio": current.bio,
                "website": current.website,
                "is_public": current.is_public,
            }
        )
        status = 200
    identity = profiles.member_identity(request.user)
    context = {
        "title": _("Your profile"),
        "form": form,
        "profile": current,
        "avatar_seed": identity["avatar_seed"],
    }
    return TemplateResponse(request, "accounts/profile.html", context, status=status)


@login_required
@require_GET
def my_comments(request: HttpRequest) -> HttpResponse:
    context = {
        "title": _("My comments"),
        "comments": comments_of_member(user=request.user),
        "claimable": claims.claimable_comments(user=request.user).count(),
        "addresses": claims.verified_addresses(request.user),
    }
    return TemplateResponse(request, "accounts/my_comments.html", context)


@login_required
@require_POST
def claim(request: HttpRequest) -> HttpResponse:
    count = claims.claim_guest_comments(user=request.user)
    messages.success(
        request,
        ngettext(
            "%(count)d comment you wrote as a guest is now yours.",
            "%(count)d comments you wrote as a guest are now yours.",
            count,
        )
        % {"count": count},
    )
    return HttpResponseRedirect(reverse("accounts:comments"))


@login_required
@require_GET
def my_data(request: HttpRequest) -> HttpResponse:
    return TemplateResponse(request, "accounts/data.html", {"title": _("My data")})


def _download(content: str, *, kind: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=EXPORT_TYPES[kind])
    response["Content-Disposition"] = f'attachment; filename="{name}.{kind}"'
    response["Cache-Control"] = "no-store"
    return response


def _export_kind(request: HttpRequest) -> str:
    kind = request.GET.get("format", "json")
    if kind not in EXPORT_TYPES:
        raise Http404(_("Exports come as JSON or CSV."))
    return kind


@login_required
@require_GET
def download(request: HttpRequest) -> HttpResponse:
    kind = _export_kind(request)
    data = export.member_export(user=request.user)
    content = data.as_json() if kind == "json" else data.as_csv()
    return _download(content, kind=kind, name="my-data")


@login_required
@reauthentication_required
@require_http_methods(["GET", "POST"])
def delete_account(request: HttpRequest) -> HttpResponse:
    form = DeleteAccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = request.user
        logout(request)
        erasure.delete_member(user=user, erase_text=form.cleaned_data["comments"] == "erase")
        return TemplateResponse(request, "accounts/deleted.html", {})
    status = 400 if request.method == "POST" else 200
    context = {"title": _("Delete my account"), "form": form}
    return TemplateResponse(request, "accounts/delete.html", context, status=status)


@require_GET
def public_profile(request: HttpRequest, user_id: int) -> HttpResponse:
    shown = get_object_or_404(
        Profile.objects.select_related("user"), user_id=user_id, is_public=True
    )
    context = {
        "shown": shown,
        "name": profiles.shown_name(shown.user, shown),
        "avatar_seed": profiles.member_identity(shown.user)["avatar_seed"],
        "comments": comments_of_member(user=shown.user, public_only=True)[:20],
    }
    return TemplateResponse(request, "accounts/public_profile.html", context)


# Guests ---------------------------------------------------------------------------------


def _over_link_rate(request: HttpRequest, email: str) -> bool:
    over_client = is_ratelimited(
        request,
        group="guest-link-client",
        key="ip",
        rate=settings.GUEST_LINK_RATE_PER_CLIENT,
        increment=True,
    )
    over_email = is_ratelimited(
        request,
        group="guest-link-email",
        key=lambda group, request: normalise_email(email),
        rate=settings.GUEST_LINK_RATE_PER_EMAIL,
        increment=True,
    )
    return over_client or over_email


@require_http_methods(["GET", "POST"])
def guest_request(request: HttpRequest) -> HttpResponse:
    """Ask for a link to one's guest comments. The answer is the same for every address."""
    form = GuestLinkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        if _over_link_rate(request, email):
            form.add_error(
                None,
                _("Too many links were asked for just now. Please try again in an hour."),
            )
            return TemplateResponse(
                request, "accounts/guest_request.html", {"form": form}, status=429
            )
        send_guest_link(email=email, request=request)
        context = {"email": email, "hours": settings.GUEST_LINK_HOURS}
        return TemplateResponse(request, "accounts/guest_sent.html", context)
    status = 400 if request.method == "POST" else 200
    return TemplateResponse(request, "accounts/guest_request.html", {"form": form}, status=status)


def _guest_email(request: HttpRequest, token: str) -> str | TemplateResponse:
    try:
        return email_from_token(token)
    except AccountsError as error:
        return TemplateResponse(
            request,
            "accounts/guest_link_refused.html",
            {"message": error.message},
            status=error.status,
        )


@require_http_methods(["GET", "POST"])
def guest_manage(request: HttpRequest, token: str) -> HttpResponse:
    email = _guest_email(request, token)
    if isinstance(email, TemplateResponse):
        return email
    if request.method == "POST":
        form = GuestEraseForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("That request was not understood; nothing was erased."))
            return HttpResponseRedirect(request.path)
        one = form.cleaned_data["comment"]
        count = erasure.erase_guest_comments(email=email, comment_ids=[one] if one else None)
        messages.success(
            request,
            ngettext(
                "Erased %(count)d comment. Its text, your name and your address are gone.",
                "Erased %(count)d comments. Their text, your name and your address are gone.",
                count,
            )
            % {"count": count},
        )
        return HttpResponseRedirect(request.path)
    context = {"email": email, "comments": comments_of_guest(email=email), "token": token}
    return TemplateResponse(request, "accounts/guest_manage.html", context)


@require_GET
def guest_download(request: HttpRequest, token: str) -> HttpResponse:
    email = _guest_email(request, token)
    if isinstance(email, TemplateResponse):
        return email
    kind = _export_kind(request)
    data = export.guest_export(email=email)
    return _download(
        data.as_json() if kind == "json" else data.as_csv(), kind=kind, name="my-comments"
    )
