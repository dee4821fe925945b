"""Every read the embed makes."""

from django.db.models import QuerySet

from rejoinder.discussion.models import Thread
from rejoinder.embed.errors import UnknownSite
from rejoinder.embed.models import Site


def site_by_key(key: str) -> Site:
    site = Site.objects.filter(key=key).first() if key else None
    if site is None:
        raise UnknownSite()
    return site


def external_thread(*, site: Site | int, identifier: str) -> Thread | None:
    """The discussion of a site's page (the site or its id), or None while nobody has
    commented on it."""
    site_id = site if isinstance(site, int) else site.pk
    return Thread.objects.filter(
        external_page__site_id=site_id, external_page__identifier=identifier
    ).first()


def site_threads(site: Site) -> QuerySet[Thread]:
    return Thread.objects.filter(external_page__site=site)


def comment_counts_by_page(*, site: Site, identifiers: list[str]) -> dict[str, int]:
    """Visible comments per page identifier of a site (one query); 0 for a page with no
    discussion yet."""
    found = dict(
        site.pages.filter(identifier__in=identifiers).values_list(
            "identifier", "thread__comment_count"
        )
    )
    return {identifier: found.get(identifier, 0) for identifier in identifiers}
