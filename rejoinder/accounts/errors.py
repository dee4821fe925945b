"""Why an accounts action was refused, in words the reader can be shown."""

from django.utils.translation import gettext_lazy as _

from rejoinder.core.errors import RefusedError


class AccountsError(RefusedError):
    pass


class AvatarRefused(AccountsError):
    message = _("That file is not a picture we can use. Upload a PNG, JPEG, GIF or WebP image.")


class BadGuestLink(AccountsError):
    message = _("This link is not valid: it may have been changed or cut short. Ask for a new one.")
    status = 400


class GuestLinkExpired(BadGuestLink):
    message = _("This link has expired. Ask for a new one: it comes within a minute.")
    status = 410
