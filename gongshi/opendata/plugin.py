"""A Datasette plugin: the decisions table's search box finds Chinese text of any length.

Datasette's own `?_search=` needs an FTS table that indexes whole terms; the
decisions index holds single characters and pairs instead (see
gongshi.opendata.search), so this plugin answers `?_search=` for the
decisions table of any database that has that index. Each whitespace-separated
term must occur in the decision, as with Datasette's default search.

Registered through the `datasette` entry point in pyproject.toml, so it is
active wherever gongshi is installed; `gongshi serve` and the production
command in the README rely on that.
"""

from __future__ import annotations

import math

from datasette import hookimpl
from datasette.filters import FilterArguments

from . import search

TABLE = "decisions"


@hookimpl(trylast=True)  # after Datasette's own search filter, whose "no search here" this overrides
def filters_from_request(request, database, table, datasette):  # type: ignore[no-untyped-def]
    async def inner():  # type: ignore[no-untyped-def]
        if table != TABLE:
            return None
        db = datasette.get_database(database)
        if search.FTS_TABLE not in await db.table_names():
            return None
        query = request.args.get("_search", "")
        extra = {"supports_search": True, "search": query}
        terms = query.split()
        if not terms:
            return FilterArguments([], extra_context=extra)
        clauses: list[str] = []
        params: dict[str, str] = {}
        exprs = [e for e in map(search.match_expression, terms) if e]
        if exprs:
            params["gongshi_search"] = " AND ".join(f"({e})" for e in exprs)
            clauses.append(await _matches(db, params["gongshi_search"]))
        for i, term in enumerate(t for t in terms if not search.exact(t)):
            clauses.append(f"instr({search.haystack_sql()}, lower(:gongshi_search_{i})) > 0")
            params[f"gongshi_search_{i}"] = term
        return FilterArguments(clauses, params, [f'search matches "{query}"'], extra)

    return inner


async def _matches(db, expr: str) -> str:  # type: ignore[no-untyped-def]
    """The condition "this decision matches :gongshi_search", in the form that is fast for how many match.

    `rowid in (…)` fetches every matching row and sorts them: fast for a rare
    term, half a second or more for 罚款 in a million decisions. The `exists`
    form lets SQLite walk the index of the sort column (decision_date) and ask
    the index about each row until a page is full: milliseconds for a common
    term, a scan of the table for a rare one. Expected work is `hits` rows
    against `page × rows / hits` probes, so the count of hits decides.
    """
    fts = search.FTS_TABLE
    rows = await _row_count(db)
    enough = math.isqrt(PAGE * rows) + 1  # hits beyond this favour `exists`; counting stops there
    hits = (await db.execute(f"select count(*) from (select rowid from {fts} where {fts} match ? limit ?)",
                             [expr, enough])).first()[0]
    if hits >= enough:
        return f"exists (select 1 from {fts} where {fts} match :gongshi_search and {fts}.rowid = {TABLE}.rowid)"
    return f"rowid in (select rowid from {fts} where {fts} match :gongshi_search)"


async def _row_count(db) -> int:  # type: ignore[no-untyped-def]
    """How many decisions there are, as ANALYZE counted them at build time: instant, where count(*) reads an
    index. (Not max(rowid): decision rowids are day-based, see gongshi.opendata.rowids.)"""
    try:
        row = (await db.execute("select stat from sqlite_stat1 where tbl = ? limit 1", [TABLE])).first()
    except Exception:  # noqa: BLE001  (no sqlite_stat1: a database not built by gongshi)
        row = None
    if row and row[0]:
        return int(str(row[0]).split()[0])
    return (await db.execute(f"select count(*) from {TABLE}")).first()[0] or 0


PAGE = 101  # Datasette fetches one row more than a page of 100
