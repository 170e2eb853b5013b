"""Taking the live output's department folders over into a new build: whole, or with only some pages new.

A rebuild renders only what changed, but its output must be a whole site.
Linking every unchanged page of a changed department into the new tree cost
a folder and a link per page (each page is a folder of its own): on a new
day, when a few pages of most departments change, that was most of the
site's time. So the new build holds only the pages it wrote, and at publish
time each department folder it reuses is moved over from the live output:

- whole (the department did not change): one rename;
- patched: the live folder is moved over, the pages that are not kept (gone,
  or written anew) are moved out of it, the written ones moved in, and
  folders left empty removed.

This runs after the guard has passed and before the swap. Every step is a
rename, mkdir or rmdir, and `undo` reverses them in reverse order, so a failure
up to and including the swap leaves the live output as it was. What was moved
out goes to a folder in the build cache (`trash`), deleted after the swap.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from . import walk


class MissingPage(Exception):
    """A page the build meant to keep is not in the live output any more (changed by hand since it was read)."""


class Takeover:
    """Department folders moved from `live` into `work`, with what undoes each step."""

    def __init__(self, live: Path, work: Path, trash: Path) -> None:
        self.live, self.work, self.trash = Path(live), Path(work), Path(trash)
        self.steps: list[Callable[[], None]] = []
        self.discarded = 0

    def whole(self, slug: str) -> None:
        """The department's live folder, unchanged."""
        self._rename(self.live / slug, self.work / slug)

    def patch(self, slug: str, kept: frozenset[str]) -> None:
        """The live folder with only `kept` (paths relative to the output) of its files, plus what `work/slug`
        holds (the pages written anew); the result is `work/slug`."""
        staged, merged = self.work / slug, self.work / f".{slug}.taking-over"
        self._rename(self.live / slug, merged)
        root = os.fspath(merged)
        emptied: set[str] = set()
        found = 0
        for path in walk.files(root):
            if f"{slug}/{path[len(root) + 1:]}" in kept:
                found += 1
            else:
                self._discard(path)
                emptied.add(os.path.dirname(path))
        if found != len(kept):
            raise MissingPage(f"{self.live / slug}: {len(kept) - found} pages to keep are missing")
        if staged.is_dir():
            start = len(os.fspath(staged)) + 1
            for path in walk.files(staged):
                target = os.path.join(root, path[start:])
                self._folders(os.path.dirname(target), root)
                self._rename(path, target)
            self._discard(os.fspath(staged))  # only folders are left in it
        for folder in sorted(emptied, key=len, reverse=True):  # the deepest first
            while folder != root and not os.listdir(folder):
                self._rmdir(folder)
                folder = os.path.dirname(folder)
        self._rename(merged, staged)

    def undo(self) -> None:
        """Put everything back where it was, newest step first."""
        while self.steps:
            self.steps.pop()()

    def _rename(self, src: str | Path, dst: str | Path) -> None:
        os.rename(src, dst)
        self.steps.append(lambda: os.rename(dst, src))

    def _discard(self, path: str) -> None:
        if not self.discarded:
            self.trash.mkdir(parents=True, exist_ok=True)
        self.discarded += 1
        self._rename(path, self.trash / str(self.discarded))

    def _folders(self, folder: str, root: str) -> None:
        """Make `folder` (inside `root`) and whatever of its parents is missing."""
        if folder == root or os.path.isdir(folder):
            return
        self._folders(os.path.dirname(folder), root)
        os.mkdir(folder)
        self.steps.append(lambda: os.rmdir(folder))

    def _rmdir(self, folder: str) -> None:
        os.rmdir(folder)
        self.steps.append(lambda: os.mkdir(folder))
