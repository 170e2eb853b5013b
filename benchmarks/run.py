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
   then `gongshi check` on it (the supervisor's report: every record, the live output's record of dates)
3. rebuild with nothing changed
4. rebuild after one decision's 执法结论 changed
5. rebuild after one decision was withdrawn
6. rebuild on the next day, no data changed (decisions whose publicity ends that day drop out)
7. rebuild that day after edits in two departments and one withdrawal in a third; then, untimed, a forced
   build from the same ledger, which must write the same files
8. rebuild on the day after, with a day's intake: three new decisions in each of (at most) ten departments

With --runs N the whole sequence runs N times and the table shows each step's median. Peak memory is that of
the largest process of the step (the build forks its renderers). The last lines count the lines of the
incremental machinery: the modules that decide what a rebuild reuses, keep caches and assemble reused output.

Pages per second counts the HTML files of the full build over its wall time.
"""

from __future__ import annotations

import argparse
import filecmp
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import date, timedelta
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


def measure(name: str, args: list[str], ok: tuple[int, ...] = (0,)) -> Step:
    cmd = [sys.executable, "-m", "gongshi.cli", *args]
    with tempfile.TemporaryFile() as out:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, cwd=PROJECT)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
        out.seek(0)
        text = out.read().decode("utf-8", "replace")
    code = os.waitstatus_to_exitcode(status)
    if code not in ok:
        raise SystemExit(f"{name} failed ({code}):\n{text[-3000:]}")
    return Step(name, wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, text.strip().splitlines()[-1])


# the modules that decide what a rebuild reuses, keep its caches and assemble reused output
INCREMENTAL = (
    "gongshi/reuse.py",
    "gongshi/memo.py",
    "gongshi/feeds/incremental.py",
    "gongshi/feeds/shares.py",
    "gongshi/cache.py",
    "gongshi/opendata/incremental.py",
    "gongshi/opendata/rowids.py",
    "gongshi/takeover.py",
)


def first_decision_file(datasets: Path, nth: int = 0) -> Path:
    """The newest decision file of the nth department that has one: its decisions are still published (an edit
    to an expired one would change nothing the public sees, and the rebuild would rightly render nothing)."""
    newest: dict[Path, Path] = {}
    for path in sorted(datasets.glob("*/decisions/*.yaml")):
        if "\n  - doc_no:" in path.read_text(encoding="utf-8"):
            newest[path.parent.parent] = path
    if len(newest) <= nth:
        raise SystemExit("no decision file found")
    return newest[sorted(newest)[nth]]


def newest_shown(datasets: Path, nth: int = 0) -> tuple[Path, str, int, int]:
    """The newest file of the nth department and where in its text (start, end) its last decision that the public
    sees is: not a minor's, not one withheld by default (a penalty that is only a 警告, say), not withdrawn. An
    edit to one of those would change nothing published, and the rebuild would rightly render nothing for it."""
    from gongshi.publicity import is_minor
    from gongshi.timelimits import Rules, withheld
    from gongshi.yamlfile import read_yaml

    path = first_decision_file(datasets, nth)
    records = [{**rec, "decision_date": date.fromisoformat(str(rec["decision_date"]))}  # (as the loader types it)
               for rec in read_yaml(path).data["items"]]
    shown = [rec for rec in records if not (is_minor(rec) or withheld(rec, Rules()) or rec.get("withdrawal"))]
    if not shown:
        raise SystemExit(f"{path} has no decision the public sees")
    text = path.read_text(encoding="utf-8").rstrip("\n") + "\n"
    found = re.search(rf"doc_no: ['\"]?{re.escape(str(shown[-1]['doc_no']))}['\"]?\n", text)
    assert found is not None, shown[-1]["doc_no"]
    after = text.find("\n  - doc_no:", found.end() - 1)
    return path, text, found.start(), after + 1 if after >= 0 else len(text)


def change_conclusion(datasets: Path, nth: int = 0) -> None:
    """Correct the 执法结论 of the newest file's last decision that the public sees (newest_shown)."""
    path, text, start, _ = newest_shown(datasets, nth)
    at = text.index("\n    conclusion: ", start)
    end = text.index("\n", at + 1)
    path.write_text(text[:end] + "（已更正）" + text[end:], encoding="utf-8")


def withdraw_one(datasets: Path, nth: int = 0, day: str = AS_OF) -> None:
    """Withdraw the newest file's last decision that the public sees (newest_shown), dated `day`."""
    path, text, _, end = newest_shown(datasets, nth)
    block = (
        f"    withdrawal:\n      date: {day}\n      kind: 撤销\n"
        "      reason: 经行政复议，认定事实不清、证据不足，予以撤销。\n      document: 复决〔2026〕1号\n"
    )
    path.write_text(text[:end] + block + text[end:], encoding="utf-8")


def add_decisions(datasets: Path, day: str, departments: int = 10, each: int = 3) -> int:
    """A day's intake: `each` new decisions in each of (at most) `departments` departments, copies of the newest
    file's last decision decided on `day`: a 文号 numbered after the file's highest, its other dates moved by as
    many days, no withdrawal. Returns how many were added."""
    added = 0
    for nth in range(departments):
        try:
            path = first_decision_file(datasets, nth)
        except SystemExit:  # fewer departments with decisions (the demo)
            break
        text = path.read_text(encoding="utf-8").rstrip("\n")
        last = text[text.rindex("\n  - doc_no:"):].split("\n")[1:]
        numbers = [int(n) for n in re.findall(r"^  - doc_no: .*?(\d+)号", text, re.M)]
        kept, skipping = [], False
        for line in last:  # the withdrawal block goes (its lines are indented deeper than the record's fields)
            if line.startswith("    withdrawal:"):
                skipping = True
            elif skipping and (not line.strip() or line.startswith("      ")):
                continue
            else:
                skipping = False
                kept.append(line)
        shift = None
        for line in kept:
            found = re.match(r"    decision_date: (\d{4}-\d{2}-\d{2})$", line)
            if found:
                shift = date.fromisoformat(day) - date.fromisoformat(found[1])
        if shift is None or not numbers:
            raise SystemExit(f"the last decision of {path} has no decision_date or its 文号 no number")

        for k in range(each):
            number = max(numbers) + 1 + k
            doc_no = re.sub(r"\d+(号[\"']?)$", rf"{number}\g<1>", kept[0])
            text += "".join("\n" + _moved(line, shift, day) for line in [doc_no, *kept[1:]])
            added += 1
        path.write_text(text + "\n", encoding="utf-8")
    return added


def _moved(line: str, shift: timedelta, day: str) -> str:
    """A record's date field `shift` later; its 公示日期 on `day`, its decision date (it may not lie after it)."""
    found = re.match(r"(    ([a-z_]+): )(\d{4}-\d{2}-\d{2})$", line)
    if not found:
        return line
    return f"{found[1]}{day if found[2] == 'published' else date.fromisoformat(found[3]) + shift}"


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
    ap.add_argument("--full-only", action="store_true", help="validate, the full build and the next day's rebuild only (for 1,000,000 decisions)")
    ap.add_argument("--runs", type=int, default=1, help="run everything this many times and show medians")
    args = ap.parse_args(argv)

    if args.demo:
        source, label = PROJECT / "datasets", "demo (datasets/)"
    else:
        source, generated = region(args.cache_dir, args.departments, args.decisions, args.seed)
        label = f"synthetic: {args.departments} departments, {args.decisions:,} decisions"
        if generated is not None:
            print(f"generated the region in {generated:.1f} s")
    runs = [_sequence(source, args, n) for n in range(args.runs)]
    steps = [
        Step(name, *(statistics.median(getattr(r[0][i], f) for r in runs) for f in ("wall", "cpu", "max_rss_mib")), "")
        for i, name in enumerate(s.name for s in runs[0][0])
    ]
    pages = runs[0][1]
    print(f"\n{label}; as of {AS_OF}; {os.cpu_count()} cores; " + (f"median of {args.runs} runs" if args.runs > 1 else "one run") + "\n")
    print(f"{'step':48} {'wall s':>8} {'CPU s':>8} {'peak MiB':>9}")
    for s in steps:
        print(f"{s.name:48} {s.wall:8.2f} {s.cpu:8.2f} {s.max_rss_mib:9.0f}")
    full = steps[1]
    print(f"\nHTML pages: {pages:,}; {pages / full.wall:,.0f} pages/s over the full build ({1000 * full.wall / pages:.2f} ms/page)")
    print(f"last build said: {runs[0][0][-1].output}")
    print("\nincremental machinery (lines): " + ", ".join(f"{Path(m).name if 'feeds' not in m and 'opendata' not in m else m.removeprefix('gongshi/')} {_lines(m)}" for m in INCREMENTAL) + f"; total {sum(_lines(m) for m in INCREMENTAL)}")
    biggest = max((PROJECT / "gongshi").rglob("*.py"), key=lambda p: _lines(str(p.relative_to(PROJECT))))
    print(f"largest module: {biggest.relative_to(PROJECT)} ({_lines(str(biggest.relative_to(PROJECT)))} lines)")
    return 0


def _lines(rel: str) -> int:
    path = PROJECT / rel
    return len(path.read_text(encoding="utf-8").splitlines()) if path.exists() else 0


def _sequence(source: Path, args: argparse.Namespace, n: int) -> tuple[list[Step], int]:
    """One run of every step on a fresh copy of the region; (steps, HTML pages of the full build)."""
    work = args.work or Path(tempfile.mkdtemp(prefix="gongshi-run-"))
    datasets, publish = work / "datasets", work / "publish"
    shutil.rmtree(work, ignore_errors=True)
    shutil.copytree(source, datasets)

    def build(day: str = AS_OF, *extra: str, output: Path = publish) -> list[str]:
        return ["build", "--datasets", str(datasets), "--output", str(output), "--as-of", day, *extra]

    steps = [measure("validate", ["validate", str(datasets), "--as-of", AS_OF])]
    steps.append(measure("full build", build()))
    pages = html_pages(publish)
    report = ["check", "--datasets", str(datasets), "--publish", str(publish), "--as-of", AS_OF, "--format", "json",
              "--output", str(work / "check.json")]
    steps.append(measure("gongshi check (the judicial bureau's report)", report, ok=(0, 1)))
    next_day = (date.fromisoformat(AS_OF) + timedelta(days=1)).isoformat()
    if args.full_only:
        steps.append(measure("rebuild, next day, no data changed", build(next_day)))
    else:
        steps.append(measure("rebuild, nothing changed", build()))
        change_conclusion(datasets)
        steps.append(measure("rebuild, one decision changed", build()))
        withdraw_one(datasets)
        steps.append(measure("rebuild, one withdrawal", build()))
        steps.append(measure("rebuild, next day, no data changed", build(next_day)))
        change_conclusion(datasets, 1)
        change_conclusion(datasets, 2)
        withdraw_one(datasets, 3, next_day)
        forced = work / "forced" / "publish"
        shutil.copytree(publish, forced)  # the same ledger
        steps.append(measure("rebuild, two departments edited, one withdrawal", build(next_day)))
        measure("forced build from the same ledger", build(next_day, "--force", output=forced))
        differ = _differences(publish, forced)
        if differ:
            raise SystemExit(f"the rebuild and the forced build differ: {differ[:10]}")
        day_after = (date.fromisoformat(next_day) + timedelta(days=1)).isoformat()
        added = add_decisions(datasets, day_after)
        steps.append(measure(f"rebuild, day after, {added} new decisions", build(day_after)))
    print(f"run {n + 1}: " + ", ".join(f"{s.name} {s.wall:.2f} s" for s in steps), flush=True)
    if args.work is None:
        shutil.rmtree(work, ignore_errors=True)
    return steps, pages


def _differences(a: Path, b: Path) -> list[str]:
    """Files that differ between two outputs (but gongshi.db, whose pages are laid out differently: its rows are
    compared by tests/test_incremental.py)."""
    names = {p.relative_to(a) for p in a.rglob("*") if p.is_file()} | {p.relative_to(b) for p in b.rglob("*") if p.is_file()}
    return sorted(
        str(n) for n in names
        if n.name != "gongshi.db" and not ((a / n).is_file() and (b / n).is_file() and filecmp.cmp(a / n, b / n, shallow=False))
    )


if __name__ == "__main__":
    sys.exit(main())
