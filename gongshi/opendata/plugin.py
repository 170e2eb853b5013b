"""A Datasette plugin: the decisions table's search box finds Chinese text of any length, as fast for 罚款 as for 消防.

Datasette's own `?_search=` needs an FTS table that indexes whole terms; the
decisions index holds single characters and pairs instead (see
gongshi.opendata.search), so this plugin answers `?_search=` for the
decisions table of any database that has that index. Each whitespace-separated
term must occur in the decision, as with Datasette's default search.

How a search reads the table depends on how many decisions the index finds,
which costs one lookup in the index (3 ms for 罚款 at 100,000 decisions):

- few: their rowids are read from the index once and the page, the count and
  any facet look those rows up (`rowid in`);
- many (罚款, 警告: a third of all decisions): the page walks the table in its
  sort order and asks the index about each row until the page is full
  (`exists`), which stops after a few hundred rows; reading 390,000 rowids
  first took 0.26 s at 1,000,000 decisions. Counting that way would visit every
  row, so Datasette's count is skipped (`_nocount`) and the description gives
  the number the index found instead.

Registered through the `datasette` entry point in pyproject.toml, so it is
active wherever gongshi is installed; `gongshi serve` and `gongshi api` rely on that.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode

from datasette import hookimpl
from datasette.filters import FilterArguments

from . import search

TABLE = "decisions"
# Read the database through memory mapping: pages come straight from the OS page cache, shared by Datasette's
# threads, where SQLite's own cache (2 MB a connection by default) copied them in again on every large query:
# at 100,000 decisions the count of a search for 罚款 took 0.05 s, 0.02 s mapped. SQLite caps the size it maps
# (2 GB unless compiled otherwise); beyond that it reads as before.
MMAP_BYTES = 1 << 32
FTS = search.FTS_TABLE
MATCH = f"{FTS} match :gongshi_search"
ROWID_IN = f"rowid in (select rowid from {FTS} where {MATCH})"
EXISTS = f"exists (select 1 from {FTS} where {MATCH} and rowid = {TABLE}.rowid)"
# Walking costs about 0.23 µs per row visited and visits (rows / matches) × 101 rows for a page of 100; reading
# the matches' rowids costs about 0.65 µs each (measured at 1,000,000 decisions). Walking wins when
# matches² > 36 × rows: above 1,900 matches at 100,000 decisions, 6,000 at 1,000,000.
WALK_FACTOR = 36
PLAN = "gongshi.search"  # the ASGI scope key under which asgi_wrapper leaves its decision for filters_from_request
_PATH = re.compile(rf"/(?P<database>[^/]+)/{TABLE}(\.json|\.csv)?")


@hookimpl
def prepare_connection(conn, database, datasette):  # type: ignore[no-untyped-def]
    conn.execute(f"PRAGMA mmap_size = {MMAP_BYTES}")


def expression(query: str) -> str | None:
    """The index's MATCH expression for a whole query (every term must occur), or None if nothing can match."""
    exprs = [e for e in map(search.match_expression, query.split()) if e]
    return " AND ".join(f"({e})" for e in exprs) or None


@hookimpl
def asgi_wrapper(datasette):  # type: ignore[no-untyped-def]
    """Decide how a decisions search reads the table before Datasette reads `_nocount` (filters come later)."""

    def wrap(app):  # type: ignore[no-untyped-def]
        async def planned(scope, receive, send):  # type: ignore[no-untyped-def]
            found = _PATH.search(scope.get("path", "")) if scope.get("type") == "http" else None
            if found and found.end() == len(scope["path"]):
                scope = await _plan(datasette, found["database"], scope)
            await app(scope, receive, send)

        return planned

    return wrap


async def _plan(datasette, database: str, scope: dict) -> dict:  # type: ignore[no-untyped-def]
    args = parse_qsl(scope.get("query_string", b"").decode("utf-8", "replace"), keep_blank_values=True)
    expr = expression(dict(args).get("_search", ""))
    try:
        db = datasette.get_database(database)
    except KeyError:
        return scope
    if expr is None or FTS not in await db.table_names():
        return scope
    matches = (await db.execute(f"select count(*) from {FTS} where {FTS} match ?", [expr])).first()[0]
    rows = (await db.table_counts(limit=5)).get(TABLE) or 0
    walk = matches * matches > WALK_FACTOR * rows
    scope = {**scope, PLAN: (expr, matches, walk)}
    if walk and "_nocount" not in dict(args):
        scope["query_string"] = urlencode([*args, ("_nocount", "1")]).encode()
    return scope


@hookimpl(trylast=True)  # after Datasette's own search filter, whose "no search here" this overrides
def filters_from_request(request, database, table, datasette):  # type: ignore[no-untyped-def]
    async def inner():  # type: ignore[no-untyped-def]
        if table != TABLE:
            return None
        db = datasette.get_database(database)
        if FTS not in await db.table_names():
            return None
        query = request.args.get("_search", "")
        extra = {"supports_search": True, "search": query}
        terms = query.split()
        if not terms:
            return FilterArguments([], extra_context=extra)
        clauses: list[str] = []
        params: dict[str, str] = {}
        described = f'search matches "{query}"'
        expr, matches, walk = request.scope.get(PLAN) or (expression(query), None, False)
        if expr:
            params["gongshi_search"] = expr
            clauses.append(EXISTS if walk else ROWID_IN)
            if walk:
                exact = all(map(search.exact, terms))
                described += f"（全库{'' if exact else '至多'} {matches:,} 件决定包含）"
        for i, term in enumerate(t for t in terms if not search.exact(t)):
            clauses.append(f"instr({search.haystack_sql()}, lower(:gongshi_search_{i})) > 0")
            params[f"gongshi_search_{i}"] = term
        return FilterArguments(clauses, params, [described], extra)

    return inner
