"""What the annual statistics (annual.py and their pages, rows and feed entries) add to a full build.

    python -m benchmarks.bench_annual                                   # 100,000 decisions, 200 departments
    python -m benchmarks.bench_annual --decisions 10000 --departments 20 --runs 1

Two figures:
1. counting alone: `annual.reports` for every department of the loaded region, in this one process (it runs
   where publicity decides, on the path every renderer waits for);
2. full builds into empty folders, alternately with the statistics and without them (`annual.reports`
   replaced by one that reports no year, so no pages, rows or feed entries either): the median wall and user
   CPU time (the renderer processes included) of each, and their difference.
The region comes from benchmarks/synth.py and is cached (see bench_validate).
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import tempfile
import time
from datetime import date
from pathlib import Path

from gongshi import annual
from gongshi import build as builder
from gongshi.build import BuildConfig
from gongshi.load import load
from gongshi.timelimits import Rules

from .bench_validate import AS_OF, DEFAULT_CACHE, region

DAY = date.fromisoformat(AS_OF)
SETTLE = 30  # seconds after deleting a build's output before the next build starts


def _cpu() -> float:
    """User CPU time, the renderers included. Not system time: the kernel's share of writing 100,000 files grows
    several times over while the files of a build deleted just before are still being freed (see bench_site)."""
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + kids.ru_utime


def _build(datasets: Path, out: Path, with_statistics: bool) -> tuple[float, float]:
    real = annual.reports
    if not with_statistics:
        annual.reports = lambda *a, **k: ([], {})  # type: ignore[assignment]
    try:
        shutil.rmtree(out, ignore_errors=True)
        cpu, wall = _cpu(), time.perf_counter()
        builder.build(BuildConfig(datasets, out, DAY))
        return time.perf_counter() - wall, _cpu() - cpu
    finally:
        annual.reports = real  # type: ignore[assignment]
        shutil.rmtree(out, ignore_errors=True)
        shutil.rmtree(builder.cache_folder(out), ignore_errors=True)
        os.sync()
        time.sleep(SETTLE)  # (see _cpu)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--departments", type=int, default=200)
    ap.add_argument("--decisions", type=int, default=100_000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--cache-dir", type=Path, default=DEFAULT_CACHE)
    args = ap.parse_args()
    source, _ = region(args.cache_dir, args.departments, args.decisions, 0)

    dataset = load(source, DAY)
    rules = Rules.of(dataset.region)
    started = time.perf_counter()
    reports = [annual.reports(d, DAY, rules, {}, {})[0] for d in dataset.departments]
    counting = time.perf_counter() - started
    years = sum(len(r) for r in reports)
    del dataset, reports
    print(f"counting: {counting:.2f} s for {years:,} reports of {args.departments} departments", flush=True)

    with tempfile.TemporaryDirectory(prefix="gongshi-bench-annual-") as tmp:
        out = Path(tmp) / "publish"
        times: dict[bool, list[tuple[float, float]]] = {True: [], False: []}
        for n in range(args.runs):
            for with_statistics in (False, True):
                wall, cpu = _build(source, out, with_statistics)
                times[with_statistics].append((wall, cpu))
                print(f"run {n + 1}, {'with' if with_statistics else 'without'} statistics: {wall:.1f} s wall, "
                      f"{cpu:.1f} s user CPU", flush=True)
    med = {k: (statistics.median(w for w, _ in v), statistics.median(c for _, c in v)) for k, v in times.items()}
    print(f"\nfull build, median of {args.runs}: without {med[False][0]:.1f} s wall / {med[False][1]:.1f} s CPU; "
          f"with {med[True][0]:.1f} s wall / {med[True][1]:.1f} s CPU; "
          f"added {med[True][0] - med[False][0]:+.1f} s wall, {med[True][1] - med[False][1]:+.1f} s CPU")


if __name__ == "__main__":
    main()
