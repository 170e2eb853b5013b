"""The open data rendered from the previous build's (only changed departments redone) equals a clean render.

Each test changes the demo publication in memory the way a commit to
datasets/ would, renders it twice — incrementally on top of the render of
the unchanged publication, and from scratch — and compares: exports and
metadata byte for byte, the database table by table (schema, and every row
in its order, with its rowid in decisions), the search index by what it finds. The previous output
must come out untouched.
"""

from __future__ import annotations

import copy
import hashlib
import mmap
import os
import sqlite3
from datetime import date, timedelta
from pathlib import Path

import pytest

from gongshi import opendata, parties
from gongshi.catalog import TABLES
from gongshi.opendata import database, search
from gongshi.opendata.incremental import _Edit, _Lines, _splice
from gongshi.publicity import Publication, company_code, doc_slug
from gongshi.reuse import Keys, RenderJob, content_key

DATASETS = Path(__file__).resolve().parent.parent / "datasets"
AS_OF = date(2026, 11, 26)
FTS_SEGMENTS = {f"{search.FTS_TABLE}_data", f"{search.FTS_TABLE}_idx"}  # segment layout differs; contents compared


def _keys(pub: Publication, common: str = "common") -> Keys:
    return Keys(common, {d.slug: content_key(d) for d in pub.departments})


def _snapshot(folder: Path) -> dict[str, tuple[int, str]]:
    return {p.name: (p.stat().st_mtime_ns, hashlib.sha256(p.read_bytes()).hexdigest())
            for p in sorted(folder.iterdir())}


# (fixtures `base`, the demo rendered once, and `full_renders`: tests/conftest.py)


def _job(pub: Publication, out: Path, keys: Keys, previous: Path, previous_keys: Keys) -> RenderJob:
    changed = keys.changed(previous_keys)
    return RenderJob(pub, out, None, frozenset(changed) if changed is not None else None, previous)


def _incremental(base: tuple[Publication, Path], pub: Publication, tmp_path: Path, full_renders: list[Path],
                 common: str = "common", previous: Path | None = None) -> Path:
    """Render `pub` on top of the base render; check the result against a clean render and previous against its
    snapshot. Returns the output folder."""
    old_pub, base_dir = base
    previous = previous or base_dir
    before = _snapshot(previous)
    out = tmp_path / "incremental"
    opendata.render(_job(pub, out, _keys(pub, common), previous, _keys(old_pub)))
    assert _snapshot(previous) == before, "the previous output was modified"
    clean = tmp_path / "clean"
    renders = len(full_renders)
    opendata.render(RenderJob(pub, clean, None))
    del full_renders[renders:]  # the clean render is not the code under test
    assert_same(out, clean)
    return out


def assert_same(out: Path, clean: Path) -> None:
    assert sorted(p.name for p in out.iterdir()) == sorted(p.name for p in clean.iterdir())
    for path in sorted(clean.iterdir()):
        if path.name != opendata.DB_NAME:
            assert (out / path.name).read_bytes() == path.read_bytes(), path.name
    with sqlite3.connect(out / opendata.DB_NAME) as a, sqlite3.connect(clean / opendata.DB_NAME) as b:
        assert _schema(a) == _schema(b)
        for kind, name, create in _schema(b):
            if kind == "table" and name not in FTS_SEGMENTS and name != search.FTS_TABLE:
                sql = f"SELECT rowid, * FROM [{name}] ORDER BY rowid"
                if create.endswith("WITHOUT ROWID"):  # in key order, as stored
                    sql = f"SELECT * FROM [{name}]"
                elif name == "sqlite_stat1":  # but for the search index's segment tables
                    sql = f"SELECT * FROM [{name}] WHERE tbl NOT IN {tuple(sorted(FTS_SEGMENTS))} ORDER BY rowid"
                assert a.execute(sql).fetchall() == b.execute(sql).fetchall(), name
        assert a.execute("PRAGMA user_version").fetchall() == b.execute("PRAGMA user_version").fetchall()
        for token in _tokens(b):
            sql = f"SELECT rowid FROM {search.FTS_TABLE} WHERE {search.FTS_TABLE} MATCH ? ORDER BY rowid"
            assert a.execute(sql, [token]).fetchall() == b.execute(sql, [token]).fetchall(), token
        canned = opendata.metadata.QUERIES["search_decisions"]["sql"]
        for q in ("罚款", "责令", "有限公司", "2026"):
            assert a.execute(canned, {"q": q, "page": ""}).fetchall() == b.execute(canned, {"q": q, "page": ""}).fetchall()


def _schema(conn: sqlite3.Connection) -> list[tuple]:
    return conn.execute("SELECT type, name, sql FROM sqlite_master ORDER BY type, name").fetchall()


def _tokens(conn: sqlite3.Connection) -> list[str]:
    """Every index token of every decision, quoted for MATCH."""
    decisions = next(t for t in TABLES if t.name == "decisions")
    rows = conn.execute("SELECT * FROM decisions").fetchall()
    tokens = {tok for text in search.index_texts(database.searched_texts(decisions, rows)) for tok in text.split()}
    return ['"' + t.replace('"', '""') + '"' for t in sorted(tokens)]


# ---------------------------------------------------------------- changes to the publication


def _changed(pub: Publication, slug: str) -> tuple[Publication, object]:
    """A deep copy of `pub` and, in it, the department to change."""
    new = copy.deepcopy(pub)
    return new, next(d for d in new.departments if d.slug == slug)


def _resort(dept) -> None:  # type: ignore[no-untyped-def]
    dept.decisions.sort(key=lambda d: (-d["decision_date"].toordinal(), d["id"]))
    dept.withdrawals.sort(key=lambda w: (-w["withdrawal_date"].toordinal(), w["id"]))


def _busiest_dept(pub: Publication) -> str:
    return max(pub.departments, key=lambda d: len(d.decisions)).slug


def test_one_decision_text_changed(base, tmp_path, full_renders) -> None:  # type: ignore[no-untyped-def]
    pub, dept = _changed(base[0], _busiest_dept(base[0]))
    dept.decisions[5]["conclusion"] = (dept.decisions[5].get("conclusion") or "") + "经复核，罚款已全额缴纳。"
    out = _incremental(base, pub, tmp_path, full_renders)
    assert full_renders == []
    # tables without a changed row are hard links to the live files
    assert (out / "powers.csv").stat().st_ino == (base[1] / "powers.csv").stat().st_ino
    assert (out / "decisions.csv").stat().st_ino != (base[1] / "decisions.csv").stat().st_ino


def test_the_plan_holds_only_the_rows_that_differ(base, tmp_path, full_renders, plans) -> None:  # type: ignore[no-untyped-def]
    """A new day redoes most departments of a large region: holding every row of the departments redone, old and
    new, took gigabytes at 1,000,000 decisions, and the parties table is built whole. The plan keeps the decision
    and the company that changed, not their neighbours."""
    pub, dept = _changed(base[0], _busiest_dept(base[0]))
    d = next(d for d in dept.decisions if company_code(d["party"]))
    d["conclusion"] = (d.get("conclusion") or "") + "经复核，罚款已全额缴纳。"
    d["party"]["name"] += "（已更名）"  # and its company's row, in the parties table built from every department
    _incremental(base, pub, tmp_path, full_renders)
    assert len(dept.decisions) > 10 and len(parties.of(pub)) > 10
    assert plans.keys() == {"decisions", "parties"}
    for plan in plans.values():
        assert len(plan.gone) == len(plan.come) == 1
        assert list(plan.new) == plan.come
        assert set(plan.old) <= {*plan.gone, *(e.anchor for e in plan.edits)}


def test_decision_withdrawn(base, tmp_path, full_renders, plans) -> None:  # type: ignore[no-untyped-def]
    """Its rows go, and no other: the officer rows of the department's later decisions keep their place (they
    were renumbered when rowids counted rows within a department)."""
    pub, dept = _changed(base[0], _busiest_dept(base[0]))
    d = dept.decisions.pop(3)
    dept.withdrawals.append({
        "id": d["id"], "slug": d["slug"], "department": d["department"], "department_name": d["department_name"],
        "doc_no": d["doc_no"], "kind": d["kind"], "decision_date": d["decision_date"],
        "withdrawal_date": AS_OF - timedelta(days=1), "withdrawal_kind": "撤销", "reason": "行政复议决定撤销。",
        "document": "复议决定书",
    })
    _resort(dept)
    _incremental(base, pub, tmp_path, full_renders)
    assert full_renders == []
    assert len(d["officers"]) == 2 and len(dept.decisions) > 10
    officers = plans["decision_officers"]
    assert officers.gone == [(d["id"], 1), (d["id"], 2)] and officers.come == []
    assert len(plans["decisions"].gone) == 1 and plans["decisions"].come == []
    assert len(plans["withdrawals"].gone) == 0 and len(plans["withdrawals"].come) == 1


def test_decision_moved_to_a_busy_day(base, tmp_path, full_renders) -> None:  # type: ignore[no-untyped-def]
    """Other departments' decisions of the old and the new day take new rowids (their rank in the day changes)."""
    old = base[0]
    first = min(old.departments, key=lambda d: d.slug)  # its ids sort before every other department's
    others = [d for dept in old.departments if dept.slug != first.slug for d in dept.decisions]
    pub, dept = _changed(old, first.slug)
    for i, day in enumerate(sorted({d["decision_date"] for d in others})[:3]):
        dept.decisions[i]["decision_date"] = day
    twin = copy.deepcopy(dept.decisions[0])  # and one new decision on a day the others have
    twin["doc_no"] = twin["doc_no"].replace("〕", "〕9")
    twin["slug"] = doc_slug(twin["doc_no"])
    twin["id"] = f"{dept.slug}/{twin['slug']}"
    twin["decision_date"] = others[0]["decision_date"]
    dept.decisions.append(twin)
    _resort(dept)
    _incremental(base, pub, tmp_path, full_renders)
    assert full_renders == []


def test_several_departments_changed_and_rendered_again_on_top(base, tmp_path, full_renders) -> None:  # type: ignore[no-untyped-def]
    pub = copy.deepcopy(base[0])
    for dept in pub.departments[:2]:
        dept.decisions.pop()
        dept.profile["phone"] = "0830-0000000"
    first = _incremental(base, pub, tmp_path / "1", full_renders)
    again, dept = _changed(pub, pub.departments[-1].slug)
    dept.decisions[0]["conclusion"] = "已结案。"
    # the second render starts from the first's output, itself incremental
    _incremental((pub, first), again, tmp_path / "2", full_renders)
    assert full_renders == []


def test_nothing_changed_links_every_file(base, tmp_path, full_renders) -> None:  # type: ignore[no-untyped-def]
    out = _incremental(base, copy.deepcopy(base[0]), tmp_path, full_renders)
    assert full_renders == []
    for t in TABLES:
        assert (out / f"{t.name}.jsonl").stat().st_ino == (base[1] / f"{t.name}.jsonl").stat().st_ino
    assert (out / opendata.DB_NAME).stat().st_ino == (base[1] / opendata.DB_NAME).stat().st_ino


def test_department_removed(base, tmp_path, full_renders) -> None:  # type: ignore[no-untyped-def]
    pub = copy.deepcopy(base[0])
    del pub.departments[1]
    _incremental(base, pub, tmp_path, full_renders)
    assert len(full_renders) == 1  # the previous database has other departments


def test_department_added(base, tmp_path, full_renders) -> None:  # type: ignore[no-untyped-def]
    smaller = copy.deepcopy(base[0])
    del smaller.departments[2]
    previous = tmp_path / "previous"
    opendata.render(RenderJob(smaller, previous, None))
    full_renders.clear()
    _incremental((smaller, previous), copy.deepcopy(base[0]), tmp_path, full_renders)
    assert len(full_renders) == 1


def test_common_changed_renders_everything(base, tmp_path, full_renders) -> None:  # type: ignore[no-untyped-def]
    pub, dept = _changed(base[0], _busiest_dept(base[0]))
    dept.decisions[0]["conclusion"] = "已结案。"
    _incremental(base, pub, tmp_path, full_renders, common="other")
    assert len(full_renders) == 1


@pytest.mark.parametrize("damage", ["missing", "truncated", "not a database"])
def test_damaged_previous_output_renders_everything(base, tmp_path, full_renders, damage) -> None:  # type: ignore[no-untyped-def]
    previous = tmp_path / "previous"
    previous.mkdir()
    for p in base[1].iterdir():
        previous.joinpath(p.name).write_bytes(p.read_bytes())
    if damage == "missing":
        (previous / "withdrawals.jsonl").unlink()
    elif damage == "truncated":
        data = (previous / "decisions.csv").read_bytes()
        (previous / "decisions.csv").write_bytes(data[: len(data) // 2])
    else:
        (previous / opendata.DB_NAME).write_bytes(b"not a database" * 100)
    pub, dept = _changed(base[0], _busiest_dept(base[0]))
    dept.decisions[0]["conclusion"] = "已结案。"
    out = _incremental((base[0], previous), pub, tmp_path, full_renders)
    assert full_renders == [out]


def test_rows_into_and_out_of_empty_blocks(base, tmp_path, full_renders) -> None:  # type: ignore[no-untyped-def]
    """The first and the last department (in a table's line order) gain their first rows, then lose them: lines
    put in before another department's (found by its first line) and at the end of the file, then taken out."""
    pub = copy.deepcopy(base[0])
    first, last = min(pub.departments, key=lambda d: d.slug), max(pub.departments, key=lambda d: d.slug)
    for dept in (first, last):
        assert dept.withdrawals
        dept.withdrawals.clear()
    previous = tmp_path / "previous"
    opendata.render(RenderJob(pub, previous, None))
    full_renders.clear()
    _incremental((pub, previous), copy.deepcopy(base[0]), tmp_path / "in", full_renders)
    _incremental(base, pub, tmp_path / "out", full_renders)
    assert full_renders == []


def test_decisions_to_the_first_and_the_last_line(base, tmp_path, full_renders) -> None:  # type: ignore[no-untyped-def]
    pub, dept = _changed(base[0], _busiest_dept(base[0]))
    dept.decisions[-1]["decision_date"] = AS_OF + timedelta(days=1)  # newer than any: the first line
    dept.decisions[0]["decision_date"] = date(2000, 1, 1)  # older than any: the last
    _resort(dept)
    first = _incremental(base, pub, tmp_path / "there", full_renders)
    _incremental((pub, first), copy.deepcopy(base[0]), tmp_path / "back", full_renders)
    assert full_renders == []


def test_line_break_in_a_csv_cell(base, tmp_path, full_renders) -> None:  # type: ignore[no-untyped-def]
    """A CSV line holding a line break (in a quoted cell) before the lines that change: the lines are not where
    counting line ends says, which the check against the previous database notices (a clean render then)."""
    old = copy.deepcopy(base[0])
    first = min(old.departments, key=lambda d: d.slug)
    for d in first.decisions:
        d["conclusion"] = "第一行\r\n第二行\n第三行"
    previous = tmp_path / "previous"
    opendata.render(RenderJob(old, previous, None))
    full_renders.clear()
    pub, dept = _changed(old, _busiest_dept(old))
    for d in dept.decisions:
        d["conclusion"] = (d.get("conclusion") or "") + "（已更正）"
    _incremental((old, previous), pub, tmp_path, full_renders)
    assert len(full_renders) <= 1


def _resident_mib() -> int:
    return int(Path("/proc/self/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE") >> 20


@pytest.mark.parametrize("width", [40, 2000])  # short lines are counted a chunk at a time, long ones one by one
def test_editing_the_last_line_of_a_large_export_keeps_little_of_it_in_memory(tmp_path, width) -> None:  # type: ignore[no-untyped-def]
    """The expiring decisions are the oldest: their lines are at the ends of the exports (180 MB at 100,000
    decisions, 2 GB at 1,000,000). Each page of a mapped export that the line count reads counts in the
    process's memory while it stays mapped; of a 96 MiB export, a few MiB may, and the edit is still made."""
    line = b"x" * (width - 1) + b"\n"
    lines = (96 << 20) // width
    (tmp_path / "old.csv").write_bytes(b"head\n" + line * (lines - 1) + b"last\n")
    with open(tmp_path / "old.csv", "rb") as fp, mmap.mmap(fp.fileno(), 0, access=mmap.ACCESS_READ) as data:
        before = _resident_mib()
        counted = _Lines(data, 5, chunked=width < 800)
        assert counted.seek(lines - 1) == len(data) - len(b"last\n")
        grown = _resident_mib() - before
    assert grown < 16, f"{grown} MiB of a 96 MiB export"
    _splice(tmp_path / "old.csv", tmp_path / "new.csv", 5, b"\n", [_Edit(lines - 1, lines, [1], [2])], {1: b"last"},
            {2: b"new"}, [])
    with open(tmp_path / "new.csv", "rb") as new:
        new.seek(-(width + 4), os.SEEK_END)
        assert new.read() == line + b"new\n"
    assert (tmp_path / "new.csv").stat().st_size == (tmp_path / "old.csv").stat().st_size - 1
