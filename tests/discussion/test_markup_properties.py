"""The sanitiser and the Markdown path, against generated hostile input (Hypothesis).

These are the suite's own security tests and need nothing outside the repository: soups of
HTML, Markdown and attributes built from the pieces attacks are made of (event handlers,
script-bearing URLs in every spelling browsers accept, tags outside the allow-list, comments
and declarations), and whatever comes out must carry no event handler, no link other than
http(s)/mailto, and no tag outside the allow-list. The shared corpora, when present, add
their real-world payloads on top (test_markup.py).
"""

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from rejoinder.discussion.actions import revise_comment
from rejoinder.discussion.markup import plain_text, render_comment, sanitise_html
from tests.discussion.test_markup import REL, safety_problems

# Bounded so that the whole file stays a few seconds long.
pure = settings(max_examples=150, deadline=None)

TAGS = [
    *["p", "br", "em", "strong", "a", "blockquote", "code", "pre", "ul", "ol", "li"],
    *["script", "img", "iframe", "svg", "style", "object", "embed", "math", "form", "input"],
    *["base", "meta", "link", "textarea", "title", "noscript", "template", "details", "video"],
    *["body", "html", "frameset", "xmp", "plaintext", "h1", "table", "div", "span", "marquee"],
]
ATTRIBUTES = [
    *["onclick", "onerror", "onload", "ONMOUSEOVER", "onfocus", "onanimationstart"],
    *["href", "src", "srcdoc", "xlink:href", "formaction", "action", "data", "style"],
    *["rel", "target", "class", "id", "title", "autofocus", "background", "poster"],
]
URLS = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "java\tscript:alert(1)",
    "java\nscript:alert(1)",
    " \x01javascript:alert(1)",
    "&#106;avascript:alert(1)",
    "&#x6A;&#x61;vascript:alert(1)",
    "javascript&colon;alert(1)",
    "vbscript:msgbox(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "file:///etc/passwd",
    "//evil.example/",
    "/\\evil.example",
    "/admin/",
    "relative/path",
    "#fragment",
    "ftp://files.example/",
    "https://example.org/ok?a=1&b=2",
    "http://example.org/",
    "mailto:someone@example.org",
]
TEXT = st.text(alphabet=st.characters(codec="utf-8"), max_size=12)
QUOTE = st.sampled_from(['"', "'", ""])


@st.composite
def attribute(draw) -> str:
    name = draw(st.sampled_from(ATTRIBUTES))
    value = draw(st.sampled_from(URLS) | st.just("alert(1)") | TEXT)
    quote = draw(QUOTE)
    space = draw(st.sampled_from([" ", "/", "\t", "\n", "  "]))
    return f"{space}{name}={quote}{value}{quote}"


@st.composite
def element(draw) -> str:
    tag = draw(st.sampled_from(TAGS))
    attributes = "".join(draw(st.lists(attribute(), max_size=3)))
    close = draw(st.sampled_from([">", "/>", " >", ""]))
    return f"<{tag}{attributes}{close}"


HTML_PIECES = (
    element()
    | st.sampled_from(TAGS).map(lambda tag: f"</{tag}>")
    | st.sampled_from(
        [
            *["<!-- c -->", "<!--", "-->", "<![CDATA[x]]>", "<!doctype html>", "<?xml ?>"],
            *["&lt;", "&#60;script&#62;", "<", ">", '"', "'", "`", "\x00", "\u202e"],
            "<scr<script>ipt>",
        ]
    )
    | TEXT
)
HTML_SOUP = st.lists(HTML_PIECES, max_size=12).map("".join)


@st.composite
def markdown_link(draw) -> str:
    url = draw(st.sampled_from(URLS) | TEXT)
    label = draw(TEXT | element())
    return draw(
        st.sampled_from(
            [
                f"[{label}]({url})",
                f'[{label}]({url} "t")',
                f"[{label}](<{url}>)",
                f"<{url}>",
                f"![{label}]({url})",
                f"[{label}][r]\n\n[r]: {url}",
                f"[{label}]",
                url,
            ]
        )
    )


MARKDOWN_PIECES = (
    markdown_link()
    | HTML_PIECES
    | st.sampled_from(["\n", "\n\n", "> ", "- ", "1. ", "# ", "```\n", "`", "**", "_", "\\"])
)
MARKDOWN_SOUP = st.lists(MARKDOWN_PIECES, max_size=12).map("".join)


def assert_safe(source: str, output: str) -> None:
    problems = safety_problems(output)
    assert not problems, f"{source!r} -> {output!r}: {problems}"


@pure
@given(HTML_SOUP)
@example('<a href="java\tscript:alert(1)" onclick="x()">a</a>')
@example("<svg/onload=alert(1)><img src=x onerror=alert(1)>")
@example("<scr<script>ipt>alert(1)</script>")
def test_the_sanitiser_lets_nothing_unsafe_through(soup):
    assert_safe(soup, sanitise_html(soup))


@pure
@given(MARKDOWN_SOUP)
@example("[click](javascript:alert(1))")
@example("[x][r]\n\n[r]: &#106;avascript:alert(1)")
@example("<javascript:alert(1)>")
@example('![x](https://e.com/i.png "<img src=x onerror=alert(1)>")')
def test_markdown_renders_only_the_allow_list(markdown):
    assert_safe(markdown, render_comment(markdown))


@pure
@given(MARKDOWN_SOUP)
def test_every_link_a_comment_keeps_is_marked_as_the_readers(markdown):
    rendered = render_comment(markdown)
    assert rendered.count("<a ") == rendered.count(f'rel="{REL}"'), rendered


@pure
@given(MARKDOWN_SOUP)
def test_rendering_is_stable(markdown):
    # Stored HTML is sanitised again by nothing: sanitising it once more must change nothing.
    rendered = render_comment(markdown)
    assert sanitise_html(rendered) == rendered


@pure
@given(MARKDOWN_SOUP)
def test_the_plain_text_for_mail_is_text(markdown):
    # Mail bodies and excerpts: text only, which templates escape again on the way out.
    text = plain_text(render_comment(markdown))
    assert_safe(markdown, sanitise_html(text.replace("<", "&lt;")))
    assert "\n" not in text and text == text.strip()


# --- through the site: preview, post, and a moderator's edit store what the page shows ---

through_the_site = settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.mark.django_db
@through_the_site
@given(MARKDOWN_SOUP.filter(str.strip))
def test_the_preview_shows_only_safe_markup(client, thread, markdown):
    response = client.post(
        f"/discussion/{thread.pk}/preview/", {"body": markdown}, HTTP_HX_REQUEST="true"
    )

    assert response.status_code == 200
    shown = response.content.decode()
    body = shown.split('<div class="comment-body">', 1)[-1].rsplit("</div>", 1)[0]
    assert_safe(markdown, body)


@pytest.mark.django_db
@through_the_site
# Without NUL: the forms refuse it before any action sees it (test_form_lengths.py), and
# PostgreSQL cannot store it.
@given(MARKDOWN_SOUP.map(lambda text: text.replace("\x00", "")).filter(str.strip))
def test_posted_and_moderated_comments_store_only_safe_markup(thread, say, unscreened, markdown):
    comment = say(markdown)
    assert_safe(markdown, comment.body_html)

    revise_comment(comment=comment, body=f"{markdown}\n\n{markdown}")
    comment.refresh_from_db()
    assert_safe(markdown, comment.body_html)
