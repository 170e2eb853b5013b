"""How many decision-list pages a new day changes: as the site shows them, and if only a list's first page had counts.

    python -m benchmarks.bench_list_pages                          # 100,000 decisions in 200 departments
    python -m benchmarks.bench_list_pages --decisions 10000 --departments 20 --day 2027-01-15

Every list page of a department (all its decisions, each year's, each kind's: gongshi.site.pages.Planner)
shows the counts of every list beside it and its own total, so a department where a decision expired has all
of its list pages rendered again on the next day; they were most of a new day's pages at 100,000 decisions.
Showing the counts on a list's first page only would spare the pages before the first one whose decisions
moved. This plans the pages of two days with the site's own Planner and counts, in the departments whose
decisions changed, the list pages that differ: as they are, and without the counts after the first page.
It measures what that change of the pages would save; it does not render anything.
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import date, timedelta
from pathlib import Path

from gongshi import publicity
from gongshi.build import PROJECT
from gongshi.load import load
from gongshi.site.pages import Page, Planner

from .bench_validate import DEFAULT_CACHE, region


def list_pages(publication: publicity.Publication, slugs: set[str], counts_everywhere: bool) -> dict[str, tuple]:
    """Each decision-list page of these departments, by address: what it shows (the counts only where shown)."""
    from pelican.settings import read_settings

    settings = read_settings(str(PROJECT / "pelicanconf.py"))  # the site's own page length
    planner = Planner(publication, settings["GONGSHI_DECISIONS_PER_PAGE"], settings["GONGSHI_LATEST_DECISIONS"],
                      settings["GONGSHI_LATEST_WITHDRAWALS"])
    out = {}
    for dept in publication.departments:
        if dept.slug in slugs:
            for page in planner.department_pages(dept):
                if page.kind == "decisions":
                    out[page.path] = _shown(page, counts_everywhere)
    return out


def _shown(page: Page, counts_everywhere: bool) -> tuple:
    ctx = page.context
    paging = ctx["paging"]
    ids = tuple(d["id"] for d in ctx["records"])
    pages = (paging.number, paging.count)  # 第 k/M 页 and the page links
    if counts_everywhere or paging.number == 1:
        return ids, pages, paging.total, repr(ctx["filters"])
    return ids, pages


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--decisions", type=int, default=100_000)
    parser.add_argument("--departments", type=int, default=200)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--day", type=date.fromisoformat, default=date(2026, 11, 26), help="the first of the two days")
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    args = parser.parse_args(argv)
    datasets, _ = region(args.cache, args.departments, args.decisions, args.seed)
    t = time.perf_counter()
    before, after = (publicity.decide(load(datasets, day), day) for day in (args.day, args.day + timedelta(days=1)))
    was = {d.slug: [r["id"] for r in d.decisions] for d in before.departments}
    changed = {d.slug for d in after.departments if was.get(d.slug) != [r["id"] for r in d.decisions]}
    print(f"{args.decisions:,} decisions in {args.departments} departments, {args.day} → the next day "
          f"(decided in {time.perf_counter() - t:.1f} s): {len(changed)} departments' decisions changed")
    for counts_everywhere, label in ((True, "counts on every page (as now)"), (False, "counts on first pages only")):
        old, new = (list_pages(p, changed, counts_everywhere) for p in (before, after))
        differ = sum(1 for path, shown in new.items() if old.get(path) != shown)
        print(f"  {label:<32} {differ:6,} of their {len(new):,} list pages differ")
    return 0


if __name__ == "__main__":
    sys.exit(main())
