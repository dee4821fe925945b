"""Start the provider: `python -m tests.accounts.oidc_provider.serve PORT CLIENT_ID SECRET
REDIRECT_URI`, with OIDC_PROVIDER_DB naming a fresh SQLite file. It creates one person who
may sign in (sailor / sailor-password-2025) and one client, then serves until stopped."""

import os
import sys


def main() -> None:
    port, client_id, secret, redirect_uri = sys.argv[1:5]
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.accounts.oidc_provider.settings"
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from oauth2_provider.models import Application

    call_command("migrate", verbosity=0)
    get_user_model().objects.create_user(
        "sailor",
        email="sailor@harbour.example",
        password="sailor-password-2025",
        first_name="Sal",
        last_name="Mariner",
    )
    Application.objects.create(
        name="The Rejoinder",
        client_id=client_id,
        client_secret=secret,
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
        redirect_uris=redirect_uri,
        algorithm=Application.RS256_ALGORITHM,
    )
    call_command("runserver", f"127.0.0.1:{port}", "--noreload", verbosity=0)


if __name__ == "__main__":
    main()
