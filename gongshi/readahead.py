"""Reading ahead: a forked process reads, checks and decides the later departments while the build does the earlier.

A build reads, checks and decides every department whose files changed before anything renders (load.validate
with build's `keep`), in one process: a whole build of 100,000 decisions spent 15 of its 85 s there while the
second core idled. The child takes the later departments in folder order, about half of the bytes to read, and
hands each back as a memo (memo.py), as if a previous build had kept it. The build takes those as it takes
the memos in its cache (load's `known`): the region-wide checks see their claims, and the department is
published from the memo's decision.

The child hands back only departments it read without an error. One with an error, or all of them if the child
fails, the build reads itself, so a build that fails reports the same problems as one without a child.

A rebuild reads few departments, but on a new day it decides again those whose memo does not hold for the day
(publicity.stable_days): at 1,000,000 decisions most of them, 20 s. The child decides its half of those again
too, from the memos in the build's cache, and hands back the new memos.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from datetime import date
from multiprocessing.connection import Connection
from pathlib import Path

from . import processes, walk
from .load import Department, Known, validate
from .memo import Memo

Decide = Callable[[Department, dict], Memo]  # a department read and checked → its memo
# a folder and region.yaml's settings → False: no memo of it in the build's cache (read it); True: the cached memo
# holds for the day (the build takes it from its cache); a memo: the cached one decided again for the day
Settle = Callable[[Path, dict], Memo | bool]


class ReadAhead:
    """The forked child (none unless `fork`), and the memos it handed back (`take`); leaving the `with` ends it
    whatever it is doing."""

    def __init__(self, root: Path, as_of: date, decide: Decide, settle: Settle, fork: bool = True) -> None:
        self.slugs = frozenset(p.name for p in later_half(_departments(root))) if fork else frozenset()
        self.memos: dict[str, Memo] | None = None  # received on the first `take`
        self.process = None
        if self.slugs:
            self.process, self.receive = processes.forked(_child, root, as_of, self.slugs, decide, settle)

    def __enter__(self) -> ReadAhead:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.process is not None:
            if self.process.is_alive():  # (load failed before it asked the child for anything)
                self.process.kill()
            self.process.join()
            self.receive.close()

    def take(self, slug: str) -> Memo | None:
        """The child's memo of the department `slug`: None if it is not one of the child's, or the child could
        not decide it (an error in its files, the child failed): the build reads it itself."""
        if slug not in self.slugs:
            return None
        if self.memos is None:
            self.memos = {}
            try:
                while (message := self.receive.recv()) is not None:  # one memo at a time: no second copy of all
                    self.memos[message.slug] = message
            except (EOFError, OSError):  # the child died: what it did not hand back is read here
                pass
        return self.memos.pop(slug, None)


def later_half(folders: list[Path]) -> list[Path]:
    """The last folders that hold about half of all the folders' bytes (what reading and checking goes with)."""
    sizes = [_size(folder) for folder in folders]
    total, behind = sum(sizes), 0
    for i in range(len(folders) - 1, -1, -1):
        if 2 * (behind + sizes[i]) > total:
            return folders[i + 1 :]
        behind += sizes[i]
    return []


def _departments(root: Path) -> list[Path]:
    """The folders load reads as departments, in its order (a link is never followed: load refuses it)."""
    try:
        with os.scandir(root) as entries:
            return sorted(Path(e.path) for e in entries if not e.name.startswith(".") and e.is_dir(follow_symlinks=False))
    except OSError:  # (no datasets folder: load says so)
        return []


def _size(folder: Path) -> int:
    try:
        return sum(os.lstat(path).st_size for path in walk.files(folder))
    except OSError:  # (gone meanwhile: load reports it)
        return 0


def _child(root: Path, as_of: date, slugs: Iterable[str], decide: Decide, settle: Settle, send: Connection) -> None:
    memos: list[Memo] = []

    def known(folder: Path, region: dict) -> Known | None:
        if folder.name in slugs:
            found = settle(folder, region)
            if found is False:
                return None  # read here
            if found is not True:
                memos.append(found)
        return Known(folder.name, [])  # the build's own, or one it takes from its cache

    try:
        # the region-wide checks see only these departments here; the build checks their claims against the others'
        # (a department handed on is one without an error, and after one with an error none is: see validate)
        validate(root, as_of, known, lambda dept, region: memos.append(decide(dept, region)), warnings=False)
        for found in memos:
            send.send(found)
        send.send(None)
    except BaseException:  # noqa: BLE001 - the build reads what it did not get
        pass
    finally:
        send.close()
