"""Geometry of the small server-rendered bar chart of budget and box office.

``bar_chart(rows)`` takes (label, amount) pairs and returns the numbers a
template needs to draw horizontal bars in an SVG ``viewBox``: no JavaScript,
no floats left for the template to compute. Bars are scaled to the largest
amount; a zero amount gets no bar but keeps its row.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

WIDTH = 640
LABEL_WIDTH = 200
VALUE_WIDTH = 150
ROW_HEIGHT = 28
BAR_HEIGHT = 18
PADDING = 6


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
    plot_width = width - LABEL_WIDTH - VALUE_WIDTH
    largest = max((Decimal(r[1]) for r in rows), default=Decimal(0))
    bars = []
    for i, (label, amount, value_text, css_class) in enumerate(rows):
        y = PADDING + i * ROW_HEIGHT
        length = 0 if largest <= 0 else round(Decimal(amount) / largest * plot_width)
        bars.append(
            Bar(
                label=label,
                value_text=value_text,
                x=LABEL_WIDTH,
                y=y,
                width=length,
                height=BAR_HEIGHT,
                label_y=y + BAR_HEIGHT - 4,
                value_x=LABEL_WIDTH + length + 6,
                css_class=css_class,
            )
        )
    return Chart(width=width, height=PADDING * 2 + len(rows) * ROW_HEIGHT, bars=bars)
