"""Small SVG bar charts drawn on the server: no script, no third party, readable by screen
readers through their title and the figures printed beside each chart.

Each chart has a value axis with round ticks and every bar carries its number. The axis
never ends below FLOOR, so one decision is a short bar out of five rather than a bar that
fills the chart and looks like a flood."""

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

FLOOR = 5
BAR_MAX_WIDTH = 48
AXIS_WIDTH = 32  # room for the tick labels left of the plot
TOP_MARGIN = 14  # room for the number above the tallest bar
BOTTOM_MARGIN = 24  # room for the bars' labels


def axis_top(largest: int) -> int:
    """The smallest of 1, 2 or 5 times a power of ten at or above `largest` (and FLOOR)."""
    wanted = max(largest, FLOOR)
    scale = 1
    while True:
        for step in (1, 2, 5):
            if step * scale >= wanted:
                return step * scale
        scale *= 10


def axis_ticks(top: int) -> list[int]:
    """Five steps up to a top of 5, 50…; halves up to a top of 1, 2, 10, 20…"""
    steps = 5 if str(top).startswith("5") else 2
    return [top * step // steps for step in range(steps + 1)]


def bar_chart(
    bars: list[tuple[str, int]], *, title: str, width: int = 560, height: int = 180
) -> SafeString:
    top = axis_top(max((value for _, value in bars), default=0))
    plot_height = height - TOP_MARGIN - BOTTOM_MARGIN
    baseline = TOP_MARGIN + plot_height
    slot = (width - AXIS_WIDTH) / max(len(bars), 1)
    bar_width = min(slot - 4, BAR_MAX_WIDTH)

    def y(value: int) -> float:
        return baseline - plot_height * value / top

    ticks = format_html_join(
        "",
        '<line x1="{}" x2="{}" y1="{}" y2="{}" class="grid"></line>'
        '<text x="{}" y="{}" class="tick">{}</text>',
        (
            (AXIS_WIDTH, width, line, line, AXIS_WIDTH - 4, f"{y(value) + 3:.1f}", value)
            for value in axis_ticks(top)
            for line in [f"{y(value):.1f}"]
        ),
    )
    rects = format_html_join(
        "",
        '<g><title>{}: {}</title><rect x="{}" y="{}" width="{}" height="{}" class="bar"></rect>'
        '<text x="{}" y="{}" class="value">{}</text>'
        '<text x="{}" y="{}" class="label">{}</text></g>',
        (
            (
                label,
                value,
                f"{centre - bar_width / 2:.1f}",
                f"{y(value):.1f}",
                f"{bar_width:.1f}",
                f"{baseline - y(value):.1f}",
                f"{centre:.1f}",
                f"{y(value) - 3:.1f}",
                value,
                f"{centre:.1f}",
                height - 6,
                label,
            )
            for index, (label, value) in enumerate(bars)
            for centre in [AXIS_WIDTH + index * slot + slot / 2]
        ),
    )
    return format_html(
        '<svg class="chart" viewBox="0 0 {} {}" role="img" aria-label="{}">{}{}'
        '<line x1="{}" x2="{}" y1="{}" y2="{}" class="axis"></line></svg>',
        width,
        height,
        title,
        ticks,
        rects,
        AXIS_WIDTH,
        AXIS_WIDTH,
        TOP_MARGIN,
        baseline,
    )
