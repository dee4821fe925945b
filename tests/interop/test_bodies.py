"""A source's HTML becomes Markdown that a moderator's correction re-renders to the same
sanitised HTML (the fast path for paragraphs, emphasis and links)."""

import re

from hypothesis import given
from hypothesis import strategies as st

from rejoinder.discussion.markup import render_comment
from rejoinder.interop.bodies import convert
from rejoinder.interop.records import BodyFormat

words = st.text(
    alphabet=st.sampled_from(list("abcXYZ019*_[]`#>-+.!&<\\'\"")), min_size=1, max_size=12
).filter(lambda word: word.strip() == word and word)
sentences = st.lists(words, min_size=1, max_size=6).map(" ".join)
inline = st.one_of(
    sentences.map(lambda text: text.replace("&", "&amp;").replace("<", "&lt;")),
    st.tuples(st.sampled_from(["em", "strong"]), st.from_regex(r"[a-z]{1,8}", fullmatch=True)).map(
        lambda pair: f"<{pair[0]}>{pair[1]}</{pair[0]}>"
    ),
    st.from_regex(r"[a-z]{1,8}", fullmatch=True).map(
        lambda text: f'<a href="https://example.org/{text}">{text}</a>'
    ),
)
paragraphs = st.lists(
    st.lists(inline, min_size=1, max_size=4).map(" ".join), min_size=1, max_size=3
)


@given(paragraphs)
def test_markdown_of_an_imported_comment_renders_back_to_its_html(parts):
    source = "".join(f"<p>{part}</p>" for part in parts)
    body, body_html = convert(source, BodyFormat.HTML)
    assert re.sub(r"\n", "", render_comment(body)) == body_html
