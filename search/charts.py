"""A small line chart drawn on the server as SVG: no script, no third party, prints."""

import datetime
from dataclasses import dataclass, field

WIDTH, HEIGHT = 720, 260
LEFT, RIGHT, TOP, BOTTOM = 48, 16, 16, 36


@dataclass
class Series:
    label: str
    css_class: str
    points: str  # "x,y x,y …" for <polyline>
    values: list[int]


@dataclass
class LineChart:
    width: int = WIDTH
    height: int = HEIGHT
    series: list[Series] = field(default_factory=list)
    x_labels: list[tuple[float, str]] = field(default_factory=list)
    y_ticks: list[tuple[float, int]] = field(default_factory=list)
    left: int = LEFT
    right_edge: int = WIDTH - RIGHT
    baseline: float = HEIGHT - BOTTOM


def _nice_max(value: int) -> int:
    for step in (5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000, 50_000, 100_000):
        if value <= step:
            return step
    return value


def line_chart(weeks: list[datetime.date], series: list[tuple[str, str, list[int]]]) -> LineChart:
    """One line per (label, css class, values), values aligned with `weeks`."""
    chart = LineChart()
    if not weeks:
        return chart
    top = _nice_max(max((max(values) for _l, _c, values in series if values), default=0) or 1)
    plot_width = WIDTH - LEFT - RIGHT
    plot_height = HEIGHT - TOP - BOTTOM

    def x(index: int) -> float:
        return round(LEFT + (plot_width * index / max(1, len(weeks) - 1)), 1)

    def y(value: int) -> float:
        return round(TOP + plot_height * (1 - value / top), 1)

    for label, css_class, values in series:
        points = " ".join(f"{x(i)},{y(v)}" for i, v in enumerate(values))
        chart.series.append(Series(label, css_class, points, values))
    step = max(1, len(weeks) // 8)
    chart.x_labels = [(x(i), week.strftime("%d.%m.")) for i, week in enumerate(weeks)][::step]
    chart.y_ticks = [(y(top * share // 4), top * share // 4) for share in range(5)]
    return chart
