"""`gongshi build`: datasets in, a complete publish/ out — or the previous one left alone.

The output is a pure function of (datasets, templates, code, settings, as_of,
the feeds' ledger): it is written to a fresh folder beside the target, scanned
for personal data, and only then swapped in whole.

Three things make it cheap at scale. A fingerprint of every input is kept in
the output; when a rebuild's inputs hash the same, the previous output *is*
the result and nothing is rendered. Otherwise only the departments whose
files changed are read and checked; the others come from their memos
(memo.py), decided again from the memo alone on a day outside the days their
publication holds for (publicity.stable_days). With two or more processes, a
forked one reads or decides again the later departments meanwhile
(readahead.py). The day is in no renderer's
key: each renderer gets a reuse.RenderJob naming the departments whose
published content changed and re-renders only those, so the result is still
what a clean build writes (tests/test_incremental.py, which also holds
`BuildResult.rendered` to exactly the departments that changed). And on a
machine with two or more cores the pages, the database and the feeds are
rendered in three processes (two forked, processes.py), each scanning what it wrote.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import pickle
import shutil
import stat
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from importlib import metadata
from pathlib import Path

from . import checks, collector, guard, memo, parties, processes, publicity, reuse, seen, walk
from . import schema as schema_export
from .load import Dataset, Department, Known, load
from .readahead import ReadAhead
from .takeover import Patch, Records, Takeover, staging
from .timelimits import Rules
from .yamlfile import MAX_FILE_BYTES

PROJECT = Path(__file__).resolve().parent.parent
PACKAGE = Path(__file__).resolve().parent
FINGERPRINT_FILE = ".gongshi-build.json"
# top-level output folders written by the feeds/opendata side; the rest is the site's
_NOT_SITE = frozenset({"feeds", "data", "schemas", "pagefind", FINGERPRINT_FILE})
# libraries whose version can change output bytes
_LIBRARIES = ("pelican", "jinja2", "markdown", "feedgen", "lxml", "sqlite-utils", "yaml-rs")

Progress = Callable[[str], None]
Task = Callable[[], "list | reuse.Later[list]"]  # a surface to render: its (name, Rendered, leaks) items, or later


@dataclass(slots=True)
class BuildConfig:
    datasets: Path
    output: Path
    as_of: date
    project: Path = PROJECT  # where pelicanconf.py, content/ and themes/ live
    base_url: str | None = None  # overrides region.yaml's base_url
    datasette_url: str | None = None  # where pages link to the API; pelicanconf.py's default otherwise
    force: bool = False  # render even when the inputs are unchanged
    jobs: int | None = None  # 1: render in this process only; None: in parallel when the machine has 2+ cores


@dataclass(slots=True)
class BuildResult:
    output: Path
    publication: publicity.Publication | None  # None when the previous output was reused
    files: int
    seconds: float
    timings: dict[str, float] = field(default_factory=dict)
    reused: bool = False  # the live output was the result: nothing rendered
    # by surface ("site", "feeds", "data"): the departments whose share was rendered anew, the others reused
    rendered: dict[str, set[str]] = field(default_factory=dict)


@dataclass(slots=True)
class Inputs:
    """Hashes of everything the output depends on, split so a rebuild can see which departments changed."""

    code: str  # code, libraries, themes, content/, pelicanconf.py and the build's settings (not as_of)
    region: str  # the files at the top of the datasets folder: region.yaml (and strays validation reports)
    departments: dict[str, str]  # folder name → its files
    as_of: date

    @property
    def total(self) -> str:
        """All of it: when this equals the live output's, the live output is the result."""
        h = hashlib.sha256(f"{self.code}\0{self.region}\0{self.as_of.isoformat()}\0".encode())
        for name, digest in sorted(self.departments.items()):
            h.update(f"{name}\0{digest}\0".encode())
        return h.hexdigest()

    def memo_key(self, slug: str) -> str:
        return memo.key(self.code, self.region, self.departments.get(slug, ""), slug)


def _hash_tree(h: hashlib._Hash, root: Path, label: str, suffixes: tuple[str, ...] | None = None) -> None:
    if not root.exists():
        return
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        if "__pycache__" in path.parts or (suffixes and path.suffix not in suffixes):
            continue
        h.update(f"{label}/{path.relative_to(root).as_posix()}\0".encode())
        h.update(hashlib.sha256(path.read_bytes()).digest())


def inputs_of(config: BuildConfig) -> Inputs:
    code = hashlib.sha256()
    _hash_tree(code, PACKAGE, "code", (".py", ".html", ".css", ".json", ".md", ".txt"))
    _hash_tree(code, config.project / "themes", "themes")
    _hash_tree(code, config.project / "content", "content")
    conf = config.project / "pelicanconf.py"
    if conf.exists():
        code.update(b"pelicanconf\0" + conf.read_bytes())
    for lib in _LIBRARIES:
        try:
            code.update(f"{lib}={metadata.version(lib)}\0".encode())
        except metadata.PackageNotFoundError:
            pass
    code.update(json.dumps([config.base_url or "", config.datasette_url or ""]).encode())
    region = hashlib.sha256()
    departments: dict[str, str] = {}
    root = config.datasets
    if root.is_dir():
        inside = os.path.realpath(root)
        for entry in sorted(root.iterdir()):
            kind = _entry(entry, inside)
            if kind == "dir":
                if not entry.name.startswith("."):  # never read by the build (a .git folder, say)
                    h = hashlib.sha256()
                    _hash_datasets(h, entry, entry.name, inside, {os.path.realpath(entry)})
                    departments[entry.name] = h.hexdigest()
            else:
                _hash_entry(region, entry, entry.name, kind)
    return Inputs(code.hexdigest(), region.hexdigest(), departments, config.as_of)


def _entry(path: Path, inside: str) -> str:
    """What the fingerprint may do with a datasets entry, by the rules load.Tree enforces (it reports them)."""
    try:
        link = os.lstat(path)
        st = os.stat(path)
    except OSError:
        return "missing"
    if stat.S_ISLNK(link.st_mode):
        target = os.path.realpath(path)
        if target != inside and not target.startswith(inside + os.sep):
            return "outside"
    if stat.S_ISDIR(st.st_mode):
        return "dir"
    if stat.S_ISREG(st.st_mode):
        return "big" if st.st_size > MAX_FILE_BYTES else "file"
    return "special"


def _hash_entry(h: hashlib._Hash, path: Path, label: str, kind: str) -> None:
    """A file's bytes; for anything validation refuses unread (outside, special, too big), only its name, kind and
    stat: the fingerprint never opens what load would not, so it cannot hang on a pipe or read a device."""
    h.update(f"{label}\0{kind}\0".encode())
    if kind == "file":
        h.update(hashlib.sha256(path.read_bytes()).digest())
    elif kind == "big":
        st = os.stat(path)
        h.update(f"{st.st_size}\0{st.st_mtime_ns}\0".encode())


def _hash_datasets(h: hashlib._Hash, folder: Path, label: str, inside: str, seen: set[str]) -> None:
    for name in sorted(os.listdir(folder)):
        path = folder / name
        kind = _entry(path, inside)
        if kind == "dir":
            real = os.path.realpath(path)
            if real in seen:  # a link back up: load reads it once, the fingerprint hashes its name
                h.update(f"{label}/{name}\0loop\0".encode())
                continue
            _hash_datasets(h, path, f"{label}/{name}", inside, seen | {real})
        else:
            _hash_entry(h, path, f"{label}/{name}", kind)


def _memory_hash(output: Path) -> str:
    """The feeds' ledger and the record of first-shown days: the build's memory, an input of the next build."""
    h = hashlib.sha256()
    for memory in (output / "feeds" / "ledger.json", output / seen.FILENAME):
        h.update(hashlib.sha256(memory.read_bytes()).digest() if memory.exists() else b"-")
    return h.hexdigest()


def _previous(output: Path) -> dict:
    try:
        return json.loads((output / FINGERPRINT_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def cache_folder(output: Path) -> Path:
    """Where a build keeps what the next one may reuse: beside the output, never inside it (see memo.py)."""
    return output.with_name(f".{output.name}.cache")


def build(config: BuildConfig, progress: Progress | None = None) -> BuildResult:
    """Validate, decide, render, guard, swap. On any failure raises with `config.output` as it was (the folders
    publishing moves out of it are put back)."""
    from . import feeds  # renders in this process; the pages and the database import theirs where they render

    say = progress or (lambda message: None)
    started = time.perf_counter()
    timings: dict[str, float] = {}
    output = config.output.resolve()

    def lap(name: str, t0: float) -> float:
        now = time.perf_counter()
        timings[name] = now - t0
        return now

    t = time.perf_counter()
    say("检查输入是否有变化")
    inputs = inputs_of(config)
    previous = _previous(output)
    if (
        not config.force
        and previous.get("inputs") == inputs.total
        and previous.get("ledger") == _memory_hash(output)
    ):
        files = int(previous.get("files", 0))
        return BuildResult(output, None, files, time.perf_counter() - started, {"fingerprint": time.perf_counter() - t}, reused=True)
    t = lap("fingerprint", t)

    cache = cache_folder(output)
    store = memo.Store(cache)
    memos: dict[str, memo.Memo] = {}
    record = seen.read(output, FINGERPRINT_FILE)  # when the live output first showed each decision and withdrawal

    def cached(folder: Path) -> memo.Memo | None:
        found = None if config.force else store.get(folder.name, inputs.memo_key(folder.name))
        return None if found is None or (found.checked_from is not None and config.as_of < found.checked_from) else found

    decided: dict[str, tuple[memo.Memo, publicity.PublicDepartment]] = {}

    def known(folder: Path, region: dict) -> Known | None:
        if found := ahead.take(folder.name):  # as if decided here (its records shared with the renderers, not
            decided[found.slug] = found, pickle.loads(found.blob)  # loaded by each: at 1,000,000 decisions a GB)
        elif found := cached(folder):
            now, public = for_the_day(found, region)  # (now, not after load: while the read-ahead does its half)
            if now is found:
                memos[found.slug] = found
            else:
                decided[found.slug] = now, public
        else:
            return None
        return Known(found.slug, found.claims)

    def for_the_day(found: memo.Memo, region: dict) -> tuple[memo.Memo, publicity.PublicDepartment]:
        with collector.paused():
            return found.decided_on(config.as_of, Rules.of(region), record.department(found.slug))

    def settle(folder: Path, region: dict) -> memo.Memo | bool:  # (in the read-ahead: see readahead.Settle)
        if (found := cached(folder)) is None:
            return False
        now, _ = for_the_day(found, region)
        return now is found or now

    def decide(dept: Department, region: dict) -> tuple[memo.Memo, publicity.PublicDepartment]:
        with collector.paused():  # deciding makes millions of objects and no garbage
            return memo.Memo.of(inputs.memo_key(dept.slug), dept, config.as_of, checks.claims_of(dept),
                                guard.department_secrets(dept), rules=Rules.of(region), seen=record.department(dept.slug))

    def keep(dept: Department, region: dict) -> None:  # each department read is decided at once, and let go of
        decided[dept.slug] = decide(dept, region)

    say("读取、检查并决定公示内容")
    forks = (config.jobs or processes.available()) > 1
    with ReadAhead(config.datasets, config.as_of, lambda d, r: decide(d, r)[0], settle, forks) as ahead:
        dataset = load(config.datasets, config.as_of, known, keep, warnings=False)  # (validate shows the warnings)
    t = lap("load and decide", t)
    with collector.paused():
        publication, fresh = _decide(dataset, memos, decided, config.as_of)
    # the record anew from every department's share (the memos taken over agreed with the previous one), so
    # what left the datasets, or may no longer be published, leaves the record too
    record = seen.Seen(known=True)
    for dept in publication.departments:
        record.add(dept.slug, dept.seen)
    if config.base_url:
        publication.region["base_url"] = config.base_url
    needles = guard.combine([m.secrets for m in (*memos.values(), *fresh)])
    scanner = guard.Scanner(needles)
    held = {m.slug: m for m in (*memos.values(), *fresh)}
    # a department's key: its publication, and the names its company list shows (any department's decisions set them)
    names = parties.names_by_department({d.slug: held[d.slug].newest for d in publication.departments})
    keys = reuse.Keys(_common_key(inputs, publication), {slug: reuse.content_key((held[slug].content, found))
                                                         for slug, found in names.items()})
    del held  # (the memos are let go of below)
    previous_keys = None if config.force else reuse.Keys.from_json(previous.get("keys"))
    changed = keys.changed(previous_keys)
    previous_files: dict[str, int] = previous.get("site_files") or {}
    # departments whose pages the live output already has, exactly as they would be rendered now
    kept = set() if changed is None else {
        slug for slug in keys.departments if slug not in changed and slug in previous_files and (output / slug).is_dir()}
    del dataset  # everything downstream works from the publication
    memos.clear()
    t = lap("publicity", t)

    # the guard reads only what differs from the live output (already scanned), unless forced
    live = None if config.force or not output.is_dir() else output
    output.parent.mkdir(parents=True, exist_ok=True)
    cache.mkdir(exist_ok=True)  # made once the data is known good: a refused build leaves nothing beside the output
    os.chmod(cache, 0o700)  # the memos hold the guard's secrets: personal data
    # kept now, not after publishing: their pickles then leave memory before the renderers fork. A build the
    # guard refuses has kept them too: they hold what the inputs give, whatever became of the output, and the
    # cache is its owner's only (the secrets in them are the datasets' own)
    for m in fresh:
        store.put(m)
    del fresh
    pages = Records(cache / "site")  # what the live output's page folders hold, if they describe it
    pages.trust(repr(_build_id(previous)) if live is not None else None)
    work = output.with_name(f".{output.name}.building")
    shutil.rmtree(work, ignore_errors=True)  # (what it could not remove stops mkdir)
    work.mkdir()
    (work / seen.FILENAME).write_text(record.dumps(), encoding="utf-8")  # scanned with the site's files

    def scan(name: str) -> list[guard.Leak]:
        return scanner.tree(work / name, live=live / name if live else None)

    everything = {d.slug for d in publication.departments}

    def job(name: str | None, changed: set[str] | None) -> reuse.RenderJob:
        out = work / name if name else work
        live_dir = (live / name if name else live) if live is not None and changed is not None else None
        frozen = frozenset(changed) if changed is not None else None
        return reuse.RenderJob(publication, out, config, frozen, live_dir, cache / (name or "site"), keys)

    def render_data() -> list:
        from . import opendata

        return [("data", opendata.render(job("data", changed)), scan("data"))]

    def render_site() -> list:
        from . import site  # Pelican: imported in the process that renders

        seen = guard.Seen(scanner)  # pages are scanned as they are written, not read back
        # a change beyond the departments' records (code, theme, region: Keys.common) renders every page anew
        rendered = site.render(job(None, None if changed is None else everything - kept), scan=seen)
        staged = frozenset(map(staging, rendered.patches))  # scanned as they were written
        return [("site", rendered, seen.leaks + scanner.tree(work, skip=_NOT_SITE | staged, live=live, seen=seen))]

    def render_feeds() -> list:
        rendered = feeds.render(job("feeds", changed))
        schema_export.write(work / "schemas")
        return [("feeds", rendered, scan("feeds") + scan("schemas"))]

    def render_search() -> reuse.Later[list]:
        from . import sitesearch

        search = job(sitesearch.FOLDER, changed)
        assert search.cache is not None  # (job() gives every surface its cache folder)
        pending = sitesearch.start(search)  # Pagefind indexes while the group's next surface renders

        def finish() -> list:
            rendered = pending.finish()
            # what Pagefind indexed, not its compressed index: the records of the bundles indexed anew
            folders = sitesearch.record_folders(search.cache, rendered.departments)
            return [("search", rendered, [leak for folder in folders for leak in scanner.tree(folder)]
                     + scanner.tree(search.out, skip=frozenset(sitesearch.bundle_names(rendered))))]

        return reuse.Later(finish, pending.cancel)

    # a rebuild that redoes most departments is grouped as a whole build (at 1,000,000 decisions nearly every
    # department has a decision expire each day: the pages took 222 s after the database's 126 s in one process,
    # while the other's feeds and search took 117 s)
    most = changed is None or 2 * len(changed) > len(keys.departments)
    groups = _groups(config.jobs or processes.available(), most, render_site, render_data, render_feeds, render_search)
    takeover = Takeover(output, work, cache / f".takeover-{os.getpid()}-{time.time_ns()}")
    with collector.frozen():  # (to the end: a collection once it thaws walks the publication, see collector.py)
        try:
            say("生成网页、订阅源和开放数据" + (f"（{len(groups)} 个进程并行）" if len(groups) > 1 else ""))
            tasks = [functools.partial(_run_all, group) for group in groups]
            found = processes.in_parallel(*tasks) if len(tasks) > 1 else [tasks[0]()]
            t = lap("render and scan", t)
            rendered = {surface: r.departments for part in found for surface, r, _, _ in part}
            patched = {slug: patch for part in found for _, r, _, _ in part for slug, patch in r.patches.items()}
            wholes = {rel: n for part in found for _, r, _, _ in part for rel, n in r.whole.items()}
            leaks = [leak for part in found for _, _, leaks_, _ in part for leak in leaks_]
            timings.update({f"render {surface}": seconds for part in found for surface, _, _, seconds in part})
            if live is not None:  # what it reuses was scanned for the live output's secrets, maybe not for all of ours
                scanned = guard.scanned_for(cache, _build_id(previous))
                leaks += _rescan_reused(work, output, kept, patched, needles, scanned, _records_of(cache, wholes))
            if leaks:
                raise guard.PersonalDataFound(work, leaks)
            by_top = _count_files(work)
            site_files = {slug: by_top.get(slug, 0) for slug in keys.departments if slug not in kept}
            for slug, patch in patched.items():  # (their new pages are counted in their staging folders)
                if slug in site_files:  # (a department's: not the company pages')
                    site_files[slug] += len(patch.kept) + len(patch.written)
            site_files.update({slug: int(previous_files[slug]) for slug in kept})
            # the record itself (1), and the pages kept in patched folders (not in `work` until they are taken over)
            files = sum(by_top.values()) + sum(site_files[slug] for slug in kept) + 1
            files += sum(len(p.kept) for p in patched.values()) + sum(wholes.values())
            record = {
                "inputs": inputs.total,
                "ledger": _memory_hash(work),
                "as_of": config.as_of.isoformat(),
                "files": files,
                "keys": keys.to_json(),
                "site_files": dict(sorted(site_files.items())),
            }
            (work / FINGERPRINT_FILE).write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")
            say("发布")
            for slug in sorted(kept):  # the unchanged departments' pages move over whole: one rename each
                takeover.whole(slug)
            for slug in sorted(patched):  # a changed one's folder with its new pages in place of the old
                takeover.patch(slug, patched[slug])
            for rel in sorted(wholes):  # other surfaces' unchanged folders (the search bundles)
                takeover.whole(rel)
            guard.swap(work, output, trash=cache / "trash")
        except BaseException:
            if takeover.undo():  # the live output gets back what was moved out of it
                shutil.rmtree(work, ignore_errors=True)
            else:  # some of the live output may still be in it: kept aside, never deleted by the next build
                os.replace(work, work.with_name(f"{work.name}.failed-{time.time_ns()}"))
            raise
        if takeover.discarded:  # what the patched folders no longer hold, deleted as the old output was
            guard.empty(takeover.trash)
        lap("swap", t)
        pages.confirm(repr(_build_id(record)), output)
        guard.remember_scan(cache, _build_id(record), needles)
        store.prune(set(keys.departments))
    return BuildResult(output, publication, files, time.perf_counter() - started, timings, rendered=rendered)


def _build_id(record: dict) -> tuple[object, object]:
    """What identifies a build's output: its inputs and the feeds ledger it wrote."""
    return record.get("inputs"), record.get("ledger")


def _records_of(cache: Path, wholes: dict[str, int]) -> list[Path]:
    """The records a reused search bundle was indexed from (sitesearch.py keeps them in the cache)."""
    from . import sitesearch

    return sitesearch.record_folders(cache / sitesearch.FOLDER, [Path(rel).name for rel in wholes
                                                                 if Path(rel).parent.name == sitesearch.FOLDER])


def _rescan_reused(
    work: Path, output: Path, kept: set[str], patched: dict[str, Patch], needles: dict[bytes, str],
    scanned: set[str] | None, records: Sequence[Path] = (),
) -> list[guard.Leak]:
    """Leaks in output a rebuild reuses (kept page folders, pages kept of changed departments, linked or partly
    rewritten files) that the live output's scan could not have seen: every needle when that scan is unknown,
    else only the added ones."""
    added = guard.added_needles(needles, scanned)
    if added is not None and not added:
        return []
    scanner = guard.Scanner(needles) if added is None else guard.Scanner(added, numbers=False)
    leaks = scanner.tree(work, skip=frozenset(map(staging, patched)))  # (staged: scanned whole as written)
    found = [leak for slug in sorted(kept) for leak in scanner.tree(output / slug)]
    found += [leak for slug in sorted(patched) for rel in sorted(patched[slug].kept) if (output / rel).exists()
              for leak in scanner.file(output / rel)]  # (one deleted by hand holds nothing)
    leaks += [leak for folder in records for leak in scanner.tree(folder)]  # (reported where they are)
    # reported where they are about to be moved
    return leaks + [replace(leak, file=work / leak.file.relative_to(output)) for leak in found]


def _decide(
    dataset: Dataset,
    memos: dict[str, memo.Memo],
    decided: dict[str, tuple[memo.Memo, publicity.PublicDepartment]],
    as_of: date,
) -> tuple[publicity.Publication, list[memo.Memo]]:
    """The Publication, in folder order, and the memos to keep: departments decided this time (read, or decided
    again from their memo for the day, see `known`), and the others as their memos hold them."""
    departments = []
    fresh = []
    for slug in dataset.order:
        found = memos.get(slug)
        if found is None:
            found, public = decided.pop(slug)
            fresh.append(found)
        else:
            public = found.public()
        departments.append(public)
    return publicity.assemble(dataset.region, departments, as_of), fresh


def _common_key(inputs: Inputs, publication: publicity.Publication) -> str:
    """reuse.Keys.common: all but the departments' own records (their names are on every page).

    Not the day: what depends on it is in the departments' records (publicity decides it), and the pages,
    feeds and tables that show the day itself are made anew by every build."""
    shared = [
        inputs.code,
        inputs.region,
        sorted(publication.region.items()),
        [(d.slug, d.name) for d in publication.departments],
    ]
    return hashlib.sha256(json.dumps(shared, ensure_ascii=False, default=str).encode()).hexdigest()


def _count_files(folder: Path) -> dict[str, int]:
    """Files under `folder` by its top-level entry (a file at the top counts under its own name)."""
    with os.scandir(folder) as top:
        return {e.name: len(walk.files(e.path)) if e.is_dir(follow_symlinks=False) else 1 for e in top}


def _run_all(tasks: tuple[Task, ...]) -> list:
    """Each task's items, with the seconds the task took (the build's timings name every surface); a task that
    goes on outside the process (reuse.Later) is finished after the others."""
    done: list = []
    later: list[tuple[reuse.Later[list], float]] = []
    try:
        for i, task in enumerate(tasks):
            t0 = time.perf_counter()
            items = task()
            if isinstance(items, reuse.Later):
                later.append((items, time.perf_counter() - t0))
                continue
            done += [(*item, time.perf_counter() - t0) for item in items]
            if i < len(tasks) - 1:  # what this task freed is not counted again under the next one's peak
                collector.trim()
        for pending, spent in later:
            t0 = time.perf_counter()
            done += [(*item, spent + time.perf_counter() - t0) for item in pending.finish()]
    except BaseException:
        for pending, _ in later:
            pending.cancel()
        raise
    return done


def _groups(jobs: int, whole: bool, site: Task, data: Task, feeds: Task, search: Task) -> list[tuple[Task, ...]]:
    """The surfaces to render, one group per process.

    A whole build's pages (or those of a rebuild that redoes most
    departments) take the longest by far: they get a process of their own,
    beside the database and (with three processes) the feeds and search. A
    rebuild of a few departments renders little, and every forked process pays for
    copying the pages of the publication it touches (writing a reference
    count copies a page): on two cores two groups of about equal work beat
    three (measured at 100,000 decisions: next day 13.3 s against 12.3 s,
    an edit 9.0 s against 7.0 s; a whole build 74.6 s with three, 90 s with
    these two groups). A rebuild pairs the search with the database and
    the feeds with the pages: the search starts Pagefind and the database
    renders while it indexes, and the feeds go before the pages, which keep
    what they hold to the end (what they kept and staged goes back to this
    process). Against (database, pages) and (search, feeds), measured
    alternately at 100,000 decisions: next day 11.8 and 13.1 s against
    12.1 and 14.3, an edit 6.9 and 6.3 s against 7.5 and 6.9, and the
    largest process 497 MiB against 540.
    """
    if jobs <= 1:
        return [(site, data, search, feeds)]
    if not whole:
        return [(search, data), (feeds, site)]
    return [(site,), (data, search, feeds)] if jobs == 2 else [(site,), (data,), (search, feeds)]
