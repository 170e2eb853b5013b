"""Bulk downloads: every table as CSV and as JSON Lines, beside gongshi.db.

CSV starts with a UTF-8 byte-order mark: without it Excel (the tool most
readers of a Chinese government download open it with) guesses the local
code page and shows mojibake; Python, R and pandas skip the mark when told
`utf-8-sig`, and LibreOffice ignores it. Rows end in CRLF as RFC 4180 says.
Empty cells are empty strings; list columns hold their JSON array text.

JSON Lines (`.jsonl`, one object per line, UTF-8 without a mark) keeps the
types: integers stay numbers, list columns are real arrays, missing values
are null. Money appears as both `*_yuan` (an exact decimal string) and
`*_fen` (an integer), as in the database.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

from .tables import Rows, Table

CSV_SUFFIX = ".csv"
JSONL_SUFFIX = ".jsonl"


def write_csv(table: Table, rows: list[dict], path: Path) -> None:
    names = [c.name for c in table.columns]
    with open(path, "w", encoding="utf-8-sig", newline="") as fp:
        writer = csv.writer(fp, lineterminator="\r\n")
        writer.writerow(names)
        for row in rows:
            writer.writerow(["" if row.get(n) is None else row[n] for n in names])


def write_jsonl(table: Table, rows: list[dict], path: Path) -> None:
    json_cols = {c.name for c in table.columns if c.json}
    names = [c.name for c in table.columns]
    with open(path, "w", encoding="utf-8", newline="\n") as fp:
        for row in rows:
            obj = {n: (json.loads(row[n]) if n in json_cols and row.get(n) is not None else row.get(n)) for n in names}
            fp.write(json.dumps(obj, ensure_ascii=False, separators=(",", ":")) + "\n")


def write(rows: Rows, tables: list[Table], out_dir: Path) -> list[Path]:
    written = []
    for t in tables:
        data = rows.get(t.name, [])
        for suffix, writer in ((CSV_SUFFIX, write_csv), (JSONL_SUFFIX, write_jsonl)):
            path = out_dir / f"{t.name}{suffix}"
            writer(t, data, path)
            written.append(path)
    return written
