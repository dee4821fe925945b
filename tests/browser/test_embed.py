"""Another site's page shows a Rejoinder discussion in Chromium: the host page is served from
a second origin (127.0.0.2, a static page this test writes), Rejoinder from the live server.
The browser sends Rejoinder no cookies inside the frame (another site), so everything here
works the way it does where third-party cookies are blocked."""

import functools
import re
import threading
import time
from datetime import timedelta
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

import jwt
import pytest
from django.utils import timezone
from playwright.sync_api import expect

from rejoinder.discussion import actions as discussion_actions
from rejoinder.discussion.models import Comment
from rejoinder.embed import actions
from rejoinder.embed.models import Site
from rejoinder.moderation.models import ModerationSettings
from tests.browser.axe_check import describe, violations
from tests.conftest import a_guest

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # keep the test output for failures
        pass


@pytest.fixture
def host(tmp_path):
    """A static web server on 127.0.0.2: the blog that embeds the discussion."""
    handler = functools.partial(QuietHandler, directory=str(tmp_path))
    server = ThreadingHTTPServer(("127.0.0.2", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    server.root = tmp_path
    server.origin = f"http://127.0.0.2:{server.server_address[1]}"
    yield server
    server.shutdown()
    server.server_close()


def host_page(host, live_server, *, name="post.html", site="field-notes", extra="", box=""):
    rejoinder = live_server.url
    (host.root / name).write_text(
        f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Counting swifts</title></head><body><main><h1>Counting swifts</h1>
<p>Posts: <a href="/swifts.html" data-rejoinder-count="swifts">?</a>
<a href="/herons.html" data-rejoinder-count="herons">?</a>
<a href="/listed.html?utm=x" data-rejoinder-count>?</a></p>
<div id="rejoinder-discussion" data-site="{site}" data-page-id="swifts" {box}></div>
{extra}
<script src="{rejoinder}/embed.js" async></script>
<script src="{rejoinder}/counts.js" data-site="{site}" async></script>
</main></body></html>"""
    )
    return f"{host.origin}/{name}"


@pytest.fixture
def blog(host):
    site = Site(name="Field Notes", key="field-notes", allowed_origins=host.origin)
    site.full_clean()
    site.save()
    actions.rotate_sso_secret(site=site)
    return site


@pytest.fixture
def discussed(settings, blog, host):
    """The swifts post has twelve comments already; the herons post has one."""
    settings.COMMENTS_PER_PAGE = 5
    thread = actions.open_external_thread(
        site=blog, identifier="swifts", url=f"{host.origin}/post.html", title="Counting swifts"
    )
    start = timezone.now() - timedelta(hours=12)
    for number in range(12):
        discussion_actions.post_comment(
            thread=thread,
            author=a_guest(f"reader{number}"),
            body=f"Sighting number {number}",
            now=start + timedelta(minutes=10 * number),
        )
    herons = actions.open_external_thread(
        site=blog, identifier="herons", url=f"{host.origin}/herons.html", title="Herons"
    )
    discussion_actions.post_comment(thread=herons, author=a_guest("h"), body="Grey heron.")
    return thread


def expect_height(iframe, frame) -> None:
    """The iframe is exactly as tall as the discussion inside it."""
    content = frame.locator("html").evaluate("el => el.scrollHeight")
    expect(iframe).to_have_attribute("style", re.compile(rf"height: {content}px;"))


def discussion_frame(page):
    return page.frame_locator("#rejoinder-discussion iframe")


def discussion_frame_of(page):
    """The discussion's frame itself (not a locator into it), for evaluate and axe."""
    return next(frame for frame in page.frames if "/embed/frame/" in frame.url)


def test_a_guest_holds_the_discussion_inside_another_sites_page(page, host, live_server, discussed):
    page.goto(host_page(host, live_server))
    frame = discussion_frame(page)
    expect(frame.locator("#comment-list > li").first).to_contain_text("Sighting number 11")
    assert urlsplit(live_server.url).hostname != "127.0.0.2"

    # The frame grows to its content: no inner scroll bar, nothing cut off.
    iframe = page.locator("#rejoinder-discussion iframe")
    expect_height(iframe, frame)
    first_height = iframe.bounding_box()["height"]

    form = frame.locator("#comment-form")
    form.get_by_label("Your comment").fill("Sixty over the allotments tonight.")
    form.get_by_label("Name").fill("Ines")
    form.get_by_label("E-mail").fill("ines@example.org")
    form.get_by_role("button", name="Post comment").click()
    mine = frame.locator("#comment-list > li").first
    expect(mine).to_contain_text("Sixty over the allotments tonight.")
    expect(frame.get_by_role("status")).to_contain_text("Your comment is posted.")
    assert Comment.objects.filter(author_name="Ines").count() == 1
    # Its author may edit it: the frame's header says who they are, with no cookie.
    expect(mine.get_by_role("link", name="Edit")).to_be_visible()

    other = frame.locator("li.comment", has_text="Sighting number 10")
    other.get_by_role("link", name="Reply to reader10").click()
    reply_form = other.locator(".reply-slot form")
    reply_form.get_by_label("Your comment").fill("Same here, by the canal.")
    reply_form.get_by_label("Name").fill("Ines")
    reply_form.get_by_label("E-mail").fill("ines@example.org")
    reply_form.get_by_role("button", name="Post reply").click()
    reply = other.locator(".replies > li").first
    expect(reply).to_contain_text("Same here, by the canal.")
    reply.locator(".reply-to").get_by_role("link", name="reader10").click()
    expect(other).to_be_focused()  # the link to the parent stays inside the frame
    assert page.url == f"{host.origin}/post.html"

    up = other.locator(".comment-card").first.get_by_role("button", name="Up vote")
    up.click()
    expect(up).to_have_attribute("aria-pressed", "true")
    comment = Comment.objects.get(body="Sighting number 10")
    assert comment.upvotes == 1

    frame.get_by_role("navigation", name="Sort comments").get_by_role("link", name="Oldest").click()
    expect(frame.locator("#comment-list > li").first).to_contain_text("Sighting number 0")
    assert page.url == f"{host.origin}/post.html"  # the host page keeps its address
    frame.get_by_role("link", name="Load more comments").click()
    expect(frame.locator("#comment-list > li.comment")).to_have_count(10)
    expect_height(iframe, frame)
    assert iframe.bounding_box()["height"] > first_height

    # counts.js filled every count on the page from one request, as the page loaded.
    expect(page.locator('[data-rejoinder-count="swifts"]')).to_have_text("12 comments")
    expect(page.locator('[data-rejoinder-count="herons"]')).to_have_text("1 comment")
    expect(page.locator('a[href="/listed.html?utm=x"]')).to_have_text("0 comments")


def test_a_link_to_a_comment_opens_it_and_sharing_gives_the_host_address(
    page, host, live_server, discussed
):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    oldest = Comment.objects.get(body="Sighting number 0")
    page.goto(host_page(host, live_server, box='data-theme="dark"') + f"#comment-{oldest.pk}")
    frame = discussion_frame(page)
    target = frame.locator(f"#comment-{oldest.pk}")
    expect(target).to_contain_text("Sighting number 0")
    expect(frame.locator("html")).to_have_attribute("data-theme", "dark")

    target.get_by_role("link", name="Share").click()
    expected = f"{host.origin}/post.html#comment-{oldest.pk}"
    for _attempt in range(20):  # the frame writes the clipboard asynchronously
        if page.evaluate("navigator.clipboard.readText()") == expected:
            break
        page.wait_for_timeout(100)
    assert page.evaluate("navigator.clipboard.readText()") == expected

    # Following a link to another comment on the host page opens that one.
    newest = Comment.objects.get(body="Sighting number 11")
    page.evaluate(f"location.hash = '#comment-{newest.pk}'")
    expect(frame.locator(f"#comment-{newest.pk}")).to_contain_text("Sighting number 11")


def test_a_member_of_the_host_site_comments_as_themselves(page, host, live_server, blog):
    token = jwt.encode(
        {"id": "m-17", "name": "Robin Ashdown", "exp": int(time.time()) + 600},
        blog.sso_secret,
        algorithm="HS256",
    )
    page.goto(host_page(host, live_server, box=f'data-sso="{token}"'))
    frame = discussion_frame(page)
    form = frame.locator("#comment-form")
    expect(form).to_contain_text("Commenting as Robin Ashdown")
    expect(form.get_by_label("Name")).to_have_count(0)
    form.get_by_label("Your comment").fill("From the members' hide.")
    form.get_by_role("button", name="Post comment").click()
    # The first comment screened in this process loads the moderation's text models.
    first = frame.locator("#comment-list > li").first
    expect(first).to_contain_text("Robin Ashdown", timeout=30_000)
    assert Comment.objects.get().author_name == "Robin Ashdown"


def test_an_expired_sign_in_is_refused_and_the_console_says_why(page, host, live_server, blog):
    token = jwt.encode(
        {"id": "m-17", "name": "Robin", "exp": int(time.time()) - 300}, blog.sso_secret, "HS256"
    )
    page.goto(
        host_page(
            host,
            live_server,
            extra=f"<button id=in onclick=\"Rejoinder.login('{token}')\">in</button>",
        )
    )
    frame = discussion_frame(page)
    expect(frame.locator("#comment-form").get_by_label("Name")).to_be_attached()
    with page.expect_console_message(lambda message: "has expired" in message.text):
        page.locator("#in").click()
    expect(frame.get_by_role("alert")).to_contain_text("The sign-in token has expired")
    frame.locator("#comment-form").get_by_label("Your comment").click()  # the form opens
    expect(frame.locator("#comment-form").get_by_label("Name")).to_be_visible()


def test_an_origin_that_is_not_allowed_gets_no_frame_and_no_counts(
    page, host, live_server, discussed
):
    Site.objects.filter(pk=discussed.external_page.site_id).update(
        allowed_origins="https://somewhere-else.example"
    )
    logged = []
    page.on("console", lambda message: logged.append(message.text))
    page.goto(host_page(host, live_server))
    expect(page.locator("#rejoinder-discussion iframe")).to_have_count(0, timeout=15_000)
    expect(page.locator('[data-rejoinder-count="swifts"]')).to_have_text("?")
    assert any("allowed origins" in text and host.origin in text for text in logged), logged


def test_the_author_edits_then_deletes_their_comment_inside_the_frame(
    page, host, live_server, blog
):
    page.goto(host_page(host, live_server))
    frame = discussion_frame(page)
    form = frame.locator("#comment-form")
    form.get_by_label("Your comment").fill("Thirty swifts, maybe.")
    form.get_by_label("Name").fill("Ines")
    form.get_by_label("E-mail").fill("ines@example.org")
    form.get_by_role("button", name="Post comment").click()
    mine = frame.locator("#comment-list > li").first
    # The first comment screened in this process loads the moderation's text models.
    expect(mine).to_contain_text("Thirty swifts, maybe.", timeout=30_000)
    expect(frame.locator(".no-comments")).to_be_hidden()

    mine.get_by_role("link", name="Edit").click()
    mine.get_by_label("Edit your comment").fill("Thirty-two swifts, counted twice.")
    mine.get_by_role("button", name="Save").click()
    expect(mine.locator(".comment-body")).to_have_text("Thirty-two swifts, counted twice.")
    assert Comment.objects.get().body == "Thirty-two swifts, counted twice."

    page.on("dialog", lambda dialog: dialog.accept())
    mine.get_by_role("link", name="Delete").click()
    expect(frame.locator("#comment-list")).not_to_contain_text("Thirty-two swifts")
    assert page.url == f"{host.origin}/post.html"
    assert Comment.objects.get().state == "deleted"


# Every element's colours, in document order: what the reader sees of the theme.
COLOURS = """() => [...document.querySelectorAll("body, body *")].map(el => {
  const style = getComputedStyle(el);
  const name = el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
    + [...el.classList].map(c => "." + c).join("");
  return [name, style.color, style.backgroundColor, style.borderLeftColor, style.outlineColor];
})"""


def luminance(colour: str) -> float:
    """Relative luminance (WCAG) of a computed 'rgb(r, g, b)' colour, 0 black to 1 white."""
    red, green, blue = (int(part) / 255 for part in re.findall(r"\d+", colour)[:3])

    def linear(channel: float) -> float:
        return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4

    return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)


@pytest.mark.parametrize(("asked", "system"), [("dark", "light"), ("light", "dark")])
def test_the_frame_wears_the_theme_the_host_page_asks_for_whatever_the_system_says(
    page, host, live_server, discussed, asked, system
):
    """Issue #18: under a light system, a host page's data-theme="dark" left parts of the
    frame light (the panels and fields on --surface), and the reverse must stay all light.
    Every part of the discussion is opened, then the system's scheme is turned to agree with
    the host's: not one colour in the frame may change, and axe passes either way."""
    config = ModerationSettings.load()
    config.premoderate_new_guests = True
    config.save()
    page.emulate_media(color_scheme=system)
    page.goto(host_page(host, live_server, box=f'data-theme="{asked}"'))
    frame = discussion_frame(page)
    expect(frame.locator("html")).to_have_attribute("data-theme", asked)

    form = frame.locator("#comment-form")
    form.get_by_label("Your comment").fill("Held until a moderator reads it.")
    form.get_by_label("Name").fill("Ines")
    form.get_by_label("E-mail").fill("ines@example.org")
    form.get_by_role("button", name="Post comment").click()
    expect(frame.locator(".is-pending").first).to_be_visible()  # the pending card
    form.get_by_label("Your comment").click()
    form.get_by_role("button", name="Post comment").click()
    expect(form.locator(".error-summary")).to_be_visible()
    other = frame.locator("li.comment", has_text="Sighting number 10")
    other.get_by_role("button", name="Up vote").click()
    expect(other.get_by_role("button", name="Up vote")).to_have_attribute("aria-pressed", "true")
    other.get_by_text("Report", exact=True).click()
    expect(other.locator(".report-control").get_by_label("Spam")).to_be_visible()
    other.get_by_role("link", name="Reply to reader10").click()
    expect(other.locator(".reply-slot form")).to_be_visible()

    field = luminance(
        form.get_by_label("Your comment").evaluate("el => getComputedStyle(el).backgroundColor")
    )
    paper = luminance(frame.locator("body").evaluate("el => getComputedStyle(el).backgroundColor"))
    if asked == "dark":
        assert field < 0.1 and paper < 0.1, (field, paper)
    else:
        assert field > 0.8 and paper > 0.8, (field, paper)
    found = violations(discussion_frame_of(page))
    assert not found, f"{asked} theme under a {system} system:\n{describe(found)}"

    seen = discussion_frame_of(page).evaluate(COLOURS)
    page.emulate_media(color_scheme=asked)
    expect(frame.locator("html")).to_have_attribute("data-theme", asked)
    agreed = discussion_frame_of(page).evaluate(COLOURS)
    assert len(seen) == len(agreed)
    changed = [
        f"{one[0]}: {one[1:]} -> {two[1:]}"
        for one, two in zip(seen, agreed, strict=True)
        if one != two
    ]
    assert not changed, f"{asked} theme under a {system} system differs:\n" + "\n".join(changed)
    found = violations(discussion_frame_of(page))
    assert not found, f"{asked} theme under a {asked} system:\n{describe(found)}"


def test_a_press_before_the_frame_has_loaded_its_scripts_waits_for_them(
    page, host, live_server, discussed
):
    """The frame's forms go out with its header only once htmx has taken them over: a vote
    pressed before then must neither be sent without it (and refused) nor leave the frame,
    and is made once htmx is there."""
    held = []
    page.route("**/htmx-2.0.11.min.js", lambda route: held.append(route))
    posted = []
    page.on("request", lambda request: request.method == "POST" and posted.append(request.url))
    # Not until "load": the frame's load waits for the held script.
    page.goto(host_page(host, live_server), wait_until="domcontentloaded")
    frame = discussion_frame(page)
    card = frame.locator("li.comment", has_text="Sighting number 11").locator(".comment-card")
    up = card.get_by_role("button", name="Up vote")
    expect(up).to_be_visible()
    assert held, "the frame asked for htmx"

    up.click()
    page.wait_for_timeout(500)
    assert posted == []
    assert "/embed/frame/" in discussion_frame_of(page).url

    held[0].continue_()
    expect(up).to_have_attribute("aria-pressed", "true")
    assert len(posted) == 1
    assert Comment.objects.get(body="Sighting number 11").upvotes == 1
