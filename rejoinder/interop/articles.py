"""WordPress posts to articles: the page, its category, author and tags, and its body as
the article's blocks.

Body HTML → blocks: paragraphs (bold, italic, links, lists, super/subscript kept), headings
(h1–h2 → section, h3–h6 → subsection), block quotes with their <cite> as the source (or
"Unattributed"), images as figures when --media holds the file (a copy of
wp-content/uploads: never fetched from the old site). Anything else (tables, embeds,
shortcodes, scripts) is kept as a paragraph of its sanitised text. Published posts are
published, drafts stay drafts, scheduled ones are scheduled."""

from pathlib import Path
from urllib.parse import unquote, urlsplit

import nh3
from bs4 import BeautifulSoup, NavigableString, Tag
from bs4 import Comment as HtmlComment
from django.core.files.images import ImageFile
from django.utils import timezone
from django.utils.text import Truncator, slugify
from wagtail.images.models import Image
from wagtail.rich_text import RichText

from rejoinder.interop.bodies import paragraphs_from_lines
from rejoinder.interop.models import ImportedRecord
from rejoinder.interop.records import ArticleRecord
from rejoinder.interop.summary import Summary
from rejoinder.publishing.models import ArticlePage, Author, CategoryPage, HomePage

# What a paragraph block may hold (publishing.blocks.PARAGRAPH_FEATURES), in Wagtail's
# stored rich-text form: <b>/<i> rather than <strong>/<em>.
RICH_TEXT_TAGS = {"p", "b", "i", "a", "br", "ul", "ol", "li", "sup", "sub"}
_RENAMED = {"strong": "b", "em": "i"}
_BLOCK_TAGS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "ul", "ol", "figure", "div"}


def _rich_text(fragment: str) -> str:
    for old, new in _RENAMED.items():
        fragment = fragment.replace(f"<{old}>", f"<{new}>").replace(f"</{old}>", f"</{new}>")
    return nh3.clean(
        fragment,
        tags=RICH_TEXT_TAGS,
        attributes={"*": set(), "a": {"href"}},
        url_schemes={"http", "https", "mailto"},
        link_rel=None,
        clean_content_tags={"script", "style"},
    ).strip()


class ArticleWriter:
    def __init__(self, *, source: str, summary: Summary, media: Path | None) -> None:
        self.source = source
        self.summary = summary
        self.media = media
        self.home = HomePage.objects.first()
        self.known = {
            source_id: (article_id, print_)
            for source_id, article_id, print_ in ImportedRecord.objects.filter(
                source=source, source_id__startswith="post:"
            ).values_list("source_id", "article_id", "fingerprint")
        }

    def imported_before(self, record: ArticleRecord) -> bool:
        return record.source_id in self.known

    def write(self, record: ArticleRecord) -> ArticlePage | None:
        from rejoinder.interop.service import fingerprint

        if self.home is None:
            self.summary.skip(
                "articles",
                reason="the site has no home page to put them under",
                position=record.position,
            )
            return None
        new_print = fingerprint(record)
        if record.source_id in self.known:
            article_id, old_print = self.known[record.source_id]
            article = ArticlePage.objects.filter(pk=article_id).first() if article_id else None
            if article is None:
                self.summary.skip(
                    "articles",
                    reason="it was deleted on this site after an earlier import",
                    position=record.position,
                )
                return None
            if old_print == new_print:
                self.summary.count("articles", "unchanged")
                return article
            self._fill(article, record)
            self._save(article, record)
            ImportedRecord.objects.filter(source=self.source, source_id=record.source_id).update(
                fingerprint=new_print
            )
            self.summary.count("articles", "updated")
            return article
        category = self._category(record)
        # Not live until _save publishes it: a draft must never be seen, even for a moment.
        article = ArticlePage(slug=self._free_slug(category, record), live=False)
        self._fill(article, record)
        category.add_child(instance=article)
        self._save(article, record)
        ImportedRecord.objects.create(
            source=self.source, source_id=record.source_id, article=article, fingerprint=new_print
        )
        self.summary.count("articles", "created")
        return article

    def _fill(self, article: ArticlePage, record: ArticleRecord) -> None:
        blocks = self._blocks(record)
        article.title = record.title[:255] or "Untitled"
        article.date = record.date
        article.author = self._author(record)
        article.body = blocks
        excerpt = BeautifulSoup(record.excerpt, "html.parser").get_text(" ", strip=True)
        if not excerpt:
            first = next((value for kind, value in blocks if kind == "paragraph"), None)
            excerpt = BeautifulSoup(first.source, "html.parser").get_text(" ") if first else ""
        article.standfirst = Truncator(" ".join(excerpt.split())).chars(400) or article.title
        article.tags.set(record.tags) if article.pk else article.tags.add(*record.tags)

    def _save(self, article: ArticlePage, record: ArticleRecord) -> None:
        if record.status == "future" and record.date > timezone.now():
            article.go_live_at = record.date
            article.live = False
            article.save_revision().publish()  # Wagtail holds it until go_live_at
        elif record.status == "publish":
            article.save_revision().publish()
        else:
            article.save_revision()

    def _category(self, record: ArticleRecord) -> CategoryPage:
        slug, name = record.categories[0] if record.categories else ("uncategorized", "")
        slug = slugify(slug) or "uncategorized"
        category = CategoryPage.objects.child_of(self.home).filter(slug=slug).first()
        if category is None:
            category = CategoryPage(title=name or slug.replace("-", " ").title(), slug=slug)
            self.home.add_child(instance=category)
            category.save_revision().publish()
            self.summary.count("categories", "created")
        return category

    def _free_slug(self, category: CategoryPage, record: ArticleRecord) -> str:
        base = slugify(record.slug or record.title)[:240] or f"post-{record.source_id[5:]}"
        taken = set(
            ArticlePage.objects.child_of(category)
            .filter(slug__startswith=base)
            .values_list("slug", flat=True)
        )
        slug, number = base, 1
        while slug in taken:
            number += 1
            slug = f"{base}-{number}"
        return slug

    def _author(self, record: ArticleRecord) -> Author | None:
        if not record.author_login:
            return None
        slug = slugify(record.author_login)[:50] or "author"
        author, created = Author.objects.get_or_create(
            slug=slug, defaults={"name": (record.author_name or record.author_login)[:120]}
        )
        if created:
            self.summary.count("authors", "created")
        return author

    # -- the body -------------------------------------------------------------------------

    def _blocks(self, record: ArticleRecord) -> list[tuple[str, object]]:
        html = record.body_html
        soup = BeautifulSoup(html, "html.parser")
        if not any(isinstance(node, Tag) and node.name in _BLOCK_TAGS for node in soup):
            # WordPress's classic editor keeps text with blank lines as paragraphs.
            soup = BeautifulSoup(paragraphs_from_lines(html), "html.parser")
        blocks: list[tuple[str, object]] = []
        for node in soup.children:
            if isinstance(node, HtmlComment):
                continue  # the block editor's <!-- wp:… --> markers
            if isinstance(node, NavigableString):
                if node.strip() and (text := _rich_text(f"<p>{node.strip()}</p>")):
                    blocks.append(("paragraph", RichText(text)))
                continue
            blocks.extend(self._block(node, record))
        return blocks or [("paragraph", RichText("<p></p>"))]

    def _block(self, node: Tag, record: ArticleRecord) -> list[tuple[str, object]]:
        name = node.name
        if name in ("h1", "h2", "h3", "h4", "h5", "h6"):
            text = node.get_text(" ", strip=True)[:200]
            return [("heading", {"text": text, "level": "h2" if name in ("h1", "h2") else "h3"})]
        if name == "blockquote":
            cite = node.find("cite")
            source = cite.extract().get_text(" ", strip=True) if cite else ""
            text = "\n\n".join(
                p.get_text(" ", strip=True) for p in node.find_all("p")
            ) or node.get_text(" ", strip=True)
            source_url = node.get("cite", "")
            if not source_url.startswith(("http://", "https://")):
                source_url = ""
            return [
                (
                    "quote",
                    {
                        "text": text,
                        "source_name": (source.lstrip("—– -") or "Unattributed")[:120],
                        "source_url": source_url,
                    },
                )
            ]
        images = [node] if name == "img" else node.find_all("img")
        only_images = name == "p" and not node.get_text(strip=True)
        if images and (name in ("img", "figure") or only_images):
            return [block for image in images if (block := self._figure(image, node, record))]
        text = _rich_text(
            str(node) if name in ("p", "ul", "ol") else f"<p>{node.decode_contents()}</p>"
        )
        return [("paragraph", RichText(text))] if text and text != "<p></p>" else []

    def _figure(self, image: Tag, container: Tag, record: ArticleRecord):
        src = image.get("src", "")
        alt = (image.get("alt") or "").strip()
        caption_tag = container.find("figcaption") if container is not image else None
        caption = caption_tag.get_text(" ", strip=True)[:300] if caption_tag else ""
        path = self._media_file(src)
        if path is None:
            reason = (
                f"image {src!r}: not found under --media"
                if self.media
                else f"image {src!r}: no --media folder given (images are never fetched)"
            )
            self.summary.skip("images", reason=reason, position=record.position)
            return None
        with path.open("rb") as file:
            stored = Image(title=(alt or path.stem)[:255])
            stored.file = ImageFile(file, name=path.name)
            stored.save()
        self.summary.count("images", "created")
        return (
            "figure",
            {
                "image": stored,
                "alt_text": (alt or stored.title)[:250],
                "caption": caption,
                "credit": "",
            },
        )

    def _media_file(self, src: str) -> Path | None:
        """The file under --media for an uploads URL (…/wp-content/uploads/2019/04/x.jpg)."""
        if self.media is None:
            return None
        path = unquote(urlsplit(src).path)
        if "/wp-content/uploads/" not in path:
            return None
        relative = path.split("/wp-content/uploads/", 1)[1]
        candidate = (self.media / relative).resolve()
        # Only inside the folder given: "../../etc/passwd" in a src finds nothing.
        if not candidate.is_relative_to(self.media.resolve()) or not candidate.is_file():
            return None
        return candidate
