"""The open-data tables: their columns derived from gongshi.standard, their rows from a Publication.

Mapping rules, applied to every field of the standard so no label is retyped:

- one-line and free text, codes, enumerations, dates (ISO `YYYY-MM-DD`) → TEXT;
- int → INTEGER; bool → INTEGER 0/1;
- money → two columns: `<key>_yuan` TEXT ("2000.50", exact as written) and
  `<key>_fen` INTEGER (200050) for sums — SQLite has no decimal type and a
  REAL column would round through binary floating point;
- a list of plain values (strs, enums, codes) → one TEXT column holding a JSON
  array: it reads as one value, Datasette facets on it with `_facet_array`,
  and SQL unpacks it with json_each();
- a list of objects (legal basis, materials, flowchart steps, discretion
  levels, remedies, revisions) → a child table keyed by (parent, position), so
  each labelled sub-field gets its own described column;
- a code that refers to another list (power_code, flowchart, officers …)
  keeps its column and gains a `*_id` foreign key (a list becomes a link
  table), so Datasette links the two records;
- one object (party, legal_review_unit) → flattened `<key>_<sub>` columns.

Every top-level record has a text primary key that survives rebuilds
(`dept/code`, the decision's `dept/文号 slug`), an `updated` date taken from
the data and a `url` of its page on the site.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from .. import urls
from ..publicity import Publication, PublicDepartment
from ..standard import (
    DECISIONS,
    DEPARTMENT,
    DISCRETION_STANDARDS,
    FLOWCHARTS,
    INSPECTION_ITEMS,
    PARTY,
    PERSONNEL,
    POWERS,
    REGION,
    REVISION,
    SERVICE_GUIDES,
    WITHDRAWAL,
    Field,
    ListSpec,
)

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


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    type: type  # str → TEXT, int → INTEGER
    label: str  # Chinese, shown in Datasette and the data dictionary
    doc: str
    json: bool = False  # TEXT holding a JSON array


@dataclass(frozen=True, slots=True)
class Table:
    name: str
    label: str
    doc: str
    pk: tuple[str, ...]
    columns: tuple[Column, ...]
    foreign_keys: tuple[tuple[str, str], ...] = ()  # (column, table); the other side is its primary key
    indexes: tuple[tuple[str, ...], ...] = ()
    label_column: str | None = None

    def column(self, name: str) -> Column:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(name)


# ---------------------------------------------------------------- columns from the standard

# Columns the open data adds to what the standard defines.
ID = Column("id", str, "记录编号", "全库唯一、跨版本不变的编号：部门目录名/清单内编号（执法决定为 部门目录名/文号）。")
DEPARTMENT_SLUG = Column("department", str, "执法主体", "执法主体的目录名，对应 departments 表。")
DEPARTMENT_NAME = Column("department_name", str, DEPARTMENT.field("name").label, DEPARTMENT.field("name").doc)
POSITION = Column("position", int, "序号", "在原清单中的先后次序，从 1 开始。")
UPDATED = Column("updated", str, "更新日期", "本条记录最近一次变动的日期（YYYY-MM-DD），可据此增量获取更新。")
URL = Column("url", str, "公示页面", "本条记录在公示网站上的页面。")
CODE = "code"  # column name for a list's own `id` field: `id` is the table-wide key here

# Fields that refer to another list: (list, key) → table referred to.
REFERENCES = {
    ("powers", "flowchart"): "flowcharts",
    ("powers", "guide"): "service_guides",
    ("powers", "discretion"): "discretion_standards",
    ("service_guides", "power_code"): "powers",
    ("service_guides", "flowchart"): "flowcharts",
    ("flowcharts", "power_code"): "powers",
    ("discretion_standards", "power_code"): "powers",
    ("decisions", "power_code"): "powers",
    ("decisions", "discretion"): "discretion_standards",
    ("decisions", "inspection_item"): "inspection_items",
    ("decisions", "officers"): "personnel",
}


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


def field_columns(f: Field, prefix: str = "", label: str | None = None, doc: str | None = None) -> list[Column]:
    """The column(s) one scalar or flattened field becomes."""
    name = prefix + f.key
    label = label or f.label
    doc = doc or f.doc
    if f.type in TEXT_TYPES:
        return [Column(name, str, label, doc)]
    if f.type in ("int", "bool"):
        return [Column(name, int, label, doc + ("（1 是，0 否）" if f.type == "bool" else ""))]
    if f.type == "money":
        return [
            Column(f"{name}_yuan", str, label, doc + "以元为单位的精确金额，文本形式，如 2000.50。"),
            Column(f"{name}_fen", int, label.replace("（元）", "（分）"), "同一金额以分为单位的整数，求和、排序用此列可得精确结果。"),
        ]
    if f.type in JSON_TYPES:
        return [Column(name, str, label, doc + "（JSON 数组）", json=True)]
    if f.type == "object":
        return [c for sub in f.fields if not sub.private for c in field_columns(sub, name + "_")]
    raise AssertionError(f"{name}: {f.type} has no single column")


def field_values(f: Field, value: object, prefix: str = "") -> dict[str, object]:
    """The column values of one field, shaped as `field_columns` says."""
    name = prefix + f.key
    if f.type in TEXT_TYPES:
        return {name: None if value is None else (value.isoformat() if isinstance(value, date) else str(value))}
    if f.type in ("int", "bool"):
        return {name: None if value is None else int(value)}
    if f.type == "money":
        if value is None:
            return {f"{name}_yuan": None, f"{name}_fen": None}
        amount = Decimal(value)
        fen = amount * 100
        if fen != fen.to_integral_value():
            raise ValueError(f"{name}: {value} has more than two decimals")
        return {f"{name}_yuan": f"{amount:.2f}", f"{name}_fen": int(fen)}
    if f.type in JSON_TYPES:
        return {name: None if value is None else json.dumps([str(v) for v in value], ensure_ascii=False)}
    if f.type == "object":
        value = value or {}
        assert isinstance(value, dict)
        out: dict[str, object] = {}
        for sub in f.fields:
            if not sub.private:
                out.update(field_values(sub, value.get(sub.key), name + "_"))
        return out
    raise AssertionError(f"{name}: {f.type} has no single column")


# ---------------------------------------------------------------- rows

Rows = dict[str, list[dict]]


@dataclass(slots=True)
class Context:
    publication: Publication
    rows: Rows = field(default_factory=dict)
    ids: dict[str, set[str]] = field(default_factory=dict)  # table → primary keys, to fill foreign keys

    def url(self, path: str) -> str:
        base = self.publication.region.get("base_url")
        return urls.absolute(base, path) if base else path

    def add(self, table: str, row: dict) -> None:
        self.rows.setdefault(table, []).append(row)


def _item_id(dept: str, code: object) -> str:
    return f"{dept}/{code}"


def _record(ctx: Context, table: str, fields: Iterable[Field], rec: dict, dept: str, consumed: set[str],
            rename: dict[str, str] | None = None) -> dict:
    """Scalar and flattened columns of `rec`, with foreign keys for references; marks keys consumed."""
    row: dict[str, object] = {}
    for f in fields:
        if f.private or f.type == "objects":
            continue
        consumed.add(f.key)
        if (table, f.key) in REFERENCES and f.type == "codes":
            continue  # a link table
        values = field_values(f, rec.get(f.key))
        if rename and f.key in rename:
            values = {rename[f.key]: values[f.key]}
        row.update(values)
        target = REFERENCES.get((table, f.key))
        if target:
            value = rec.get(f.key)
            ref = _item_id(dept, value) if value is not None else None
            row[ref_column(f.key)] = ref if ref in ctx.ids.get(target, ()) else None
    return row


def _check_consumed(table: str, rec: dict, consumed: set[str]) -> None:
    for key in rec:
        if key not in consumed:
            raise UnmappedField(table, key)


def _children(ctx: Context, table: str, parent_col: str, parent_id: str, f: Field, items: list[dict] | None,
              rename: dict[str, str] | None = None, extra: Callable[[dict], dict] | None = None) -> None:
    for position, item in enumerate(items or [], start=1):
        row: dict[str, object] = {parent_col: parent_id, "position": position}
        for sub in f.fields:
            values = field_values(sub, item.get(sub.key))
            if rename and sub.key in rename:
                values = {rename[sub.key]: values[sub.key]}
            row.update(values)
        if extra:
            row.update(extra(item))
        _check_consumed(table, item, {s.key for s in f.fields})
        ctx.add(table, row)


def _region(ctx: Context) -> None:
    region = ctx.publication.region
    consumed: set[str] = set()
    row = _record(ctx, "region", REGION.fields, region, "", consumed)
    _check_consumed("region", region, consumed)
    row["as_of"] = ctx.publication.as_of.isoformat()
    ctx.add("region", row)


def _department(ctx: Context, dept: PublicDepartment) -> None:
    profile = dept.profile
    consumed = {"remedies"}
    row = {"slug": dept.slug}
    row.update(_record(ctx, "departments", DEPARTMENT.fields, profile, dept.slug, consumed))
    row["updated"] = field_values(DEPARTMENT.field("revised"), profile.get("revised"))["revised"]
    row["url"] = ctx.url(urls.department(dept.slug))
    _check_consumed("departments", profile, consumed)
    ctx.add("departments", row)
    _children(ctx, "department_remedies", "department", dept.slug, DEPARTMENT.field("remedies"), profile.get("remedies"))


def _lists(ctx: Context, dept: PublicDepartment) -> None:
    for name, plist in dept.lists.items():
        list_id = _item_id(dept.slug, name)
        revised = plist.revised.isoformat() if plist.revised else None
        ctx.add("lists", {
            "id": list_id, "department": dept.slug, "name": name, "label": plist.label,
            "revised": revised, "updated": revised, "url": ctx.url(urls.column(dept.slug, name)),
        })
        _children(ctx, "list_revisions", "list_id", list_id, REVISION, plist.revisions)


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


def _list_items(ctx: Context, spec: ListSpec) -> None:
    rename = {"id": CODE} if spec.key == "id" else None
    for dept in ctx.publication.departments:
        plist = dept.lists.get(spec.name)
        if plist is None:
            continue
        revised = plist.revised.isoformat() if plist.revised else None
        for item in plist.items:
            code = item[spec.key]
            item_id = _item_id(dept.slug, code)
            consumed = set(LIST_CHILDREN[spec.name])
            row = {"id": item_id, "department": dept.slug}
            row.update(_record(ctx, spec.name, spec.fields, item, dept.slug, consumed, rename))
            row["updated"] = revised
            row["url"] = ctx.url(urls.item(dept.slug, spec.name, str(code)))
            _check_consumed(spec.name, item, consumed)
            ctx.add(spec.name, row)
            for key, (child, parent_col) in LIST_CHILDREN[spec.name].items():
                f = spec.field(key)
                if child == "flowchart_steps":
                    _children(ctx, child, parent_col, item_id, f, item.get(key), rename={"id": CODE},
                              extra=lambda step, fid=item_id: {"id": f"{fid}/{step['id']}"})
                else:
                    _children(ctx, child, parent_col, item_id, f, item.get(key))
            for (lname, key), (link, parent_col) in LIST_LINKS.items():
                if lname == spec.name:
                    target = REFERENCES[(lname, key)]
                    _links(ctx, link, parent_col, item_id, dept.slug, key, ref_column(key), target, item.get(key))


def _links(ctx: Context, table: str, parent_col: str, parent_id: str, dept: str, code_col: str, id_col: str,
           target: str, codes: list | None) -> None:
    for position, code in enumerate(codes or [], start=1):
        ref = _item_id(dept, code)
        ctx.add(table, {
            parent_col: parent_id, "position": position, code_col: str(code),
            id_col: ref if ref in ctx.ids.get(target, ()) else None,
        })


DECISION_EXTRA = ("id", "slug", "department", "department_name", "year", "doc_year", "updated")


def _decisions(ctx: Context) -> None:
    fields = [f for f in DECISIONS.all_fields() if f.key not in ("withdrawal",)]
    for d in ctx.publication.decisions():
        consumed = set(DECISION_EXTRA)
        row = {
            "id": d["id"], "department": d["department"], "department_name": d["department_name"],
            "slug": d["slug"], "year": d["year"], "doc_year": d["doc_year"],
        }
        row.update(_record(ctx, "decisions", fields, d, d["department"], consumed))
        row["updated"] = d["updated"].isoformat()
        row["url"] = ctx.url(urls.decision(d["department"], d["slug"]))
        _check_consumed("decisions", d, consumed)
        _check_consumed("decisions.party", d["party"], {f.key for f in PARTY.fields if not f.private})
        ctx.add("decisions", row)
        _links(ctx, "decision_officers", "decision_id", d["id"], d["department"], "cert_no", "personnel_id",
               "personnel", d.get("officers"))


WITHDRAWAL_COLUMNS = (  # the notice's own keys, labelled from the standard
    Column("doc_no", str, DECISIONS.field("doc_no").label, DECISIONS.field("doc_no").doc),
    Column("kind", str, DECISIONS.field("kind").label, DECISIONS.field("kind").doc),
    Column("decision_date", str, DECISIONS.field("decision_date").label, DECISIONS.field("decision_date").doc),
    Column("withdrawal_date", str, "撤回" + WITHDRAWAL.sub("date").label, WITHDRAWAL.sub("date").doc),
    Column("withdrawal_kind", str, WITHDRAWAL.sub("kind").label, WITHDRAWAL.sub("kind").doc),
    Column("reason", str, WITHDRAWAL.sub("reason").label, WITHDRAWAL.sub("reason").doc),
    Column("document", str, WITHDRAWAL.sub("document").label, WITHDRAWAL.sub("document").doc),
)


def _text(value: object) -> str | None:
    if value is None:
        return None
    return value.isoformat() if isinstance(value, date) else str(value)


def _withdrawals(ctx: Context) -> None:
    keys = {"id", "slug", "department", "department_name", *(c.name for c in WITHDRAWAL_COLUMNS)}
    for w in ctx.publication.withdrawals():
        row = {"id": w["id"], "department": w["department"], "department_name": w["department_name"], "slug": w["slug"]}
        row.update({c.name: _text(w.get(c.name)) for c in WITHDRAWAL_COLUMNS})
        row["updated"] = w["withdrawal_date"].isoformat()
        row["url"] = ctx.url(urls.decision(w["department"], w["slug"]))
        _check_consumed("withdrawals", w, keys)
        ctx.add("withdrawals", row)


def rows(publication: Publication) -> Rows:
    """Every table's rows, in a fixed order: decisions newest first (their rowid order), the rest by key."""
    ctx = Context(publication)
    _region(ctx)
    for dept in publication.departments:
        _department(ctx, dept)
        _lists(ctx, dept)
    # referenced lists first, so foreign keys can be checked against them
    for spec in LIST_SPECS:
        ctx.ids[spec.name] = {
            _item_id(dept.slug, item[spec.key])
            for dept in publication.departments
            if spec.name in dept.lists
            for item in dept.lists[spec.name].items
        }
    for spec in LIST_SPECS:
        _list_items(ctx, spec)
    _decisions(ctx)
    _withdrawals(ctx)
    out: Rows = {}
    for table in TABLES:
        found = ctx.rows.get(table.name, [])
        if table.name != "decisions":
            found.sort(key=lambda r, pk=table.pk: tuple(r[k] for k in pk))
        out[table.name] = found
    return out


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
        cols = field_columns(f, label=label, doc=doc)
        if rename and f.key in rename:
            cols = [Column(rename[f.key], c.type, c.label, c.doc, c.json) for c in cols]
        out.extend(cols)
        target = REFERENCES.get((table, f.key))
        if target:
            out.append(Column(ref_column(f.key), str, label, f"对应 {target} 表的记录编号（{doc}）"))
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


def _child_table(name: str, label: str, parent_col: str, parent: str, f: Field, rename: dict[str, str] | None = None,
                 pk: tuple[str, ...] | None = None, first: tuple[Column, ...] = ()) -> Table:
    parent_column = Column(parent_col, str, "所属记录", f"对应 {parent} 表的记录编号。")
    cols = [c for sub in f.fields for c in field_columns(sub)]
    if rename:
        cols = [Column(rename.get(c.name, c.name), c.type, c.label, c.doc, c.json) for c in cols]
    return Table(name, label, f.doc, pk or (parent_col, "position"), (*first, parent_column, POSITION, *cols),
                 ((parent_col, parent),), ((parent_col,),) if pk else ())


def _link_table(name: str, label: str, parent_col: str, parent: str, code_col: Column, id_col: str, target: str) -> Table:
    return Table(
        name, label, f"{code_col.label}与{parent}表记录的对应关系，一行一项。", (parent_col, "position"),
        (Column(parent_col, str, "所属记录", f"对应 {parent} 表的记录编号。"), POSITION, code_col,
         Column(id_col, str, code_col.label, f"对应 {target} 表的记录编号；清单中没有该编号时为空。")),
        ((parent_col, parent), (id_col, target)),
        ((id_col,),),
    )


def _decisions_table() -> Table:
    fields = [f for f in DECISIONS.all_fields() if f.key != "withdrawal"]
    return Table(
        "decisions", DECISIONS.label,
        "正在公示期内的行政执法决定（已撤回、已过公示期和涉及未成年人的决定不在此表）。自然人当事人只显示姓氏。",
        ("id",),
        (ID, DEPARTMENT_SLUG, DEPARTMENT_NAME,
         Column("slug", str, "页面标识", "由文号生成的页面地址片段，如 泸市监罚-2024-39。"),
         Column("year", int, "决定年份", "决定日期所在的年份。"),
         Column("doc_year", int, "文号年份", "文号〔〕中的年份。"),
         *_cols(DECISIONS, fields, "decisions"), UPDATED, URL),
        (("department", "departments"), *_fks("decisions", (f.key for f in fields if f.type != "codes"))),
        (("department", "decision_date"), ("department", "year"), ("kind", "decision_date"), ("decision_date",),
         ("year",), ("party_uscc",), ("party_kind",), ("doc_no",), ("updated",)),
        "doc_no",
    )


def _withdrawals_table() -> Table:
    return Table(
        "withdrawals", "撤回公告",
        "被撤销、确认违法或无效、变更或要求重新作出而撤下的决定，只公开撤回信息，不再公开原决定内容和当事人。",
        ("id",),
        (ID, DEPARTMENT_SLUG, DEPARTMENT_NAME,
         Column("slug", str, "页面标识", "由文号生成的页面地址片段；撤回公告在原决定的页面地址上发布。"),
         *WITHDRAWAL_COLUMNS, UPDATED, URL),
        (("department", "departments"),),
        (("department", "withdrawal_date"), ("withdrawal_date",), ("doc_no",)),
        "doc_no",
    )


def _tables() -> tuple[Table, ...]:
    region_cols = (*_cols(REGION, REGION.fields, "region"),
                   Column("as_of", str, "数据日期", "本库按哪一天的公示状态生成（YYYY-MM-DD）。"))
    dept_cols = (Column("slug", str, "目录名", "执法主体在数据目录和网址中的标识，如 shijianju。"),
                 *_cols(DEPARTMENT, DEPARTMENT.fields, "departments"), UPDATED, URL)
    return (
        Table("region", REGION.label, "本库覆盖的行政区域、公示网站，以及按哪一天的公示状态生成。", ("code",), region_cols),
        Table("departments", DEPARTMENT.label, DEPARTMENT.doc, ("slug",), dept_cols, label_column="name"),
        _child_table("department_remedies", DEPARTMENT.field("remedies").label, "department", "departments",
                     DEPARTMENT.field("remedies")),
        Table("lists", "清单", "各部门的事前公开清单及其最近修订日期。", ("id",),
              (ID, DEPARTMENT_SLUG,
               Column("name", str, "清单", "清单的英文名，即对应的表名，如 powers。"),
               Column("label", str, "清单名称", "清单的中文名称。"),
               Column("revised", str, "最近修订日期", "清单最近一次调整的日期。"), UPDATED, URL),
              (("department", "departments"),), (("department",),), "label"),
        _child_table("list_revisions", REVISION.label, "list_id", "lists", REVISION),
        _list_table(POWERS, (("type",),)),
        _child_table("power_basis", POWERS.field("basis").label, "power_id", "powers", POWERS.field("basis")),
        _link_table("power_discretion", POWERS.field("discretion").label, "power_id", "powers",
                    Column("discretion", str, DISCRETION_STANDARDS.field("id").label, DISCRETION_STANDARDS.field("id").doc),
                    "discretion_id", "discretion_standards"),
        _list_table(INSPECTION_ITEMS),
        _child_table("inspection_item_basis", INSPECTION_ITEMS.field("basis").label, "inspection_item_id",
                     "inspection_items", INSPECTION_ITEMS.field("basis")),
        _list_table(PERSONNEL, (("cert_no",), ("status",))),
        _list_table(SERVICE_GUIDES),
        _child_table("service_guide_materials", SERVICE_GUIDES.field("materials").label, "guide_id", "service_guides",
                     SERVICE_GUIDES.field("materials")),
        _list_table(FLOWCHARTS),
        _child_table("flowchart_steps", FLOWCHARTS.field("steps").label, "flowchart_id", "flowcharts",
                     FLOWCHARTS.field("steps"), rename={"id": CODE}, pk=("id",),
                     first=(Column("id", str, "记录编号", "流程图记录编号/环节编号。"),)),
        _list_table(DISCRETION_STANDARDS),
        _child_table("discretion_levels", DISCRETION_STANDARDS.field("levels").label, "standard_id",
                     "discretion_standards", DISCRETION_STANDARDS.field("levels")),
        _decisions_table(),
        _link_table("decision_officers", DECISIONS.field("officers").label, "decision_id", "decisions",
                    Column("cert_no", str, PERSONNEL.field("cert_no").label, PERSONNEL.field("cert_no").doc),
                    "personnel_id", "personnel"),
        _withdrawals_table(),
    )


TABLES: tuple[Table, ...] = _tables()
BY_NAME = {t.name: t for t in TABLES}
