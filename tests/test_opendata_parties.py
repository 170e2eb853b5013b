"""The open data's parties table beyond the demo (tests/test_opendata.py has the demo's): a company two
departments decided about, in a small region of two (tests/minimal_region.py), and the incremental render
(gongshi.opendata.incremental), which rebuilds the site-wide table whole: changes that move its rows are
rendered both ways and compared, as in tests/test_opendata_incremental.py.
"""

from __future__ import annotations

import copy
import sqlite3
from contextlib import closing
from datetime import date
from pathlib import Path

from gongshi import opendata, parties, urls
from gongshi.load import load
from gongshi.opendata import metadata
from gongshi.opendata.tables import SITE_WIDE, rows
from gongshi.publicity import Publication, decide, doc_slug
from gongshi.reuse import RenderJob
from gongshi.standard import NATURAL_PERSON, ORGANISATION, SOLE_TRADER
from tests.test_opendata_incremental import _changed, _incremental, _resort

DATASETS = Path(__file__).resolve().parent.parent / "datasets"
AS_OF = date(2026, 11, 26)


# ---------------------------------------------------------------- a company two departments decided about


def _two_departments(tmp_path: Path) -> Publication:
    from tests.minimal_region import AS_OF as MINIMAL_AS_OF
    from tests.minimal_region import DEPT_USCC, OTHER_DEPT_USCC, Region

    region = Region(tmp_path)
    shijianju = region.read("shijianju/decisions/2024.yaml")
    region.write("sifaju/department.yaml", region.read("shijianju/department.yaml")
                 .replace("泸州市市场监督管理局\n", "泸州市司法局\n", 1).replace(DEPT_USCC, OTHER_DEPT_USCC))
    region.write("sifaju/powers.yaml", region.read("shijianju/powers.yaml").split("    discretion:")[0])
    # the company's 39号 of shijianju, decided by sifaju too, under the name it had before
    first = shijianju.split("    officers:")[0].replace("泸市监罚", "泸市司罚").replace("2024-03-05", "2024-02-01")
    first = first.replace("name: 泸州某某食品有限公司", "name: 泸州某某食品厂")
    region.write("sifaju/decisions/2024.yaml", first + "    violation_type: x\n    facts: x\n    basis: x\n"
                 "    categories:\n      - 罚款\n    content: 罚款人民币 2000 元。\n    fine: 2000\n")
    assert region.errors() == []
    return decide(load(region.root, MINIMAL_AS_OF), MINIMAL_AS_OF)


def test_a_company_two_departments_decided_about(tmp_path: Path) -> None:
    from tests.minimal_region import ORG_USCC, TRADER_USCC

    pub = _two_departments(tmp_path)
    found = {r["uscc"]: r for r in rows(pub)["parties"]}
    assert set(found) == {ORG_USCC, TRADER_USCC}, "the natural person of 泸市监强〔2024〕3号 is no party"
    company = found[ORG_USCC]
    assert (company["name"], company["former_names"], company["kind"]) == ("泸州某某食品有限公司", "泸州某某食品厂", ORGANISATION)
    assert (company["departments"], company["decisions"]) == (2, 4)
    assert (company["licences"], company["penalties"], company["coercions"], company["inspections"],
            company["expropriations"]) == (0, 2, 0, 1, 1)
    # (the 行政许可 is the 个体工商户's)
    assert (company["first_decision_date"], company["last_decision_date"]) == ("2024-02-01", "2024-06-01")
    trader = found[TRADER_USCC]
    assert (trader["kind"], trader["licences"], trader["decisions"], trader["departments"]) == (SOLE_TRADER, 1, 1, 1)
    assert company["url"] == urls.party(ORG_USCC), "no base_url: the site path"

    out = tmp_path / "data"
    opendata.render(RenderJob(pub, out, None))
    conn = sqlite3.connect(out / opendata.DB_NAME)
    try:
        got = conn.execute(metadata.QUERIES["party_record"]["sql"], {"uscc": ORG_USCC.lower()}).fetchall()
        assert [(r[1], r[2]) for r in got] == [
            ("泸市监征〔2024〕1号", "泸州市市场监督管理局"), ("泸市监检〔2024〕12号", "泸州市市场监督管理局"),
            ("泸市监罚〔2024〕39号", "泸州市市场监督管理局"), ("泸市司罚〔2024〕39号", "泸州市司法局"),
        ]
        assert [r[0] for r in got] == [d["id"] for p in parties.of(pub) if p.uscc == ORG_USCC for d in p.decisions]
        assert conn.execute("select departments, decisions from parties where uscc = ?", [ORG_USCC]).fetchone() == (2, 4)
    finally:
        conn.close()


# ---------------------------------------------------------------- incremental renders
# (fixtures `base`, the demo rendered once, and `full_renders`: tests/conftest.py)


def _company_decision(pub: Publication) -> tuple[str, int]:
    """A department and the index of one of its decisions about a company."""
    for dept in pub.departments:
        for i, d in enumerate(dept.decisions):
            if d["party"].get("uscc") and d["party"]["kind"] != NATURAL_PERSON:
                return dept.slug, i
    raise AssertionError("the demo has no company")


def test_parties_is_a_site_wide_table_stored_by_credit_code(tmp_path: Path) -> None:
    """Built from every department's decisions, and stored in key order with no rowid, so a company's row is found
    by its code alone and one company coming or going moves no other row."""
    assert "parties" in SITE_WIDE
    pub = decide(load(DATASETS, AS_OF), AS_OF)
    opendata.render(RenderJob(pub, tmp_path, None))
    with closing(sqlite3.connect(tmp_path / "gongshi.db")) as db:
        create = db.execute("select sql from sqlite_master where name = 'parties'").fetchone()[0]
        assert create.endswith(") WITHOUT ROWID") and '"uscc" TEXT PRIMARY KEY NOT NULL' in create
        assert [r[0] for r in db.execute("select * from parties")] == sorted(p.uscc for p in parties.of(pub))


def test_a_company_renamed_in_one_department(base, tmp_path, full_renders) -> None:  # type: ignore[no-untyped-def]
    slug, i = _company_decision(base[0])
    pub, dept = _changed(base[0], slug)
    dept.decisions[i]["party"]["name"] += "（已更名）"
    out = _incremental(base, pub, tmp_path, full_renders)
    assert full_renders == []
    assert (out / "parties.csv").stat().st_ino != (base[1] / "parties.csv").stat().st_ino


def test_a_new_company_leaves_the_other_rows_alone(base, tmp_path, full_renders, plans) -> None:  # type: ignore[no-untyped-def]
    """A credit code that sorts first: its row is the one row put in, the others are left as they are."""
    slug, i = _company_decision(base[0])
    pub, dept = _changed(base[0], slug)
    twin = copy.deepcopy(dept.decisions[i])
    twin["doc_no"] = twin["doc_no"].replace("〕", "〕9")
    twin["slug"] = doc_slug(twin["doc_no"])
    twin["id"] = f"{slug}/{twin['slug']}"
    twin["party"] = {**twin["party"], "uscc": "11000000000000000A", "name": "甲乙丙有限公司", "kind": ORGANISATION}
    dept.decisions.append(twin)
    _resort(dept)
    _incremental(base, pub, tmp_path, full_renders)
    assert full_renders == []
    assert plans["parties"].gone == [] and plans["parties"].come == [("11000000000000000A",)]
    assert [(e.a, e.b) for e in plans["parties"].edits] == [(0, 0)]  # the first line


def test_a_company_whose_decisions_all_went(base, tmp_path, full_renders) -> None:  # type: ignore[no-untyped-def]
    old = base[0]
    one = min((p for p in parties.of(old) if len(p.departments) == 1 and not p.notices), key=lambda p: p.uscc)
    pub, dept = _changed(old, one.departments[0])
    dept.decisions[:] = [d for d in dept.decisions if d["party"].get("uscc") != one.uscc]
    gone = _incremental(base, pub, tmp_path / "gone", full_renders)
    _incremental((pub, gone), copy.deepcopy(old), tmp_path / "back", full_renders)  # and it comes back
    assert full_renders == []


def test_a_change_no_company_sees_keeps_the_parties_files(base, tmp_path, full_renders) -> None:  # type: ignore[no-untyped-def]
    slug, i = _company_decision(base[0])
    pub, dept = _changed(base[0], slug)
    dept.decisions[i]["conclusion"] = (dept.decisions[i].get("conclusion") or "") + "（已更正）"
    out = _incremental(base, pub, tmp_path, full_renders)
    assert full_renders == []
    for suffix in (".csv", ".jsonl"):
        assert (out / f"parties{suffix}").stat().st_ino == (base[1] / f"parties{suffix}").stat().st_ino


def test_the_companies_follow_a_publication_whose_departments_or_records_are_replaced(tmp_path: Path) -> None:
    """parties.of is worked out once per publication (the renderers share it), but never from a stale one."""
    from tests.minimal_region import ORG_USCC

    pub = _two_departments(tmp_path)
    company = next(p for p in parties.of(pub) if p.uscc == ORG_USCC)
    assert (len(company.departments), len(company.decisions)) == (2, 4)
    assert parties.of(pub) is parties.of(pub), "asked again: the same list"
    sifaju = next(d for d in pub.departments if d.slug == "sifaju")
    sifaju.decisions = []  # its 39号 withdrawn, say
    company = next(p for p in parties.of(pub) if p.uscc == ORG_USCC)
    assert (company.departments, len(company.decisions)) == (["shijianju"], 3)
    pub.departments = [d for d in pub.departments if d.slug != "shijianju"]
    assert parties.of(pub) == []
