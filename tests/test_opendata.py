"""The open data: gongshi.db served by Datasette in-process, against the demo region built as of 2026-11-26.

The demo is built once per module with gongshi.build.build (site, feeds and
open data together, through the personal-data guard), so these tests also
check that the database agrees with the pages the site wrote.
"""

from __future__ import annotations

import asyncio
import csv
import io
import json
import re
import socket
import sqlite3
from collections import defaultdict
from datetime import date
from decimal import Decimal
from pathlib import Path
from urllib.parse import quote, unquote, urlencode, urlsplit

import httpx
import pytest
from stdnum.cn import ric

from gongshi import catalog, opendata, parties, urls
from gongshi import serve as serving
from gongshi.build import BuildConfig, build
from gongshi.catalog import BY_NAME, KIND_COUNT_COLUMNS, TABLES, UnmappedField
from gongshi.load import load
from gongshi.opendata import metadata, plugin, search
from gongshi.opendata.tables import rows, values
from gongshi.publicity import is_minor
from gongshi.reuse import RenderJob
from gongshi.standard import DECISION_KINDS, NATURAL_PERSON, ORGANISATION, SOLE_TRADER

PROJECT = Path(__file__).resolve().parent.parent
DATASETS = PROJECT / "datasets"
AS_OF = date(2026, 11, 26)
DB = "gongshi"


# ---------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def built(tmp_path_factory):  # type: ignore[no-untyped-def]
    if not (DATASETS / "region.yaml").is_file():
        pytest.skip("the demo region (datasets/) is not there")
    out = tmp_path_factory.mktemp("opendata") / "publish"
    return build(BuildConfig(datasets=DATASETS, output=out, as_of=AS_OF))


@pytest.fixture(scope="module")
def pub(built):  # type: ignore[no-untyped-def]
    return built.publication


@pytest.fixture(scope="module")
def data_dir(built) -> Path:  # type: ignore[no-untyped-def]
    return built.output / "data"


@pytest.fixture(scope="module")
def db(data_dir: Path):  # type: ignore[no-untyped-def]
    conn = sqlite3.connect(f"file:{data_dir / opendata.DB_NAME}?immutable=1", uri=True)
    conn.row_factory = sqlite3.Row
    yield conn
    conn.close()


@pytest.fixture(scope="module")
def api(data_dir: Path):  # type: ignore[no-untyped-def]
    """GET against Datasette in-process, configured as in production; returns an httpx.Response."""
    from datasette.app import Datasette
    from datasette.plugins import pm

    assert "gongshi" in dict(pm.list_name_plugin()), "the search plugin is not registered: run pip install -e ."
    meta = json.loads((data_dir / metadata.FILENAME).read_text(encoding="utf-8"))
    ds = Datasette([], immutables=[str(data_dir / opendata.DB_NAME)], metadata=meta, settings=serving.settings())
    runner = asyncio.Runner()
    runner.run(ds.invoke_startup())

    def get(path: str, **params: str) -> httpx.Response:
        url = path + ("?" + urlencode(params) if params else "")
        return runner.run(ds.client.get(url))

    yield get
    runner.close()


def _json(api, path: str, **params: str):  # type: ignore[no-untyped-def]
    r = api(path, **params)
    assert r.status_code == 200, f"{path} {params}: HTTP {r.status_code}: {r.text[:500]}"
    return r.json()


def _search_text(row: dict) -> str:
    return search.SEPARATOR.join(str(row.get(c) or "") for c in search.COLUMNS)


# ---------------------------------------------------------------- tables


def test_every_table_answers_with_every_row(api, pub) -> None:  # type: ignore[no-untyped-def]
    expected = rows(pub)
    for t in TABLES:
        body = _json(api, f"/{DB}/{t.name}.json", _size="max")
        assert body["filtered_table_rows_count"] == len(expected[t.name]), t.name
        assert body["columns"] == [c.name for c in t.columns], t.name
        assert api(f"/{DB}/{t.name}").status_code == 200, t.name
    assert len(expected["decisions"]) == len(pub.decisions()) > 100
    assert len(expected["withdrawals"]) == len(pub.withdrawals()) > 0


def test_search_index_is_hidden_and_the_database_lists_the_tables(api) -> None:  # type: ignore[no-untyped-def]
    body = _json(api, f"/{DB}.json")
    visible = {t["name"] for t in body["tables"] if not t["hidden"]}
    assert visible == {t.name for t in TABLES}


def test_foreign_keys_hold_and_references_resolve(db) -> None:  # type: ignore[no-untyped-def]
    declared = {(t.name, col, other) for t in TABLES for col, other in t.foreign_keys}
    found = {(t.name, r["from"], r["table"]) for t in TABLES
             for r in db.execute("SELECT * FROM pragma_foreign_key_list(?)", [t.name])}
    assert found == declared and len(declared) > 20, "Datasette links a row to the rows it refers to by these"
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    missing = db.execute("select id from decisions where power_id is null").fetchall()
    assert missing == [], "every decision's 事项编码 is in its department's powers list"
    assert db.execute("select count(*) from decision_officers where personnel_id is null").fetchone()[0] == 0


def test_keys_are_the_natural_ids(db, pub) -> None:  # type: ignore[no-untyped-def]
    ids = {r[0] for r in db.execute("select id from decisions")}
    assert ids == {d["id"] for d in pub.decisions()}
    dept = pub.departments[0]
    code = dept.lists["powers"].items[0]["code"]
    row = db.execute("select id, department, code, url from powers where id = ?", [f"{dept.slug}/{code}"]).fetchone()
    assert tuple(row)[:3] == (f"{dept.slug}/{code}", dept.slug, code)
    assert row["url"].startswith(pub.region["base_url"])


# ---------------------------------------------------------------- search


@pytest.mark.parametrize("walk", [False, True], ids=["few matches", "many matches"])
@pytest.mark.parametrize("query", ["罚", "罚款", "扣押", "食品安全", "有限公司", "泸市监罚", "罚款 食品", "罚〔2",
                                   "罚款　 警告"])
def test_search_finds_every_decision_containing_the_query(api, pub, query: str, walk: bool, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    for factor in ("WALK_FACTOR", "WALK_FACTOR_CONFIRMED"):  # as if the index found many, or few
        monkeypatch.setattr(plugin, factor, 0 if walk else 10**9)
    texts = {r["id"]: _search_text(r) for r in rows(pub)["decisions"]}
    expected = {i for i, text in texts.items() if all(term in text for term in query.split())}
    assert expected, f"the demo has no decision containing {query!r}; pick another query"
    # the table's search box (the plugin)
    body = _json(api, f"/{DB}/decisions.json", _search=query, _size="max", _col="id")
    assert {r[0] for r in body["rows"]} == expected
    order = [(-int(d["decision_date"].replace("-", "")), d["id"]) for d in rows(pub)["decisions"] if d["id"] in expected]
    assert [r[0] for r in body["rows"]] == [i for _, i in sorted(order)], "newest first"
    if walk:  # the page walks the table asking the index; the count is the index's, in the description
        assert "exists (select 1" in body["query"]["sql"] and body["filtered_table_rows_count"] is None
        exact = all(map(search.exact, query.split()))
        found = int(re.search(r"全库(至多)? ([\d,]+) 件决定包含", body["human_description_en"])[2].replace(",", ""))
        assert found == len(expected) if exact else found >= len(expected)
    else:  # read from the index once, not probed per row; Datasette counts
        assert "rowid in (select rowid" in body["query"]["sql"]
        assert body["filtered_table_rows_count"] == len(expected)
    # the canned query: newest first, 100 a page
    found = []
    for page in (1, 2):
        found += _json(api, f"/{DB}/search_decisions.json", q=query, page=str(page), _shape="array")
    assert [r["id"] for r in found] == [d["id"] for d in pub.decisions() if d["id"] in expected]


def test_a_search_with_a_filter_or_a_facet_reads_its_matches_from_the_index(api, pub, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Walking the table would visit every row the filter keeps, most of them without the word; and a facet
    would ask the index about every row. So only a search alone walks, however common its word."""
    monkeypatch.setattr(plugin, "WALK_FACTOR", 0)  # every word as common as 罚款 (罚款 is looked for in the index alone)
    fined = [d for d in rows(pub)["decisions"] if "罚款" in _search_text(d)]
    licences = {d["id"] for d in fined if d["kind"] == "行政许可"}
    for params in ({"kind": "行政许可"}, {"_facet": "department"}, {"_where": "year > 2000"}):
        body = _json(api, f"/{DB}/decisions.json", _search="罚款", _size="max", _col="id", **params)
        assert "rowid in (select rowid" in body["query"]["sql"], params
        expected = licences if "kind" in params else {d["id"] for d in fined}
        assert {r[0] for r in body["rows"]} == expected and body["filtered_table_rows_count"] == len(expected)
    facets = _json(api, f"/{DB}/decisions.json", _search="罚款", _facet="department")["facet_results"]
    assert sum(v["count"] for v in facets["department"]["results"]) == len(fined)


def test_the_search_is_read_as_datasette_reads_it(api, pub, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(plugin, "WALK_FACTOR", 0)
    texts = {r["id"]: _search_text(r) for r in rows(pub)["decisions"]}
    seized = {i for i, t in texts.items() if "扣押" in t}
    assert seized and seized != {i for i, t in texts.items() if "罚款" in t}
    # a repeated _search: Datasette's first, in the results and in the description alike
    body = _json(api, f"/{DB}/decisions.json?_search={quote('扣押')}&_search={quote('罚款')}&_size=max&_col=id")
    assert {r[0] for r in body["rows"]} == seized and "扣押" in body["human_description_en"]
    # the _nocount the plugin added to a common word's page (and Datasette copies into its search form and links)
    # does not follow a rarer search made from that page: it gets Datasette's count again
    monkeypatch.setattr(plugin, "WALK_FACTOR", 10**9)
    body = _json(api, f"/{DB}/decisions.json?_search={quote('扣押')}&_nocount=gongshi")
    assert body["filtered_table_rows_count"] == len(seized)


def test_two_and_four_character_searches_find_the_expected_decisions(api, pub) -> None:  # type: ignore[no-untyped-def]
    fined = {d["id"] for d in pub.decisions() if "罚款" in (d.get("categories") or [])}
    food_law = {d["id"] for d in pub.decisions() if "食品安全法" in (d.get("basis") or "")}
    assert fined and food_law
    for path, key, params in ((f"/{DB}/decisions.json", "_search", {"_size": "max", "_col": "id"}),
                              (f"/{DB}/search_decisions.json", "q", {"_shape": "objects"})):
        got = {r["id"] if isinstance(r, dict) else r[0] for r in _json(api, path, **{key: "罚款"}, **params)["rows"]}
        assert fined <= got
        got = {r["id"] if isinstance(r, dict) else r[0] for r in _json(api, path, **{key: "食品安全"}, **params)["rows"]}
        assert food_law <= got


def test_search_box_is_offered_on_the_decisions_page(api) -> None:  # type: ignore[no-untyped-def]
    page = api(f"/{DB}/decisions", _search="罚款")
    assert page.status_code == 200
    assert 'name="_search"' in page.text and 'value="罚款"' in page.text


def test_search_pieces() -> None:
    assert search.grams("泸市监罚〔2024〕39号") == "泸 市 监 罚 泸市 市监 监罚 2 0 2 4 20 02 24 3 9 号 39 9号"
    assert search.match_expression("罚款") == '"罚款"'
    assert search.match_expression("食品安全") == '"食品" AND "品安" AND "安全"'
    assert search.match_expression("罚〔2") == '"罚" AND "2"'
    assert search.match_expression("》《") is None
    assert search.exact("罚款") and search.exact("罚") and not search.exact("罚〔") and not search.exact("食品安")


# The index text is made in bulk (search.index_texts), not by grams() per decision:
# the tokens must be the same, and so must what FTS5 stores from them.
_TRICKY = ["", "〔〕，。", "___", "a_b", "泸市监罚〔2024〕39号", "ABC abc", "x", "9号", "𠀀𠀁字", "é e\u0301",
           "Ⅻ²½", "〇々", "한국어", "a\x1fb", "罚款\n\r\t 1,000.50 元", "😀罚😀款", "ﾊﾝｶｸ", "ａｂｃ１２３"]


def _random_texts(n: int) -> list[str]:
    import random

    rng = random.Random(3)
    alphabet = [chr(i) for i in range(32, 127)] + list("泸市监罚款〔〕，。《》：；、“”（）\u3000\x1f𠀀😀éⅫ²々ａ１")
    return [search.SEPARATOR.join("".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12)))
                                  for _ in range(rng.randint(1, 4))) for _ in range(n)]


def test_index_texts_makes_the_tokens_of_grams(pub) -> None:  # type: ignore[no-untyped-def]
    texts = _TRICKY + _random_texts(2000) + [_search_text(r) for r in rows(pub)["decisions"]]
    made = search.index_texts(texts)
    assert len(made) == len(texts)
    for text, tokens in zip(texts, made, strict=True):
        assert sorted(tokens.split()) == sorted(search.grams(text).split()), text
    assert search.index_texts([]) == []


def test_the_search_index_is_what_grams_would_store(pub) -> None:  # type: ignore[no-untyped-def]
    texts = [_search_text(r) for r in rows(pub)["decisions"]] + _TRICKY + _random_texts(300)
    stored = []
    for docs in ([search.grams(t) for t in texts], search.index_texts(texts)):
        conn = sqlite3.connect(":memory:")
        conn.execute("CREATE VIRTUAL TABLE f USING fts5(text, content='', detail='none')")
        conn.executemany("INSERT INTO f (rowid, text) VALUES (?, ?)", enumerate(docs, start=1))
        conn.execute("INSERT INTO f (f) VALUES ('optimize')")
        stored.append([conn.execute(f"SELECT * FROM f_{t} ORDER BY 1").fetchall() for t in ("data", "docsize", "config")])
        conn.close()
    assert stored[0] == stored[1]


def test_decisions_of_one_day_share_the_text_of_their_date(pub) -> None:  # type: ignore[no-untyped-def]
    """A text per row and date column took an eighth of the rows' memory: at 1,000,000 decisions, about 200 MB."""
    names = [c.name for c in BY_NAME["decisions"].columns]
    by_day: dict[str, list[str]] = defaultdict(list)
    for row in values(pub)["decisions"]:
        for name in ("decision_date", "published", "updated"):
            by_day[row[names.index(name)]].append(row[names.index(name)])
    shared = [texts for texts in by_day.values() if len(texts) > 1]
    assert shared
    assert all(all(t is texts[0] for t in texts) for texts in shared)


def test_csv_rows_are_what_csv_writer_writes() -> None:
    import random

    from gongshi.catalog import Column, Table
    from gongshi.opendata import exports

    table = Table("t", "", "", ("a",), (Column("a", str, "", ""), Column("n", int, "", ""),
                                        Column("l", str, "", "", json=True), Column("b", str, "", "")))
    rng = random.Random(5)
    cells = ["", "x", "泸市", "a,b", 'say "hi"', "line\nbreak", "cr\r", " lead", "tail ", "\t", "'", "[]", '["a", "b,c"]']
    rows_ = [[rng.choice([None, *cells]), rng.choice([None, 0, -1, 10**15]), rng.choice([None, "[]", '["罚款", "警告"]',
              '["a\\"b"]']), rng.choice([None, *cells])] for _ in range(3000)]
    rows_.append(["plain", 1.5, None, 7])  # not text or int: csv.writer's own rules
    rows_ += [["=1+1", 0, None, "-2"], ["ok", 1, None, "@SUM(A1)"], ["+86 138", None, "[]", "\tx"]]
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    # text cells a spreadsheet would take for a formula are written with a leading quote (exports.inert)
    writer.writerows([[exports.inert(v) if i in (0, 3) and isinstance(v, str) else v for i, v in enumerate(r)] for r in rows_])
    assert "".join(line + "\r\n" for line in exports.csv_lines(table, rows_)) == buf.getvalue()


FORMULAS = ["=1+1", "=HYPERLINK(\"http://x\",\"点我\")", "+86 13800000000", "-2+3", "@SUM(A1:A2)", "\t=1", "\r=1",
            "=cmd|' /C calc'!A0", "-", "+", "@"]


@pytest.mark.parametrize("value", FORMULAS)
def test_a_csv_cell_a_spreadsheet_would_run_is_text(value: str) -> None:
    from gongshi.catalog import Column, Table
    from gongshi.opendata import exports

    table = Table("t", "", "", ("a",), (Column("a", str, "", ""), Column("n", int, "", ""), Column("b", str, "", "")))
    [line] = exports.csv_lines(table, [["x", 5, value]])
    [row] = list(csv.reader(io.StringIO(line)))
    assert row[2] == "'" + value, "a single quote first: Excel and LibreOffice show the rest as text"
    assert exports.csv_lines(table, [["x", 5, "罚款 " + value]]) == [f"x,5,罚款 {value}"] or "\r" in value or "," in value


def test_json_lines_are_what_json_dumps_writes(tmp_path: Path) -> None:
    from gongshi.catalog import Column, Table
    from gongshi.opendata import exports

    table = Table("t", "", "", ("a",), (Column("a", str, "", ""), Column("n", int, "", ""),
                                        Column("l", str, "", "", json=True)))
    texts = ["", "泸市", 'q"uote', "back\\slash", "/", "\u2028\u2029", "\x7f", "😀", *map(chr, range(32))]
    rows_ = [[t, i - 5, json.dumps([t, "罚款"], ensure_ascii=False) if i % 3 else None] for i, t in enumerate(texts)]
    rows_ += [[None, None, "[]"], ["big", 2**62, None]]
    conn = sqlite3.connect(tmp_path / "t.db")
    conn.execute("CREATE TABLE t (a TEXT, n INTEGER, l TEXT)")
    conn.executemany("INSERT INTO t VALUES (?, ?, ?)", rows_)
    exports.write_jsonl(table, conn, tmp_path / "t.jsonl")
    rows_ = conn.execute("SELECT a, n, l FROM t ORDER BY a").fetchall()  # an export's order: the key's
    conn.close()
    expected = "".join(json.dumps({"a": a, "n": n, "l": json.loads(lst) if lst is not None else None},
                                  ensure_ascii=False, separators=(",", ":")) + "\n" for a, n, lst in rows_)
    assert (tmp_path / "t.jsonl").read_text(encoding="utf-8") == expected


def test_record_addresses_are_those_of_urls_absolute() -> None:
    from gongshi import urls

    paths = ["/", "/a/", "/shijianju/decisions/泸市监罚-2024-39/", "/d/powers/330217/", "/d/x y/%41/", "/d/../e/",
             "/d/./e/", "/d/e/../", "/d/e/./", "/d//e/", "//d/", "d/e/", "/d/e", "/d/a;b?c#d/", "/d/😀~_-./", "/d/é/"]
    for base in ("https://zfgs.luzhou.gov.cn", "https://x.gov.cn/sub/", "http://h:8080/p?q=1", "foo", ""):
        join = urls.absolute_under(base)
        for path in paths * 2:  # twice: the folder cache too
            assert join(path) == urls.absolute(base, path), (base, path)


# ---------------------------------------------------------------- canned queries


def test_party_record_by_uscc(api, pub) -> None:  # type: ignore[no-untyped-def]
    by_uscc: dict[str, list[dict]] = defaultdict(list)
    for d in pub.decisions():
        if d["party"].get("uscc"):
            by_uscc[d["party"]["uscc"]].append(d)
    uscc, expected = max(by_uscc.items(), key=lambda kv: (len(kv[1]), kv[0]))
    assert len(expected) > 1
    got = _json(api, f"/{DB}/party_record.json", uscc=uscc.lower(), _shape="array")
    assert [r["id"] for r in got] == [d["id"] for d in sorted(expected, key=lambda d: (-d["decision_date"].toordinal(), d["id"]))]


def _fen(value: object) -> int:
    return int(Decimal(value) * 100) if value is not None else 0


def test_department_summary_totals(api, pub) -> None:  # type: ignore[no-untyped-def]
    dept = max(pub.departments, key=lambda d: (len(d.decisions), d.slug))
    assert any(len(d.get("categories") or ()) > 1 for d in dept.decisions), "the demo needs a decision with two categories"
    expected: dict[tuple, list] = defaultdict(lambda: [0, 0, 0, defaultdict(int)])
    for d in dept.decisions:
        e = expected[(d["year"], d["kind"])]
        e[0] += 1
        e[1] += _fen(d.get("fine"))
        e[2] += _fen(d.get("confiscation"))
        for category in d.get("categories") or ():
            e[3][category] += 1
    want = {
        key: [n, fine, confiscation, "；".join(f"{c} {k}" for c, k in sorted(cats.items())) or None]
        for key, (n, fine, confiscation, cats) in expected.items()
    }
    for department in (dept.slug, dept.name):
        got = _json(api, f"/{DB}/department_summary.json", department=department, year="", _shape="array")
        assert {(r["year"], r["kind"]): [r["decisions"], r["fine_fen"], r["confiscation_fen"], r["categories"]]
                for r in got} == want
        for r in got:
            assert Decimal(r["fine_yuan"]) * 100 == r["fine_fen"]
        # rows add up to the department's totals: no fine counted once per category
        assert sum(r["decisions"] for r in got) == len(dept.decisions)
        assert sum(r["fine_fen"] for r in got) == sum(_fen(d.get("fine")) for d in dept.decisions)
        assert sum(r["confiscation_fen"] for r in got) == sum(_fen(d.get("confiscation")) for d in dept.decisions)
    year = max(y for y, _ in expected)
    got = _json(api, f"/{DB}/department_summary.json", department=dept.slug, year=str(year), _shape="array")
    assert {r["year"] for r in got} == {year}


def test_money_sorts_as_money(api, pub) -> None:  # type: ignore[no-untyped-def]
    fines = sorted((_fen(d["fine"]), d["id"]) for d in pub.decisions() if d.get("fine") is not None)
    assert len({f for f, _ in fines}) > 3 and any(len(str(f)) != len(str(fines[0][0])) for f, _ in fines), "amounts of several lengths"
    got = _json(api, f"/{DB}/decisions.json", _sort_desc="fine_fen", _shape="array", _size="max", fine_fen__notblank="1")
    assert [r["fine_fen"] for r in got] == sorted((f for f, _ in fines), reverse=True)
    described = _json(api, "/-/metadata.json")["databases"][DB]["tables"]
    yuan = [(t.name, c.name) for t in TABLES for c in t.columns if c.name.endswith("_yuan")]
    assert ("decisions", "fine_yuan") in yuan
    for table, column in yuan:
        r = api(f"/{DB}/{table}.json", _sort=column)
        assert r.status_code >= 400 and f"Cannot sort table by {column}" in r.text, (table, column, "sorted as text")
        assert f"按金额排序请用 {column.removesuffix('_yuan')}_fen 列" in described[table]["columns"][column]


def test_every_offered_sort_of_a_large_table_is_answered_by_an_index() -> None:
    described = metadata.metadata()["databases"][DB]["tables"]
    for name, columns in metadata.SORTABLE.items():
        assert described[name]["sortable_columns"] == list(columns)
        for c in columns:  # in the order of each direction's pages: the column, then the key
            assert {(c, "id"), ("-" + c, "id")} <= set(BY_NAME[name].indexes), (name, c, "sorted by reading the table")


def _plan(db, query: dict) -> str:  # type: ignore[no-untyped-def]
    return "\n".join(r[-1] for r in db.execute("EXPLAIN QUERY PLAN " + query["sql"], query["params"]))


@pytest.mark.parametrize("table, sort", [
    ("decisions", None), ("decisions", "_sort_desc=decision_date"), ("decisions", "_sort=decision_date"),
    ("decisions", "_sort_desc=updated"), ("decisions", "_sort=updated"), ("decisions", "_sort_desc=fine_fen"),
    ("decisions", "_sort=fine_fen"), ("decisions", "department=shijianju"), ("decisions", "kind=行政许可"),
    ("decisions", "_search=罚款&_sort=fine_fen"), ("decisions", "_facet=kind"), ("decisions", "_facet=kind&_sort=fine_fen"),
    ("decisions", "_facet=kind&_sort_desc=fine_fen"), ("withdrawals", None), ("withdrawals", "_sort=withdrawal_date"),
])
def test_every_page_of_a_sort_reads_the_index_in_order(api, db, table: str, sort: str | None) -> None:  # type: ignore[no-untyped-def]
    """Every page of a sort reads an index in the sort's order and sorts nothing, and the pages together are the
    table in that order, ties included (Datasette orders page 1 by the column alone, later pages by the column and
    the key; and its descending pages add `or column is null`, which only a NOT NULL column makes harmless)."""
    whole = _json(api, f"/{DB}/{table}.json?{sort or ''}&_size=max&_shape=objects")["rows"]
    assert len(whole) > 6, "too few rows to page through"
    pages, path = [], f"/{DB}/{table}.json?{sort or ''}&_size=3&_shape=objects"
    while path:
        page = _json(api, path)
        pages.extend(page["rows"])
        plan = _plan(db, page["query"])
        assert "TEMP B-TREE" not in plan and "USING INDEX" in plan, (len(pages), plan)
        path = page["next_url"] and urlsplit(page["next_url"])._replace(scheme="", netloc="").geturl()
    assert pages == whole
    if sort is None:
        order = [(r["decision_date"] if table == "decisions" else r["withdrawal_date"], r["id"]) for r in whole]
        assert order == sorted(order, key=lambda k: (-int(k[0].replace("-", "")), k[1])), "newest first by default"


@pytest.mark.parametrize("sort", ["_sort=fine_fen", "_sort_desc=fine_fen", "_sort=decision_date", ""])
def test_the_links_and_forms_of_a_sorted_page_give_every_row(api, sort: str) -> None:  # type: ignore[no-untyped-def]
    """What the plugin adds to a request (gongshi.opendata.plugin) comes back in the links and forms Datasette
    makes from it; it must not change what they give: streaming every row, or another sort of the same rows."""
    total = _json(api, f"/{DB}/decisions.json", _size="1")["filtered_table_rows_count"]
    page = api(f"/{DB}/decisions?{sort}")
    assert page.status_code == 200
    form = re.search(r'<form action="([^"]+)" method="get">(?:(?!</form>).)*Export CSV(?:(?!</form>).)*</form>', page.text, re.S)
    assert form, "the page offers its CSV export form"
    hidden = re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', form[0])
    stream = api(unquote(form[1]), **{**dict(hidden), "_stream": "on", "_size": "3"})  # "stream all rows" ticked
    assert stream.status_code == 200, stream.text[:300]
    ids = [r["id"] for r in csv.DictReader(io.StringIO(stream.text))]
    if "_sort=" not in sort:  # (an ascending stream can still repeat rows that tie: Datasette refuses _next there)
        assert sorted(ids) == sorted(set(ids)) and len(ids) == total
    links = re.findall(r'href="([^"]*_next=%24null%2C(?:&[^"]*)?)"', page.text)  # the plugin's token, in links
    assert bool(links) == ("_sort=" in sort), "the token goes on ascending first pages only"
    for link in links:
        other = urlsplit(link.replace("&amp;", "&"))
        query = re.sub(r"_sort(_desc)?=[^&]*", "_sort_desc=decision_date", other.query) + "&_size=max"
        query = re.sub(r"&?_(shape|nl)=[^&]*", "", query)  # (the JSON links' other shapes)
        path = unquote(other.path) or f"/{DB}/decisions"  # ("?…": this page)
        body = _json(api, re.sub(r"\.(csv|json)$", "", path) + ".json?" + query)
        assert len(body["rows"]) == total, link


def test_open_data_page_says_which_csv_files_excel_opens_directly(api, built) -> None:  # type: ignore[no-untyped-def]
    page = (built.output / "open-data" / "index.html").read_text(encoding="utf-8")
    assert "CSV 文件（网址为 <code>/data/….csv</code>）以 UTF-8 字节顺序标记（BOM）开头" in page
    assert "数据接口（Datasette）导出的 CSV" in page and "不带 BOM" in page and "65001: Unicode (UTF-8)" in page
    # and both statements hold
    for path in (built.output / "data").glob("*.csv"):
        assert path.read_bytes().startswith(b"\xef\xbb\xbf"), path.name
    exported = api(f"/{DB}/decisions.csv", _size="5")
    assert exported.status_code == 200 and not exported.content.startswith(b"\xef\xbb\xbf")


def test_recent_withdrawals(api, pub) -> None:  # type: ignore[no-untyped-def]
    got = _json(api, f"/{DB}/recent_withdrawals.json", since="", _shape="array")
    assert [r["doc_no"] for r in got] == [w["doc_no"] for w in pub.withdrawals()]
    since = pub.withdrawals()[2]["withdrawal_date"].isoformat()
    got = _json(api, f"/{DB}/recent_withdrawals.json", since=since, _shape="array")
    assert [r["doc_no"] for r in got] == [w["doc_no"] for w in pub.withdrawals() if w["withdrawal_date"].isoformat() >= since]


def test_officer_certificate(api, pub) -> None:  # type: ignore[no-untyped-def]
    dept = pub.departments[0]
    officer = dept.lists["personnel"].items[0]
    got = _json(api, f"/{DB}/officer_certificate.json", cert_no=str(officer["cert_no"]), _shape="array")
    assert [(r["name"], r["department_name"]) for r in got] == [(officer["name"], dept.name)]


# ---------------------------------------------------------------- what must not be there


def test_a_withdrawn_decision_is_a_withdrawal_not_a_decision(api, db, pub) -> None:  # type: ignore[no-untyped-def]
    assert pub.withdrawals()
    for w in pub.withdrawals():
        assert _json(api, f"/{DB}/withdrawals.json", id=w["id"])["filtered_table_rows_count"] == 1
        assert _json(api, f"/{DB}/decisions.json", id=w["id"])["filtered_table_rows_count"] == 0
        found = _json(api, f"/{DB}/search_decisions.json", q=w["doc_no"], _shape="array")
        assert w["id"] not in {r["id"] for r in found}, "a later decision may cite it (remarks are searched), but it is not a decision"
    assert db.execute("select count(*) from decisions where id in (select id from withdrawals)").fetchone()[0] == 0


def test_no_personal_data_anywhere_in_the_database(db, data_dir: Path) -> None:  # type: ignore[no-untyped-def]
    dataset = load(DATASETS, AS_OF)
    id_numbers, names, minors = set(), {}, set()
    for dept in dataset.departments:
        for rec in dept.decisions:
            party = rec["party"]
            if party.get("id_number"):
                id_numbers.add(str(party["id_number"]))
            person = party["name"] if party["kind"] == NATURAL_PERSON else party.get("operator") if party["kind"] == SOLE_TRADER else None
            if person:
                names[f"{dept.slug}/{rec['doc_no']}"] = person
            if is_minor(rec):
                minors.add(rec["doc_no"])
    assert id_numbers and names and minors, "the demo should have natural persons, 个体工商户 and a minor"
    cells: list[str] = []
    tables = [r[0] for r in db.execute("select name from sqlite_master where type = 'table'")]
    for table in tables:
        for row in db.execute(f"select * from [{table}]"):
            cells.extend(v if isinstance(v, str) else v.decode("utf-8", "replace") for v in row if isinstance(v, (str, bytes)))
    text = "\n".join(cells)
    for number in id_numbers:
        assert number not in text
    for m in re.finditer(r"(?<![0-9A-Za-z])[1-9]\d{16}[\dXx](?![0-9A-Za-z])", text):
        assert not ric.is_valid(m.group().upper()), "a checksum-valid resident ID number"
    for doc_no in minors:
        assert doc_no not in text
    full_names = {n for n in names.values() if len(n) >= 3}
    for name in full_names:
        assert name not in text, "an unmasked name"
    # two-character names are too common as words to scan for everywhere: check their own records
    for row in db.execute("select * from decisions where party_kind in (?, ?)", [NATURAL_PERSON, SOLE_TRADER]):
        doc_no = row["doc_no"]
        person = next((n for k, n in names.items() if k.endswith("/" + doc_no) and k.startswith(row["department"])), None)
        if person:
            assert all(person not in str(v) for v in tuple(row)), f"{doc_no} names {person} in clear"
    raw = (data_dir / opendata.DB_NAME).read_bytes()
    assert not any(n.encode() in raw for n in id_numbers | full_names)


# ---------------------------------------------------------------- agreement with the site


def _path(url: str) -> str:
    return unquote(urlsplit(url).path)


def test_decisions_in_the_database_are_the_decision_pages_of_the_site(built, db) -> None:  # type: ignore[no-untyped-def]
    # needs gongshi.site: the decision pages are the site's
    site = {
        "/" + p.parent.relative_to(built.output).as_posix() + "/"
        for p in built.output.glob("*/decisions/*/index.html")
        if "-" in p.parent.name  # a decision's slug (prefix-year-number); year folders are digits
    }
    decisions = {_path(r[0]) for r in db.execute("select url from decisions")}
    withdrawals = {_path(r[0]) for r in db.execute("select url from withdrawals")}
    assert decisions and withdrawals and not decisions & withdrawals
    assert decisions | withdrawals == site
    for table in ("decisions", "withdrawals"):
        for url, doc_no in db.execute(f"select url, doc_no from {table}"):
            page = built.output / _path(url).strip("/") / "index.html"
            assert doc_no in page.read_text(encoding="utf-8"), f"{url} does not show {doc_no}"


# ---------------------------------------------------------------- parties (the company pages as data)


MASKED = re.compile(r"^[\u4e00-\u9fff]{1,2}某+$")  # a natural person as the publication names one: 张某某


def _parties_by_uscc(db) -> dict[str, dict]:  # type: ignore[no-untyped-def]
    return {r["uscc"]: dict(r) for r in db.execute("select * from parties order by uscc")}


def _party_row(p: parties.Party, base_url: str) -> dict:
    counts = p.counts()
    return {
        "uscc": p.uscc, "name": p.name, "former_names": "；".join(p.former_names) or None, "kind": p.kind,
        **{KIND_COUNT_COLUMNS[k]: counts[k] for k in DECISION_KINDS},
        "decisions": len(p.decisions), "departments": len(p.departments),
        "first_decision_date": p.first_date.isoformat(), "last_decision_date": p.last_date.isoformat(),
        "url": urls.absolute(base_url, urls.party(p.uscc)),
    }


def test_a_count_column_for_every_kind_of_decision() -> None:
    assert tuple(KIND_COUNT_COLUMNS) == DECISION_KINDS
    names = [c.name for c in BY_NAME["parties"].columns]
    assert names == ["uscc", "name", "former_names", "kind", *KIND_COUNT_COLUMNS.values(), "decisions", "departments",
                     "first_decision_date", "last_decision_date", "url"]
    assert len(set(names)) == len(names)
    assert BY_NAME["parties"].pk == ("uscc",)


def test_parties_are_the_companies_of_the_publication(db, pub) -> None:  # type: ignore[no-untyped-def]
    """One row per credit code, in credit-code order, each what gongshi.parties (the site's company pages) says."""
    expected = parties.of(pub)
    assert len(expected) > 10
    got = [dict(r) for r in db.execute("select * from parties")]  # as stored: by key
    assert [r["uscc"] for r in got] == sorted(p.uscc for p in expected), "rows in credit-code order"
    assert got == [_party_row(p, pub.region["base_url"]) for p in expected]
    assert rows(pub)["parties"] == got


def test_no_natural_person_is_a_party(db, pub) -> None:  # type: ignore[no-untyped-def]
    people = {d["party"]["name"] for d in pub.decisions() if d["party"]["kind"] == NATURAL_PERSON}
    assert people, "the demo should have natural persons"
    assert all(d["party"].get("uscc") is None for d in pub.decisions() if d["party"]["kind"] == NATURAL_PERSON)
    found = _parties_by_uscc(db)
    for r in found.values():
        assert r["kind"] in (ORGANISATION, SOLE_TRADER)
        assert not MASKED.match(r["name"]), f"{r['uscc']}: {r['name']} reads as a natural person"
        assert r["name"] not in people
        assert not set((r["former_names"] or "").split("；")) & people
    companies = {u for (u,) in db.execute(
        "select distinct party_uscc from decisions where party_uscc is not null and party_kind != ?", [NATURAL_PERSON])}
    assert set(found) == companies
    assert db.execute("select count(*) from parties where uscc in (select party_uscc from decisions where party_kind = ?)",
                      [NATURAL_PERSON]).fetchone()[0] == 0


def test_counts_per_kind_add_up_to_the_decisions(db) -> None:  # type: ignore[no-untyped-def]
    kinds = list(KIND_COUNT_COLUMNS.values())
    per_kind = {(u, k): n for u, k, n in db.execute(
        "select party_uscc, kind, count(*) from decisions where party_uscc is not null group by party_uscc, kind")}
    for r in _parties_by_uscc(db).values():
        assert sum(r[k] for k in kinds) == r["decisions"] >= 1, r["uscc"]
        for kind, column in KIND_COUNT_COLUMNS.items():
            assert r[column] == per_kind.get((r["uscc"], kind), 0), (r["uscc"], kind)
        dates = [d for (d,) in db.execute("select decision_date from decisions where party_uscc = ?", [r["uscc"]])]
        assert (r["first_decision_date"], r["last_decision_date"]) == (min(dates), max(dates))
        decided_by = db.execute("select count(distinct department) from decisions where party_uscc = ?",
                                [r["uscc"]]).fetchone()[0]
        assert r["departments"] >= decided_by >= 1  # (and the departments of its withdrawal notices)
    total = db.execute(f"select sum(decisions), {', '.join(f'sum({k})' for k in kinds)} from parties").fetchone()
    assert total[0] == sum(total[1:]) == db.execute(
        "select count(*) from decisions where party_uscc is not null and party_kind != ?", [NATURAL_PERSON]).fetchone()[0]


def test_the_parties_table_answers_in_datasette(api, pub) -> None:  # type: ignore[no-untyped-def]
    body = _json(api, f"/{DB}/parties.json", _size="max", _shape="objects")
    assert body["filtered_table_rows_count"] == len(parties.of(pub))
    assert [r["uscc"] for r in body["rows"]] == sorted(p.uscc for p in parties.of(pub))
    facet = _json(api, f"/{DB}/parties.json", _facet="kind", _size="0")["facet_results"]
    facet = facet.get("results", facet)  # (Datasette 1.0 nests them)
    assert {v["value"] for v in facet["kind"]["results"]} <= {ORGANISATION, SOLE_TRADER}
    page = api(f"/{DB}/parties")
    assert page.status_code == 200 and "企业名录" in page.text


def test_party_urls_are_the_company_pages_of_the_site(built, db) -> None:  # type: ignore[no-untyped-def]
    for uscc, url in db.execute("select uscc, url from parties"):
        path = unquote(urlsplit(url).path)
        assert path == urls.party(uscc)
        page = built.output / path.strip("/") / "index.html"
        assert page.is_file(), f"{url}: no company page"
        assert uscc in page.read_text(encoding="utf-8")


def test_parties_table_is_in_the_metadata_and_the_data_dictionary(built) -> None:  # type: ignore[no-untyped-def]
    meta = metadata.metadata()["databases"][DB]["tables"]["parties"]
    assert meta["title"] == "企业名录" and meta["label_column"] == "name"
    assert set(meta["columns"]) == {c.name for c in BY_NAME["parties"].columns}
    assert all(re.search(r"[\u4e00-\u9fff]", d) for d in meta["columns"].values())
    assert meta["columns"]["penalties"].startswith("行政处罚决定数：")
    page = (built.output / urls.dictionary().strip("/") / "index.html").read_text(encoding="utf-8")
    assert 'id="table-parties"' in page
    for c in BY_NAME["parties"].columns:
        assert f"<code>{c.name}</code>" in page and c.doc in page, c.name




def _companies_to_look_up(pub) -> list[parties.Party]:  # type: ignore[no-untyped-def]
    found = parties.of(pub)
    picked = {max(found, key=lambda p: (len(p.decisions), p.uscc)).uscc: None}
    picked.update(dict.fromkeys(p.uscc for p in found if len(p.departments) > 1 or p.former_names or p.notices))
    picked.update(dict.fromkeys(p.uscc for p in found if p.kind == SOLE_TRADER))
    by_uscc = {p.uscc: p for p in found}
    return [by_uscc[u] for u in picked]


def test_party_record_is_the_company_page(api, built, pub) -> None:  # type: ignore[no-untyped-def]
    """The query gives the decisions the company's page lists, newest first, and nothing else."""
    companies = _companies_to_look_up(pub)
    assert len(companies[0].decisions) > 1
    for p in companies:
        got = _json(api, f"/{DB}/party_record.json", uscc=p.uscc, _shape="array")
        assert [r["id"] for r in got] == [d["id"] for d in p.decisions], p.uscc
        assert [r["doc_no"] for r in got] == [d["doc_no"] for d in p.decisions]
        assert [(r["department_name"], r["kind"], r["party_name"], r["conclusion"], r["decision_date"]) for r in got] == \
            [(d["department_name"], d["kind"], d["party"]["name"], d.get("conclusion"), d["decision_date"].isoformat())
             for d in p.decisions]
        assert [unquote(urlsplit(r["url"]).path) for r in got] == [urls.decision(d["department"], d["slug"])
                                                                   for d in p.decisions]
        dates = [r["decision_date"] for r in got]
        assert dates == sorted(dates, reverse=True), "newest first"
        page = (built.output / urls.party(p.uscc).strip("/") / "index.html").read_text(encoding="utf-8")
        where = [page.find(d) for d in (r["doc_no"] for r in got)]
        assert -1 not in where and where == sorted(where), f"{p.uscc}: the page lists them in the same order"


def test_party_record_reads_the_code_as_typed(api, pub) -> None:  # type: ignore[no-untyped-def]
    p = _companies_to_look_up(pub)[0]
    want = _json(api, f"/{DB}/party_record.json", uscc=p.uscc, _shape="array")
    assert want
    assert _json(api, f"/{DB}/party_record.json", uscc=f"  {p.uscc.lower()} ", _shape="array") == want
    assert _json(api, f"/{DB}/party_record.json", uscc="91510500000000000X", _shape="array") == []
    assert _json(api, f"/{DB}/party_record.json", uscc="", _shape="array") == []


# ---------------------------------------------------------------- money, reproducibility, files


def test_money_is_exact(db, pub) -> None:  # type: ignore[no-untyped-def]
    by_id = {d["id"]: d for d in pub.decisions()}
    checked = 0
    for row in db.execute("select * from decisions"):
        for key in ("fine", "confiscation", "amount"):
            value = by_id[row["id"]].get(key)
            if value is None:
                assert row[f"{key}_fen"] is None and row[f"{key}_yuan"] is None
                continue
            checked += 1
            assert row[f"{key}_yuan"] == f"{Decimal(value):.2f}"
            assert row[f"{key}_fen"] == Decimal(value) * 100
    assert checked > 10
    assert db.execute("select count(*) from decisions where fine_fen is not null and typeof(fine_fen) != 'integer'").fetchone()[0] == 0
    total = db.execute("select sum(fine_fen) from decisions").fetchone()[0]
    assert total == sum(Decimal(d["fine"]) * 100 for d in pub.decisions() if d.get("fine") is not None)


def test_building_twice_gives_identical_files(built, pub, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    opendata.render(RenderJob(pub, tmp_path / "a", None))
    opendata.render(RenderJob(pub, tmp_path / "b", None))
    names = sorted(p.name for p in (tmp_path / "a").iterdir())
    assert names == sorted(p.name for p in (tmp_path / "b").iterdir())
    assert not [n for n in names if n.startswith(".")], "no temporary file is left behind"
    for name in names:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name
        assert (tmp_path / "a" / name).read_bytes() == (built.output / "data" / name).read_bytes(), name
    conn = sqlite3.connect(tmp_path / "a" / opendata.DB_NAME)
    assert conn.execute("PRAGMA page_size").fetchone()[0] == 4096
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    assert conn.execute("PRAGMA freelist_count").fetchone()[0] == 0
    conn.close()


def test_downloads_lists_every_file(pub, data_dir: Path) -> None:  # type: ignore[no-untyped-def]
    listed = catalog.downloads(pub)
    assert {d["name"] for d in listed} | {metadata.FILENAME} == {p.name for p in data_dir.iterdir()}
    counts = {t: len(r) for t, r in rows(pub).items()}
    for d in listed:
        assert d["path"] == "/data/" + d["name"]
        if d["format"] == "CSV":
            raw = (data_dir / d["name"]).read_bytes()
            assert raw.startswith(b"\xef\xbb\xbf"), "CSV starts with a UTF-8 BOM for Excel"
            table = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
            assert len(table) - 1 == d["rows"] == counts[d["table"]]
        elif d["format"] == "JSON Lines":
            lines = (data_dir / d["name"]).read_text(encoding="utf-8").splitlines()
            assert len(lines) == d["rows"]
            if lines and d["table"] == "decisions":
                first = json.loads(lines[0])
                assert first["id"] == pub.decisions()[0]["id"]
                assert isinstance(first["year"], int)


def test_an_unknown_field_fails_loudly(pub) -> None:  # type: ignore[no-untyped-def]
    import copy

    changed = copy.deepcopy(pub)
    changed.departments[0].decisions[0]["surprise"] = "?"
    with pytest.raises(UnmappedField) as e:
        rows(changed)
    assert (e.value.table, e.value.key) == ("decisions", "surprise")


# ---------------------------------------------------------------- metadata and serving


def test_committed_metadata_is_current() -> None:
    committed = json.loads((PROJECT / metadata.FILENAME).read_text(encoding="utf-8"))
    assert committed == metadata.metadata(), "regenerate: python -c 'from gongshi.opendata import metadata; metadata.write(\"datasette_metadata.json\")'"


def test_metadata_describes_every_column_in_chinese() -> None:
    meta = metadata.metadata({"site_title": "泸州市行政执法公示平台", "publisher": "泸州市司法局", "base_url": "https://x.example/"})
    assert meta["license_url"].startswith("https://creativecommons.org/licenses/by/4.0/")
    assert meta["source_url"] == "https://x.example/"
    tables = meta["databases"][DB]["tables"]
    for t in TABLES:
        assert set(tables[t.name]["columns"]) == {c.name for c in t.columns}
        assert all(re.search(r"[\u4e00-\u9fff]", d) for d in tables[t.name]["columns"].values())
    assert tables["decisions"]["columns"]["fine_yuan"].startswith("罚款金额（元）")
    assert tables["decisions"]["sort_desc"] == "decision_date"


def test_readme_runs_production_with_the_one_command() -> None:
    """The README's production API is `gongshi api`, which runs the settings tests/test_serve.py reads back from
    the running server; no hand-copied Datasette command line to drift from them."""
    readme = (PROJECT / "README.md").read_text(encoding="utf-8")
    assert "gongshi api --publish publish --host 127.0.0.1 --port 8001" in readme
    assert "datasette serve -i" not in readme and "--setting sql_time_limit_ms" not in readme


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve_runs_site_and_api_as_in_production(built) -> None:  # type: ignore[no-untyped-def]
    servers = serving.start(built.output, port=_free_port(), api_port=_free_port())
    try:
        assert httpx.get(servers.site_url).status_code == 200
        r = httpx.get(servers.api_url + "/decisions.json?" + urlencode({"_search": "罚款", "_size": "1"}))
        assert r.status_code == 200 and r.headers["access-control-allow-origin"] == "*"
        assert r.json()["filtered_table_rows_count"] > 0
        assert httpx.get(servers.api_url + ".db").status_code == 200, "whole-database download"
        csv_r = httpx.get(servers.api_url + "/decisions.csv?_stream=on&_size=max")
        assert csv_r.status_code == 200 and csv_r.text.count("\n") > 100
        site_csv = httpx.get(servers.site_url + "data/" + quote("decisions.csv"))
        assert site_csv.status_code == 200
    finally:
        servers.stop()


def test_serve_refuses_a_busy_port_before_building(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from gongshi.cli import main

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = CliRunner().invoke(main, ["serve", "--output", str(tmp_path / "publish"), "--port", str(port),
                                           "--api-port", str(_free_port())])
    assert result.exit_code == 1
    assert f"端口 {port} 已被占用；请用 --port 或 --api-port 换一个端口" in result.output
    assert not (tmp_path / "publish").exists()


def test_the_region_row_says_which_time_limits_were_applied(tmp_path):
    """Defaults filled in: a journalist reads 7 working days whether or not region.yaml wrote it."""
    from gongshi.publicity import decide
    from tests.minimal_region import AS_OF, Region

    region = Region(tmp_path)
    [row] = rows(decide(load(region.root, AS_OF), AS_OF))["region"]
    assert (row["deadlines_decision_days"], row["deadlines_withdrawal_days"], row["publicity_penalty_years"]) == (7, 1, 3)
    assert json.loads(row["publicity_longer_sectors"]) == ["食品", "药品", "特种设备"]
    region.edit("region.yaml", "code:", "deadlines:\n  withdrawal_days: 3\ncode:")
    [row] = rows(decide(load(region.root, AS_OF), AS_OF))["region"]
    assert (row["deadlines_decision_days"], row["deadlines_withdrawal_days"]) == (7, 3)
