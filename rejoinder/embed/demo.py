"""The demo's embedding site: a made-up blog, "Field Notes", that `make run` serves at
http://localhost:PORT/embed/example/ — another origin than Rejoinder's 127.0.0.1:PORT."""

import time

from django.conf import settings

from rejoinder.embed import actions
from rejoinder.embed.models import Site

DEMO_SITE_KEY = "demo-blog"


def load_embed_demo() -> Site:
    """Register the demo blog (once) with an SSO secret, so its page can sign a member in."""
    site, created = Site.objects.get_or_create(
        key=DEMO_SITE_KEY,
        defaults={
            "name": "Field Notes (demo blog)",
            "allowed_origins": f"http://localhost:{settings.SERVER_PORT}",
        },
    )
    if created:
        site.full_clean()
        site.save()
        actions.rotate_sso_secret(site=site)
    return site


def demo_member_token(site: Site, *, name: str) -> str:
    """What the demo blog's own server would mint for its signed-in member: an hour's HS256
    token with the site's SSO secret (README: "Single sign-on")."""
    import jwt  # here, not with the module: see sso.verify_member_token

    claims = {"id": "demo-member-1", "name": name, "exp": int(time.time()) + 3600}
    return jwt.encode(claims, site.sso_secret, algorithm="HS256")
