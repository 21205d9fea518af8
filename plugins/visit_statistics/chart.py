"""Accessible SVG bar charts, drawn at build time (no JavaScript).

Horizontal bars, drawn 320 units wide: on a 320 px phone the chart is drawn almost at its own size,
so its 14 px labels stay above 12 px; on wider screens the stylesheet caps its width. The chart is
role="img" with a <title> and <desc>; the table beside it has the numbers.
"""

from markupsafe import Markup, escape

ROW_HEIGHT = 28
LABEL_WIDTH = 84
BAR_AREA = 150
VALUE_WIDTH = 86


def bar_chart(chart_id: str, title: str, description: str, bars: list[tuple[str, int, str]]) -> Markup:
    """bars: (label, value, value as displayed)."""
    largest = max((value for _, value, _ in bars), default=0) or 1
    width = LABEL_WIDTH + BAR_AREA + VALUE_WIDTH
    height = ROW_HEIGHT * len(bars) + 8
    rows = []
    for index, (label, value, shown) in enumerate(bars):
        top = 4 + index * ROW_HEIGHT
        length = max(1, round(BAR_AREA * value / largest)) if value else 0
        rows.append(
            f'<text x="{LABEL_WIDTH - 10}" y="{top + 19}" text-anchor="end">{escape(label)}</text>'
            f'<rect x="{LABEL_WIDTH}" y="{top + 4}" width="{length}" height="{ROW_HEIGHT - 8}" class="bar"/>'
            f'<text x="{LABEL_WIDTH + length + 8}" y="{top + 19}">{escape(shown)}</text>'
        )
    return Markup(
        f'<svg class="chart" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{chart_id}-title">{escape(title)}</title>'
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>' + "".join(rows) + "</svg>"
    )
