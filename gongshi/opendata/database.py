"""Write gongshi.db: built in a temporary file beside the target, then renamed in whole.

Two builds from the same publication give byte-identical files: rows go in
in a fixed order, nothing records a time, the search index is merged into
one segment, and VACUUM rewrites every page in order at the end. The file's
header still records the SQLite library version that wrote it, so
byte-identity holds for one installation (which is what a build machine is).
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterable
from pathlib import Path

import sqlite_utils

from . import search
from .tables import TABLES, Rows, Table

# Bumped whenever a table or column changes meaning; readers find it in PRAGMA user_version.
SCHEMA_VERSION = 1
PAGE_SIZE = 4096
BATCH = 2000


def write(rows: Rows, path: Path, tables: Iterable[Table] = TABLES) -> Path:
    """Build the database at `path` from `rows`; the old file stays until the new one is complete."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.unlink(missing_ok=True)
    try:
        conn = sqlite3.connect(tmp, isolation_level=None)
        try:
            _build(conn, rows, list(tables))
        finally:
            conn.close()
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path


def _build(conn: sqlite3.Connection, rows: Rows, tables: list[Table]) -> None:
    conn.execute(f"PRAGMA page_size = {PAGE_SIZE}")
    conn.execute("PRAGMA encoding = 'UTF-8'")
    # a temporary file that is renamed only when complete needs no journal
    conn.execute("PRAGMA journal_mode = OFF")
    conn.execute("PRAGMA synchronous = OFF")
    db = sqlite_utils.Database(conn)
    for t in tables:
        db[t.name].create(
            {c.name: c.type for c in t.columns},
            pk=t.pk[0] if len(t.pk) == 1 else t.pk,
            not_null=set(t.pk),
        )
    # after every table exists: powers and service guides refer to each other
    db.add_foreign_keys([(t.name, col, other, _pk(tables, other)) for t in tables for col, other in t.foreign_keys])
    for t in tables:
        conn.execute("BEGIN")
        db[t.name].insert_all(rows.get(t.name, []), batch_size=BATCH)
        conn.execute("COMMIT")
        for cols in t.indexes:
            db[t.name].create_index(cols)
    _search_index(conn)
    conn.execute("ANALYZE")
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    conn.execute("VACUUM")


def _pk(tables: list[Table], name: str) -> str:
    for t in tables:
        if t.name == name:
            assert len(t.pk) == 1, f"{name} has a compound key; it cannot be referred to"
            return t.pk[0]
    raise KeyError(name)


def _search_index(conn: sqlite3.Connection) -> None:
    fts = search.FTS_TABLE
    conn.execute(f"CREATE VIRTUAL TABLE [{fts}] USING fts5(text, content='', detail='none')")
    cols = ", ".join(f"[{c}]" for c in search.COLUMNS)
    conn.execute("BEGIN")
    cursor = conn.execute(f"SELECT rowid, {cols} FROM decisions ORDER BY rowid")
    while batch := cursor.fetchmany(BATCH):
        conn.executemany(
            f"INSERT INTO [{fts}] (rowid, text) VALUES (?, ?)",
            [(r[0], search.document(dict(zip(search.COLUMNS, r[1:], strict=True)))) for r in batch],
        )
    conn.execute(f"INSERT INTO [{fts}] ([{fts}]) VALUES ('optimize')")
    conn.execute("COMMIT")
