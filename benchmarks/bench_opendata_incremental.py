"""Open-data benchmark: a full render against an incremental one after one decision changed or was withdrawn.

    python -m benchmarks.bench_opendata_incremental --datasets DIR [--as-of 2026-11-26] [--workdir DIR]
        [--previous DIR] [--scenario text|withdrawal|both] [--profile FILE] [--check]

Loads and decides the region (not timed), renders the open data from scratch
into WORKDIR/full (timed: the clean path) — or, with --previous, takes an
existing render of the same publication (e.g. publish/data; it is only read) —
then changes the publication in memory and renders that on top of the full
render (timed: the incremental path). Scenarios: `text` changes one
decision's conclusion in the middle department; `withdrawal` withdraws the
oldest decision of the first department (the other decisions of its day
take new rowids). With --check, the result is compared with a clean render
of the changed publication (exports byte for byte, every table's rows);
with --profile, each incremental render is run under cProfile and its stats
written to FILE.<scenario>.
"""

from __future__ import annotations

import argparse
import copy
import cProfile
import shutil
import sqlite3
import sys
import time
from datetime import date, timedelta
from pathlib import Path

from gongshi import catalog, opendata
from gongshi.load import load
from gongshi.publicity import Publication, decide
from gongshi.reuse import Keys, RenderJob, content_key


def _keys(pub: Publication) -> Keys:
    return Keys("bench", {d.slug: content_key(d) for d in pub.departments})


def _same(a: Path, b: Path) -> list[str]:
    """The names of files, and tables of the databases, that differ."""
    bad = [p.name for p in sorted(b.iterdir()) if p.name != opendata.DB_NAME and p.read_bytes() != (a / p.name).read_bytes()]
    with sqlite3.connect(a / opendata.DB_NAME) as x, sqlite3.connect(b / opendata.DB_NAME) as y:
        for t in catalog.TABLES:
            sql = f"SELECT rowid, * FROM [{t.name}] ORDER BY rowid" if t.name == "decisions" else \
                f"SELECT * FROM [{t.name}]"  # WITHOUT ROWID: in key order
            if x.execute(sql).fetchall() != y.execute(sql).fetchall():
                bad.append(f"table {t.name}")
    return bad


def _text_changed(pub: Publication) -> Publication:
    changed = copy.copy(pub)
    changed.departments = list(pub.departments)
    i = len(pub.departments) // 2
    dept = copy.deepcopy(pub.departments[i])
    dept.decisions[len(dept.decisions) // 2]["conclusion"] = "经复核，罚款已全额缴纳，本案已结案。"
    changed.departments[i] = dept
    return changed


def _withdrawn(pub: Publication, as_of: date) -> Publication:
    changed = copy.copy(pub)
    changed.departments = list(pub.departments)
    i = next(i for i, d in enumerate(pub.departments) if d.decisions)
    dept = copy.deepcopy(pub.departments[i])
    d = dept.decisions.pop()  # the oldest
    dept.withdrawals.append({
        "id": d["id"], "slug": d["slug"], "department": d["department"], "department_name": d["department_name"],
        "doc_no": d["doc_no"], "kind": d["kind"], "decision_date": d["decision_date"],
        "withdrawal_date": as_of - timedelta(days=1), "withdrawal_kind": "撤销", "reason": "行政复议决定撤销。",
        "document": "复议决定书",
    })
    dept.withdrawals.sort(key=lambda w: (-w["withdrawal_date"].toordinal(), w["id"]))
    changed.departments[i] = dept
    return changed


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--datasets", type=Path, required=True)
    ap.add_argument("--as-of", type=date.fromisoformat, default=date(2026, 11, 26))
    ap.add_argument("--workdir", type=Path, default=Path("/tmp/gongshi-bench-opendata-incremental"))
    ap.add_argument("--previous", type=Path, help="an existing render of the unchanged publication (only read)")
    ap.add_argument("--scenario", choices=("text", "withdrawal", "both"), default="both")
    ap.add_argument("--profile", type=Path, help="write cProfile stats of each incremental render to FILE.<scenario>")
    ap.add_argument("--check", action="store_true", help="also render the changed publication from scratch and compare")
    args = ap.parse_args(argv)
    work: Path = args.workdir
    shutil.rmtree(work, ignore_errors=True)

    t = time.perf_counter()
    pub = decide(load(args.datasets, args.as_of), args.as_of)
    n = sum(len(d.decisions) for d in pub.departments)
    print(f"{len(pub.departments)} departments, {n} public decisions; loaded and decided in {time.perf_counter() - t:.1f} s")

    previous = args.previous
    if previous is None:
        previous = work / "full"
        t = time.perf_counter()
        opendata.render(RenderJob(pub, previous, None))
        print(f"full render: {time.perf_counter() - t:.2f} s", flush=True)

    scenarios = ("text", "withdrawal") if args.scenario == "both" else (args.scenario,)
    bad_any = False
    for scenario in scenarios:
        changed = _text_changed(pub) if scenario == "text" else _withdrawn(pub, args.as_of)
        keys, previous_keys = _keys(changed), _keys(pub)
        out = work / f"incremental-{scenario}"
        profiler = cProfile.Profile() if args.profile else None
        t = time.perf_counter()
        if profiler:
            profiler.enable()
        opendata.render(RenderJob(changed, out, None, frozenset(keys.changed(previous_keys) or ()), previous))
        if profiler:
            profiler.disable()
        print(f"incremental render ({scenario}, {sorted(keys.changed(previous_keys))}): "
              f"{time.perf_counter() - t:.2f} s", flush=True)
        if profiler:
            profiler.dump_stats(f"{args.profile}.{scenario}")
        if args.check:
            opendata.render(changed, work / f"clean-{scenario}")
            bad = _same(out, work / f"clean-{scenario}")
            print("incremental == clean" if not bad else f"DIFFERENT: {bad}", flush=True)
            bad_any = bad_any or bool(bad)
            shutil.rmtree(work / f"clean-{scenario}")
    return 1 if bad_any else 0


if __name__ == "__main__":
    sys.exit(main())
