"""Pausing Python's cycle collector around a renderer.

Rendering allocates millions of short-lived objects; every burst sets off a
full collection that walks all live objects, the whole publication included
(at 100,000 decisions that cost more CPU than some renderers' real work).
Renderers make next to no reference cycles, so nothing piles up; whatever
little there is is collected once the collector is back on.
"""

from __future__ import annotations

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
