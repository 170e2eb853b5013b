"""Write gongshi.db: built in a temporary file beside the target, then renamed in whole.

Two builds from the same publication give byte-identical files: rows go in
in a fixed order, nothing records a time, the search index is merged into
one segment, and VACUUM rewrites every page in order at the end, so the pages
depend only on what the file holds, not on how it was filled. The header does
depend on that: its change counter counts the write transactions of the build,
and it records the SQLite library version that wrote it, so byte-identity
holds for one installation (which is what a build machine is) and one way of
filling (which _build keeps).
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterable, Sequence
from operator import itemgetter
from pathlib import Path

import sqlite_utils

from ..catalog import TABLES, Table
from . import rowids, search
from .tables import Values

# Bumped whenever a table or column changes meaning; readers find it in PRAGMA user_version.
SCHEMA_VERSION = 5  # 4: the parties table; 5: every table but decisions WITHOUT ROWID
PAGE_SIZE = 4096
SEARCH_BATCH = 250  # decisions per index_texts call: enough to amortise the call; bigger buffers (> 1 MB) cost page faults


def write(values: Values, path: Path, tables: Iterable[Table] = TABLES) -> Path:
    """Build the database at `path` from `values` (tables.values); the old file stays until the new one is complete."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.unlink(missing_ok=True)
    try:
        conn = sqlite3.connect(tmp, isolation_level=None)
        try:
            _build(conn, values, list(tables))
        finally:
            conn.close()
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path


def _build(conn: sqlite3.Connection, values: Values, tables: list[Table]) -> None:
    conn.execute(f"PRAGMA page_size = {PAGE_SIZE}")
    conn.execute("PRAGMA encoding = 'UTF-8'")
    # A temporary file that is renamed only when complete needs no journal and no syncing. (Not
    # locking_mode = EXCLUSIVE: it skips some change-counter updates, and the bytes would differ.)
    conn.execute("PRAGMA journal_mode = OFF")
    conn.execute("PRAGMA synchronous = OFF")
    db = sqlite_utils.Database(conn)
    for t in tables:  # (REFERENCES may name a later table: foreign keys are not enforced here)
        conn.execute(create_sql(t, tables))
    # One transaction per table, each index in its own: the header's change counter (bytes 24-27)
    # counts write transactions, so fewer of them would change the file.
    decision_ids: list[int] = []
    for t in tables:
        rows = values.get(t.name, [])
        conn.execute("BEGIN")
        if rowids.has_rowids(t):
            decision_ids = rowids.decision_rowids(rows, [c.name for c in t.columns].index("decision_date"))
            conn.executemany(insert_sql(t), [(i, *row) for i, row in zip(decision_ids, rows, strict=True)])
        else:
            conn.executemany(insert_sql(t), rows)
        conn.execute("COMMIT")
        for index in t.indexes:  # "-name": descending, and so named (idx_decisions_decision_date_desc_id)
            db[t.name].create_index([sqlite_utils.db.DescIndex(c[1:]) if c[0] == "-" else c for c in index],
                                    index_name=f"idx_{t.name}_" + "_".join(c[1:] + "_desc" if c[0] == "-" else c for c in index))
    decisions = next(t for t in tables if t.name == "decisions")
    _search_index(conn, decisions, values.get("decisions", []), decision_ids)
    conn.execute("ANALYZE")
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    conn.execute("VACUUM")


def create_sql(table: Table, tables: Sequence[Table]) -> str:
    """The table's CREATE TABLE (written here, not by sqlite-utils, whose foreign keys rebuild a table and drop the
    clause): every table but decisions is WITHOUT ROWID on its key (gongshi.opendata.rowids), so its rows are
    stored, and read, in key order, with no number to keep equal between a clean build and a rebuild."""
    fks = dict(table.foreign_keys)
    lines = []
    for c in table.columns:
        line = f'   "{c.name}" {"INTEGER" if c.type is int else "TEXT"}'
        if table.pk == (c.name,):
            line += " PRIMARY KEY"
        if c.name in table.pk or c.not_null:
            line += " NOT NULL"
        if c.name in fks:
            line += f' REFERENCES "{fks[c.name]}"("{_pk(tables, fks[c.name])}")'
        lines.append(line)
    if len(table.pk) > 1:
        lines.append("   PRIMARY KEY (" + ", ".join(f'"{k}"' for k in table.pk) + ")")
    return f'CREATE TABLE "{table.name}" (\n' + ",\n".join(lines) + "\n)" + \
        ("" if rowids.has_rowids(table) else " WITHOUT ROWID")


def insert_sql(table: Table) -> str:
    """INSERT of one row: its columns, after its rowid in decisions (see gongshi.opendata.rowids)."""
    cols = ", ".join(f"[{c.name}]" for c in table.columns)
    marks = ", ".join("?" for _ in table.columns)
    if rowids.has_rowids(table):
        return f"INSERT INTO [{table.name}] (rowid, {cols}) VALUES (?, {marks})"
    return f"INSERT INTO [{table.name}] ({cols}) VALUES ({marks})"


def _pk(tables: Sequence[Table], name: str) -> str:
    for t in tables:
        if t.name == name:
            assert len(t.pk) == 1, f"{name} has a compound key; it cannot be referred to"
            return t.pk[0]
    raise KeyError(name)


def searched_texts(decisions: Table, rows: Iterable[Sequence]) -> list[str]:
    """The text the search index holds for each decision row (before index_texts)."""
    names = [c.name for c in decisions.columns]
    searched = itemgetter(*(names.index(c) for c in search.COLUMNS))
    join = search.SEPARATOR.join
    return [join([str(v) if v else "" for v in searched(r)]) for r in rows]


def index(conn: sqlite3.Connection, decisions: Table, rows: Sequence[Sequence], ids: Sequence[int],
          command: str | None = None) -> None:
    """Add decisions `rows` with rowids `ids` to the search index, or with command="delete" take them out again
    (a contentless index must be told the text it indexed)."""
    fts = search.FTS_TABLE
    head = f"INSERT INTO [{fts}] ([{fts}], rowid, text) VALUES ('{command}', ?, ?)" if command else \
        f"INSERT INTO [{fts}] (rowid, text) VALUES (?, ?)"
    for start in range(0, len(rows), SEARCH_BATCH):
        texts = searched_texts(decisions, rows[start : start + SEARCH_BATCH])
        conn.executemany(head, zip(ids[start : start + SEARCH_BATCH], search.index_texts(texts), strict=True))


def _search_index(conn: sqlite3.Connection, decisions: Table, rows: list[list], ids: list[int]) -> None:
    """Index the decisions as stored: row i of `rows` has rowid ids[i]."""
    fts = search.FTS_TABLE
    conn.execute(f"CREATE VIRTUAL TABLE [{fts}] USING fts5(text, content='', detail='none')")
    conn.execute("BEGIN")
    index(conn, decisions, rows, ids)
    conn.execute(f"INSERT INTO [{fts}] ([{fts}]) VALUES ('optimize')")
    conn.execute("COMMIT")
