"""The data dictionary page, generated from gongshi.standard so it cannot drift from the data.

Labels and descriptions come from the standard verbatim; only the Chinese
names of the field types and the publication status are added here.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..standard import ALL_SPECS, DECISIONS, LIST_HEADER, Field, ListSpec

TYPE_LABELS = {
    "str": "文本（单行）",
    "text": "文本（可多行）",
    "code": "编号",
    "date": "日期（YYYY-MM-DD）",
    "int": "整数",
    "money": "金额（元）",
    "bool": "是/否",
    "enum": "选项（单选）",
    "enums": "选项（多选）",
    "strs": "文本列表",
    "codes": "编号列表",
    "uscc": "统一社会信用代码",
    "docno": "文书文号",
    "region": "行政区划代码",
    "url": "网址",
    "phone": "办公电话",
    "object": "对象",
    "objects": "对象列表",
}

# Fields whose publication is more than yes/no; the rules live in gongshi.publicity.
PUBLICATION_NOTES = {
    ("decisions", "party.name"): "公开；自然人只显示姓氏，名字以“某”代替",
    ("decisions", "withdrawal"): "不公开原决定内容；公开撤回公告（类型、日期、原因、依据文书）",
    ("decisions", "withdrawal.date"): "在撤回公告中公开",
    ("decisions", "withdrawal.kind"): "在撤回公告中公开",
    ("decisions", "withdrawal.reason"): "在撤回公告中公开",
    ("decisions", "withdrawal.document"): "在撤回公告中公开",
}


@dataclass(frozen=True, slots=True)
class Row:
    key: str  # dotted path, e.g. party.name
    depth: int
    field: Field
    type_label: str
    kinds: tuple[str, ...]  # decision kinds the field applies to; () = all
    published: str


@dataclass(frozen=True, slots=True)
class Table:
    spec: ListSpec
    header: list[Row]  # the list file's header (最近修订日期, 修订记录)
    rows: list[Row]  # the fields of each item (or of the file, for region and department)


def _rows(spec: ListSpec, fields: tuple[Field, ...], kinds: tuple[str, ...], prefix: str = "", depth: int = 0) -> list[Row]:
    out = []
    for f in fields:
        key = prefix + f.key
        type_label = TYPE_LABELS[f.type]
        if f.choices:
            type_label += "：" + "、".join(f.choices)
        published = PUBLICATION_NOTES.get((spec.name, key)) or ("不公开" if f.private else "公开")
        out.append(Row(key, depth, f, type_label, kinds, published))
        if f.fields:
            out.extend(_rows(spec, f.fields, kinds, key + ".", depth + 1))
    return out


def tables() -> list[Table]:
    result = []
    for spec in ALL_SPECS:
        header = _rows(spec, LIST_HEADER, ()) if spec.is_list and spec is not DECISIONS else []
        rows = _rows(spec, spec.fields, ())
        for kind, extra in spec.kinds.items():
            rows.extend(_rows(spec, extra, (kind,)))
        result.append(Table(spec, header, _merge_kinds(rows)))
    return result


def _merge_kinds(rows: list[Row]) -> list[Row]:
    """A kind-specific key shared by several kinds (basis, content …) is listed once per meaning."""
    merged: dict[tuple[str, str, str], Row] = {}
    for row in rows:
        k = (row.key, row.field.label, row.field.doc)
        if k in merged and row.kinds:
            prev = merged[k]
            merged[k] = Row(prev.key, prev.depth, prev.field, prev.type_label, prev.kinds + row.kinds, prev.published)
        else:
            merged[k] = row
    return list(merged.values())


@dataclass(frozen=True, slots=True)
class OpenDataColumns:
    """The open data's tables as the dictionary shows them, and which columns each YAML key becomes.

    Taken from gongshi.catalog.TABLES (each column names the list and key it
    comes from), so the names journalists meet in the API and the CSV files
    (party_name, fine_yuan, fine_fen, department_name, url, updated …) stand
    next to the keys editors write, and cannot drift from the database.
    """

    tables: list  # catalog.Table objects, in the database's order
    by_source: dict[tuple[str, str], list[str]]  # (list, dotted key) → ["table.column", …]

    def of(self, list_name: str, key: str) -> list[str]:
        return self.by_source.get((list_name, key), [])

    @staticmethod
    def type_label(column: object) -> str:
        if getattr(column, "json", False):
            return "文本（JSON 数组）"
        return "整数" if getattr(column, "type", str) is int else "文本"


def open_data_columns(tables: list) -> OpenDataColumns:
    by_source: dict[tuple[str, str], list[str]] = {}
    for table in tables:
        for column in table.columns:
            if column.source is not None:
                by_source.setdefault(tuple(column.source), []).append(f"{table.name}.{column.name}")
    return OpenDataColumns(tables, by_source)
