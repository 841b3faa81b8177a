"""Bar charts as SVG, drawn on the server from the same numbers as the table beside them.

No script and no library: the chart is an image with a title and a description (role="img",
aria-labelledby), each bar has its value written beside it, and a withheld value (a count
under the suppression limit) is drawn as a gap with a dash. Text is escaped; numbers are
formatted in the page's language.
"""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

WIDTH, BAR_H, GAP, LABEL_W, VALUE_W = 560, 22, 8, 90, 70


def bar_chart(
    *,
    chart_id: str,
    title: str,
    description: str,
    rows: list[tuple[str, float | None]],
    unit: str = "",
    decimals: int = 0,
) -> SafeString:
    """Horizontal bars, one per (label, value); None is a withheld value."""
    values = [v for _label, v in rows if v is not None]
    top = max(values) if values else 1
    top = top or 1
    plot = WIDTH - LABEL_W - VALUE_W
    height = len(rows) * (BAR_H + GAP) + GAP
    parts = [
        f'<svg class="chart" id="{chart_id}" role="img" aria-labelledby="{chart_id}-t {chart_id}-d" '
        f'viewBox="0 0 {WIDTH} {height}" width="100%" preserveAspectRatio="xMinYMin meet">',
        f'<title id="{chart_id}-t">{escape(title)}</title>',
        f'<desc id="{chart_id}-d">{escape(description)}</desc>',
    ]
    for i, (label, value) in enumerate(rows):
        y = GAP + i * (BAR_H + GAP)
        parts.append(
            f'<text x="{LABEL_W - 6}" y="{y + BAR_H * 0.7:.1f}" text-anchor="end" '
            f'class="chart-label">{escape(label)}</text>'
        )
        if value is None:
            parts.append(
                f'<text x="{LABEL_W + 4}" y="{y + BAR_H * 0.7:.1f}" class="chart-value">–</text>'
            )
            continue
        w = max(plot * value / top, 1)
        shown = f"{value:.{decimals}f}" + (f" {unit}" if unit else "")
        parts.append(
            f'<rect x="{LABEL_W}" y="{y}" width="{w:.1f}" height="{BAR_H}" class="chart-bar"/>'
            f'<text x="{LABEL_W + w + 4:.1f}" y="{y + BAR_H * 0.7:.1f}" '
            f'class="chart-value">{escape(shown)}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))
