"""The open data: the publication as a SQLite database for Datasette, plus CSV and JSON Lines downloads.

Everything here is built from the Publication alone, so the database shows
exactly what the pages show. `render` is the build stage; `downloads` lists
the files it writes (for the site's pages, which are rendered first);
`TABLES` describes every table and column.
"""

from __future__ import annotations

from pathlib import Path

from .. import collector, urls
from ..publicity import Publication
from ..reuse import Rendered, RenderJob
from . import database, exports, incremental, metadata
from .columns import TABLES, Column, Table, UnmappedField
from .tables import counts, values

__all__ = ["DB_NAME", "TABLES", "Column", "Table", "UnmappedField", "downloads", "render"]

DB_NAME = "gongshi.db"


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


def downloads(publication: Publication) -> list[dict]:
    """Every file `render` offers for download, with what it holds: for the open-data and dictionary pages.

    Each dict: name (file name), path (site path), format ("SQLite", "CSV",
    "JSON Lines"), media_type, table (None for the whole database), label and
    description (Chinese), rows (number of records; None for the database).
    """
    rows = counts(publication)  # counted, not built: the site asks before the open data is rendered
    out = [{
        "name": DB_NAME, "path": urls.data_file(DB_NAME), "format": "SQLite",
        "media_type": "application/vnd.sqlite3", "table": None, "label": "完整数据库",
        "description": "全部数据表的 SQLite 数据库，可用 Datasette、DB Browser for SQLite 或任何 SQLite 客户端打开。",
        "rows": None,
    }]
    for t in TABLES:
        for fmt, suffix, media_type in (
            ("CSV", exports.CSV_SUFFIX, "text/csv; charset=utf-8"),
            ("JSON Lines", exports.JSONL_SUFFIX, "application/jsonl; charset=utf-8"),
        ):
            name = t.name + suffix
            out.append({
                "name": name, "path": urls.data_file(name), "format": fmt, "media_type": media_type,
                "table": t.name, "label": t.label, "description": t.doc, "rows": rows[t.name],
            })
    return out
