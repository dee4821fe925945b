"""System checks for a site going public: they run at `rejoinder setup` (migrate), before
`rejoinder serve` and `rejoinder worker` start, and with `rejoinder manage check`.

What the embedded demo does on purpose (mail kept in the outbox, staff accounts with the
demo's published password) is a mistake on a public site, so these speak up only there."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import checks
from django.db import DatabaseError

# The password the demo prints for its staff accounts (demo.loader, moderation.demo); kept
# here as a plain string so that core need not import the apps above it.
DEMO_PASSWORD = "rejoinder-demo"
WILDCARD_HOSTS = ("0.0.0.0", "::", "")


def _is_public() -> bool:
    return not settings.DEMO_BY_DEFAULT or settings.SERVER_HOST in WILDCARD_HOSTS


def mail_stays_local(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    if settings.SITE_URL and not settings.EMAIL_URL:
        return [
            checks.Warning(
                "MAIL IS NOT SENT: SITE_URL is set but EMAIL_URL is not, so every mail "
                "(confirmations, notifications) stays in the local outbox at /outbox/ and "
                "never reaches a reader.",
                hint="Set EMAIL_URL, e.g. smtp://user:password@mail.example.org:587/?tls=True",
                id="rejoinder.W001",
            )
        ]
    return []


def mail_links_need_site_url(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    if not settings.SITE_URL and settings.SERVER_HOST in WILDCARD_HOSTS:
        return [
            checks.Warning(
                f"HOST={settings.SERVER_HOST!r} serves every interface but SITE_URL is unset: "
                f"mail links will say {settings.WAGTAILADMIN_BASE_URL}.",
                hint="Set SITE_URL to the address readers use, e.g. https://news.example.org",
                id="rejoinder.W002",
            )
        ]
    return []


def staff_with_demo_password(app_configs=None, databases=None, **kwargs):
    """Staff accounts whose password is still the demo's published one (one password hash
    per active staff account, so it runs only where the database is checked: migrate,
    `check --database default`)."""
    if not databases or not _is_public():
        return []
    try:
        staff = list(get_user_model().objects.filter(is_staff=True, is_active=True))
    except DatabaseError:
        return []  # not migrated yet: there is no account to flag
    exposed = sorted(user.get_username() for user in staff if user.check_password(DEMO_PASSWORD))
    if not exposed:
        return []
    return [
        checks.Warning(
            f"Staff account(s) {', '.join(exposed)} still use the demo's published password "
            f"{DEMO_PASSWORD!r}: anyone can sign in as them.",
            hint="Change it with `rejoinder manage changepassword <name>`, or deactivate them.",
            id="rejoinder.W003",
        )
    ]


def register() -> None:
    checks.register(mail_stays_local, "rejoinder")
    checks.register(mail_links_need_site_url, "rejoinder")
    checks.register(staff_with_demo_password, "rejoinder", checks.Tags.database)
