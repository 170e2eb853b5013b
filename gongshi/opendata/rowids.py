"""Rowids that depend only on a row's own department (or day), so one department can be replaced in place.

Datasette shows a table in primary-key order, but a rowid is still visible:
`select * from t` with no ORDER BY walks rowids, the JSON Lines exports are
written in rowid order, and the search index and its canned query order
decisions by rowid. Dense rowids (1, 2, 3 … in key order) would shift for
every later row when one department gains or loses a row, so an incremental
rebuild could not equal a clean one without renumbering most of the file.

So each row's rowid is a function of things that do not move when another
department changes, and still rises in the table's order:

- a department's tables (all but region, decisions and parties): rows are sorted by
  key, and every key starts with the department (`slug`, or `slug/…`), so a
  department's rows are one block. rowid = rank of the department in that
  key order × 2³² + position in the block (from 1). The ranks change only
  when the set of departments changes, and then everything is rebuilt.
- decisions, newest first then by id: rowid = day × 2²⁰ + rank of the id
  among that day's decisions (from 0), the day counted backwards from
  date.max (≥ 1). A change moves at most the other decisions of the same
  days, and the search index keeps one-byte rowid deltas within a day.
- region: its single row is rowid 1.
- parties (SITE_WIDE): gathered across departments, so no rowid can depend on
  one department; a row's rowid is its key (the credit code) read as a
  number and scaled into 2⁶², so rowids rise with the key and a company
  keeps its rowid when others come or go (keys that fall on one number,
  which takes the first twelve characters alike, take the next numbers up).
  The incremental render builds the table from the whole publication and
  replaces only the rows that differ.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from ..catalog import Table

DEPT_SHIFT = 32
DAY_SHIFT = 20
DAY_MASK = (1 << DAY_SHIFT) - 1
_LAST_DAY = date.max.toordinal() + 1
SITE_WIDE = frozenset({"parties"})  # tables whose rows gather several departments' records (tables.SITE_WIDE)


def is_department_table(table: Table) -> bool:
    """Whether the table's rows belong to one department each (all but region, decisions and the SITE_WIDE)."""
    return table.name not in ("region", "decisions") and table.name not in SITE_WIDE


def _by_slug(table: Table) -> bool:
    """Whether the table's key starts with the bare slug (sorts as `slug`) rather than `slug/…`."""
    return table.pk[0] in ("slug", "department")


def department_ranks(table: Table, slugs: Iterable[str]) -> dict[str, int]:
    """Each department's rank in the table's key order: the high half of its rows' rowids."""
    order = sorted(slugs, key=(lambda s: s) if _by_slug(table) else (lambda s: s + "/"))
    return {slug: rank for rank, slug in enumerate(order)}


def owner_index(table: Table) -> tuple[int, bool]:
    """Which column of a row names its department, and whether that column holds `slug/…` rather than the slug."""
    names = [c.name for c in table.columns]
    if "department" in names:
        return names.index("department"), False
    if table.name == "departments":
        return names.index("slug"), False
    return names.index(table.pk[0]), True


def owners(table: Table, rows: Iterable[Sequence]) -> list[str]:
    """The department slug of each row of a department table."""
    i, prefixed = owner_index(table)
    if prefixed:
        return [row[i].partition("/")[0] for row in rows]
    return [row[i] for row in rows]


def department_rowids(table: Table, rows: Sequence[Sequence], ranks: dict[str, int]) -> list[int]:
    """Rowids of a department table's rows, given in key order (all departments' or only some)."""
    out = []
    last, position = None, 0
    for slug in owners(table, rows):
        position = position + 1 if slug == last else 1
        last = slug
        assert position < 1 << DEPT_SHIFT, f"{table.name}: too many rows for {slug}"
        out.append((ranks[slug] << DEPT_SHIFT) + position)
    return out


def block(rank: int) -> tuple[int, int]:
    """The rowid range (inclusive) of one department's rows in a department table."""
    return rank << DEPT_SHIFT, ((rank + 1) << DEPT_SHIFT) - 1


def day(iso_date: str) -> int:
    """The day part of a decision's rowid: later dates get smaller numbers, all ≥ 1."""
    return _LAST_DAY - date.fromisoformat(iso_date).toordinal()


def decision_rowids(rows: Sequence[Sequence], date_index: int) -> list[int]:
    """Rowids of all decisions, given newest first then by id (the publication's order)."""
    out = []
    last, rank = None, 0
    for row in rows:
        d = day(row[date_index])
        rank = rank + 1 if d == last else 0
        last = d
        assert rank <= DAY_MASK, f"more than {DAY_MASK + 1} decisions on {row[date_index]}"
        out.append((d << DAY_SHIFT) + rank)
    return out


_DIGITS = {c: i for i, c in enumerate("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ")}  # in code point order
_KEY_LENGTH = 18  # a credit code's


def key_rowids(keys: Iterable[str]) -> list[int]:
    """Rowids for rows given in key order: each key, as a base-36 fraction of its first 18 characters, scaled into
    [1, 2⁶²], and at least one more than the row before (so they always rise)."""
    out = []
    last = 0
    for key in keys:
        value = 0
        for ch in key[:_KEY_LENGTH].ljust(_KEY_LENGTH, "0"):
            value = value * 36 + _DIGITS.get(ch, 0)
        last = max((value << 62) // 36**_KEY_LENGTH + 1, last + 1)
        out.append(last)
    return out


def rowids(table: Table, rows: Sequence[Sequence], ranks: dict[str, int] | None) -> list[int]:
    """The rowids of a whole table's rows (as tables.values orders them)."""
    if table.name == "region":
        return list(range(1, len(rows) + 1))
    if table.name in SITE_WIDE:
        return key_rowids(row[0] for row in rows)
    if table.name == "decisions":
        return decision_rowids(rows, [c.name for c in table.columns].index("decision_date"))
    assert ranks is not None
    return department_rowids(table, rows, ranks)
