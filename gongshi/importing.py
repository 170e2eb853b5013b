"""Rows of a department's spreadsheet, in the national 双公示 columns or its own, appended as decisions.

Every row is checked with the same rules `gongshi validate` applies, by validating the department as it would
be after the import (a copy of its folder with the rows appended); a problem is then told by the row and column
the editor sees. Nothing is written while any row fails, unless the editor asks for the good rows only. The
rows are appended to `decisions/<year>.yaml` as text, so the file's own text and comments stay as they were.
"""

from __future__ import annotations

import os
import re
import shutil
import stat
import tempfile
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

from . import appending, files, national, spreadsheet
from . import load as loader
from .cells import Bad
from .cells import text as cell_text
from .cells import value as cell_value
from .identifiers import IdentifierError, normal, normalise_doc_no
from .national import LICENSING, Column
from .problems import ERROR, WARNING
from .standard import DECISIONS, NATURAL_PERSON, PARTY, REFUSED, SOLE_TRADER, WITHDRAWAL
from .timelimits import Rules, withheld
from .yamlfile import Unreadable, read_yaml

HEADER_ROWS = 30  # a header is looked for in the first rows (titles and notes may stand above it)


class ImportError_(Exception):  # noqa: N801 - not the builtin
    """The file as a whole cannot be imported; `problems` say why."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


class BadMapping(Exception):
    """The mapping file is not what `Mapping.read` expects; the message says what."""


@dataclass(slots=True)
class RowProblem:
    row: int
    column: str
    message: str
    severity: str = ERROR

    def format(self, file: str) -> str:
        prefix = "[警告] " if self.severity == WARNING else ""
        if not self.row:  # not one row's: the department's, once the rows are in
            return f"{file}（{self.column}）：{prefix}{self.message}"
        return f"{file} 第 {self.row} 行（{self.column}）：{prefix}{self.message}"


@dataclass(slots=True)
class Mapping:
    """A department's own sheet: its column names → the national (or GS_) codes, its amounts' unit, and
    values every row shares (a sheet without a 事项编码 column, say)."""

    kind: str | None = None
    columns: dict[str, str] = field(default_factory=dict)
    yuan: bool | None = None  # amounts in 元 (True) or 万元 (False); None: as each header says
    values: dict[str, str] = field(default_factory=dict)
    words: dict[str, dict[str, str]] = field(default_factory=dict)  # a column → the department's word → the standard's

    @classmethod
    def read(cls, path: Path) -> Mapping:
        try:
            data = read_yaml(path).data
        except Unreadable as e:
            raise BadMapping(e.problem.message) from None
        if not isinstance(data, dict) or not set(data) <= {"kind", "columns", "amounts_in", "values", "words"}:
            raise BadMapping("应为含 kind、columns、amounts_in、values、words 的映射")
        errors = []
        kind = data.get("kind")
        if kind is not None and kind not in national.KINDS:
            errors.append(f"kind 应为 {' 或 '.join(national.KINDS)}")
            kind = None
        unit = data.get("amounts_in")
        if unit not in (None, "万元", "元"):
            errors.append("amounts_in 应为 万元 或 元")
            unit = None
        out = cls(kind, {}, None if unit is None else unit == "元", {})
        for key in ("columns", "values"):
            section = data.get(key) or {}
            if not isinstance(section, dict):
                errors.append(f"{key} 应为“名称: 代码”的映射")
                continue
            for k, v in section.items():
                if not isinstance(v, (str, int, float, date)) or isinstance(v, bool):
                    errors.append(f"{key} 中“{k}”的值应为文字")
                    continue
                target = str(v) if key == "columns" else str(k)
                column = _column(kind, target)
                if column is None:
                    errors.append(f"{key} 中“{k}”对应的“{target}”不是双公示字段的代码或名称，如 CF_WSH 或 行政处罚决定书文号")
                elif key == "columns":
                    out.columns[str(k)] = target  # resolved for the sheet's kind (行政相对人名称: CF_ or XK_)
                else:
                    out.values[target] = str(v)
        words = data.get("words") or {}
        for target, table in words.items() if isinstance(words, dict) else ():
            column = _column(kind, str(target))
            if column is None or not (column.names or column.type == "bool") or not isinstance(table, dict):
                errors.append(f"words 中“{target}”应为有可选值的双公示字段（如 CF_XDR_LB），其下写“本部门的取值: 标准取值”")
                continue
            for theirs, ours in table.items():
                if not isinstance(ours, str) or (national.name_of(column, ours) is None and ours not in national.YES_NO):
                    errors.append(f"words 中 {target} 的“{theirs}”应对应一个标准取值，如 {'、'.join(column.names[:3]) or '是、否'}")
            out.words[str(target)] = {str(k): str(v) for k, v in table.items()}
        if not isinstance(words, dict):
            errors.append("words 应为“字段: {本部门的取值: 标准取值}”的映射")
        if errors:
            raise BadMapping("；".join(errors))
        return out


def _column(kind: str | None, target: str) -> Column | None:
    """The column a mapping's code or name stands for, in the mapping's kind or (not given) either kind."""
    for each in (kind,) if kind else national.KINDS:
        column = national.lookup(each, target)
        if column is not None:
            return column
    return None


@dataclass(slots=True)
class Plan:
    """What an import would do: the rows it adds, per file, and what it found."""

    kind: str
    rows: int = 0  # data rows read
    added: dict[Path, list[int]] = field(default_factory=dict)  # file → the rows appended to it
    texts: dict[Path, bytes] = field(default_factory=dict)  # file → its bytes after the import
    existing: list[tuple[int, str]] = field(default_factory=list)  # rows whose 文号 is already there
    deleted: list[int] = field(default_factory=list)  # rows marked 删除 (公示状态 2): not decisions to add
    withheld: list[int] = field(default_factory=list)  # rows added that the rules keep from publication
    problems: list[RowProblem] = field(default_factory=list)
    bad: list[int] = field(default_factory=list)  # rows with an error (left out with --skip-bad)

    @property
    def errors(self) -> list[RowProblem]:
        return [p for p in self.problems if p.severity == ERROR]

    @property
    def fatal(self) -> bool:
        """An error of the file or of the department, not of one row: nothing is written, even with --skip-bad."""
        return any(p.severity == ERROR and not p.row for p in self.problems)

    @property
    def count(self) -> int:
        return sum(len(rows) for rows in self.added.values())


# ---------------------------------------------------------------- the header


@dataclass(slots=True)
class Layout:
    kind: str
    columns: dict[int, tuple[Column, str, bool | None]]  # index → (column, header as written, amounts in 元)
    first_data: int  # index into table.rows
    ignored: list[str] = field(default_factory=list)  # headers that name no column
    # the mapping for this kind, by column code: values every row shares (with where they come from), and the
    # department's own words for a column's values
    constants: dict[str, tuple[str, str]] = field(default_factory=dict)
    words: dict[str, dict[str, str]] = field(default_factory=dict)
    # fields the sheet has a GS_ column for: it wins over a national column derived from the same field
    own: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.own = {c.field for c, _, _ in self.columns.values() if c.code.startswith("GS_") and c.field}


def layout(table: spreadsheet.Table, mapping: Mapping) -> Layout:
    """Find the header row (a title or a two-row header with merged cells may stand above it)."""
    best: tuple[int, int, str, dict] | None = None
    for i, (_, cells) in enumerate(table.rows[:HEADER_ROWS]):
        above = _spread(table, i - 1) if i else []
        for kind in (mapping.kind,) if mapping.kind else national.KINDS:
            found = _recognise(cells, above, kind, mapping)
            if len(found) >= 3 and (best is None or len(found) > best[0]):
                best = (len(found), i, kind, found)
    if best is None:
        raise ImportError_(["找不到表头：前 30 行中没有一行含有双公示字段（如 CF_WSH 或 行政处罚决定书文号）；请保留表头，或用 --mapping 说明本部门的列名"])
    _, i, kind, found = best
    first = i + 1
    while first < len(table.rows) and len(_recognise(table.rows[first][1], [], kind, mapping)) * 2 >= len(found):
        first += 1  # a second header row (the codes under the names)
    taken: dict[str, str] = {}
    problems = []
    for column, header, _ in found.values():
        if column.code in taken:
            problems.append(f"“{taken[column.code]}”和“{header}”两列都是 {column.code}（{column.label}）；请删去一列")
        taken[column.code] = header
    if problems:
        raise ImportError_(problems)
    cells = [_cell_text(c) for c in table.rows[i][1]]
    above = _spread(table, i - 1) if i else []
    width = max(len(cells), len(above))
    texts = [(cells[j] if j < len(cells) else "") or (above[j] if j < len(above) else "") for j in range(width)]
    ignored = [text for j, text in enumerate(texts) if j not in found and text and text not in texts[:j]]
    constants = {c.code: (value, f"映射 values.{target}") for target, value in mapping.values.items()
                 if (c := national.lookup(kind, target)) is not None}
    words = {c.code: table for target, table in mapping.words.items() if (c := national.lookup(kind, target)) is not None}
    return Layout(kind, found, first, ignored, constants, words)


def _spread(table: spreadsheet.Table, i: int) -> list[str]:
    """Row i's cells, each merged cell's text repeated across the columns it spans (a group header)."""
    number, cells = table.rows[i]
    out = [_cell_text(c) for c in cells]
    for (r0, c0), (r1, c1) in table.merged:
        if r0 <= number - 1 <= r1 and c0 < len(out):
            for c in range(c0 + 1, min(c1 + 1, len(out))):
                out[c] = out[c] or out[c0]
    return out


def _recognise(cells: list[object], above: list[str], kind: str, mapping: Mapping) -> dict[int, tuple[Column, str, bool]]:
    found = {}
    for j, cell in enumerate(cells):
        header = _cell_text(cell)
        group = above[j] if j < len(above) else ""
        for name in (header, group + header, group) if group else (header,):
            column = national.lookup(kind, mapping.columns.get(name, name))
            if column is not None:
                yuan = national.in_yuan(name) if mapping.yuan is None else mapping.yuan
                found[j] = (column, name, yuan if column.type == "wan" else False)
                break
    return found


def _cell_text(cell: object) -> str:
    return "" if cell is None else str(cell).strip()


# ---------------------------------------------------------------- rows → decisions

_LARGE_YUAN = 10_000_000  # 1,000 万元: more than most fines, and what 1,000 元 typed into a 万元 column becomes

_KEY_ORDER = {f.key: i for i, f in enumerate(DECISIONS.all_fields())}
_PARTY_ORDER = {f.key: i for i, f in enumerate(PARTY.fields)}
_WITHDRAWAL_ORDER = {f.key: i for i, f in enumerate(WITHDRAWAL.fields)}


@dataclass(slots=True)
class Row:
    number: int
    record: dict
    fields: dict[str, str]  # field path → the header it came from, for problems
    status: str = national.SHOWN


def record_of(number: int, cells: list[object], lay: Layout, mapping: Mapping, problems: list[RowProblem]) -> Row:
    """One row as a decision (kind-specific fields included); cells that cannot be read are reported and left out."""
    raw: dict[str, tuple[object, str, bool]] = {}
    for j, (column, header, yuan) in lay.columns.items():
        raw[column.code] = (cells[j] if j < len(cells) else None, header, yuan)
    by_code = national.BY_CODE[lay.kind]
    for code, (constant, where) in lay.constants.items():
        raw.setdefault(code, (constant, where, mapping.yuan))
    status = national.SHOWN
    fields: dict[str, str] = {}
    values: dict[str, object] = {}
    for code, (cell, header, yuan) in raw.items():
        column = by_code[code]
        try:
            v = cell_value(column, cell, yuan, lay.words.get(code))
        except Bad as e:
            problems.append(RowProblem(number, header, str(e)))
            if column.field:  # reported: the validator's word on it is not repeated
                fields[f"!{column.field}"] = header
            continue
        if code == "GS_GSZT":
            status = v or national.SHOWN
            continue
        if column.field is None or v is None:
            if column.field:
                fields.setdefault(column.field, header)
            continue
        if not code.startswith("GS_") and column.field in lay.own:
            continue  # the sheet has gongshi's own column for it, empty or not: that one says what was kept
        values[column.field] = v
        fields[column.field] = header
        if column.type == "wan" and yuan is False and v >= _LARGE_YUAN:
            problems.append(RowProblem(number, header, f"{cell_text(cell, column)} 万元即 {v:,} 元；金额按万元填写，如按元填写请把列名改为“{column.label.replace('万元', '元')}”", WARNING))
    # without GS_CFYXQ, a CF_YXQ equal to the publicity end is the export's stand-in for "no validity of its own"
    if values.get("penalty_until") is not None and values.get("penalty_until") == values.get("publicity_until") \
            and "penalty_until" not in lay.own:
        del values["penalty_until"]
    rec: dict = {"kind": lay.kind}
    party: dict = {}
    withdrawal: dict = {}
    for path, v in values.items():
        head, _, rest = path.partition(".")
        if head == "party":
            party[rest] = v
        elif head == "withdrawal":
            withdrawal[rest] = v
        else:
            rec[head] = v
    if "party.legal_rep" in fields:  # the national 法定代表人: a sole trader's is its 经营者, a person has none
        fields["party.operator"] = fields["party.legal_rep"]
    if "legal_rep" in party:
        if party.get("kind") == SOLE_TRADER:
            party["operator"] = party.pop("legal_rep")
        elif party.get("kind") == NATURAL_PERSON:
            del party["legal_rep"]
    if status == national.WITHDRAWN and not withdrawal:
        problems.append(RowProblem(number, fields.get("withdrawal.date", "公示状态"), "公示状态为撤销，但没有填写撤回生效日期、撤回类型、撤销原因和撤回依据文书"))
    if withdrawal:
        rec["withdrawal"] = dict(sorted(withdrawal.items(), key=lambda kv: _WITHDRAWAL_ORDER[kv[0]]))
    if party:
        rec["party"] = dict(sorted(party.items(), key=lambda kv: _PARTY_ORDER[kv[0]]))
    if "conclusion" not in rec and "!conclusion" not in fields:
        if lay.kind == LICENSING:
            rec["conclusion"] = "不予行政许可" if rec.get("outcome") == REFUSED else "准予行政许可"
        elif rec.get("content"):
            rec["conclusion"] = rec["content"]
    rec = dict(sorted(rec.items(), key=lambda kv: _KEY_ORDER.get(kv[0], -1)))
    return Row(number, rec, fields, status)


# ---------------------------------------------------------------- the import


def plan(
    file: Path,
    datasets: Path,
    slug: str,
    as_of: date,
    mapping: Mapping | None = None,
    skip_bad: bool = False,
) -> Plan:
    """Read, check and lay out an import without writing anything (see `write`)."""
    mapping = mapping or Mapping()
    if not datasets.is_dir():
        raise loader.DatasetsMissing(str(datasets))
    folder = datasets / slug
    if not (folder / "department.yaml").is_file():
        raise ImportError_([f"找不到部门目录 {folder}（或其中的 department.yaml）；请核对 --department，新的执法主体请先用 gongshi new-department 创建"])
    table = spreadsheet.read(file)
    lay = layout(table, mapping)
    result = Plan(lay.kind)
    dept, rules = _department(datasets, slug, as_of)
    missing = _missing_columns(lay, dept)
    for column in missing:  # reported once for the file, not again on every row
        result.problems.append(RowProblem(0, column.label, f"缺少必填列 {column.code}（{column.label}）；请在表头加上这一列并逐行填写"))
    for column, header, yuan in lay.columns.values():
        if column.type == "wan" and yuan is None:
            result.problems.append(RowProblem(0, header, f"列名没有写明金额单位；请改为“{header}（元）”或“{header}（万元）”，或在映射文件中写 amounts_in: 元"))
    for header in lay.ignored:
        result.problems.append(RowProblem(0, header, "不是双公示字段，也不在映射文件中，整列未导入；需要导入的请改用模板中的列名或在映射文件中对应", WARNING))
    existing = {normal(d["doc_no"]): d for d in dept.decisions}
    rows: list[Row] = []
    seen_here: dict[str, int] = {}
    for number, cells in table.rows[lay.first_data:]:
        result.rows += 1
        row_problems: list[RowProblem] = []
        row = record_of(number, cells, lay, mapping, row_problems)
        row.fields.update({f"!{c.field}": c.label for c in missing})
        _fill_power(row, dept, lay.kind)
        if row.status == national.DELETED:
            result.deleted.append(number)
            continue
        doc_no = row.record.get("doc_no")
        key = _doc_key(doc_no)
        if key and key in existing:
            result.existing.append((number, doc_no))
            differs = _differs(row.record, existing[key])
            if differs:
                src = existing[key]["_src"][0]
                result.problems.append(RowProblem(number, row.fields.get("doc_no", "文号"), (
                    f"文号“{doc_no}”已在 {src} 中，但表中的{'、'.join(differs)}与已有记录不同，未导入；"
                    f"更正请直接修改 {src} 中的记录并填写 corrected（更正日期）"), WARNING))
            continue
        if key and key in seen_here:
            row_problems.append(RowProblem(number, row.fields.get("doc_no", "文号"), f"文号“{doc_no}”与第 {seen_here[key]} 行重复；同一决定只填一行"))
            row.fields["!doc_no"] = row.fields.get("doc_no", "文号")
        elif key:
            seen_here[key] = number
        result.problems.extend(row_problems)
        rows.append(row)
    result.problems.extend(_check(datasets, slug, as_of, rows))  # every row's problems, even beside a file's
    bad = {p.row for p in result.problems if p.severity == ERROR}
    result.bad = sorted(bad - {0})
    if result.fatal:  # a missing column, an amount without its unit, the region's own error: no row can be right
        rows = []
    elif bad and skip_bad:
        good = [r for r in rows if r.number not in bad]
        again = _check(datasets, slug, as_of, good)
        if any(p.severity == ERROR for p in again):  # a good row failing only beside a bad one: keep none
            result.problems.extend(again)
            good = []
        rows = good
    elif bad:
        rows = []
    result.problems.sort(key=lambda p: (p.row, p.severity != ERROR))
    result.withheld = [r.number for r in rows if withheld(r.record, rules)]
    for name, group in _by_file(rows, as_of).items():
        path = folder / "decisions" / name
        heading = f"# {dept.name} {name.removesuffix('.yaml')} 年行政执法决定（事后公开）\n# 自然人证件信息只采集、不公开；撤回的决定保留原记录并填写 withdrawal。"
        result.texts[path] = _append(path, [r.record for r in group], heading)[0]
        result.added[path] = [r.number for r in group]
    return result


def _doc_key(doc_no: object) -> str | None:
    if not isinstance(doc_no, str):
        return None
    try:
        return normal(normalise_doc_no(doc_no))
    except IdentifierError:
        return normal(doc_no)


def _department(datasets: Path, slug: str, as_of: date) -> tuple[loader.Department, Rules]:
    """The department as it is, which must be valid: rows are checked against it (its powers, officers, 文号)."""
    with tempfile.TemporaryDirectory(prefix="gongshi-import-") as tmp:
        root = Path(tmp) / "datasets"
        root.mkdir()
        for name in ("region.yaml", slug):
            _link(datasets / name, root / name)
        report = loader.validate(root, as_of)
    errors = report.errors
    if errors or report.dataset is None or not report.dataset.departments:
        shown = "；".join(p.format(root) for p in errors[:5])
        raise ImportError_([f"部门目录 {datasets / slug} 中已有 {len(errors)} 个错误，请先改正（gongshi validate {datasets}）：{shown}"])
    return report.dataset.departments[0], Rules.of(report.dataset.region)


def _differs(new: dict, old: dict) -> list[str]:
    """The labels of the fields a row gives otherwise than the record already kept."""
    out = []
    for key, value in new.items():
        if key in ("kind", "doc_no", "conclusion"):
            continue
        kept = old.get(key)
        if isinstance(value, dict) and isinstance(kept, dict):
            if any(kept.get(k) != v for k, v in value.items()):
                out.append(DECISIONS.field(key).label)
        elif kept != value and not (isinstance(value, (int, Decimal)) and kept == Decimal(value)):
            out.append(DECISIONS.field(key).label)
    return out


def _link(src: Path, dst: Path) -> None:
    """A copy made of hard links (the validator only reads; an appended file is written as a new file)."""
    if src.is_dir():
        shutil.copytree(src, dst, symlinks=True, copy_function=os.link)
    elif src.exists():
        os.link(src, dst)


def _missing_columns(lay: Layout, dept: loader.Department) -> list[Column]:
    have = {c.field for c, _, _ in lay.columns.values()} | {national.BY_CODE[lay.kind][code].field for code in lay.constants}
    out = []
    for column in national.COLUMNS[lay.kind]:
        if column.required == "Y" and column.field and not column.derived and column.field not in have:
            if column.field == "power_code" and len(_powers(dept, lay.kind)) == 1:
                continue
            out.append(column)
    return out


def _powers(dept: loader.Department, kind: str) -> list[str]:
    return [str(p["code"]) for p in dept.items("powers") if p.get("type") == kind]


def _fill_power(row: Row, dept: loader.Department, kind: str) -> None:
    if "power_code" not in row.record:
        codes = _powers(dept, kind)
        if len(codes) == 1:  # a department with one power of the kind: no column needed
            row.record = {**row.record, "power_code": codes[0]}
            row.record = dict(sorted(row.record.items(), key=lambda kv: _KEY_ORDER.get(kv[0], -1)))


def _check(datasets: Path, slug: str, as_of: date, rows: list[Row]) -> list[RowProblem]:
    """The rows' problems as `gongshi validate` finds them in the region with the rows appended (the checks
    across departments included: a 文号 or a 机关代字 of another department)."""
    if not rows:
        return []
    with tempfile.TemporaryDirectory(prefix="gongshi-import-") as tmp:
        root = Path(tmp) / "datasets"
        root.mkdir()
        for entry_ in datasets.iterdir():
            if not entry_.name.startswith("."):
                _link(entry_, root / entry_.name)
        folder = root / slug
        where: dict[tuple[str, int], Row] = {}  # (file name, item index) → row
        for name, group in _by_file(rows, as_of).items():
            path = folder / "decisions" / name
            data, count = _append(path, [r.record for r in group], "")
            path.parent.mkdir(exist_ok=True)
            files.write(path, data)  # a new file: the hard-linked original keeps its bytes
            for i, row in enumerate(group):
                where[(name, count + i)] = row
        report = loader.validate(root, as_of)
    out = []
    for p in report.problems:
        index = p.where[1] if len(p.where) > 1 and p.where[0] == "items" and isinstance(p.where[1], int) else None
        mine = p.file.parent.name == "decisions" and p.file.parent.parent.name == slug
        row = where.get((p.file.name, index)) if index is not None and mine else None
        if row is None:
            if p.severity == ERROR:  # the region's own problem, which this import cannot fix
                out.append(RowProblem(0, p.field, f"{p.format(root)}"))
            continue
        path = ".".join(str(k) for k in p.where[2:] if isinstance(k, str))
        if f"!{path}" in row.fields:
            continue  # already reported as the cell it came from
        column = row.fields.get(path) or p.field
        out.append(RowProblem(row.number, column, _in_columns(f"{p.message}；{p.hint}", row.fields), p.severity))
    return out


def _in_columns(text: str, fields: dict[str, str]) -> str:
    """The validator's message with the YAML keys it names (party.uscc, fine) as the sheet's column names."""
    def column(m: re.Match[str]) -> str:
        key = m.group(0)
        header = fields.get(key) or fields.get(f"party.{key}") or fields.get(f"withdrawal.{key}")
        return f"“{header}”列" if header else key

    text = re.sub(r"(?<![A-Za-z_.])[a-z_]+(?:\.[a-z_]+)?(?![A-Za-z_.])", column, text)
    return text.replace("以元为单位的罚款金额", "罚款金额").replace("以元为单位的没收金额", "没收金额")


def _by_file(rows: list[Row], as_of: date) -> dict[str, list[Row]]:
    out: dict[str, list[Row]] = {}
    for row in rows:
        day = row.record.get("decision_date")
        year = day.year if isinstance(day, date) else as_of.year
        out.setdefault(f"{year}.yaml", []).append(row)
    return out


def _append(path: Path, records: list[dict], heading: str) -> tuple[bytes, int]:
    try:
        return appending.file_bytes(path, records, heading)
    except appending.NotAppendable:
        raise ImportError_([f"{path} 的 items 不是逐行列出的清单，无法在末尾追加；请把它改为 items: 下每项以“  - ”开头的写法"]) from None


def write(result: Plan) -> None:
    """Every file whole or not at all, and all of them or none: each is written beside itself first, then all
    are renamed into place (a rename does not fail for want of space), keeping each file's mode."""
    staged: list[tuple[Path, Path]] = []
    try:
        for path, data in result.texts.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(f".{path.name}.import-{os.getpid()}")
            mode = stat.S_IMODE(path.stat().st_mode) if path.exists() else None
            files.replace(tmp, data, mode)
            staged.append((tmp, path))
    except BaseException:
        for tmp, _ in staged:
            tmp.unlink(missing_ok=True)
        raise
    for tmp, path in staged:
        os.replace(tmp, path)
