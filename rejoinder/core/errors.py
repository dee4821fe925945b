"""The base of every refusal a reader may be shown: each app names its own reasons."""

from django.utils.translation import gettext_lazy as _


class RefusedError(Exception):
    """Raised before any write; `message` is safe to show to the reader, `status` is the
    HTTP status a view answers with."""

    message = _("That can't be done.")
    status = 400

    def __init__(self, message: str | None = None) -> None:
        if message is not None:
            self.message = message
        super().__init__(str(self.message))
