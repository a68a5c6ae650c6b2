"""Geometry of the small server-rendered bar chart of budget and box office.

``bar_chart(rows)`` takes (label, amount) pairs and returns the numbers a
template needs to draw horizontal bars in an SVG ``viewBox``: no JavaScript,
no floats left for the template to compute. Bars are scaled to the largest
amount; a zero amount gets no bar but keeps its row.

Each row's label and value sit on a line above its bar, so the drawing is
narrow (``WIDTH`` units): scaled to a phone's width its text stays near its
CSS size instead of shrinking to a few pixels beside a wide plot.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

WIDTH = 360
LINE_HEIGHT = 18  # the label and value line above each bar
BAR_HEIGHT = 14
ROW_GAP = 10
ROW_HEIGHT = LINE_HEIGHT + BAR_HEIGHT + ROW_GAP
PADDING = 4


@dataclass(frozen=True)
class Bar:
    label: str
    value_text: str
    x: int
    y: int
    width: int
    height: int
    label_y: int
    value_x: int
    css_class: str


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    bars: list[Bar]


def bar_chart(rows, *, width=WIDTH):
    """rows: iterable of (label, amount, value_text, css_class)."""
    rows = list(rows)
    plot_width = width - 2 * PADDING
    largest = max((Decimal(r[1]) for r in rows), default=Decimal(0))
    bars = []
    for i, (label, amount, value_text, css_class) in enumerate(rows):
        top = PADDING + i * ROW_HEIGHT
        length = 0 if largest <= 0 else round(Decimal(amount) / largest * plot_width)
        bars.append(
            Bar(
                label=label,
                value_text=value_text,
                x=PADDING,
                y=top + LINE_HEIGHT,
                width=length,
                height=BAR_HEIGHT,
                label_y=top + LINE_HEIGHT - 5,
                value_x=PADDING,
                css_class=css_class,
            )
        )
    height = PADDING * 2 + len(rows) * ROW_HEIGHT - ROW_GAP
    return Chart(width=width, height=height, bars=bars)
