"""External sites that embed discussions, the pages of theirs that have one, and the members
they sign in. A thread itself stays the discussion app's: an external page points at it."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rejoinder.embed.origins import normalise_origin


class Site(models.Model):
    """A site registered by staff to embed discussions: who may frame them and sign in."""

    name = models.CharField(_("name"), max_length=100)
    key = models.SlugField(
        _("key"),
        max_length=50,
        unique=True,
        help_text=_('What the embed code names the site by: data-site="…"'),
    )
    allowed_origins = models.TextField(
        _("allowed origins"),
        help_text=_(
            "One per line, exactly scheme, host and port, e.g. https://blog.example.org or "
            "http://localhost:4000. Only pages on these origins can show the discussions "
            "and their comment counts."
        ),
    )
    is_open = models.BooleanField(
        _("open for comments"),
        default=True,
        help_text=_("Closed: readers can still read the discussions, but not add to them."),
    )
    # The rules of a category rather than the category page: the list offers only
    # categories that have rules (a page without any would silently apply nothing), and
    # the policy is found by one indexed join.
    category_policy = models.ForeignKey(
        "moderation.CategoryPolicy",
        verbose_name=_("follow the rules of"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="embedding_sites",
        help_text=_(
            "Comments on this site's pages are pre-moderated and closed as in this category "
            "(its rules are set under Moderation settings; a rule that closes discussions "
            "after some days counts them from a page's first comment). Empty: only the "
            "rules for every discussion apply."
        ),
    )
    # HS256 needs the secret itself to check a signature, so it is kept, not hashed; the
    # admin shows it once, when it is generated (actions.rotate_sso_secret).
    sso_secret = models.CharField(max_length=64, blank=True, editable=False)
    sso_secret_rotated_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("embedding site")
        verbose_name_plural = _("embedding sites")

    def __str__(self) -> str:
        return self.name

    @property
    def origins(self) -> list[str]:
        """The allowed origins, normalised as clean() stored them."""
        return [line.strip() for line in self.allowed_origins.splitlines() if line.strip()]

    def allows(self, origin: str | None) -> bool:
        return bool(origin) and normalise_origin(origin) in self.origins

    def clean(self) -> None:
        lines = [line.strip() for line in self.allowed_origins.splitlines() if line.strip()]
        if not lines:
            raise ValidationError({"allowed_origins": _("Give at least one origin.")})
        normalised = []
        for line in lines:
            if (origin := normalise_origin(line)) is None:
                raise ValidationError(
                    {
                        "allowed_origins": _(
                            "“%(line)s” is not an origin: write the scheme, host and port "
                            "only, like https://blog.example.org (no path)."
                        )
                        % {"line": line[:200]}
                    }
                )
            normalised.append(origin)
        self.allowed_origins = "\n".join(dict.fromkeys(normalised))


class ExternalPage(models.Model):
    """A page of an external site that has a discussion: created with its first comment.

    The link lives here, not as a foreign key on Thread, so the discussion app knows nothing
    of embedding (dependencies point one way); a real foreign key on both sides rather than
    a thread key with the site's id inside, so a site's pages are one indexed query and a
    site with discussions cannot be deleted by mistake (PROTECT)."""

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="pages")
    identifier = models.CharField(
        max_length=1000, help_text=_("what the embed sent: data-page-id, or the page's address")
    )
    thread = models.OneToOneField(
        "discussion.Thread", on_delete=models.CASCADE, related_name="external_page"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["site", "identifier"], name="one_thread_per_page")
        ]

    def __str__(self) -> str:
        return f"{self.site}: {self.identifier}"


class Member(models.Model):
    """A member of an external site, signed in by its SSO token. They comment through an
    account of their own here (so their name needs no typing and their comments stay theirs
    across devices) that has no password: it signs in nowhere but in that site's frames."""

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="members")
    external_id = models.CharField(max_length=255)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="embed_member"
    )
    profile_url = models.URLField(blank=True, max_length=500)
    avatar_url = models.URLField(blank=True, max_length=500)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["site", "external_id"], name="one_member_per_id")
        ]

    def __str__(self) -> str:
        return f"{self.site}: {self.external_id}"
