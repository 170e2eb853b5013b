"""The links under a long list: which page numbers to show, with gaps, and the previous and next pages."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(slots=True)
class Paging:
    number: int
    count: int
    total: int  # records
    links: list[tuple[int | None, str | None]]  # (page number, address); (None, None) = gap
    prev: str | None
    next: str | None


def paging(number: int, count: int, total: int, address: Callable[[int], str]) -> Paging:
    """Page links: first, last, and two either side of the current one, with gaps between."""
    wanted = {1, count, *range(number - 2, number + 3)}
    links: list[tuple[int | None, str | None]] = []
    last = 0
    for n in sorted(p for p in wanted if 1 <= p <= count):
        if n > last + 1:
            links.append((None, None))
        links.append((n, address(n)))
        last = n
    return Paging(
        number,
        count,
        total,
        links,
        address(number - 1) if number > 1 else None,
        address(number + 1) if number < count else None,
    )
