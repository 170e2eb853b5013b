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

What a patched folder holds is known from `Records`, not by listing or
checking its files (at 1,000,000 decisions that was 1.1 million `stat`s, the
largest part of a new day's pages): the build that rendered a folder recorded
every page it put there, and a rebuild trusts those records only when that
build went live. So the live output is taken to be what the last build
published, as a department folder moved over whole always was: a file
changed in publish/ by hand stays as it is until `--force`.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from . import cache as cache_mod
from . import files


def staging(slug: str) -> str:
    """The folder of the new output that holds a patched department's new pages, one flat file each."""
    return f".staged-{slug}"


@dataclass(frozen=True, slots=True)
class Patch:
    """What a build makes of a department's live folder: the files it keeps and the files it no longer has there
    (paths relative to the output), and the new ones (relative path → the file it was written to, in the
    department's staging folder). A file rewritten is both gone and new.

    The new pages are written flat, not where they go, so that the many whose folder the live output already has
    (list pages, a department's home) cost no folder of their own."""

    kept: frozenset[str] = frozenset()
    written: dict[str, str] = field(default_factory=dict)
    gone: tuple[str, ...] = ()


class Records:
    """What each page folder of the live output holds (a department's, the company pages'): every file its pages
    were written to, relative to the output, with the key of its content (pages.Page.key; None for a page
    rendered every time).

    The site records the folders it renders as staged; the build confirms them once its output is published, and
    names the output they describe (`build`, the fingerprint's identity of it). A build refused by the guard, or
    one interrupted before or while confirming, leaves records that `trust` throws away, together with every
    record: the departments that change next are then rendered whole."""

    LIVE, STAGED = "pages", "pages-staged"
    MARKER = "pages-live"  # in the store's folder: the output the records describe

    def __init__(self, root: Path) -> None:
        self.store = cache_mod.Store(root)

    def load(self, folder: str) -> dict[str, str | None]:
        """The folder's record; {} when there is none, or it is not one this code writes (another version's)."""
        found = self.store.load(self.LIVE, folder)
        if not isinstance(found, dict) or not all(
                isinstance(rel, str) and rel.startswith(f"{folder}/") and (key is None or isinstance(key, str))
                for rel, key in found.items()):
            return {}
        return found

    def stage(self, folder: str, records: dict[str, str | None]) -> None:
        self.store.save(self.STAGED, folder, records)

    def trust(self, build: str | None) -> None:
        """Keep the records only if they describe the live output `build` (None: there is none); staged ones are
        always thrown away (a build that left them was not published)."""
        shutil.rmtree(self.store.root / self.STAGED, ignore_errors=True)
        try:
            said = (self.store.root / self.MARKER).read_text(encoding="utf-8")
        except OSError:
            said = None
        if build is None or said != build:
            (self.store.root / self.MARKER).unlink(missing_ok=True)
            shutil.rmtree(self.store.root / self.LIVE, ignore_errors=True)

    def confirm(self, build: str, output: Path) -> None:
        """The output `build` is live: its staged records become those of its folders (folders it no longer has
        are forgotten)."""
        marker = self.store.root / self.MARKER
        marker.unlink(missing_ok=True)  # (an interruption from here on leaves no record trusted)
        staged, live = self.store.root / self.STAGED, self.store.root / self.LIVE
        live.mkdir(parents=True, exist_ok=True)
        for name in os.listdir(staged) if staged.is_dir() else ():
            os.replace(staged / name, live / name)
        shutil.rmtree(staged, ignore_errors=True)  # (empty)
        self.store.prune((self.LIVE,), {(self.LIVE, e.name) for e in os.scandir(output) if e.is_dir()})
        files.replace(marker, build.encode("utf-8"))


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
        """The live folder without `patch.gone`, plus `patch.written`; the result is `work/slug`."""
        merged = self.work / f".{slug}.taking-over"
        self._rename(self.live / slug, merged)
        root = os.fspath(merged)
        start = len(slug) + 1
        for rel in patch.gone:
            try:
                self._discard(os.path.join(root, rel[start:]))
            except FileNotFoundError:  # deleted by hand: gone already
                pass
        for rel, path in sorted(patch.written.items()):
            target = os.path.join(root, rel[start:])
            self._folders(os.path.dirname(target), root)
            self._rename(path, target)
        staged = self.work / staging(slug)
        if staged.is_dir():
            self._rmdir(os.fspath(staged))  # empty now
        # folders left empty, the deepest first (a year's list of two pages: .../2019/page/2, then .../2019)
        for folder in sorted({os.path.dirname(os.path.join(root, rel[start:])) for rel in patch.gone}, key=len,
                             reverse=True):
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
