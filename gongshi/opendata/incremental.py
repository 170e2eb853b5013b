"""Render the open data from the previous build's, redoing only the departments whose records changed.

A clean render of a large region (100,000 decisions) takes most of its time
building rows in Python, filling and indexing SQLite, and writing ~200 MB of
exports. When only some departments changed, this module starts from a copy
of the live gongshi.db, replaces those of the changed departments' rows that
differ (their search-index entries with them) and edits the live exports
where their lines differ, so that the result equals a clean render:

- a row is named by its key (every table but decisions is WITHOUT ROWID:
  gongshi.opendata.rowids) or, in decisions, by a rowid that depends only on
  its day: the same row has the same name in a clean build, so deleting the
  rows that differ and inserting their new ones gives the same tables in the
  same order, and the same search index. The tables whose statistics can
  have changed are ANALYZEd again, sqlite_stat1 kept in a full ANALYZE's order;
- an export's lines are in that order, so the new file is the old one with
  the lines of the rows that went taken out and those of the rows that came
  put in. The lines are found by counting line ends up to them (not by
  splitting the ~200 MB files), checked against what the previous database
  holds, and the stretches between are copied as they are
  (os.copy_file_range: in the kernel). Files with no changed line are hard
  links to the live ones (nothing is ever modified in place);
- the site-wide tables (tables.SITE_WIDE: parties, gathered across
  departments) are built anew from the whole publication and compared whole.

The file gongshi.db is not byte-identical to a clean build's (the pages are
laid out differently, and the search index has more than one segment), but
every table holds the same rows in the same order.

Anything unexpected in the previous output (a missing file, another schema,
an export that does not start and end as the database says, a line not where
its row says) makes `render` give up, remove what it wrote, and return False:
the caller then renders from scratch. (A CSV cell holding a line break before
a changed line is one such case.)
"""

from __future__ import annotations

import logging
import mmap
import os
import sqlite3
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

from .. import changes, files
from ..catalog import CSV_SUFFIX, DB_NAME, JSONL_SUFFIX, TABLES, Table
from ..publicity import Publication
from . import database, exports, rowids, search
from .tables import SITE_WIDE, site_wide, values

log = logging.getLogger(__name__)

_MAP_FROM = 1 << 20  # bytes: exports this big are mapped, smaller ones read
_SHORT_LINES = 800  # bytes: below this line length, line ends are counted a chunk at a time rather than found one by one
_CHUNK = 1 << 16
_RELEASE = 1 << 22  # bytes of a mapped export counted through before its pages are let go of
_COPY_PIECE = 1 << 23  # bytes written at a time where the kernel cannot copy
_KEYS = 300  # keys named in one statement


class Unusable(Exception):
    """The previous output cannot be taken over; render from scratch."""


@dataclass
class _Edit:
    """In an export: the old lines [a, b) give way to new ones. Lines are named as their rows are: by key, or by rowid
    in decisions (old ones by their rowid in the previous database, new ones by theirs in the new)."""

    a: int
    b: int
    old: list
    new: list
    anchor: object = None  # an insertion (a == b): the old line a, to check the place by; None at the end


@dataclass
class _Plan:
    """What changes in one table: the rows the database loses and gains, and the exports' edits."""

    gone: list  # the names of the old rows taken out of the database (keys, or rowids in decisions)
    come: list  # those of the new rows put in
    old: dict[object, tuple]  # old rows by name, as the previous database holds them: those the edits name
    new: dict[object, Sequence]  # new rows by name: those the edits name
    edits: list[_Edit]  # in file order
    moves: list[tuple[int, int]] = field(default_factory=list)  # decisions: (old rowid, new rowid) of unchanged rows
    old_json: dict[object, bytes] = field(default_factory=dict)  # JSON Lines of `old`, from the previous database


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
    new = values(Publication(publication.as_of, publication.region,
                             [d for d in publication.departments if d.slug in changed]), with_site_wide=False)
    plans: dict[str, _Plan] = {}
    with closing(_open_ro(old_db)) as old:
        _check_previous(old, slugs)
        for t in TABLES:
            _check_exports(old, t, previous)
        for t in TABLES if changed else ():
            if t.name == "decisions":  # (its rows let go of once planned: at 1,000,000 decisions, gigabytes)
                plan = _plan_decisions(old, t, changed, new.pop(t.name, []))
            elif t.name in SITE_WIDE:
                plan = _plan_keys(old, t, "1", [], site_wide(publication, t.name))
            elif t.name != "region":  # (the region is in every department's key: changed, all is rendered anew)
                plan = _plan_keys(old, t, *_owned_by(t, sorted(changed)), new.get(t.name, []))
            else:
                continue
            if plan is not None:
                plan.old_json = _json(old, t, sorted(plan.old))
                plans[t.name] = plan
    db_path = out_dir / DB_NAME
    if plans:
        _update_database(old_db, db_path, plans, made)
    else:
        _link(old_db, db_path, made)
    with closing(_open_ro(db_path)) as conn:
        for t in TABLES:
            if t.name in plans:
                _write_exports(conn, t, plans[t.name], previous, out_dir, made)
            else:
                for suffix in (CSV_SUFFIX, JSONL_SUFFIX):
                    _link(previous / f"{t.name}{suffix}", out_dir / f"{t.name}{suffix}", made)


# ---------------------------------------------------------------- the previous build


def _open_ro(path: Path) -> sqlite3.Connection:
    if not path.is_file():
        raise Unusable(f"{path} is missing")
    return sqlite3.connect(f"{path.resolve().as_uri()}?immutable=1", uri=True)


def _check_previous(conn: sqlite3.Connection, slugs: list[str]) -> None:
    """The previous database has this schema version and the same departments."""
    if conn.execute("PRAGMA user_version").fetchone()[0] != database.SCHEMA_VERSION:
        raise Unusable("another schema version")
    if sorted(s for (s,) in conn.execute("SELECT slug FROM departments")) != sorted(slugs):
        raise Unusable("other departments")


def _formats(table: Table) -> tuple[tuple[str, bytes, bytes], ...]:
    """(suffix, the bytes the file starts with, line end) of the table's two exports."""
    return ((CSV_SUFFIX, exports.csv_head(table), b"\r\n"), (JSONL_SUFFIX, b"", b"\n"))


def _check_exports(conn: sqlite3.Connection, table: Table, previous: Path) -> None:
    """The previous exports of a table are there, start as they should, and end with the line of its last row.

    (Not a count of their lines: that would read them whole. The lines an edit replaces, or inserts before, are
    checked against the previous database when they are found.)"""
    last = dict(_rows(conn, table, "1", last=True))
    lines = {CSV_SUFFIX: _csv(table, last), JSONL_SUFFIX: _json(conn, table, list(last))}
    for suffix, head, sep in _formats(table):
        path = previous / f"{table.name}{suffix}"
        if not path.is_file():
            raise Unusable(f"{path} is missing")
        with open(path, "rb") as fp:
            size = os.fstat(fp.fileno()).st_size
            if fp.read(len(head)) != head:
                raise Unusable(f"{path} does not start as expected")
            body = size - len(head)
            last_line = b"".join(line + sep for line in lines[suffix].values())  # b"" for an empty table
            tail = last_line if body == len(last_line) else sep + last_line  # the whole body, or its end
            if not last_line and body:
                raise Unusable(f"{path} has lines for an empty table")
            if tail:
                if body < len(tail):
                    raise Unusable(f"{path} is too short")
                fp.seek(size - len(tail))
                if fp.read() != tail:
                    raise Unusable(f"{path} does not end with the line of the last row")


def _rows(conn: sqlite3.Connection, table: Table, where: str, params: Sequence = (), *, last: bool = False
          ) -> Iterator[tuple[object, tuple]]:
    """(name, row) of the rows `where` picks (or of the last row only), in the table's order, as they are read: a
    row's name is its key as a tuple, or its rowid in decisions."""
    ident = exports.identity(table)
    one = rowids.has_rowids(table)
    n = 1 if one else len(table.pk)
    order = ("rowid DESC" if one else ", ".join(f"[{k}] DESC" for k in table.pk)) + " LIMIT 1" if last else ident
    cols = ", ".join(f"[{c.name}]" for c in table.columns)
    for r in conn.execute(f"SELECT {ident}, {cols} FROM [{table.name}] WHERE {where} ORDER BY {order}", params):
        yield (r[0] if one else r[:n]), r[n:]


def _named(table: Table, names: Sequence) -> Iterator[tuple[str, list]]:
    """SQL conditions (with their parameters) picking the rows of these names, a few hundred at a time."""
    if rowids.has_rowids(table):
        yield "rowid IN (" + ", ".join(str(int(i)) for i in names) + ")", []
        return
    one = "(" + ", ".join("?" for _ in table.pk) + ")"
    for start in range(0, len(names), _KEYS):
        part = names[start : start + _KEYS]
        yield f"({exports.identity(table)}) IN (VALUES {', '.join([one] * len(part))})", [v for k in part for v in k]


def _json(conn: sqlite3.Connection, table: Table, names: Sequence) -> dict[object, bytes]:
    """The JSON Lines of the rows of these names (line ends not included)."""
    out: dict[object, bytes] = {}
    one = rowids.has_rowids(table)
    for where, params in _named(table, names) if names else ():
        out.update((r[0] if one else r[:-1], r[-1]) for r in conn.execute(exports.json_sql(table, where, ident=True),
                                                                           params))
    return out


def _csv(table: Table, rows: dict[object, Sequence]) -> dict[object, bytes]:
    """The CSV lines of these rows (line ends not included)."""
    lines = exports.csv_lines(table, [list(r) for r in rows.values()])
    return {i: line.encode("utf-8") for i, line in zip(rows, lines, strict=True)}


# ---------------------------------------------------------------- what changes


def _compare(old: Iterator[tuple[object, tuple]], new: dict
             ) -> tuple[list, list, dict[object, tuple]]:
    """(the names of the old rows that are not the new one of their name, those of the new rows that are not the old
    one, the old rows of the first), in the table's order. Old rows are compared as they are read: holding them all
    beside the new doubled a large rebuild's memory (a new day redoes most of a large region; the parties are
    rebuilt whole)."""
    gone, referred, same = [], {}, set()
    for i, row in old:
        mate = new.get(i)
        if mate is not None and tuple(mate) == row:
            same.add(i)
        else:
            gone.append(i)
            referred[i] = row
    return gone, sorted(i for i in new if i not in same), referred


def _anchors(conn: sqlite3.Connection, table: Table, edits: list[_Edit]) -> dict[object, tuple]:
    """The old rows that insertions go before: the place of each is checked in the exports by its line."""
    out: dict[object, tuple] = {}
    for where, params in _named(table, [e.anchor for e in edits if e.anchor is not None]):
        out.update(_rows(conn, table, where, params))
    return out


def _owned_by(table: Table, slugs: list[str]) -> tuple[str, list[str]]:
    """The condition (and its parameters) picking these departments' rows of a department table."""
    marks = ", ".join("?" for _ in slugs)
    column = "slug" if table.name == "departments" else "department"
    if column in (c.name for c in table.columns):
        return f"[{column}] IN ({marks})", slugs
    first = f"[{table.pk[0]}]"  # `slug/…`
    return f"substr({first}, 1, instr({first}, '/') - 1) IN ({marks})", slugs


def _plan_keys(conn: sqlite3.Connection, table: Table, where: str, params: Sequence, rows: list[list]
               ) -> _Plan | None:
    """A WITHOUT ROWID table: the old rows `where` picks (the changed departments', or all), and their new `rows`:
    those that are not the same under their key go and come, in the database and in the exports."""
    at = [[c.name for c in table.columns].index(k) for k in table.pk]
    new = {tuple(r[i] for i in at): r for r in rows}
    gone, come, referred = _compare(_rows(conn, table, where, params), new)
    if not gone and not come:
        return None
    ident = exports.identity(table)
    every = conn.execute(f"SELECT {ident} FROM [{table.name}] ORDER BY {ident}").fetchall()  # the exports' lines
    edits = _edits(table, every, gone, come, [])
    referred.update(_anchors(conn, table, edits))
    return _Plan(gone, come, referred, {i: new[i] for i in come}, edits)


def _plan_decisions(conn: sqlite3.Connection, table: Table, changed: set[str], rows: list[list]) -> _Plan | None:
    """Decisions: the changed departments' rows that differ, and the other decisions of the same days that take
    new ranks (rowids) because the day's set of decisions changed. Only the rows that differ are edited in the
    exports (a decision moved to another rowid keeps its line, and its place among the other lines)."""
    names = [c.name for c in table.columns]
    date_at, id_at = names.index("decision_date"), names.index("id")
    marks = ", ".join("?" for _ in changed)
    where = f"department IN ({marks})"
    old_days: dict[int, list[str]] = defaultdict(list)
    was: dict[str, int] = {}
    for i, d in conn.execute(f"SELECT rowid, id FROM decisions WHERE {where}", sorted(changed)):
        old_days[i >> rowids.DAY_SHIFT].append(d)
        was[d] = i
    new_days: dict[int, list[str]] = defaultdict(list)
    for row in rows:
        new_days[rowids.day(row[date_at])].append(row[id_at])
    placed: dict[str, int] = {}
    moves: list[tuple[int, int]] = []
    for day in sorted(old_days.keys() | new_days.keys()):
        mine = sorted(new_days.get(day, ()))
        if sorted(old_days.get(day, ())) == mine:  # the day's decisions are the same: so are their ranks
            placed.update((d, was[d]) for d in mine)
            continue
        low = day << rowids.DAY_SHIFT
        others = [(d, r) for d, r, dept in conn.execute(
            "SELECT id, rowid, department FROM decisions WHERE rowid BETWEEN ? AND ?", (low, low + rowids.DAY_MASK))
            if dept not in changed]
        for rank, (d, r) in enumerate(sorted([*others, *((d, None) for d in mine)])):
            if r is None:
                placed[d] = low + rank
            elif r != low + rank:
                moves.append((r, low + rank))
    del old_days, new_days, was
    new = {placed[row[id_at]]: row for row in rows}
    gone, come, referred = _compare(_rows(conn, table, where, sorted(changed)), new)
    if not gone and not come:
        return None
    # the exports' lines are in rowid order (from the small year index, not a walk over the 100+ MB table)
    every = sorted(map(int, (conn.execute(
        "SELECT group_concat(rowid) FROM decisions INDEXED BY idx_decisions_year").fetchone()[0] or "0").split(",")))
    edits = _edits(table, [] if every == [0] else every, gone, come, moves)
    referred.update(_anchors(conn, table, edits))
    return _Plan(gone, come, referred, {i: new[i] for i in come}, edits, moves)


def _edits(table: Table, every: list, gone: list, come: list, moves: list[tuple[int, int]]) -> list[_Edit]:
    """The exports' edits (their lines are in the order of the rows' names): the lines of the rows that go taken
    out, those of the rows that come put in where their names place them, among the old names `every` (sorted)
    less those that go or move, plus the rowids decisions moved to (`gone` and `come` sorted). Each insertion
    anchored on the old line it goes before."""
    gone_at = [bisect_left(every, r) for r in gone]
    if any(at == len(every) or every[at] != r for at, r in zip(gone_at, gone, strict=True)):
        raise Unusable(f"{table.name}: the rows read miss some")
    edits = [_Edit(at, at + 1, [r], []) for at, r in zip(gone_at, gone, strict=True)]
    drop = sorted([*gone, *(r for r, _ in moves)])
    moved_to = sorted(to for _, to in moves)
    skipped = 0
    for r in come:
        kept = bisect_left(every, r) - bisect_left(drop, r) + bisect_left(moved_to, r)  # old lines kept before it
        while skipped < len(gone_at) and gone_at[skipped] <= kept + skipped:
            skipped += 1
        edits.append(_Edit(kept + skipped, kept + skipped, [], [r]))
    edits = _merge(sorted(edits, key=lambda e: (e.a, e.b)))
    for e in edits:
        if e.a == e.b and e.a < len(every):
            e.anchor = every[e.a]
    return edits


def _merge(edits: list[_Edit]) -> list[_Edit]:
    """Edits in file order, those that touch made one."""
    out: list[_Edit] = []
    for e in edits:
        if out and out[-1].b == e.a:
            out[-1] = _Edit(out[-1].a, e.b, out[-1].old + e.old, out[-1].new + e.new)
        else:
            out.append(e)
    return out


# ---------------------------------------------------------------- the database


def _link(src: Path, dst: Path, made: list[Path]) -> None:
    """Take an unchanged file over from the live output."""
    made.append(dst)
    files.link(src, dst)


def _update_database(old_db: Path, path: Path, plans: dict[str, _Plan], made: list[Path]) -> None:
    """A copy of the previous database with the rows that differ replaced, renamed into place at the end."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    made.extend([tmp, path])
    files.copy(old_db, tmp)
    conn = sqlite3.connect(tmp, isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode = OFF")
        conn.execute("PRAGMA synchronous = OFF")
        conn.execute("BEGIN")
        for t in TABLES:
            plan = plans.get(t.name)
            if plan is None:
                continue
            if not rowids.has_rowids(t):
                match = " AND ".join(f"[{k}] = ?" for k in t.pk)
                conn.executemany(f"DELETE FROM [{t.name}] WHERE {match}", plan.gone)
                conn.executemany(database.insert_sql(t), [plan.new[k] for k in plan.come])
                continue
            # decisions; a contentless search index must be told the text it indexed
            database.index(conn, t, [plan.old[r] for r in plan.gone], plan.gone, "delete")
            conn.executemany("DELETE FROM decisions WHERE rowid = ?", [(r,) for r in plan.gone])
            _move_decisions(conn, t, plan.moves)
            conn.executemany(database.insert_sql(t), [(r, *plan.new[r]) for r in plan.come])
            database.index(conn, t, [plan.new[r] for r in plan.come], plan.come)
        _analyze(conn, plans)
        conn.execute("COMMIT")
    finally:
        conn.close()
    os.replace(tmp, path)


def _analyze(conn: sqlite3.Connection, plans: dict[str, _Plan]) -> None:
    """ANALYZE again the tables whose statistics can have changed; sqlite_stat1 keeps the order of its rows, and
    their rowids, as a full ANALYZE (that of the previous build) gives them.

    A table's sqlite_stat1 rows depend on its row count and, for each index, on how many distinct values each
    leading part of the index's columns takes: they stay the same when the rows that go and those that come have
    the same index columns (a decision's text corrected, say), and rowids play no part."""
    tables = {t.name: t for t in TABLES}
    names = [name for name, plan in plans.items() if _index_keys_change(conn, tables[name], plan)]
    decisions = plans.get("decisions")
    if decisions is not None and len(decisions.gone) != len(decisions.come):
        names.append(f"{search.FTS_TABLE}_docsize")  # a row per decision
    if not names:
        return
    before = conn.execute("SELECT rowid, tbl, idx FROM sqlite_stat1 ORDER BY rowid").fetchall()
    for name in names:
        conn.execute(f"ANALYZE [{name}]")
    stats = {(tbl, idx): stat for tbl, idx, stat in conn.execute("SELECT tbl, idx, stat FROM sqlite_stat1")}
    if sorted(stats, key=repr) != sorted(((tbl, idx) for _, tbl, idx in before), key=repr):
        conn.execute("ANALYZE")  # rows came or went: what a full ANALYZE writes, in its order
        return
    conn.execute("DELETE FROM sqlite_stat1")
    conn.executemany("INSERT INTO sqlite_stat1 (rowid, tbl, idx, stat) VALUES (?, ?, ?, ?)",
                     [(r, tbl, idx, stats[tbl, idx]) for r, tbl, idx in before])


def _index_keys_change(conn: sqlite3.Connection, table: Table, plan: _Plan) -> bool:
    """Whether the rows that go and those that come differ in number, or in the columns of one of the table's
    indexes (as multisets)."""
    if len(plan.gone) != len(plan.come):
        return True
    names = [c.name for c in table.columns]
    for (index,) in conn.execute("SELECT name FROM pragma_index_list(?)", (table.name,)).fetchall():
        cols = [c for (c,) in conn.execute("SELECT name FROM pragma_index_info(?)", (index,))]
        if not set(cols) <= set(names):
            return True  # an index on an expression: assume the worst
        at = [names.index(c) for c in cols]
        if Counter(tuple(plan.old[r][i] for i in at) for r in plan.gone) != \
                Counter(tuple(plan.new[r][i] for i in at) for r in plan.come):
            return True
    return False


def _move_decisions(conn: sqlite3.Connection, table: Table, moves: list[tuple[int, int]]) -> None:
    """Give unchanged decisions new rowids (via negative ones, so no two rows ever share one) and re-index them."""
    if not moves:
        return
    cols = ", ".join(f"[{c.name}]" for c in table.columns)
    rows = [conn.execute(f"SELECT {cols} FROM decisions WHERE rowid = ?", (was,)).fetchone() for was, _ in moves]
    database.index(conn, table, rows, [was for was, _ in moves], "delete")
    conn.executemany("UPDATE decisions SET rowid = -rowid WHERE rowid = ?", [(was,) for was, _ in moves])
    conn.executemany("UPDATE decisions SET rowid = ? WHERE rowid = ?", [(to, -was) for was, to in moves])
    database.index(conn, table, rows, [to for _, to in moves])


# ---------------------------------------------------------------- the exports


def _write_exports(conn: sqlite3.Connection, table: Table, plan: _Plan, previous: Path, out_dir: Path,
                   made: list[Path]) -> None:
    """The table's exports: the previous files with the plan's edits, or links to them where nothing differs."""
    new_ids = sorted({r for e in plan.edits for r in e.new})
    old_csv = _csv(table, plan.old)
    new_csv = _csv(table, {r: plan.new[r] for r in new_ids})
    new_json = _json(conn, table, new_ids)
    for (suffix, head, sep), old, new in zip(_formats(table), (old_csv, plan.old_json), (new_csv, new_json),
                                             strict=True):
        name = f"{table.name}{suffix}"
        _splice(previous / name, out_dir / name, len(head), sep, plan.edits, old, new, made)


def _splice(src: Path, dst: Path, start: int, sep: bytes, edits: list[_Edit], old: dict[int, bytes],
            new: dict[int, bytes], made: list[Path]) -> None:
    """Write `dst`: `src` with the edits made, the unchanged stretches copied as they are."""
    with open(src, "rb") as fp:
        size = os.fstat(fp.fileno()).st_size
        data: bytes | mmap.mmap = mmap.mmap(fp.fileno(), 0, access=mmap.ACCESS_READ) if size >= _MAP_FROM \
            else fp.read()
        try:
            sample = [len(line) for line in (*old.values(), *new.values())]
            lines = _Lines(data, start, chunked=sum(sample) < _SHORT_LINES * len(sample))
            spans = []
            for e in edits:
                at = size if e.a == e.b and e.anchor is None else lines.seek(e.a)
                end = at
                for r in e.old if e.old else [e.anchor] if e.anchor is not None else []:
                    want = old[r] + sep
                    if data[end : end + len(want)] != want:
                        raise Unusable(f"{src.name}: line {e.a} is not what the previous database holds")
                    end += len(want)
                if e.old:
                    lines.at(e.b, end)
                else:
                    end = at
                spans.append((at, end, b"".join(new[r] + sep for r in e.new)))
            if all(data[a:b] == text for a, b, text in spans):
                _link(src, dst, made)
                return
            dst.unlink(missing_ok=True)
            made.append(dst)
            out = os.open(dst, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o666)
            try:
                done = 0
                for a, b, text in spans:
                    if a < done:
                        raise Unusable(f"{src.name}: edits out of order")
                    _copy(fp.fileno(), out, data, done, a)
                    _write_all(out, text)
                    done = b
                _copy(fp.fileno(), out, data, done, size)
            finally:
                os.close(out)
        finally:
            if isinstance(data, mmap.mmap):
                data.close()


class _Lines:
    """Where the lines of an export start, found by counting line ends (each line, CSV's too, ends in \\n) from
    the start of the body; asked for lines in increasing order."""

    def __init__(self, data: bytes | mmap.mmap, start: int, chunked: bool) -> None:
        self.data, self.i, self.pos, self.chunked = data, 0, start, chunked

    def seek(self, line: int) -> int:
        """The offset of a line (not before the last asked for). The mapped pages counted through are let go of
        as it goes: read, each would count in the process's memory (the decisions' exports are 180 MB at 100,000
        decisions, and the oldest decisions, which expire, are at their ends)."""
        data, i, pos = self.data, self.i, self.pos
        if line < i:
            raise Unusable("edits out of order")
        released = pos
        if self.chunked:  # short lines: a chunk's line ends counted at once (bytes.count) beats finding each
            while line - i > 16:
                chunk = data[pos : pos + _CHUNK]
                n = chunk.count(b"\n")
                if n == 0 or i + n > line:
                    break
                i += n
                pos += chunk.rfind(b"\n") + 1
                if pos - released >= _RELEASE:
                    changes.release(data, released, pos)
                    released = pos
        find = data.find
        while i < line:
            end = find(b"\n", pos)
            if end < 0:
                raise Unusable("fewer lines than rows")
            i, pos = i + 1, end + 1
            if pos - released >= _RELEASE:
                changes.release(data, released, pos)
                released = pos
        self.i, self.pos = i, pos
        changes.release(data, released, pos)
        return pos

    def at(self, line: int, pos: int) -> None:
        """Line `line` starts at `pos` (found by the caller)."""
        self.i, self.pos = line, pos


def _copy(src: int, dst: int, data: bytes | mmap.mmap, start: int, end: int) -> None:
    """Append bytes [start, end) of the source file to the destination: in the kernel where it can, else from
    `data` (the source's bytes)."""
    while start < end:
        try:
            n = os.copy_file_range(src, dst, end - start, start)
        except (AttributeError, OSError):
            n = 0
        if n <= 0:
            break
        start += n
    for piece in range(start, end, _COPY_PIECE):
        _write_all(dst, data[piece : min(piece + _COPY_PIECE, end)])
        changes.release(data, piece, piece + _COPY_PIECE)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]
