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

from datasette import hookimpl
from datasette.filters import FilterArguments

from . import search

TABLE = "decisions"
# Read the database through memory mapping: pages come straight from the OS page cache, shared by Datasette's
# threads, where SQLite's own cache (2 MB a connection by default) copied them in again on every large query:
# at 100,000 decisions the count of a search for 罚款 took 0.05 s, 0.02 s mapped. SQLite caps the size it maps
# (2 GB unless compiled otherwise); beyond that it reads as before.
MMAP_BYTES = 1 << 32


# The matching rows, read from the index once per query. Datasette runs the filter three ways: for the page,
# for the count and for each facet. An `exists (… and rowid = decisions.rowid)` form let the page walk the
# date index and stop after 100 rows, but the count and every facet then probed the index for every row of
# the table: with 罚款 in 100,000 decisions they ran into their time limits (3 s a search, no count, no
# facets) and held Datasette's few SQL threads meanwhile. `rowid in` costs the same for all three: at
# 100,000 decisions 0.38 s for 罚款 with its count and facets (benchmarks/bench_api.py --single).
MATCHES = f"rowid in (select rowid from {search.FTS_TABLE} where {search.FTS_TABLE} match :gongshi_search)"


@hookimpl
def prepare_connection(conn, database, datasette):  # type: ignore[no-untyped-def]
    conn.execute(f"PRAGMA mmap_size = {MMAP_BYTES}")


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
            clauses.append(MATCHES)
        for i, term in enumerate(t for t in terms if not search.exact(t)):
            clauses.append(f"instr({search.haystack_sql()}, lower(:gongshi_search_{i})) > 0")
            params[f"gongshi_search_{i}"] = term
        return FilterArguments(clauses, params, [f'search matches "{query}"'], extra)

    return inner

