import pytest

from rejoinder.embed.origins import normalise_origin, origin_of, page_address


@pytest.mark.parametrize(
    ("written", "origin"),
    [
        ("https://Blog.Example.org", "https://blog.example.org"),
        ("https://blog.example.org/", "https://blog.example.org"),
        ("https://blog.example.org:443", "https://blog.example.org"),
        ("http://blog.example.org:80", "http://blog.example.org"),
        ("http://127.0.0.2:4000", "http://127.0.0.2:4000"),
        ("http://[::1]:8000", "http://[::1]:8000"),
        ("  https://a.example  ", "https://a.example"),
        ("https://blog.example.org/posts/", None),  # a path is not an origin
        ("https://blog.example.org?x=1", None),
        ("blog.example.org", None),
        ("ftp://blog.example.org", None),
        ("javascript:alert(1)", None),
        ("https://user@blog.example.org", None),
        ("https://blog.example.org:99999", None),
        ("", None),
    ],
)
def test_an_origin_is_exactly_scheme_host_and_port(written, origin):
    assert normalise_origin(written) == origin


def test_origin_of_an_address_and_a_page_address_without_query_or_fragment():
    assert origin_of("https://blog.example.org:443/a/b?c#d") == "https://blog.example.org"
    assert origin_of("/relative/") is None
    assert page_address("https://blog.example.org/a/?utm_source=x#comment-3") == (
        "https://blog.example.org/a/"
    )
