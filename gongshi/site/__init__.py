"""The public website: Pelican with the gongshi theme, plus a generator for the datasets.

`render` is called by gongshi.build with a fresh output folder; it writes
nothing outside it. The output depends only on the Publication, the theme,
content/ and pelicanconf.py — never on the clock — so two renders are
byte-identical.
"""

from __future__ import annotations

import contextlib
import io
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from .. import collector, urls, walk
from ..publicity import Publication
from .plugin import PUBLICATION, SCAN, SKIP, STATS, UnsafePagePath

if TYPE_CHECKING:
    from ..build import BuildConfig

__all__ = ["UnsafePagePath", "render", "settings_for"]


def settings_for(
    publication: Publication,
    out_dir: Path,
    project: Path,
    stats: dict | None = None,
    datasette_url: str | None = None,
) -> dict:
    """Pelican settings: pelicanconf.py with the output folder and the publication filled in."""
    from pelican.settings import read_settings

    override = {
        "OUTPUT_PATH": str(Path(out_dir).resolve()),
        "PATH": str(Path(project).resolve() / "content"),
        "THEME": str(Path(project).resolve() / "themes" / "gongshi"),
        "SITENAME": publication.region["site_title"],
        PUBLICATION: publication,
        STATS: stats if stats is not None else {},
    }
    if datasette_url:
        override["GONGSHI_DATASETTE_URL"] = datasette_url
    return read_settings(str(Path(project) / "pelicanconf.py"), override=override)


def render(
    publication: Publication,
    out_dir: Path,
    config: BuildConfig,
    skip: set[str] | frozenset[str] = frozenset(),
    scan: Callable[[bytes, str], None] | None = None,
) -> int:
    """Render the site into `out_dir`; return the number of files written.

    The departments in `skip` get no pages: the build takes them over from the
    live output, where they are exactly what rendering them would give.
    `scan(data, path)` sees the bytes of the record pages as they are written
    (see guard.Seen), so the leak guard need not read 100,000 pages back.
    """
    from pelican import Pelican

    for dept in publication.departments:
        if dept.slug in urls.RESERVED_SLUGS:
            raise UnsafePagePath(urls.department(dept.slug), "department slug is reserved for a site-wide page")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    before = _count_files(out_dir)
    stats: dict = {}
    # an optional BuildConfig.datasette_url (e.g. the local API of `gongshi serve`) overrides pelicanconf.py
    settings = settings_for(publication, out_dir, config.project, stats, getattr(config, "datasette_url", None))
    settings[SKIP] = frozenset(skip)
    settings[SCAN] = scan
    # Pelican prints a summary line on stdout; the build reports its own figures.
    with contextlib.redirect_stdout(io.StringIO()), collector.paused():
        Pelican(settings).run()
    LAST_STATS.clear()
    LAST_STATS.update(stats)
    return _count_files(out_dir) - before


# Figures of the last render in this process (pages, workers, seconds), for benchmarks.
LAST_STATS: dict = {}


def _count_files(folder: Path) -> int:
    return len(walk.files(folder))
