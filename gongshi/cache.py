"""The build cache: what a build keeps for the next one, in one folder beside the output, never published.

`.publish.cache/` (build.cache_folder) holds pickles by kind and name: the
departments' memos (memo.py) and the feeds' per-department results
(feeds/incremental.py). Some hold personal data (the guard's secrets are
the datasets' own), so the folder is its owner's only and must never be
deployed. A file is written under a temporary name and renamed, so an
interrupted build leaves a whole entry or none; anything unreadable
(truncated, another version's classes) is a miss, and a miss only costs
the work of computing the entry again.
"""

from __future__ import annotations

import os
import pickle
from pathlib import Path

from . import files


class Store:
    """Entries under `root`/<kind>/<name>, remembering which ones this build used (the rest may be pruned)."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self.used: set[tuple[str, str]] = set()

    def load(self, kind: str, name: str) -> object | None:
        try:
            with open(self.root / kind / name, "rb") as f:
                value = pickle.load(f)
        except Exception:  # missing, truncated by hand, another version's classes: a miss
            return None
        self.used.add((kind, name))
        return value

    def save(self, kind: str, name: str, value: object, *, fixed: bool = False) -> None:
        """Store `value`; with `fixed` (a name that is a hash of the content) an existing entry is kept."""
        self.used.add((kind, name))
        path = self.root / kind / name
        if fixed and path.is_file():
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        files.replace(path, pickle.dumps(value, protocol=5))

    def prune(self, kinds: tuple[str, ...], keep: set[tuple[str, str]] = frozenset()) -> None:
        """Delete every entry of these kinds that neither this build nor `keep` used."""
        wanted = self.used | set(keep)
        for kind in kinds:
            try:
                names = os.listdir(self.root / kind)
            except OSError:
                continue
            for name in names:
                if (kind, name) not in wanted:
                    try:
                        os.unlink(self.root / kind / name)
                    except OSError:
                        pass
