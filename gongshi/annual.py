"""年度行政执法数据: each body's figures for a year, counted from every record, published by 31 January.

Every enforcement body publishes its previous year's overall figures by 31 January (国办发〔2018〕118号; the
reference text's 统计分析). They are counted here from every decision the datasets hold: published, expired,
withdrawn since, minors' cases and those not published by the rules alike (counted, never identified), so a
year's figures do not shrink as its decisions expire. What the decisions cannot tell (行政复议 and 行政诉讼
cases, complaints, inspections without a written decision) a body reports by hand in `annual/<year>.yaml`;
those figures are marked as reported.

The 31 January rule: a year's report appears on 1 January of the next year. Until 31 January it is
provisional (初步) and every build counts it again; from 1 February it is final. Final figures count the
withdrawals that took effect by 31 January and are frozen in the build's record (seen.py), so neither a
later withdrawal nor an edit, an officer leaving the list or a decision deleted changes a published report;
a withdrawal after 31 January of a decision of that year is listed below the report as a correction.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from .certificates import certificate_holds
from .problems import ERROR, WARNING, Problem
from .standard import (
    ANNUAL,
    COERCION_MEASURES,
    DECISION_KINDS,
    INSPECTION_RESULTS,
    LICENCE_CATEGORIES,
    PARTY_KINDS,
    PENALTY_CATEGORIES,
    PROCEDURES,
    REFUSED,
    WITHDRAWAL_CAUSES,
    WITHDRAWAL_KINDS,
)
from .timelimits import Rules, publication_deadline, withheld

if TYPE_CHECKING:
    from .load import Department

COUNT, PEOPLE, ITEMS, MONEY, SHARE = "件", "人", "项", "元", "%"  # MONEY: held in fen (exact), shown in yuan
UNMARKED = "未标明"
MEASURES = COERCION_MEASURES[:5]  # 行政强制法 第九条: measures; the rest (第十二条) are ways of execution


@dataclass(frozen=True, slots=True)
class Figure:
    key: str
    section: str
    label: str
    unit: str
    reported: bool = False  # from annual/<year>.yaml, not counted from the decisions


def _figures() -> tuple[Figure, ...]:
    out: list[Figure] = []

    def add(section: str, unit: str, *pairs: tuple[str, str]) -> None:
        out.extend(Figure(key, section, label, unit) for key, label in pairs)

    add("执法决定", COUNT, ("decisions", "执法决定总数"), *((f"kind:{k}", k) for k in DECISION_KINDS))
    add("各月执法决定数", COUNT, *((f"month:{m}", f"{m}月") for m in range(1, 13)))
    add("行政许可", COUNT, ("licensing:granted", "准予许可"), ("licensing:refused", "不予许可"),
        *((f"licence_category:{c}", f"许可类别：{c}") for c in LICENCE_CATEGORIES))
    add("行政处罚", COUNT, ("penalties", "行政处罚决定数"),
        *((f"penalty_category:{c}", f"处罚类别：{c}") for c in PENALTY_CATEGORIES),
        *((f"procedure:{p}", f"程序：{p}") for p in (*PROCEDURES, UNMARKED)),
        *((f"party:{k}", f"当事人：{k}") for k in PARTY_KINDS))
    add("行政处罚", MONEY, ("fines", "罚款金额"), ("fines:withdrawn", "其中已撤回决定的罚款"), ("confiscations", "没收金额"))
    add("各月罚款金额", MONEY, *((f"fines_month:{m}", f"{m}月") for m in range(1, 13)))
    add("行政强制", COUNT, ("coercion:measures", "行政强制措施"), ("coercion:execution", "行政强制执行"),
        *((f"measure:{m}", m) for m in COERCION_MEASURES))
    add("行政检查", COUNT, ("inspections", "检查数"), ("inspections:random", "其中随机抽查"))
    add("行政检查", ITEMS, ("inspections:items", "随机抽查涉及的抽查事项"))
    add("行政检查", COUNT,
        ("inspections:clear", "未发现问题"), ("inspections:problems", "发现问题"),
        *((f"result:{r}", f"结果：{r}") for r in INSPECTION_RESULTS))
    add("撤回", COUNT, ("withdrawals", "撤回的决定"), *((f"withdrawal_kind:{k}", k) for k in WITHDRAWAL_KINDS),
        *((f"withdrawal_cause:{c}", f"缘由：{c}") for c in (*WITHDRAWAL_CAUSES, UNMARKED)))
    add("撤回", SHARE, ("withdrawals:share", "撤回的决定占决定总数"))
    add("法制审核", COUNT, ("major", "重大执法决定"), ("major:reviewed", "其中经法制审核"), ("reviewed", "经法制审核的决定"))
    add("法制审核", SHARE, ("major:share", "重大执法决定法制审核率"))
    add("法制审核", PEOPLE, ("officers", "年末持证执法人员"), ("legal_review_staff", "其中法制审核人员"))
    add("公开及时性", COUNT, ("timeliness:due", "公示时限已到的决定"), ("timeliness:on_time", "其中按时公示"))
    add("公开及时性", SHARE, ("timeliness:share", "按时公示率"))
    for f in ANNUAL.fields:
        if f.type == "int":
            out.append(Figure(f"reported:{f.key}", "填报数据", f.label, COUNT, reported=True))
    return tuple(out)


FIGURES = _figures()
BY_KEY = {f.key: f for f in FIGURES}
# share → (numerator, denominator): a total's share is worked out again from the summed parts
SHARES = {
    "withdrawals:share": ("withdrawals", "decisions"),
    "major:share": ("major:reviewed", "major"),
    "timeliness:share": ("timeliness:on_time", "timeliness:due"),
}


def share(part: int, whole: int) -> float | None:
    """Per cent with one decimal, rounded half up as a spreadsheet's ROUND does (1/16: 6.3)."""
    if not whole:
        return None
    return float((Decimal(100 * part) / whole).quantize(Decimal("0.1"), ROUND_HALF_UP))


def last_provisional(year: int) -> date:
    """The last day a year's report is provisional (31 January of the next year): final from the day after."""
    return date(year + 1, 1, 31)


def reports(dept: Department, as_of: date, rules: Rules, shown: dict[str, date],
            frozen: dict[int, dict]) -> tuple[list[dict], dict[int, dict]]:
    """The department's reports of every year from its first to the one before `as_of`'s, newest first, and
    what the record freezes (year → {"figures": the counted figures, "withdrawn": the withdrawals they count}).

    `shown`: the record's first-shown days (the true 公示日期 of undated decisions); `frozen`: what the record
    froze, which a final report keeps whatever the datasets say now. Reported figures are not frozen: a body
    that files late, or corrects its filing, is shown as it filed."""
    from .publicity import doc_slug, is_minor  # (publicity decides with this module: imported on use)

    by_year: dict[int, list[dict]] = {}
    for rec in dept.decisions:
        by_year.setdefault(rec["decision_date"].year, []).append(rec)
    first = min((*by_year, *dept.annual, *frozen), default=as_of.year)
    out: list[dict] = []
    keep = dict(frozen)
    for year in range(as_of.year - 1, first - 1, -1):
        final = as_of > last_provisional(year)
        cut = min(as_of, last_provisional(year))
        if final and year in frozen:
            counted, withdrawn = frozen[year]["figures"], set(frozen[year]["withdrawn"])
        else:
            counted, withdrawn = count(dept, year, by_year.get(year, []), cut, rules, shown)
            if final:
                keep[year] = {"figures": counted, "withdrawn": sorted(withdrawn)}
        filed = dept.annual.get(year) or {}
        figures = {}
        for f in FIGURES:
            value = filed.get(f.key.partition(":")[2]) if f.reported else counted.get(f.key)
            if not f.reported or isinstance(value, int):
                figures[f.key] = value
        # a withdrawal the final figures do not count: one that took effect after 31 January, or one entered late
        corrections = [
            {"doc_no": r["doc_no"], "slug": doc_slug(r["doc_no"]), "withdrawal_date": r["withdrawal"]["date"],
             "withdrawal_kind": r["withdrawal"]["kind"]}
            for r in by_year.get(year, [])
            if final and r.get("withdrawal") and r["withdrawal"]["date"] <= as_of
            and doc_slug(r["doc_no"]) not in withdrawn and not is_minor(r) and not withheld(r, rules)
        ]
        corrections.sort(key=lambda c: (c["withdrawal_date"], c["doc_no"]))
        out.append({"year": year, "final": final, "figures": figures, "corrections": corrections})
    return out, dict(sorted(keep.items()))  # (in the record's order: the same value pickles the same)


def count(dept: Department, year: int, decisions: list[dict], cut: date, rules: Rules,
          shown: dict[str, date]) -> tuple[dict[str, int | float | None], set[str]]:
    """Every counted figure of one year (counts, money in fen, shares in per cent, None when there is nothing to
    share), and the decisions whose withdrawal they count."""
    from .publicity import doc_slug, is_minor

    c: Counter[str] = Counter()
    items: set[str] = set()  # the random-inspection items (抽查事项) inspected
    withdrawn: set[str] = set()
    for rec in decisions:
        kind = rec["kind"]
        month = rec["decision_date"].month
        c["decisions"] += 1
        c[f"kind:{kind}"] += 1
        c[f"month:{month}"] += 1
        if kind == "行政许可":
            c["licensing:refused" if rec.get("outcome") == REFUSED else "licensing:granted"] += 1
            c[f"licence_category:{rec['licence_category']}"] += 1
        elif kind == "行政处罚":
            c["penalties"] += 1
            for cat in rec["categories"]:
                c[f"penalty_category:{cat}"] += 1
            c[f"procedure:{rec.get('procedure') or UNMARKED}"] += 1
            c[f"party:{rec['party']['kind']}"] += 1
            fine = _fen(rec.get("fine"))
            c["fines"] += fine
            c[f"fines_month:{month}"] += fine
            c["confiscations"] += _fen(rec.get("confiscation"))
        elif kind == "行政强制":
            c["coercion:measures" if rec["measure"] in MEASURES else "coercion:execution"] += 1
            c[f"measure:{rec['measure']}"] += 1
        elif kind == "行政检查":
            c["inspections"] += 1
            if rec.get("inspection_item"):
                c["inspections:random"] += 1
                items.add(str(rec["inspection_item"]))
            c[f"result:{rec['result']}"] += 1
            c["inspections:clear"] += rec["result"] == "未发现问题"
            c["inspections:problems"] += rec["result"].startswith("发现问题")
        w = rec.get("withdrawal")
        if w and w["date"] <= cut:
            c["fines:withdrawn"] += _fen(rec.get("fine"))
            c["withdrawals"] += 1
            c[f"withdrawal_kind:{w['kind']}"] += 1
            c[f"withdrawal_cause:{w.get('cause') or UNMARKED}"] += 1
            withdrawn.add(doc_slug(rec["doc_no"]))
        c["major"] += bool(rec.get("major"))
        c["major:reviewed"] += bool(rec.get("major") and rec.get("legal_review"))
        c["reviewed"] += bool(rec.get("legal_review"))
        # due by the cut, and published by its deadline (the editor's 公示日期 or the day a build first showed it)
        deadline = publication_deadline(rec, rules)
        if deadline <= cut and not is_minor(rec) and not withheld(rec, rules):
            published = rec.get("published") or shown.get(doc_slug(rec["doc_no"]))
            c["timeliness:due"] += 1
            c["timeliness:on_time"] += published is not None and published <= deadline
    c["inspections:items"] = len(items)
    year_end = date(year, 12, 31)
    for officer in dept.items("personnel"):
        if certificate_holds(officer, year_end):
            c["officers"] += 1
            c["legal_review_staff"] += bool(officer.get("legal_review"))
    out: dict[str, int | float | None] = {}
    for f in FIGURES:
        if f.reported:
            continue
        if f.unit == SHARE:
            part, whole = SHARES[f.key]
            out[f.key] = share(c[part], c[whole])
        else:
            out[f.key] = c[f.key]
    return out, withdrawn


def total(figure_sets: list[dict]) -> dict[str, int | float | None]:
    """The sum of several bodies' figures (shares worked out again; a reported figure only of those who did)."""
    out: dict[str, int | float | None] = {}
    for f in FIGURES:
        if f.unit == SHARE:
            continue
        values = [s[f.key] for s in figure_sets if s.get(f.key) is not None]
        if values or not f.reported:
            out[f.key] = sum(values)  # type: ignore[arg-type]
    for key, (part, whole) in SHARES.items():
        out[key] = share(out[part] or 0, out[whole] or 0)  # type: ignore[arg-type]
    return {f.key: out[f.key] for f in FIGURES if f.key in out}


def yuan(fen: int) -> float | int:
    """Fen as yuan, a whole number when it is one, as the database holds it: a year's fines in fen can be a run of
    eleven digits that reads as a mobile number, which the guard (rightly) refuses to publish."""
    return fen // 100 if fen % 100 == 0 else fen / 100  # (a float prints back as its two decimals)


def to_record(frozen: dict) -> dict:
    """A year's frozen figures as the build's record keeps them: money as a yuan string with two decimals, which
    reads back exactly and is no run of eleven digits (see `yuan`)."""
    figures = {k: f"{v // 100}.{v % 100:02d}" if v is not None and BY_KEY[k].unit == MONEY else v
               for k, v in frozen["figures"].items()}
    return {"figures": figures, "withdrawn": frozen["withdrawn"]}


def from_record(frozen: dict) -> dict:
    """The record's frozen figures as `count` makes them (money in fen again); ValueError when they are not."""
    if not isinstance(frozen, dict) or not isinstance(frozen.get("figures"), dict):
        raise ValueError("annual")
    withdrawn = frozen.get("withdrawn")
    if not isinstance(withdrawn, list) or not all(isinstance(w, str) for w in withdrawn):
        raise ValueError("annual")
    figures = {}
    for k, v in frozen["figures"].items():
        if k not in BY_KEY or BY_KEY[k].reported:
            continue  # a figure this version no longer counts
        if v is not None and BY_KEY[k].unit == MONEY:
            if not isinstance(v, str) or not re.fullmatch(r"[0-9]+\.[0-9]{2}", v):
                raise ValueError(k)
            v = int(v.replace(".", ""))
        elif v is not None and (isinstance(v, bool) or not isinstance(v, int | float)):
            raise ValueError(k)
        figures[k] = v
    return {"figures": figures, "withdrawn": withdrawn}


def _fen(amount: object) -> int:
    """Yuan (an exact Decimal) in fen: sums stay exact."""
    return int(amount * 100) if amount is not None else 0  # type: ignore[operator]


def check(dept: Department, as_of: date, problems: list[Problem]) -> None:
    """What `gongshi validate` says of a body's annual figures: counts that contradict each other, a file for a
    year not over yet, and, from 1 January, last year's file missing while the body has figures to report."""
    for year, figures in sorted(dept.annual.items()):
        path: Path = figures["_src"][0]
        if year >= as_of.year:
            state = "尚未结束" if year == as_of.year else "尚未开始"
            problems.append(Problem(path, (), "文件名", f"{year} 年度{state}", f"年度数据在次年 1 月填报；请核对文件名，到 {year + 1} 年 1 月再填报", WARNING, line=1))
        for part, whole in (("licence_accepted", "licence_applications"), ("reconsiderations_corrected", "reconsiderations"),
                            ("lawsuits_lost", "lawsuits"), ("complaints_handled", "complaints")):
            if isinstance(figures.get(part), int) and isinstance(figures.get(whole), int) and figures[part] > figures[whole]:
                label, of = ANNUAL.field(part).label, ANNUAL.field(whole).label
                problems.append(Problem(path, (part,), label, f"{label}（{figures[part]}）多于{of}（{figures[whole]}）", f"请核对 {part} 和 {whole}", ERROR))
    last = as_of.year - 1
    made = [d["decision_date"].year for d in dept.decisions if isinstance(d.get("decision_date"), date)]
    # (what validation refused is no date); every body with a report of last year files it, busy or not
    if last not in dept.annual and min((*made, *dept.annual), default=as_of.year) <= last:
        path = dept.folder / ANNUAL.filename / f"{last}.yaml"
        late = "，已过 1 月 31 日的公开期限" if as_of > last_provisional(last) else ""
        problems.append(
            Problem(path, (), ANNUAL.label, f"尚未填报 {last} 年度数据{late}",
                    f"年度数据应在 {last + 1} 年 1 月 31 日前公开：请创建 {ANNUAL.filename}{last}.yaml，填写填报日期（compiled）和"
                    "行政复议、行政诉讼、投诉举报等执法决定中统计不出的数字（字段见数据字典）", WARNING, line=1)
        )
