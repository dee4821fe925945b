"""Why a notification request was refused, in words the reader can be shown."""

from django.utils.translation import gettext_lazy as _

from rejoinder.core.errors import RefusedError


class NotificationError(RefusedError):
    pass


class NoAddress(NotificationError):
    message = _("Give an e-mail address to be notified at.")


class LinkInvalid(NotificationError):
    message = _(
        "This link is not valid: it may have been cut short or changed. "
        "Use the link exactly as it is in the e-mail."
    )


class LinkExpired(NotificationError):
    message = _("This link has expired. Subscribe again to get a new one.")


class SubscriptionGone(NotificationError):
    message = _("This subscription no longer exists.")
    status = 404
