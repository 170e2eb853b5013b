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
from collections.abc import Iterable
from itertools import count
from operator import itemgetter
from pathlib import Path

import sqlite_utils

from . import search
from .tables import TABLES, Table, Values

# Bumped whenever a table or column changes meaning; readers find it in PRAGMA user_version.
SCHEMA_VERSION = 1
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
    # the schema is sqlite-utils' (its CREATE TABLE text is what the file stores); the rows go in by plain executemany
    for t in tables:
        db[t.name].create(
            {c.name: c.type for c in t.columns},
            pk=t.pk[0] if len(t.pk) == 1 else t.pk,
            not_null=set(t.pk),
        )
    # after every table exists: powers and service guides refer to each other
    db.add_foreign_keys([(t.name, col, other, _pk(tables, other)) for t in tables for col, other in t.foreign_keys])
    # One transaction per table, each index in its own: the header's change counter (bytes 24-27)
    # counts write transactions, so fewer of them would change the file.
    for t in tables:
        cols = ", ".join(f"[{c.name}]" for c in t.columns)
        marks = ", ".join("?" for _ in t.columns)
        conn.execute("BEGIN")
        conn.executemany(f"INSERT INTO [{t.name}] ({cols}) VALUES ({marks})", values.get(t.name, []))
        conn.execute("COMMIT")
        for index in t.indexes:
            db[t.name].create_index(index)
    decisions = next(t for t in tables if t.name == "decisions")
    _search_index(conn, decisions, values.get("decisions", []))
    conn.execute("ANALYZE")
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    conn.execute("VACUUM")


def _pk(tables: list[Table], name: str) -> str:
    for t in tables:
        if t.name == name:
            assert len(t.pk) == 1, f"{name} has a compound key; it cannot be referred to"
            return t.pk[0]
    raise KeyError(name)


def _search_index(conn: sqlite3.Connection, decisions: Table, rows: list[list]) -> None:
    """Index the decisions as stored: row i of `rows` is rowid i + 1 of the freshly filled table."""
    fts = search.FTS_TABLE
    conn.execute(f"CREATE VIRTUAL TABLE [{fts}] USING fts5(text, content='', detail='none')")
    names = [c.name for c in decisions.columns]
    searched = itemgetter(*(names.index(c) for c in search.COLUMNS))
    join = search.SEPARATOR.join
    conn.execute("BEGIN")
    for start in range(0, len(rows), SEARCH_BATCH):
        texts = [join([str(v) if v else "" for v in searched(r)]) for r in rows[start : start + SEARCH_BATCH]]
        conn.executemany(f"INSERT INTO [{fts}] (rowid, text) VALUES (?, ?)",
                         zip(count(start + 1), search.index_texts(texts)))
    conn.execute(f"INSERT INTO [{fts}] ([{fts}]) VALUES ('optimize')")
    conn.execute("COMMIT")
