"""The scale benchmark: validate, full build and the rebuilds a city runs every day.

    .venv/bin/python -m benchmarks.run                                   # 100,000 decisions, 200 departments
    .venv/bin/python -m benchmarks.run --decisions 10000 --departments 20
    .venv/bin/python -m benchmarks.run --demo                            # the 泸州市 demo in datasets/

Every step is a fresh `gongshi` process, measured with os.wait4: wall time,
CPU time (user + system, children included) and peak resident memory. The
region comes from benchmarks/synth.py and is cached (see bench_validate).
Steps, in order, on a working copy of the region:

1. validate
2. full build into an empty folder
3. rebuild with nothing changed
4. rebuild after one decision's 执法结论 changed
5. rebuild after one decision was withdrawn

Pages per second counts the HTML files of the full build over its wall time.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from .bench_validate import AS_OF, DEFAULT_CACHE, region

PROJECT = Path(__file__).resolve().parent.parent


@dataclass
class Step:
    name: str
    wall: float
    cpu: float
    max_rss_mib: float
    output: str


def measure(name: str, args: list[str]) -> Step:
    cmd = [sys.executable, "-m", "gongshi.cli", *args]
    with tempfile.TemporaryFile() as out:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, cwd=PROJECT)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
        out.seek(0)
        text = out.read().decode("utf-8", "replace")
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        raise SystemExit(f"{name} failed ({code}):\n{text[-3000:]}")
    return Step(name, wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, text.strip().splitlines()[-1])


def first_decision_file(datasets: Path) -> Path:
    for path in sorted(datasets.glob("*/decisions/*.yaml")):
        if "\n  - doc_no:" in path.read_text(encoding="utf-8"):
            return path
    raise SystemExit("no decision file found")


def change_conclusion(datasets: Path) -> None:
    path = first_decision_file(datasets)
    text = path.read_text(encoding="utf-8")
    text, n = re.subn(r"(\n    conclusion: )(.*)", r"\1\2（已更正）", text, count=1)
    assert n == 1
    path.write_text(text, encoding="utf-8")


def withdraw_one(datasets: Path) -> None:
    """Withdraw the last decision of the file, dated the as-of day."""
    path = first_decision_file(datasets)
    text = path.read_text(encoding="utf-8").rstrip("\n")
    last = text.rindex("\n  - doc_no:")
    if "\n    withdrawal:" in text[last:]:
        raise SystemExit(f"the last decision of {path} is already withdrawn")
    text += (
        f"\n    withdrawal:\n      date: {AS_OF}\n      kind: 撤销\n"
        "      reason: 经行政复议，认定事实不清、证据不足，予以撤销。\n      document: 复决〔2026〕1号\n"
    )
    path.write_text(text, encoding="utf-8")


def html_pages(root: Path) -> int:
    return sum(1 for _ in root.rglob("*.html"))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__.split("\n\n")[0])
    ap.add_argument("--departments", type=int, default=200)
    ap.add_argument("--decisions", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--demo", action="store_true", help="use the demo region in datasets/ instead")
    ap.add_argument("--cache-dir", type=Path, default=DEFAULT_CACHE)
    ap.add_argument("--work", type=Path, default=None, help="working folder (default: a temporary one)")
    ap.add_argument("--full-only", action="store_true", help="validate and the full build only (for 1,000,000 decisions)")
    args = ap.parse_args(argv)

    if args.demo:
        source, label = PROJECT / "datasets", "demo (datasets/)"
    else:
        source, generated = region(args.cache_dir, args.departments, args.decisions, args.seed)
        label = f"synthetic: {args.departments} departments, {args.decisions:,} decisions"
        if generated is not None:
            print(f"generated the region in {generated:.1f} s")
    work = args.work or Path(tempfile.mkdtemp(prefix="gongshi-run-"))
    datasets, publish = work / "datasets", work / "publish"
    shutil.rmtree(work, ignore_errors=True)
    shutil.copytree(source, datasets)
    build = ["build", "--datasets", str(datasets), "--output", str(publish), "--as-of", AS_OF]

    steps = [measure("validate", ["validate", str(datasets), "--as-of", AS_OF])]
    steps.append(measure("full build", build))
    pages = html_pages(publish)
    if not args.full_only:
        steps.append(measure("rebuild, nothing changed", build))
        change_conclusion(datasets)
        steps.append(measure("rebuild, one decision changed", build))
        withdraw_one(datasets)
        steps.append(measure("rebuild, one withdrawal", build))

    print(f"\n{label}; as of {AS_OF}; {os.cpu_count()} cores\n")
    print(f"{'step':32} {'wall s':>8} {'CPU s':>8} {'peak MiB':>9}")
    for s in steps:
        print(f"{s.name:32} {s.wall:8.2f} {s.cpu:8.2f} {s.max_rss_mib:9.0f}")
    full = steps[1]
    print(f"\nHTML pages: {pages:,}; {pages / full.wall:,.0f} pages/s over the full build ({1000 * full.wall / pages:.2f} ms/page)")
    print(f"last build said: {steps[-1].output}")
    if args.work is None:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
