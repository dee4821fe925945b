"""Every write the embed makes: a page's thread on its first comment, its title and address
as the embed reports them, members signed in by SSO, and the site's secret and state."""

import hashlib
import secrets

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from rejoinder.discussion.models import Thread
from rejoinder.embed.models import ExternalPage, Member, Site
from rejoinder.embed.queries import site_threads
from rejoinder.embed.sso import MemberClaims

TITLE_LENGTH = Thread._meta.get_field("title").max_length
URL_LENGTH = Thread._meta.get_field("url").max_length


def thread_key(*, site: Site, identifier: str) -> str:
    """Thread.key for a page of a site: unique, and short whatever the identifier's length."""
    digest = hashlib.sha256(identifier.encode()).hexdigest()
    return f"site:{site.pk}:{digest}"


def open_external_thread(*, site: Site, identifier: str, url: str, title: str) -> Thread:
    """The page's thread, created if it has none: called with the page's first comment, so
    that views (a crawler's too) create nothing. Two first comments at once get one thread:
    the thread's unique key and the page's unique (site, identifier) both hold."""
    shown = {"title": title[:TITLE_LENGTH] or url[:TITLE_LENGTH], "url": url[:URL_LENGTH]}
    try:
        with transaction.atomic():
            thread, _created = Thread.objects.get_or_create(
                key=thread_key(site=site, identifier=identifier), defaults=shown
            )
            ExternalPage.objects.get_or_create(
                site=site, identifier=identifier, defaults={"thread": thread}
            )
    except IntegrityError:  # the other first comment won the race: use its thread
        thread = Thread.objects.get(key=thread_key(site=site, identifier=identifier))
    return thread


def update_page_details(*, thread: Thread, url: str, title: str) -> Thread:
    """Keep the title and address the embed reports (the caller has checked the address is
    on one of the site's origins), so mail, the queue and counts by address follow a page
    that was renamed or moved. Writes only when something changed."""
    shown = {"title": title[:TITLE_LENGTH] or thread.title, "url": url[:URL_LENGTH]}
    if shown != {"title": thread.title, "url": thread.url}:
        Thread.objects.filter(pk=thread.pk).update(**shown)
        thread.title, thread.url = shown["title"], shown["url"]
    return thread


def sign_in_member(*, site: Site, claims: MemberClaims) -> Member:
    """The member's account here, created on their first sign-in and kept in step with the
    name and address their site vouches for on each one after."""
    User = get_user_model()
    with transaction.atomic():
        member = (
            Member.objects.select_for_update()
            .select_related("user")
            .filter(site=site, external_id=claims.id)
            .first()
        )
        if member is None:
            digest = hashlib.sha256(f"{site.pk}:{claims.id}".encode()).hexdigest()[:24]
            user = User(username=f"embed-{site.pk}-{digest}")
            user.set_unusable_password()
            member = Member(site=site, external_id=claims.id)
        else:
            user = member.user
        user.first_name, user.last_name, user.email = claims.name, "", claims.email
        user.save()
        member.user = user
        member.profile_url, member.avatar_url = claims.profile_url, claims.avatar_url
        member.save()
    return member


def rotate_sso_secret(*, site: Site) -> str:
    """A new SSO secret for the site, returned once for staff to copy: tokens signed with
    the old one are refused from now on."""
    secret = secrets.token_urlsafe(32)
    Site.objects.filter(pk=site.pk).update(sso_secret=secret, sso_secret_rotated_at=timezone.now())
    site.sso_secret = secret
    return secret


def set_site_open(*, site: Site, is_open: bool) -> None:
    """Open or close every discussion of the site at once (the site's switch in the admin),
    so the discussion's own checks refuse comments and votes on a closed one."""
    with transaction.atomic():
        Site.objects.filter(pk=site.pk).update(is_open=is_open)
        site_threads(site).filter(is_closed=is_open).update(
            is_closed=not is_open, revision=F("revision") + 1
        )
    site.is_open = is_open
