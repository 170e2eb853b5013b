"""A Datasette plugin: the decisions table's search box finds Chinese text of any length, as fast for 罚款 as for 消防.

Datasette's own `?_search=` needs an FTS table that indexes whole terms; the
decisions index holds single characters and pairs instead (see
gongshi.opendata.search), so this plugin answers `?_search=` for the
decisions table of any database that has that index. Each whitespace-separated
term must occur in the decision, as with Datasette's default search.

How a search reads the table depends on how many decisions the index finds,
which costs one lookup in the index (3 ms for 罚款 at 100,000 decisions):

- few, or a search with filters or facets: their rowids are read from the
  index once and the page, the count and any facet look those rows up
  (`rowid in`);
- many (罚款: a third of all decisions), in a search alone: the page walks the
  table in its sort order and asks the index about each row until the page is
  full (`exists`), which stops after a few hundred rows; reading 390,000
  rowids first took 0.26 s at 1,000,000 decisions. Counting that way would
  visit every row, so Datasette's count is skipped (`_nocount`) and the
  description gives the number the index found instead.

The same wrapper makes the first page of an ascending sort of the large
tables a keyset page from the start, so that it is ordered as the later pages
are (see FROM_START).

Registered through the `datasette` entry point in pyproject.toml, so it is
active wherever gongshi is installed; `gongshi serve` and `gongshi api` rely on that.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, quote

from datasette import hookimpl
from datasette.filters import FilterArguments
from datasette.utils.asgi import Request

from . import search
from .metadata import SORTABLE

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
# Walking costs about 12 µs per row visited (an index probe each) and visits (rows / matches) × 101 rows for a
# page of 100; reading the matches' rowids for the page and counting them costs about 1.2 µs a match (measured at
# 1,000,000 decisions: 消防, 5,031 matches, 3 ms read and 233 ms walked; 罚款, 391,077, 256 ms and 3 ms). Walking
# wins when matches² > 1,000 × rows: above 10,000 matches at 100,000 decisions, 32,000 at 1,000,000. A word of
# three or more characters is also looked for in each match's text (instr), about 12 µs more a match on the
# page and again for the count, and only on the 101 rows a walk keeps: walking wins ten times earlier.
WALK_FACTOR = 1000
WALK_FACTOR_CONFIRMED = 100
PLAN = "gongshi.search"  # the ASGI scope key under which asgi_wrapper leaves its decision for filters_from_request
NOCOUNT = b"_nocount=gongshi"  # the _nocount this plugin adds: taken out and decided again on every request
# Datasette orders the first page of a sort by the column alone and later pages by the column and then the key,
# so values that tie come in index order on page 1 and in key order after it: rows repeat or go missing where the
# pages meet. Each offered sort has an index per direction, then by id (columns.Table.indexes); SQLite reads the
# descending one for a descending first page (tests hold it to that), but it reads the same one backwards for an
# ascending first page, ties last id first. So an ascending first page is asked for as a keyset page "from the
# start", in Datasette's own token format ("$null" and an empty key: nulls sort first), which Datasette orders by
# the key too. Datasette copies the token into the links and forms it makes from the request, so it is taken out
# of every request and decided again. (Not for a streamed CSV: Datasette refuses _next there.)
FROM_START = "$null,"
_PATH = re.compile(rf"/(?P<database>[^/]+)/(?P<table>{'|'.join(SORTABLE)})(\.json|\.csv)?")


@hookimpl
def prepare_connection(conn, database, datasette):  # type: ignore[no-untyped-def]
    conn.execute(f"PRAGMA mmap_size = {MMAP_BYTES}")


def expression(query: str) -> str | None:
    """The index's MATCH expression for a whole query (every term must occur), or None if nothing can match."""
    exprs = [e for e in map(search.match_expression, query.split()) if e]
    return " AND ".join(f"({e})" for e in exprs) or None


@hookimpl
def asgi_wrapper(datasette):  # type: ignore[no-untyped-def]
    """Decide how a request reads the table before Datasette reads its arguments (filters come later)."""

    def wrap(app):  # type: ignore[no-untyped-def]
        async def planned(scope, receive, send):  # type: ignore[no-untyped-def]
            found = _PATH.search(scope.get("path", "")) if scope.get("type") == "http" else None
            if found and found.end() == len(scope["path"]):
                scope = await _plan(datasette, found["database"], found["table"], scope)
            await app(scope, receive, send)

        return planned

    return wrap


def _ours(pair: bytes) -> bool:
    """Whether a query-string pair is one this plugin adds (and so takes out again)."""
    return pair == NOCOUNT or parse_qsl(pair.decode("latin-1")) == [("_next", FROM_START)]


async def _plan(datasette, database: str, table: str, scope: dict) -> dict:  # type: ignore[no-untyped-def]
    raw = [p for p in (scope.get("query_string") or b"").split(b"&") if p and not _ours(p)]
    scope = {**scope, "query_string": b"&".join(raw)}
    args = Request(scope, None).args  # read exactly as Datasette will read them
    if args.get("_sort") in SORTABLE[table] and "_next" not in args and "_stream" not in args:
        raw.append(b"_next=" + quote(FROM_START).encode())
    query = args.get("_search") or ""
    expr = expression(query) if table == TABLE else None
    try:
        db = datasette.get_database(database)
    except KeyError:
        expr = None
    if expr is not None and FTS in await db.table_names():
        matches = (await db.execute(f"select count(*) from {FTS} where {FTS} match ?", [expr])).first()[0]
        rows = (await db.table_counts(limit=5)).get(TABLE)  # from the inspect file; None if unknown
        # only a search alone walks: a filter or a facet would make it visit rows that mostly do not match
        alone = not any(not k.startswith("_") or k.startswith(("_where", "_facet", "_filter", "_search_")) for k in args)
        factor = WALK_FACTOR if all(map(search.exact, query.split())) else WALK_FACTOR_CONFIRMED
        walk = alone and rows is not None and matches * matches > factor * rows
        scope[PLAN] = (query, expr, matches, walk)
        if walk and "_nocount" not in args:
            raw.append(NOCOUNT)
    scope["query_string"] = b"&".join(raw)
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
        planned, expr, matches, walk = request.scope.get(PLAN) or (query, expression(query), None, False)
        if planned != query:  # not what asgi_wrapper read (it always reads the same): plan as for a rare word
            expr, walk = expression(query), False
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
