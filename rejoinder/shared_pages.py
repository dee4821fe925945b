"""The kinds of pages the WSGI application answers from memory for readers without an
identity (discussion.shared_reads), in the order it asks them: the apps' sources, composed
here as urls.py composes their addresses. Any address may be an article's, so ArticlePages
comes last."""

from rejoinder.discussion.shared_reads import Source


def sources() -> list[Source]:
    from rejoinder.api.threads import ApiCommentPages
    from rejoinder.discussion.shared_reads import ArticlePages, ThreadFragments
    from rejoinder.embed.frames import FramePages
    from rejoinder.embed.shared_counts import SharedCounts

    return [ThreadFragments(), FramePages(), ApiCommentPages(), SharedCounts(), ArticlePages()]
