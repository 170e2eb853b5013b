"""Inline SVG bar charts (gongshi.site.charts): geometry, text equivalent, escaping, stability."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from gongshi.site import charts

SVG = "{http://www.w3.org/2000/svg}"
LONG = "拍卖或者依法处理查封、扣押的场所、设施或者财物"


def parse(markup) -> tuple[ET.Element, ET.Element]:
    """The figure is well-formed XML, so parse all of it; return (figure, svg)."""
    figure = ET.fromstring(str(markup))
    assert figure.tag == "figure"
    svg = figure[0]
    assert svg.tag == f"{SVG}svg"
    return figure, svg


def view_width(svg: ET.Element) -> float:
    return float(svg.get("viewBox").split()[2])


def rects(svg: ET.Element) -> list[ET.Element]:
    return svg.findall(f"{SVG}rect")


def texts(svg: ET.Element) -> list[str]:
    return ["".join(t.itertext()) for t in svg.findall(f"{SVG}text")]


def desc(svg: ET.Element) -> str:
    return svg.find(f"{SVG}desc").text


def estimate(text: str, size: float = 13) -> float:
    """Generous width estimate: CJK one em, anything else 0.6 em (sans-serif digits are ~0.55 em)."""
    return sum(size if ord(c) >= 0x2E80 else size * 0.6 for c in text)


def numbers(svg: ET.Element) -> list[str]:
    """Every numeric attribute value in the SVG."""
    return [v for el in svg.iter() for v in el.attrib.values() if re.fullmatch(r"-?[\d.]+", v)]


def test_figure_structure_and_accessible_name():
    figure, svg = parse(charts.bars("by-type", "处罚种类", [("罚款", 12), ("警告", 3)]))
    assert figure.get("class") == "chart" and figure.get("id") == "by-type"
    assert svg.get("role") == "img"
    assert svg.get("aria-labelledby") == "by-type-t"
    assert svg.get("aria-describedby") == "by-type-d"
    assert svg[0].tag == f"{SVG}title" and svg[0].get("id") == "by-type-t" and svg[0].text == "处罚种类"
    assert svg[1].tag == f"{SVG}desc" and svg[1].get("id") == "by-type-d"
    assert figure[1].tag == "figcaption" and figure[1].text == "处罚种类"
    assert len(figure) == 2  # no table: the page puts it after the figure
    # Scales to a phone: no fixed pixel width, 320-unit viewBox, sans-serif.
    assert svg.get("width") == "100%" and svg.get("height") is None
    assert svg.get("preserveAspectRatio") == "xMinYMin meet"
    assert svg.get("viewBox").startswith("0 0 320 ")
    assert svg.get("font-family") == "sans-serif"
    assert "<?xml" not in str(charts.bars("x", "t", [])) and "xlink" not in str(charts.bars("x", "t", []))


def test_bar_widths_are_proportional_to_values():
    _, svg = parse(charts.bars("c", "t", (("a", 10), ("b", 5), ("c", 0))))
    a, b, c = (float(r.get("width")) for r in rects(svg))
    assert a > 100
    assert b == pytest.approx(a / 2, abs=0.1)
    assert c == 0


def test_rows_keep_their_order_and_labels_sit_above_bars():
    _, svg = parse(charts.bars("c", "t", [("警告", 1), ("罚款", 9)]))
    labels = [t for t in svg.findall(f"{SVG}text") if t.text in ("警告", "罚款")]
    assert [t.text for t in labels] == ["警告", "罚款"]
    for label, rect in zip(labels, rects(svg), strict=True):
        assert float(label.get("y")) <= float(rect.get("y"))


@pytest.mark.parametrize("fmt", [str, lambda v: f"{v} 件", lambda v: f"{v:,} 元", lambda v: f"罚没款合计 {v:,} 元"])
def test_longest_bar_and_its_value_fit_in_the_view_box(fmt):
    _, svg = parse(charts.bars("c", "t", [("罚款", 12_345_678), ("警告", 3)], fmt=fmt))
    width = view_width(svg)
    longest = rects(svg)[0]
    end = float(longest.get("x")) + float(longest.get("width"))
    value = next(t for t in svg.findall(f"{SVG}text") if t.text == fmt(12_345_678))
    assert float(value.get("x")) >= end
    assert float(value.get("x")) + estimate(value.text) <= width
    assert end > width / 3  # still a real bar, not squeezed away


def test_long_labels_are_truncated_in_the_picture_only():
    _, svg = parse(charts.bars("c", "t", [(LONG, 2), ("罚款", 1)], fmt=lambda v: f"{v} 件"))
    drawn = texts(svg)
    assert LONG not in drawn
    short = next(t for t in drawn if t.endswith("…"))
    assert len(short) <= 18 and LONG.startswith(short[:-1])
    assert "罚款" in drawn  # short labels untouched
    assert f"{LONG}：2 件" in desc(svg)
    assert all(estimate(t) <= view_width(svg) for t in drawn)


def test_text_is_escaped():
    nasty = '<b>罚款 & "警告"</b>'
    markup = str(charts.bars('id"x', "<script>&", [(nasty, 1)], fmt=lambda v: f"<{v}>"))
    assert "<b>" not in markup and "<script>" not in markup
    figure, svg = parse(markup)
    assert figure.get("id") == 'id"x'
    assert svg[0].text == "<script>&" and figure[1].text == "<script>&"
    assert nasty in texts(svg)
    assert "<1>" in texts(svg)
    assert desc(svg) == f"{nasty}：<1>"


def test_desc_gives_every_full_label_and_formatted_value():
    rows = [(LONG, 12), ("罚款", 3), ("警告", 0)]
    _, svg = parse(charts.bars("c", "t", rows, fmt=lambda v: f"{v} 件"))
    assert desc(svg) == f"{LONG}：12 件；罚款：3 件；警告：0 件"


@pytest.mark.parametrize("rows", [[("罚款", 0), ("警告", 0)], []])
def test_all_zero_or_no_rows(rows):
    _, svg = parse(charts.bars("c", "t", rows, fmt=lambda v: f"{v} 件"))
    assert all(float(r.get("width")) == 0 for r in rects(svg))
    assert len(rects(svg)) == len(rows)
    assert float(svg.get("viewBox").split()[3]) > 0
    if rows:
        assert desc(svg) == "罚款、警告：全部为 0 件"
    else:
        assert desc(svg) == "无数据"
        assert "无数据" in texts(svg)  # sighted readers are told too


def test_months_draws_twelve_columns_proportional_to_the_maximum():
    values = [0, 5, 10, 1, 2, 3, 4, 6, 7, 8, 9, 10]
    _, svg = parse(charts.months("m", "按月", values))
    bars = rects(svg)
    assert len(bars) == 12
    heights = [float(r.get("height")) for r in bars]
    assert heights[0] == 0
    assert heights[1] == pytest.approx(heights[2] / 2, abs=0.1)
    assert heights[2] == max(heights) == heights[11]
    bottoms = {round(float(r.get("y")) + float(r.get("height")), 1) for r in bars}
    assert len(bottoms) == 1  # all stand on the same baseline
    xs = [float(r.get("x")) for r in bars]
    assert xs == sorted(xs) and xs[-1] + float(bars[-1].get("width")) <= view_width(svg)
    labels = texts(svg)
    assert [t for t in labels if t.endswith("月")] == [f"{m}月" for m in range(1, 13)]
    assert desc(svg) == "；".join(f"{m}月：{v}" for m, v in zip(range(1, 13), values, strict=True))


def test_months_values_drawn_only_if_they_fit():
    _, svg = parse(charts.months("m", "t", [1, 22, 333] + [0] * 9))
    assert {"1", "22", "333"} <= set(texts(svg))
    _, svg = parse(charts.months("m", "t", [1_234_567] + [0] * 11, fmt=lambda v: f"{v:,} 元"))
    assert "1,234,567 元" not in texts(svg)
    assert "1,234,567 元" in desc(svg)


def test_months_all_zero():
    _, svg = parse(charts.months("m", "t", [0] * 12))
    assert [float(r.get("height")) for r in rects(svg)] == [0] * 12
    assert desc(svg) == "、".join(f"{m}月" for m in range(1, 13)) + "：全部为 0"


@pytest.mark.parametrize("n", [0, 11, 13])
def test_months_needs_twelve_values(n):
    with pytest.raises(ValueError, match="needs 12 values"):
        charts.months("m", "t", [1] * n)


def test_bad_ids_and_negative_values_are_refused():
    with pytest.raises(ValueError):
        charts.bars("two words", "t", [("a", 1)])
    with pytest.raises(ValueError):
        charts.bars("", "t", [("a", 1)])
    with pytest.raises(ValueError):
        charts.bars("c", "t", [("a", -1)])


def test_output_is_deterministic_and_compact():
    rows = [("罚款", 7), ("警告", 3), ("没收违法所得", 11)]
    assert charts.bars("c", "t", rows) == charts.bars("c", "t", list(rows))
    assert charts.months("m", "t", list(range(12))) == charts.months("m", "t", list(range(12)))
    for markup in (charts.bars("c", "t", rows), charts.months("m", "t", [3, 7, 1, 9, 2, 8, 4, 6, 5, 0, 11, 13])):
        _, svg = parse(markup)
        for value in numbers(svg):
            assert not value.endswith(".0"), value
            assert "." not in value or len(value.split(".")[1]) == 1, value
