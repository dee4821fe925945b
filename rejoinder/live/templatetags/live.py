from django import template

from rejoinder.live.stream import latest_event_id

register = template.Library()


@register.simple_tag
def live_after() -> int:
    """The newest event id as the page is drawn: its stream starts after it, so nothing
    that happens between drawing the page and opening the stream is missed."""
    return latest_event_id()
