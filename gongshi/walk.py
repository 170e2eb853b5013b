"""Listing the files of an output tree fast: os.scandir, as pathlib's rglob costs more than reading 100,000 pages."""

from __future__ import annotations

import os


def files(folder: str | os.PathLike[str]) -> list[str]:
    """Every file under `folder` (symbolic links not followed), in no particular order."""
    out: list[str] = []
    stack = [os.fspath(folder)]
    while stack:
        with os.scandir(stack.pop()) as entries:
            for e in entries:
                if e.is_dir(follow_symlinks=False):
                    stack.append(e.path)
                else:
                    out.append(e.path)
    return out
