"""Feeds render after one decision changed: incremental (warm cache) against the full path.

    .venv/bin/python -m benchmarks.bench_feeds_incremental DATASETS LIVE_PUBLISH [--as-of 2026-11-26]

LIVE_PUBLISH is a built output (its feeds/ledger.json is the previous ledger);
it is only read. Steps, all into a scratch folder:
1. full path from LIVE_PUBLISH's ledger into A (reference timing);
2. incremental render with a cold cache from LIVE_PUBLISH into B (fills the cache);
3. B becomes the live folder; one decision's conclusion is changed in memory;
4. incremental render from B with the warm cache into C (the figure that matters);
5. full path from B into D; C and D are compared file by file.
"""

from __future__ import annotations

import argparse
import filecmp
import os
import tempfile
import time
from dataclasses import replace
from datetime import date
from pathlib import Path

from gongshi import feeds
from gongshi.build import BuildConfig
from gongshi.load import load
from gongshi.publicity import Publication, decide
from gongshi.reuse import Keys, content_key


def keys_of(pub: Publication) -> Keys:
    common = content_key(("bench", pub.as_of, pub.region, [(d.slug, d.name) for d in pub.departments]))
    return Keys(common, {d.slug: content_key(d) for d in pub.departments})


def timed(label: str, fn) -> float:  # noqa: ANN001
    t = time.perf_counter()
    fn()
    seconds = time.perf_counter() - t
    print(f"{label:<48} {seconds:7.2f} s", flush=True)
    return seconds


def same_tree(a: Path, b: Path) -> list[str]:
    """Relative paths that differ (missing on one side or different bytes)."""
    names = {p.relative_to(a).as_posix() for p in a.rglob("*") if p.is_file()}
    names |= {p.relative_to(b).as_posix() for p in b.rglob("*") if p.is_file()}
    return sorted(
        n for n in names if not ((a / n).is_file() and (b / n).is_file() and filecmp.cmp(a / n, b / n, False))
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("datasets", type=Path)
    parser.add_argument("live", type=Path)
    parser.add_argument("--as-of", type=date.fromisoformat, default=date(2026, 11, 26))
    parser.add_argument("--scratch", type=Path, default=None)
    args = parser.parse_args()
    scratch = Path(args.scratch or tempfile.mkdtemp(prefix="bench-feeds-"))
    t = time.perf_counter()
    pub = decide(load(args.datasets, args.as_of), args.as_of)
    print(f"load + decide {time.perf_counter() - t:.1f} s", flush=True)
    keys = keys_of(pub)
    cache = scratch / "cache"
    config = BuildConfig(datasets=args.datasets, output=args.live, as_of=args.as_of)

    timed("full path (from the given ledger)", lambda: feeds.render(pub, scratch / "A" / "feeds", config))
    timed(
        "incremental, cold cache (fills it)",
        lambda: feeds.render(pub, scratch / "B" / "feeds", config, keys=keys, previous_keys=None, cache=cache),
    )

    dept = next(d for d in pub.departments if d.decisions)
    decisions = [dict(d) for d in dept.decisions]
    decisions[len(decisions) // 2]["conclusion"] = "（本决定结论已更正）"
    new_dept = replace(dept, decisions=decisions)
    changed = Publication(pub.as_of, pub.region, [new_dept if d is dept else d for d in pub.departments], pub.counts)
    new_keys = keys_of(changed)
    print(f"changed one decision of {dept.slug} ({len(dept.decisions)} decisions)")
    live = replace(config, output=scratch / "B")
    inc = timed(
        "incremental, warm cache, one decision changed",
        lambda: feeds.render(changed, scratch / "C" / "feeds", live, keys=new_keys, previous_keys=keys, cache=cache),
    )
    full = timed("full path, one decision changed", lambda: feeds.render(changed, scratch / "D" / "feeds", live))
    differ = same_tree(scratch / "C" / "feeds", scratch / "D" / "feeds")
    print(f"files differing between incremental and full: {len(differ)} {differ[:5]}")
    linked = sum(1 for p in (scratch / "C" / "feeds").rglob("*") if p.is_file() and os.stat(p).st_nlink > 1)
    print(f"speed-up {full / inc:.1f}x; files linked from the live folder: {linked}")


if __name__ == "__main__":
    main()
