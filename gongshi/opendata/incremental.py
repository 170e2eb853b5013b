"""Render the open data from the previous build's, redoing only the departments whose records changed.

A clean render of a large region (100,000 decisions) takes most of its time
building rows in Python, filling and indexing SQLite, and writing ~200 MB of
exports. When only some departments changed, this module starts from a copy
of the live gongshi.db, replaces those departments' rows (their search-index
entries, link and child tables with them) and splices their lines into the
live exports, so that the result equals a clean render:

- every row keeps the rowid a clean build gives it (gongshi.opendata.rowids:
  rowids depend on the row's own department or day), so tables, their
  rowid order, the search index and everything ordered by it are the same;
  ANALYZE is run again, so sqlite_stat1 is too;
- an export's lines are in rowid order, so the new file is the old one with
  the changed departments' lines taken out and their new lines put in where
  the new database has their rows; files with no changed line are hard links
  to the live ones (nothing is ever modified in place, so they stay right).

The file gongshi.db is not byte-identical to a clean build's (the pages are
laid out differently, and the search index has more than one segment), but
every table holds the same rows under the same rowids.

Anything unexpected in the previous output (a missing file, another schema,
line counts that do not match the database) makes `render` give up, remove
what it wrote, and return False: the caller then renders from scratch.
"""

from __future__ import annotations

import logging
import os
import shutil
import sqlite3
from collections import defaultdict
from collections.abc import Iterator, Sequence
from contextlib import closing
from itertools import compress
from pathlib import Path

from ..publicity import Publication
from . import database, exports, rowids
from .tables import TABLES, Table, Values, values

log = logging.getLogger(__name__)

DB_NAME = "gongshi.db"


class Unusable(Exception):
    """The previous output cannot be taken over; render from scratch."""


def render(publication: Publication, out_dir: Path, previous: Path, changed: set[str]) -> bool:
    """Write the database and exports into `out_dir` from `previous`, redoing `changed` departments.

    Returns False, leaving none of its files behind, when the previous output
    cannot be used; never modifies anything under `previous`.
    """
    made: list[Path] = []
    try:
        _render(publication, Path(out_dir), Path(previous), changed, made)
        return True
    except (Unusable, sqlite3.Error, OSError, ValueError, StopIteration) as exc:
        log.info("open data: rendering from scratch (%s: %s)", type(exc).__name__, exc)
        for path in made:
            path.unlink(missing_ok=True)
        return False


def _render(publication: Publication, out_dir: Path, previous: Path, changed: set[str], made: list[Path]) -> None:
    slugs = [d.slug for d in publication.departments]
    if not changed <= set(slugs):
        raise Unusable(f"departments no longer there: {sorted(changed - set(slugs))}")
    old_db = previous / DB_NAME
    with closing(_open_ro(old_db)) as old:
        _check_previous(old, slugs)
        old_flags = {t.name: _flags(old, t, slugs, changed) for t in TABLES}
        previous_files = {t.name: _read_exports(previous, t, len(old_flags[t.name])) for t in TABLES}
    new = values(Publication(publication.as_of, publication.region,
                             [d for d in publication.departments if d.slug in changed]))
    db_path = out_dir / DB_NAME
    if changed:
        _update_database(old_db, db_path, slugs, changed, new, made)
    else:
        _link(old_db, db_path, made)
    with closing(_open_ro(db_path)) as conn:
        for t in TABLES:
            new_flags = _flags(conn, t, slugs, changed) if changed else old_flags[t.name]
            _write_exports(conn, t, slugs, changed, new, previous_files[t.name], old_flags[t.name], new_flags,
                           previous, out_dir, made)


# ---------------------------------------------------------------- the previous build


def _open_ro(path: Path) -> sqlite3.Connection:
    if not path.is_file():
        raise Unusable(f"{path} is missing")
    return sqlite3.connect(f"{path.resolve().as_uri()}?immutable=1", uri=True)


def _check_previous(conn: sqlite3.Connection, slugs: list[str]) -> None:
    """The previous database has this schema version and the rowids this code gives the same departments."""
    if conn.execute("PRAGMA user_version").fetchone()[0] != database.SCHEMA_VERSION:
        raise Unusable("another schema version")
    departments = next(t for t in TABLES if t.name == "departments")
    ranks = rowids.department_ranks(departments, slugs)
    expected = sorted(((ranks[s] << rowids.DEPT_SHIFT) + 1, s) for s in slugs)
    if conn.execute("SELECT rowid, slug FROM departments ORDER BY rowid").fetchall() != expected:
        raise Unusable("other departments, or rowids from another version")


def _flags(conn: sqlite3.Connection, table: Table, slugs: list[str], changed: set[str]) -> list[int]:
    """For each row in rowid (= export line) order: 1 if it belongs to a changed department."""
    if table.name == "region":
        return [0] * conn.execute("SELECT count(*) FROM region").fetchone()[0]
    if not changed:
        return [0] * conn.execute(f"SELECT count(*) FROM [{table.name}]").fetchone()[0]
    if table.name == "decisions":
        # every rowid from the small year index (not a walk over the 100+ MB table), the changed ones from the
        # department index
        every = sorted(r for (r,) in conn.execute("SELECT rowid FROM decisions INDEXED BY idx_decisions_year"))
        marks = ", ".join("?" for _ in changed)
        mine = {r for (r,) in conn.execute(f"SELECT rowid FROM decisions WHERE department IN ({marks})",
                                            sorted(changed))}
        return [int(r in mine) for r in every]
    else:
        ranks = rowids.department_ranks(table, slugs)
        wanted = ", ".join(str(ranks[s]) for s in sorted(changed))
        cur = conn.execute(f"SELECT (rowid >> {rowids.DEPT_SHIFT}) IN ({wanted}) FROM [{table.name}] ORDER BY rowid")
    return [f for (f,) in cur]


def _read_exports(previous: Path, table: Table, rows: int) -> dict[str, list[bytes]]:
    """The previous CSV and JSON Lines files of a table as lists of lines, checked against the row count."""
    out = {}
    for suffix, head, sep in ((exports.CSV_SUFFIX, exports.csv_head(table), b"\r\n"),
                              (exports.JSONL_SUFFIX, b"", b"\n")):
        path = previous / f"{table.name}{suffix}"
        if not path.is_file():
            raise Unusable(f"{path} is missing")
        data = path.read_bytes()
        if not data.startswith(head) or (rows and not data.endswith(sep)):
            raise Unusable(f"{path} does not start or end as expected")
        lines = data[len(head):].split(sep)
        lines.pop()  # after the last separator (or the empty body)
        if len(lines) != rows:
            raise Unusable(f"{path} has {len(lines)} lines for {rows} rows (a line break inside a cell?)")
        out[suffix] = lines
    return out


# ---------------------------------------------------------------- the database


def _link(src: Path, dst: Path, made: list[Path]) -> None:
    """Hard-link an unchanged file (files are replaced, never modified in place); copy where links fail."""
    dst.unlink(missing_ok=True)
    made.append(dst)
    try:
        os.link(src, dst)
    except OSError:
        shutil.copyfile(src, dst)


def _update_database(old_db: Path, path: Path, slugs: list[str], changed: set[str], new: Values,
                     made: list[Path]) -> None:
    """A copy of the previous database with the changed departments' rows replaced, renamed into place at the end."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    made.extend([tmp, path])
    shutil.copyfile(old_db, tmp)
    conn = sqlite3.connect(tmp, isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode = OFF")
        conn.execute("PRAGMA synchronous = OFF")
        conn.execute("BEGIN")
        for t in TABLES:
            if t.name == "decisions":
                _replace_decisions(conn, t, changed, new.get(t.name, []))
            elif rowids.is_department_table(t):
                _replace_blocks(conn, t, slugs, changed, new.get(t.name, []))
        conn.execute("COMMIT")
        conn.execute("ANALYZE")
    finally:
        conn.close()
    os.replace(tmp, path)


def _replace_blocks(conn: sqlite3.Connection, table: Table, slugs: list[str], changed: set[str],
                    rows: list[list]) -> None:
    ranks = rowids.department_ranks(table, slugs)
    for slug in changed:
        conn.execute(f"DELETE FROM [{table.name}] WHERE rowid BETWEEN ? AND ?", rowids.block(ranks[slug]))
    ids = rowids.department_rowids(table, rows, ranks)
    conn.executemany(database.insert_sql(table), [(i, *row) for i, row in zip(ids, rows, strict=True)])


def _replace_decisions(conn: sqlite3.Connection, table: Table, changed: set[str], rows: list[list]) -> None:
    """Replace the changed departments' decisions; other decisions of the same days may take new ranks (rowids)."""
    names = [c.name for c in table.columns]
    cols = ", ".join(f"[{n}]" for n in names)
    marks = ", ".join("?" for _ in changed)
    old = conn.execute(f"SELECT rowid, {cols} FROM decisions WHERE department IN ({marks})", sorted(changed)).fetchall()
    database.index(conn, table, [r[1:] for r in old], [r[0] for r in old], "delete")
    conn.execute(f"DELETE FROM decisions WHERE department IN ({marks})", sorted(changed))
    date_at, id_at = names.index("decision_date"), names.index("id")
    by_day: dict[int, list[str]] = defaultdict(list)
    for row in rows:
        by_day[rowids.day(row[date_at])].append(row[id_at])
    days = {r[0] >> rowids.DAY_SHIFT for r in old} | set(by_day)
    placed: dict[str, int] = {}
    moves: list[tuple[int, int]] = []
    for day in sorted(days):
        low = day << rowids.DAY_SHIFT
        others = conn.execute("SELECT id, rowid FROM decisions WHERE rowid BETWEEN ? AND ?",
                              (low, low + rowids.DAY_MASK)).fetchall()
        ranked = sorted([*others, *((i, None) for i in by_day.get(day, ()))])
        for rank, (decision_id, was) in enumerate(ranked):
            if was is None:
                placed[decision_id] = low + rank
            elif was != low + rank:
                moves.append((was, low + rank))
    _move_decisions(conn, table, cols, moves)
    ids = [placed[row[id_at]] for row in rows]
    conn.executemany(database.insert_sql(table), [(i, *row) for i, row in zip(ids, rows, strict=True)])
    database.index(conn, table, rows, ids)


def _move_decisions(conn: sqlite3.Connection, table: Table, cols: str, moves: list[tuple[int, int]]) -> None:
    """Give unchanged decisions new rowids (via negative ones, so no two rows ever share one) and re-index them."""
    if not moves:
        return
    rows = [conn.execute(f"SELECT {cols} FROM decisions WHERE rowid = ?", (was,)).fetchone() for was, _ in moves]
    database.index(conn, table, rows, [was for was, _ in moves], "delete")
    conn.executemany("UPDATE decisions SET rowid = -rowid WHERE rowid = ?", [(was,) for was, _ in moves])
    conn.executemany("UPDATE decisions SET rowid = ? WHERE rowid = ?", [(to, -was) for was, to in moves])
    database.index(conn, table, rows, [to for _, to in moves])


# ---------------------------------------------------------------- the exports


def _write_exports(conn: sqlite3.Connection, table: Table, slugs: list[str], changed: set[str], new: Values,
                   old_lines: dict[str, list[bytes]], old_flags: list[int], new_flags: list[int],
                   previous: Path, out_dir: Path, made: list[Path]) -> None:
    csv_new = [line.encode("utf-8") for line in exports.csv_lines(table, new.get(table.name, []))] \
        if any(new_flags) else []
    json_new = _json_lines(conn, table, slugs, changed) if any(new_flags) else []
    for suffix, head, sep, lines in ((exports.CSV_SUFFIX, exports.csv_head(table), b"\r\n", csv_new),
                                     (exports.JSONL_SUFFIX, b"", b"\n", json_new)):
        name = f"{table.name}{suffix}"
        old = old_lines[suffix]
        if old_flags == new_flags and list(compress(old, old_flags)) == lines:
            _link(previous / name, out_dir / name, made)
            continue
        body = _splice(old, old_flags, new_flags, lines)
        path = out_dir / name
        path.unlink(missing_ok=True)
        made.append(path)
        with open(path, "wb") as fp:
            fp.write(head)
            if body:
                fp.write(sep.join(body))
                fp.write(sep)


def _json_lines(conn: sqlite3.Connection, table: Table, slugs: list[str], changed: set[str]) -> list[bytes]:
    """The changed departments' JSON Lines, as the clean export writes them, in rowid order."""
    if table.name == "decisions":
        where = "department IN (" + ", ".join("?" for _ in changed) + ")"
        return [line for (line,) in conn.execute(exports.json_sql(table, where), sorted(changed))]
    ranks = rowids.department_ranks(table, slugs)
    where = " OR ".join("rowid BETWEEN {} AND {}".format(*rowids.block(ranks[s])) for s in sorted(changed))
    return [line for (line,) in conn.execute(exports.json_sql(table, where))]


def _splice(old: list[bytes], old_flags: list[int], new_flags: list[int], lines: Sequence[bytes]) -> list[bytes]:
    """The new file's lines: the old unchanged lines in their order, the new ones where new_flags says."""
    kept: Iterator[bytes] = compress(old, (not f for f in old_flags))
    fresh = iter(lines)
    out = [next(fresh) if f else next(kept) for f in new_flags]
    if next(kept, None) is not None or next(fresh, None) is not None:
        raise Unusable("line counts do not add up")
    return out
