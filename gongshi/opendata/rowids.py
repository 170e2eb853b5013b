"""Decisions are the one table with rowids; the others are WITHOUT ROWID tables on their key.

A WITHOUT ROWID table stores its rows in key order, and that is the order
they are read in (`select * from t` with no ORDER BY) and exported in, so a
rebuild that replaces some departments' rows gets a clean build's table by
deleting and inserting exactly the rows that differ: there is no number to
keep equal.

Decisions keep a rowid because the search index (FTS5) names documents by it
and lists matches in its order, newest first. A dense rowid (1, 2, 3 …) would
shift for every later decision when one came or went, so a decision's rowid
depends only on its day and on the other decisions of that day: newest
first then by id, rowid = day × 2²⁰ + rank of the id among that day's
decisions (from 0), the day counted backwards from date.max (≥ 1). A change
moves at most the other decisions of the same days, and the search index
keeps one-byte rowid deltas within a day.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from ..catalog import Table

DAY_SHIFT = 20
DAY_MASK = (1 << DAY_SHIFT) - 1
_LAST_DAY = date.max.toordinal() + 1


def has_rowids(table: Table) -> bool:
    """Whether the table has rowids (decisions), rather than being WITHOUT ROWID on its key."""
    return table.name == "decisions"


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
