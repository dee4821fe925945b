"""Rejoinder's settings: the only module that reads environment variables.

With no variable set, Rejoinder runs as the embedded demo: SQLite in ./data, a local-memory
cache, mail kept in the local outbox, DEBUG off. Every variable is listed in the README.
"""

import os
from ipaddress import ip_network
from pathlib import Path
from urllib.parse import urlsplit

import environ
from django.core.exceptions import ImproperlyConfigured
from django.core.management.utils import get_random_secret_key


class _Environment(environ.Env):
    """django-environ's reader, refusing a number it cannot read (WEB_WORKERS=two) with the
    variable's name: django-environ's own ValueError names neither the variable nor the
    value. Only numbers: another kind's value may be a secret, and is not repeated."""

    NUMBERS = {int: "a whole number", float: "a number"}

    def get_value(self, var: str, cast=None, default=environ.Env.NOTSET, parse_default=False):
        try:
            return super().get_value(var, cast=cast, default=default, parse_default=parse_default)
        except ValueError:
            if cast not in self.NUMBERS:
                raise
            raise ImproperlyConfigured(
                f"{var}={os.environ.get(var, '')!r} is not {self.NUMBERS[cast]}."
            ) from None


env = _Environment()

PACKAGE_DIR = Path(__file__).resolve().parent
# Where the embedded database, media uploads and the generated secret key live.
DATA_DIR = Path(env.str("DATA_DIR", default=str(Path.cwd() / "data"))).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)

# Debug pages leak code and settings, so they need an explicit opt-in.
DEBUG = env.bool("DEBUG", default=False)

# Public address of the site, used for canonical URLs, feeds and mail links.
SITE_URL = env.str("SITE_URL", default="").rstrip("/")
_site = urlsplit(SITE_URL)
if SITE_URL and (_site.scheme not in ("http", "https") or not _site.hostname):
    raise ImproperlyConfigured(f"SITE_URL must look like https://example.org, not {SITE_URL!r}.")

# An external database means several app servers may share it; they must share one key.
_database_url = env.str("DATABASE_URL", default="")


def _secret_key() -> str:
    if key := env.str("SECRET_KEY", default=""):
        return key
    if _database_url and not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. With DATABASE_URL set, every app server must share one "
            "secret: set SECRET_KEY to a long random string (python -c 'import secrets; "
            "print(secrets.token_urlsafe(50))')."
        )
    # The embedded single-box default keeps a generated key beside its database.
    key_file = DATA_DIR / "secret_key"
    if not key_file.exists():
        key_file.touch(mode=0o600)
        key_file.write_text(get_random_secret_key())
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
if _site.hostname and _site.hostname not in ALLOWED_HOSTS:
    ALLOWED_HOSTS.append(_site.hostname)
CSRF_TRUSTED_ORIGINS = [f"{_site.scheme}://{_site.netloc}"] if SITE_URL else []

INSTALLED_APPS = [
    "rejoinder.core",
    "rejoinder.publishing",
    "rejoinder.discussion",
    "rejoinder.inline",
    "rejoinder.notifications",
    "rejoinder.moderation",
    "rejoinder.embed",
    "rejoinder.demo",
    "rejoinder.interop",
    "rejoinder.accounts",
    "rejoinder.live",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.routable_page",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_htmx",
    "django_ratelimit",
    "django_tasks",
    "django_tasks_db",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "allauth.socialaccount.providers.github",
    "allauth.socialaccount.providers.google",
    "allauth.socialaccount.providers.gitlab",
    "allauth.usersessions",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "rejoinder.core.middleware.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "rejoinder.core.middleware.LocalRedirectTargetMiddleware",
    # Requests from a discussion frame on another site: its reader and member, from a header.
    "rejoinder.embed.middleware.FrameIdentityMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "allauth.usersessions.middleware.UserSessionsMiddleware",
    "rejoinder.accounts.middleware.ProviderFormActionMiddleware",
]

ROOT_URLCONF = "rejoinder.urls"
WSGI_APPLICATION = "rejoinder.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "rejoinder.core.context_processors.site_meta",
                "rejoinder.accounts.context_processors.member",
            ],
        },
    },
]

# SQLite in DATA_DIR unless DATABASE_URL names another database (postgres://… at scale).
DATABASES = {
    "default": env.db_url_config(_database_url or f"sqlite:///{DATA_DIR / 'rejoinder.sqlite3'}")
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Django's backend, with each process's write transactions queued on a lock of its own
    # rather than in SQLite's busy handler (core/backends/sqlite3).
    DATABASES["default"]["ENGINE"] = "rejoinder.core.backends.sqlite3"
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers go on while one writer commits; IMMEDIATE takes the write lock at
        # the start of a transaction so two writers queue instead of failing mid-way.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
# The server's threads are a fixed pool (WEB_WORKERS × WEB_THREADS), so each keeps its
# connection: opening one per request cost a fifth of a page view.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=300)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Redis when REDIS_URL is set (shared by every app server); otherwise per-process memory.
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "rejoinder.core.redis_cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "rejoinder",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Rate-limit counters in a store of their own, shared by every server process and out of
# reach of page traffic (a flood of addresses would evict them from a bounded page cache):
# Redis with REDIS_URL, otherwise a table in the database (core/counters.py).
if REDIS_URL:
    CACHES["limits"] = {
        "BACKEND": "rejoinder.core.redis_cache.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "rejoinder-limits",
    }
else:
    CACHES["limits"] = {"BACKEND": "rejoinder.core.counters.CounterCache"}

# Background jobs: in the database by default, on Redis (rq) when REDIS_URL is set.
if REDIS_URL:
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]
    RQ_QUEUES = {"default": {"URL": REDIS_URL}}
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
else:
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# How often the worker publishes scheduled pages and unpublishes expired ones, in seconds.
SCHEDULED_PUBLISHING_INTERVAL = env.int("SCHEDULED_PUBLISHING_INTERVAL", default=30)
# The worker prints one line of finished background jobs at most this often (core/job_log.py).
JOB_SUMMARY_SECONDS = env.int("JOB_SUMMARY_SECONDS", default=60)

# smtp://user:password@host:587/?tls=True sends real mail; unset keeps it on the machine.
EMAIL_URL = env.str("EMAIL_URL", default="")
if EMAIL_URL:
    _email = env.email_url_config(EMAIL_URL)
    EMAIL_BACKEND = _email["EMAIL_BACKEND"]
    EMAIL_HOST = _email.get("EMAIL_HOST", "localhost")
    EMAIL_PORT = _email.get("EMAIL_PORT", 25)
    EMAIL_HOST_USER = _email.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = _email.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = _email.get("EMAIL_USE_TLS", False)
    EMAIL_USE_SSL = _email.get("EMAIL_USE_SSL", False)
else:
    # The demo keeps every mail in a table that staff read at /outbox/.
    EMAIL_BACKEND = "rejoinder.notifications.outbox.OutboxBackend"
EMAIL_TIMEOUT = 20
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Rejoinder <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = env.str("LANGUAGE_CODE", default="en-gb")
TIME_ZONE = env.str("TIME_ZONE", default="UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(DATA_DIR / "static")))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(DATA_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
}
if DEBUG:
    STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"

# Security headers. HSTS is sent only on HTTPS requests (SecurityMiddleware checks).
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "SAMEORIGIN"
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
# Behind a TLS-terminating proxy, trust its X-Forwarded-Proto header (only then).
BEHIND_TLS_PROXY = env.bool("BEHIND_TLS_PROXY", default=False)
if BEHIND_TLS_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Proxies (addresses or CIDR blocks) whose X-Forwarded-For names the client; none by default,
# so the header is ignored and the direct peer is the client (core/clients.py).
TRUSTED_PROXIES = [p.strip() for p in env.list("TRUSTED_PROXIES", default=[]) if p.strip()]
for _proxy in TRUSTED_PROXIES:
    try:
        ip_network(_proxy, strict=False)
    except ValueError:
        raise ImproperlyConfigured(
            f"TRUSTED_PROXIES holds {_proxy!r}, which is not an address or a CIDR block "
            "(e.g. 10.0.0.0/8 or ::1)."
        ) from None
# Readers reach the site over HTTPS when SITE_URL says so or a TLS proxy stands in front.
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = _site.scheme == "https" or BEHIND_TLS_PROXY
SESSION_COOKIE_HTTPONLY = True

WAGTAIL_SITE_NAME = env.str("SITE_NAME", default="The Rejoinder")
WAGTAILADMIN_BASE_URL = SITE_URL or "http://127.0.0.1:8000"
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
WAGTAILDOCS_EXTENSIONS = ["csv", "pdf", "txt"]
WAGTAIL_I18N_ENABLED = False

# Listings show this many articles a page; an article shows at most this many related ones.
ARTICLES_PER_PAGE = env.int("ARTICLES_PER_PAGE", default=10)
RELATED_ARTICLES_LIMIT = env.int("RELATED_ARTICLES_LIMIT", default=4)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # Wagtail and the job runner log every page change and job at INFO; keep the console
    # for what needs attention.
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        "wagtail": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
        "django_tasks_db": {"level": "WARNING"},
        # Pages answered from memory are counted in /metrics; a line each is opt-in.
        "rejoinder.access.kept": {
            "level": "INFO" if env.bool("LOG_KEPT_PAGES", default=False) else "WARNING"
        },
    },
}

# The production server `rejoinder serve` starts (granian, WSGI): processes, and threads in each.
# Two processes by default. One takes about 260 MB RSS for the whole tree instead of 490, but
# in the bench on 2 cores it spent 25-45% more CPU per page read (one process's threads
# contend for Python's lock) and served half the reads a second; WEB_WORKERS=1 is for small
# machines where memory counts more (issue 16).
SERVER_HOST = env.str("HOST", default="127.0.0.1")
SERVER_PORT = env.int("PORT", default=8000)
SERVER_WORKERS = env.int("WEB_WORKERS", default=2)
SERVER_THREADS = env.int("WEB_THREADS", default=4)
# Seconds a stopping server gives requests in flight before its processes are killed.
SERVER_STOP_SECONDS = env.int("SERVER_STOP_SECONDS", default=2)

# The discussion under every article.
COMMENTS_PER_PAGE = env.int("COMMENTS_PER_PAGE", default=20)  # top-level comments a page
COMMENT_DISPLAY_DEPTH = env.int("COMMENT_DISPLAY_DEPTH", default=5)  # deeper replies show flat
# Replies of one conversation a page shows; "Show more replies" brings the next as many.
COMMENT_REPLIES_SHOWN = env.int("COMMENT_REPLIES_SHOWN", default=10)
COMMENT_MAX_LENGTH = env.int("COMMENT_MAX_LENGTH", default=5000)  # characters of Markdown
COMMENT_EDIT_WINDOW_MINUTES = env.int("COMMENT_EDIT_WINDOW_MINUTES", default=15)
# Votes update the totals on every page at once; the "Most Voted" order follows them within
# this many seconds (its pages are re-ranked no more often, so votes don't re-render them).
VOTE_RERANK_SECONDS = env.int("VOTE_RERANK_SECONDS", default=30)
COUNTS_MAX_URLS = env.int("COUNTS_MAX_URLS", default=100)  # addresses one counts request may ask
# Pages of comments each server process keeps ready for readers without an identity (0: none).
SHARED_READS_KEPT = env.int("SHARED_READS_KEPT", default=64)
# A kept page is served without reading its state again while the database shows no change
# (core.changes: SQLite's data version, PostgreSQL's NOTIFY from the tables it reads), for at
# most this many seconds: the bound on staleness if announcements stop without an error.
# 0: read it on every request.
SHARED_READS_RECHECK_SECONDS = env.float("SHARED_READS_RECHECK_SECONDS", default=1.0)
# Rate limits, as django-ratelimit rates ("5/m" = five a minute), counted in CACHES["limits"].
COMMENT_RATE_PER_CLIENT = env.str("COMMENT_RATE_PER_CLIENT", default="5/m")
COMMENT_RATE_PER_EMAIL = env.str("COMMENT_RATE_PER_EMAIL", default="20/h")
# What screens every new or edited comment before it is written (the moderation policy);
# its thresholds and word lists are edited in the admin (Moderation settings).
COMMENT_SCREENING = "rejoinder.moderation.policy.screen"
# When a rule closes a discussion its moderators have not (a category's closing age), so
# that the page shows it closed before the worker's pass closes it for good.
THREAD_CLOSING = "rejoinder.moderation.closing.closing_time"
# Whom moderation asks which category's rules a thread not under an article follows
# (moderation/placement.py): the embed's sites each name one for their pages' discussions.
THREAD_PLACEMENTS = ["rejoinder.embed.placement.EXTERNAL_PAGES"]
# What staff may do to a comment where it stands on the page (remove, spam, feature):
# moderation draws the controls, the discussion lays them over its pages for staff alone.
COMMENT_STAFF_CONTROLS = "rejoinder.moderation.in_place.controls"
VOTE_RATE_PER_CLIENT = env.str("VOTE_RATE_PER_CLIENT", default="60/m")
# Avatars are identicons drawn here; Gravatar would tell a third party who reads what.
GRAVATAR_ENABLED = env.bool("GRAVATAR_ENABLED", default=False)
# Wagtail's admin too: its default avatar is served by us (Gravatar is also outside our CSP).
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# The admin would ask releases.wagtail.org for news on every visit: a third party, and our
# CSP blocks it anyway. Upgrades come through requirements.lock.
WAGTAIL_ENABLE_UPDATE_CHECK = False
# Wagtail's autosave is off (0; milliseconds otherwise): on the create form it still sends the
# autosave it had queued after the editor pressed a button, and when that autosave reaches a
# slow server first it creates the page and the editor's own save (their go-live time, say) is
# refused or fails (issue #18). Editors keep "Save draft" and Wagtail's warning about unsaved
# changes when they leave a form.
WAGTAIL_AUTOSAVE_INTERVAL = env.int("WAGTAIL_AUTOSAVE_INTERVAL", default=0)
RATELIMIT_USE_CACHE = "limits"
RATELIMIT_ENABLE = env.bool("RATELIMIT_ENABLE", default=True)
# django-ratelimit's "ip" key is the client behind any trusted proxy, never the proxy.
RATELIMIT_IP_META_KEY = "rejoinder.core.clients.client_address"
# django-ratelimit knows only django-redis by name; Django's own Redis cache and our counter
# table both count atomically and are shared by every process.
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.W001"]
# Votes on one comment from one network address, and votes there from browsers without a
# reader cookie (a client dropping its cookie would otherwise be a new voter every time).
VOTE_RATE_PER_COMMENT = env.str("VOTE_RATE_PER_COMMENT", default="10/h")
VOTE_RATE_WITHOUT_COOKIE = env.str("VOTE_RATE_WITHOUT_COOKIE", default="1/d")
# Reports per network address, and on one comment from one network address.
REPORT_RATE_PER_CLIENT = env.str("REPORT_RATE_PER_CLIENT", default="10/h")
REPORT_RATE_PER_COMMENT = env.str("REPORT_RATE_PER_COMMENT", default="1/d")
# Follow requests per network address, and confirmation mails asked for one e-mail address.
FOLLOW_RATE_PER_CLIENT = env.str("FOLLOW_RATE_PER_CLIENT", default="10/h")
FOLLOW_RATE_PER_EMAIL = env.str("FOLLOW_RATE_PER_EMAIL", default="3/h")

# Notifications of new comments by e-mail.
# Minutes: a reader gets at most one mail per article in this window, listing the burst.
NOTIFY_GROUP_MINUTES = env.int("NOTIFY_GROUP_MINUTES", default=5)
NOTIFY_BATCH_SIZE = env.int("NOTIFY_BATCH_SIZE", default=500)  # recipients per sending job
NOTIFY_CONFIRM_DAYS = env.int("NOTIFY_CONFIRM_DAYS", default=7)  # life of a confirm link
NOTIFY_MANAGE_LINK_DAYS = env.int("NOTIFY_MANAGE_LINK_DAYS", default=90)  # of a manage link
NOTIFY_DIGEST_HOUR = env.int("NOTIFY_DIGEST_HOUR", default=7)  # daily digests go out after this
NOTIFY_MAX_ATTEMPTS = env.int("NOTIFY_MAX_ATTEMPTS", default=12)  # failed sends before giving up
# A send pass that died is presumed dead after this long and its mails are claimed again.
NOTIFY_CLAIM_TIMEOUT_MINUTES = env.int("NOTIFY_CLAIM_TIMEOUT_MINUTES", default=15)

# The "submit a comment" use case (passage check, post, "Notify of") every adapter calls;
# the discussion's form view reaches it through this name (discussion/submission.py).
COMMENT_SUBMISSION = "rejoinder.commenting.submit.submit_comment"
# The public JSON API (rejoinder/api, on django-ninja); "ninja" serves its docs' own assets,
# and "wagtail.api.v3" turns on the admin's Settings → API tokens, where staff make the
# tokens servers call it with (its own API is not routed).
INSTALLED_APPS += ["rejoinder.api", "ninja", "wagtail.api.v3"]
# Reader accounts (django-allauth): e-mail and password, sign-in codes, OpenID Connect and
# social providers that staff add in the admin (Social applications), no code needed.
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "accounts:profile"
ACCOUNT_ADAPTER = "rejoinder.accounts.adapter.AccountAdapter"
SOCIALACCOUNT_ADAPTER = "rejoinder.accounts.adapter.SocialAccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "rejoinder.accounts.forms.SignupExtraForm"  # asks a display name
ACCOUNT_EMAIL_VERIFICATION = "mandatory"  # a reader proves their address before signing in
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_CHANGE_EMAIL = True  # a new address is verified before it replaces the old one
ACCOUNT_LOGIN_BY_CODE_ENABLED = True  # passwordless: a code sent by e-mail
ACCOUNT_SESSION_REMEMBER = None  # "Remember me" is the reader's choice on the sign-in form
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = f"[{WAGTAIL_SITE_NAME}] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = _site.scheme or "http"
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False  # a provider's claim alone never opens an account
SOCIALACCOUNT_AUTO_SIGNUP = True
SOCIALACCOUNT_STORE_TOKENS = False  # we only need who the reader is, not their tokens
SOCIALACCOUNT_LOGIN_ON_GET = False
USERSESSIONS_TRACK_ACTIVITY = False
# Staff add providers in the admin; these only name the kinds on offer.
SOCIALACCOUNT_PROVIDERS = {"openid_connect": {"OAUTH_PKCE_ENABLED": True}}
# How the discussion shows a signed-in commenter (name, avatar, profile link): the profile.
MEMBER_IDENTITY = "rejoinder.accounts.profiles.member_identity"
# Where the discussion's avatar view finds uploaded avatars before drawing an identicon.
UPLOADED_AVATAR = "rejoinder.accounts.profiles.uploaded_avatar"
# Hours a guest's "manage my comments" link works.
GUEST_LINK_HOURS = env.int("GUEST_LINK_HOURS", default=24)
# Links a guest may ask for: per address and per network address (django-ratelimit rates).
GUEST_LINK_RATE_PER_EMAIL = env.str("GUEST_LINK_RATE_PER_EMAIL", default="3/h")
GUEST_LINK_RATE_PER_CLIENT = env.str("GUEST_LINK_RATE_PER_CLIENT", default="10/h")
# Approved comments after which a reader with no comment taken for spam or removed and no
# ban is trusted: their comments skip the pre-moderation of new guests.
TRUSTED_AFTER_APPROVED = env.int("TRUSTED_AFTER_APPROVED", default=1)
# Largest avatar upload in megabytes; larger ones are refused with a message.
AVATAR_MAX_MEGABYTES = env.int("AVATAR_MAX_MEGABYTES", default=5)

# Running it in production (README "Deploying"): health, logs, metrics, errors, workers.
# Mail links without SITE_URL name the address `rejoinder serve` listens on (HOST:PORT), so
# `PORT=8080 make run` mails links that work; a wildcard HOST falls back to the first host
# name in ALLOWED_HOSTS (and a system check asks for SITE_URL).
if not SITE_URL:
    _named_hosts = [host for host in ALLOWED_HOSTS if host != "*" and not host.startswith(".")]
    _mail_host = SERVER_HOST
    if SERVER_HOST in ("0.0.0.0", "::", ""):
        _mail_host = _named_hosts[0] if _named_hosts else "127.0.0.1"
    if ":" in _mail_host and not _mail_host.startswith("["):
        _mail_host = f"[{_mail_host}]"  # an IPv6 address in a URL
    WAGTAILADMIN_BASE_URL = f"http://{_mail_host}:{SERVER_PORT}"
# Whether `rejoinder setup` loads the demo (with its staff accounts and their published
# password) when asked neither way: only on the embedded box, never on a site with a public
# address or an external database unless `--demo` says so.
DEMO_BY_DEFAULT = not (SITE_URL or _database_url)
# Seconds between a worker's heartbeats (and renewals of its periodic-jobs lease).
WORKER_HEARTBEAT_SECONDS = env.int("WORKER_HEARTBEAT_SECONDS", default=10)
# /readyz answers 503 when no worker has beaten for this many seconds.
WORKER_STALE_SECONDS = env.int("WORKER_STALE_SECONDS", default=90)
# A worker that stops renewing loses the periodic jobs to another after this many seconds.
WORKER_LEASE_SECONDS = env.int("WORKER_LEASE_SECONDS", default=60)
# Each process's metric values for /metrics (prometheus-client's multiprocess mode, which
# reads this variable when it loads, before any metric exists).
METRICS_DIR = Path(env.str("METRICS_DIR", default=str(DATA_DIR / "metrics"))).resolve()
METRICS_DIR.mkdir(parents=True, exist_ok=True)
os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(METRICS_DIR)
# A bearer token a Prometheus scraper sends to /metrics (staff may read it signed in).
METRICS_TOKEN = env.str("METRICS_TOKEN", default="")
# Every response carries a request id, and so does every log line written while it ran.
MIDDLEWARE = [
    "rejoinder.core.request_id.RequestIdMiddleware",
    "rejoinder.core.metrics.MetricsMiddleware",
    *MIDDLEWARE,
]
LOGGING["filters"] = {
    "request_id": {"()": "rejoinder.core.request_id.RequestIdFilter"},
    "summarise_jobs": {"()": "rejoinder.core.job_log.SummariseJobs"},
}
LOGGING["formatters"] = {
    "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"}
}
LOGGING["handlers"]["console"] |= {
    "formatter": "plain",
    "filters": ["request_id", "summarise_jobs"],
}
# Errors to Sentry (or a compatible service such as GlitchTip) when a DSN is given.
SENTRY_DSN = env.str("SENTRY_DSN", default="")
if SENTRY_DSN:
    import sentry_sdk

    sentry_sdk.init(
        dsn=SENTRY_DSN,
        environment=env.str("SENTRY_ENVIRONMENT", default="production"),
        # Share of requests traced for performance; errors are always sent.
        traces_sample_rate=env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0),
        send_default_pii=False,  # readers' addresses and e-mails stay here
    )
# Wagtail's documents go through its serve view, which checks a private collection's
# restrictions; the media route serves only the public files (images).
WAGTAILDOCS_SERVE_METHOD = "serve_view"
# PostgreSQL connections from a pool (psycopg_pool) of at most this many per process
# instead of one kept per server thread; 0 keeps one per thread (DATABASE_CONN_MAX_AGE).
DATABASE_POOL_SIZE = env.int("DATABASE_POOL_SIZE", default=0)
if DATABASE_POOL_SIZE and DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": 1,
        "max_size": DATABASE_POOL_SIZE,
        "timeout": 10,  # seconds a request waits for a free connection before failing
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0  # the pool keeps them; Django must not

# Live discussion (rejoinder/live): events over Server-Sent Events from an async process.
# `rejoinder serve` starts it on LIVE_PORT (default PORT + 1; 0: none) with LIVE_WORKERS
# processes; the proxy routes /live/ there. Without it, the site answers /live/ itself briefly
# and browsers come back every LIVE_POLL_SECONDS (light polling).
LIVE_PORT = env.int("LIVE_PORT", default=SERVER_PORT + 1)
LIVE_WORKERS = env.int("LIVE_WORKERS", default=1)
# Open event streams one live process holds; more are refused (503) and those readers poll.
LIVE_MAX_CONNECTIONS = env.int("LIVE_MAX_CONNECTIONS", default=5000)
LIVE_HEARTBEAT_SECONDS = env.int("LIVE_HEARTBEAT_SECONDS", default=20)  # keeps proxies open
# A stream is closed after this long; the browser reconnects and is sent what it missed.
LIVE_STREAM_SECONDS = env.int("LIVE_STREAM_SECONDS", default=600)
LIVE_POLL_SECONDS = env.int("LIVE_POLL_SECONDS", default=3)  # between polls, when polling
# How far back a reconnecting browser is sent what it missed; beyond it, it reloads the list.
LIVE_REPLAY_SECONDS = env.int("LIVE_REPLAY_SECONDS", default=300)
# The Redis pub/sub channel live events go out on. Channels ignore Redis's database number,
# so the channel names it: sites given databases of their own on one server (as the cache
# and the jobs want) hear only their own events.
_redis_database = 0
if REDIS_URL:
    from redis.connection import parse_url

    _redis_database = parse_url(REDIS_URL).get("db", 0)
LIVE_CHANNEL = env.str("LIVE_CHANNEL", default=f"rejoinder:live:{_redis_database}")
# Without REDIS_URL each live process reads new events from the database this often.
LIVE_DATABASE_POLL_SECONDS = env.float("LIVE_DATABASE_POLL_SECONDS", default=0.25)
