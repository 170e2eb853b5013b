"""Which feeds there are and where: shared by the feeds, which write them, and the site, which lists and links them.

Neither renderer imports the other: both take the feeds' names, titles and
addresses from here (and the addresses from urls.py).
"""

from __future__ import annotations

from . import urls

NAMES = ("decisions", "withdrawals", "revisions")
TITLES = {"decisions": "执法决定", "withdrawals": "撤回公告", "revisions": "清单调整"}
ATOM_TYPE = "application/atom+xml"
RSS_TYPE = "application/rss+xml"

# The category schemes entries use; each id is the fragment of its scheme URI (on the feeds page).
SCHEMES = [
    ("category-type", "条目类型", "decision（执法决定）、withdrawal（撤回公告）、revision（清单调整）或 annual（年度执法数据）。"),
    ("category-kind", "执法类别", "行政许可、行政处罚、行政强制、行政检查或行政征收征用。"),
    ("category-department", "执法主体", "执法主体的网址标识（如 shijianju），标签为执法主体名称。"),
    (
        "category-list",
        "清单",
        "清单调整涉及的清单：powers（权力清单）、inspection_items（随机抽查事项清单）、personnel（执法人员清单）、"
        "service_guides（服务指南）、flowcharts（流程图）、discretion_standards（裁量基准）或 department（执法主体信息）。",
    ),
]


def catalog(departments: list[tuple[str, str]]) -> list[dict]:
    """Every feed, grouped for the feeds page: [{title, dept, feeds: [{name, title, atom, rss}]}].

    `departments`: (slug, name) in the site's order."""
    groups = [{"title": "全部执法主体", "dept": None, "feeds": _group(None)}]
    for slug, name in departments:
        groups.append({"title": name, "dept": slug, "feeds": _group(slug)})
    return groups


def _group(dept: str | None) -> list[dict]:
    return [
        {"name": n, "title": TITLES[n], "atom": urls.feed(n, dept, "atom"), "rss": urls.feed(n, dept, "rss")}
        for n in NAMES
    ]


# Which feeds a page advertises first: a feed reader offers the first one.
_PREFERRED = {
    "withdrawals": "withdrawals",
    "withdrawn": "withdrawals",
    "column": "revisions",
    "item": "revisions",
    "department": "decisions",
}


def links_for(page_kind: str, department_slug: str | None) -> list[dict]:
    """`<link rel="alternate">` targets for a page: its department's feeds first, then the site-wide ones.

    The feed that fits the page comes first (a reader offers the first one):
    withdrawals on withdrawal pages, list revisions on list pages, decisions
    elsewhere. Titles name no department; hrefs are root-relative site paths.
    """
    first = _PREFERRED.get(page_kind, "decisions")
    order = [first, *(n for n in NAMES if n != first)]
    if department_slug:
        chosen = [(department_slug, n) for n in order] + [(None, "decisions")]
    else:
        chosen = [(None, n) for n in order]
    return [
        {
            "title": f"{'本部门' if dept else '全部'}{TITLES[n]}（{label}）",
            "href": urls.feed(n, dept, fmt),
            "type": mime,
        }
        for dept, n in chosen
        for fmt, mime, label in (("atom", ATOM_TYPE, "Atom"), ("rss", RSS_TYPE, "RSS"))
    ]
