"""Why an embed request was refused, in words the host's developer or the reader can be shown."""

from django.utils.translation import gettext_lazy as _

from rejoinder.core.errors import RefusedError


class EmbedError(RefusedError):
    pass


class UnknownSite(EmbedError):
    message = _("No site is registered under that key.")
    status = 404


class OriginNotAllowed(EmbedError):
    status = 403


class BadPage(EmbedError):
    pass


class FrameExpired(EmbedError):
    message = _("This discussion has been open a long time: reload the page to go on.")
    status = 403


class SiteClosed(EmbedError):
    message = _("This site's discussions are closed to new comments and votes.")
    status = 403


class SignInRefused(EmbedError):
    """An SSO token that was expired, altered, for another site or incomplete."""

    status = 403
