"""Loads the demo publication through the same models and actions editors use."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.files.images import ImageFile
from django.db import transaction
from django.utils import timezone
from wagtail.images.models import Image
from wagtail.models import Page, Site
from wagtail.rich_text import RichText

from rejoinder.demo import articles as content
from rejoinder.demo import discussions
from rejoinder.demo.images import illustration, portrait
from rejoinder.discussion import actions
from rejoinder.discussion.identity import Reader, reader_key
from rejoinder.discussion.queries import thread_for_article
from rejoinder.embed.demo import load_embed_demo
from rejoinder.inline.services import find_passage
from rejoinder.moderation.demo import load_moderation_demo
from rejoinder.publishing.models import (
    ArticlePage,
    Author,
    CategoryPage,
    HomePage,
    PublicationSettings,
    RelatedPick,
)

EDITOR_USERNAME = "editor"
EDITOR_PASSWORD = "rejoinder-demo"
# A reader who signed up on the site, to try the account pages with.
READER_EMAIL = "reader@example.org"
READER_PASSWORD = "rejoinder-demo"


def demo_is_loaded() -> bool:
    return HomePage.objects.exists()


def _image(title: str, data: bytes, filename: str) -> Image:
    import io

    image = Image(title=title)
    image.file = ImageFile(io.BytesIO(data), name=filename)
    image.save()
    return image


def _body(blocks: list, *, slug: str) -> list:
    body = []
    for index, (kind, value) in enumerate(blocks):
        if kind == "paragraph":
            body.append(("paragraph", RichText(value)))
        elif kind == "heading":
            body.append(("heading", {"text": value, "level": "h2"}))
        elif kind == "quote":
            body.append(("quote", {"source_url": "", **value}))
        elif kind == "question":
            body.append(
                ("question", {"text": RichText(value["text"]), "question": value["question"]})
            )
        elif kind == "figure":
            drawing = illustration(hue=value["hue"], motif=value["motif"], seed=f"{slug}-{index}")
            image = _image(value["alt_text"], drawing, f"{slug}-{index}.png")
            body.append(
                (
                    "figure",
                    {
                        "image": image,
                        "alt_text": value["alt_text"],
                        "caption": value.get("caption", ""),
                        "credit": value.get("credit", ""),
                    },
                )
            )
        else:
            raise ValueError(f"Unknown demo block {kind!r} in {slug}")
    return body


def _home() -> HomePage:
    root = Page.get_first_root_node()
    # Wagtail's first migration leaves a placeholder welcome page; the demo replaces it.
    for placeholder in root.get_children().filter(content_type__model="page"):
        placeholder.delete()
    home = root.add_child(
        instance=HomePage(title="The Rejoinder", slug="home", intro=content.HOME_INTRO)
    )
    site = Site.objects.filter(is_default_site=True).first() or Site(is_default_site=True)
    site.hostname, site.port, site.site_name, site.root_page = (
        "localhost",
        80,
        "The Rejoinder",
        home,
    )
    site.save()
    settings = PublicationSettings.for_site(site)
    settings.publisher_name = "The Rejoinder"
    settings.tagline = content.TAGLINE
    settings.site_disclaimer = content.SITE_DISCLAIMER
    settings.save()
    return home


@transaction.atomic
def load_demo() -> HomePage:
    """Create the demo publication. The caller checks `demo_is_loaded()` first."""
    now = timezone.now()
    home = _home()
    categories = {}
    for spec in content.CATEGORIES:
        category = CategoryPage(show_in_menus=True, **spec)
        home.add_child(instance=category)
        category.save_revision().publish()
        categories[spec["slug"]] = category

    authors = {}
    user_model = get_user_model()
    for spec in content.AUTHORS:
        photo = _image(
            f"Portrait of {spec['name']}", portrait(hue=spec["hue"]), f"{spec['slug']}.png"
        )
        first_name, _, last_name = spec["name"].partition(" ")
        account = user_model.objects.create_user(
            spec["slug"], first_name=first_name, last_name=last_name, password=None
        )
        fields = {key: value for key, value in spec.items() if key != "hue"}
        authors[spec["slug"]] = Author.objects.create(photo=photo, user=account, **fields)

    pages = {}
    for spec in content.ARTICLES:
        article = ArticlePage(
            title=spec["title"],
            slug=spec["slug"],
            standfirst=spec["standfirst"],
            author=authors[spec["author"]],
            date=now - timedelta(days=spec["days_ago"], hours=spec.get("hours", 0)),
            body=_body(spec["body"], slug=spec["slug"]),
        )
        article.tags.add(*spec["tags"])
        if spec.get("scheduled_in_days"):
            article.live = False
            article.go_live_at = now + timedelta(days=spec["scheduled_in_days"])
            article.date = article.go_live_at
        categories[spec["category"]].add_child(instance=article)
        pages[spec["slug"]] = article

    for spec in content.ARTICLES:
        article = pages[spec["slug"]]
        for slug in spec.get("related", []):
            article.related_picks.add(RelatedPick(article=pages[slug]))
        # A future go_live_at makes this a scheduled publication, as in the editor.
        article.save_revision().publish()

    for slug, spec in discussions.DISCUSSIONS.items():
        _load_discussion(pages[slug], spec)

    if not user_model.objects.filter(username=EDITOR_USERNAME).exists():
        user_model.objects.create_superuser(
            EDITOR_USERNAME,
            "editor@example.org",
            EDITOR_PASSWORD,
            first_name="Demo",
            last_name="Editor",
        )
    load_moderation_demo()
    load_embed_demo()
    _load_signed_up_reader(pages["close-harbour-road-at-weekends"])
    return home


def _load_signed_up_reader(article: ArticlePage) -> None:
    """Noor signed up with a verified address, keeps a public profile and has commented."""
    from allauth.account.models import EmailAddress

    from rejoinder.accounts.profiles import update_profile

    user = get_user_model().objects.create_user(
        "demo-reader", email=READER_EMAIL, password=READER_PASSWORD
    )
    EmailAddress.objects.create(user=user, email=READER_EMAIL, verified=True, primary=True)
    update_profile(
        user=user,
        display_name="Noor Castell",
        bio="Reads the paper on the morning ferry and argues with it on the way back.",
        website="",
        is_public=True,
    )
    actions.post_comment(
        thread=thread_for_article(article),
        author=actions.CommentAuthor(reader=Reader(key=reader_key(user_id=user.pk), user=user)),
        body="Signed in for once, so this one goes under my own name and picture.",
        now=article.date + timedelta(hours=6),
    )


def _demo_reader(name: str) -> Reader:
    return Reader(key=reader_key(cookie_id=f"demo-{name}"))


def _load_discussion(article: ArticlePage, spec: dict) -> None:
    """Post the demo comments through the same actions readers use, as if over days."""
    readers = {reader["key"]: reader for reader in discussions.READERS}
    thread = thread_for_article(article)
    posted = {}
    for item in sorted(spec["comments"], key=lambda item: item["minutes_after"]):
        if item["reader"] == "@author":
            user = article.author.user
            author = actions.CommentAuthor(
                reader=Reader(key=reader_key(user_id=user.pk), user=user)
            )
        else:
            who = readers[item["reader"]]
            author = actions.CommentAuthor(
                reader=_demo_reader(who["key"]),
                name=who["name"],
                email=who["email"],
                website=who["website"],
            )
        # A comment on a passage of the column (inline feedback), named by its words.
        passage = find_passage(thread=thread, exact=item["passage"]) if "passage" in item else None
        posted[item["key"]] = actions.post_comment(
            thread=thread,
            author=author,
            body=item["body"],
            parent=posted[item["parent"]] if item["parent"] else None,
            now=article.date + timedelta(minutes=item["minutes_after"]),
            after_save=passage.attach if passage else None,
        )
        comment = posted[item["key"]]
        for number, value in [
            *((n, 1) for n in range(item["up"])),
            *((n, -1) for n in range(item["down"])),
        ]:
            voter = _demo_reader(f"voter-{value}-{number}")
            actions.vote(comment=comment, voter=voter, value=value)
    for item in spec["comments"]:
        if item.get("deleted"):
            comment = posted[item["key"]]
            actions.delete_comment(
                comment=comment,
                deleter=_demo_reader(item["reader"]),
                now=comment.created_at + timedelta(minutes=1),
            )
    if spec["closed"]:
        actions.set_thread_closed(thread=thread, closed=True)
