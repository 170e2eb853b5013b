"""Open-data benchmark: a full render against an incremental one after one decision changed.

    python -m benchmarks.bench_opendata_incremental --datasets DIR [--as-of 2026-11-26] [--workdir DIR]

Loads and decides the region (not timed), renders the open data from scratch
into WORKDIR/full (timed: the clean path), changes one decision's conclusion
in one department in memory, renders that on top of WORKDIR/full
(timed: the incremental path), and checks the result against a clean render of
the changed publication (exports byte for byte, every table's rows).
"""

from __future__ import annotations

import argparse
import copy
import shutil
import sqlite3
import sys
import time
from datetime import date
from pathlib import Path

from gongshi import opendata
from gongshi.load import load
from gongshi.publicity import Publication, decide
from gongshi.reuse import Keys, content_key


def _keys(pub: Publication) -> Keys:
    return Keys("bench", {d.slug: content_key(d) for d in pub.departments})


def _same(a: Path, b: Path) -> list[str]:
    """The names of files, and tables of the databases, that differ."""
    bad = [p.name for p in sorted(b.iterdir()) if p.name != opendata.DB_NAME and p.read_bytes() != (a / p.name).read_bytes()]
    with sqlite3.connect(a / opendata.DB_NAME) as x, sqlite3.connect(b / opendata.DB_NAME) as y:
        for t in opendata.TABLES:
            sql = f"SELECT rowid, * FROM [{t.name}] ORDER BY rowid"
            if x.execute(sql).fetchall() != y.execute(sql).fetchall():
                bad.append(f"table {t.name}")
    return bad


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--datasets", type=Path, required=True)
    ap.add_argument("--as-of", type=date.fromisoformat, default=date(2026, 11, 26))
    ap.add_argument("--workdir", type=Path, default=Path("/tmp/gongshi-bench-opendata-incremental"))
    ap.add_argument("--check", action="store_true", help="also render the changed publication from scratch and compare")
    args = ap.parse_args(argv)
    work: Path = args.workdir
    shutil.rmtree(work, ignore_errors=True)

    t = time.perf_counter()
    pub = decide(load(args.datasets, args.as_of), args.as_of)
    n = sum(len(d.decisions) for d in pub.departments)
    print(f"{len(pub.departments)} departments, {n} public decisions; loaded and decided in {time.perf_counter() - t:.1f} s")

    t = time.perf_counter()
    opendata.render(pub, work / "full")
    print(f"full render: {time.perf_counter() - t:.2f} s", flush=True)

    changed = copy.copy(pub)
    changed.departments = list(pub.departments)
    i = len(pub.departments) // 2
    dept = copy.deepcopy(pub.departments[i])
    dept.decisions[len(dept.decisions) // 2]["conclusion"] = "经复核，罚款已全额缴纳，本案已结案。"
    changed.departments[i] = dept
    keys, previous_keys = _keys(changed), _keys(pub)
    print(f"changed: {keys.changed(previous_keys)}")

    t = time.perf_counter()
    opendata.render(changed, work / "incremental", keys=keys, previous=work / "full", previous_keys=previous_keys)
    print(f"incremental render (one decision changed): {time.perf_counter() - t:.2f} s", flush=True)

    if args.check:
        opendata.render(changed, work / "clean")
        bad = _same(work / "incremental", work / "clean")
        print("incremental == clean" if not bad else f"DIFFERENT: {bad}")
        return 1 if bad else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
