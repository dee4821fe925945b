"""How allauth fits the site: mail through the site's mail path, names from providers."""

import logging
import smtplib

from allauth.account.adapter import DefaultAccountAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.contrib import messages
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """allauth's mail goes through settings.EMAIL_BACKEND like every other mail (the
        outbox, or SMTP). A mail server that is down gets the reader a message, not a 500."""
        try:
            super().send_mail(template_prefix, email, context)
        except (smtplib.SMTPException, OSError):
            logger.exception("could not send %s", template_prefix)
            if request := context.get("request") or getattr(self, "request", None):
                messages.error(
                    request,
                    _("We could not send the e-mail just now. Please try again in a few minutes."),
                )


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def populate_user(self, request, sociallogin, data):
        """A provider's name for the reader becomes the name beside their comments."""
        user = super().populate_user(request, sociallogin, data)
        if not (user.first_name or user.last_name) and (name := data.get("name")):
            user.first_name = name[:150]
        return user
