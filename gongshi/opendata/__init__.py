"""The open data: the publication as a SQLite database for Datasette, plus CSV and JSON Lines downloads.

Everything here is built from the Publication alone, so the database shows
exactly what the pages show. `render` is the build stage; what it writes
(every table and column, the files offered) is described in gongshi.catalog.
"""

from __future__ import annotations

from pathlib import Path

from .. import collector
from ..catalog import DB_NAME, TABLES
from ..publicity import Publication
from ..reuse import Rendered, RenderJob
from . import database, exports, incremental, metadata
from .tables import values

__all__ = ["DB_NAME", "render"]


def render(job: RenderJob) -> Rendered:
    """Write gongshi.db, one CSV and one JSON Lines file per table, and the Datasette metadata.

    When the job may reuse the live output, only the departments that changed are redone on top of it
    (gongshi.opendata.incremental); the files written are those of a clean render all the same. When that
    is not possible (departments came or went, previous output missing or damaged) everything is rendered
    anew. Nothing under `job.live` is modified.
    """
    publication = job.publication
    out_dir = Path(job.out)
    out_dir.mkdir(parents=True, exist_ok=True)
    slugs = {d.slug for d in publication.departments}
    changed = set(job.changed) if job.changed is not None and job.live is not None else None
    with collector.paused():
        if changed is None or not incremental.render(publication, out_dir, Path(job.live), changed):
            _render_full(publication, out_dir)
            changed = slugs
    metadata.write(out_dir / metadata.FILENAME, publication.region, publication.as_of)
    return Rendered(2 + 2 * len(TABLES), changed & slugs)


def _render_full(publication: Publication, out_dir: Path) -> None:
    data = values(publication)
    database.write(data, out_dir / DB_NAME)
    exports.write(data, list(TABLES), out_dir, out_dir / DB_NAME)
