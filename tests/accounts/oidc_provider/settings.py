"""A small OpenID Connect provider (django-oauth-toolkit) that the OIDC browser test starts
in a process of its own on loopback: a real provider, talking real HTTP, not a mock."""

import os
from pathlib import Path

from jwcrypto import jwk

HERE = Path(__file__).resolve().parent
SECRET_KEY = "oidc-test-provider-secret-key-0123456789-abcdefghij"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "tests.accounts.oidc_provider.urls"
INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "oauth2_provider",
]
MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
]
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [HERE / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
            ]
        },
    }
]
DATABASES = {
    "default": {"ENGINE": "django.db.backends.sqlite3", "NAME": os.environ["OIDC_PROVIDER_DB"]}
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
USE_TZ = True
# Its own cookie name: the site under test runs on the same machine.
SESSION_COOKIE_NAME = "provider_session"
CSRF_COOKIE_NAME = "provider_csrftoken"
LOGIN_URL = "/login/"
OAUTH2_PROVIDER = {
    "OIDC_ENABLED": True,
    "OIDC_RSA_PRIVATE_KEY": jwk.JWK.generate(kty="RSA", size=2048)
    .export_to_pem(private_key=True, password=None)
    .decode(),
    "SCOPES": {"openid": "Who you are", "email": "Your e-mail address", "profile": "Your name"},
    "OAUTH2_VALIDATOR_CLASS": "tests.accounts.oidc_provider.validator.ClaimsValidator",
    "PKCE_REQUIRED": True,
}
