"""Exchange with the credit platforms (issue: 双公示 export, spreadsheet import), timed as an editor runs it.

    python -m benchmarks.bench_exchange                 # export at 100,000 decisions, import of 10,000 rows
    python -m benchmarks.bench_exchange --decisions 10000 --departments 20 --runs 1

Each figure is the wall time of the `gongshi` command in its own process (start-up, reading and checking the
datasets included), median of --runs:
1. `gongshi export shuanggongshi` of the synthetic region (benchmarks/synth.py, cached as for bench_validate),
   penalties and licences, as CSV and as xlsx, with the number of rows written;
2. `gongshi import` of 10,000 good penalty rows (the demo's 市场监管局 rows, renumbered) into a copy of the demo;
3. `gongshi import` of a hostile workbook of 5,000 rows (wrong types, unknown codes, a missing mandatory column),
   which must report every row and write nothing.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .bench_validate import AS_OF, DEFAULT_CACHE, region

DEMO = Path(__file__).resolve().parent.parent / "datasets"
GONGSHI = [sys.executable, "-m", "gongshi.cli"]


def _run(args: list[str]) -> tuple[float, subprocess.CompletedProcess]:
    t0 = time.perf_counter()
    done = subprocess.run([*GONGSHI, *args], capture_output=True, text=True)
    return time.perf_counter() - t0, done


def _median(runs: int, args: list[str], ok: set[int] = frozenset({0})) -> tuple[float, subprocess.CompletedProcess]:  # type: ignore[assignment]
    times, last = [], None
    for _ in range(runs):
        seconds, last = _run(args)
        if last.returncode not in ok:
            sys.exit(f"gongshi {' '.join(args)} failed:\n{last.stderr[-2000:]}")
        times.append(seconds)
    return statistics.median(times), last  # type: ignore[return-value]


def _rows(path: Path) -> int:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return sum(1 for _ in csv.reader(f)) - 1


def export(datasets: Path, work: Path, runs: int) -> None:
    for kind in ("行政处罚", "行政许可"):
        for fmt in ("csv", "xlsx"):
            out = work / f"export-{kind}.{fmt}"
            seconds, _ = _median(runs, ["export", "shuanggongshi", "--kind", kind, "--datasets", str(datasets),
                                        "--publish", str(work / "no-site"), "--as-of", AS_OF, "--output", str(out)])
            rows = _rows(out) if fmt == "csv" else _rows(work / f"export-{kind}.csv")
            print(f"export {kind} {fmt:>4}: {seconds:6.2f} s  {rows:,} rows  {out.stat().st_size / 1e6:.1f} MB")


def _demo_rows(work: Path) -> tuple[list[str], list[list[str]]]:
    out = work / "demo.csv"
    _, done = _run(["export", "shuanggongshi", "--kind", "行政处罚", "--datasets", str(DEMO), "--department", "shijianju",
                    "--publish", str(work / "no-site"), "--as-of", AS_OF, "--include-personal-ids", "--output", str(out)])
    assert done.returncode == 0, done.stderr
    with out.open(encoding="utf-8-sig", newline="") as f:
        header, *rows = list(csv.reader(f))
    status = header.index("GS_GSZT")
    return header, [r for r in rows if r[status] == "0"]


def _workbook(path: Path, header: list[str], rows: list[list[str]]) -> None:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("行政处罚")
    ws.append(header)
    for r in rows:
        ws.append(r)
    wb.save(path)


def _digest(folder: Path) -> str:
    h = hashlib.sha256()
    for p in sorted(folder.rglob("*.yaml")):
        h.update(p.read_bytes())
    return h.hexdigest()


def imports(work: Path, runs: int, n_good: int, n_bad: int) -> None:
    header, sample = _demo_rows(work)
    col = {code: i for i, code in enumerate(header)}
    good = []
    for i in range(n_good):
        r = list(sample[i % len(sample)])
        r[col["CF_WSH"]] = f"泸市监罚〔2026〕{10_000 + i}号"
        r[col["CF_JDRQ"]] = f"2026-{1 + i % 10:02d}-{1 + i % 28:02d}"
        for key in ("GS_GSRQ", "CF_YXQ", "CF_GSJZQ", "GS_GSJZQ", "GS_CFYXQ", "GS_GZRQ"):
            r[col[key]] = ""
        good.append(r)
    book = work / "good.xlsx"
    _workbook(book, header, good)
    times = []
    for _ in range(runs):
        target = work / "datasets"
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(DEMO, target)
        seconds, done = _run(["import", str(book), "--department", "shijianju", "--datasets", str(target), "--as-of", AS_OF])
        if done.returncode != 0:
            sys.exit(f"import failed:\n{done.stderr[-3000:]}")
        times.append(seconds)
    check = subprocess.run([*GONGSHI, "validate", str(work / "datasets"), "--as-of", AS_OF], capture_output=True, text=True)
    print(f"import {n_good:,} good rows: {statistics.median(times):6.2f} s  (validate afterwards: exit {check.returncode})")

    hostile_header = [h for h in header if h != "CF_SY"]  # a mandatory column missing
    bad = []
    for i in range(n_bad):
        r = dict(zip(header, sample[i % len(sample)], strict=True))
        r["CF_WSH"] = f"泸市监罚〔2026〕{20_000 + i}号"
        r["CF_JDRQ"] = ("2026-02-30", "明天", "45000.5x")[i % 3]  # no such day, words, junk
        r["CF_CFLB"] = ("99", "罚钱", "02,88")[i % 3]  # unknown codes
        r["CF_NR_FK"] = ("abc", "-1", "0.123456789")[i % 3]  # not an amount, negative, beyond the fen
        r["CF_XDR_LB"] = ("公司", "3", "")[i % 3]
        r["CF_XDR_SHXYM"] = "91510500MA6XXXXXXX"
        bad.append([r[h] for h in hostile_header])
    book = work / "hostile.xlsx"
    _workbook(book, hostile_header, bad)
    shutil.rmtree(work / "datasets")
    shutil.copytree(DEMO, work / "datasets")  # the demo as it is, not with the good rows above
    before = _digest(work / "datasets")
    seconds, done = _median(runs, ["import", str(book), "--department", "shijianju", "--datasets", str(work / "datasets"),
                                   "--as-of", AS_OF], ok={1})
    lines = [ln for ln in done.stderr.splitlines() if " 行（" in ln]
    rows = {ln.split(" 第 ")[1].split(" 行")[0] for ln in lines}
    unchanged = _digest(work / "datasets") == before
    print(f"import {n_bad:,} hostile rows: {seconds:6.2f} s  {len(lines):,} problems on {len(rows):,} rows, "
          f"files {'unchanged' if unchanged else 'CHANGED'}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--decisions", type=int, default=100_000)
    ap.add_argument("--departments", type=int, default=200)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--rows", type=int, default=10_000, help="good rows to import")
    ap.add_argument("--hostile", type=int, default=5_000, help="hostile rows to import")
    ap.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="gongshi-bench-exchange-") as tmp:
        work = Path(tmp)
        datasets, _ = region(args.cache, args.departments, args.decisions, args.seed)
        export(datasets, work, args.runs)
        imports(work, args.runs, args.rows, args.hostile)


if __name__ == "__main__":
    main()
