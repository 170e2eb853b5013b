"""Time the site renderer alone: ms per page, wall and CPU, for the demo or a synthetic region.

    python -m benchmarks.bench_site                      # the demo region in datasets/
    python -m benchmarks.bench_site --decisions 10000    # a synthetic region (benchmarks.synth)
    python -m benchmarks.bench_site --decisions 100000 --departments 200 --workers 2

CPU is reported as user + system. The system part is the kernel creating a
folder and a file per page, and on an ext4 file system without a journal it
grows several times over while many files deleted in the last half minute
(another build's output, by anyone on the machine) are skipped when inodes
are allocated: compare user time between runs, or wait after deleting.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import resource
import shutil
import tempfile
import time
from datetime import date
from pathlib import Path

from gongshi import publicity, site
from gongshi.build import PROJECT
from gongshi.load import load

AS_OF = date(2026, 11, 26)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--decisions", type=int, default=0, help="synthetic decisions (0: the demo region)")
    ap.add_argument("--departments", type=int, default=20)
    ap.add_argument("--workers", type=int, default=0, help="render processes (0: pelicanconf.py's choice)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="gongshi-bench-site-") as tmp:
        if args.decisions:
            from benchmarks.synth import generate

            datasets = Path(tmp) / "datasets"
            generate(datasets, args.departments, args.decisions, 0)
        else:
            datasets = PROJECT / "datasets"
        t0 = time.perf_counter()
        publication = publicity.decide(load(datasets, AS_OF), AS_OF)
        t1 = time.perf_counter()
        out = Path(tmp) / "out"
        stats: dict = {}
        settings = site.settings_for(publication, out, PROJECT, stats)
        if args.workers:
            settings["GONGSHI_SITE_WORKERS"] = args.workers
        from pelican import Pelican

        own0 = resource.getrusage(resource.RUSAGE_SELF)
        t2 = time.perf_counter()
        with contextlib.redirect_stdout(io.StringIO()):
            Pelican(settings).run()
        t3 = time.perf_counter()
        own = resource.getrusage(resource.RUSAGE_SELF)
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        user = own.ru_utime - own0.ru_utime + children.ru_utime
        system = own.ru_stime - own0.ru_stime + children.ru_stime
        cpu = user + system
        files = sum(1 for p in out.rglob("*") if p.is_file())
        peak = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, children.ru_maxrss) / 1024
        print(
            f"{publication.counts.published} decisions published; load+publicity {t1 - t0:.1f} s\n"
            f"site: {files} files ({stats['pages']} record pages) in {t3 - t2:.2f} s wall, "
            f"{cpu:.2f} s CPU ({user:.2f} user, {system:.2f} system), "
            f"{stats['workers']} process(es)\n"
            f"record pages: {stats['seconds']:.2f} s, {stats['seconds'] / stats['pages'] * 1000:.3f} ms per page wall "
            f"(all CPU incl. template compilation: {cpu / stats['pages'] * 1000:.3f} ms per page); peak RSS {peak:.0f} MB"
        )
        shutil.rmtree(out, ignore_errors=True)


if __name__ == "__main__":
    main()
