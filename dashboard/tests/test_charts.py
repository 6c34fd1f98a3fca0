"""The dashboard's charts: inline SVG a screen reader can name, drawn from the numbers."""

import re

from dashboard import charts


def test_a_bar_chart_is_an_image_with_a_name_and_escaped_labels():
    svg = charts.bar_chart(
        key="stages", label="Open cases", items=[("<b>调解</b>", 3, "3"), ("仲裁", 1, "1")]
    )
    assert svg.startswith("<svg ") and svg.endswith("</svg>")
    assert 'role="img"' in svg and 'aria-label="Open cases' in svg
    assert "<title>Open cases" in svg
    assert "<b>" not in svg and "&lt;b&gt;调解&lt;/b&gt;" in svg
    widths = [float(w) for w in re.findall(r'<rect [^>]*width="([\d.]+)"', svg)]
    assert abs(widths[0] - 3 * widths[1]) < 0.2  # bars in proportion to the numbers


def test_a_bar_chart_of_rates_runs_to_one_hundred_percent():
    svg = charts.bar_chart(key="on_time", label="On time", items=[("a", 0.5, "50.0%")], maximum=1)
    plot = charts.WIDTH - 72 - (charts._text_width("a") + 8)
    width = float(re.search(r'<rect [^>]*width="([\d.]+)"', svg).group(1))
    assert abs(width - plot / 2) < 0.1


def test_a_stacked_bar_chart_splits_each_bar_and_skips_empty_parts():
    svg = charts.stacked_bar_chart(
        key="districts",
        label="By district",
        categories=["霞山区", "赤坎区"],
        series=[("Intake", [2, 0]), ("Arbitration", [1, 0])],
    )
    titles = re.findall(r"<title>([^<]*)</title></rect>", svg)
    # The portal's language (Chinese) puts its full-width colon between label and value.
    assert titles == ["霞山区 · Intake：2", "霞山区 · Arbitration：1"]
    assert "Intake" in svg and "Arbitration" in svg  # the legend


def test_a_line_chart_has_a_point_per_label_and_a_whole_number_axis():
    svg = charts.line_chart(
        key="trend",
        label="Per month",
        x_labels=["2026-01", "2026-02", "2026-03"],
        series=[("Filed", [1, 3, 2]), ("Closed", [0, 1, 3])],
    )
    assert svg.count("<polyline") == 2
    assert len(re.findall(r"<title>2026-0\d · ", svg)) == 6
    ticks = re.findall(r'text-anchor="end">([^<]*)</text>', svg)
    assert ticks == ["0", "1", "2", "3"]


def test_axis_steps_are_round():
    assert charts._axis_top(47, whole=True) == (60, 20)
    assert charts._axis_top(3, whole=True) == (3, 1)
    assert charts._axis_top(0.9, whole=False) == (1.0, 0.25)


def test_a_tooltip_takes_the_colon_of_the_readers_language():
    from django.utils import translation

    from dashboard.charts import bar_chart

    for language, expected in (("zh-hans", "已登记：3"), ("en", "已登记: 3")):
        with translation.override(language):
            svg = bar_chart(key="filed", label="figures", items=[("已登记", 3, "3")])
        assert re.findall(r"<title>([^<]*)</title>", svg)[1] == expected
