"""Pausing Python's cycle collector around a renderer, and handing freed memory back before forking.

Rendering allocates millions of short-lived objects; every burst sets off a
full collection that walks all live objects, the whole publication included
(at 100,000 decisions that cost more CPU than some renderers' real work).
Renderers make next to no reference cycles, so nothing piles up; whatever
little there is is collected once the collector is back on.
"""

from __future__ import annotations

import ctypes
import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused() -> Iterator[None]:
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@contextmanager
def frozen() -> Iterator[None]:
    """Leave what the process holds now out of every collection until the end (gc.freeze).

    A full collection walks every object tracked: once the pages have rendered
    in the build's own process, their leftovers set one off while publishing,
    and walking the publication with them cost 1.4 to 2 s of a new day at
    100,000 decisions. Frozen before the renderers fork, the publication's
    objects are not written to by a child's collections either, so their
    memory stays shared. What is frozen is freed as usual when no longer
    referred to; only cycles among it wait until the end. The end is the
    build's: thawed earlier, the next collection walks it all anyway."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def trim() -> None:
    """Hand the heap memory freed so far back to the system (glibc's malloc_trim; elsewhere nothing).

    glibc keeps what Python frees for reuse: reading and deciding a region
    leave a third of the build's resident memory free but held (100,000
    decisions: 412 MiB resident, 287 after this). A forked renderer starts
    with every page its parent has resident, so what is held but free is
    counted again in each, and adds to the largest process's peak."""
    if _malloc_trim is not None:
        _malloc_trim(0)


try:  # the symbols the process already has: glibc's, without looking for the library on disk
    _malloc_trim = ctypes.CDLL(None).malloc_trim
except (OSError, AttributeError):  # a C library without it (musl, macOS)
    _malloc_trim = None
