"""Hostile input at size: time and memory of validate and build on values no real list has.

    .venv/bin/python -m benchmarks.bench_hostile

1. A 150 KB value in a field of each kind (free text, one-line text, code, 文号, credit code, date, money,
   a list item, a key, digits, @ signs and 住址 in free text): `gongshi validate` wall and CPU time. The
   issue asks for "well under a second" beyond start-up.
2. A 15 MB value (one decision's facts, in a file under the 20 MB limit): peak resident memory of
   `gongshi validate` and `gongshi build` (the largest process, forked renderers included). The issue
   asks for at most 1 GiB.

Each step is a fresh process measured with os.wait4 (the build's forked children are waited for by the
build itself, so RUSAGE_CHILDREN of this process, read before and after, covers them).
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.minimal_region import Region

D = "shijianju/decisions/2024.yaml"
KIB = 1024
FIELDS = [
    ("free text", "    facts: 销售过期食品。\n", "    facts: {v}\n", "违"),
    ("one-line text", "    violation_type: 食品安全\n", "    violation_type: {v}\n", "食"),
    ("code", "    discretion: D-001\n", "    discretion: {v}\n", "D"),
    ("文号", "  - doc_no: 泸市监罚〔2024〕39号\n", "  - doc_no: {v}〔2024〕39号\n", "泸"),
    ("date", "    decision_date: 2024-03-05\n", "    decision_date: {v}\n", "2"),
    ("money", "    fine: 2000\n", "    fine: {v}\n", "9"),
    ("enum", "    kind: 行政处罚\n", "    kind: {v}\n", "罚"),
    ("list item", "      - 罚款\n", "      - {v}\n", "款"),
    ("key", "    fine: 2000\n", "    fine: 2000\n    {v}: 1\n", "k"),
    ("digits in free text", "    facts: 销售过期食品。\n", "    facts: {v}\n", "1 "),
    ("@ in free text", "    facts: 销售过期食品。\n", "    facts: {v}\n", "a@"),
    ("住址 in free text", "    facts: 销售过期食品。\n", "    facts: {v}\n", "家住某"),
]


def run(args: list[str], cwd: Path) -> tuple[float, float, float, int]:
    """(wall s, CPU s, peak RSS MiB of the process or any child it waited for, exit code)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "gongshi.cli", *args], cwd=cwd, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    peak = max(usage.ru_maxrss, after.ru_maxrss if after.ru_maxrss > before.ru_maxrss else 0) / 1024
    return wall, usage.ru_utime + usage.ru_stime, peak, os.waitstatus_to_exitcode(status)


def main() -> None:
    print("1. a 150 KB value, gongshi validate (fresh process, start-up included)")
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp) / "empty"
        base.mkdir()
        Region(base)
        wall0, cpu0, _, _ = run(["validate", "datasets", "--as-of", "2024-06-30"], base)
        print(f"   {'valid region (start-up)':<24} {wall0:6.2f} s wall {cpu0:6.2f} s CPU")
        for name, old, new, unit in FIELDS:
            folder = Path(tmp) / name.replace(" ", "-")
            folder.mkdir()
            region = Region(folder)
            value = (unit * (150 * KIB // len(unit.encode()) + 1))[: 150 * KIB // len(unit.encode())]
            region.edit(D, old, new.format(v=value))
            wall, cpu, rss, code = run(["validate", "datasets", "--as-of", "2024-06-30"], folder)
            print(f"   {name:<24} {wall:6.2f} s wall {cpu:6.2f} s CPU {rss:7.1f} MiB  exit {code}"
                  f"  (+{wall - wall0:.2f} s over a valid region)")

    print("2. a 15 MB value (one decision's facts)")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        region = Region(folder)
        region.edit(D, "    facts: 销售过期食品。\n", "    facts: " + "违" * (5 * 1024 * 1024) + "\n")
        size = region.path(D).stat().st_size / 1024 / 1024
        for step in (["validate", "datasets", "--as-of", "2024-06-30"],
                     ["build", "--datasets", "datasets", "--output", "publish", "--as-of", "2024-06-30",
                      "--base-url", "https://example.org/"]):
            wall, cpu, rss, code = run(step, folder)
            print(f"   {step[0]:<8} file {size:.1f} MB: {wall:6.2f} s wall {cpu:6.2f} s CPU, peak {rss:7.1f} MiB, exit {code}")


if __name__ == "__main__":
    main()
