"""Bar charts for the annual enforcement-statistics pages, drawn as inline SVG at build time.

Pages must work without JavaScript, so the geometry is computed here. Each chart is an
image with a text equivalent: its <title>, and a <desc> that gives every value in words
(the page also puts the data table right after the figure). The viewBox is 320 units wide
and the SVG scales to its container, so on a 360-px phone the 13-unit text is about 13 px
and nothing scrolls sideways. Coordinates are rounded to one decimal so that two builds
are byte-identical.

There is no text layout engine here, so text widths are estimated as in flowchart.py:
a CJK character is one em, any other character at most 0.6 em.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from markupsafe import Markup, escape

W = 320  # viewBox width
FONT = 13
PAD = 4
TEXT = "#1a1a1a"  # 17.4:1 on white
BAR = "#1d4f91"  # 8.1:1 on white, so a bar is visible as a graphical object (WCAG 1.4.11) and as text colour
MAX_LABEL = 18  # characters of a label drawn in bars(); the desc keeps the whole label
VALUE_ROOM = 90  # kept right of the longest bar for its value, more if a value needs it
LABEL_H = 18  # a label line above its bar
BAR_H = 16
ROW_GAP = 10
PLOT_H = 120  # tallest column in months()
LINE = 16  # between the two lines of a month label


def _n(x: float) -> str:
    """One decimal at most and no trailing ".0": stable bytes, small pages."""
    s = f"{x:.1f}"
    return s[:-2] if s.endswith(".0") else s


def _width(text: str) -> float:
    return sum(FONT if ord(c) >= 0x2E80 else FONT * 0.6 for c in text)


def _check(chart_id: str, values: Sequence[int]) -> None:
    # aria-labelledby and aria-describedby are space-separated lists of ids: an id with a space would name nothing.
    if not chart_id or any(c.isspace() for c in chart_id):
        raise ValueError(f"chart id must be non-empty and without spaces: {chart_id!r}")
    if any(v < 0 for v in values):
        raise ValueError(f"chart values are counts and cannot be negative: {list(values)!r}")


def _desc(labels: list[str], shown: list[str], values: Sequence[int], fmt: Callable[[int], str]) -> str:
    if not labels:
        return "无数据"
    if not any(values):
        return f"{'、'.join(labels)}：全部为 {fmt(0)}"
    return "；".join(f"{label}：{value}" for label, value in zip(labels, shown, strict=True))


def _figure(chart_id: str, title: str, desc: str, height: float, body: list[str]) -> Markup:
    i, t = escape(chart_id), escape(title)
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="{i}-t" aria-describedby="{i}-d"'
        f' viewBox="0 0 {W} {_n(height)}" width="100%" preserveAspectRatio="xMinYMin meet"'
        f' font-family="sans-serif" font-size="{FONT}" fill="{TEXT}">'
    )
    lines = [
        f'<figure class="chart" id="{i}">',
        svg,
        f'<title id="{i}-t">{t}</title>',
        f'<desc id="{i}-d">{escape(desc)}</desc>',
        *body,
        "</svg>",
        f"<figcaption>{t}</figcaption>",
        "</figure>",
    ]
    return Markup("\n".join(lines))


def bars(chart_id: str, title: str, rows: Sequence[tuple[str, int]], fmt: Callable[[int], str] = str) -> Markup:
    """Horizontal bars, one per row (label, value), in the given order.

    Labels go on their own line above the bar because the measure names are long and a
    phone has no room beside the bars for them.
    """
    rows = list(rows)
    labels = [label for label, _ in rows]
    values = [value for _, value in rows]
    _check(chart_id, values)
    shown = [fmt(v) for v in values]
    room = max(VALUE_ROOM, max((_width(s) for s in shown), default=0) + 2 * PAD)
    peak = max(values, default=0)
    scale = max(W - PAD - room, 0) / peak if peak else 0
    body: list[str] = []
    y = PAD
    for label, value, text in zip(labels, values, shown, strict=True):
        short = label if len(label) <= MAX_LABEL else label[: MAX_LABEL - 1] + "…"
        w = value * scale
        body += [
            f'<text x="{PAD}" y="{_n(y + FONT)}">{escape(short)}</text>',
            f'<rect x="{PAD}" y="{_n(y + LABEL_H)}" width="{_n(w)}" height="{BAR_H}" fill="{BAR}"/>',
            f'<text x="{_n(PAD + w + PAD)}" y="{_n(y + LABEL_H + 12)}">{escape(text)}</text>',
        ]
        y += LABEL_H + BAR_H + ROW_GAP
    if rows:
        height = y - ROW_GAP + PAD
    else:  # say so on screen too, not only in the desc
        body.append(f'<text x="{PAD}" y="{PAD + FONT}">无数据</text>')
        height = PAD + LABEL_H + PAD
    return _figure(chart_id, title, _desc(labels, shown, values, fmt), height, body)


def months(chart_id: str, title: str, values: Sequence[int], fmt: Callable[[int], str] = str) -> Markup:
    """Twelve vertical bars, January to December (labels 1月 … 12月); len(values) must be 12.

    A column is 26 units wide, too narrow for "12月" on one line, so the number and 月 are
    two lines. Values are drawn above the columns only if every one fits its column; the
    desc and the table after the figure always have them.
    """
    values = list(values)
    if len(values) != 12:
        raise ValueError(f"months() needs 12 values, one per month, got {len(values)}")
    _check(chart_id, values)
    labels = [f"{m}月" for m in range(1, 13)]
    shown = [fmt(v) for v in values]
    col = (W - 2 * PAD) / 12
    bar_w = col * 0.7
    with_values = all(_width(s) <= col - 2 for s in shown)
    base = PAD + (LABEL_H if with_values else 0) + PLOT_H
    peak = max(values)
    body: list[str] = []
    for m, (value, text) in enumerate(zip(values, shown, strict=True), start=1):
        h = value / peak * PLOT_H if peak else 0
        left = PAD + (m - 1) * col
        mid = _n(left + col / 2)
        body.append(
            f'<rect x="{_n(left + (col - bar_w) / 2)}" y="{_n(base - h)}" width="{_n(bar_w)}" height="{_n(h)}" fill="{BAR}"/>'
        )
        if with_values:
            body.append(f'<text x="{mid}" y="{_n(base - h - 4)}" text-anchor="middle">{escape(text)}</text>')
        body.append(
            f'<text x="{mid}" y="{_n(base + FONT + 4)}" text-anchor="middle">'
            f'<tspan>{m}</tspan><tspan x="{mid}" dy="{LINE}">月</tspan></text>'
        )
    body.append(f'<line x1="{PAD}" y1="{_n(base)}" x2="{W - PAD}" y2="{_n(base)}" stroke="{TEXT}"/>')
    height = base + FONT + 4 + LINE + PAD + 2
    return _figure(chart_id, title, _desc(labels, shown, values, fmt), height, body)
