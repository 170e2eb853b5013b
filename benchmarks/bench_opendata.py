"""Open-data benchmark: gongshi.db for a region of 1,000,000 decisions, served by a real Datasette.

    python -m benchmarks.bench_opendata [--decisions 1000000] [--clients 4] [--requests 200] [--workdir DIR]

Measures the database build (time, size) and the latency, under concurrent
load, of the requests a journalist makes: a lookup by 统一社会信用代码, a
2-character and a 4-character search, and a department facet. Targets: p95
<= 100 ms for the lookup and both searches.

How the million decisions are made: benchmarks/synth.py writes a valid
region (--seed-decisions of them, 40,000 by default) that goes through the
real pipeline (load → publicity). Loading a million YAML decisions would take
minutes and several GB here, so the public decisions are then copied until
there are --decisions of them, each copy with its own 文号 (number + k·100000),
id, page and 统一社会信用代码 (last five characters = copy number), so lookups
stay selective and ids unique. The copies are what publicity would have
produced for such records; the database build then runs on them unchanged.

The server is `datasette serve -i` with an inspect file and exactly the
settings of `gongshi serve` (gongshi.serve.SETTINGS), on 127.0.0.1; the
clients are httpx on the same machine (2 cores, shared), so figures include
the client's own CPU.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import re
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import httpx

from gongshi import serve as serving
from gongshi.load import load
from gongshi.opendata import DB_NAME, database, metadata
from gongshi.opendata.tables import values as table_values
from gongshi.publicity import Publication, PublicDepartment, decide, doc_slug

from . import synth

AS_OF = date(2026, 11, 26)
SEARCH_2 = ("罚款", "警告", "食品", "违法", "劳动", "卫生", "扣押", "许可", "责令", "消防")
SEARCH_4 = ("劳动合同", "食品安全", "有限公司", "责令改正", "卫生标准", "现场检查", "违法所得", "营业执照")
_DOC_NUMBER = re.compile(r"〕(\d+)号$")


def scale(pub: Publication, total: int) -> Publication:
    """A publication with `total` decisions: copies of pub's, each a distinct record."""
    flat = [(dept.slug, d) for dept in pub.departments for d in dept.decisions]
    out: dict[str, list[dict]] = {dept.slug: [] for dept in pub.departments}
    for i in range(total):
        slug, d = flat[i % len(flat)]
        k = i // len(flat)
        if k == 0:
            out[slug].append(d)
            continue
        c = dict(d)
        c["doc_no"] = _DOC_NUMBER.sub(lambda m, k=k: f"〕{int(m[1]) + k * 100000}号", d["doc_no"])
        c["slug"] = doc_slug(c["doc_no"])
        c["id"] = f"{slug}/{c['slug']}"
        party = dict(d["party"])
        if party.get("uscc"):
            party["uscc"] = f"{party['uscc'][:13]}{k:05d}"
        c["party"] = party
        out[slug].append(c)
    depts = [
        PublicDepartment(dept.slug, dept.profile, dept.lists, out[dept.slug], dept.withdrawals)
        for dept in pub.departments
    ]
    return Publication(pub.as_of, pub.region, depts, pub.counts)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))]


async def _load(base: str, paths: list[str], clients: int) -> list[float]:
    queue = list(reversed(paths))
    timings: list[float] = []

    async def client(http: httpx.AsyncClient) -> None:
        while queue:
            path = queue.pop()
            t = time.perf_counter()
            r = await http.get(path)
            timings.append(time.perf_counter() - t)
            if r.status_code != 200:
                raise RuntimeError(f"{path}: HTTP {r.status_code}: {r.text[:300]}")

    async with httpx.AsyncClient(base_url=base, timeout=60) as http:
        await asyncio.gather(*(client(http) for _ in range(clients)))
    return timings


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--decisions", type=int, default=1_000_000)
    ap.add_argument("--seed-decisions", type=int, default=40_000)
    ap.add_argument("--departments", type=int, default=40)
    ap.add_argument("--clients", type=int, default=4)
    ap.add_argument("--requests", type=int, default=200, help="per scenario")
    ap.add_argument("--workdir", type=Path, default=Path("/tmp/gongshi-bench-opendata"))
    ap.add_argument("--reuse", action="store_true", help="serve the database of a previous run instead of building")
    args = ap.parse_args(argv)

    work: Path = args.workdir
    data_dir = work / "data"
    db_path = data_dir / DB_NAME
    if not args.reuse:
        datasets = work / "datasets"
        if datasets.exists():
            shutil.rmtree(datasets)
        t = time.perf_counter()
        synth.generate(datasets, args.departments, args.seed_decisions, seed=0)
        pub = decide(load(datasets, AS_OF), AS_OF)
        print(f"seed region: {args.seed_decisions} decisions written, loaded and decided in {time.perf_counter() - t:.1f} s "
              f"({pub.counts.published} public)", flush=True)
        pub = scale(pub, args.decisions)
        t = time.perf_counter()
        data = table_values(pub)
        t_rows = time.perf_counter() - t
        del pub
        t = time.perf_counter()
        database.write(data, db_path)
        t_db = time.perf_counter() - t
        n = len(data["decisions"])
        del data
        print(f"database: {n} decisions; rows {t_rows:.1f} s + SQLite {t_db:.1f} s = {t_rows + t_db:.1f} s; "
              f"size {db_path.stat().st_size / 1e6:.0f} MB", flush=True)

    metadata.write(data_dir / metadata.FILENAME)
    conn = sqlite3.connect(f"file:{db_path}?immutable=1", uri=True)
    n = conn.execute("select count(*) from decisions").fetchone()[0]
    rng = random.Random(0)
    usccs = [r[0] for r in conn.execute(
        "select party_uscc from decisions where party_uscc is not null and rowid % 997 = 0")]
    conn.close()
    fts_bytes = sum(
        r[0] for r in sqlite3.connect(f"file:{db_path}?immutable=1", uri=True).execute(
            "select sum(pgsize) from dbstat where name like 'decisions_fts%'")
    ) if _has_dbstat() else None

    port = _free_port()
    inspect_file = work / "inspect-data.json"
    subprocess.run([sys.executable, "-m", "datasette", "inspect", str(db_path), "--inspect-file", str(inspect_file)],
                   check=True)
    api = subprocess.Popen([sys.executable, *serving.api_command(data_dir, inspect_file, "127.0.0.1", port)],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        serving._wait_for("127.0.0.1", port, api, 120)
        base = f"http://127.0.0.1:{port}"
        R = args.requests

        def pick(pool: tuple[str, ...] | list[str]) -> list[str]:
            return [rng.choice(pool) for _ in range(R)]

        scenarios = {
            "lookup by 统一社会信用代码 (canned party_record)": [f"/gongshi/party_record.json?uscc={u}&_shape=array" for u in pick(usccs)],
            "lookup by 统一社会信用代码 (table filter)": [f"/gongshi/decisions.json?party_uscc={u}" for u in pick(usccs)],
            "2-character search (canned search_decisions)": [f"/gongshi/search_decisions.json?q={q}&_shape=array" for q in pick(SEARCH_2)],
            "4-character search (canned search_decisions)": [f"/gongshi/search_decisions.json?q={q}&_shape=array" for q in pick(SEARCH_4)],
            "2-character search (table ?_search, no count/facets)": [f"/gongshi/decisions.json?_search={q}&_nocount=1&_nofacet=1" for q in pick(SEARCH_2)],
            "4-character search (table ?_search, no count/facets)": [f"/gongshi/decisions.json?_search={q}&_nocount=1&_nofacet=1" for q in pick(SEARCH_4)],
            "department facet (SQL group by department)": [
                "/gongshi.json?sql=select+department,+count(*)+as+n+from+decisions+group+by+department+order+by+n+desc"
                "&_shape=array"] * max(20, R // 5),
            "decisions page, default facets (department, kind, year, party_kind)": [
                "/gongshi/decisions.json?_size=10"] * max(20, R // 5),
        }
        asyncio.run(_load(base, [p for paths in scenarios.values() for p in paths[:10]], args.clients))  # warm up
        print(f"\n{n} decisions, {args.clients} concurrent clients, 127.0.0.1, datasette -i with inspect file")
        if fts_bytes:
            print(f"search index {fts_bytes / 1e6:.0f} MB of {db_path.stat().st_size / 1e6:.0f} MB")
        print(f"{'scenario':58} {'n':>5} {'median ms':>10} {'p95 ms':>8} {'max ms':>8}")
        for name, paths in scenarios.items():
            t = time.perf_counter()
            timings = asyncio.run(_load(base, paths, args.clients))
            wall = time.perf_counter() - t
            ms = [x * 1000 for x in timings]
            print(f"{name:58} {len(ms):5d} {statistics.median(ms):10.1f} {_percentile(ms, 95):8.1f} {max(ms):8.1f}"
                  f"   ({len(ms) / wall:.0f} req/s)", flush=True)
    finally:
        api.terminate()
        api.wait()
    return 0


def _has_dbstat() -> bool:
    try:
        sqlite3.connect(":memory:").execute("select * from dbstat limit 1")
        return True
    except sqlite3.OperationalError:
        return False


if __name__ == "__main__":
    sys.exit(main())
