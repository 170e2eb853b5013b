"""Decisions in the national 双公示 columns, for upload to the credit platforms (信用中国).

An internal channel: it reads the datasets and the site's record of what was shown when, and writes one
file outside the published site. What a row may carry is decided as for the site: without `personal`, the
values the public reads or read while the decision was shown (natural persons' names masked, free text
scrubbed) and no ID numbers; with it, the record as kept, ID numbers included, for the platform's matching,
and the file is readable by its owner only. A withdrawn or deleted decision's row repeats what was shown, so
that the platform finds the record it takes down.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from . import files, national, spreadsheet
from .load import Dataset, Department
from .national import DELETED, SHOWN, WITHDRAWN, Column
from .publicity import Standing, as_notice, as_published, doc_slug, sectors, standing
from .seen import Seen
from .standard import SOLE_TRADER
from .timelimits import Rules

DEFAULT_TITLE = {national.LICENSING: "行政许可决定书", national.PENALTY: "行政处罚决定书"}


class UnknownDepartment(LookupError):
    """--department names no department folder."""


class InsidePublished(ValueError):
    """The output would land in the published site, where everything is public."""


@dataclass(slots=True)
class Export:
    kind: str
    columns: tuple[Column, ...]
    rows: list[list[str]] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(national.STATUS_CODES, 0))


def rows(
    dataset: Dataset,
    record: Seen,
    kind: str,
    as_of: date,
    since: date | None = None,
    personal: bool = False,
    department: str | None = None,
) -> Export:
    """The decisions of `kind` the platform must hold: every one shown or withdrawn; with `since`, those
    shown, corrected, withdrawn or whose publicity ended on or after that day (a department's increment)."""
    out = Export(kind, national.columns(kind, personal))
    sources = _sources(out.columns)
    rules = Rules.of(dataset.region)
    depts = dataset.departments
    if department is not None:
        depts = [d for d in depts if d.slug == department]
        if not depts:
            raise UnknownDepartment(department)
    for dept in depts:
        seen = record.department(dept.slug)
        by_power = sectors(dept)
        recs = sorted((r for r in dept.decisions if r["kind"] == kind), key=lambda r: (r["decision_date"], r["doc_no"]))
        for rec in recs:
            slug = doc_slug(rec["doc_no"])
            state, published, until = standing(rec, slug, as_of, rules, seen, by_power.get(str(rec["power_code"])))
            if state == Standing.WITHDRAWN:  # changed when it took effect, or when a build first took it down
                status, changed = WITHDRAWN, max(rec["withdrawal"]["date"], seen.taken_down.get(slug, date.min))
            elif state == Standing.SHOWN:
                status, changed = SHOWN, max(published, rec.get("corrected") or published)
            elif state == Standing.EXPIRED and since is not None:
                status, changed = DELETED, until + timedelta(days=1)
            else:
                continue
            if since is not None and changed < since:
                continue
            out.rows.append(_row(sources, dept, rec, status, published, until, as_of, personal))
            out.counts[status] += 1
    return out


def _sources(columns: tuple[Column, ...]) -> list[tuple[Column, str, str]]:
    """Where each column's value comes from (a part of the row's values, and the key in it), worked out once."""
    out = []
    for col in columns:
        if col.code in _OWN:
            out.append((col, "own", col.code))
        elif col.field is None:
            out.append((col, "body", national.BODY.get(col.code, "")))
        elif col.derived:
            out.append((col, "derived", col.field))
        else:
            head, _, rest = col.field.partition(".")
            out.append((col, head, rest) if head in ("party", "withdrawal") else (col, "values", col.field))
    return out


_OWN = ("GS_GSZT", "GS_JDSMC", "GS_GSRQ", "GS_GSJZQ", "GS_CFYXQ", "XK_ZT")


def _row(
    sources: list[tuple[Column, str, str]], dept: Department, rec: dict, status: str, published: date, until: date,
    as_of: date, personal: bool,
) -> list[str]:
    if personal:
        values = {k: v for k, v in rec.items() if not k.startswith("_")}
    else:
        values = as_published(dept, rec, published, until)
        if status == WITHDRAWN:
            notice = as_notice(dept, rec)
            values["withdrawal"] = {
                "date": notice["withdrawal_date"],
                "kind": notice["withdrawal_kind"],
                "reason": notice["reason"],
                "document": notice["document"],
                "taken_down": rec["withdrawal"].get("taken_down"),  # a date, not on the notice
            }
    w = values.get("withdrawal") if status == WITHDRAWN else None
    party = values["party"]
    if party["kind"] == SOLE_TRADER:  # its 法定代表人 is the 经营者: in a personal export only, the public has none
        party = {**party, "legal_rep": party.get("operator")}
    if party.get("id_type") == "居民身份证":
        party = {**party, "id_type": "身份证"}  # the platform's word
    parts = {
        "values": values,
        "party": party,
        "withdrawal": w or {},
        "body": {"name": dept.name, "uscc": dept.profile["uscc"]},
        "derived": {
            "penalty_until": rec.get("penalty_until") or until,
            "publicity_until": until,
            "title": values.get("title") or DEFAULT_TITLE[rec["kind"]],
        },
        "own": {
            "GS_GSZT": national.STATUS_CODES[status],
            "GS_JDSMC": values.get("title"),  # free text: as the public reads it unless personal
            "GS_GSRQ": published,
            "GS_GSJZQ": rec.get("publicity_until"),
            "GS_CFYXQ": rec.get("penalty_until"),
            "XK_ZT": national.LICENCE_STATE_CODES[
                national.VALID if status == SHOWN and (rec.get("valid_until") or as_of) >= as_of else national.INVALID
            ],
        },
    }
    out = []
    for col, part, key in sources:
        value = parts[part].get(key)
        # most cells are text as kept (or empty): written as they are
        out.append(value if type(value) is str and col.choices is None else "" if value is None else text(col, value))
    return out


def text(col: Column, value: object) -> str:
    """A value as the standard writes it: dates YYYY-MM-DD, money in 万元, codes where the column has codes."""
    if value is None or value == "" or value == []:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, date):
        return value.isoformat()
    if col.type == "wan":
        return wan(Decimal(value))
    if isinstance(value, list):
        sep = "、" if col.type == "strs" else ","
        return sep.join(national.code_of(col, str(v)) for v in value)
    return national.code_of(col, str(value))


def wan(yuan: Decimal) -> str:
    """元 → 万元 without trailing zeros (35000 → 3.5): exact, since the standard allows 6 decimals and 元 has 2."""
    return format((yuan / 10000).normalize(), "f")


def check_output(output: Path, published: Path) -> None:
    """Refuse a file inside the published site: an export is for the platform, never for the public."""
    try:
        output.resolve().relative_to(published.resolve())
    except ValueError:
        return
    raise InsidePublished(str(output))


def write(export: Export, output: Path, fmt: str, personal: bool = False) -> None:
    """Write whole or not at all; a personal export readable by its owner only (0600), never wider first."""
    data = _csv(export) if fmt == "csv" else _xlsx(export)
    files.replace(output, data, 0o600 if personal else None)


def _csv(export: Export) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([c.code for c in export.columns])
    writer.writerows(export.rows)
    # Excel opens a CSV file with its Chinese intact only with a byte-order mark
    return buffer.getvalue().encode("utf-8-sig")


def _xlsx(export: Export) -> bytes:
    """The names above the codes, then the rows, every cell text (a 文号, an ID number, a date as the standard
    writes it)."""
    header = [[c.label for c in export.columns], [c.code for c in export.columns]]
    return spreadsheet.text_workbook(export.kind, header + export.rows)
