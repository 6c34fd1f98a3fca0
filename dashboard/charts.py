"""Charts drawn on the server as inline SVG: no JavaScript, no chart library, nothing
loaded from outside (intranet machines have no internet, and the pages carry no inline
script).

Each chart is an <svg role="img"> whose aria-label names it and says where its numbers
are: in the table beside it, which is what screen readers, the export and the tests
read. Series differ by shape and dash as well as colour, so a chart survives a
black-and-white printer and colour blindness. Labels are escaped by format_html.
"""

import math
from collections.abc import Sequence

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from zhanjiang_union.punctuation import mark

from .figures import RATE, Table

WIDTH = 640
FONT_SIZE = 12
# The union's red first; then colours that stay apart for the common colour blindnesses.
PALETTE = ("#b4121b", "#1f5fa8", "#e69f00", "#009e73", "#6f42c1", "#56b4e9", "#6c757d")
DASHES = ("", "6 3", "2 3", "8 3 2 3", "4 4", "1 2", "10 4")


def _tooltip(template: str) -> str:
    """A tooltip's "label: value" with the colon of the reader's language (： in Chinese)."""
    return template.replace(": {}</title>", mark("colon") + "{}</title>")


def _text_width(text: str) -> float:
    """A rough width in pixels: CJK characters are square, Latin ones about half."""
    return sum(FONT_SIZE if ord(char) > 0x2E80 else FONT_SIZE * 0.6 for char in text)


def _fit(text: str, width: float) -> str:
    if _text_width(text) <= width:
        return text
    while text and _text_width(text + "…") > width:
        text = text[:-1]
    return text + "…"


def _step(raw: float, *, whole: bool) -> float:
    """A round step (1, 2, 2.5 or 5 × 10^n) at least `raw`; whole numbers for counts."""
    if raw <= 0:
        return 1
    power = 10 ** math.floor(math.log10(raw))
    for multiple in (1, 2, 2.5, 5, 10):
        step = multiple * power
        if step >= raw and (not whole or step == int(step)):
            return step
    return 10 * power


def _axis_top(maximum: float, *, whole: bool, ticks: int = 4) -> tuple[float, float]:
    step = _step(maximum / ticks, whole=whole)
    return step * max(1, math.ceil(maximum / step)), step


def _number(value: float) -> str:
    return f"{value:,.0f}" if value == int(value) else f"{value:,.1f}"


def _svg(*, key: str, label: str, height: float, body: list[str]) -> SafeString:
    description = _("%(chart)s. The numbers are in the table beside it.") % {"chart": label}
    return format_html(
        '<svg class="chart" role="img" aria-label="{}" viewBox="0 0 {} {}" '
        'preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg" '
        'data-testid="chart-{}"><title>{}</title>{}</svg>',
        description,
        WIDTH,
        f"{height:.0f}",
        key,
        description,
        mark_safe("".join(body)),  # noqa: S308 (every piece was built by format_html)
    )


def _legend(series: Sequence[str], *, y: float, shapes: bool = False) -> tuple[list[str], float]:
    """Swatches and names, wrapped over lines; returns the markup and the height used."""
    parts, x, line = [], 0.0, 0
    for index, name in enumerate(series):
        width = 18 + _text_width(name) + 16
        if x and x + width > WIDTH:
            x, line = 0.0, line + 1
        top = y + line * 18
        colour = PALETTE[index % len(PALETTE)]
        if shapes:
            parts.append(
                format_html(
                    '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="2" '
                    'stroke-dasharray="{}"/>',
                    f"{x:.1f}",
                    f"{top + 6:.1f}",
                    f"{x + 14:.1f}",
                    f"{top + 6:.1f}",
                    colour,
                    DASHES[index % len(DASHES)],
                )  # fmt: skip
            )
        else:
            parts.append(
                format_html(
                    '<rect x="{}" y="{}" width="12" height="12" fill="{}"/>',
                    f"{x:.1f}",
                    f"{top:.1f}",
                    colour,
                )  # fmt: skip
            )
        parts.append(
            format_html(
                '<text x="{}" y="{}" font-size="{}">{}</text>',
                f"{x + 18:.1f}",
                f"{top + 10:.1f}",
                FONT_SIZE,
                name,
            )  # fmt: skip
        )
        x += width
    return parts, (line + 1) * 18 + 6


def bar_chart(*, key: str, label: str, items: Sequence[tuple[str, float | None, str]],
              maximum: float | None = None) -> SafeString:  # fmt: skip
    """Horizontal bars, one per (label, value, value as shown)."""
    row_height, bar_height, top = 24, 16, 4
    label_width = min(max([_text_width(name) for name, _v, _s in items] or [0]) + 8, 200)
    value_width = 72
    plot_width = WIDTH - label_width - value_width
    biggest = maximum or max([value or 0 for _n, value, _s in items] or [0]) or 1
    body = [
        format_html(
            '<line class="axis" x1="{0}" y1="{1}" x2="{0}" y2="{2}" stroke="#adb5bd"/>',
            f"{label_width:.1f}",
            top,
            f"{top + len(items) * row_height:.1f}",
        )  # fmt: skip
    ]
    for index, (name, value, shown) in enumerate(items):
        y = top + index * row_height + (row_height - bar_height) / 2
        width = plot_width * (value or 0) / biggest
        body.append(
            format_html(
                _tooltip(
                    '<text x="{}" y="{}" font-size="{}" text-anchor="end">{}</text>'
                    '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"><title>{}: {}</title></rect>'
                    '<text x="{}" y="{}" font-size="{}">{}</text>'
                ),
                f"{label_width - 6:.1f}",
                f"{y + bar_height - 3:.1f}",
                FONT_SIZE,
                _fit(name, label_width - 8),
                f"{label_width:.1f}",
                f"{y:.1f}",
                f"{width:.1f}",
                bar_height,
                PALETTE[0],
                name,
                shown,
                f"{label_width + width + 4:.1f}",
                f"{y + bar_height - 3:.1f}",
                FONT_SIZE,
                shown,
            )  # fmt: skip
        )
    return _svg(key=key, label=label, height=top * 2 + len(items) * row_height, body=body)


def stacked_bar_chart(
    *, key: str, label: str, categories: Sequence[str], series: Sequence[tuple[str, list[int]]]
) -> SafeString:
    """Horizontal bars, one per category, each split into the series' parts."""
    legend, legend_height = _legend([name for name, _values in series], y=2)
    row_height, bar_height = 24, 16
    top = legend_height + 4
    label_width = min(max([_text_width(name) for name in categories] or [0]) + 8, 200)
    value_width = 56
    plot_width = WIDTH - label_width - value_width
    totals = [sum(values[i] for _name, values in series) for i in range(len(categories))]
    biggest = max(totals or [0]) or 1
    body = list(legend)
    for row, category in enumerate(categories):
        y = top + row * row_height + (row_height - bar_height) / 2
        x = float(label_width)
        body.append(
            format_html(
                '<text x="{}" y="{}" font-size="{}" text-anchor="end">{}</text>',
                f"{label_width - 6:.1f}",
                f"{y + bar_height - 3:.1f}",
                FONT_SIZE,
                _fit(category, label_width - 8),
            )  # fmt: skip
        )
        for index, (name, values) in enumerate(series):
            width = plot_width * values[row] / biggest
            if width <= 0:
                continue
            body.append(
                format_html(
                    _tooltip(
                        '<rect x="{}" y="{}" width="{}" height="{}" fill="{}" stroke="#fff" '
                        'stroke-width="0.5"><title>{} · {}: {}</title></rect>'
                    ),
                    f"{x:.1f}",
                    f"{y:.1f}",
                    f"{width:.1f}",
                    bar_height,
                    PALETTE[index % len(PALETTE)],
                    category,
                    name,
                    values[row],
                )  # fmt: skip
            )
            x += width
        body.append(
            format_html(
                '<text x="{}" y="{}" font-size="{}">{}</text>',
                f"{x + 4:.1f}",
                f"{y + bar_height - 3:.1f}",
                FONT_SIZE,
                totals[row],
            )  # fmt: skip
        )
    return _svg(key=key, label=label, height=top + len(categories) * row_height + 4, body=body)


def line_chart(
    *, key: str, label: str, x_labels: Sequence[str], series: Sequence[tuple[str, list[float]]]
) -> SafeString:
    """One line per series over the x labels (months, days), with a y axis from zero."""
    legend, legend_height = _legend([name for name, _values in series], y=2, shapes=True)
    left, right, bottom = 48, 12, 28
    top = legend_height + 8
    plot_height = 180
    height = top + plot_height + bottom
    plot_width = WIDTH - left - right
    values = [value for _name, points in series for value in points]
    whole = all(float(value).is_integer() for value in values)
    axis_top, step = _axis_top(max(values or [0]) or 1, whole=whole)
    count = len(x_labels)

    def x_at(index: int) -> float:
        return left + (plot_width * (index + 0.5) / count if count else 0)

    def y_at(value: float) -> float:
        return top + plot_height - plot_height * value / axis_top

    body = list(legend)
    tick = 0.0
    while tick <= axis_top + step / 2:
        body.append(
            format_html(
                '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#e9ecef"/>'
                '<text x="{}" y="{}" font-size="{}" text-anchor="end">{}</text>',
                left,
                f"{y_at(tick):.1f}",
                WIDTH - right,
                f"{y_at(tick):.1f}",
                left - 6,
                f"{y_at(tick) + 4:.1f}",
                FONT_SIZE - 1,
                _number(tick),
            )  # fmt: skip
        )
        tick += step
    # Every label when they fit, else every n-th, so they never overlap.
    widest = max([_text_width(text) * 0.85 for text in x_labels] or [1])
    every = max(1, math.ceil(count * (widest + 6) / plot_width))
    for index, text in enumerate(x_labels):
        if index % every == 0:
            body.append(
                format_html(
                    '<text x="{}" y="{}" font-size="{}" text-anchor="middle">{}</text>',
                    f"{x_at(index):.1f}",
                    top + plot_height + 16,
                    FONT_SIZE - 2,
                    text,
                )  # fmt: skip
            )
    for index, (name, points) in enumerate(series):
        colour = PALETTE[index % len(PALETTE)]
        path = " ".join(f"{x_at(i):.1f},{y_at(value):.1f}" for i, value in enumerate(points))
        body.append(
            format_html(
                '<polyline points="{}" fill="none" stroke="{}" stroke-width="2" '
                'stroke-dasharray="{}"/>',
                path,
                colour,
                DASHES[index % len(DASHES)],
            )  # fmt: skip
        )
        marker = _tooltip(
            '<circle cx="{}" cy="{}" r="3" fill="{}"><title>{} · {}: {}</title></circle>'
            if index % 2 == 0
            else '<rect x="{}" y="{}" width="6" height="6" fill="{}" transform="translate(-3 -3)">'
            "<title>{} · {}: {}</title></rect>"
        )
        body.append(
            format_html_join(
                "",
                marker,
                (
                    (
                        f"{x_at(i):.1f}",
                        f"{y_at(value):.1f}",
                        colour,
                        x_labels[i],
                        name,
                        _number(value),
                    )
                    for i, value in enumerate(points)
                ),
            )
        )
    return _svg(key=key, label=label, height=height, body=body)


# --- The dashboard's charts ---------------------------------------------------------------


def _column(table: Table, index: int) -> list[float]:
    return [float(row.cells[index].value or 0) for row in table.rows]


def table_bar_chart(table: Table, *, column: int = 0, chart_label: str = "") -> SafeString:
    """A bar chart of one column of a table, labelled by its rows."""
    cells = [row.cells[column] for row in table.rows]
    rates = cells and cells[0].kind == RATE
    return bar_chart(
        key=table.key,
        label=chart_label or table.title,
        items=[
            (row.labels[-1], float(cell.value) if cell.value is not None else None, cell.text)
            for row, cell in zip(table.rows, cells, strict=True)
        ],
        maximum=1 if rates else None,
    )


def dashboard_charts(*, tables: dict[str, Table], hotline_tables: dict[str, Table]) -> dict:
    """{table key: chart} for the tables that have one."""
    charts = {}
    if stages := tables.get("stages"):
        charts["stages"] = table_bar_chart(stages)
    if stays := tables.get("stage_days"):
        charts["stage_days"] = table_bar_chart(stays, column=1, chart_label=stays.title)
    if on_time := tables.get("on_time"):
        if on_time.rows:
            charts["on_time"] = table_bar_chart(on_time, column=2)
    if trend := tables.get("trend"):
        charts["trend"] = line_chart(
            key="trend",
            label=trend.title,
            x_labels=[row.labels[0] for row in trend.rows],
            series=[(heading, _column(trend, i)) for i, heading in enumerate(trend.headings)],
        )
    if districts := tables.get("district_stages"):
        if districts.rows:
            charts["district_stages"] = stacked_bar_chart(
                key="district_stages",
                label=districts.title,
                categories=[row.labels[0] for row in districts.rows],
                # The last column is the total, which the stacked bar shows by its length.
                series=[
                    (heading, [int(value) for value in _column(districts, i)])
                    for i, heading in enumerate(districts.headings[:-1])
                ],
            )
    if (by_day := hotline_tables.get("calls_by_day")) and by_day.rows:
        charts["calls_by_day"] = line_chart(
            key="calls_by_day",
            label=by_day.title,
            x_labels=[row.labels[0][5:] or row.labels[0] for row in by_day.rows],
            series=[(by_day.headings[0], _column(by_day, 0))],
        )
    for key in ("calls_by_category", "calls_by_outcome"):
        if (table := hotline_tables.get(key)) and table.rows:
            charts[key] = table_bar_chart(table)
    return charts
