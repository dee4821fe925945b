"""A guest proves an address by opening a link sent to it: the link carries the address,
signed with the site's secret and a purpose of its own, and works for GUEST_LINK_HOURS."""

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from rejoinder.accounts.errors import BadGuestLink, GuestLinkExpired
from rejoinder.core.links import absolute_url
from rejoinder.discussion.actions import normalise_email

SALT = "rejoinder.accounts.guest-comments"


def make_guest_token(email: str) -> str:
    return signing.dumps(normalise_email(email), salt=SALT, compress=True)


def email_from_token(token: str) -> str:
    """The address the link was sent to; raises GuestLinkExpired or BadGuestLink."""
    try:
        return signing.loads(token, salt=SALT, max_age=settings.GUEST_LINK_HOURS * 3600)
    except signing.SignatureExpired as error:
        raise GuestLinkExpired() from error
    except signing.BadSignature as error:
        raise BadGuestLink() from error


def send_guest_link(*, email: str, request) -> None:
    """Mail the link to `email`, whether or not it has comments: the page that asked must
    not tell a stranger which addresses have commented here."""
    url = absolute_url(request, reverse("accounts:guest_manage", args=[make_guest_token(email)]))
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "site_name": settings.WAGTAIL_SITE_NAME,
            "url": url,
            "hours": settings.GUEST_LINK_HOURS,
        }
        message = EmailMultiAlternatives(
            subject=_("Your comments on %(site)s") % {"site": settings.WAGTAIL_SITE_NAME},
            body=render_to_string("accounts/mail/guest_link.txt", context),
            to=[email],
        )
        message.attach_alternative(
            render_to_string("accounts/mail/guest_link.html", context), "text/html"
        )
    message.send()
