"""The open-data API under load: `gongshi api` serving, many clients at once, the mix a newsroom makes.

    python -m benchmarks.bench_api                                   # 100,000 decisions, 50 clients, 60 s
    python -m benchmarks.bench_api --decisions 1000000 --clients 200 --seconds 60
    python -m benchmarks.bench_api --single                           # one request at a time, each type
    python -m benchmarks.bench_api --reuse --proxy                    # the same through nginx's cache

The database is made as benchmarks/bench_opendata makes it (a synthetic region through the real pipeline,
its public decisions copied to --decisions) and kept in --workdir for the next run (--reuse). The server is
`gongshi api` itself (its configuration is the production one), on 127.0.0.1; the load generator (plain
asyncio keep-alive connections, one per client) runs on the same machine and shares its two cores.

The mix (issue 17): 40 % row lookups, 20 % party_record, 15 % table searches (common words first),
10 % facets, 10 % sorted pages (the second page of the default sort, and the largest fines first), 5 % CSV.
Bounded: --clients, --seconds and a 30 s timeout per request. Reported per request type: count, errors,
p50/p95/p99; in all: requests a second; of the server (every process under gongshi api): cores busy and the
largest peak resident memory.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import httpx

from gongshi.opendata import DB_NAME, database, metadata
from gongshi.opendata.tables import values as table_values
from gongshi.publicity import decide

from . import synth
from .bench_opendata import AS_OF, _free_port, _percentile, scale

COMMON = ("罚款", "警告", "没收违法所得", "责令改正", "食品")  # what a journalist types first
RARE = ("劳动合同", "卫生标准", "营业执照", "消防")
MIX = {"row": 40, "party_record": 20, "search": 15, "facet": 10, "sorted": 10, "csv": 5}
TIMEOUT = 30.0


@dataclass
class Tally:
    times: dict[str, list[float]] = field(default_factory=lambda: {k: [] for k in MIX})
    errors: dict[str, int] = field(default_factory=lambda: dict.fromkeys(MIX, 0))


def _database(work: Path, decisions: int, departments: int, seed_decisions: int) -> Path:
    from gongshi.load import load

    db = work / "data" / DB_NAME
    datasets = work / "datasets"
    if datasets.exists():
        import shutil

        shutil.rmtree(datasets)
    synth.generate(datasets, departments, seed_decisions, seed=0)
    pub = scale(decide(load(datasets, AS_OF), AS_OF), decisions)
    database.write(table_values(pub), db)
    metadata.write(db.parent / metadata.FILENAME)
    return db


def _targets(db: Path, rng: random.Random) -> dict[str, list[str]]:
    """Request paths of each type, drawn from the database itself."""
    conn = sqlite3.connect(f"file:{db}?immutable=1", uri=True)
    ids = [r[0] for r in conn.execute("select id from decisions where rowid % 101 = 0 limit 5000")]
    usccs = [r[0] for r in conn.execute(
        "select party_uscc from decisions where party_uscc is not null and rowid % 97 = 0 limit 5000")]
    depts = [r[0] for r in conn.execute("select distinct department from decisions limit 50")]
    conn.close()
    tilde = _tilde()
    return {
        "row": [f"/gongshi/decisions/{tilde(i)}.json" for i in rng.sample(ids, min(500, len(ids)))],
        "party_record": [f"/gongshi/party_record.json?uscc={u}&_shape=array" for u in rng.sample(usccs, min(500, len(usccs)))],
        "search": [f"/gongshi/decisions.json?_search={quote(q)}" for q in (*COMMON, *COMMON, *RARE)],
        "facet": [f"/gongshi/decisions.json?_facet=kind&_facet=department_name&department={quote(d)}" for d in depts]
        + ["/gongshi/decisions.json?_facet=kind&_facet=year"],
        "sorted": ["/gongshi/decisions.json?_sort_desc=fine_fen", "NEXT"],  # NEXT: page 2 of the default sort
        "csv": [f"/gongshi/decisions.csv?department={quote(d)}&_size=100" for d in depts],
    }


def _tilde():  # type: ignore[no-untyped-def]
    from datasette.utils import tilde_encode

    return tilde_encode


async def _next_page(http: httpx.AsyncClient) -> str:
    page = (await http.get("/gongshi/decisions.json?_size=100")).json()
    token = page.get("next")
    return f"/gongshi/decisions.json?_size=100&_next={quote(str(token))}" if token else "/gongshi/decisions.json"


class Connection:
    """One keep-alive HTTP/1.1 connection, as lean as a load generator can be: httpx spent about 6 ms of CPU a
    request, as much as the server, on a machine the two share."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def get(self, path: str) -> int:
        """The status of GET `path`, its body read whole (and dropped)."""
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        assert self.reader is not None
        self.writer.write(f"GET {path} HTTP/1.1\r\nHost: {self.host}\r\n\r\n".encode())
        head = (await self.reader.readuntil(b"\r\n\r\n")).decode("latin-1").lower()
        status = int(head.split(" ", 2)[1])
        length = re.search(r"\r\ncontent-length: *(\d+)", head)
        if length:
            await self.reader.readexactly(int(length[1]))
        elif "transfer-encoding: chunked" in head:
            while size := int((await self.reader.readuntil(b"\r\n")).split(b";")[0], 16):
                await self.reader.readexactly(size + 2)
            await self.reader.readuntil(b"\r\n")
        if "connection: close" in head:
            self.close()
        return status

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


async def _run(base: str, targets: dict[str, list[str]], clients: int, seconds: float, rng: random.Random) -> tuple[Tally, float]:
    tally = Tally()
    kinds = [k for k, w in MIX.items() for _ in range(w)]
    async with httpx.AsyncClient(base_url=base, timeout=TIMEOUT) as http:
        nxt = await _next_page(http)
    paths = {k: [nxt if p == "NEXT" else p for p in v] for k, v in targets.items()}
    host, port = base.removeprefix("http://").split(":")
    stop = time.perf_counter() + seconds

    async def client() -> None:
        conn = Connection(host, int(port))
        while time.perf_counter() < stop:
            kind = rng.choice(kinds)
            t = time.perf_counter()
            try:
                ok = await asyncio.wait_for(conn.get(rng.choice(paths[kind])), TIMEOUT) == 200
            except (TimeoutError, OSError, asyncio.IncompleteReadError, ValueError):
                conn.close()
                ok = False
            tally.times[kind].append(time.perf_counter() - t)
            if not ok:
                tally.errors[kind] += 1
        conn.close()

    started = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(clients)))
    return tally, time.perf_counter() - started


async def _single(base: str, targets: dict[str, list[str]]) -> None:
    async with httpx.AsyncClient(base_url=base, timeout=TIMEOUT) as http:
        nxt = await _next_page(http)
        cases = {
            **{f"search {q}": f"/gongshi/decisions.json?_search={quote(q)}" for q in (*COMMON, *RARE)},
            "row lookup": targets["row"][0],
            "party_record": targets["party_record"][0],
            "facets, one department": targets["facet"][0],
            "facets, whole table": targets["facet"][-1],
            "sorted by fine": targets["sorted"][0],
            "page 2, default sort": nxt,
            "csv": targets["csv"][0],
        }
        print(f"{'one request at a time':28} {'median ms':>10} {'max ms':>8}  count")
        for name, path in cases.items():
            times, count = [], None
            for _ in range(5):
                t = time.perf_counter()
                r = await http.get(path)
                times.append((time.perf_counter() - t) * 1000)
                if path.endswith(".json") or ".json?" in path:
                    body = r.json()
                    count = body.get("filtered_table_rows_count", body.get("count")) if isinstance(body, dict) else None
                    indexed = isinstance(body, dict) and re.search(r"全库(至多)? ([\d,]+) 件", str(body.get("human_description_en")))
                    if count is None and indexed:  # a common word: the index's count (gongshi.opendata.plugin)
                        count = f"{indexed[1] or ''}{indexed[2]} (index)"
            print(f"{name:28} {statistics.median(times):10.1f} {max(times):8.1f}  {count}", flush=True)


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _peak_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _server_pids(parent: int) -> list[int]:
    """The processes under `gongshi api`: the API server and its workers."""
    out, todo = [], [parent]
    while todo:
        pid = todo.pop()
        for task in Path(f"/proc/{pid}/task").iterdir():
            kids = [int(c) for c in (task / "children").read_text().split()]
            out.extend(kids)
            todo.extend(kids)
    return out


PROXY_CONF = Path(__file__).resolve().parent.parent / "deploy" / "nginx-api-cache.conf"


@contextmanager
def nginx_in_front(api_port: int) -> Iterator[int]:
    """nginx with the repository's caching configuration, in front of the API on `api_port`; yields its port."""
    nginx = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/sbin")
    if nginx is None:
        sys.exit("--proxy needs nginx (Debian: apt-get install nginx-light)")
    port = _free_port()
    prefix = Path(tempfile.mkdtemp(prefix="gongshi-bench-nginx-"))
    prefix.chmod(0o755)  # nginx's workers run as another user when it is started as root: they must get in
    conf = PROXY_CONF.read_text(encoding="utf-8")
    for old, new in (("server 127.0.0.1:8001;", f"server 127.0.0.1:{api_port};"),
                     ("listen 127.0.0.1:8080;", f"listen 127.0.0.1:{port};")):
        assert old in conf, f"{PROXY_CONF} no longer says {old!r}"
        conf = conf.replace(old, new)
    (prefix / "nginx.conf").write_text(conf, encoding="utf-8")
    command = [nginx, "-p", f"{prefix}/", "-c", str(prefix / "nginx.conf")]
    subprocess.run(command, check=True)  # starts in the background
    try:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                time.sleep(0.1)
        yield port
    finally:
        subprocess.run([*command, "-s", "quit"], check=False)
        time.sleep(0.5)
        shutil.rmtree(prefix, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--decisions", type=int, default=100_000)
    ap.add_argument("--departments", type=int, default=40)
    ap.add_argument("--seed-decisions", type=int, default=40_000)
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--seconds", type=float, default=60.0)
    ap.add_argument("--single", action="store_true", help="one request at a time per type, then stop")
    ap.add_argument("--workdir", type=Path, default=None)
    ap.add_argument("--reuse", action="store_true", help="serve the database a previous run left in --workdir")
    ap.add_argument("--proxy", action="store_true", help=f"clients go through nginx with {PROXY_CONF.name} (caching)")
    args = ap.parse_args(argv)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))  # stop the server (finally below) when stopped ourselves
    work = args.workdir or Path(f"/tmp/gongshi-bench-api-{args.decisions}")
    db = work / "data" / DB_NAME
    if not (args.reuse and db.exists()):
        t = time.perf_counter()
        _database(work, args.decisions, args.departments, args.seed_decisions)
        print(f"database of {args.decisions:,} decisions built in {time.perf_counter() - t:.0f} s", flush=True)
    rng = random.Random(0)
    targets = _targets(db, rng)
    port = _free_port()
    server = subprocess.Popen([sys.executable, "-m", "gongshi.cli", "api", "--publish", str(work), "--port", str(port)],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        for line in server.stdout:  # type: ignore[union-attr]
            if line.startswith("开放数据 API："):
                break
        else:
            sys.exit("gongshi api did not start")
        time.sleep(1)  # the workers start after the port is bound
        pids = _server_pids(server.pid)
        with nginx_in_front(port) if args.proxy else nullcontext(port) as front:
            base = f"http://127.0.0.1:{front}"
            if args.single:
                asyncio.run(_single(base, targets))
                return 0
            asyncio.run(_run(base, targets, min(args.clients, 10), 5, rng))  # warm the caches
            cpu = sum(map(_cpu_seconds, pids))
            tally, wall = asyncio.run(_run(base, targets, args.clients, args.seconds, rng))
            cpu = sum(map(_cpu_seconds, pids)) - cpu
        if args.proxy:
            print("\nthrough nginx (deploy/nginx-api-cache.conf), which answers repeated requests from its cache")
        total = sum(len(v) for v in tally.times.values())
        print(f"\n{args.decisions:,} decisions, {args.clients} clients for {args.seconds:.0f} s: "
              f"{total / wall:.1f} requests a second, {sum(tally.errors.values())} errors; "
              f"server {cpu / wall:.2f} cores busy, {len(pids)} processes, largest peak "
              f"{max(map(_peak_mib, pids)):.0f} MiB (shared pages of the mapped database counted in each)")
        print(f"{'type':14} {'n':>6} {'errors':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}")
        for kind, times in tally.times.items():
            ms = [x * 1000 for x in times] or [0.0]
            print(f"{kind:14} {len(times):6d} {tally.errors[kind]:7d} {statistics.median(ms):8.0f} "
                  f"{_percentile(ms, 95):8.0f} {_percentile(ms, 99):8.0f}")
    finally:
        server.terminate()
        server.wait(timeout=30)
    return 0


if __name__ == "__main__":
    sys.exit(main())
