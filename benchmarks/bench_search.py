"""The site search's cost at scale: indexing, re-indexing after an edit, a rebuild without change, a search's bytes.

    python -m benchmarks.bench_search                                # 100,000 decisions in 200 departments
    python -m benchmarks.bench_search --decisions 10000 --departments 20
    python -m benchmarks.bench_search --demo                         # the demo in datasets/

Runs the search renderer alone (gongshi.sitesearch.render, the job a build gives it) on the region's
publication, then, on the same output as the live one:

1. the full index into an empty folder: wall, CPU and the peak memory of the largest process (Pagefind
   runs as child processes, one per bundle);
2. a rebuild after one decision's 执法结论 changed: which bundles were indexed anew, and how long it took;
3. a rebuild with nothing changed: its time, and whether every file is byte-identical;
4. in headless Chromium, a search on a 360 px screen for a company's short name, its credit code, a 文号 and
   a legal basis: the bytes downloaded once the search page has loaded (the page's own HTML and CSS not
   counted: they are there without a search).
"""

from __future__ import annotations

import argparse
import resource
import shutil
import sys
import tempfile
import time
from dataclasses import replace
from datetime import date
from pathlib import Path

from gongshi import parties, publicity, sitesearch, urls, walk
from gongshi.build import PROJECT, BuildConfig
from gongshi.load import load
from gongshi.reuse import Keys, RenderJob, content_key

from .bench_validate import DEFAULT_CACHE, region

AS_OF = date(2026, 11, 26)


def peak_mib() -> tuple[float, float]:
    """(this process, its largest child) peak resident memory so far, MiB."""
    return (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)


def cpu() -> float:
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def files(folder: Path) -> dict[str, bytes]:
    return {p[len(str(folder)) + 1 :]: Path(p).read_bytes() for p in walk.files(folder)}


def timed(label: str, job: RenderJob) -> tuple[float, object]:
    c, t = cpu(), time.perf_counter()
    rendered = sitesearch.render(job)
    wall = time.perf_counter() - t
    print(f"{label:<34} {wall:7.1f} s wall {cpu() - c:7.1f} s CPU   indexed {sorted(rendered.departments)}"
          f"  taken over {len(rendered.whole)}")
    return wall, rendered


def searches(out: Path, queries: list[str], kind: str = "行政处罚") -> None:
    """The bytes a phone downloads for each search, in Chromium (the page itself excluded); the last query also
    narrowed to one 执法类别 (a word most records have: the largest part of the index a search loads)."""
    sys.path.insert(0, str(PROJECT))
    from playwright.sync_api import sync_playwright

    from tests.browser import CHROMIUM, CHROMIUM_ARGS, serve_directory

    (out / "theme" / "js").mkdir(parents=True, exist_ok=True)
    shutil.copy(PROJECT / "themes" / "gongshi" / "static" / "js" / "search.js", out / "theme" / "js" / "search.js")
    (out / "search").mkdir(exist_ok=True)
    (out / "search" / "index.html").write_text(  # the search page's form and result list (search.html)
        '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>搜索</title></head><body>'
        '<form id="search-form"><input id="search-q" name="q"><select id="search-kind" name="kind"><option value="">'
        '</option><option>行政处罚</option></select></form><p id="search-status"></p>'
        '<ol id="search-results"></ol><button id="search-more" hidden></button>'
        '<script src="/theme/js/search.js"></script></body></html>', encoding="utf-8")
    with serve_directory(out) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        for n, query in enumerate(queries):
            page = browser.new_page(viewport={"width": 360, "height": 800})
            got: list[int] = []
            page.goto(base + "/search/")
            if n == len(queries) - 1:
                page.select_option("#search-kind", kind)
            box = page.locator("#search-q")
            page.on("response", lambda r, got=got: got.append(len(r.body()) if r.status == 200 else 0))
            before = time.perf_counter()
            box.fill(query)
            page.wait_for_function("q => document.getElementById('search-results').dataset.query === q", arg=query,
                                   timeout=120_000)
            first = page.locator("#search-results a").first.get_attribute("href")
            label = f"{query} ({kind})" if n == len(queries) - 1 else query
            print(f"  search {label!r:<40} {sum(got) / 1024:7.0f} KiB  "
                  f"{time.perf_counter() - before:5.2f} s  first: {first}")
            page.close()
        browser.close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--departments", type=int, default=200)
    ap.add_argument("--decisions", type=int, default=100_000)
    ap.add_argument("--demo", action="store_true")
    ap.add_argument("--no-browser", action="store_true")
    args = ap.parse_args()
    datasets = PROJECT / "datasets" if args.demo else region(DEFAULT_CACHE, args.departments, args.decisions, 0)[0]
    t = time.perf_counter()
    publication = publicity.decide(load(datasets, AS_OF), AS_OF)
    found = parties.of(publication)
    print(f"{sum(len(d.decisions) for d in publication.departments)} decisions, {len(found)} companies "
          f"(decided in {time.perf_counter() - t:.1f} s)")
    t = time.perf_counter()
    planned = {name: list(b.pages()) for name, b in sitesearch.bundles(publication).items()}
    records = sum(len(list(b.records())) for b in sitesearch.bundles(publication).values())
    print(f"records: {records} on {sum(map(len, planned.values()))} pages in {len(planned)} bundles, "
          f"{sum(len(h) for pages in planned.values() for h in pages) / 2**20:.0f} MiB, "
          f"made in {time.perf_counter() - t:.1f} s")
    with tempfile.TemporaryDirectory(prefix="gongshi-bench-search-") as tmp:
        tmp_path = Path(tmp)
        config = BuildConfig(datasets, tmp_path / "publish", AS_OF)
        live = tmp_path / "publish" / sitesearch.FOLDER
        cache = tmp_path / "cache"
        keys = Keys("", {d.slug: content_key(d) for d in publication.departments})  # as a build's (reuse.Keys)
        timed("full index", RenderJob(publication, live, config, None, None, cache, keys))
        own, child = peak_mib()
        size = sum(len(b) for b in files(live).values())
        print(f"  peak memory: {own:.0f} MiB (this process), {child:.0f} MiB (largest Pagefind); "
              f"index {size / 2**20:.0f} MiB in {len(walk.files(live))} files")
        # one edited decision, rendered against the live index
        dept = next(d for d in publication.departments if d.decisions)
        edited = dict(dept.decisions[0], conclusion=dept.decisions[0]["conclusion"] + "（更正）")
        changed = replace(publication, departments=[
            replace(dept, decisions=[edited, *dept.decisions[1:]]) if d is dept else d for d in publication.departments])
        second = tmp_path / "second" / sitesearch.FOLDER
        i = publication.departments.index(dept)
        keys = Keys("", {**keys.departments, dept.slug: content_key(changed.departments[i])})
        timed("one decision edited", RenderJob(changed, second, config, frozenset({dept.slug}), live, cache, keys))
        for rel in second.iterdir():
            if rel.is_dir():
                shutil.rmtree(live / rel.name, ignore_errors=True)
                shutil.move(str(rel), live / rel.name)
        shutil.copy(second / sitesearch.BUNDLES_FILE, live / sitesearch.BUNDLES_FILE)
        before = files(live)
        third = tmp_path / "third" / sitesearch.FOLDER
        timed("nothing changed", RenderJob(changed, third, config, frozenset(), live, cache, keys))
        differ = [k for k, v in before.items() if (third / k).is_file() and (third / k).read_bytes() != v]
        print(f"  files written anew that differ from the live ones: {differ or 'none'}")
        if not args.no_browser:
            short = parties.trade_name(found[0].name)[:3]
            d = publication.decisions()[0]
            basis = next((str(x["basis"]) for x in publication.decisions() if x.get("basis")), "")
            searches(live.parent, [short, found[0].uscc, d["doc_no"], basis[:20], short])
            print(f"  (first expected: {urls.party(found[0].uscc)} for the code, "
                  f"{urls.decision(d['department'], d['slug'])} for the 文号)")


if __name__ == "__main__":
    main()
