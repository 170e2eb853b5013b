"""`gongshi build`: datasets in, a complete publish/ out — or the previous one left alone.

The output is a pure function of (datasets, templates, code, settings, as_of,
the feeds' ledger): it is written to a fresh folder beside the target, scanned
for personal data, and only then swapped in whole.

Two things make it cheap at scale. A fingerprint of every input is kept in the
output; when a rebuild's inputs hash the same, the previous output *is* the
result and nothing is rendered (the no-change rebuild a daily timer does most
days). And on a machine with two or more cores the site is rendered in a
forked process while feeds and the database are rendered in this one; each
side scans what it wrote.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import shutil
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from importlib import metadata
from pathlib import Path

from . import guard, publicity
from . import schema as schema_export
from .load import load

PROJECT = Path(__file__).resolve().parent.parent
PACKAGE = Path(__file__).resolve().parent
FINGERPRINT_FILE = ".gongshi-build.json"
# top-level output folders written by the feeds/opendata side; the rest is the site's
_NOT_SITE = frozenset({"feeds", "data", "schemas", FINGERPRINT_FILE})
# libraries whose version can change output bytes
_LIBRARIES = ("pelican", "jinja2", "markdown", "feedgen", "lxml", "sqlite-utils", "yaml-rs")

Progress = Callable[[str], None]


@dataclass(slots=True)
class BuildConfig:
    datasets: Path
    output: Path
    as_of: date
    project: Path = PROJECT  # where pelicanconf.py, content/ and themes/ live
    base_url: str | None = None  # overrides region.yaml's base_url
    datasette_url: str | None = None  # where pages link to the API; pelicanconf.py's default otherwise
    force: bool = False  # render even when the inputs are unchanged
    jobs: int | None = None  # processes to render with; None: 2 when the machine has 2+ cores


@dataclass(slots=True)
class BuildResult:
    output: Path
    publication: publicity.Publication | None  # None when the previous output was reused
    files: int
    seconds: float
    timings: dict[str, float] = field(default_factory=dict)
    reused: bool = False


def fingerprint(config: BuildConfig) -> str:
    """A hash of everything the output depends on, except the feeds' ledger (checked separately)."""
    h = hashlib.sha256()

    def add_tree(root: Path, label: str, suffixes: tuple[str, ...] | None = None) -> None:
        if not root.exists():
            return
        for path in sorted(p for p in root.rglob("*") if p.is_file()):
            if "__pycache__" in path.parts or (suffixes and path.suffix not in suffixes):
                continue
            h.update(f"{label}/{path.relative_to(root).as_posix()}\0".encode())
            h.update(hashlib.sha256(path.read_bytes()).digest())

    add_tree(config.datasets, "datasets")
    add_tree(PACKAGE, "code", (".py", ".html", ".css", ".json", ".md", ".txt"))
    add_tree(config.project / "themes", "themes")
    add_tree(config.project / "content", "content")
    conf = config.project / "pelicanconf.py"
    if conf.exists():
        h.update(b"pelicanconf\0" + conf.read_bytes())
    for lib in _LIBRARIES:
        try:
            h.update(f"{lib}={metadata.version(lib)}\0".encode())
        except metadata.PackageNotFoundError:
            pass
    settings = [config.as_of.isoformat(), config.base_url or "", config.datasette_url or ""]
    h.update(json.dumps(settings).encode())
    return h.hexdigest()


def _ledger_hash(output: Path) -> str:
    ledger = output / "feeds" / "ledger.json"
    return hashlib.sha256(ledger.read_bytes()).hexdigest() if ledger.exists() else ""


def _previous(output: Path) -> dict:
    try:
        return json.loads((output / FINGERPRINT_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def build(config: BuildConfig, progress: Progress | None = None) -> BuildResult:
    """Validate, decide, render, guard, swap. Raises before touching `config.output` on any failure."""
    from . import feeds, opendata, site  # the renderers pull in Pelican, feedgen, sqlite

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
    inputs = fingerprint(config)
    previous = _previous(output)
    if (
        not config.force
        and previous.get("inputs") == inputs
        and previous.get("ledger") == _ledger_hash(output)
    ):
        files = int(previous.get("files", 0))
        return BuildResult(output, None, files, time.perf_counter() - started, {"fingerprint": time.perf_counter() - t}, reused=True)
    t = lap("fingerprint", t)

    say("读取并检查数据")
    dataset = load(config.datasets, config.as_of)
    t = lap("load", t)
    say("决定公示内容")
    publication = publicity.decide(dataset, config.as_of)
    if config.base_url:
        publication.region["base_url"] = config.base_url
    scanner = guard.Scanner(guard.secrets(dataset))
    del dataset  # everything downstream works from the publication
    t = lap("publicity", t)

    output.parent.mkdir(parents=True, exist_ok=True)
    work = output.with_name(f".{output.name}.building")
    if work.exists():
        shutil.rmtree(work)
    work.mkdir()

    def render_site() -> list[guard.Leak]:
        site.render(publication, work, config)
        return scanner.tree(work, skip=_NOT_SITE)

    def render_rest() -> list[guard.Leak]:
        feeds.render(publication, work / "feeds", config)
        opendata.render(publication, work / "data", config)
        schema_export.write(work / "schemas")
        return [
            leak for name in ("feeds", "data", "schemas") for leak in scanner.tree(work / name)
        ]

    jobs = config.jobs or (2 if (os.cpu_count() or 1) >= 2 else 1)
    try:
        say("生成网页、订阅源和开放数据" + ("（两个进程并行）" if jobs > 1 else ""))
        if jobs > 1:
            site_leaks, rest_leaks = _in_parallel(render_site, render_rest)
        else:
            site_leaks, rest_leaks = render_site(), render_rest()
        t = lap("render and scan", t)
        leaks = site_leaks + rest_leaks
        if leaks:
            raise guard.PersonalDataFound(work, leaks)
        files = sum(1 for p in work.rglob("*") if p.is_file()) + 1  # and the record itself
        record = {"inputs": inputs, "ledger": _ledger_hash(work), "as_of": config.as_of.isoformat(), "files": files}
        (work / FINGERPRINT_FILE).write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")
        say("发布")
        guard.swap(work, output)
        lap("swap", t)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return BuildResult(output, publication, files, time.perf_counter() - started, timings)


def _in_parallel(first: Callable[[], list], second: Callable[[], list]) -> tuple[list, list]:
    """Run `first` in a forked child and `second` here; exceptions of either are raised here.

    Fork shares the publication with the child without copying or pickling it;
    only the (small) list of leaks comes back through the pipe.
    """
    ctx = multiprocessing.get_context("fork")
    receive, send = ctx.Pipe(duplex=False)

    def child() -> None:
        try:
            send.send(("ok", first()))
        except BaseException as e:  # noqa: BLE001 - everything goes back to the parent
            try:
                send.send(("error", e))
            except Exception:  # an exception that cannot be pickled
                send.send(("error", RuntimeError(traceback.format_exc())))
        finally:
            send.close()

    process = ctx.Process(target=child, daemon=True)
    process.start()
    send.close()
    try:
        mine = second()
    except BaseException:
        process.terminate()
        process.join()
        raise
    try:
        status, value = receive.recv()
    except EOFError:
        process.join()
        raise RuntimeError(f"the site renderer process died (exit code {process.exitcode})") from None
    process.join()
    if status == "error":
        raise value
    return value, mine
