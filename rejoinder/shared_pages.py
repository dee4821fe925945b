"""The kinds of pages the WSGI application answers from memory for readers without an
identity (discussion.shared_reads), in the order it asks them: the apps' sources, composed
here as urls.py composes their addresses. Any address may be an article's, so ArticlePages
comes last."""

from rejoinder.discussion.shared_reads import Source


def sources() -> list[Source]:
    from rejoinder.api.threads import ApiCommentPages
    from rejoinder.discussion.shared_reads import ArticlePages, ThreadFragments
    from rejoinder.embed.frames import FramePages

    return [ThreadFragments(), FramePages(), ApiCommentPages(), ArticlePages()]


# Counts for many pages (#16): a part of its own, so that the list above stays the pages'.
# They are asked before ArticlePages, which takes any address.
_page_sources = sources


def sources() -> list[Source]:  # the list above, with the counts added
    from rejoinder.discussion.shared_reads import ArticlePages
    from rejoinder.embed.shared_counts import SharedCounts

    listed = _page_sources()
    at = next((n for n, s in enumerate(listed) if isinstance(s, ArticlePages)), len(listed))
    return [*listed[:at], SharedCounts(), *listed[at:]]
