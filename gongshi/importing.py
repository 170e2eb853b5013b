"""Rows of a department's spreadsheet, in the national 双公示 columns or its own, appended as decisions.

Every row is checked with the same rules `gongshi validate` applies, by validating the department as it would
be after the import (a copy of its folder with the rows appended); a problem is then told by the row and column
the editor sees. Nothing is written while any row fails, unless the editor asks for the good rows only. The
rows are appended to `decisions/<year>.yaml` as text, so the file's own text and comments stay as they were.
"""

from __future__ import annotations

import json
import re
import shutil
import stat
import tempfile
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from pathlib import Path

from . import files, national, spreadsheet
from . import load as loader
from .identifiers import IdentifierError, normal, normalise_doc_no
from .national import LICENSING, Column
from .problems import ERROR, WARNING
from .standard import DECISIONS, LONG_TERM, NATURAL_PERSON, PARTY, REFUSED, SOLE_TRADER, WITHDRAWAL
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
    yuan: bool = False
    values: dict[str, str] = field(default_factory=dict)

    @classmethod
    def read(cls, path: Path) -> Mapping:
        try:
            data = read_yaml(path).data
        except Unreadable as e:
            raise BadMapping(e.problem.message) from None
        if not isinstance(data, dict) or not set(data) <= {"kind", "columns", "amounts_in", "values"}:
            raise BadMapping("应为含 kind、columns、amounts_in、values 的映射")
        kind = data.get("kind")
        if kind is not None and kind not in national.KINDS:
            raise BadMapping(f"kind 应为 {' 或 '.join(national.KINDS)}")
        unit = data.get("amounts_in", "万元")
        if unit not in ("万元", "元"):
            raise BadMapping("amounts_in 应为 万元 或 元")
        out = cls(kind, {}, unit == "元", {})
        for key in ("columns", "values"):
            section = data.get(key) or {}
            if not isinstance(section, dict):
                raise BadMapping(f"{key} 应为“名称: 代码”的映射")
            for k, v in section.items():
                if not isinstance(v, (str, int, float, date)) or isinstance(v, bool):
                    raise BadMapping(f"{key} 中“{k}”的值应为文字")
                getattr(out, key)[str(k)] = str(v) if key == "values" or not isinstance(v, str) else v
        codes = {c.code for kind in national.KINDS for c in national.COLUMNS[kind]}
        for theirs, code in [*out.columns.items(), *((c, c) for c in out.values)]:
            if code not in codes:
                raise BadMapping(f"“{theirs}”对应的代码“{code}”不是双公示字段代码，如 CF_WSH")
        return out


@dataclass(slots=True)
class Plan:
    """What an import would do: the rows it adds, per file, and what it found."""

    kind: str
    rows: int = 0  # data rows read
    added: dict[Path, list[int]] = field(default_factory=dict)  # file → the rows appended to it
    texts: dict[Path, str] = field(default_factory=dict)  # file → its text after the import
    existing: list[tuple[int, str]] = field(default_factory=list)  # rows whose 文号 is already there
    deleted: list[int] = field(default_factory=list)  # rows marked 删除 (公示状态 2): not decisions to add
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
    columns: dict[int, tuple[Column, str, bool]]  # index → (column, header as written, amounts in 元)
    first_data: int  # index into table.rows


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
    return Layout(kind, found, first)


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
    by_code = {c.code: c for c in national.COLUMNS[kind]}
    found = {}
    for j, cell in enumerate(cells):
        header = _cell_text(cell)
        group = above[j] if j < len(above) else ""
        for name in (header, group + header, group) if group else (header,):
            code = mapping.columns.get(name)
            column = by_code.get(code) if code else national.lookup(kind, name)
            if column is not None:
                yuan = mapping.yuan or (column.type == "wan" and national.in_yuan(name))
                found[j] = (column, name, yuan)
                break
    return found


def _cell_text(cell: object) -> str:
    return "" if cell is None else str(cell).strip()


# ---------------------------------------------------------------- values


class Bad(ValueError):
    """A cell that cannot be read as its column's type; the message says what to write instead."""


def value(column: Column, cell: object, yuan: bool = False) -> object:
    """A cell as the data standard's value, or None when empty; raise Bad."""
    if cell is None or (isinstance(cell, str) and not cell.strip()):
        return None
    kind = column.type
    if kind == "date":
        return _date(cell)
    if kind == "wan":
        return _amount(cell, yuan)
    if kind == "bool":
        return _bool(cell)
    if kind in ("enums", "codes", "strs"):
        parts = [p for p in re.split(r"[,，、;；\s]+" if kind != "strs" else r"[,，、;；]+", _text(cell, column)) if p]
        if kind == "enums":
            return [_enum(column, p) for p in parts]
        return parts
    text = _text(cell, column)
    if kind == "enum":
        return _enum(column, text)
    if kind == "code":
        text = text.translate(_HALF_WIDTH)
        return text.upper() if column.field == "party.uscc" else text
    return text


# full-width digits and Latin letters (a code typed with a Chinese input method); other characters stay
_HALF_WIDTH = {c: c - 0xFEE0 for c in (*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B))}


def _text(cell: object, column: Column) -> str:
    if isinstance(cell, float):
        if column.type == "code" and abs(cell) >= 2**53 or cell != int(cell) and column.type == "code":
            raise Bad(f"被存成了数字（{cell:g}），长数字已丢失精度；请把该列设为文本格式后重新填写")
        if cell == int(cell):
            return str(int(cell))
        return repr(cell)
    if isinstance(cell, (datetime, date)):
        raise Bad(f"应为文字，实际是日期 {cell:%Y-%m-%d}")
    return str(cell).strip()


_DATE_TEXT = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?")
_EXCEL_EPOCH = date(1899, 12, 30)


def _date(cell: object) -> date:
    if isinstance(cell, datetime):
        return cell.date()
    if isinstance(cell, date):
        return cell
    if isinstance(cell, (int, float)) and not isinstance(cell, bool):
        if 1 <= cell < 2958466:  # an Excel serial day number (a date cell read as a number)
            return _EXCEL_EPOCH + timedelta(days=int(cell))
        raise Bad(f"“{cell}”不是日期；请按 YYYY-MM-DD 填写，如 2025-03-05")
    text = unicodedata.normalize("NFKC", str(cell)).strip()
    if text == "长期":
        return date.fromisoformat(LONG_TERM)
    m = _DATE_TEXT.fullmatch(text) or re.fullmatch(r"(\d{4})(\d{2})(\d{2})", text)
    if not m:
        raise Bad(f"“{text[:30]}”不是日期；请按 YYYY-MM-DD 填写，如 2025-03-05")
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        raise Bad(f"“{text}”不是真实存在的日期；请核对年月日") from None


def _amount(cell: object, yuan: bool) -> Decimal | int:
    unit = "元" if yuan else "万元"
    if isinstance(cell, bool) or isinstance(cell, (date, datetime)):
        raise Bad(f"应为金额（{unit}），实际为{cell}")
    text = repr(cell) if isinstance(cell, float) else unicodedata.normalize("NFKC", str(cell)).strip()
    if text.endswith("万元"):
        yuan, text = False, text[:-2]
    elif text.endswith("元"):
        yuan, text = True, text[:-1]
    try:
        amount = Decimal(re.sub(r"[,\s]", "", text))
    except InvalidOperation:
        raise Bad(f"“{text[:30]}”不是金额；请填写以{unit}为单位的数字，如 {'2000' if yuan else '0.2'}") from None
    if not amount.is_finite() or amount.adjusted() >= 15:
        raise Bad(f"“{text[:30]}”不是合理的金额；请填写以{unit}为单位的数字")
    if amount < 0:
        raise Bad(f"金额 {text} 不能为负数；请填写不小于 0 的金额")
    amount = amount if yuan else amount * 10000
    if amount != amount.quantize(Decimal("0.01")):
        raise Bad(f"金额 {text}{unit} 折合 {format(amount.normalize(), 'f')} 元，超过两位小数（分）；请核对")
    return int(amount) if amount == amount.to_integral_value() else amount.quantize(Decimal("0.01"))


def _bool(cell: object) -> bool:
    text = unicodedata.normalize("NFKC", str(cell)).strip().lower()
    if text in ("是", "true", "1", "y", "yes", "√"):
        return True
    if text in ("否", "false", "0", "n", "no", "×"):
        return False
    raise Bad(f"“{text[:20]}”应为 是 或 否")


def _enum(column: Column, text: str) -> str:
    name = national.name_of(column, text)
    if name is None:
        choices = "、".join(f"{national.code_of(column, n)} {n}" if column.choices else n for n in column.names)
        raise Bad(f"“{text[:30]}”不是可选的值；可填：{choices}")
    return name


# ---------------------------------------------------------------- rows → decisions

_KEY_ORDER = {f.key: i for i, f in enumerate(DECISIONS.all_fields())}
_PARTY_ORDER = {f.key: i for i, f in enumerate(PARTY.fields)}
_WITHDRAWAL_ORDER = {f.key: i for i, f in enumerate(WITHDRAWAL.fields)}
_PREFERRED = {"title", "penalty_until", "publicity_until"}  # fields a GS_ column carries as kept


@dataclass(slots=True)
class Row:
    number: int
    record: dict
    fields: dict[str, str]  # field path → the header it came from, for problems
    status: str = national.SHOWN


def record_of(number: int, cells: list[object], lay: Layout, mapping: Mapping, problems: list[RowProblem]) -> Row:
    """One row as a decision (kind-specific fields included); cells that cannot be read are reported and left out."""
    chosen: dict[str, tuple[Column, str, object, bool]] = {}
    raw: dict[str, object] = {}
    for j, (column, header, yuan) in lay.columns.items():
        raw[column.code] = (cells[j] if j < len(cells) else None, header, yuan)
    by_code = {c.code: c for c in national.COLUMNS[lay.kind]}
    for code, constant in mapping.values.items():
        if code in by_code and code not in raw:
            raw[code] = (constant, f"映射 values.{code}", mapping.yuan)
    status = national.SHOWN
    fields: dict[str, str] = {}
    values: dict[str, object] = {}
    for code, (cell, header, yuan) in raw.items():
        column = by_code[code]
        try:
            v = value(column, cell, yuan)
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
        own = code.startswith("GS_")
        if column.field in chosen and not own and chosen[column.field][0].code.startswith("GS_"):
            continue
        if column.field in _PREFERRED and not own and any(
            c.code.startswith("GS_") and c.field == column.field for c, _, _ in lay.columns.values()
        ):
            continue  # the sheet has gongshi's own column for it, empty or not: that one says what was kept
        chosen[column.field] = (column, header, v, yuan)
        fields[column.field] = header
    for path, (_column, _header, v, _) in chosen.items():
        values[path] = v
    # CF_YXQ is exported as the publicity end when a penalty has no validity of its own
    if values.get("penalty_until") is not None and values.get("penalty_until") == values.get("publicity_until") \
            and "GS_CFYXQ" not in {c.code for c, _, _ in lay.columns.values()}:
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
    if "legal_rep" in party:  # the national 法定代表人: a sole trader's is its 经营者, a person has none
        if party.get("kind") == SOLE_TRADER:
            party["operator"] = party.pop("legal_rep")
            fields["party.operator"] = fields.get("party.legal_rep", "")
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


# ---------------------------------------------------------------- YAML text

_PLAIN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef][^\n\r\t#:\"'\\]*")


def scalar(v: object) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, Decimal)):
        return str(v)
    if isinstance(v, date):
        return v.isoformat()
    text = str(v)
    if _PLAIN.fullmatch(text) and text == text.strip() and not text.startswith(("〔", "【")):
        return text
    return json.dumps(text, ensure_ascii=False)


def entry(rec: dict, indent: str) -> str:
    """A decision as the demo's files write one: `- doc_no: …` and its fields below, nested ones indented."""
    lines: list[str] = []
    inner = indent + "  "
    for i, (key, v) in enumerate(rec.items()):
        lead = f"{indent}- " if i == 0 else inner
        if isinstance(v, dict):
            lines.append(f"{lead}{key}:")
            lines.extend(f"{inner}  {k}: {scalar(x)}" for k, x in v.items())
        elif isinstance(v, list):
            lines.append(f"{lead}{key}:")
            lines.extend(f"{inner}  - {scalar(x)}" for x in v)
        else:
            lines.append(f"{lead}{key}: {scalar(v)}")
    return "\n".join(lines) + "\n"


_EMPTY_ITEMS = re.compile(r"^items:[ \t]*\[\][ \t]*(#.*)?$", re.M)
_ITEMS = re.compile(r"^items:[ \t]*(#.*)?$", re.M)
_FIRST_ITEM = re.compile(r"^( *)- ", re.M)


def appended(text: str | None, entries: list[dict], heading: str) -> str:
    """The file's text with the entries after its last item; its own text and comments unchanged."""
    if text is None:
        text = f"{heading}\n\nitems:\n"
    elif _EMPTY_ITEMS.search(text):
        text = _EMPTY_ITEMS.sub(lambda m: "items:" + (f"  {m.group(1)}" if m.group(1) else ""), text, count=1)
    elif not _ITEMS.search(text):
        raise ValueError("items")
    m = _ITEMS.search(text)
    assert m is not None
    first = _FIRST_ITEM.search(text, m.end())
    indent = first.group(1) if first else "  "
    if not text.endswith("\n"):
        text += "\n"
    return text + "".join("\n" + entry(rec, indent) for rec in entries)


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
    folder = datasets / slug
    if not (folder / "department.yaml").is_file():
        raise ImportError_([f"找不到部门目录 {folder}（或其中的 department.yaml）；请先用 gongshi new-department 创建"])
    table = spreadsheet.read(file)
    lay = layout(table, mapping)
    result = Plan(lay.kind)
    dept = _department(datasets, slug, as_of)
    missing = _missing_columns(lay, mapping, dept)
    for column in missing:  # reported once for the file, not again on every row
        result.problems.append(RowProblem(0, column.label, f"缺少必填列 {column.code}（{column.label}）；请在表头加上这一列并逐行填写"))
    existing = {normal(d["doc_no"]) for d in dept.decisions}
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
            continue
        if key and key in seen_here:
            row_problems.append(RowProblem(number, row.fields.get("doc_no", "文号"), f"文号“{doc_no}”与第 {seen_here[key]} 行重复；同一决定只填一行"))
            row.fields["!doc_no"] = row.fields.get("doc_no", "文号")
        elif key:
            seen_here[key] = number
        result.problems.extend(row_problems)
        rows.append(row)
    bad = {p.row for p in result.problems if p.severity == ERROR}
    problems = _check(datasets, slug, as_of, rows)
    result.problems.extend(problems)
    bad |= {p.row for p in problems if p.severity == ERROR}
    result.bad = sorted(bad - {0})
    if result.fatal:  # a missing column or a department-wide problem: no row can be right
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
    _lay_out(result, rows, folder, dept.name)
    return result


def _doc_key(doc_no: object) -> str | None:
    if not isinstance(doc_no, str):
        return None
    try:
        return normal(normalise_doc_no(doc_no))
    except IdentifierError:
        return normal(doc_no)


def _department(datasets: Path, slug: str, as_of: date) -> loader.Department:
    """The department as it is, which must be valid: rows are checked against it (its powers, officers, 文号)."""
    with tempfile.TemporaryDirectory(prefix="gongshi-import-") as tmp:
        root = _copy(datasets, slug, Path(tmp))
        report = loader.validate(root, as_of)
    errors = report.errors
    if errors or report.dataset is None or not report.dataset.departments:
        shown = "；".join(p.format(root) for p in errors[:5])
        raise ImportError_([f"部门目录 {datasets / slug} 中已有 {len(errors)} 个错误，请先改正（gongshi validate {datasets}）：{shown}"])
    return report.dataset.departments[0]


def _copy(datasets: Path, slug: str, tmp: Path) -> Path:
    root = tmp / "datasets"
    root.mkdir()
    region = datasets / "region.yaml"
    if region.is_file():
        shutil.copy(region, root / "region.yaml")
    shutil.copytree(datasets / slug, root / slug, symlinks=True)
    return root


def _missing_columns(lay: Layout, mapping: Mapping, dept: loader.Department) -> list[Column]:
    have = {c.field for c, _, _ in lay.columns.values()} | {
        c.field for c in national.COLUMNS[lay.kind] if c.code in mapping.values
    }
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
    """The rows' problems as `gongshi validate` finds them in the department with the rows appended."""
    if not rows:
        return []
    with tempfile.TemporaryDirectory(prefix="gongshi-import-") as tmp:
        root = _copy(datasets, slug, Path(tmp))
        folder = root / slug
        where: dict[tuple[str, int], Row] = {}  # (file name, item index) → row
        for name, group in _by_file(rows).items():
            path = folder / "decisions" / name
            old = path.read_text(encoding="utf-8-sig") if path.is_file() else None
            count = _count_items(path) if old is not None else 0
            try:
                text = appended(old, [r.record for r in group], "")
            except ValueError:
                raise ImportError_([f"{datasets / slug / 'decisions' / name} 的 items 不是逐行列出的清单，无法在末尾追加；请把它改为 items: 下每项以“  - ”开头的写法"]) from None
            path.parent.mkdir(exist_ok=True)
            path.write_text(text, encoding="utf-8")
            for i, row in enumerate(group):
                where[(name, count + i)] = row
        report = loader.validate(root, as_of)
    out = []
    for p in report.problems:
        index = p.where[1] if len(p.where) > 1 and p.where[0] == "items" and isinstance(p.where[1], int) else None
        row = where.get((p.file.name, index)) if index is not None and p.file.parent.name == "decisions" else None
        if row is None:
            if p.severity == ERROR:
                out.append(RowProblem(0, p.field, f"{p.message}；{p.hint}"))
            continue
        path = ".".join(str(k) for k in p.where[2:] if isinstance(k, str))
        if f"!{path}" in row.fields:
            continue  # already reported as the cell it came from
        column = row.fields.get(path) or p.field
        out.append(RowProblem(row.number, column, f"{p.message}；{p.hint}", p.severity))
    return out


def _count_items(path: Path) -> int:
    try:
        data = read_yaml(path).data
    except Unreadable:
        return 0
    items = data.get("items") if isinstance(data, dict) else None
    return len(items) if isinstance(items, list) else 0


def _by_file(rows: list[Row]) -> dict[str, list[Row]]:
    out: dict[str, list[Row]] = {}
    for row in rows:
        day = row.record.get("decision_date")
        year = day.year if isinstance(day, date) else date.today().year
        out.setdefault(f"{year}.yaml", []).append(row)
    return out


def _lay_out(result: Plan, rows: list[Row], folder: Path, name: str) -> None:
    for file, group in _by_file(rows).items():
        path = folder / "decisions" / file
        old = path.read_text(encoding="utf-8-sig") if path.is_file() else None
        heading = f"# {name} {file.removesuffix('.yaml')} 年行政执法决定（事后公开）\n# 自然人证件信息只采集、不公开；撤回的决定保留原记录并填写 withdrawal。"
        result.texts[path] = appended(old, [r.record for r in group], heading)
        result.added[path] = [r.number for r in group]


def write(result: Plan) -> None:
    """Replace each file whole (a reader never sees half of it), keeping its mode."""
    for path, text in result.texts.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        mode = stat.S_IMODE(path.stat().st_mode) if path.exists() else None
        files.replace(path, text.encode("utf-8"), mode)
