"""Small SVG bar charts drawn on the server: no script, no third party, readable by screen
readers through their title and the table beside each chart."""

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString


def bar_chart(
    bars: list[tuple[str, int]], *, title: str, width: int = 560, height: int = 160
) -> SafeString:
    top = max((value for _, value in bars), default=0) or 1
    gap = 4
    slot = width / max(len(bars), 1)
    plot = height - 24
    rects = format_html_join(
        "",
        '<g><title>{}: {}</title><rect x="{}" y="{}" width="{}" height="{}" class="bar"></rect>'
        '<text x="{}" y="{}" class="label">{}</text></g>',
        (
            (
                label,
                value,
                f"{index * slot + gap / 2:.1f}",
                f"{plot - plot * value / top:.1f}",
                f"{slot - gap:.1f}",
                f"{plot * value / top:.1f}",
                f"{index * slot + slot / 2:.1f}",
                height - 6,
                label,
            )
            for index, (label, value) in enumerate(bars)
        ),
    )
    return format_html(
        '<svg class="chart" viewBox="0 0 {} {}" role="img" aria-label="{}">{}</svg>',
        width,
        height,
        title,
        rects,
    )
