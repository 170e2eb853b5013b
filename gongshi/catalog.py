"""The open data's catalogue: its tables and columns, derived from gongshi.standard, and the files it offers.

Metadata as data, outside every renderer: the database, its exports and the
Datasette metadata (gongshi.opendata, whose mapping rules are in its
tables.py) are made from these definitions, and the site's data dictionary
and download page describe them, without one renderer importing the other.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from . import parties, urls
from .annual import FIGURES
from .publicity import Publication
from .standard import (
    DECISION_KINDS,
    DECISIONS,
    DEPARTMENT,
    DISCRETION_STANDARDS,
    FLOWCHARTS,
    INSPECTION_ITEMS,
    PARTY,
    PERSONNEL,
    POWERS,
    REFERENCES,
    REGION,
    REVISION,
    SERVICE_GUIDES,
    WITHDRAWAL,
    Field,
    ListSpec,
)

# The lists' headers (revised, revisions) are the same in every list file: their columns name this source list.
LISTS = ListSpec("lists", "清单文件头", "", "", ())

TEXT_TYPES = frozenset({"str", "text", "code", "enum", "uscc", "docno", "region", "url", "phone", "date"})
JSON_TYPES = frozenset({"strs", "enums", "codes"})


class UnmappedField(Exception):
    """A record carries a key the open-data tables have no column for.

    Raised rather than dropping the value: the publication decided it is
    public, so the database must either show it or the schema must change.
    """

    def __init__(self, table: str, key: str) -> None:
        super().__init__(f"{table}: no column for {key!r}")
        self.table = table
        self.key = key

    def __reduce__(self) -> tuple:  # raised in a renderer process, re-raised in the build's
        return (UnmappedField, (self.table, self.key))


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    type: type  # str → TEXT, int → INTEGER
    label: str  # Chinese, shown in Datasette and the data dictionary
    doc: str
    json: bool = False  # TEXT holding a JSON array
    # (list, dotted YAML key) the values come from, for the data dictionary; None: a column the open data adds
    source: tuple[str, str] | None = None
    search: bool = False  # its field is free text or searchable (standard.Field): the decisions' search looks here
    # Every row has a value. Declared NOT NULL so SQLite drops the `or column is null` that Datasette adds to
    # every descending keyset page: without it page 2 of the newest-first default sort sorted the whole table.
    not_null: bool = False


@dataclass(frozen=True, slots=True)
class Table:
    name: str
    label: str
    doc: str
    pk: tuple[str, ...]
    columns: tuple[Column, ...]
    foreign_keys: tuple[tuple[str, str], ...] = ()  # (column, table); the other side is its primary key
    indexes: tuple[tuple[str, ...], ...] = ()  # "-name": that column descending
    label_column: str | None = None

    def column(self, name: str) -> Column:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(name)


# ---------------------------------------------------------------- columns from the standard

# Columns the open data adds to what the standard defines.
ID = Column("id", str, "记录编号", "全库唯一、跨版本不变的编号：部门目录名/清单内编号（执法决定为 部门目录名/文号）。",
            not_null=True)
DEPARTMENT_SLUG = Column("department", str, "执法主体", "执法主体的目录名，对应 departments 表。", not_null=True)
DEPARTMENT_NAME = Column("department_name", str, DEPARTMENT.field("name").label, DEPARTMENT.field("name").doc,
                         not_null=True)
POSITION = Column("position", int, "序号", "在原清单中的先后次序，从 1 开始。")
UPDATED = Column("updated", str, "更新日期", "本条记录最近一次变动的日期（YYYY-MM-DD），可据此增量获取更新。", not_null=True)
URL = Column("url", str, "公示页面", "本条记录在公示网站上的页面。", not_null=True)
CODE = "code"  # column name for a list's own `id` field: `id` is the table-wide key here



def ref_column(key: str) -> str:
    """power_code → power_id, flowchart → flowchart_id: the foreign key beside a code."""
    return key.removesuffix("_code") + "_id"


def _kinds_note(spec: ListSpec, key: str) -> tuple[str, str]:
    """Label and description of a decision field, naming each kind when kinds label it differently."""
    found: list[tuple[str, Field]] = [("", f) for f in spec.fields if f.key == key]
    for kind, extra in spec.kinds.items():
        found.extend((kind, f) for f in extra if f.key == key)
    first = found[0][1]
    if len(found) == 1:
        return first.label, first.doc
    if all(f.label == first.label and f.doc == first.doc for _, f in found):
        return first.label, first.doc + "（" + "、".join(k for k, _ in found) + "）"
    label = "／".join(dict.fromkeys(f.label for _, f in found))
    doc = "；".join(f"{k}：{f.label}，{f.doc}" for k, f in found)
    return label, doc


def field_columns(f: Field, prefix: str = "", label: str | None = None, doc: str | None = None,
                  source: tuple[str, str] | None = None) -> list[Column]:
    """The column(s) one scalar or flattened field becomes; `source` is (list, dotted key path up to `f`)."""
    name = prefix + f.key
    label = label or f.label
    doc = doc or f.doc
    src = (source[0], source[1] + f.key) if source else None
    if f.type in TEXT_TYPES:
        return [Column(name, str, label, doc, source=src, search=f.free_text or f.searchable)]
    if f.type in ("int", "bool"):
        return [Column(name, int, label, doc + ("（1 是，0 否）" if f.type == "bool" else ""), source=src)]
    if f.type == "money":
        return [
            Column(f"{name}_yuan", str, label, doc + "以元为单位的精确金额，文本形式，如 2000.50。", source=src),
            Column(f"{name}_fen", int, label.replace("（元）", "（分）"), "同一金额以分为单位的整数，求和、排序用此列可得精确结果。", source=src),
        ]
    if f.type in JSON_TYPES:
        return [Column(name, str, label, doc + "（JSON 数组）", json=True, source=src)]
    if f.type == "object":
        inner = (src[0], src[1] + ".") if src else None
        return [c for sub in f.fields if not sub.private for c in field_columns(sub, name + "_", source=inner)]
    raise AssertionError(f"{name}: {f.type} has no single column")



WITHDRAWAL_COLUMNS = (  # the notice's own keys, labelled from the standard
    Column("doc_no", str, DECISIONS.field("doc_no").label, DECISIONS.field("doc_no").doc, source=("decisions", "doc_no")),
    Column("kind", str, DECISIONS.field("kind").label, DECISIONS.field("kind").doc, source=("decisions", "kind")),
    Column("decision_date", str, DECISIONS.field("decision_date").label, DECISIONS.field("decision_date").doc,
           source=("decisions", "decision_date")),
    Column("withdrawal_date", str, "撤回" + WITHDRAWAL.sub("date").label, WITHDRAWAL.sub("date").doc,
           source=("decisions", "withdrawal.date")),
    Column("withdrawal_kind", str, WITHDRAWAL.sub("kind").label, WITHDRAWAL.sub("kind").doc,
           source=("decisions", "withdrawal.kind")),
    Column("reason", str, WITHDRAWAL.sub("reason").label, WITHDRAWAL.sub("reason").doc,
           source=("decisions", "withdrawal.reason")),
    Column("document", str, WITHDRAWAL.sub("document").label, WITHDRAWAL.sub("document").doc,
           source=("decisions", "withdrawal.document")),
)


# ---------------------------------------------------------------- table definitions


def _cols(spec: ListSpec, fields: Iterable[Field], table: str, rename: dict[str, str] | None = None) -> list[Column]:
    out: list[Column] = []
    for f in fields:
        if f.private or f.type == "objects" or ((table, f.key) in REFERENCES and f.type == "codes"):
            continue
        if spec is DECISIONS and spec.kinds:
            label, doc = _kinds_note(spec, f.key)
        else:
            label, doc = f.label, f.doc
        cols = field_columns(f, label=label, doc=doc, source=(spec.name, ""))
        if rename and f.key in rename:
            cols = [replace(c, name=rename[f.key]) for c in cols]
        out.extend(cols)
        target = REFERENCES.get((table, f.key))
        if target:
            out.append(Column(ref_column(f.key), str, label, f"对应 {target} 表的记录编号（{doc}）", source=(spec.name, f.key)))
    return out


def _fks(table: str, keys: Iterable[str]) -> list[tuple[str, str]]:
    return [(ref_column(k), REFERENCES[(table, k)]) for k in keys if (table, k) in REFERENCES]


def _list_table(spec: ListSpec, indexes: tuple[tuple[str, ...], ...] = ()) -> Table:
    rename = {"id": CODE} if spec.key == "id" else None
    scalar = [f for f in spec.fields if not (f.type == "codes" and (spec.name, f.key) in REFERENCES)]
    return Table(
        spec.name, spec.label, spec.doc, ("id",),
        (ID, DEPARTMENT_SLUG, *_cols(spec, spec.fields, spec.name, rename), UPDATED, URL),
        (("department", "departments"), *_fks(spec.name, (f.key for f in scalar))),
        (("department",), *indexes),
        "name",
    )


def _child_table(name: str, label: str, parent_col: str, parent: str, f: Field, spec: ListSpec,
                 rename: dict[str, str] | None = None, pk: tuple[str, ...] | None = None,
                 first: tuple[Column, ...] = ()) -> Table:
    parent_column = Column(parent_col, str, "所属记录", f"对应 {parent} 表的记录编号。")
    cols = [c for sub in f.fields for c in field_columns(sub, source=(spec.name, f.key + "."))]
    if rename:
        cols = [replace(c, name=rename.get(c.name, c.name)) for c in cols]
    return Table(name, label, f.doc, pk or (parent_col, "position"), (*first, parent_column, POSITION, *cols),
                 ((parent_col, parent),), ((parent_col,),) if pk else ())


def _link_table(name: str, label: str, parent_col: str, parent: str, code_col: Column, id_col: str, target: str) -> Table:
    return Table(
        name, label, f"{code_col.label}与{parent}表记录的对应关系，一行一项。", (parent_col, "position"),
        (Column(parent_col, str, "所属记录", f"对应 {parent} 表的记录编号。"), POSITION, code_col,
         Column(id_col, str, code_col.label, f"对应 {target} 表的记录编号；清单中没有该编号时为空。",
                source=code_col.source)),
        ((parent_col, parent), (id_col, target)),
        ((id_col,),),
    )


def _never_null(columns: Iterable[Column], names: set[str]) -> tuple[Column, ...]:
    """`columns`, those named marked NOT NULL: fields every record has (validation requires them)."""
    return tuple(replace(c, not_null=True) if c.name in names else c for c in columns)


SORTED = ("decision_date", "fine_fen", "confiscation_fen", "amount_fen", "updated")  # metadata.SORTABLE's decisions


def _decisions_table() -> Table:
    fields = [f for f in DECISIONS.all_fields() if f.key != "withdrawal"]
    return Table(
        "decisions", DECISIONS.label,
        "正在公示期内的行政执法决定（已撤回、已过公示期和涉及未成年人的决定不在此表）。自然人当事人只显示姓氏。",
        ("id",),
        _never_null(
            (ID, DEPARTMENT_SLUG, DEPARTMENT_NAME,
             Column("slug", str, "页面标识", "由文号生成的页面地址片段，如 泸市监罚-2024-39。"),
             Column("year", int, "决定年份", "决定日期所在的年份。"),
             Column("doc_year", int, "文号年份", "文号〔〕中的年份。"),
             *_cols(DECISIONS, fields, "decisions"), UPDATED, URL),
            {"slug", "year", "doc_no", "kind", "decision_date"}),
        (("department", "departments"), *_fks("decisions", (f.key for f in fields if f.type != "codes"))),
        # Every column the API offers to sort by (metadata.SORTABLE) has an index in each direction, then by id:
        # the order of every page of that sort. The descending ones come last: of two indexes that serve a first
        # page equally (ordered by the column alone), SQLite reads the one created last, and a descending first
        # page must be read in key order (gongshi.opendata.plugin.FROM_START does it for ascending ones).
        (("department", "-decision_date", "id"), ("department", "year"), ("kind", "-decision_date", "id"),
         ("year",), ("party_uscc",), ("party_kind",), ("doc_no",),
         *((c, "id") for c in SORTED), *(("-" + c, "id") for c in SORTED)),
        "doc_no",
    )


def _withdrawals_table() -> Table:
    return Table(
        "withdrawals", "撤回公告",
        "被撤销、确认违法或无效、变更或要求重新作出而撤下的决定，只公开撤回信息，不再公开原决定内容和当事人。",
        ("id",),
        _never_null(
            (ID, DEPARTMENT_SLUG, DEPARTMENT_NAME,
             Column("slug", str, "页面标识", "由文号生成的页面地址片段；撤回公告在原决定的页面地址上发布。"),
             *WITHDRAWAL_COLUMNS, UPDATED, URL),
            {"slug", "doc_no", "kind", "decision_date", "withdrawal_date"}),
        (("department", "departments"),),
        (("department", "-withdrawal_date", "id"), ("withdrawal_date", "id"), ("-withdrawal_date", "id"), ("doc_no",)),
        "doc_no",
    )


def _timeliness_table() -> Table:
    count = "（只计数，不含涉及未成年人和按规定不公示的决定）"
    return Table(
        "timeliness", "公开及时性",
        "各执法主体按年度统计的执法决定公示及时性和撤回决定撤下及时性。时限：行政许可、行政处罚决定自作出之日起 7 个"
        "工作日内公示，其他执法决定 20 个工作日内（国办发〔2018〕118号）；撤回的决定在法律文书生效后 1 日内撤下（川办发"
        "〔2019〕34号）。地区可在 region.yaml 中另行设置。公示日期为首次公示的日期：数据填写的公示日期，否则为本平台首次"
        "发布的日期。",
        ("department", "year"),
        (DEPARTMENT_SLUG,
         Column("year", int, "年度", "决定作出的年份；撤回各列为撤回生效的年份。"),
         Column("published", int, "已公示决定数", "该年度作出、已经公示过的决定数，含此后过期或撤回的" + count),
         Column("on_time", int, "按时公示数", "在时限内首次公示的决定数。"),
         Column("late", int, "超期公示数", "超过时限才首次公示的决定数。"),
         Column("median_days", int, "公示用时中位数（工作日）", "自决定作出到首次公示的工作日数的中位数（偶数个时取较小者）。"),
         Column("withdrawals", int, "撤下的撤回决定数", "该年度生效的撤回中，原决定已在本平台或原平台公示并已撤下的数量。"),
         Column("withdrawals_on_time", int, "按时撤下数", "在时限内撤下的数量。")),
        (("department", "departments"),),
        (("year",),),
    )


def _annual_table() -> Table:
    return Table(
        "annual_statistics", "年度执法数据",
        "各执法主体每个已结束年度的执法数据，一行一个指标。由该年度作出的全部执法决定统计（含此后已过公示期、已撤回和"
        "涉及未成年人的决定，只计数），或由执法主体填报（source 为“填报”）。次年 1 月 31 日前为初步数据，随每次更新变化；"
        "2 月 1 日起为正式数据，不再变动。",
        ("department", "year", "position"),
        (DEPARTMENT_SLUG, DEPARTMENT_NAME,
         Column("year", int, "年度", "统计的年度（决定作出的年份）。"),
         Column("position", int, "顺序", "指标在年度报告中的顺序（即页面上的顺序）；本表按执法主体、年度和它排序。"),
         Column("figure", str, "指标代码", "稳定的指标代码，如 kind:行政处罚、penalty_category:罚款、fines；同一执法主体和年度内唯一。"),
         Column("section", str, "类别", "指标所属的部分，如 行政处罚、撤回、法制审核。"),
         Column("label", str, "指标", "指标名称。"),
         Column("value", int, "数值", "件数、人数或项数；金额以元为单位，精确到分（由以分为单位的整数相加得到）；比率为百分数，"
                "保留一位小数，四舍五入（分母为 0 时为空）；未填报的填报数字为空。"),
         Column("unit", str, "单位", "件、人、项、元或 %。"),
         Column("source", str, "来源", "统计（由执法决定统计）或 填报（执法主体在 annual/年度.yaml 中填报）。"),
         Column("status", str, "状态", "初步（次年 1 月 31 日前）或 正式。")),
        (("department", "departments"),),
        (("year",), ("figure",), ("department", "year", "figure")),
    )


# The parties table's count column of each 执法类别, named explicitly (a test holds it to standard.DECISION_KINDS).
KIND_COUNT_COLUMNS: dict[str, str] = {
    "行政许可": "licences",
    "行政处罚": "penalties",
    "行政强制": "coercions",
    "行政检查": "inspections",
    "行政征收征用": "expropriations",
}
assert tuple(KIND_COUNT_COLUMNS) == DECISION_KINDS, "a 执法类别 without its count column in the parties table"


def _parties_table() -> Table:
    """Every organisation and 个体工商户 the published decisions name, one row per credit code (gongshi.parties)."""
    kinds = [
        Column(name, int, f"{kind}决定数", f"正在公示的{kind}决定件数。", not_null=True)
        for kind, name in KIND_COUNT_COLUMNS.items()
    ]
    return Table(
        "parties", "企业名录",
        "正在公示的执法决定涉及的单位（法人及非法人组织）和个体工商户，一个统一社会信用代码一行，汇总全部执法主体的决定，"
        "与公示网站的企业名录和企业执法信息页面一致。自然人当事人没有统一社会信用代码，不在此表。只计正在公示期内的决定；"
        "已撤回、已过公示期和涉及未成年人的决定不计。某企业的全部决定：decisions 表中 party_uscc 等于其代码的行"
        "（或 party_record 查询）。",
        ("uscc",),
        (Column("uscc", str, PARTY.sub("uscc").label,
                "单位或个体工商户的 18 位统一社会信用代码，本表主键；对应 decisions 表的 party_uscc 列。",
                source=("decisions", "party.uscc"), not_null=True),
         Column("name", str, "名称", "单位全称或个体工商户名称，以最近一次执法决定所载为准。", source=("decisions", "party.name"),
                not_null=True),
         Column("former_names", str, "曾用名称",
                "执法决定中使用过的其他名称，最新的在前，以“；”分隔；没有时为空。", source=("decisions", "party.name")),
         Column("kind", str, PARTY.sub("kind").label, "法人及非法人组织或个体工商户，以最近一次执法决定所载为准。",
                source=("decisions", "party.kind"), not_null=True),
         *kinds,
         Column("decisions", int, "执法决定数", "正在公示的执法决定总件数，等于各执法类别决定数之和。", not_null=True),
         Column("departments", int, "执法主体数",
                "作出这些决定或发布涉及该企业的撤回公告的执法主体个数。", not_null=True),
         Column("first_decision_date", str, "最早决定日期", "正在公示的决定中最早的决定日期（YYYY-MM-DD）。",
                not_null=True),
         Column("last_decision_date", str, "最近决定日期", "正在公示的决定中最近的决定日期（YYYY-MM-DD）。",
                not_null=True),
         replace(URL, doc="该企业在公示网站上的企业执法信息页面，列出这些决定。")),
        (),
        (("name",), ("kind",)),
        "name",
    )


def _tables() -> tuple[Table, ...]:
    # no as_of: the tables hold only what publicity decided, so they stay the same on days that change
    # nothing; the day is in the metadata (metadata.metadata) and on the open-data page
    region_cols = _cols(REGION, REGION.fields, "region")
    dept_cols = (Column("slug", str, "目录名", "执法主体在数据目录和网址中的标识，如 shijianju。"),
                 *_cols(DEPARTMENT, DEPARTMENT.fields, "departments"), UPDATED, URL)
    return (
        Table("region", REGION.label, "本库覆盖的行政区域、公示网站，以及按哪一天的公示状态生成。", ("code",), region_cols),
        Table("departments", DEPARTMENT.label, DEPARTMENT.doc, ("slug",), dept_cols, label_column="name"),
        _child_table("department_remedies", DEPARTMENT.field("remedies").label, "department", "departments",
                     DEPARTMENT.field("remedies"), DEPARTMENT),
        Table("lists", "清单", "各部门的事前公开清单及其最近修订日期。", ("id",),
              (ID, DEPARTMENT_SLUG,
               Column("name", str, "清单", "清单的英文名，即对应的表名，如 powers。"),
               Column("label", str, "清单名称", "清单的中文名称。"),
               Column("revised", str, "最近修订日期", "清单最近一次调整的日期。", source=(LISTS.name, "revised")),
               UPDATED, URL),
              (("department", "departments"),), (("department",),), "label"),
        _child_table("list_revisions", REVISION.label, "list_id", "lists", REVISION, LISTS),
        _list_table(POWERS, (("type",),)),
        _child_table("power_basis", POWERS.field("basis").label, "power_id", "powers", POWERS.field("basis"), POWERS),
        _link_table("power_discretion", POWERS.field("discretion").label, "power_id", "powers",
                    Column("discretion", str, DISCRETION_STANDARDS.field("id").label, DISCRETION_STANDARDS.field("id").doc,
                           source=("powers", "discretion")),
                    "discretion_id", "discretion_standards"),
        _list_table(INSPECTION_ITEMS),
        _child_table("inspection_item_basis", INSPECTION_ITEMS.field("basis").label, "inspection_item_id",
                     "inspection_items", INSPECTION_ITEMS.field("basis"), INSPECTION_ITEMS),
        _list_table(PERSONNEL, (("cert_no",), ("status",))),
        _list_table(SERVICE_GUIDES),
        _child_table("service_guide_materials", SERVICE_GUIDES.field("materials").label, "guide_id", "service_guides",
                     SERVICE_GUIDES.field("materials"), SERVICE_GUIDES),
        _list_table(FLOWCHARTS),
        _child_table("flowchart_steps", FLOWCHARTS.field("steps").label, "flowchart_id", "flowcharts",
                     FLOWCHARTS.field("steps"), FLOWCHARTS, rename={"id": CODE}, pk=("id",),
                     first=(Column("id", str, "记录编号", "流程图记录编号/环节编号。"),)),
        _list_table(DISCRETION_STANDARDS),
        _child_table("discretion_levels", DISCRETION_STANDARDS.field("levels").label, "standard_id",
                     "discretion_standards", DISCRETION_STANDARDS.field("levels"), DISCRETION_STANDARDS),
        _decisions_table(),
        _link_table("decision_officers", DECISIONS.field("officers").label, "decision_id", "decisions",
                    Column("cert_no", str, PERSONNEL.field("cert_no").label, PERSONNEL.field("cert_no").doc,
                           source=("decisions", "officers")),
                    "personnel_id", "personnel"),
        _withdrawals_table(),
        _parties_table(),
        _timeliness_table(),
        _annual_table(),
    )


TABLES: tuple[Table, ...] = _tables()
BY_NAME = {t.name: t for t in TABLES}


# ---------------------------------------------------------------- the files

DB_NAME = "gongshi.db"
CSV_SUFFIX = ".csv"
JSONL_SUFFIX = ".jsonl"

# The child tables of each department list: {objects field: (child table, its parent column)}.
LIST_CHILDREN: dict[str, dict[str, tuple[str, str]]] = {
    "powers": {"basis": ("power_basis", "power_id")},
    "inspection_items": {"basis": ("inspection_item_basis", "inspection_item_id")},
    "personnel": {},
    "service_guides": {"materials": ("service_guide_materials", "guide_id")},
    "flowcharts": {"steps": ("flowchart_steps", "flowchart_id")},
    "discretion_standards": {"levels": ("discretion_levels", "standard_id")},
}
LIST_LINKS = {("powers", "discretion"): ("power_discretion", "power_id")}
LIST_SPECS = (POWERS, INSPECTION_ITEMS, PERSONNEL, SERVICE_GUIDES, FLOWCHARTS, DISCRETION_STANDARDS)


def downloads(publication: Publication) -> list[dict]:
    """Every file the open data offers for download, with what it holds: for the open-data and dictionary pages.

    Each dict: name (file name), path (site path), format ("SQLite", "CSV",
    "JSON Lines"), media_type, table (None for the whole database), label and
    description (Chinese), rows (number of records; None for the database).
    """
    rows = counts(publication)  # counted, not built: the site renders without the open data
    out = [{
        "name": DB_NAME, "path": urls.data_file(DB_NAME), "format": "SQLite",
        "media_type": "application/vnd.sqlite3", "table": None, "label": "完整数据库",
        "description": "全部数据表的 SQLite 数据库，可用 Datasette、DB Browser for SQLite 或任何 SQLite 客户端打开。",
        "rows": None,
    }]
    for t in TABLES:
        for fmt, suffix, media_type in (
            ("CSV", CSV_SUFFIX, "text/csv; charset=utf-8"),
            ("JSON Lines", JSONL_SUFFIX, "application/jsonl; charset=utf-8"),
        ):
            name = t.name + suffix
            out.append({
                "name": name, "path": urls.data_file(name), "format": fmt, "media_type": media_type,
                "table": t.name, "label": t.label, "description": t.doc, "rows": rows[t.name],
            })
    return out


def counts(publication: Publication) -> dict[str, int]:
    """How many rows each table gets, without building them: the site lists them on its download page.

    Mirrors gongshi.opendata.tables.values table by table (a test holds the two to the same numbers).
    """
    depts = publication.departments
    n = dict.fromkeys(BY_NAME, 0)
    n["region"] = 1
    n["departments"] = len(depts)
    for dept in depts:
        n["department_remedies"] += len(dept.profile.get("remedies") or ())
        n["lists"] += len(dept.lists)
        for plist in dept.lists.values():
            n["list_revisions"] += len(plist.revisions or ())
        for spec in LIST_SPECS:
            plist = dept.lists.get(spec.name)
            if plist is None:
                continue
            n[spec.name] += len(plist.items)
            for key, (child, _) in LIST_CHILDREN[spec.name].items():
                n[child] += sum(len(item.get(key) or ()) for item in plist.items)
            for (lname, key), (link, _) in LIST_LINKS.items():
                if lname == spec.name:
                    n[link] += sum(len(item.get(key) or ()) for item in plist.items)
        n["decisions"] += len(dept.decisions)
        n["decision_officers"] += sum(len(d.get("officers") or ()) for d in dept.decisions)
        n["withdrawals"] += len(dept.withdrawals)
        n["timeliness"] += len(dept.timeliness)
        n["annual_statistics"] += len(FIGURES) * len(dept.annual)
    n["parties"] = len(parties.of(publication))
    return n
