"""Taking the live output's department folders over into a new build: whole, or with only some pages new.

A rebuild renders only what changed, but its output must be a whole site.
Linking every unchanged page of a changed department into the new tree cost
a folder and a link per page (each page is a folder of its own): on a new
day, when a few pages of most departments change, that was most of the
site's time. So the new build holds only the pages it wrote, and at publish
time each department folder it reuses is moved over from the live output:

- whole (the department did not change): one rename;
- patched: the live folder is moved over, the pages that are not kept (gone,
  or written anew) are moved out of it, the written ones moved in from the
  flat staging folder they were written to, and folders left empty removed.

This runs after the guard has passed and before the swap; what a patched
folder loses is worked out before anything moves, so between the first move
and the swap there are only renames (the live site misses those departments
for that long). Every step is a rename, mkdir or rmdir, recorded before it is
taken, and `undo` reverses them in reverse order, so a failure up to and
including the swap leaves the live output as it was. What was moved out goes
to a folder in the build cache (`trash`), deleted after the swap.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from . import walk


def staging(slug: str) -> str:
    """The folder of the new output that holds a patched department's new pages, one flat file each."""
    return f".staged-{slug}"


@dataclass(frozen=True, slots=True)
class Patch:
    """What a build makes of a department's live folder: the files it keeps (paths relative to the output), and
    the new ones (relative path → the file it was written to, in the department's staging folder).

    The new pages are written flat, not where they go, so that the many whose folder the live output already has
    (list pages, a department's home) cost no folder of their own."""

    kept: frozenset[str] = frozenset()
    written: dict[str, str] = field(default_factory=dict)


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

    def patch(self, slug: str, patch: Patch) -> None:
        """The live folder with only `patch.kept` of its files, plus `patch.written`; the result is `work/slug`.

        What goes is found before anything moves, so the live site misses the department only for the renames."""
        live = os.fspath(self.live / slug)
        gone = []
        found = 0
        for path in walk.files(live):
            rel = path[len(live) + 1 :]
            if f"{slug}/{rel}" in patch.kept:
                found += 1
            else:
                gone.append(rel)
        if found != len(patch.kept):
            raise MissingPage(f"{live}: {len(patch.kept) - found} pages to keep are missing")
        merged = self.work / f".{slug}.taking-over"
        self._rename(live, merged)
        root = os.fspath(merged)
        for rel in gone:
            self._discard(os.path.join(root, rel))
        start = len(slug) + 1
        for rel, path in sorted(patch.written.items()):
            target = os.path.join(root, rel[start:])
            self._folders(os.path.dirname(target), root)
            self._rename(path, target)
        staged = self.work / staging(slug)
        if staged.is_dir():
            self._rmdir(os.fspath(staged))  # empty now
        # folders left empty, the deepest first (a year's list of two pages: .../2019/page/2, then .../2019)
        for folder in sorted({os.path.dirname(os.path.join(root, rel)) for rel in gone}, key=len, reverse=True):
            while folder != root and os.path.isdir(folder) and not os.listdir(folder):
                self._rmdir(folder)
                folder = os.path.dirname(folder)
        self._rename(merged, self.work / slug)

    def undo(self) -> bool:
        """Put everything back where it was, newest step first; False when a step could not be undone (what it
        moved is then still in `work`)."""
        whole = True
        while self.steps:
            try:
                self.steps.pop()()
            except FileNotFoundError:  # recorded, then interrupted before it was taken
                pass
            except OSError:
                whole = False
        try:
            self.trash.rmdir()
        except OSError:
            pass
        return whole

    def _step(self, do: Callable[[], None], undo: Callable[[], None]) -> None:
        """Take a step, its undoing recorded first: an interruption between the two leaves nothing undone (a
        step that fails is not recorded)."""
        self.steps.append(undo)
        try:
            do()
        except OSError:
            self.steps.pop()
            raise

    def _rename(self, src: str | Path, dst: str | Path) -> None:
        self._step(lambda: os.rename(src, dst), lambda: os.rename(dst, src))

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
        self._step(lambda: os.mkdir(folder), lambda: os.rmdir(folder))

    def _rmdir(self, folder: str) -> None:
        self._step(lambda: os.rmdir(folder), lambda: os.mkdir(folder))
