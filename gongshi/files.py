"""How every stage writes files: whole and new, never modified in place, unchanged ones taken from the live output.

The live output stays servable while a build runs, and a rebuild reuses its
files by hard link (one system call; the file keeps its bytes and its
modification time, so ETag and Last-Modified stay put for clients). That is
only safe because no file is ever changed in place: a file is written under a
new name, or unlinked first, so the other name of a hard link keeps its bytes.
"""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path


def write(path: str | Path, data: bytes) -> None:
    """Write `path` as a new file (an existing one may be a hard link whose other name must keep its bytes)."""
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass
    with open(path, "wb") as f:
        f.write(data)


def replace(path: Path, data: bytes, mode: int | None = None) -> None:
    """Write `path` whole or not at all: under a temporary name, then renamed over it."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    # created private when a mode is asked for, so that the bytes are never readable wider than it
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600 if mode is not None else 0o666)
    try:
        with os.fdopen(fd, "wb") as f:
            if mode is not None:
                os.fchmod(f.fileno(), mode)  # a leftover temporary file keeps its old mode through O_CREAT
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def link(live: str | Path, path: str | Path) -> None:
    """`path` becomes the live file: a hard link, or where that is impossible (another file system) a copy with
    the live file's modification time."""
    try:
        os.link(live, path)
        return
    except FileExistsError:
        try:
            if os.path.samestat(os.stat(live), os.stat(path)):
                return  # building in place
        except OSError:
            pass
        os.unlink(path)
        return link(live, path)
    except OSError:
        pass
    shutil.copyfile(live, path)
    st = os.stat(live)
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))


def copy(src: Path, dst: Path) -> None:
    """A private copy to change (a database): in the kernel (os.copy_file_range: a reflink where the file
    system can), else through user space."""
    with open(src, "rb") as fi, open(dst, "wb") as fo:
        size, done = os.fstat(fi.fileno()).st_size, 0
        try:
            while done < size:
                n = os.copy_file_range(fi.fileno(), fo.fileno(), size - done, done, done)
                if n <= 0:
                    break
                done += n
        except (AttributeError, OSError):
            pass
        fi.seek(done)
        fo.seek(done)
        shutil.copyfileobj(fi, fo)
        fo.truncate()


class Writer:
    """Writes files under `out`; a file whose bytes equal its live copy (under `live`) is that copy, linked."""

    def __init__(self, out: Path, live: Path | None) -> None:
        self.out = str(out)
        self.live = str(live) if live is not None else None
        self.count = 0
        self.made: set[str] = set()

    def path(self, rel: str) -> str:
        """Where `rel` goes, its folder made; counted as written."""
        path = os.path.join(self.out, rel)
        parent = os.path.dirname(path)
        if parent not in self.made:
            os.makedirs(parent, exist_ok=True)
            self.made.add(parent)
        self.count += 1
        return path

    def write(self, rel: str, data: bytes) -> None:
        path = self.path(rel)
        if self.live is not None:
            old = os.path.join(self.live, rel)
            try:
                st = os.stat(old)
            except OSError:
                st = None
            if st is not None and stat.S_ISREG(st.st_mode) and st.st_size == len(data) and _same(old, data):
                link(old, path)
                return
        write(path, data)

    def link(self, rel: str) -> None:
        """Take the live file `rel` over as it is."""
        assert self.live is not None
        link(os.path.join(self.live, rel), self.path(rel))


_PIECE = 1 << 20


def _same(path: str, data: bytes) -> bool:
    """Whether the file holds `data`: read a piece at a time, as the largest (the feeds' ledger, 200 MB at
    1,000,000 decisions) read whole would be that much more memory."""
    view = memoryview(data)
    at = 0
    with open(path, "rb") as f:
        while piece := f.read(_PIECE):
            if view[at : at + len(piece)] != piece:
                return False
            at += len(piece)
    return at == len(data)
