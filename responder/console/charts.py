"""Small charts drawn on the server as SVG: no script, no CDN, works offline.

Two shapes cover the console: a column per hour of the day, and a bar per rule or
reason.  Sizes are in a ``viewBox`` so a chart shrinks to a phone's width.  Every label
and value is escaped; digits are Persian.
"""

from __future__ import annotations

from markupsafe import Markup, escape

from responder.console.persian import number


def columns(values: list[int], labels: list[str], title: str) -> Markup:
    """Vertical columns (e.g. messages per hour), labels under every third column."""
    width, height, base = 360, 130, 108
    top = max(values, default=0) or 1
    step = width / max(len(values), 1)
    parts = [f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}">']
    for i, value in enumerate(values):
        h = round(96 * value / top, 1)
        x = width - (i + 1) * step + 2  # right to left, like the page
        parts.append(f'<rect x="{x:.1f}" y="{base - h}" width="{step - 4:.1f}" height="{h}" class="bar">'
                     f"<title>{escape(labels[i])}: {number(value)}</title></rect>")  # fmt: skip
        if i % 3 == 0:
            parts.append(f'<text x="{x + step / 2 - 2:.1f}" y="{height - 6}" text-anchor="middle">{escape(labels[i])}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def bars(items: list[tuple[str, int]], title: str) -> Markup:
    """Horizontal bars, one per item, label on the right (RTL) and the count beside the bar."""
    row, width, labels, longest = 26, 360, 176, 130  # px: the labels' column, the longest bar
    top = max((value for _, value in items), default=0) or 1
    height = row * max(len(items), 1) + 4
    parts = [f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}">']
    for i, (label, value) in enumerate(items):
        y = i * row + 4
        w = round(longest * value / top, 1)
        short = label if len(label) <= 24 else label[:23] + "…"
        parts.append(f'<text x="{width - 2}" y="{y + 15}" text-anchor="end"><title>{escape(label)}</title>{escape(short)}</text>')
        parts.append(f'<rect x="{width - labels - w}" y="{y + 2}" width="{w}" height="{row - 10}" class="bar"/>')
        parts.append(f'<text x="{width - labels - w - 4}" y="{y + 15}" text-anchor="end">{number(value)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))
