"""The annual statistics (年度执法数据): complete, frozen from 1 February, on the site, in the data and the feed."""

from __future__ import annotations

import html
import re
import shutil
import sqlite3
from collections import Counter
from datetime import date
from decimal import Decimal
from pathlib import Path

import feedparser
import pytest
import yaml

from gongshi import build as builder
from gongshi import urls
from gongshi.build import PROJECT, BuildConfig
from gongshi.load import validate

DEMO = PROJECT / "datasets"


def run(datasets: Path, out: Path, as_of: date) -> Path:
    builder.build(BuildConfig(datasets, out, as_of))
    return out


def page(out: Path, path: str) -> str:
    return (out / urls.file_path(path)).read_text(encoding="utf-8")


def db_rows(out: Path, year: int) -> dict[tuple[str, str], object]:
    with sqlite3.connect(out / "data" / "gongshi.db") as conn:
        return {(d, f): v for d, f, v in conn.execute(
            "select department, figure, value from annual_statistics where year = ?", (year,))}


def table_cells(text: str, caption: str) -> dict[str, list[str]]:
    """First cell (the row's header, links and tags stripped) → the other cells, of the table with `caption`."""
    table = re.search(r"<caption[^>]*>" + re.escape(caption) + r".*?</table>", text, re.S)
    assert table, caption
    out = {}
    for row in re.findall(r"<tr>(.*?)</tr>", table.group(0), re.S):
        cells = [html.unescape(re.sub(r"<[^>]+>", "", c)).strip() for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
        if cells and cells[0] not in ("执法主体", "指标"):
            out[cells[0]] = cells[1:]
    return out


def independent_count(datasets: Path, year: int, cut: date) -> dict[str, dict[str, object]]:
    """Per department folder, counted straight from the YAML files (not through gongshi's loader or annual.py):
    every decision of `year`, published, expired, withdrawn or a minor's; withdrawals that took effect by `cut`."""
    out = {}
    for folder in sorted(p for p in datasets.iterdir() if p.is_dir()):
        c: Counter = Counter()
        fines = Decimal(0)
        for path in sorted((folder / "decisions").glob("*.yaml")):
            for rec in yaml.safe_load(path.read_text(encoding="utf-8"))["items"]:
                if rec["decision_date"].year != year:
                    continue
                c["decisions"] += 1
                c[rec["kind"]] += 1
                if rec["kind"] == "行政处罚":
                    fines += Decimal(str(rec.get("fine", 0)))
                    for cat in rec["categories"]:
                        c["cat:" + cat] += 1
                if rec["kind"] == "行政许可" and rec.get("outcome") == "不予许可":
                    c["refused"] += 1
                if rec.get("withdrawal") and rec["withdrawal"]["date"] <= cut:
                    c["withdrawals"] += 1
                    c["withdrawal_kind:" + rec["withdrawal"]["kind"]] += 1
                    c["withdrawal_cause:" + rec["withdrawal"].get("cause", "未标明")] += 1
                if rec["kind"] == "行政处罚":
                    c["procedure:" + rec.get("procedure", "未标明")] += 1
                    c["party:" + rec["party"]["kind"]] += 1
                if rec["kind"] == "行政强制":
                    c["measure:" + rec["measure"]] += 1
                if rec["kind"] == "行政检查":
                    c["result:" + rec["result"]] += 1
                c["minors"] += bool(rec["party"].get("minor"))
        name = yaml.safe_load((folder / "department.yaml").read_text(encoding="utf-8"))["name"]
        out[folder.name] = {"name": name, "counts": c, "fines_fen": int(fines * 100)}
    return out


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    return run(DEMO, tmp_path_factory.mktemp("annual") / "publish", date(2026, 11, 26))


def test_the_2025_figures_equal_counts_made_from_the_yaml_files(demo):
    expected = independent_count(DEMO, 2025, date(2026, 1, 31))
    assert sum(e["counts"]["minors"] for e in expected.values()) >= 1  # the demo has a minor's case: counted
    assert sum(e["counts"]["withdrawals"] for e in expected.values()) >= 1
    assert sum(e["counts"]["refused"] for e in expected.values()) >= 1
    region = page(demo, urls.statistics(2025))
    bodies = table_cells(region, "2025 年度各执法主体主要数据")
    data = db_rows(demo, 2025)
    region_total = bodies.pop("合计")
    assert set(bodies) == {e["name"] for e in expected.values()}
    total = Counter()
    for slug, e in expected.items():
        c = e["counts"]
        row = bodies[e["name"]]
        assert row[:6] == [f"{c[k]} 件" for k in ("decisions", "行政许可", "行政处罚", "行政强制", "行政检查", "行政征收征用")]
        fen = e["fines_fen"]
        assert row[6] == f"{fen // 100:,}.{fen % 100:02d} 元"
        assert row[7] == f"{c['withdrawals']} 件"
        assert data[(slug, "decisions")] == c["decisions"]
        assert Decimal(str(data[(slug, "fines")])) * 100 == fen  # yuan, exact to the fen
        assert data[(slug, "licensing:refused")] == c["refused"]
        assert data[(slug, "penalty_category:罚款")] == c["cat:罚款"]
        assert data[(slug, "penalty_category:警告")] == c["cat:警告"]
        assert data[(slug, "withdrawals")] == c["withdrawals"]
        for key in ("withdrawal_kind:", "withdrawal_cause:", "procedure:", "party:", "measure:", "result:"):
            found = {f: v for (d, f), v in data.items() if d == slug and f.startswith(key) and v}
            assert found == {k: v for k, v in c.items() if k.startswith(key)}, (slug, key)
        # the body's own page says the same
        own = table_cells(page(demo, urls.statistics(2025, slug)), "2025 年度执法决定（上图的数据）")
        assert own["执法决定总数"][0] == f"{c['decisions']} 件"
        total.update(c)
    # the region's total is the sum of the bodies
    totals = table_cells(region, "2025 年度执法决定（上图的数据）")
    assert totals["执法决定总数"][0] == region_total[0] == f"{total['decisions']} 件"
    assert totals["行政处罚"][0] == region_total[2] == f"{total['行政处罚']} 件"


def test_reported_figures_are_marked_and_missing_ones_say_so(demo):
    own = table_cells(page(demo, urls.statistics(2025, "shijianju")), "2025 年度填报数据")
    assert own["被申请行政复议件数"] == ["3 件", "填报"]
    assert own["行政许可申请件数"] == ["14 件", "填报"]
    counted = table_cells(page(demo, urls.statistics(2025, "shijianju")), "2025 年度行政处罚（上图的数据）")
    assert counted["行政处罚决定数"][1] == "统计"
    older = table_cells(page(demo, urls.statistics(2024, "shijianju")), "2024 年度填报数据")
    assert older["被申请行政复议件数"] == ["未填报", "填报"]
    with sqlite3.connect(demo / "data" / "gongshi.db") as conn:
        assert conn.execute("select value, source from annual_statistics where department = 'shijianju' and year = 2025 "
                            "and figure = 'reported:reconsiderations'").fetchone() == (3, "填报")
        # a figure not filed is a row without a value, so "not filed" is told apart from "no such figure"
        assert conn.execute("select count(*), count(value) from annual_statistics where year = 2024 and source = '填报'"
                            ).fetchone() == (5 * 9, 0)


def test_a_refused_licence_is_counted_but_not_published(demo):
    assert not (demo / urls.file_path(urls.decision("shijianju", "泸市监许-2025-27"))).exists()
    assert "泸市监许〔2025〕27号" not in (demo / "data" / "decisions.csv").read_text(encoding="utf-8-sig")


def test_the_charts_are_pictures_of_the_tables_after_them(demo):
    text = page(demo, urls.statistics(2025, "shijianju"))
    figures = re.findall(r'<figure class="chart" id="([^"]+)">.*?</figure>\s*<div class="table-wrap"[^>]*>\s*<table>\s*'
                         r'<caption id="[^"]+">([^<]+)</caption>', text, re.S)
    assert [caption for _, caption in figures] == [
        "2025 年度执法决定（上图的数据）", "2025 年度各月执法决定数（上图的数据）", "2025 年度行政处罚（上图的数据）",
        "2025 年度各月罚款金额（上图的数据）",
    ]
    assert 'role="img"' in text and "<desc" in text
    assert "<script" not in text.split("</header>", 1)[1]


@pytest.fixture(scope="module")
def edited(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("frozen") / "datasets"
    shutil.copytree(DEMO, root)
    return root


def _edit_after_the_report(datasets: Path) -> None:
    """What happens to 2026's decisions after its report is final: one deleted, one withdrawn, an officer gone."""
    path = datasets / "shijianju" / "decisions" / "2026.yaml"
    text = path.read_text(encoding="utf-8")
    items = re.split(r"(?m)^(?=  - doc_no: )", text)
    assert len(items) > 3
    withdrawn = items[2].rstrip("\n") + (
        "\n    withdrawal:\n      date: 2027-03-01\n      kind: 撤销\n      reason: 复议机关撤销。\n"
        "      document: 泸州市人民政府行政复议决定书 泸市府复决〔2027〕2号\n      cause: 行政复议\n\n")
    items = [items[0], withdrawn, *items[3:]]  # items[1] deleted, items[2] withdrawn
    path.write_text("".join(items), encoding="utf-8")
    officers = datasets / "shijianju" / "personnel.yaml"
    text = officers.read_text(encoding="utf-8")
    people = re.split(r"(?m)^(?=  - name: )", text)
    officers.write_text("".join(people[:1] + people[2:]), encoding="utf-8")


def test_a_final_report_does_not_change_with_expiries_edits_or_later_withdrawals(edited, tmp_path):
    out = run(edited, tmp_path / "publish", date(2027, 2, 1))
    before_page = table_cells(page(out, urls.statistics(2026, "shijianju")), "2026 年度执法决定（上图的数据）")
    before_region = table_cells(page(out, urls.statistics(2026)), "2026 年度各执法主体主要数据")
    before_data = db_rows(out, 2026)
    assert "正式数据" in page(out, urls.statistics(2026))
    expected = independent_count(DEMO, 2026, date(2027, 1, 31))
    assert before_data[("shijianju", "decisions")] == expected["shijianju"]["counts"]["decisions"]

    # unchanged data, long after: decisions have expired, the figures have not moved
    fresh = run(DEMO, tmp_path / "fresh", date(2028, 6, 1))
    assert db_rows(fresh, 2026) == before_data
    assert table_cells(page(fresh, urls.statistics(2026)), "2026 年度各执法主体主要数据") == before_region

    # edited data, built over the first output (its record froze the figures): still the same figures
    _edit_after_the_report(edited)
    run(edited, out, date(2028, 6, 1))
    assert db_rows(out, 2026) == before_data
    assert table_cells(page(out, urls.statistics(2026, "shijianju")), "2026 年度执法决定（上图的数据）") == before_page
    text = page(out, urls.statistics(2026, "shijianju"))
    corrections = text.split('id="corrections-h"', 1)[1]
    assert "2027-03-01" in corrections and "撤销" in corrections
    # while a build from scratch of the edited data counts what the data now says
    scratch = run(edited, tmp_path / "scratch", date(2028, 6, 1))
    assert db_rows(scratch, 2026)[("shijianju", "decisions")] == before_data[("shijianju", "decisions")] - 1


def test_a_report_is_provisional_in_january_and_final_from_february(tmp_path):
    out = tmp_path / "publish"
    run(DEMO, out, date(2026, 12, 31))
    assert "/statistics/2026/" not in page(out, urls.statistics())
    run(DEMO, out, date(2027, 1, 15))
    text = page(out, urls.statistics(2026))
    assert "初步数据" in text and "2027-01-15" in text
    with sqlite3.connect(out / "data" / "gongshi.db") as conn:
        assert conn.execute("select distinct status from annual_statistics where year = 2026").fetchall() == [("初步",)]
    feed = feedparser.parse((out / "feeds" / "departments" / "shijianju" / "revisions.atom").read_bytes())
    first = [e for e in feed.entries if "2026 年度行政执法数据" in e.title]
    assert [e.title for e in first] == ["泸州市市场监督管理局 2026 年度行政执法数据（初步数据）"]
    assert first[0].link.endswith(urls.statistics(2026, "shijianju"))
    assert {t.term for t in first[0].tags} >= {"annual"}
    assert "元" not in first[0].summary  # no figures while they change: the entry is not re-sent every day
    run(DEMO, out, date(2027, 1, 16))
    feed = feedparser.parse((out / "feeds" / "departments" / "shijianju" / "revisions.atom").read_bytes())
    again = [e for e in feed.entries if "2026 年度行政执法数据" in e.title]
    assert [(e.id, e.updated) for e in again] == [(first[0].id, first[0].updated)]
    run(DEMO, out, date(2027, 2, 1))
    assert "正式数据" in page(out, urls.statistics(2026))
    feed = feedparser.parse((out / "feeds" / "departments" / "shijianju" / "revisions.atom").read_bytes())
    found = {e.title: e for e in feed.entries if "2026 年度行政执法数据" in e.title}
    final = found["泸州市市场监督管理局 2026 年度行政执法数据（正式数据）"]
    assert final.id != first[0].id and final.published.startswith("2027-02-01")
    assert "罚款金额" in final.summary and "填报数据" in final.summary
    assert found["泸州市市场监督管理局 2026 年度行政执法数据（初步数据）"].updated == first[0].updated


def _region(tmp_path: Path) -> Path:
    root = tmp_path / "datasets"
    shutil.copytree(DEMO, root)
    return root


def _lines(root: Path, as_of: date) -> list[str]:
    return [p.format(root.parent) for p in validate(root, as_of).problems if "annual" in p.file.as_posix()]


def test_validate_warns_from_1_january_when_last_years_figures_are_missing(tmp_path):
    root = _region(tmp_path)
    assert _lines(root, date(2026, 12, 31)) == []
    (root / "yingjiguanli" / "annual" / "2026.yaml").write_text("compiled: 2027-01-10\ncomplaints: 3\n", encoding="utf-8")
    found = _lines(root, date(2027, 1, 1))
    assert len(found) == 4  # the four bodies without one
    assert found[0] == (
        "datasets/jiangyang-zonghezhifa/annual/2026.yaml:1: [警告] 年度填报数据 — 尚未填报 2026 年度数据；"
        "年度数据应在 2027 年 1 月 31 日前公开：请创建 annual/2026.yaml，填写填报日期（compiled）和行政复议、行政诉讼、"
        "投诉举报等执法决定中统计不出的数字（字段见数据字典）"
    )
    assert not any("yingjiguanli" in line for line in found)


def test_validate_refuses_reported_figures_that_contradict_each_other(tmp_path):
    root = _region(tmp_path)
    (root / "shijianju" / "annual" / "2025.yaml").write_text(
        "compiled: 2026-01-20\nlawsuits: 1\nlawsuits_lost: 2\nsurprise: 1\n", encoding="utf-8")
    (root / "shijianju" / "annual" / "notes.yaml").write_text("a: 1\n", encoding="utf-8")
    assert _lines(root, date(2026, 11, 26)) == [
        "datasets/shijianju/annual/2025.yaml:3: 行政诉讼败诉件数 — 行政诉讼败诉件数（2）多于行政诉讼案件数（1）；请核对 lawsuits_lost 和 lawsuits",
        "datasets/shijianju/annual/2025.yaml:4: surprise [surprise] — 未知字段“surprise”；请删除该字段或改为标准中的字段名；身份证号、手机号等个人信息不得写入清单",
        "datasets/shijianju/annual/notes.yaml:1: 文件名 — 年度填报文件名“notes.yaml”不是年份；文件名应为所填报的年份，如 annual/2026.yaml",
    ]


def test_a_year_of_fines_that_reads_like_a_mobile_number_in_fen_is_published(tmp_path):
    """138,123,456.78 元 is 13812345678 fen: written as such anywhere, the guard would refuse the build."""
    root = _region(tmp_path)
    path = root / "shijianju" / "decisions" / "2025.yaml"
    text = path.read_text(encoding="utf-8")
    fines = re.findall(r"(?m)^    fine: (\d+)$", text)
    rest = sum(int(f) for f in fines[2:])
    half = (Decimal("138123456.78") - rest) / 2  # two fines of 69 million: no single one reads like a number
    for f in fines[:2]:
        text = text.replace(f"    fine: {f}\n", f"    fine: {half:.2f}\n", 1)
    path.write_text(text, encoding="utf-8")
    out = run(root, tmp_path / "publish", date(2026, 11, 26))
    assert db_rows(out, 2025)[("shijianju", "fines")] == 138123456.78
    assert "138,123,456.78 元" in page(out, urls.statistics(2025, "shijianju"))


def test_the_share_published_on_time_counts_the_late_ones(demo):
    data = db_rows(demo, 2025)
    # the demo's two late publications of 2025 (江综执罚〔2025〕36号, 泸市交执罚〔2025〕19号): one each
    for slug in ("jiangyang-zonghezhifa", "jiaotongyunshu"):
        due, on_time = data[(slug, "timeliness:due")], data[(slug, "timeliness:on_time")]
        assert on_time == due - 1
        assert data[(slug, "timeliness:share")] == round(100 * on_time / due, 1)
    assert data[("shijianju", "timeliness:share")] == 100


def test_a_body_without_decisions_in_a_year_still_reports_it(tmp_path):
    root = _region(tmp_path)
    (root / "yingjiguanli" / "decisions" / "2025.yaml").unlink()
    (root / "yingjiguanli" / "annual" / "2025.yaml").unlink()
    assert any("yingjiguanli/annual/2025.yaml" in line and "尚未填报 2025 年度数据" in line
               for line in _lines(root, date(2026, 11, 26)))
    out = run(root, tmp_path / "publish", date(2026, 11, 26))
    own = table_cells(page(out, urls.statistics(2025, "yingjiguanli")), "2025 年度执法决定（上图的数据）")
    assert own["执法决定总数"] == ["0 件", "统计"]
    assert "应急管理局" in "".join(table_cells(page(out, urls.statistics(2025)), "2025 年度各执法主体主要数据"))


def test_figures_filed_late_show_and_a_withdrawal_entered_late_is_a_correction(tmp_path):
    root = _region(tmp_path)
    out = run(root, tmp_path / "publish", date(2027, 2, 1))
    before = db_rows(out, 2026)
    assert before[("shijianju", "reported:complaints")] is None
    (root / "shijianju" / "annual" / "2026.yaml").write_text("compiled: 2027-02-05\ncomplaints: 77\n", encoding="utf-8")
    path = root / "shijianju" / "decisions" / "2026.yaml"
    items = re.split(r"(?m)^(?=  - doc_no: )", path.read_text(encoding="utf-8"))
    doc_no = re.match(r"  - doc_no: (\S+)", items[1]).group(1)
    items[1] = items[1].rstrip("\n") + (
        "\n    withdrawal:\n      date: 2027-01-20\n      kind: 确认违法\n      reason: 复议机关确认违法。\n"
        "      document: 泸州市人民政府行政复议决定书 泸市府复决〔2027〕1号\n\n")
    path.write_text("".join(items), encoding="utf-8")
    run(root, out, date(2027, 2, 6))
    after = db_rows(out, 2026)
    assert after.pop(("shijianju", "reported:complaints")) == 77
    before.pop(("shijianju", "reported:complaints"))
    assert after == before  # the counted figures stay as they were frozen
    corrections = page(out, urls.statistics(2026, "shijianju")).split('id="corrections-h"', 1)[1]
    assert doc_no in corrections and "2027-01-20" in corrections


def test_a_rebuild_on_1_february_equals_a_forced_build(tmp_path):
    from tests.test_incremental import assert_same_output, rebuild_both

    root = _region(tmp_path)
    live = run(root, tmp_path / "live" / "publish", date(2027, 1, 20))
    result, clean = rebuild_both(root, live, tmp_path, date(2027, 2, 1))
    assert not result.reused
    assert_same_output(live, clean)
    assert "正式数据" in page(live, urls.statistics(2026, "shijianju"))
    # and the day after, from the memos and the record that froze the figures
    result, clean = rebuild_both(root, live, tmp_path / "again", date(2027, 2, 2))
    assert_same_output(live, clean)
