"""Tests for rejoinder.discussion.markup: Markdown comments to safe HTML (pure, no Django)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from html import escape
from html.parser import HTMLParser
from pathlib import Path

import pytest

from rejoinder.discussion.markup import plain_text, render_comment, sanitise_html
from tests.corpora import corpora_dir

REL = "nofollow ugc noopener"

# Written out here rather than imported, so that widening the module's allow-list is a deliberate
# change that has to touch the tests as well.
ALLOWED_TAGS = {"p", "br", "em", "strong", "a", "blockquote", "code", "pre", "ul", "ol", "li"}
ALLOWED_ATTRS = {"a": {"href", "rel"}}
ALLOWED_SCHEMES = {"http", "https", "mailto"}
ALWAYS_FORBIDDEN = {"script", "img", "iframe", "svg", "style"}


# --- helpers ---


@dataclass
class ParsedFragment:
    tags: list[str] = field(default_factory=list)
    attrs: list[tuple[str, str, str | None]] = field(default_factory=list)  # (tag, name, value)
    other: list[str] = field(default_factory=list)  # comments, doctypes, processing instructions


class _Collector(HTMLParser):
    """Records every element and attribute as a browser-like tokenizer sees them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.result = ParsedFragment()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.result.tags.append(tag)
        self.result.attrs.extend((tag, name, value) for name, value in attrs)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        # An end tag of something never opened still reveals a tag that got through.
        if tag not in ALLOWED_TAGS:
            self.result.tags.append(tag)

    def handle_comment(self, data: str) -> None:
        self.result.other.append(f"comment:{data}")

    def handle_decl(self, decl: str) -> None:
        self.result.other.append(f"decl:{decl}")

    def handle_pi(self, data: str) -> None:
        self.result.other.append(f"pi:{data}")

    def unknown_decl(self, data: str) -> None:
        self.result.other.append(f"unknown:{data}")


def parse(fragment: str) -> ParsedFragment:
    collector = _Collector()
    collector.feed(fragment)
    collector.close()
    return collector.result


_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):")


def href_scheme(href: str) -> str | None:
    # Browsers ignore ASCII whitespace and control characters inside a scheme ("java\tscript:"),
    # so remove all of them before looking, rather than only stripping the ends.
    squashed = "".join(ch for ch in href if not ch.isspace() and ord(ch) >= 0x20).lower()
    match = _SCHEME.match(squashed)
    return match.group(1) if match else None


def safety_problems(rendered: str) -> list[str]:
    """Everything that makes `rendered` unsafe or off-list; empty if it is fine."""
    problems: list[str] = []
    parsed = parse(rendered)
    for tag in parsed.tags:
        if tag not in ALLOWED_TAGS:
            problems.append(f"tag <{tag}> not allowed")
        if tag in ALWAYS_FORBIDDEN:
            problems.append(f"forbidden tag <{tag}>")
    for tag, name, value in parsed.attrs:
        if name.startswith("on"):
            problems.append(f"event handler {name} on <{tag}>")
        if name not in ALLOWED_ATTRS.get(tag, set()):
            problems.append(f"attribute {name} not allowed on <{tag}>")
        if name == "href":
            scheme = href_scheme(value or "")
            if scheme not in ALLOWED_SCHEMES:
                problems.append(f"href with scheme {scheme!r}: {value!r}")
        if name == "rel" and value != REL:
            problems.append(f"rel={value!r}")
    problems.extend(f"markup {item!r}" for item in parsed.other)
    lowered = rendered.lower()
    problems.extend(f"raw <{tag}" for tag in sorted(ALWAYS_FORBIDDEN) if f"<{tag}" in lowered)
    return problems


def collapse(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


# --- the test's own checker ---


@pytest.mark.parametrize(
    ("fragment", "expected_problem"),
    [
        ("<p>fine</p>", None),
        (f'<a href="https://e.com/" rel="{REL}">ok</a>', None),
        ("<img src=x>", "tag <img> not allowed"),
        ("<svg/onload=alert(1)>", "event handler onload on <svg>"),
        ('<p onclick="x()">a</p>', "event handler onclick on <p>"),
        (f'<a href=" JaVa\tScRiPt:x()" rel="{REL}">a</a>', "href with scheme 'javascript'"),
        (f'<a href="&#106;avascript:x()" rel="{REL}">a</a>', "href with scheme 'javascript'"),
        (f'<a href="/local" rel="{REL}">a</a>', "href with scheme None"),
        (f'<a href="https://e.com/" rel="{REL}" target="_blank">a</a>', "attribute target"),
        ('<a href="https://e.com/">a</a>', None),  # rel is checked per-link by other tests
        ('<a href="https://e.com/" rel="opener">a</a>', "rel='opener'"),
        ("<!-- x -->", "markup 'comment: x '"),
        ("</script>", "tag <script> not allowed"),
    ],
)
def test_safety_checker_catches_problems(fragment: str, expected_problem: str | None) -> None:
    problems = safety_problems(fragment)
    if expected_problem is None:
        assert problems == []
    else:
        assert any(p.startswith(expected_problem) for p in problems), problems


def test_a_corpus_test_that_runs_without_its_corpora_fails_instead_of_passing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Reached only with REQUIRE_CORPORA=1 (otherwise such tests are skipped and reported).
    monkeypatch.delenv("REJOINDER_CORPORA", raising=False)
    with pytest.raises(pytest.fail.Exception, match="test corpora not found"):
        corpora_dir(tmp_path / "nowhere")
    monkeypatch.setenv("REJOINDER_CORPORA", str(tmp_path / "also-nowhere"))
    with pytest.raises(pytest.fail.Exception, match="test corpora not found"):
        corpora_dir(tmp_path / "nowhere")
    monkeypatch.setenv("REJOINDER_CORPORA", str(tmp_path))
    assert corpora_dir(tmp_path / "nowhere") == tmp_path


# --- allowed constructs ---


@pytest.mark.parametrize(
    ("markdown", "expected"),
    [
        pytest.param("Hello", "<p>Hello</p>", id="paragraph"),
        pytest.param("one\n\ntwo", "<p>one</p>\n<p>two</p>", id="two-paragraphs"),
        pytest.param("*em* and _em_", "<p><em>em</em> and <em>em</em></p>", id="emphasis"),
        pytest.param("**a** __b__", "<p><strong>a</strong> <strong>b</strong></p>", id="strong"),
        pytest.param("***x***", "<p><em><strong>x</strong></em></p>", id="strong-emphasis"),
        pytest.param(
            "[site](https://example.com/a?b=1&c=2)",
            f'<p><a href="https://example.com/a?b=1&amp;c=2" rel="{REL}">site</a></p>',
            id="inline-link",
        ),
        pytest.param(
            "<https://example.com/>",
            f'<p><a href="https://example.com/" rel="{REL}">https://example.com/</a></p>',
            id="autolink",
        ),
        pytest.param(
            "<ed@example.com>",
            f'<p><a href="mailto:ed@example.com" rel="{REL}">ed@example.com</a></p>',
            id="email-autolink",
        ),
        pytest.param(
            "[ref][1]\n\n[1]: http://example.com/",
            f'<p><a href="http://example.com/" rel="{REL}">ref</a></p>',
            id="reference-link",
        ),
        pytest.param(
            "> quoted\n> more",
            "<blockquote>\n<p>quoted<br>\nmore</p>\n</blockquote>",
            id="blockquote",
        ),
        pytest.param("use `x < y`", "<p>use <code>x &lt; y</code></p>", id="inline-code"),
        pytest.param(
            "```python\nif a < b:\n    pass\n```",
            "<pre><code>if a &lt; b:\n    pass\n</code></pre>",
            id="fenced-code-drops-language-class",
        ),
        pytest.param("    indented", "<pre><code>indented\n</code></pre>", id="indented-code"),
        pytest.param("- a\n- b", "<ul>\n<li>a</li>\n<li>b</li>\n</ul>", id="bullet-list"),
        pytest.param(
            "* a\n+ b", "<ul>\n<li>a</li>\n</ul>\n<ul>\n<li>b</li>\n</ul>", id="bullet-markers"
        ),
        pytest.param("1. a\n2. b", "<ol>\n<li>a</li>\n<li>b</li>\n</ol>", id="ordered-list"),
        pytest.param("line one\nline two", "<p>line one<br>\nline two</p>", id="soft-break"),
        pytest.param("hard  \nbreak", "<p>hard<br>\nbreak</p>", id="hard-break-spaces"),
        pytest.param("hard\\\nbreak", "<p>hard<br>\nbreak</p>", id="hard-break-backslash"),
        pytest.param("\\*not em\\*", "<p>*not em*</p>", id="backslash-escape"),
        pytest.param("a & b", "<p>a &amp; b</p>", id="ampersand-escaped"),
        pytest.param("&copy; &#65;", "<p>© A</p>", id="entities-decoded"),
        pytest.param("  padded  ", "<p>padded</p>", id="surrounding-whitespace"),
    ],
)
def test_allowed_constructs(markdown: str, expected: str) -> None:
    rendered = render_comment(markdown)
    assert rendered == expected
    assert safety_problems(rendered) == []


@pytest.mark.parametrize("text", ["", " ", "\n\n", "\t \r\n", "\u00a0"], ids=repr)
def test_empty_or_whitespace_renders_empty(text: str) -> None:
    assert render_comment(text) == ""


# --- forbidden constructs ---


@pytest.mark.parametrize(
    ("markdown", "expected"),
    [
        # Images: the alt text stays as plain text, never an <img>.
        pytest.param("![a cat](https://example.com/cat.png)", "<p>a cat</p>", id="image"),
        pytest.param("![*fancy* alt](https://e.com/x.png)", "<p>fancy alt</p>", id="image-alt-md"),
        pytest.param(
            '![x" onerror="alert(1)](https://e.com/x.png)',
            # Quotes need no escaping in text content; what matters is that no attribute exists.
            '<p>x" onerror="alert(1)</p>',
            id="image-alt-quote-breakout",
        ),
        pytest.param(
            "![ref img][i]\n\n[i]: https://e.com/i.png", "<p>ref img</p>", id="reference-image"
        ),
        pytest.param(
            "[![logo](https://e.com/l.png)](https://e.com/)",
            f'<p><a href="https://e.com/" rel="{REL}">logo</a></p>',
            id="image-inside-link",
        ),
        # Headings: flattened to a bold paragraph, never h1..h6.
        pytest.param("# Title", "<p><strong>Title</strong></p>", id="atx-h1"),
        pytest.param("###### Six *em*", "<p><strong>Six <em>em</em></strong></p>", id="atx-h6"),
        pytest.param("Title\n=====", "<p><strong>Title</strong></p>", id="setext-h1"),
        pytest.param("Title\n-----", "<p><strong>Title</strong></p>", id="setext-h2"),
        pytest.param("#hashtag", "<p>#hashtag</p>", id="hashtag-is-not-heading"),
        # Thematic breaks stay as typed.
        pytest.param("---", "<p>---</p>", id="hr-dashes"),
        pytest.param("***", "<p>***</p>", id="hr-stars"),
        # Tables are not part of CommonMark: the pipes stay as text.
        pytest.param(
            "| a | b |\n|---|---|\n| 1 | 2 |",
            "<p>| a | b |<br>\n|---|---|<br>\n| 1 | 2 |</p>",
            id="pipe-table",
        ),
        # Raw HTML is shown as text, escaped.
        pytest.param("<b>bold</b>", "<p>&lt;b&gt;bold&lt;/b&gt;</p>", id="inline-html"),
        pytest.param(
            "<script>alert(1)</script>",
            "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>",
            id="script-block",
        ),
        pytest.param(
            "<div>\nblock\n</div>",
            "<p>&lt;div&gt;<br>\nblock<br>\n&lt;/div&gt;</p>",
            id="html-block",
        ),
        pytest.param("<!-- hidden -->", "<p>&lt;!-- hidden --&gt;</p>", id="html-comment"),
        pytest.param(
            '<img src=x onerror="alert(1)">',
            '<p>&lt;img src=x onerror="alert(1)"&gt;</p>',
            id="img-tag",
        ),
        pytest.param(
            "<table><tr><td>x</td></tr></table>",
            "<p>&lt;table&gt;&lt;tr&gt;&lt;td&gt;x&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;</p>",
            id="html-table",
        ),
        # Extensions outside CommonMark stay literal.
        pytest.param("~~gone~~", "<p>~~gone~~</p>", id="strikethrough"),
    ],
)
def test_forbidden_constructs(markdown: str, expected: str) -> None:
    rendered = render_comment(markdown)
    assert rendered == expected
    assert safety_problems(rendered) == []
    assert not re.search(r"<(img|h[1-6]|table|hr|div|script)\b", rendered)


# --- links: rel, target, schemes ---


@pytest.mark.parametrize(
    "markdown",
    [
        "[a](https://example.com/)",
        "[a](http://example.com/ 'with a title')",
        "<https://example.com/>",
        "[a](mailto:ed@example.com)",
        '[a][r]\n\n[r]: https://example.com/ "title"',
    ],
)
def test_links_get_ugc_rel_and_nothing_else(markdown: str) -> None:
    rendered = render_comment(markdown)
    parsed = parse(rendered)
    assert parsed.tags.count("a") == 1
    link_attrs = {name: value for tag, name, value in parsed.attrs if tag == "a"}
    assert set(link_attrs) == {"href", "rel"}, "no target, title or class on links"
    assert link_attrs["rel"] == REL


@pytest.mark.parametrize(
    ("markdown", "href"),
    [
        ("[a](https://example.com/)", "https://example.com/"),
        ("[a](HTTP://EXAMPLE.COM/)", "HTTP://EXAMPLE.COM/"),
        ("[a](mailto:ed@example.com)", "mailto:ed@example.com"),
        # A space ends the destination: not a Markdown link, but its bare address is one.
        ("[a](https://example.com/a b)", "https://example.com/a"),
        ("[a](<https://example.com/a b>)", "https://example.com/a%20b"),
        ('[a](https://e.com/?q="x")', "https://e.com/?q=%22x%22"),
        ("[a](https://bücher.example/)", "https://xn--bcher-kva.example/"),
    ],
)
def test_allowed_schemes_are_kept(markdown: str, href: str | None) -> None:
    hrefs = [value for _tag, name, value in parse(render_comment(markdown)).attrs if name == "href"]
    assert hrefs == ([href] if href else [])


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "javascript&#58;alert(1)",
        "&#106;avascript:alert(1)",
        "&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;alert(1)",
        "javascript&colon;alert(1)",
        "%6Aavascript:alert(1)",
        "<java\tscript:alert(1)>",
        "<javascript\n:alert(1)>",
        "<\u0000javascript:alert(1)>",
        " javascript:alert(1)",
        "vbscript:msgbox(1)",
        "VBScript:msgbox(1)",
        "data:text/html,<script>alert(1)</script>",
        "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
        "DATA:image/svg+xml,<svg onload=alert(1)>",
        "file:///etc/passwd",
        "ftp://example.com/",
        "intent://scan/#Intent;scheme=zxing;end",
        "/relative/path",
        "//protocol-relative.example/",
        "#fragment",
        "?query",
    ],
)
@pytest.mark.parametrize(
    "template",
    ["[click]({url})", "<{url}>", "[click][r]\n\n[r]: {url}", "![img]({url})"],
    ids=["inline", "autolink", "reference", "image"],
)
def test_other_schemes_never_become_links(template: str, url: str) -> None:
    rendered = render_comment(template.format(url=url))
    assert safety_problems(rendered) == []
    assert [name for _tag, name, _value in parse(rendered).attrs if name == "href"] == []


# --- the sanitiser on its own ---


@pytest.mark.parametrize(
    ("fragment", "expected"),
    [
        ("<p><em>a</em> <strong>b</strong></p>", "<p><em>a</em> <strong>b</strong></p>"),
        (
            '<a href="https://e.com/" title="t" class="c" target="_blank" rel="opener">x</a>',
            f'<a href="https://e.com/" rel="{REL}">x</a>',
        ),
        ('<p title="t" lang="en" id="i" style="color:red">x</p>', "<p>x</p>"),
        ('<ol start="3"><li>x</li></ol>', "<ol><li>x</li></ol>"),
        ('<pre><code class="language-js">x</code></pre>', "<pre><code>x</code></pre>"),
        ('<a href="javascript:alert(1)">x</a>', f'<a rel="{REL}">x</a>'),
        ('<a href="/admin/">x</a>', f'<a rel="{REL}">x</a>'),
        ("<h1>Title</h1><hr><table><tr><td>c</td></tr></table>", "Titlec"),
        ("<img src=x onerror=alert(1)>after", "after"),
        ("<script>alert(1)</script><style>p{}</style>kept", "kept"),
        ("<!-- note --><p>x</p>", "<p>x</p>"),
        ('<svg><a href="https://e.com/">x</a></svg>', ""),
    ],
)
def test_sanitise_html(fragment: str, expected: str) -> None:
    cleaned = sanitise_html(fragment)
    assert cleaned == expected
    assert safety_problems(cleaned) == []


# --- plain_text ---


@pytest.mark.parametrize(
    ("markdown", "expected"),
    [
        ("Hello *world*", "Hello world"),
        ("one\n\ntwo\nthree", "one two three"),
        ("a < b & c > d", "a < b & c > d"),
        ("<script>alert(1)</script>", "<script>alert(1)</script>"),
        ("[link text](https://example.com/)", "link text"),
        ("- one\n- two", "one two"),
        ("```\ncode\n  block\n```", "code block"),
        ("# Heading\nbody", "Heading body"),
        ("![alt](https://e.com/i.png)", "alt"),
        ("&quot;quoted&quot; &amp;", '"quoted" &'),
        ("", ""),
    ],
)
def test_plain_text(markdown: str, expected: str) -> None:
    assert plain_text(render_comment(markdown)) == expected


@pytest.mark.parametrize(
    ("fragment", "expected"),
    [
        ("<p>a</p><script>evil()</script><p>b</p>", "ab"),
        ("<style>p{}</style>text", "text"),
        ("<p>x&nbsp;&nbsp;y</p>", "x y"),
        ("  <br>  ", ""),
    ],
)
def test_plain_text_of_arbitrary_html(fragment: str, expected: str) -> None:
    assert plain_text(fragment) == expected


# --- the shared corpora (an extra: tests/corpora.py; the generated tests are in
# test_markup_properties.py) ---

# Each payload is also tried in the places Markdown treats specially, so that link destinations,
# autolinks, reference definitions and image sources get the corpus too, not just running text.
PAYLOAD_CONTEXTS = [
    "{p}",
    "[click]({p})",
    "<{p}>",
    "![x]({p})",
    "[x][r]\n\n[r]: {p}",
    "[{p}](https://ok.example/)",
    "> {p}",
    "- {p}",
    "`{p}`",
    "```\n{p}\n```",
    "# {p}",
]


@pytest.mark.corpora
def test_xss_corpus_renders_only_allowed_markup() -> None:
    path = corpora_dir() / "xss" / "payloads.txt"
    payloads = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(payloads) >= 300, f"{path} looks truncated: {len(payloads)} payloads"
    failures: list[str] = []
    for payload in payloads:
        for context in PAYLOAD_CONTEXTS:
            source = context.format(p=payload)
            rendered = render_comment(source)
            failures.extend(f"{source!r} -> {rendered!r}: {p}" for p in safety_problems(rendered))
    assert not failures, f"{len(failures)} unsafe renderings:\n" + "\n".join(failures[:50])


@pytest.mark.corpora
def test_xss_corpus_through_the_sanitiser_alone() -> None:
    # markdown-it (html=False) escapes every payload before nh3 sees it, so the test above never
    # exercises the allow-list itself. Feed the raw payloads straight to the sanitiser too: it has
    # to hold even if the Markdown layer someday lets HTML through.
    path = corpora_dir() / "xss" / "payloads.txt"
    failures: list[str] = []
    for payload in path.read_text(encoding="utf-8").splitlines():
        cleaned = sanitise_html(payload)
        failures.extend(f"{payload!r} -> {cleaned!r}: {p}" for p in safety_problems(cleaned))
    assert not failures, f"{len(failures)} unsafe sanitisations:\n" + "\n".join(failures[:50])


def _is_plain(text: str) -> bool:
    """True for text that Markdown must leave exactly as typed (the round-trip subset)."""
    special = set("*_[]()<>&\\`#!|~-+.=")
    return bool(text.strip()) and not special.intersection(text) and not re.match(r"\s*\d+\.", text)


@pytest.mark.corpora
def test_naughty_strings_render_and_plain_ones_round_trip() -> None:
    path = corpora_dir() / "unicode" / "blns.json"
    strings = json.loads(path.read_text(encoding="utf-8"))
    assert len(strings) >= 500, f"{path} looks truncated: {len(strings)} strings"
    failures: list[str] = []
    round_tripped = 0
    for text in strings:
        try:
            rendered = render_comment(text)
            visible = plain_text(rendered)
        except Exception as exc:  # the point is to list every failure, not stop at the first
            failures.append(f"{text!r} raised {exc!r}")
            continue
        failures.extend(f"{text!r} -> {rendered!r}: {p}" for p in safety_problems(rendered))
        if _is_plain(text):
            round_tripped += 1
            if visible != collapse(text):
                failures.append(f"{text!r} round-tripped as {visible!r}")
    assert not failures, f"{len(failures)} problems:\n" + "\n".join(failures[:50])
    # Guard against the filter silently excluding everything.
    assert round_tripped >= 100, f"only {round_tripped} strings in the round-trip subset"


@pytest.mark.parametrize(
    "text",
    [
        "\u202eevil\u202c",
        "zero\u200bwidth",
        "👨‍👩‍👧‍👦 family",
        "\ufeffBOM",
        "Ω≈ç√∫",
        "null\u0000byte",
    ],
)
def test_unicode_survives(text: str) -> None:
    rendered = render_comment(text)
    assert safety_problems(rendered) == []
    assert plain_text(rendered) == text.replace("\u0000", "\ufffd")


@pytest.mark.parametrize(
    ("text", "href", "shown"),
    [
        (
            "Read https://example.org/report?page=2 first.",
            "https://example.org/report?page=2",
            "https://example.org/report?page=2",
        ),
        ("www.example.org/trains", "http://www.example.org/trains", "www.example.org/trains"),
        (
            "(see https://example.org/a_(b))",
            "https://example.org/a_(b)",
            "https://example.org/a_(b)",
        ),
        ("https://example.org/%41", "https://example.org/%41", "https://example.org/%41"),
    ],
)
def test_bare_addresses_become_links_with_the_same_rel(text: str, href: str, shown: str) -> None:
    rendered = render_comment(text)
    links = [(value, rendered) for _tag, name, value in parse(rendered).attrs if name == "href"]

    assert [value for value, _html in links] == [href]
    assert f'rel="{REL}"' in rendered
    assert f">{escape(shown)}</a>" in rendered
    assert safety_problems(rendered) == []


@pytest.mark.parametrize(
    "text",
    [
        "javascript:alert(1)",
        "write to ed@example.org",  # an address stays text: no mailto: harvest for scrapers
        "`https://example.org/in-code`",
        "    https://example.org/in-a-code-block",
        "ftp://example.org/file",
        "//protocol-relative.example/",
        "https://exa\u202emple.org",
    ],
)
def test_what_is_not_an_address_to_follow_stays_text(text: str) -> None:
    rendered = render_comment(text)

    hrefs = [value for _tag, name, value in parse(rendered).attrs if name == "href"]
    assert not any(value.startswith(("javascript", "mailto", "ftp", "//")) for value in hrefs)
    assert "in-code" not in "".join(hrefs) and "in-a-code-block" not in "".join(hrefs)
    assert safety_problems(rendered) == []
