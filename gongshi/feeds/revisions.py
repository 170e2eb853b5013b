"""List revisions as feed entries: what each list's header declares, and items added, changed or removed.

A department's lists (powers, inspection items, officers, guides, flowcharts,
discretion standards, its profile) change without a date on every item; the
ledger keeps a hash per item, so a change between builds is detected here and
placed on the day it was first seen (ledger.py).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal

from .. import urls
from ..annual import FIGURES, last_provisional
from ..publicity import Publication, PublicDepartment
from ..standard import DEPARTMENT
from .ledger import Ledger, digest, stamp
from .records import CHANGE_LABELS, LIST, LIST_SPECS, PROFILE, TYPE, TYPE_LABELS, Entry, Site, lines, text


def _lists_of(dept: PublicDepartment) -> dict[str, tuple[date | None, list[dict], dict[str, dict]]]:
    """(revised, revisions, {key: item}) per list, the profile included as a one-item list."""
    out: dict[str, tuple[date | None, list[dict], dict[str, dict]]] = {
        PROFILE: (dept.profile.get("revised"), [], {"-": dept.profile})
    }
    for name, lst in dept.lists.items():
        key = LIST_SPECS[name].key or "id"
        out[name] = (lst.revised, list(lst.revisions), {str(it[key]): it for it in lst.items})
    return out


def item_label(list_name: str, key: str, item: dict) -> str:
    if list_name == PROFILE:
        return str(item.get("name", ""))
    name = text(item.get("name"))
    return f"{name}（{key}）" if list_name == "personnel" else f"{key} {name}".strip()


def revision_entries(pub: Publication, ledger: Ledger, site: Site) -> list[Entry]:
    out: list[Entry] = []
    for dept in pub.departments:
        lists = _lists_of(dept)
        out.extend(_declared(dept, lists, ledger, site))
        out.extend(_annual(dept, ledger, site))
        _detect(dept, lists, ledger)
    names = {d.slug: d.name for d in pub.departments}
    for ev in ledger.events:
        if ev["dept"] in names:
            out.append(_event_entry(ev, names[ev["dept"]], site))
    return out


def _declared(dept: PublicDepartment, lists: dict, ledger: Ledger, site: Site) -> list[Entry]:
    """The revisions each list's header declares, and its `revised` date when no revision names it."""
    out = []
    for name, (revised, revisions, _items) in lists.items():
        spec = LIST_SPECS[name]
        numbered: list[tuple[date, int, str]] = []
        per_day: dict[date, int] = defaultdict(int)
        for rev in reversed(revisions):  # oldest first: adding a revision never renumbers older ones
            per_day[rev["date"]] += 1
            numbered.append((rev["date"], per_day[rev["date"]], rev["summary"]))
        if revised is not None and revised not in per_day:
            numbered.append((revised, 0, ""))
        for day, n, summary in numbered:
            specific = f"{dept.slug}/{name}/revision/{n}" if n else f"{dept.slug}/{name}/revised"
            placed = ledger.place("revisions", f"{specific}@{day.isoformat()}", digest([summary]), day)
            pairs = [
                (DEPARTMENT.label, dept.name),
                ("清单", spec.label),
                ("修订日期", day),
                ("修订说明", summary or f"{spec.label}于 {day.isoformat()} 修订"),
            ]
            out.append(
                Entry(
                    id=site.tag(day, specific),
                    title=f"{dept.name}{spec.label}修订（{day.isoformat()}）"
                    + (f"：{_clip(summary)}" if summary else ""),
                    summary=lines(pairs),
                    link=site.url(_list_page(dept.slug, name)),
                    published=stamp(day),
                    updated=placed.when,
                    dept=dept.slug,
                    author=dept.name,
                    group="revision",
                    categories=[
                        site.category(TYPE, "revision", TYPE_LABELS["revision"]),
                        site.category(LIST, name, spec.label),
                        site.dept_category(dept.slug),
                    ],
                )
            )
    return out


def _annual(dept: PublicDepartment, ledger: Ledger, site: Site) -> list[Entry]:
    """Two entries per year's annual report: on 1 January, that the provisional report is out (no figures: they
    change until 31 January, and an entry that changed with them would be re-sent each time); from 1 February,
    the final report with its main figures (re-sent only if a body files or corrects its reported figures)."""
    out = []
    for report in dept.annual:
        year, figures = report["year"], report["figures"]
        states = [("初步数据", date(year + 1, 1, 1), f"{dept.slug}/statistics/{year}")]
        if report["final"]:
            states.append(("正式数据", last_provisional(year) + timedelta(days=1), f"{dept.slug}/statistics/{year}/final"))
        for state, day, specific in states:
            pairs: list[tuple[str, object]] = [(DEPARTMENT.label, dept.name), ("年度", f"{year} 年度"), ("状态", state)]
            if state == "正式数据":
                filed = sum(1 for f in FIGURES if f.reported and figures.get(f.key) is not None)
                pairs += [
                    ("执法决定", f"{figures['decisions']:,} 件"),
                    ("行政处罚", f"{figures['penalties']:,} 件"),
                    ("罚款金额（元）", Decimal(figures["fines"]).scaleb(-2)),  # (held in fen: exact)
                    ("撤回的决定", f"{figures['withdrawals']:,} 件"),
                    ("填报数据", f"已填报 {filed} 项" if filed else "未填报"),
                ]
            else:
                pairs.append(("说明", f"{year + 1} 年 1 月 31 日前随每次更新而变化，2 月 1 日起为正式数据"))
            placed = ledger.place("revisions", f"{specific}@{day.isoformat()}", digest(pairs), day)
            out.append(
                Entry(
                    id=site.tag(day, specific),
                    title=f"{dept.name} {year} 年度行政执法数据（{state}）",
                    summary=lines(pairs),
                    link=site.url(urls.statistics(year, dept.slug)),
                    published=stamp(day),
                    updated=placed.when,
                    dept=dept.slug,
                    author=dept.name,
                    group="revision",
                    categories=[site.category(TYPE, "annual", TYPE_LABELS["annual"]), site.dept_category(dept.slug)],
                )
            )
    return out


def _clip(s: str, n: int = 40) -> str:
    s = text(s)
    return s if len(s) <= n else s[: n - 1] + "…"


def _list_page(dept: str, name: str) -> str:
    return urls.department(dept) if name == PROFILE else urls.column(dept, name)


def _detect(dept: PublicDepartment, lists: dict, ledger: Ledger) -> None:
    """Compare each item's hash with the previous build's: record added, changed and removed items."""
    now = {
        name: {key: [digest(item), item_label(name, key, item)] for key, item in items.items()}
        for name, (_r, _revs, items) in lists.items()
    }
    ledger.lists[dept.slug] = now
    if ledger.prev_lists is None:
        return  # first build: nothing to compare with; the headers' revisions tell the history
    before_dept = ledger.prev_lists.get(dept.slug) or {}
    taken = {e["id"] for e in ledger.events}

    def event(name: str, key: str, label: str, change: str, data_date: date | None, count: int = 0) -> None:
        day = ledger.placement_date(data_date or ledger.as_of)
        seq = ledger.event_seq(day)
        base = f"{dept.slug}/{name}/{key}/{change}@{day.isoformat()}"
        ident, n = base, 1
        while ident in taken:
            n += 1
            ident = f"{base}/{n}"
        taken.add(ident)
        ledger.events.append(
            {
                "id": ident,
                "dept": dept.slug,
                "list": name,
                "key": key,
                "label": label,
                "change": change,
                "date": day.isoformat(),
                "seq": seq,
                "n": n,
                "count": count,
            }
        )

    for name in sorted(set(now) | set(before_dept)):
        before, after = before_dept.get(name), now.get(name)
        revised = lists[name][0] if name in lists else None
        if before is None:
            event(name, "-", "", "published", revised, len(after or {}))
            continue
        if after is None:
            event(name, "-", "", "withdrawn", None)
            continue
        for key in sorted(set(before) | set(after)):
            if key not in before:
                event(name, key, after[key][1], "added", revised)
            elif key not in after:
                event(name, key, before[key][1], "removed", revised)
            elif before[key][0] != after[key][0]:
                event(name, key, after[key][1], "changed", revised)


def _event_entry(ev: dict, dept_name: str, site: Site) -> Entry:
    spec = LIST_SPECS[ev["list"]]
    day = date.fromisoformat(ev["date"])
    change = CHANGE_LABELS[ev["change"]]
    key = ev["key"]
    specific = (
        f"{ev['dept']}/{ev['list']}/{key}/{ev['change']}" if key != "-" else f"{ev['dept']}/{ev['list']}/{ev['change']}"
    )
    if ev["n"] > 1:
        specific += f"/{ev['n']}"
    if ev["list"] == PROFILE:
        title = f"执法主体信息{change}"
        link = urls.department(ev["dept"])
    elif key == "-":
        title = f"{change}{spec.label}" + (f"（{ev['count']} 项）" if ev["change"] == "published" else "")
        link = urls.column(ev["dept"], ev["list"]) if ev["change"] != "withdrawn" else urls.department(ev["dept"])
    else:
        title = f"{spec.label}{change}：{ev['label']}"
        link = (
            urls.item(ev["dept"], ev["list"], key) if ev["change"] != "removed" else urls.column(ev["dept"], ev["list"])
        )
    pairs: list[tuple[str, object]] = [(DEPARTMENT.label, dept_name), ("清单", spec.label), ("调整类型", change)]
    if key != "-" and ev["list"] != PROFILE:
        pairs.append((spec.field(spec.key or "id").label, key))
        pairs.append(("事项", ev["label"]))
    if ev["change"] == "published":
        pairs.append(("事项数", ev["count"]))
    pairs.append(("调整日期", day))
    return Entry(
        id=site.tag(day, specific),
        title=f"{dept_name}{title}",
        summary=lines(pairs),
        link=site.url(link),
        published=stamp(day, ev["seq"]),
        updated=stamp(day, ev["seq"]),
        dept=ev["dept"],
        author=dept_name,
        group="revision",
        categories=[
            site.category(TYPE, "revision", TYPE_LABELS["revision"]),
            site.category(LIST, ev["list"], spec.label),
            site.dept_category(ev["dept"]),
        ],
    )
