"""Abstract illustrations and portraits drawn on the spot, so the demo ships no third-party
images and needs no network."""

import colorsys
import io
import random

from PIL import Image, ImageDraw


def _rgb(hue: int, saturation: float, lightness: float) -> tuple[int, int, int]:
    r, g, b = colorsys.hls_to_rgb(hue / 360, lightness, saturation)
    return round(r * 255), round(g * 255), round(b * 255)


def illustration(*, hue: int, motif: str, seed: str, size=(1200, 675)) -> bytes:
    """A PNG in the given hue: waves, grid, circles or bars, varied by `seed`."""
    rng = random.Random(seed)
    width, height = size
    image = Image.new("RGB", size, _rgb(hue, 0.35, 0.92))
    draw = ImageDraw.Draw(image)
    shades = [
        _rgb((hue + rng.randint(-25, 25)) % 360, 0.45, rng.uniform(0.3, 0.75)) for _ in range(6)
    ]
    if motif == "waves":
        for band in range(9):
            y0 = height * band / 9
            points = [
                (x, y0 + 28 * rng.random() + 40 * ((x // 150) % 2))
                for x in range(0, width + 150, 150)
            ]
            draw.line(points, fill=shades[band % len(shades)], width=18, joint="curve")
    elif motif == "grid":
        step = 75
        for x in range(0, width, step):
            for y in range(0, height, step):
                if rng.random() < 0.55:
                    draw.rectangle(
                        [x + 6, y + 6, x + step - 6, y + step - 6], fill=rng.choice(shades)
                    )
    elif motif == "circles":
        for _ in range(28):
            r = rng.randint(30, 160)
            x, y = rng.randint(0, width), rng.randint(0, height)
            draw.ellipse([x - r, y - r, x + r, y + r], outline=rng.choice(shades), width=10)
    else:  # bars: a chart-like silhouette for data pieces
        bars = 16
        for i in range(bars):
            bar_height = rng.uniform(0.15, 0.85) * height
            x0 = i * width / bars + 10
            draw.rectangle(
                [x0, height - bar_height, x0 + width / bars - 20, height], fill=shades[i % 6]
            )
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def portrait(*, hue: int, size: int = 240) -> bytes:
    """A round-faced placeholder portrait: a head-and-shoulders silhouette on a coloured disc."""
    image = Image.new("RGB", (size, size), _rgb(hue, 0.45, 0.82))
    draw = ImageDraw.Draw(image)
    figure = _rgb(hue, 0.35, 0.35)
    draw.ellipse([size * 0.32, size * 0.18, size * 0.68, size * 0.54], fill=figure)
    draw.ellipse([size * 0.14, size * 0.58, size * 0.86, size * 1.25], fill=figure)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
