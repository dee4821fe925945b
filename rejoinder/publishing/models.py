"""The publication: home, categories with their disclaimers, authors and articles."""

from dataclasses import dataclass

from django.conf import settings
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import models
from django.http import Http404, HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField
from wagtail.images.models import AbstractImage
from wagtail.models import Orderable, Page
from wagtail.search import index
from wagtail.snippets.models import register_snippet

from rejoinder.core.links import absolute_url
from rejoinder.publishing.blocks import ArticleBodyBlock


class DisclaimerPosition(models.TextChoices):
    NONE = "none", _("Not shown")
    ABOVE = "above", _("Above the body")
    BELOW = "below", _("Below the body")
    BOTH = "both", _("Above and below the body")


@register_setting(icon="site")
class PublicationSettings(BaseSiteSetting):
    publisher_name = models.CharField(max_length=120, default="The Rejoinder")
    tagline = models.CharField(max_length=200, blank=True)
    site_disclaimer = models.CharField(
        max_length=300,
        blank=True,
        help_text=_("A line shown with every category disclaimer, on every article."),
    )

    panels = [FieldPanel("publisher_name"), FieldPanel("tagline"), FieldPanel("site_disclaimer")]

    class Meta:
        verbose_name = _("publication settings")


class PublicationRevision(models.Model):
    """A number that changes whenever what readers see across the publication may change:
    a page published, unpublished, moved or deleted, a view restriction set or lifted.

    Caches of what is computed from many pages at once (related articles, the category
    links, listing cards, a rendered body) carry it in their keys, so every app server sees
    a change on its next request, with no message between them: a change is a new key, and
    the old entries age out. One row (pk=1); see `publishing.cache`."""

    number = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = _("publication revision")

    def __str__(self) -> str:
        return str(self.number)


@register_snippet
class Author(index.Indexed, models.Model):
    name = models.CharField(max_length=120)
    slug = models.SlugField(unique=True)
    role = models.CharField(max_length=120, blank=True, help_text=_("e.g. Economics columnist"))
    bio = models.TextField(blank=True, max_length=600)
    photo = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="author_profile",
        help_text=_("The author's account: their comments are marked as the author's."),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("role"),
        FieldPanel("bio"),
        FieldPanel("photo"),
        FieldPanel("user"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


def paginate_cards(request: HttpRequest, articles, per_page: int):
    """The page of `articles` named by ?page=, ready to show as cards. An unknown page is a
    404, not a silent page 1."""
    from rejoinder.publishing.queries import prepare_cards

    paginator = Paginator(articles, per_page)
    try:
        page = paginator.page(request.GET.get("page", 1))
    except (EmptyPage, PageNotAnInteger) as error:
        raise Http404(_("There is no such page of articles.")) from error
    page.object_list = prepare_cards(page.object_list)
    return page


class PublicationPage(Page):
    """A page of the publication: knows its canonical address for meta tags and feeds."""

    class Meta:
        abstract = True

    def get_context(self, request: HttpRequest, *args, **kwargs) -> dict:
        context = super().get_context(request, *args, **kwargs)
        path = self.get_url(request)
        if (page_number := request.GET.get("page", "1")) != "1":
            path = f"{path}?page={page_number}"
        context["canonical_url"] = absolute_url(request, path)
        return context


class HomePage(PublicationPage):
    intro = models.TextField(blank=True, max_length=500)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    subpage_types = ["publishing.CategoryPage"]
    max_count = 1

    def get_context(self, request: HttpRequest, *args, **kwargs) -> dict:
        from rejoinder.publishing.cache import shared
        from rejoinder.publishing.listings import Cards, fill_counts, listing
        from rejoinder.publishing.queries import category_sections, live_articles

        context = super().get_context(request, *args, **kwargs)
        latest = listing(
            request,
            name=f"home:{self.pk}",
            articles=live_articles,
            per_page=settings.ARTICLES_PER_PAGE,
            level=3,
            empty=_("Nothing has been published yet."),
        )
        parts = [latest]
        if latest.number == 1:  # the sections follow the first page of the latest only

            def render_sections() -> Cards:
                sections = category_sections(home=self, per_section=3)
                html = render_to_string(
                    "publishing/includes/sections.html", {"sections": sections}, request=request
                )
                ids = tuple(article.pk for section in sections for article in section.articles)
                return Cards(html=html, article_ids=ids)

            parts.append(shared(request, "sections", self.pk, compute=render_sections))
        context["cards"], *sections = fill_counts(*parts)
        context["sections"] = sections[0] if sections else ""
        return context


class CategoryPage(PublicationPage):
    description = models.TextField(blank=True, max_length=500)
    disclaimer = models.TextField(
        blank=True,
        max_length=600,
        help_text=_("e.g. The views expressed are solely the author's own."),
    )
    disclaimer_position = models.CharField(
        max_length=5, choices=DisclaimerPosition.choices, default=DisclaimerPosition.NONE
    )
    is_opinion = models.BooleanField(
        default=False,
        help_text=_("Its articles are opinion pieces (schema.org OpinionNewsArticle)."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("description"),
        MultiFieldPanel(
            [FieldPanel("disclaimer"), FieldPanel("disclaimer_position"), FieldPanel("is_opinion")],
            heading=_("Disclaimer"),
        ),
    ]
    parent_page_types = ["publishing.HomePage"]
    subpage_types = ["publishing.ArticlePage"]

    def get_context(self, request: HttpRequest, *args, **kwargs) -> dict:
        from rejoinder.publishing.listings import fill_counts, listing
        from rejoinder.publishing.queries import live_articles

        context = super().get_context(request, *args, **kwargs)
        cards = listing(
            request,
            name=f"category:{self.pk}",
            articles=lambda: live_articles().child_of(self),
            per_page=settings.ARTICLES_PER_PAGE,
            level=2,
            empty=_("Nothing has been published in this section yet."),
        )
        [context["cards"]] = fill_counts(cards)
        return context


class ArticlePageTag(TaggedItemBase):
    content_object = ParentalKey(
        "publishing.ArticlePage", related_name="tagged_items", on_delete=models.CASCADE
    )


@dataclass(frozen=True)
class LeadFigure:
    image: AbstractImage
    alt: str


class ArticlePage(PublicationPage):
    standfirst = models.TextField(
        max_length=400, help_text=_("One or two sentences under the headline.")
    )
    date = models.DateTimeField(
        default=timezone.now, help_text=_("The date readers see; listings are ordered by it.")
    )
    author = models.ForeignKey(
        Author, null=True, blank=True, on_delete=models.SET_NULL, related_name="articles"
    )
    body = StreamField(ArticleBodyBlock())
    tags = ClusterTaggableManager(through=ArticlePageTag, blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("standfirst"),
        FieldPanel("author"),
        FieldPanel("date"),
        FieldPanel("body"),
        FieldPanel("tags"),
        InlinePanel("related_picks", heading=_("Related articles (editor's picks)"), max_num=8),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("standfirst"),
        index.SearchField("body"),
        index.RelatedFields("author", [index.SearchField("name")]),
        index.RelatedFields("tags", [index.SearchField("name")]),
        index.FilterField("date"),
    ]
    parent_page_types = ["publishing.CategoryPage"]
    subpage_types: list[str] = []

    @cached_property
    def category(self) -> CategoryPage:
        # Listings fill this in for many articles with one query (queries.prepare_cards).
        return self.get_parent().specific

    @cached_property
    def lead_figure(self) -> LeadFigure | None:
        """The body's first image and its description: the article's picture in listings
        and link previews, with nothing more for editors to fill in."""
        for block in self.body:
            if block.block_type == "figure" and block.value["image"] is not None:
                return LeadFigure(image=block.value["image"], alt=block.value["alt_text"])
        return None

    def get_context(self, request: HttpRequest, *args, **kwargs) -> dict:
        from rejoinder.discussion.presenters import comment_count_for
        from rejoinder.discussion.queries import article_thread, thread_for_article
        from rejoinder.publishing.cache import is_preview
        from rejoinder.publishing.queries import related_links
        from rejoinder.publishing.structured_data import article_json_ld

        context = super().get_context(request, *args, **kwargs)
        category = self.category
        context["category"] = category
        context["category_url"] = category.get_url(request)
        context["disclaimer_above"] = category.disclaimer_position in ("above", "both")
        context["disclaimer_below"] = category.disclaimer_position in ("below", "both")
        context["related"] = related_links(request, self, limit=settings.RELATED_ARTICLES_LIMIT)
        context["tags"] = tags = list(self.tags.all())
        # Publishing opens the discussion; a preview only reads it, so a draft never
        # published (or not yet saved) is previewed without one.
        if is_preview(request):
            thread = article_thread(self) if self.pk else None
        else:
            thread = thread_for_article(self)
        context["thread"] = thread
        context["json_ld"] = article_json_ld(
            self,
            request=request,
            category=category,
            tags=tags,
            comment_count=comment_count_for(request, thread=thread) if thread else 0,
        )
        return context

    def serve(self, request: HttpRequest, *args, **kwargs):
        from rejoinder.discussion.presenters import remember_sort
        from rejoinder.discussion.shared_reads import share_article
        from rejoinder.publishing.cache import current_revision

        # Read first: everything on the page is then at least as new as this number.
        publication = current_revision(request)
        response = super().serve(request, *args, **kwargs)
        remember_sort(request, response)
        share_article(response, request=request, page=self, publication=publication)
        return response


class RelatedPick(Orderable):
    page = ParentalKey(ArticlePage, related_name="related_picks", on_delete=models.CASCADE)
    article = models.ForeignKey(ArticlePage, on_delete=models.CASCADE, related_name="+")

    panels = [FieldPanel("article")]
