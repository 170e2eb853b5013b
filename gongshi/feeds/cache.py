"""The feeds' cache folder: content-addressed pickles that survive between builds, never published.

Three kinds of entries, each file named by a hash of what determines its content:
- `memos/<key>`: one department's computed share of the feeds (incremental.Memo),
  named by a hash of everything that share depends on;
- `parts/<hash>`: one department's share of a ledger (ledger.Rows), named by
  the hash of its text;
- `builds/<sha256 of ledger.json>`: what a build wrote (incremental.Manifest),
  found again through the live ledger.

A file is written under a temporary name and renamed, so an interrupted
build leaves either nothing or a whole entry, and since its name is a hash of
its inputs it can never be a wrong one. Anything unreadable is a miss.
"""

from __future__ import annotations

import os
import pickle
from pathlib import Path

KINDS = ("memos", "parts", "builds")


class Store:
    """Reads and writes cache entries, remembering which ones this build used (the rest may be pruned)."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self.used: set[tuple[str, str]] = set()

    def _path(self, kind: str, name: str) -> Path:
        return self.root / kind / name

    def load(self, kind: str, name: str) -> object | None:
        try:
            with open(self._path(kind, name), "rb") as f:
                value = pickle.load(f)
        except Exception:  # missing, truncated by hand, another version's classes: a miss
            return None
        self.used.add((kind, name))
        return value

    def save(self, kind: str, name: str, value: object) -> None:
        self.used.add((kind, name))
        path = self._path(kind, name)
        if kind != "builds" and path.is_file():
            return  # content-addressed: the same name holds the same content
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{name}.{os.getpid()}.tmp")
        with open(tmp, "wb") as f:
            pickle.dump(value, f, protocol=5)
        os.replace(tmp, path)

    def prune(self, keep: set[tuple[str, str]]) -> None:
        """Delete every entry neither this build nor `keep` (the live build's) used."""
        wanted = self.used | keep
        for kind in KINDS:
            folder = self.root / kind
            try:
                names = os.listdir(folder)
            except OSError:
                continue
            for name in names:
                if (kind, name) not in wanted:
                    try:
                        os.unlink(folder / name)
                    except OSError:
                        pass
