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
from ..reuse import Keys
from . import database, exports, incremental, metadata
from .tables import TABLES, Column, Table, UnmappedField, counts, values

__all__ = ["DB_NAME", "TABLES", "Column", "Table", "UnmappedField", "downloads", "render"]

DB_NAME = "gongshi.db"


def render(publication: Publication, out_dir: Path, config: object = None, *, keys: Keys | None = None,
           previous: Path | None = None, previous_keys: Keys | None = None) -> int:
    """Write gongshi.db, one CSV and one JSON Lines file per table, and the Datasette metadata; return the file count.

    With `keys` of this publication and the live output `previous` (publish/data) of a build whose
    publication had `previous_keys`, only the departments whose keys differ are redone
    (gongshi.opendata.incremental); the files written are those of a clean render all the same. When that
    is not possible (the common key differs, departments came or went, previous output missing or
    damaged) everything is rendered anew. Nothing under `previous` is modified.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    changed = reusable(keys, previous, previous_keys)
    with collector.paused():
        if changed is None or previous is None or not incremental.render(publication, out_dir, previous, changed):
            _render_full(publication, out_dir)
    metadata.write(out_dir / metadata.FILENAME, publication.region)
    return 2 + 2 * len(TABLES)


def reusable(keys: Keys | None, previous: Path | None, previous_keys: Keys | None) -> set[str] | None:
    """The departments to redo on top of `previous`, or None when everything must be rendered.

    Row ids depend on the set of departments (gongshi.opendata.rowids), so a department added or
    removed means a full render, as does any change in the common key.
    """
    if keys is None or previous is None or previous_keys is None:
        return None
    if set(keys.departments) != set(previous_keys.departments):
        return None
    return keys.changed(previous_keys)


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
