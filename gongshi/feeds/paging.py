"""RFC 5005 archived feeds: a subscription document plus monthly archive documents.

Entries are filed by the month in which they were placed (ledger.py). The
subscription document holds the open months (the current and the previous
one); each older month is an archive, split into pages of at most
`PAGE_SIZE` entries counted from the month's oldest entry.

Why months and not fixed-size pages over the whole history: an archive must
not change when new decisions arrive, and it should change as little as
possible when an old decision is withdrawn or expires. A month is sealed by
the calendar, not by a count, so new entries can only go to open months, and
a removal rewrites only the month that held the entry (its pages may then
shift by one entry among themselves; they are all already known to a
consumer that has that month). Fixed-size pages over the whole history would
shift every later page on each removal and hide new entries under addresses
a consumer already has.

What does change an archive, and why it is safe:
- an entry withdrawn, expired or deleted leaves its month's page (a tombstone
  is placed in the open months, so a consumer learns it from the subscription
  document);
- an entry that changes leaves its page and is placed again in an open month;
- the newest archive gains its `next-archive` link when the next month is
  sealed; a month whose entries all left disappears and its neighbours link
  past it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from .ledger import open_start
from .records import Item

PAGE_SIZE = 100


@dataclass(slots=True)
class Document:
    page: str | None  # None: the subscription document; else "2024-03", "2024-03-2" …
    items: list[Item]  # newest first, ties by id


def newest_first(items: list[Item]) -> list[Item]:
    return sorted(items, key=lambda i: (-i.sort_key[0].timestamp(), i.sort_key[1]))


def split(items: list[Item], as_of: date, size: int | None = None) -> tuple[Document, list[Document]]:
    """(subscription document, archive documents oldest first)."""
    size = size or PAGE_SIZE
    start = open_start(as_of)
    # each item's sort key is computed once: (timestamp, id, position) keeps sorted()'s stability on ties
    keyed = []
    for n, item in enumerate(items):
        when, ident = item.sort_key
        keyed.append((when.timestamp(), ident, n, when.date(), item))
    keyed.sort(key=_oldest_first)
    current = [k for k in keyed if k[3] >= start]
    months: dict[tuple[int, int], list[tuple]] = defaultdict(list)
    for k in keyed:
        day = k[3]
        if day < start:
            months[(day.year, day.month)].append(k)
    archives = []
    for (year, month), members in sorted(months.items()):
        for n, first in enumerate(range(0, len(members), size), start=1):
            name = f"{year:04d}-{month:02d}" + (f"-{n}" if n > 1 else "")
            archives.append(Document(name, _newest_first_keyed(members[first : first + size])))
    return Document(None, _newest_first_keyed(current)), archives


def _oldest_first(k: tuple) -> tuple:
    return k[0], k[1], k[2]


def _newest_first_keyed(keyed: list[tuple]) -> list[Item]:
    """`newest_first` of items already keyed by `split`."""
    return [k[4] for k in sorted(keyed, key=_newest_key)]


def _newest_key(k: tuple) -> tuple:
    return -k[0], k[1], k[2]
