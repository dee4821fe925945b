"""The notification stories: a real SMTP server (aiosmtpd) that the tests can stop and start,
and a way to follow a thread. The readers (the article's writer, Mara, Tomas, Inès) and
`say` are the shared cast in tests/conftest.py."""

import email
import email.policy
import socket
from email.message import Message

import pytest
from aiosmtpd.controller import Controller

from rejoinder.discussion.actions import CommentAuthor
from rejoinder.notifications.models import Scope, SubscriptionState
from rejoinder.notifications.services import confirm, subscribe
from rejoinder.notifications.tokens import Purpose, make_token


class Inbox:
    """What the SMTP server accepted, and a switch to refuse some recipients."""

    def __init__(self) -> None:
        self.messages: list[Message] = []
        self.refuse: set[str] = set()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return "550 5.1.1 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        message["X-Envelope-To"] = ", ".join(envelope.rcpt_tos)
        self.messages.append(message)
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list[Message]:
        return [m for m in self.messages if m["X-Envelope-To"] == address]

    def clear(self) -> None:
        self.messages.clear()


def text_part(message: Message) -> str:
    return _part(message, "text/plain")


def html_part(message: Message) -> str:
    return _part(message, "text/html")


def _part(message: Message, mimetype: str) -> str:
    for part in message.walk():
        if part.get_content_type() == mimetype:
            return part.get_payload(decode=True).decode(part.get_content_charset() or "utf-8")
    raise AssertionError(f"no {mimetype} part")


class SmtpServer:
    def __init__(self, port: int) -> None:
        self.port = port
        self.inbox = Inbox()
        self.controller: Controller | None = None

    def start(self) -> None:
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp(settings):
    server = SmtpServer(free_port())
    server.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = server.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 5
    settings.SITE_URL = "https://news.example.org"
    yield server
    server.stop()


@pytest.fixture
def inbox(smtp) -> Inbox:
    return smtp.inbox


@pytest.fixture
def follow(thread, inbox, django_capture_on_commit_callbacks):
    """Subscribe someone to the thread; a guest confirms through their link at once (and
    the confirmation mail is put aside, so stories start with an empty inbox)."""

    def follow(who: CommentAuthor, scope=Scope.ALL):
        user = who.reader.user
        with django_capture_on_commit_callbacks(execute=True):
            subscription = subscribe(
                thread=thread,
                scope=scope,
                email=user.email if user else who.email,
                user=user,
                reader_key=who.reader.key,
            )
        if subscription.state == SubscriptionState.PENDING:
            subscription = confirm(token=make_token(Purpose.CONFIRM, subscription.public_id))
        inbox.clear()
        return subscription

    return follow
