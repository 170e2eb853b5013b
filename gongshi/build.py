"""`gongshi build`: datasets in, a complete publish/ out — or the previous one left alone.

The output is a pure function of (datasets, templates, settings, as_of): it is
written to a fresh folder beside the target, scanned for personal data, and
only then swapped in whole.
"""

from __future__ import annotations

import shutil
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from . import guard, publicity
from . import schema as schema_export
from .load import load

PROJECT = Path(__file__).resolve().parent.parent


@dataclass(slots=True)
class BuildConfig:
    datasets: Path
    output: Path
    as_of: date
    project: Path = PROJECT  # where pelicanconf.py, content/ and themes/ live
    base_url: str | None = None  # overrides region.yaml's base_url
    datasette_url: str | None = None  # where pages link to the API; pelicanconf.py's default otherwise


@dataclass(slots=True)
class BuildResult:
    output: Path
    publication: publicity.Publication
    files: int
    seconds: float
    timings: dict[str, float] = field(default_factory=dict)


def build(config: BuildConfig) -> BuildResult:
    """Validate, decide, render, guard, swap. Raises before touching `config.output` on any failure."""
    from . import feeds, opendata, site  # the renderers pull in Pelican, feedgen, sqlite

    started = time.perf_counter()
    timings: dict[str, float] = {}

    def lap(name: str, t0: float) -> float:
        now = time.perf_counter()
        timings[name] = now - t0
        return now

    t = time.perf_counter()
    dataset = load(config.datasets, config.as_of)
    t = lap("load", t)
    publication = publicity.decide(dataset, config.as_of)
    if config.base_url:
        publication.region["base_url"] = config.base_url
    t = lap("publicity", t)

    output = config.output.resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    work = output.with_name(f".{output.name}.building")
    if work.exists():
        shutil.rmtree(work)
    work.mkdir()
    try:
        site.render(publication, work, config)
        t = lap("site", t)
        feeds.render(publication, work / "feeds", config)
        t = lap("feeds", t)
        opendata.render(publication, work / "data", config)
        schema_export.write(work / "schemas")
        t = lap("opendata", t)
        leaks = guard.scan(work, dataset)
        t = lap("guard", t)
        if leaks:
            raise guard.PersonalDataFound(work, leaks)
        files = sum(1 for p in work.rglob("*") if p.is_file())
        guard.swap(work, output)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return BuildResult(output, publication, files, time.perf_counter() - started, timings)
