"""The demo's mail backend: with EMAIL_URL unset nothing leaves the machine, and every mail
is kept in a table that staff read on the Outbox page (/outbox/)."""

from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.message import EmailMessage

from rejoinder.notifications.models import OutboxMessage


def _parts(message: EmailMessage) -> tuple[str, str]:
    """The text body and, for a multipart mail, its HTML alternative."""
    alternatives = getattr(message, "alternatives", [])
    html = next((content for content, mimetype in alternatives if mimetype == "text/html"), "")
    return message.body, html


class OutboxBackend(BaseEmailBackend):
    def send_messages(self, email_messages) -> int:
        rows = []
        for message in email_messages:
            text, html = _parts(message)
            mime = message.message()
            headers = "\n".join(f"{name}: {value}" for name, value in mime.items())
            rows.append(
                OutboxMessage(
                    subject=message.subject,
                    from_email=message.from_email,
                    to=", ".join(message.recipients()),
                    headers=headers,
                    text=text,
                    html=html,
                )
            )
        OutboxMessage.objects.bulk_create(rows)
        return len(rows)
