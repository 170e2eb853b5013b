"""What the annual statistics (annual.py, their pages, rows and feed entries) add to a full build.

    python -m benchmarks.bench_annual                                   # 100,000 decisions, 200 departments
    python -m benchmarks.bench_annual --decisions 10000 --departments 20 --runs 1
    python -m benchmarks.bench_annual --full                            # also whole builds with and without

A whole build at 100,000 decisions varies by ±10 s between runs of the same code on this machine (the file
system's state, mostly), more than the statistics cost, so the figure is made of its parts, each measured
in this one process as user CPU time (median of --runs):
1. counting: `annual.reports` for every department, where publicity decides (the path every renderer
   waits for);
2. each renderer (site, feeds, open data) given the decided region with every decision, notice and list
   item taken out, once with the annual reports and once without: the difference is what the statistics
   add to that renderer (its pages, its rows and files, its feed entries).
The renderers run side by side in a build, so the added wall time is at most the counting plus the largest
of the three. With --full, whole builds into empty folders alternate with and without the statistics
(`annual.reports` replaced by one that reports no year), for the record.
The region comes from benchmarks/synth.py and is cached (see bench_validate).
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import resource
import shutil
import statistics
import tempfile
import time
from datetime import date
from pathlib import Path

from gongshi import annual, feeds, opendata, publicity, site
from gongshi import build as builder
from gongshi.build import BuildConfig
from gongshi.load import load
from gongshi.publicity import PublicList
from gongshi.reuse import RenderJob
from gongshi.timelimits import Rules

from .bench_validate import AS_OF, DEFAULT_CACHE, region

DAY = date.fromisoformat(AS_OF)
SETTLE = 30  # seconds after deleting a whole build's output before the next build starts (--full)


def _user() -> float:
    """User CPU time, child processes included. Not system time: the kernel's share of writing many files grows
    several times over while the files of an output deleted just before are still being freed (see bench_site)."""
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + kids.ru_utime


def _stripped(pub: publicity.Publication, with_statistics: bool) -> publicity.Publication:
    """The region without its decisions, notices and list items: what is left to render is the frame, the same
    with and without the statistics, and the statistics."""
    departments = [
        dataclasses.replace(
            d,
            decisions=[],
            withdrawals=[],
            lists={k: PublicList(v.name, v.label, v.revised, [], []) for k, v in d.lists.items()},
            verdicts={},
            lapses={},
            annual=d.annual if with_statistics else [],
        )
        for d in pub.departments
    ]
    return publicity.Publication(pub.as_of, {**pub.region, "base_url": "https://example.org"}, departments)


def _renderers(pub: publicity.Publication, source: Path, runs: int) -> dict[str, float]:
    added = {}
    for name, render in (("site", site.render), ("feeds", feeds.render), ("open data", opendata.render)):
        times: dict[bool, list[float]] = {True: [], False: []}
        for _ in range(runs):
            for with_statistics in (False, True):
                with tempfile.TemporaryDirectory(prefix="gongshi-bench-annual-") as tmp:
                    out = Path(tmp) / "out"
                    job = RenderJob(_stripped(pub, with_statistics), out, BuildConfig(source, Path(tmp) / "publish", DAY))
                    started = _user()
                    render(job)
                    times[with_statistics].append(_user() - started)
        added[name] = statistics.median(times[True]) - statistics.median(times[False])
        print(f"{name}: {statistics.median(times[False]):.2f} s without, {statistics.median(times[True]):.2f} s with "
              f"the statistics: {added[name]:+.2f} s user CPU", flush=True)
    return added


def _build(datasets: Path, out: Path, with_statistics: bool) -> tuple[float, float]:
    real = annual.reports
    if not with_statistics:
        annual.reports = lambda *a, **k: ([], {})  # type: ignore[assignment]
    try:
        cpu, wall = _user(), time.perf_counter()
        builder.build(BuildConfig(datasets, out, DAY))
        return time.perf_counter() - wall, _user() - cpu
    finally:
        annual.reports = real  # type: ignore[assignment]
        shutil.rmtree(out, ignore_errors=True)
        shutil.rmtree(builder.cache_folder(out), ignore_errors=True)
        os.sync()
        time.sleep(SETTLE)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--departments", type=int, default=200)
    ap.add_argument("--decisions", type=int, default=100_000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--full", action="store_true", help="also whole builds with and without the statistics")
    ap.add_argument("--cache-dir", type=Path, default=DEFAULT_CACHE)
    args = ap.parse_args()
    source, _ = region(args.cache_dir, args.departments, args.decisions, 0)

    dataset = load(source, DAY)
    rules = Rules.of(dataset.region)
    counting = []
    for _ in range(args.runs):
        started = _user()
        years = sum(len(annual.reports(d, DAY, rules, {}, {})[0]) for d in dataset.departments)
        counting.append(_user() - started)
    print(f"counting: {statistics.median(counting):.2f} s user CPU for {years:,} reports of "
          f"{len(dataset.departments)} departments", flush=True)
    pub = publicity.decide(dataset, DAY)
    del dataset
    added = _renderers(pub, source, args.runs)
    del pub
    print(f"\nadded to a full build: counting {statistics.median(counting):.2f} s + the largest renderer's "
          f"{max(added.values()):.2f} s = {statistics.median(counting) + max(added.values()):.2f} s wall at most "
          f"(CPU in all: {statistics.median(counting) + sum(added.values()):.2f} s)", flush=True)

    if args.full:
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
        print(f"\nwhole builds, median of {args.runs}: without {med[False][0]:.1f} s wall / {med[False][1]:.1f} s CPU; "
              f"with {med[True][0]:.1f} s / {med[True][1]:.1f} s")


if __name__ == "__main__":
    main()
