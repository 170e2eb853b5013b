"""Datasette metadata (titles, licence, column descriptions, facets, canned queries) as data.

Generated from the table definitions, which take their labels from
gongshi.standard, so a description is never typed twice. `metadata()` with no
region is the generic file committed at the repository root
(datasette_metadata.json, kept current by a test); the build writes a copy
naming the region, its publisher and its site into publish/data/.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from .. import urls
from ..catalog import SORTED, TABLES, Column, Table
from ..standard import NATURAL_PERSON
from . import search

DATABASE = "gongshi"  # Datasette names a database after its file: gongshi.db
LICENSE = "CC BY 4.0（署名 4.0 国际）"
LICENSE_URL = "https://creativecommons.org/licenses/by/4.0/deed.zh-hans"
FILENAME = "datasette_metadata.json"

FACETS: dict[str, list] = {
    # indexed columns only: a facet is a GROUP BY over the whole table on every page view. None by default for
    # decisions, the one large table: four GROUP BYs on every page and every search (0.1-0.2 s at 100,000
    # decisions, ten times that at 1,000,000); its description names the facets to ask for (FACETS_ASKED).
    "withdrawals": ["department", "withdrawal_kind", "kind"],
    "powers": ["department", "type"],
    "personnel": ["department", "status"],
    "inspection_items": ["department"],
    "service_guides": ["department"],
    "flowcharts": ["department"],
    "discretion_standards": ["department"],
    "annual_statistics": ["department", "year"],
    "parties": ["kind"],
}
FACETS_ASKED = {"decisions": ("department", "kind", "year", "party_kind")}  # indexed, so each reads an index
SORT_DESC = {"decisions": "decision_date", "withdrawals": "withdrawal_date"}
# The large tables offer only sorts that an index answers in both directions (columns.Table.indexes; a test holds
# each to them), so no page of a sort reads the whole table.
SORTABLE = {
    "decisions": SORTED,
    "withdrawals": ("withdrawal_date",),
}

QUERIES = {
    "party_record": {
        "title": "企业的执法记录（按统一社会信用代码）",
        "description": "输入 18 位统一社会信用代码，列出该单位或个体工商户正在公示的全部执法决定（各执法主体的），最新的在前，"
        "与公示网站上该企业的企业执法信息页面相同。企业名单及各类决定数见 parties 表；自然人当事人没有统一社会信用代码，查不到。",
        "sql": """\
select id, doc_no, department_name, kind, party_name, conclusion, decision_date,
  fine_yuan, confiscation_yuan, publicity_until, url
from decisions
where party_uscc = upper(trim(:uscc)) and party_kind != '""" + NATURAL_PERSON + """'
order by decision_date desc, id""",
    },
    "department_summary": {
        "title": "部门执法决定统计（按年份、执法类别，含罚没金额合计）",
        "description": "输入执法主体名称或目录名（如 shijianju），可选年份；按年份和执法类别统计决定数及罚款、没收金额合计（元，精确到分）。"
        "每件决定只计一次，各行的决定数和金额可以直接相加。“处罚类别”列给出各处罚类别的决定数"
        "（一件决定有多个处罚类别的，在每个类别下各计一次，所以这些数相加可能大于决定数）。",
        "sql": """\
with d as (
  select * from decisions
  where (department = trim(:department) or department_name = trim(:department))
    and (trim(:year) = '' or year = cast(trim(:year) as integer))
), per_category as (
  select d.year, d.kind, c.value as category, count(*) as n
  from d join json_each(d.categories) c
  group by d.year, d.kind, c.value
)
select d.year, d.kind, count(*) as decisions,
  printf('%d.%02d', sum(coalesce(d.fine_fen, 0)) / 100, sum(coalesce(d.fine_fen, 0)) % 100) as fine_yuan,
  sum(coalesce(d.fine_fen, 0)) as fine_fen,
  printf('%d.%02d', sum(coalesce(d.confiscation_fen, 0)) / 100, sum(coalesce(d.confiscation_fen, 0)) % 100)
    as confiscation_yuan,
  sum(coalesce(d.confiscation_fen, 0)) as confiscation_fen,
  (select group_concat(category || ' ' || n, '；') from (
     select category, n from per_category p where p.year = d.year and p.kind = d.kind order by category)
  ) as categories
from d
group by d.year, d.kind
order by d.year desc, d.kind""",
    },
    "annual_report": {
        "title": "执法主体的年度执法数据（最近三个年度并列）",
        "description": "输入执法主体名称、简称或目录名（如 shijianju），列出其最近三个已结束年度的全部指标，一个指标一行，"
        "各年度并列；金额以元为单位，比率为百分数。“最近年度”列为最近的年度；没有结果时请核对名称。",
        "sql": """\
with body as (
  select slug from departments
  where slug = trim(:department) or name = trim(:department) or short_name = trim(:department)
), y as (
  select max(year) as latest from annual_statistics where department in (select slug from body)
)
select s.section as 类别, s.label as 指标, s.unit as 单位, y.latest as 最近年度,
  max(case when s.year = y.latest then s.value end) as 最近年度数值,
  max(case when s.year = y.latest - 1 then s.value end) as 上一年度数值,
  max(case when s.year = y.latest - 2 then s.value end) as 前一年度数值,
  s.source as 来源, max(case when s.year = y.latest then s.status end) as 最近年度状态
from annual_statistics s, y
where s.department in (select slug from body) and s.year >= y.latest - 2
group by s.figure
order by min(s.position)""",
    },
    "recent_withdrawals": {
        "title": "最近的撤回公告",
        "description": "最近撤下的执法决定及撤回原因，最新的在前；可填写起始日期（YYYY-MM-DD）只看此后的。",
        "sql": """\
select withdrawal_date, withdrawal_kind, doc_no, department_name, kind, decision_date, reason, document, url
from withdrawals
where trim(:since) = '' or withdrawal_date >= trim(:since)
order by withdrawal_date desc, id
limit 100""",
    },
    "search_decisions": {
        "title": "检索执法决定（任意长度的检索词）",
        "description": f"在{search.COLUMNS_DESCRIBED}中查找包含检索词的决定，"
        "一两个字的词（如 罚款、撤销）也可以。最新的在前，每页 100 条，翻页填写页码。",
        "sql": search.CANNED_SEARCH_SQL,
    },
    "officer_certificate": {
        "title": "核验执法证号",
        "description": "输入执法证号，查看持证人姓名、所属单位、执法类别、有效期和状态。",
        "sql": """\
select p.cert_no, p.name, d.name as department_name, p.unit, p.categories, p.area, p.issuer, p.valid_until,
  p.status, p.url
from personnel p join departments d on d.slug = p.department
where p.cert_no = trim(:cert_no)""",
    },
}


def _table(t: Table) -> dict:
    out: dict = {"title": t.label, "description": t.doc}
    out["columns"] = {c.name: _describe(c) for c in t.columns}
    if t.name in SORTABLE:
        out["sortable_columns"] = list(SORTABLE[t.name])
    elif any(money_text(c) for c in t.columns):
        # a *_yuan column is exact text ("2000.50"), which sorts as text: offer its *_fen twin instead
        out["sortable_columns"] = [c.name for c in t.columns if not money_text(c)]
    if t.name in FACETS_ASKED:
        asked = "&".join(f"_facet={c}" for c in FACETS_ASKED[t.name])
        out["description"] += f"分项统计请在地址后加上 ?{asked}（可只选其中几项）。"
    if t.label_column:
        out["label_column"] = t.label_column
    if t.name in FACETS:
        out["facets"] = FACETS[t.name]
    if t.name in SORT_DESC:
        out["sort_desc"] = SORT_DESC[t.name]
    return out


def money_text(c: Column) -> bool:
    """An amount in yuan kept as exact text; its integer twin in fen is what sorts and sums."""
    return c.type is str and c.name.endswith("_yuan")


def _describe(c: Column) -> str:
    text = f"{c.label}：{c.doc}"
    if c.json:
        text += f"可用 ?_facet_array={c.name} 分项统计。"
    if money_text(c):
        text += f"本列为文本，不能排序；按金额排序请用 {c.name.removesuffix('_yuan')}_fen 列。"
    return text


def metadata(region: dict | None = None, tables: tuple[Table, ...] = TABLES, as_of: date | None = None) -> dict:
    """Datasette metadata; with `region`, naming the region's site, publisher and address; with `as_of`, the day
    whose publication the tables hold (the tables themselves do not say it: they stay the same on days that
    change nothing)."""
    region = region or {}
    site = region.get("site_title")
    base = region.get("base_url")
    meta: dict = {
        "title": f"{site}开放数据" if site else "行政执法公示开放数据",
        "description": "行政执法公示（执法主体、权力清单、随机抽查事项、执法人员、服务指南、流程图、裁量基准、执法决定、撤回公告和涉及的企业名录）的开放数据，"
        "与公示网站同源、同时更新。自然人当事人只显示姓氏，身份证件号码等个人信息不公开；已撤回、已过公示期和涉及未成年人的决定不在库中。",
        "license": LICENSE,
        "license_url": LICENSE_URL,
        "source": region.get("publisher") or "行政执法公示平台",
    }
    if as_of is not None:
        meta["description"] += f"数据日期：{as_of.isoformat()}（按这一天的公示状态生成）。"
    if base:
        meta["source_url"] = urls.absolute(base, urls.home())
        meta["about"] = "开放数据说明"
        meta["about_url"] = urls.absolute(base, urls.page("open-data"))
    tables_meta = {t.name: _table(t) for t in tables}
    tables_meta[search.FTS_TABLE] = {"hidden": True}
    meta["databases"] = {
        DATABASE: {
            "title": meta["title"],
            "tables": tables_meta,
            "queries": QUERIES,
        }
    }
    return meta


def dumps(meta: dict) -> str:
    return json.dumps(meta, ensure_ascii=False, indent=2) + "\n"


def write(path: Path, region: dict | None = None, as_of: date | None = None) -> Path:
    Path(path).write_text(dumps(metadata(region, as_of=as_of)), encoding="utf-8", newline="\n")
    return Path(path)
