"""Rendering in forked processes: how many the machine allows, and running tasks in them.

Fork, not spawn: the children share the decided publication with the build without copying or pickling it.
"""

from __future__ import annotations

import multiprocessing
import os
import traceback
from collections.abc import Callable
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path

from . import collector


def available() -> int:
    """How many processes to render with: three on two or more cores, if memory allows.

    A forked child shares the publication, but every object it reads gets its
    reference count written, which copies the page holding it: in the worst
    case each child ends up with as much memory as this process. At
    1,000,000 decisions this process holds 3.3 GB when it forks, so on a
    machine with less free memory the build forks fewer children (or none)
    rather than run out of memory.
    """
    if (os.cpu_count() or 1) < 2:
        return 1
    try:
        resident = int(Path("/proc/self/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE")
        free = next(int(line.split()[1]) * 1024 for line in Path("/proc/meminfo").read_text().splitlines()
                         if line.startswith("MemAvailable:"))
    except (OSError, ValueError, IndexError, StopIteration):
        return 3
    return max(1, min(3, 1 + free // max(resident, 1)))


def in_parallel(*tasks: Callable[[], list]) -> list[list]:
    """Run every task but the last in a forked child each and the last here; the first exception is raised here.

    Fork shares the publication with the children without copying or pickling
    it; only what each renderer reports (leaks, the departments it rendered, the pages the site kept and
    staged: paths, a few megabytes at most) comes back through the pipes.
    """
    collector.trim()  # each child would count what this process holds but has freed
    children = [forked(_child, task) for task in tasks[:-1]]
    try:
        mine = tasks[-1]()
    except BaseException:
        for process, _ in children:
            process.terminate()
            process.join()
        raise
    results = []
    failure: BaseException | None = None
    for process, receive in children:
        try:
            status, value = receive.recv()
        except EOFError:
            status, value = "error", RuntimeError(f"a renderer process died (exit code {process.exitcode})")
        process.join()
        if status == "error":
            failure = failure or value
        results.append(value)
    if failure is not None:
        raise failure
    return [*results, mine]


def forked(target: Callable[..., None], *args: object) -> tuple[BaseProcess, Connection]:
    """`target(*args, send)` started in a forked child (ended with this process), and the end of the pipe that
    receives what it sends."""
    ctx = multiprocessing.get_context("fork")
    receive, send = ctx.Pipe(duplex=False)
    process = ctx.Process(target=target, args=(*args, send), daemon=True)
    process.start()
    send.close()
    return process, receive


def _child(task: Callable[[], list], send: Connection) -> None:
    try:
        send.send(("ok", task()))
    except BaseException as e:  # noqa: BLE001 - everything goes back to the parent
        try:
            send.send(("error", e))
        except Exception:  # an exception that cannot be pickled
            send.send(("error", RuntimeError(traceback.format_exc())))
    finally:
        send.close()
