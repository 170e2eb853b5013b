"""The last gate before publishing: no personal data in the output, and an all-or-nothing swap.

The publicity stage already removes personal data; this scan is the second
line, looking at the bytes actually written (pages, feeds, database, CSV), so
a renderer bug cannot leak what publicity held back.
"""

from __future__ import annotations

import mmap
import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from ahocorasick_rs import MATCHKIND_LEFTMOST_LONGEST, BytesAhoCorasick

from . import walk
from .identifiers import ric_checksum_ok
from .load import Dataset, Department
from .publicity import is_minor, mask_name
from .standard import NATURAL_PERSON, SOLE_TRADER

# An ID number is a whole token, a run of ASCII letters and digits (a letter
# next to it makes it something else, such as a licence number); a mobile
# number is a digit run inside a token. Both need eleven digits in a row, so
# candidates are found where bytes.translate (digits → "1", all else → " ")
# and bytes.find (both C speed) see eleven 1s, and only those tokens are cut
# out: a 160 MB database holds a few thousand, a page usually none.
_KEEP = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_KEEP_BYTES = frozenset(_KEEP)
_DIGIT_RUNS = bytes(49 if 48 <= b <= 57 else 32 for b in range(256))
_ELEVEN_DIGITS = b"1" * 11
_RIC = re.compile(rb"[1-9][0-9]{16}[0-9Xx]")
_MOBILE = re.compile(rb"(?<![0-9])1[3-9][0-9]{9}(?![0-9])")


@dataclass(slots=True)
class Leak:
    file: Path
    what: str  # 身份证号码 / 手机号码 / 未隐去的姓名 / 未成年人案件
    sample: str  # never the personal value itself: a position

    def describe(self, root: Path) -> str:
        return f"{self.file.relative_to(root).as_posix()}：{self.what}（{self.sample}）"


class PersonalDataFound(Exception):
    """The output contains personal data; nothing was published."""

    def __init__(self, root: Path, leaks: list[Leak]) -> None:
        super().__init__(f"{len(leaks)} leaks")
        self.root = root
        self.leaks = leaks


def secrets(dataset: Dataset) -> dict[bytes, str]:
    """Values that must never appear in the output, with what they are."""
    return combine([department_secrets(dept) for dept in dataset.departments])


@dataclass(slots=True)
class DepartmentSecrets:
    """One department's share of `secrets`, kept with the department's memo for a rebuild that does not reload it.

    A natural person's name is a secret only if no department publishes the
    same name (an officer, a legal representative, a company), so the names
    stay candidates until `combine` sees every department's public names.
    """

    public_names: set[str]
    candidates: list[tuple[bytes, str, str | None]]  # (value, what it is, the name it is, or None)


def department_secrets(dept: Department) -> DepartmentSecrets:
    public_names = set()
    for p in dept.items("personnel"):
        public_names.add(p.get("name"))
    for rec in dept.decisions:
        if rec["party"].get("legal_rep"):
            public_names.add(rec["party"]["legal_rep"])
        if rec["party"]["kind"] != NATURAL_PERSON:
            public_names.add(rec["party"]["name"])
    candidates: list[tuple[bytes, str, str | None]] = []
    for rec in dept.decisions:
        party = rec["party"]
        number = str(party.get("id_number") or "")
        if number and not ric_checksum_ok(number):  # valid ones are caught by the pattern scan
            candidates.append((number.encode(), "当事人证件号码", None))
        if party["kind"] == NATURAL_PERSON:
            names = [party["name"]]
        elif party["kind"] == SOLE_TRADER:
            names = [party.get("operator")]
        else:
            names = []
        for name in names:
            # a name shorter than three characters is too likely to occur inside other words
            if name and len(name) >= 3 and name != mask_name(name):
                candidates.append((name.encode(), "未隐去的自然人姓名", name))
        if is_minor(rec):
            candidates.append((rec["doc_no"].encode(), "未成年人案件的文号", None))
    public_names.discard(None)
    return DepartmentSecrets(public_names, candidates)


def combine(parts: list[DepartmentSecrets]) -> dict[bytes, str]:
    public_names = set().union(*(p.public_names for p in parts))
    found: dict[bytes, str] = {}
    for part in parts:
        for value, label, name in part.candidates:
            if name is None or name not in public_names:
                found[value] = label
    return found


class Scanner:
    """Looks for personal data in files; built once per build, used on every file written."""

    def __init__(self, needles: dict[bytes, str]) -> None:
        self.needles = needles
        # Aho-Corasick: one pass per file whatever the number of names (a regex
        # alternation of thousands of names is quadratic in practice)
        self.names = list(needles)
        self.automaton = (
            BytesAhoCorasick(self.names, matchkind=MATCHKIND_LEFTMOST_LONGEST) if self.names else None
        )

    def file(self, path: Path, live: Path | None = None) -> list[Leak]:
        """Leaks in `path`; with `live` (its copy in the live output), only in the bytes that differ from it.

        Both are mapped, not read: comparing a 160 MB database with its live
        copy then only touches the blocks compared, straight from the page cache.
        """
        if live is not None:
            try:
                with open(path, "rb") as new_file, open(live, "rb") as old_file:
                    new = mmap.mmap(new_file.fileno(), 0, access=mmap.ACCESS_READ)
                    old = mmap.mmap(old_file.fileno(), 0, access=mmap.ACCESS_READ)
                    with new, old:
                        leaks: list[Leak] = []
                        for start, end in changed_spans(new, old):
                            leaks.extend(self.data(new[start:end], path, start))
                        return leaks
            except (OSError, ValueError):  # no live copy any more, or an empty file (which cannot be mapped)
                pass
        return self.data(path.read_bytes(), path)

    def data(self, data: bytes, path: Path, offset: int = 0) -> list[Leak]:
        leaks: list[Leak] = []
        tokens = _long_tokens(data)
        for token in tokens:
            if len(token) == 18 and _RIC.fullmatch(token) and ric_checksum_ok(token.decode()):
                leaks.append(Leak(path, "身份证号码", f"字节位置 {offset + data.find(token)}"))
                break
        for token in tokens:
            m = _MOBILE.search(token)
            if m:
                leaks.append(Leak(path, "手机号码", f"字节位置 {offset + data.find(m.group())}"))
                break
        if self.automaton is not None:
            hits = self.automaton.find_matches_as_indexes(data)
            if hits:
                which, start, _ = hits[0]
                leaks.append(Leak(path, self.needles[self.names[which]], f"字节位置 {offset + start}"))
        return leaks

    def tree(
        self, root: Path, skip: frozenset[str] = frozenset(), live: Path | None = None, seen: Seen | None = None
    ) -> list[Leak]:
        """Every leak in the files under `root`, leaving out the top-level folders named in `skip`.

        With `live` (the live output's folder for `root`), a file that is a
        hard link to its live copy is not read, and one that has a live copy
        is scanned only where it differs: the rest are bytes already published,
        scanned when they were. A rebuild after one change then scans
        megabytes, not the hundreds a large region's feeds and database hold.
        Files `seen` scanned as they were written are not read again.
        """
        leaks: list[Leak] = []
        for entry in sorted(root.iterdir()):
            if entry.name in skip:
                continue
            paths = sorted(walk.files(entry)) if entry.is_dir() else [os.fspath(entry)]
            for path in paths:
                if seen is not None and path in seen.paths:
                    continue
                copy = os.path.join(live, os.path.relpath(path, root)) if live is not None else None
                if copy is not None:
                    try:
                        if os.path.samestat(os.stat(path), os.stat(copy)):
                            continue
                    except OSError:
                        copy = None
                leaks.extend(self.file(Path(path), Path(copy) if copy else None))
        return leaks


class Seen:
    """Scans bytes on their way to a file, remembering the path: `Scanner.tree` then skips the file.

    It is only told about files written in its own process, so a file written
    by a forked worker is not in `paths` and is read from disk as usual.
    """

    def __init__(self, scanner: Scanner) -> None:
        self.scanner = scanner
        self.paths: set[str] = set()
        self.leaks: list[Leak] = []

    def __call__(self, data: bytes, path: str) -> None:
        self.leaks.extend(self.scanner.data(data, Path(path)))
        self.paths.add(path)


# Bytes scanned on either side of a changed span: more than any secret is long,
# so whatever overlaps the change is read whole.
MARGIN = 1024
BLOCK = 1 << 16


def changed_spans(new: bytes | mmap.mmap, old: bytes | mmap.mmap) -> list[tuple[int, int]]:
    """Ranges of `new` outside which its bytes are `old`'s at the same place or in the same tail.

    Two shapes of change cover the outputs a rebuild rewrites: a database
    copied and updated in place (its changed pages are where they were; the
    other 64 KiB blocks compare equal) and a text file with lines replaced
    (everything before the first and after the last difference is old). Each
    range is widened by MARGIN and then to the ends of the letter-and-digit
    runs it cuts, so the scan never sees half a number.
    """
    n, m = len(new), len(old)
    limit = min(n, m)
    prefix = _common_prefix(new, old, limit)
    if prefix == n == m:
        return []
    suffix = _common_suffix(new, old, limit - prefix)
    lo, hi = prefix, n - suffix
    spans: list[list[int]] = []
    for block in range(lo - lo % BLOCK, hi, BLOCK):
        if new[block : block + BLOCK] == old[block : block + BLOCK]:
            continue
        start, end = max(lo, block), min(hi, block + BLOCK)
        if spans and start <= spans[-1][1] + 2 * MARGIN:
            spans[-1][1] = end
        else:
            spans.append([start, end])
    return [(_run_start(new, max(0, a - MARGIN)), _run_end(new, min(n, b + MARGIN))) for a, b in spans]


def _common_prefix(a: bytes | mmap.mmap, b: bytes | mmap.mmap, limit: int) -> int:
    """Length of the common prefix (at most `limit`): block by block, then by halving within the block."""
    i = 0
    while i + BLOCK <= limit and a[i : i + BLOCK] == b[i : i + BLOCK]:
        i += BLOCK
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
    lo, hi = k, min(k + BLOCK, limit)
    while lo < hi:  # a[n-lo:] == b[m-lo:]; the first difference from the end is before hi
        mid = (lo + hi + 1) // 2
        if a[n - mid : n - k] == b[m - mid : m - k]:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _long_tokens(data: bytes) -> list[bytes]:
    """The tokens of `data` that hold eleven or more digits in a row, in order, each once."""
    digits = data.translate(_DIGIT_RUNS)
    tokens = []
    end = 0
    i = digits.find(_ELEVEN_DIGITS)
    while i >= 0:
        if i >= end:  # not inside the token just taken
            start, end = _run_start(data, i), _run_end(data, i)
            tokens.append(data[start:end])
        i = digits.find(_ELEVEN_DIGITS, max(end, i + 1))
    return tokens


def _run_start(data: bytes | mmap.mmap, i: int) -> int:
    while i > 0 and data[i - 1] in _KEEP_BYTES:
        i -= 1
    return i


def _run_end(data: bytes | mmap.mmap, i: int) -> int:
    while i < len(data) and data[i] in _KEEP_BYTES:
        i += 1
    return i


def scan(root: Path, dataset: Dataset) -> list[Leak]:
    """Every file under `root` that contains personal data."""
    return Scanner(secrets(dataset)).tree(root)


def swap(new: Path, target: Path) -> None:
    """Put the finished build `new` in place of `target` in one step each way."""
    old = target.with_name(f".{target.name}.old")
    if old.exists():
        shutil.rmtree(old)
    if target.exists():
        os.replace(target, old)
    try:
        os.replace(new, target)
    except BaseException:
        if old.exists():
            os.replace(old, target)
        raise
    if old.exists():
        shutil.rmtree(old)
