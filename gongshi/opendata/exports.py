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

Speed (100,000 decisions, ~200 MB of text): csv.writer and json.dumps spend
~25 ns a character. CSV rows are therefore joined directly when no cell needs
quoting (the common case), which is exactly what csv.writer would write, and
handed to csv.writer otherwise. JSON Lines come from SQLite's json_object()
over the finished database, which writes the same bytes as json.dumps(...,
ensure_ascii=False, separators=(",", ":")) — the same escapes, compact — at a
third of the cost (a test holds the two to the same output).
"""

from __future__ import annotations

import csv
import io
import sqlite3
from operator import itemgetter
from pathlib import Path

from ..catalog import CSV_SUFFIX, JSONL_SUFFIX, Table
from . import rowids
from .tables import Values

BATCH = 5000  # rows per write

_CSV_SPECIAL = (",", '"', "\r", "\n")  # csv.QUOTE_MINIMAL quotes a cell holding one of these (delimiter, quote, line end)

# A text cell a spreadsheet would read as a formula (=, +, -, @, or a tab or carriage return first) gets a
# single quote in front, as OWASP advises against CSV injection: Excel and LibreOffice then show it as
# text. Only the CSV files: the database and JSON Lines keep the value as it is.
FORMULA_START = frozenset("=+-@\t\r")
_FORMULA_AFTER_COMMA = tuple("," + c for c in FORMULA_START)


def inert(value: str) -> str:
    return "'" + value if value[:1] in FORMULA_START else value


def _csv_cell(text: str) -> str:
    """A cell as csv.writer (QUOTE_MINIMAL, doublequote) writes it."""
    if any(c in text for c in _CSV_SPECIAL):
        return '"' + text.replace('"', '""') + '"'
    return text


def csv_lines(table: Table, rows: list[list]) -> list[str]:
    """The CSV lines of `rows` (without line ends), as csv.writer would write them."""
    ints = [i for i, c in enumerate(table.columns) if c.type is int]
    texts = [i for i, c in enumerate(table.columns) if c.type is str and not c.json]
    lists = [i for i, c in enumerate(table.columns) if c.json]  # JSON text: always quoted but for "[]"
    rest = [i for i, c in enumerate(table.columns) if not c.json]
    probe = itemgetter(*rest) if len(rest) > 1 else None
    fallback = io.StringIO()
    writer = csv.writer(fallback, lineterminator="\r\n")  # the line end takes part in deciding what to quote
    out = []
    for row in rows:
        cells = [v if v is not None else "" for v in row]
        for i in ints:
            cells[i] = str(cells[i])
        try:
            plain = ",".join(probe(cells)) if probe else ",".join(cells[i] for i in rest)
        except TypeError:  # a cell that is neither text nor a number; csv.writer knows what to do
            plain = '"'
        if plain[:1] in FORMULA_START or any(t in plain for t in _FORMULA_AFTER_COMMA):  # rare: look cell by cell
            for i in texts:
                if isinstance(cells[i], str):
                    cells[i] = inert(cells[i])
            row = [cells[i] if i in texts else v for i, v in enumerate(row)]
            plain = '"' if not probe else ",".join(probe(cells))
        if '"' in plain or "\r" in plain or "\n" in plain or plain.count(",") != len(rest) - 1:
            fallback.seek(0)
            fallback.truncate()
            writer.writerow(row)
            out.append(fallback.getvalue()[:-2])
            continue
        for i in lists:
            cells[i] = _csv_cell(cells[i])
        out.append(",".join(cells))
    return out


def write_csv(table: Table, rows: list[list], path: Path) -> None:
    path.unlink(missing_ok=True)  # a hard link to the live file must not be written through
    with open(path, "w", encoding="utf-8-sig", newline="") as fp:
        csv.writer(fp, lineterminator="\r\n").writerow([c.name for c in table.columns])
        for start in range(0, len(rows), BATCH):
            fp.write("".join(line + "\r\n" for line in csv_lines(table, rows[start : start + BATCH])))


def json_sql(table: Table, where: str = "", *, ident: bool = False) -> str:
    """One JSON object per row, in the table's order (rowid for decisions, else key: what a clean build stores), list
    columns as arrays; as UTF-8 bytes, to be written as they are (not decoded into str and encoded back). `where`:
    an SQL condition picking some rows; `ident`: select each row's rowid or key columns before its line."""
    parts = ", ".join(f"'{c.name}', " + (f"json([{c.name}])" if c.json else f"[{c.name}]") for c in table.columns)
    cond = f" WHERE {where}" if where else ""
    order = identity(table)
    first = f"{order}, " if ident else ""
    return f"SELECT {first}CAST(json_object({parts}) AS BLOB) FROM [{table.name}]{cond} ORDER BY {order}"


def identity(table: Table) -> str:
    """What names a row, in SQL: its rowid in decisions, its key columns elsewhere (gongshi.opendata.rowids)."""
    return "rowid" if rowids.has_rowids(table) else ", ".join(f"[{k}]" for k in table.pk)


def csv_head(table: Table) -> bytes:
    """The bytes a CSV export starts with: the byte-order mark and the header line."""
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerow([c.name for c in table.columns])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def write_jsonl(table: Table, conn: sqlite3.Connection, path: Path) -> None:
    cursor = conn.execute(json_sql(table))
    path.unlink(missing_ok=True)
    with open(path, "wb") as fp:
        while batch := cursor.fetchmany(BATCH):
            fp.write(b"".join(line + b"\n" for (line,) in batch))


def write(values: Values, tables: list[Table], out_dir: Path, db: Path) -> list[Path]:
    """Write the CSV files from `values` and the JSON Lines files from `db`, the database built from them."""
    written = []
    conn = sqlite3.connect(f"{Path(db).resolve().as_uri()}?mode=ro", uri=True)
    try:
        for t in tables:
            path = out_dir / f"{t.name}{CSV_SUFFIX}"
            write_csv(t, values.get(t.name, []), path)
            written.append(path)
            path = out_dir / f"{t.name}{JSONL_SUFFIX}"
            write_jsonl(t, conn, path)
            written.append(path)
    finally:
        conn.close()
    return written
