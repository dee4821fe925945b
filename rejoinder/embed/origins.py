"""Origins and page identifiers, as the embed sends them and a site's staff write them. Pure:
no Django, so the rules are tested with plain tables."""

from urllib.parse import urlsplit

DEFAULT_PORTS = {"http": 80, "https": 443}


def normalise_origin(text: str) -> str | None:
    """`scheme://host[:port]` as a browser writes it in the Origin header (lower case, no
    default port, nothing after the port), or None if `text` is not exactly an origin."""
    try:
        parts = urlsplit(text.strip())
        port = parts.port
    except ValueError:
        return None
    if parts.scheme not in DEFAULT_PORTS or not parts.hostname:
        return None
    if parts.path not in ("", "/") or parts.query or parts.fragment or parts.username:
        return None
    host = parts.hostname.lower()
    if ":" in host:  # an IPv6 address keeps its brackets
        host = f"[{host}]"
    if port is None or port == DEFAULT_PORTS[parts.scheme]:
        return f"{parts.scheme}://{host}"
    return f"{parts.scheme}://{host}:{port}"


def origin_of(url: str) -> str | None:
    """The origin of an absolute http(s) address, or None."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    return normalise_origin(f"{parts.scheme}://{parts.netloc}") if parts.netloc else None


def page_address(url: str) -> str:
    """A page's address as the embed keys its discussion by default: without its query or
    fragment, so that tracking parameters and anchors do not split a discussion."""
    parts = urlsplit(url.strip())
    return parts._replace(query="", fragment="").geturl()


def page_identifier(*, page_id: str = "", url: str = "") -> str:
    """What a page's discussion is keyed by, from what the embed sends: its explicit id
    (data-page-id) wins, else its address as `page_address` keeps it."""
    return page_id.strip() or page_address(url)
