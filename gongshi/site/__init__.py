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

from .. import collector, urls, walk
from ..publicity import Publication
from ..reuse import Rendered, RenderJob
from ..takeover import Records
from .pages import PARTIES_FOLDER as PARTIES
from .plugin import PAGE_KEYS, PUBLICATION, SCAN, SKIP, STATS, PageKeys, UnsafePagePath

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


def render(job: RenderJob, scan: Callable[[bytes, str], None] | None = None) -> Rendered:
    """Render the site into `job.out`.

    The departments the job may reuse get no pages: the build takes their
    folders over from the live output, where they are exactly what rendering
    them would give. Of a changed department, the pages whose live copy is
    what rendering them would give are not written either, and the others
    are written to a staging folder: `Rendered.patches` says which, and the
    build takes the live folder over with them (takeover.py). `scan(data, path)` sees the bytes of the record pages as
    they are written (see guard.Seen), so the leak guard need not read
    100,000 pages back.
    """
    from pelican import Pelican

    publication = job.publication
    for dept in publication.departments:
        if dept.slug in urls.RESERVED_SLUGS:
            raise UnsafePagePath(urls.department(dept.slug), "department slug is reserved for a site-wide page")
    out_dir = Path(job.out)
    out_dir.mkdir(parents=True, exist_ok=True)
    before = _count_files(out_dir)
    stats: dict = {}
    config = job.config
    # an optional BuildConfig.datasette_url (e.g. the local API of `gongshi serve`) overrides pelicanconf.py
    settings = settings_for(publication, out_dir, config.project, stats, getattr(config, "datasette_url", None))
    skip = frozenset(d.slug for d in publication.departments if job.reusable(d.slug))
    settings[SKIP] = skip
    settings[SCAN] = scan
    records = Records(job.cache) if job.cache is not None else None
    keys = None
    if records is not None:  # the pages of each folder are recorded, and a changed department's compared
        reusing = job.changed is not None and job.live is not None
        previous = {slug: records.load(slug) for slug in (*(job.changed or ()), PARTIES) if reusing}
        keys = PageKeys(str(Path(job.live).resolve()) if reusing else None, previous)  # type: ignore[arg-type]
    settings[PAGE_KEYS] = keys
    # Pelican prints a summary line on stdout; the build reports its own figures.
    with contextlib.redirect_stdout(io.StringIO()), collector.paused():
        Pelican(settings).run()
    patches = {}
    if records is not None and keys is not None:
        for slug, now in keys.now.items():  # trusted once the build is published (takeover.Records.confirm)
            records.stage(slug, now)
        patches = keys.patches()
        stats["kept"] = sum(len(p.kept) for p in patches.values())
    LAST_STATS.clear()
    LAST_STATS.update(stats)
    return Rendered(_count_files(out_dir) - before, {d.slug for d in publication.departments} - skip, patches)


# Figures of the last render in this process (pages, workers, seconds), for benchmarks.
LAST_STATS: dict = {}


def _count_files(folder: Path) -> int:
    return len(walk.files(folder))
