"""How long `gongshi validate` takes on a large region, and how much memory it needs.

    .venv/bin/python -m benchmarks.bench_validate                      # 100,000 decisions, 200 departments
    .venv/bin/python -m benchmarks.bench_validate --decisions 1000000 --repeat 3

The region is generated once per (departments, decisions, seed, generator
version) and cached under --cache-dir. Each run validates it in a fresh
`python -m gongshi.cli validate` process, so imports and start-up are counted,
and reads that process's own resource usage (os.wait4): wall time, CPU time
(user + system) and peak resident memory.

Target (issue): 100,000 decisions validated in at most 10 s on a 2-core machine.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from . import synth

AS_OF = "2026-11-26"
TARGET_SECONDS = 10.0
DEFAULT_CACHE = Path(tempfile.gettempdir()) / "gongshi-bench"


@dataclass
class Run:
    wall: float
    cpu: float
    max_rss_mib: float
    exit_code: int
    lines: int
    summary: str


def region(cache_dir: Path, departments: int, decisions: int, seed: int) -> tuple[Path, float | None]:
    """The cached region for these parameters, generating it if needed; (path, seconds spent generating)."""
    version = hashlib.sha256(Path(synth.__file__).read_bytes()).hexdigest()[:10]
    path = cache_dir / f"region-d{departments}-n{decisions}-s{seed}-{version}"
    if path.is_dir():
        return path, None
    cache_dir.mkdir(parents=True, exist_ok=True)
    tmp = cache_dir / f".{path.name}.tmp-{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    t0 = time.perf_counter()
    synth.generate(tmp, departments, decisions, seed)
    elapsed = time.perf_counter() - t0
    tmp.rename(path)  # atomic: a half-written region is never reused
    return path, elapsed


def size_of(path: Path) -> tuple[int, int, int]:
    """(files, total bytes, largest file bytes)."""
    files = total = largest = 0
    for p in path.rglob("*.yaml"):
        n = p.stat().st_size
        files += 1
        total += n
        largest = max(largest, n)
    return files, total, largest


def validate_once(datasets: Path, as_of: str, profile: Path | None = None, env: dict | None = None) -> Run:
    cmd = [sys.executable]
    if profile is not None:
        cmd += ["-m", "cProfile", "-o", str(profile)]
    cmd += ["-m", "gongshi.cli", "validate", str(datasets), "--as-of", as_of]
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        lines = sum(1 for _ in out)
        err.seek(0)
        summary = err.read().decode("utf-8", "replace").strip().splitlines()
    return Run(
        wall=wall,
        cpu=usage.ru_utime + usage.ru_stime,
        max_rss_mib=usage.ru_maxrss / 1024,  # kilobytes on Linux
        exit_code=proc.returncode,
        lines=lines,
        summary=summary[-1] if summary else "",
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.bench_validate", description=__doc__.split("\n\n")[0])
    ap.add_argument("--departments", type=int, default=200)
    ap.add_argument("--decisions", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--as-of", default=AS_OF)
    ap.add_argument("--repeat", type=int, default=1, help="validate this many times (default 1)")
    ap.add_argument("--cache-dir", type=Path, default=DEFAULT_CACHE, help=f"where generated regions are kept (default {DEFAULT_CACHE})")
    ap.add_argument("--datasets", type=Path, help="validate this folder instead of a generated region")
    ap.add_argument("--profile", type=Path, help="also write cProfile stats of the last run to this file")
    args = ap.parse_args(argv)

    if args.datasets:
        path, generated = args.datasets, None
    else:
        path, generated = region(args.cache_dir, args.departments, args.decisions, args.seed)
    files, total, largest = size_of(path)
    print(f"datasets: {path}")
    if generated is not None:
        print(f"generated {args.decisions:,} decisions / {args.departments} departments in {generated:.1f} s")
    print(f"{files:,} YAML files, {total / 2**20:.1f} MiB in total, largest {largest / 2**20:.2f} MiB")
    print()
    print(f"{'run':>3}  {'wall s':>7}  {'cpu s':>7}  {'peak RSS MiB':>12}  {'exit':>4}  {'output lines':>12}")
    runs = []
    for i in range(args.repeat):
        prof = args.profile if (args.profile and i == args.repeat - 1) else None
        r = validate_once(path, args.as_of, prof)
        runs.append(r)
        print(f"{i + 1:>3}  {r.wall:>7.2f}  {r.cpu:>7.2f}  {r.max_rss_mib:>12.0f}  {r.exit_code:>4}  {r.lines:>12,}")
    best = min(runs, key=lambda r: r.wall)
    print()
    print(f"validator says: {runs[-1].summary}")
    verdict = "meets" if best.wall <= TARGET_SECONDS else "MISSES"
    print(f"best wall {best.wall:.2f} s {verdict} the {TARGET_SECONDS:.0f} s target; peak RSS {max(r.max_rss_mib for r in runs):.0f} MiB")
    if args.profile:
        print(f"profile of the last run: {args.profile} (python -m pstats {args.profile})")
    return 0 if all(r.exit_code == 0 for r in runs) else 1


if __name__ == "__main__":
    sys.exit(main())
