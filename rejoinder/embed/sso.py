"""Single sign-on: a host site vouches for its member with an HS256 JWT signed with the
site's SSO secret. Checking it is PyJWT's job; what a refusal says is ours."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from rejoinder.embed.errors import SignInRefused

LEEWAY_SECONDS = 30  # clocks of two machines disagree a little
MAX_NAME_LENGTH = 80


@dataclass(frozen=True)
class MemberClaims:
    id: str
    name: str
    email: str
    avatar_url: str = ""
    profile_url: str = ""


def _web_address(value: object) -> str:
    text = str(value or "").strip()
    return text if text.startswith(("https://", "http://")) and len(text) <= 500 else ""


def verify_member_token(token: str, *, secret: str, site_key: str) -> MemberClaims:
    """The member a token vouches for. Refused, with a reason a developer can act on: no
    secret yet, expired, altered or signed with another site's secret, meant for another
    site (`aud`), or missing the member's id or name."""
    if not secret:
        raise SignInRefused(_("This site has no SSO secret yet: generate one in the admin."))
    # Imported here, not with the module: PyJWT imports `cryptography` (about 8 MB in every
    # server process, issue 16) although HS256 needs none of it, and only a site that uses
    # single sign-on gets here.
    import jwt

    try:
        claims = jwt.decode(
            token,
            secret,
            algorithms=["HS256"],
            options={"require": ["exp"], "verify_aud": False},
            leeway=LEEWAY_SECONDS,
        )
    except jwt.ExpiredSignatureError as error:
        raise SignInRefused(_("The sign-in token has expired: mint a fresh one.")) from error
    except jwt.MissingRequiredClaimError as error:
        raise SignInRefused(_("The sign-in token has no expiry (exp).")) from error
    except jwt.InvalidSignatureError as error:
        raise SignInRefused(
            _(
                "The sign-in token's signature does not match this site's SSO secret "
                "(altered, or signed for another site)."
            )
        ) from error
    except jwt.InvalidTokenError as error:
        raise SignInRefused(_("The sign-in token is not a valid HS256 JWT.")) from error
    if "aud" in claims and claims["aud"] != site_key:
        raise SignInRefused(_("The sign-in token is meant for another site."))
    member_id = str(claims.get("id") or "").strip()
    name = str(claims.get("name") or "").strip()
    if not member_id or len(member_id) > 255:
        raise SignInRefused(_("The sign-in token has no member id (id)."))
    if not name:
        raise SignInRefused(_("The sign-in token has no name to show (name)."))
    email = str(claims.get("email") or "").strip()
    if email:
        try:
            validate_email(email)
        except ValidationError as error:
            raise SignInRefused(_("The sign-in token's e-mail is not an address.")) from error
    return MemberClaims(
        id=member_id,
        name=name[:MAX_NAME_LENGTH],
        email=email,
        avatar_url=_web_address(claims.get("avatar")),
        profile_url=_web_address(claims.get("url")),
    )
