"""Profiles: how a signed-in reader is shown beside their comments, and the writes that
change it. The discussion asks `member_identity` (settings.MEMBER_IDENTITY) when a member
posts and `uploaded_avatar` (settings.UPLOADED_AVATAR) when it serves an avatar."""

import io
import secrets
import warnings

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from rejoinder.accounts.errors import AvatarRefused
from rejoinder.accounts.models import Profile
from rejoinder.discussion.actions import MAX_NAME_LENGTH, account_identity, restyle_member_comments

AVATAR_PIXELS = 256  # stored square; shown at 40 px, sharp on dense screens
# Larger pictures than this are refused before decoding: a small file can claim huge sizes.
MAX_SOURCE_PIXELS = 40_000_000
ACCEPTED_FORMATS = {"PNG", "JPEG", "GIF", "WEBP"}


def profile_of(user: AbstractBaseUser) -> Profile:
    """The reader's profile, an unsaved default if they never edited it."""
    return Profile.objects.filter(user=user).first() or Profile(user=user)


def shown_name(user: AbstractBaseUser, profile: Profile | None = None) -> str:
    """The name beside a member's comments: their chosen one, else their account's. A
    username made from an e-mail address is never shown (it would give the address away)."""
    profile = profile if profile is not None else profile_of(user)
    name = profile.display_name or user.get_full_name()
    if not name and user.is_staff:
        name = user.get_username()
    return (name or _("Reader %(number)d") % {"number": user.pk})[:MAX_NAME_LENGTH]


def member_identity(user: AbstractBaseUser) -> dict[str, str]:
    """settings.MEMBER_IDENTITY: name, avatar seed and profile link of a member's comments."""
    profile = profile_of(user)
    identity = account_identity(user)
    identity["author_name"] = shown_name(user, profile)
    if profile.avatar_key:
        identity["avatar_seed"] = profile.avatar_key
    if profile.is_public and profile.pk:
        identity["author_website"] = reverse("accounts:public_profile", args=[user.pk])
    return identity


def uploaded_avatar(seed: str) -> tuple[bytes, str] | None:
    """settings.UPLOADED_AVATAR: the picture uploaded under `seed`, if there is one."""
    image = (
        Profile.objects.filter(avatar_key=seed)
        .exclude(avatar_image=b"")
        .values_list("avatar_image", flat=True)
        .first()
    )
    return (bytes(image), "image/png") if image else None


def clean_avatar(upload) -> bytes:
    """The upload as a square PNG of AVATAR_PIXELS, rebuilt from its pixels alone, so that
    nothing of the original file (EXIF with a camera's GPS position, comments, colour
    profiles, trailing data) survives. Raises AvatarRefused with a reason."""
    limit = settings.AVATAR_MAX_MEGABYTES
    if upload.size > limit * 1024 * 1024:
        raise AvatarRefused(
            _("That picture is %(size).1f MB; pictures may be up to %(limit)d MB.")
            % {"size": upload.size / 1024 / 1024, "limit": limit}
        )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload) as source:
                if source.format not in ACCEPTED_FORMATS:
                    raise AvatarRefused()
                if source.width * source.height > MAX_SOURCE_PIXELS:
                    raise AvatarRefused(_("That picture is too large; try a smaller one."))
                source.load()
                upright = ImageOps.exif_transpose(source).convert("RGBA")
    except AvatarRefused:
        raise
    except (
        UnidentifiedImageError,
        OSError,
        SyntaxError,
        ValueError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
    ) as error:
        raise AvatarRefused() from error
    square = ImageOps.fit(upright, (AVATAR_PIXELS, AVATAR_PIXELS), Image.Resampling.LANCZOS)
    pixels_only = Image.frombytes("RGBA", square.size, square.tobytes())
    out = io.BytesIO()
    pixels_only.save(out, format="PNG", optimize=True)
    return out.getvalue()


def update_profile(
    *,
    user: AbstractBaseUser,
    display_name: str,
    bio: str,
    website: str,
    is_public: bool,
    avatar: bytes | None = None,
    use_identicon: bool = False,
) -> Profile:
    """Save the reader's profile; `avatar` is a picture from `clean_avatar`, and
    `use_identicon` goes back to the drawn one. Their comments show the change at once."""
    with transaction.atomic():
        profile, _created = Profile.objects.select_for_update().get_or_create(user=user)
        profile.display_name = display_name.strip()[:MAX_NAME_LENGTH]
        profile.bio, profile.website, profile.is_public = bio.strip(), website, is_public
        if avatar is not None:
            profile.avatar_image, profile.avatar_key = avatar, secrets.token_hex(32)
        elif use_identicon:
            profile.avatar_image, profile.avatar_key = b"", ""
        profile.updated_at = timezone.now()
        profile.save()
        restyle_member_comments(user_id=user.pk, identity=member_identity(user))
    return profile
