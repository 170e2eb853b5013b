"""What of a rewritten file differs from its live copy: the guard scans only that (see guard.Scanner.file).

A rebuild writes most of its large files anew although most of their bytes
are the live output's, which the live build's guard already scanned. These
functions find the ranges that can hold something new, never fewer.
"""

from __future__ import annotations

import itertools
import mmap
import operator
import sys
from collections.abc import Iterator

# A token: a run of ASCII letters and digits. An ID number is a whole token and a mobile number a digit run
# inside one (guard._numbers), so a range is widened to the ends of the tokens it cuts.
TOKEN_BYTES = frozenset(b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")

# Bytes scanned on either side of a changed span: more than any secret is long,
# so whatever overlaps the change is read whole.
MARGIN = 1024
BLOCK = 1 << 16
RELEASE = 1 << 24  # bytes of a mapped file read before they are released (see release)


def changed_spans(new: bytes | mmap.mmap, old: bytes | mmap.mmap, lines: bool = False) -> list[tuple[int, int]]:
    """Ranges of `new` outside which its bytes are `old`'s at the same place, in the same tail or, with `lines`,
    whole lines that `old` holds somewhere.

    Three shapes of change cover the outputs a rebuild rewrites: a database
    copied and updated in place (its changed pages are where they were; the
    other 64 KiB blocks compare equal), a text file with lines replaced
    (everything before the first and after the last difference is old), and a
    text file with lines of many departments taken out and put in all through
    it (an export: a line that `old` holds was scanned where it was). No
    needle and no number runs across a line end (none holds one), so a line
    is scanned alone. Other ranges are widened by MARGIN and then to the ends
    of the letter-and-digit runs they cut, so the scan never sees half a number.
    """
    n, m = len(new), len(old)
    limit = min(n, m)
    prefix = _common_prefix(new, old, limit)
    if prefix == n == m:
        return []
    suffix = _common_suffix(new, old, limit - prefix)
    lo, hi = prefix, n - suffix
    if lines and hi - lo > 4 * BLOCK:
        return _new_lines(new, old, lo, hi, m - suffix)
    spans: list[list[int]] = []
    for block in range(lo - lo % BLOCK, hi, BLOCK):
        if block % RELEASE == 0:
            release(new, block - RELEASE, block)
            release(old, block - RELEASE, block)
        if new[block : block + BLOCK] == old[block : block + BLOCK]:
            continue
        start, end = max(lo, block), min(hi, block + BLOCK)
        if spans and start <= spans[-1][1] + 2 * MARGIN:
            spans[-1][1] = end
        else:
            spans.append([start, end])
    return [(run_start(new, max(0, a - MARGIN)), run_end(new, min(n, b + MARGIN))) for a, b in spans]


_PIECE = 1 << 23  # bytes of lines split at a time: the files are 100 MB and more, a million lines at 1,000,000 decisions
# What a line is known by: its keyed hash, unless hashing is not randomised (PYTHONHASHSEED=0), when the hash of a
# line is predictable and so could be matched on purpose by a line that holds a secret: then the line itself.
_LINE_KEY = hash if sys.flags.hash_randomization else (lambda line: line)


def _new_lines(new: bytes | mmap.mmap, old: bytes | mmap.mmap, lo: int, hi: int, old_hi: int) -> list[tuple[int, int]]:
    """The runs of whole lines of new[lo:hi] that are not lines of old[lo:old_hi] (both widened to whole lines).

    Line by line in C, not in Python (the new lines are a handful among hundreds of thousands), a piece at a
    time, and the old lines kept as hashes, so memory stays small whatever the file's size."""
    lo = new.rfind(b"\n", 0, lo) + 1
    end = new.find(b"\n", hi)
    hi = len(new) if end < 0 else end + 1
    old_end = old.find(b"\n", old_hi)
    known: set = set()
    for _, lines in _pieces(old, lo, len(old) if old_end < 0 else old_end + 1):
        known.update(map(_LINE_KEY, lines))
    spans: list[list[int]] = []
    for at, lines in _pieces(new, lo, hi):
        starts = list(itertools.accumulate(map(len, lines), initial=0))  # line i starts at at + starts[i] + i
        for i in itertools.compress(range(len(lines)), map(operator.not_, map(known.__contains__, map(_LINE_KEY, lines)))):
            a, b = at + starts[i] + i, min(at + starts[i + 1] + i + 1, hi)
            if spans and spans[-1][1] == a:
                spans[-1][1] = b
            else:
                spans.append([a, b])
    return [(a, b) for a, b in spans if a < b]


def _pieces(data: bytes | mmap.mmap, lo: int, hi: int) -> Iterator[tuple[int, list[bytes]]]:
    """The lines of data[lo:hi] (lo at a line start), _PIECE bytes or so at a time: (offset, lines) per piece,
    each piece cut after a line end. A piece's lines are its bytes split at line ends, less the empty rest after
    its last one."""
    for at, end in pieces(data, lo, hi, _PIECE, lines=True):
        lines = data[at:end].split(b"\n")
        release(data, at, end)
        if lines[-1] == b"":
            lines.pop()
        yield at, lines


def pieces(data: bytes | mmap.mmap, lo: int, hi: int, size: int, lines: bool) -> Iterator[tuple[int, int]]:
    """data[lo:hi] in pieces of about `size` bytes that, read one by one, show what the whole shows.

    With `lines`, each piece ends after a line end: no needle and no number runs across one (a line longer than
    a piece is one piece). Without (a database), a piece ends where the token it cuts ends, and the next one
    starts MARGIN bytes before the cut, at a token's start: more than any needle is long, so whatever the cut
    runs through is read whole in one of the two (a token longer than a piece: the rest is one piece)."""
    while hi - lo > size:
        if lines:
            cut = data.rfind(b"\n", lo, lo + size)
            if cut < 0:  # a line longer than a piece
                cut = data.find(b"\n", lo + size, hi)
            if cut < 0:
                break
            yield lo, cut + 1
            lo = cut + 1
        else:
            start = run_start(data, lo + size - MARGIN)
            if start <= lo:
                break
            yield lo, run_end(data, lo + size)
            lo = start
    if lo < hi:
        yield lo, hi


def _common_prefix(a: bytes | mmap.mmap, b: bytes | mmap.mmap, limit: int) -> int:
    """Length of the common prefix (at most `limit`): block by block, then by halving within the block."""
    i = 0
    while i + BLOCK <= limit and a[i : i + BLOCK] == b[i : i + BLOCK]:
        i += BLOCK
        if i % RELEASE == 0:
            release(a, i - RELEASE, i)
            release(b, i - RELEASE, i)
    lo, hi = i, min(i + BLOCK, limit)
    while lo < hi:  # a[i:lo] == b[i:lo]; the first difference is before hi
        mid = (lo + hi + 1) // 2
        if a[i:mid] == b[i:mid]:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _common_suffix(a: bytes | mmap.mmap, b: bytes | mmap.mmap, limit: int) -> int:
    """Length of the common suffix, at most `limit` (so it never overlaps the common prefix)."""
    n, m = len(a), len(b)
    k = 0
    while k + BLOCK <= limit and a[n - k - BLOCK : n - k] == b[m - k - BLOCK : m - k]:
        k += BLOCK
        if k % RELEASE == 0:
            release(a, n - k, n - k + RELEASE)
            release(b, m - k, m - k + RELEASE)
    lo, hi = k, min(k + BLOCK, limit)
    while lo < hi:  # a[n-lo:] == b[m-lo:]; the first difference from the end is before hi
        mid = (lo + hi + 1) // 2
        if a[n - mid : n - k] == b[m - mid : m - k]:
            lo = mid
        else:
            hi = mid - 1
    return lo


def release(data: bytes | mmap.mmap, lo: int, hi: int) -> None:
    """Unmap the pages of a mapped file's [lo, hi) from this process (the file stays in the page cache): a mapped
    page once read counts in the process's resident memory, and the files compared and scanned are up to
    gigabytes (a database at 1,000,000 decisions)."""
    if isinstance(data, mmap.mmap):
        lo = max(0, lo - lo % mmap.PAGESIZE)
        if hi > lo:
            data.madvise(mmap.MADV_DONTNEED, lo, min(hi, len(data)) - lo)


def run_start(data: bytes | mmap.mmap, i: int) -> int:
    while i > 0 and data[i - 1] in TOKEN_BYTES:
        i -= 1
    return i


def run_end(data: bytes | mmap.mmap, i: int) -> int:
    while i < len(data) and data[i] in TOKEN_BYTES:
        i += 1
    return i
