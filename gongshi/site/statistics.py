"""The annual statistics pages' content: figures grouped into tables, the main ones drawn as charts.

The figures are annual.py's; here they are only laid out. Every chart is followed by the table of its data
(the chart is a picture of the table, for those who see it; the table is what a screen reader reads).
"""

from __future__ import annotations

from decimal import Decimal

from markupsafe import Markup

from ..annual import BY_KEY, FIGURES, MONEY, SHARE, Figure
from . import charts
from .formatting import money

# section → (chart kind, figure prefix, what it shows) of the chart drawn above its table
CHARTS = {
    "执法决定": ("bars", "kind:", "各执法类别决定数"),
    "各月执法决定数": ("months", "month:", "各月执法决定数"),
    "行政处罚": ("bars", "penalty_category:", "各处罚类别决定数"),
    "各月罚款金额": ("months", "fines_month:", "各月罚款金额"),
}
# what the region's page shows of each body side by side (the body's own page has everything)
COMPARED = (
    "decisions", "kind:行政许可", "kind:行政处罚", "kind:行政强制", "kind:行政检查", "kind:行政征收征用",
    "fines", "withdrawals", "major:share", "timeliness:share",
)
NOT_REPORTED = "未填报"
# what a report says first, before its tables
HIGHLIGHTS = ("decisions", "kind:行政许可", "kind:行政处罚", "fines", "confiscations", "withdrawals", "reported:reconsiderations",
              "reported:lawsuits")


def show(f: Figure, value: int | float | None) -> str:
    """A figure as the page prints it: money in yuan (held in fen), shares in per cent, a dash for no share."""
    if value is None:
        return NOT_REPORTED if f.reported else "—"
    if f.unit == MONEY:
        return yuan(int(value))
    if f.unit == SHARE:
        return f"{value:.1f}%"
    return f"{value:,} {f.unit}"


def yuan(fen: int) -> str:
    """Fen (exact) as the site prints an amount of yuan."""
    return money(Decimal(fen).scaleb(-2))


def sections(figures: dict, prefix: str) -> list[dict]:
    """Each section of the report: its title, its rows, and the chart above them (Markup, or None).

    `prefix` makes the element ids of one report unique on its page."""
    grouped: dict[str, list[Figure]] = {}
    for f in FIGURES:
        grouped.setdefault(f.section, []).append(f)
    out = []
    for n, (title, members) in enumerate(grouped.items(), 1):
        rows = [{"figure": f, "label": f.label, "value": show(f, figures.get(f.key)), "reported": f.reported}
                for f in members]
        chart = _chart(title, members, figures, f"{prefix}-c{n}")
        out.append({"title": title, "id": f"{prefix}-s{n}", "rows": rows, "chart": chart})
    return out


def _chart(title: str, members: list[Figure], figures: dict, chart_id: str) -> Markup | None:
    kind, start, shows = CHARTS.get(title, (None, "", ""))
    if kind is None:
        return None
    drawn = [f for f in members if f.key.startswith(start)]
    values = [int(figures.get(f.key) or 0) for f in drawn]
    fmt = yuan if drawn[0].unit == MONEY else (lambda v: f"{v:,} 件")
    if kind == "months":
        return charts.months(chart_id, f"图：{shows}", values, fmt)
    rows = [(f.label.partition("：")[2] or f.label, v) for f, v in zip(drawn, values, strict=True)]
    if start == "penalty_category:":  # fourteen categories: only those used, so the bars stay readable
        rows = [r for r in rows if r[1]]
        if not rows:
            return None
    return charts.bars(chart_id, f"图：{shows}", rows, fmt)


def compared() -> list[Figure]:
    return [BY_KEY[k] for k in COMPARED]


def report(dept, reports: list[dict], year: int, bodies: list, as_of) -> dict:  # type: ignore[no-untyped-def]
    """What statistics.html shows of one year: a department's report (`dept`, one report), or the region's
    (`bodies` and their `reports`: the total, and each body's main figures side by side)."""
    from .. import urls
    from ..annual import last_provisional, total

    figures = reports[0]["figures"] if dept else total([r["figures"] for r in reports])
    owners = [dept] * len(reports) if dept else bodies
    corrections = [
        {**c, "dept": owner.name, "href": urls.decision(owner.slug, c["slug"])}
        for owner, r in zip(owners, reports, strict=True)
        for c in r["corrections"]
    ]
    shown = compared()
    rows = [
        {"name": b.name, "href": urls.statistics(year, b.slug), "values": [show(f, r["figures"].get(f.key)) for f in shown]}
        for b, r in zip(bodies, reports, strict=True)
    ] if not dept else []
    others = [(r["year"], urls.statistics(r["year"], dept.slug)) for r in dept.annual if r["year"] != year] if dept else []
    highlights = [(BY_KEY[k].label, show(BY_KEY[k], figures.get(k))) for k in HIGHLIGHTS]
    totals = [show(f, figures.get(f.key)) for f in shown] if not dept else []
    return {
        "highlights": highlights,
        "totals": totals,
        "final": reports[0]["final"],
        "last_provisional": last_provisional(year),
        "as_of": as_of,
        "sections": sections(figures, f"y{year}"),
        "corrections": corrections,
        "compared": shown,
        "bodies": rows,
        "others": others,
        "reported": sum(1 for r in reports if any(f.reported and r["figures"].get(f.key) is not None for f in FIGURES)),
        "count": len(reports),
    }
