"""The last gate before publishing: no personal data in the output, and an all-or-nothing swap.

The publicity stage already removes personal data; this scan is the second
line, looking at the bytes actually written (pages, feeds, database, CSV), so
a renderer bug cannot leak what publicity held back.
"""

from __future__ import annotations

import functools
import hashlib
import json
import mmap
import os
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from ahocorasick_rs import MATCHKIND_LEFTMOST_LONGEST, BytesAhoCorasick

from . import changes, identifiers, personal, walk
from .identifiers import region_ever_listed, ric_checksum_ok
from .load import Department
from .publicity import is_minor, mask_name
from .standard import NATURAL_PERSON, SOLE_TRADER

# An ID number is a whole token, a run of ASCII letters and digits (a letter
# next to it makes it something else, such as a licence number); a mobile
# number is a digit run inside a token. Both need eleven digits in a row, so
# candidates are found where bytes.translate (digits → "1", all else → " ")
# and bytes.find (both C speed) see eleven 1s, and only those tokens are cut
# out: a 160 MB database holds a few thousand, a page usually none
# (changes.run_start and run_end find a token's ends).
_DIGIT_RUNS = bytes(49 if 48 <= b <= 57 else 32 for b in range(256))
_ELEVEN_DIGITS = b"1" * 11
_RIC = re.compile(rb"[1-9][0-9]{16}[0-9Xx]")
_MOBILE = re.compile(rb"(?<![0-9])(?:0086|86)?1[3-9][0-9]{9}(?![0-9])")

# Numbers written with separators ("138 1234 5678", "110105-1949-…", "138—1234—5678"): runs of twelve or more
# digits and separator bytes, found like the plain ones with translate and find, then read by `grouped`. The
# separator bytes are every byte of every separator gongshi.personal knows (spaces, hyphens, dashes, dots of
# any width): every page holds some (the templates space items with U+3000, standards are cited as
# GB 2760—2014), so they are read in place, not folded. A byte of a separator is also a byte of other
# characters (the ， of a sentence shares ef bc with the full-width hyphen), so a run is decoded and cut
# at whatever in it is neither a digit nor a separator before it is read.
_SEPARATOR_BYTES = bytes(sorted({b for c in personal.SEPARATORS for b in c.encode()}))
_DIGITS_AND_SEPARATORS = bytes(49 if 48 <= b <= 57 or b in _SEPARATOR_BYTES else 32 for b in range(256))
_SEPARATED = b"1" * 12
_NOT_DIGITS = bytes(b for b in range(256) if not 48 <= b <= 57)
_NOT_IN_A_NUMBER = re.compile(f"[^0-9Xx{re.escape(personal.SEPARATORS)}]+")

# Characters that make the guard look again at the bytes around them, folded as gongshi.personal folds text:
# characters that hide inside a number or a name (zero-width, BOM, soft hyphen, variation selectors …) and
# digits of other forms (full-width, mathematical, Arabic-Indic …). They are found by the same Aho-Corasick
# pass as the names, and only the bytes around each one are folded and read again.
_FOLD_TABLE = {**personal.DIGIT_LIKE, 0xFF38: "X", 0xFF58: "x", **{ord(c): None for c in personal.INVISIBLE}}
# The automaton looks for them by their UTF-8 bytes: whole, where they share a prefix with characters every
# page holds (“ — ， … start e2 80 or ef bc), else only by the prefix or lead byte they share with each other
# (every Arabic-Indic digit starts d9): fifty patterns, not twelve hundred, so a scan for a few names (a
# rebuild's new ones) keeps the automaton's fast path. A prefix found where nothing folds costs one window.
_COMMON_PREFIXES = (b"\xc2", b"\xe2\x80", b"\xe3", b"\xef\xbb", b"\xef\xbc", b"\xef\xbd", b"\xef\xbe", b"\xef\xbf")


def _trigger(cp: int) -> bytes:
    encoded = chr(cp).encode()
    if encoded.startswith(_COMMON_PREFIXES):
        return encoded
    return encoded[:2] if encoded[0] in (0xE2, 0xEF) else encoded[:1]


_FOLD_TRIGGERS = sorted({_trigger(cp) for cp in _FOLD_TABLE})
FOLD_MARGIN = 256  # bytes folded on either side of such a character: more than a name or a number is long
SCAN_PIECE = 1 << 24  # bytes of a file scanned at a time (see changes.pieces)


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


@dataclass(slots=True)
class DepartmentSecrets:
    """One department's share of the secrets (`combine` joins them), kept with the department's memo for a rebuild that does not reload it.

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
        names = [personal.clean_name(n) for n in (*names, *(rec.get("persons") or ())) if n]
        for name in names:
            # a name shorter than three characters is too likely to occur inside other words
            if name and len(name) >= 3 and name != mask_name(name):
                candidates.append((name.encode(), "未隐去的自然人姓名", name))
        if is_minor(rec):
            candidates.append((rec["doc_no"].encode(), "未成年人案件的文号", None))
    public_names.discard(None)
    return DepartmentSecrets(public_names, candidates)


def combine(parts: list[DepartmentSecrets]) -> dict[bytes, str]:
    """Every department's candidate values that are secret region-wide: a name only if no department publishes it."""
    public_names = set().union(*(p.public_names for p in parts))
    found: dict[bytes, str] = {}
    for part in parts:
        for value, label, name in part.candidates:
            if name is None or name not in public_names:
                found[value] = label
    return found


# ---------------------------------------------------------------- what the live output was scanned for
#
# What is secret depends on every department (a name is secret only while no
# department publishes it), so a rebuild's new secrets may be in output it
# reuses: pages of departments that did not change, files linked from the
# live output, the unchanged parts of rewritten files. Those bytes were
# scanned for the secrets of the build that wrote them, so the rebuild scans
# them again for the secrets that build did not have; when nothing says what
# that was, or the scan was made by other code (which may not have known a
# written form this code knows), for everything, as a forced build does. What
# was scanned for is kept beside the memos (hashes only, still personal:
# never in publish/).

SCANNED_FILE = "guard-scanned.json"


def digest(value: bytes) -> str:
    return hashlib.sha256(value).hexdigest()


@functools.cache
def scanner_version() -> str:
    """What the scan looked for besides the needles: the code that recognises numbers and folds text. A build
    with other code (a guard that knows a new written form) trusts no earlier scan and reads everything."""
    h = hashlib.sha256()
    for module in (__file__, changes.__file__, personal.__file__, identifiers.__file__):
        h.update(Path(module).read_bytes())
    h.update(metadata.version("python-stdnum").encode())
    return h.hexdigest()


def scanned_for(cache: Path, live_build: tuple[object, object]) -> set[str] | None:
    """The digests of the needles the live output (identified by its record's inputs and ledger) was scanned for;
    None when that is not known or the scan was made by other code."""
    try:
        kept = json.loads((cache / SCANNED_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if (
        not isinstance(kept, dict)
        or kept.get("build") != list(live_build)
        or kept.get("scanner") != scanner_version()
        or not isinstance(kept.get("needles"), list)
    ):
        return None
    return set(kept["needles"])


def remember_scan(cache: Path, build_id: tuple[object, object], needles: dict[bytes, str]) -> None:
    cache.mkdir(parents=True, exist_ok=True)
    os.chmod(cache, 0o700)
    path = cache / SCANNED_FILE
    tmp = path.with_name(f".{path.name}.{os.getpid()}")
    record = {"build": list(build_id), "scanner": scanner_version(), "needles": sorted(map(digest, needles))}
    tmp.write_text(json.dumps(record), encoding="utf-8")
    os.replace(tmp, path)


def added_needles(needles: dict[bytes, str], scanned: set[str] | None) -> dict[bytes, str] | None:
    """The needles the live output was not scanned for; None when that is not known (scan for all)."""
    if scanned is None:
        return None
    return {value: what for value, what in needles.items() if digest(value) not in scanned}


class Scanner:
    """Looks for personal data in files; built once per build, used on every file written.

    `numbers=False` makes one that looks only for `needles` (the names and
    numbers particular to this region), not for ID and mobile numbers in
    general: what a rebuild runs over reused output when needles were added.
    """

    def __init__(self, needles: dict[bytes, str], numbers: bool = True) -> None:
        self.needles = needles
        self.numbers = numbers
        # Aho-Corasick: one pass per file whatever the number of names (a regex
        # alternation of thousands of names is quadratic in practice); the same
        # pass finds the bytes that call for a folded second look
        self.names = list(needles)
        self.folds = [b for b in _FOLD_TRIGGERS if b not in needles]
        self.automaton = BytesAhoCorasick([*self.names, *self.folds], matchkind=MATCHKIND_LEFTMOST_LONGEST)

    def file(self, path: Path, live: Path | None = None) -> list[Leak]:
        """Leaks in `path`; with `live` (its copy in the live output), only in the bytes that differ from it.

        Both are mapped, not read: comparing a 160 MB database with its live
        copy then only touches the blocks compared, straight from the page cache.
        """
        lines = path.suffix != ".db"
        if live is not None:
            try:
                with open(path, "rb") as new_file, open(live, "rb") as old_file:
                    new = mmap.mmap(new_file.fileno(), 0, access=mmap.ACCESS_READ)
                    old = mmap.mmap(old_file.fileno(), 0, access=mmap.ACCESS_READ)
                    with new, old:
                        spans = changes.changed_spans(new, old, lines=lines)
                        return self._mapped(new, spans, path, lines)
            except (OSError, ValueError):  # no live copy any more, or an empty file (which cannot be mapped)
                pass
        with open(path, "rb") as whole:
            if os.fstat(whole.fileno()).st_size <= SCAN_PIECE:
                return self.data(whole.read(), path)
            with mmap.mmap(whole.fileno(), 0, access=mmap.ACCESS_READ) as data:
                return self._mapped(data, [(0, len(data))], path, lines)

    def _mapped(self, data: mmap.mmap, spans: list[tuple[int, int]], path: Path, lines: bool) -> list[Leak]:
        """The leaks in `spans` of a mapped file, read a piece at a time: a 2 GB database read whole would take
        that much memory again (at 1,000,000 decisions, most of the build's peak)."""
        leaks = []
        for start, end in spans:
            for a, b in changes.pieces(data, start, end, SCAN_PIECE, lines):
                leaks.extend(self.data(data[a:b], path, a))
                changes.release(data, a, b)
        return _one_of_each(leaks)

    def data(self, data: bytes, path: Path, offset: int = 0) -> list[Leak]:
        leaks: list[Leak] = []
        hits = self.automaton.find_matches_as_indexes(data)
        n = len(self.names)
        secret = next((hit for hit in hits if hit[0] < n), None)
        if secret is not None:
            which, start, _ = secret
            leaks.append(Leak(path, self.needles[self.names[which]], f"字节位置 {offset + start}"))
        # not in a database file: its binary pages are full of the lead bytes looked for, and every text value
        # in it is in the CSV and JSON Lines files too, where they are read (see _numbers)
        folds = [(start, end) for which, start, end in hits if which >= n] if path.suffix != ".db" else []
        for lo, hi in _windows(data, folds):  # something hides inside a word or number: look at it folded
            folded = _fold(data[lo:hi])
            if secret is None:
                found = next((hit for hit in self.automaton.find_matches_as_indexes(folded) if hit[0] < n), None)
                if found is not None:
                    secret = found
                    leaks.append(Leak(path, self.needles[self.names[found[0]]], f"字节位置约 {offset + lo + found[1]}（去掉不可见字符后）"))
            if self.numbers:
                leaks.extend(_numbers(folded, path, offset + lo, "（去掉不可见字符、全角转半角后）"))
        if self.numbers:
            leaks.extend(_numbers(data, path, offset, separated=path.suffix != ".db"))
        return _one_of_each(leaks)

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


def _windows(data: bytes, hits: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The stretches of `data` around `hits`, FOLD_MARGIN wide on each side, merged, cut at character starts."""
    out: list[list[int]] = []
    for start, end in hits:
        lo, hi = max(0, start - FOLD_MARGIN), min(len(data), end + FOLD_MARGIN)
        if out and lo <= out[-1][1]:
            out[-1][1] = hi
        else:
            out.append([lo, hi])
    for window in out:
        while window[0] > 0 and 0x80 <= data[window[0]] < 0xC0:  # not in the middle of a character
            window[0] -= 1
        while window[1] < len(data) and 0x80 <= data[window[1]] < 0xC0:
            window[1] += 1
        window[0], window[1] = changes.run_start(data, window[0]), changes.run_end(data, window[1])  # nor of a number
    return [(lo, hi) for lo, hi in out]


def _fold(data: bytes) -> bytes:
    """`data` with invisible characters taken out and digits of any form made ASCII (bytes that are not UTF-8 kept)."""
    return data.decode("utf-8", "surrogateescape").translate(_FOLD_TABLE).encode("utf-8", "surrogateescape")


def _numbers(data: bytes, path: Path, offset: int, how: str = "", separated: bool = True) -> list[Leak]:
    """ID and mobile numbers in `data`: whole tokens of digits, or digits with separators between them.

    Not `separated` in a database file: its records put values side by side
    with nothing between them (2024-05-20 next to 2025-05-20 reads as one
    run), and every text value in it is in the CSV and JSON Lines files too,
    where the separated forms are looked for.
    """
    leaks: list[Leak] = []
    tokens = _long_tokens(data)
    for token in tokens:
        if len(token) == 18 and _RIC.fullmatch(token) and ric_checksum_ok(token.decode()):
            leaks.append(Leak(path, personal.ID_NUMBER, f"字节位置 {offset + data.find(token)}{how}"))
            break
    for token in tokens:
        m = _MOBILE.search(token)
        if m:
            leaks.append(Leak(path, personal.MOBILE, f"字节位置 {offset + data.find(m.group())}{how}"))
            break
    if not separated:
        return leaks
    runs = data.translate(_DIGITS_AND_SEPARATORS)
    i = runs.find(_SEPARATED)
    while i >= 0:
        end = runs.find(b" ", i)
        end = len(runs) if end < 0 else end
        run = data[i:end]
        if len(run.translate(None, _NOT_DIGITS)) >= 11:
            tail = data[end : end + 1]
            text = run.decode("utf-8", "ignore") + (tail.decode() if tail in (b"X", b"x") else "")
            for piece in _NOT_IN_A_NUMBER.split(text):  # what is really digits and separators
                piece = piece.strip(personal.SEPARATORS)
                if piece.isdigit() or sum(c.isdigit() for c in piece) < 11:  # a plain run is a token (above)
                    continue
                for what in grouped(piece):
                    leaks.append(Leak(path, what, f"字节位置 {offset + i}（数字之间有空格或连字符）{how}"))
        i = runs.find(_SEPARATED, end)
    return leaks


# How people group the digits of a number they write out: mobile 138 1234 5678, ID 110105 19491231 002X.
# Only these groupings count for a mobile, and for an ID number whose first six digits are no region code,
# so that coordinates (320 505 256 505 …), dates and amounts next to each other never look like a number;
# an ID number that starts with a region code GB/T 2260 has listed, has a fitting check digit and a real
# birth date is one however it is grouped (digit by digit, in threes …). The scrubber (gongshi.personal)
# is broader, the guard is exact.
_MOBILE_GROUPS = ((3, 4, 4), (3, 8), (7, 4), (3, 3, 5), (4, 3, 4), (1,) * 11)
_ID_GROUPS = ((6, 8, 4), (6, 4, 4, 4), (6, 8, 1, 3), (4, 4, 4, 4, 2), (3, 3, 4, 4, 4), (6, 6, 6))
_GROUP = re.compile(r"[0-9]+[Xx]?|[Xx]")


def grouped(run: str) -> list[str]:
    """What `run` (digits with spaces, hyphens, dashes or dots between them) is: 身份证号码, 手机号码, or nothing.

    The whole run must be one number (a mobile may have 86 in front): a long
    run of coordinates or dates never is.
    """
    groups = _GROUP.findall(run)
    if groups[:1] in (["86"], ["0086"]) and len(groups) > 1:
        groups = groups[1:]
    shape = tuple(len(g) for g in groups)
    number = "".join(groups).upper()
    if shape in _MOBILE_GROUPS and re.fullmatch(r"1[3-9][0-9]{9}", number):
        return [personal.MOBILE]
    if len(number) == 18 and personal.is_id_number(number):
        if shape in _ID_GROUPS or region_ever_listed(number[:6]):
            return [personal.ID_NUMBER]
    return []


def _one_of_each(leaks: list[Leak]) -> list[Leak]:
    """The first leak of each kind: enough to refuse the file, without a flood for one bad value."""
    seen: dict[str, Leak] = {}
    for leak in leaks:
        seen.setdefault(leak.what, leak)
    return list(seen.values())


class Seen:
    """Scans bytes on their way to a file, remembering the path: `Scanner.tree` then skips the file.

    A forked worker's Seen goes back to its parent with `export` and `merge`.
    """

    def __init__(self, scanner: Scanner) -> None:
        self.scanner = scanner
        self.paths: set[str] = set()
        self.leaks: list[Leak] = []

    def __call__(self, data: bytes, path: str) -> None:
        self.leaks.extend(self.scanner.data(data, Path(path)))
        self.paths.add(path)

    def export(self) -> tuple[set[str], list[Leak]]:
        return self.paths, self.leaks

    def merge(self, exported: tuple[set[str], list[Leak]]) -> None:
        self.paths |= exported[0]
        self.leaks.extend(exported[1])


def _long_tokens(data: bytes) -> list[bytes]:
    """The tokens of `data` that hold eleven or more digits in a row, in order, each once."""
    digits = data.translate(_DIGIT_RUNS)
    tokens = []
    end = 0
    i = digits.find(_ELEVEN_DIGITS)
    while i >= 0:
        if i >= end:  # not inside the token just taken
            start, end = changes.run_start(data, i), changes.run_end(data, i)
            tokens.append(data[start:end])
        i = digits.find(_ELEVEN_DIGITS, max(end, i + 1))
    return tokens


def swap(new: Path, target: Path, trash: Path | None = None) -> None:
    """Put the finished build `new` in place of `target` in one step each way.

    The previous output is deleted after the swap; with `trash` (a folder in
    the build cache) it is moved there and deleted by a process of its own,
    so the build does not wait for 100,000 files to be unlinked (a daily
    rebuild spent most of its time there).
    """
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
    if old.exists():  # the new output is live: what is left is tidying up, which a failure must not undo
        try:
            if trash is None:
                shutil.rmtree(old)
            else:
                trash.mkdir(parents=True, exist_ok=True)
                os.replace(old, trash / f"{os.getpid()}-{time.time_ns()}")
                empty(trash)
        except OSError:
            pass  # the next swap deletes `old` before it starts


def empty(trash: Path) -> None:
    """Delete what is in `trash`, in a process that outlives this one."""
    subprocess.Popen(
        [sys.executable, "-c", "import shutil, sys; shutil.rmtree(sys.argv[1], ignore_errors=True)", str(trash)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
