"""RFC 5005 archived feeds: a subscription document plus archive documents by days of the month.

Entries are filed by the day on which they were placed (ledger.py). The
subscription document holds the open months (the current and the previous
one); each older month is sealed into archive documents, one per range of
`DAYS_PER_PAGE` days (1–10, 11–20, 21 to the month's end), each written only
when it holds something: `2024-03.atom`, `2024-03-2.atom`, `2024-03-3.atom`.

Why fixed day ranges: an entry's document depends on its own placement day
and nothing else, so no entry ever moves from one archive document to
another because another entry came or went. New entries can only be placed
in open months, so an archive never changes when decisions arrive; an entry
withdrawn, expired, deleted or corrected leaves its own document (a
tombstone, or the corrected entry, is placed in the open months, so a
consumer learns it from the subscription document) and nothing else in that
document or any other changes. A document whose entries all left disappears
and its neighbours link past it; the newest archive gains its `next-archive`
link when the next month is sealed.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from .ledger import open_start
from .records import Item

DAYS_PER_PAGE = 10


@dataclass(slots=True)
class Document:
    page: str | None  # None: the subscription document; else "2024-03", "2024-03-2" …
    items: list[Item]  # newest first, ties by id


def newest_first(items: list[Item]) -> list[Item]:
    return sorted(items, key=lambda i: (-i.sort_key[0].timestamp(), i.sort_key[1]))


def page_of(day: date, days: int | None = None) -> tuple[int, int, int]:
    """(year, month, range within the month) of the archive document an entry placed on `day` belongs to."""
    days = days or DAYS_PER_PAGE
    last = max(1, 28 // days) - 1  # the last range runs to the month's end
    return day.year, day.month, min((day.day - 1) // days, last)


def page_name(page: tuple[int, int, int]) -> str:
    year, month, k = page
    return f"{year:04d}-{month:02d}" + (f"-{k + 1}" if k else "")


def page_order(name: str) -> tuple[int, ...]:
    """Archive page names in time order ("2024-03-10" after "2024-03-2")."""
    return tuple(int(part) for part in name.split("-")) + ((1,) if name.count("-") == 1 else ())


def split(items: list[Item], as_of: date, days: int | None = None) -> tuple[Document, list[Document]]:
    """(subscription document, archive documents oldest first)."""
    start = open_start(as_of)
    # each item's sort key is computed once: (timestamp, id, position) keeps sorted()'s stability on ties
    keyed = []
    for n, item in enumerate(items):
        when, ident = item.sort_key
        keyed.append((when.timestamp(), ident, n, when.date(), item))
    keyed.sort(key=_oldest_first)
    current = [k for k in keyed if k[3] >= start]
    pages: dict[tuple[int, int, int], list[tuple]] = defaultdict(list)
    for k in keyed:
        day = k[3]
        if day < start:
            pages[page_of(day, days)].append(k)
    archives = [Document(page_name(page), _newest_first_keyed(members)) for page, members in sorted(pages.items())]
    return Document(None, _newest_first_keyed(current)), archives


def _oldest_first(k: tuple) -> tuple:
    return k[0], k[1], k[2]


def _newest_first_keyed(keyed: list[tuple]) -> list[Item]:
    """`newest_first` of items already keyed by `split`."""
    return [k[4] for k in sorted(keyed, key=_newest_key)]


def _newest_key(k: tuple) -> tuple:
    return -k[0], k[1], k[2]
