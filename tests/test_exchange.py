"""Exchange with the credit platforms: the national 双公示 export, the spreadsheet import and the template."""

from __future__ import annotations

import csv
import io
import shutil
import stat
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import Workbook, load_workbook

from gongshi import cells, export, importing, national, publicity
from gongshi.cli import main
from gongshi.load import load
from gongshi.seen import Seen
from gongshi.standard import NATURAL_PERSON, ORGANISATION, SOLE_TRADER
from tests.site_build import AS_OF, DEMO, build_site

DAY = AS_OF.isoformat()
KINDS = (national.PENALTY, national.LICENSING)


def gongshi(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, list(args))


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


@pytest.fixture
def datasets(tmp_path) -> Path:
    """A copy of the demo's datasets to import into."""
    copy = tmp_path / "datasets"
    shutil.copytree(DEMO, copy)
    return copy


@pytest.fixture(scope="module")
def demo():  # type: ignore[no-untyped-def]
    dataset = load(DEMO, AS_OF)
    return dataset, publicity.decide(dataset, AS_OF)


# ---------------------------------------------------------------- export


@pytest.mark.parametrize("kind", KINDS)
def test_export_holds_exactly_the_published_and_withdrawn_decisions_of_the_kind(demo, kind, tmp_path):
    dataset, pub = demo
    out = tmp_path / "out.csv"
    result = gongshi("export", "shuanggongshi", "--kind", kind, "--datasets", str(DEMO), "--publish", str(tmp_path / "none"),
                     "--as-of", DAY, "--output", str(out))
    assert result.exit_code == 0, result.output
    rows = read_csv(out)
    prefix = "CF" if kind == national.PENALTY else "XK"
    by_status = {code: {r[f"{prefix}_WSH"] for r in rows if r["GS_GSZT"] == code} for code in ("0", "1", "2")}
    assert by_status["0"] == {d["doc_no"] for d in pub.decisions() if d["kind"] == kind}
    assert by_status["1"] == {w["doc_no"] for w in pub.withdrawals() if w["kind"] == kind}
    assert by_status["1"] and not by_status["2"]  # the demo has withdrawals; deletions only in an increment
    assert len(rows) == len(by_status["0"]) + len(by_status["1"])
    assert f"已导出 {len(rows)} 条{kind}决定" in result.output


@pytest.mark.parametrize("kind", KINDS)
def test_every_mandatory_column_is_filled_and_reads_back_with_the_standards_codes(demo, kind, tmp_path):
    dataset, _ = demo
    result = export.rows(dataset, Seen(), kind, AS_OF, personal=True)
    prefix = "CF" if kind == national.PENALTY else "XK"
    assert [c.code for c in result.columns][:2] == [f"{prefix}_XDR_MC", f"{prefix}_XDR_LB"]  # the national order
    categories = next(c for c in national.PENALTY_COLUMNS if c.code == "CF_CFLB")
    records = {d["doc_no"]: d for dept in dataset.departments for d in dept.decisions}
    for row in result.rows:
        values = dict(zip((c.code for c in result.columns), row, strict=True))
        for col in result.columns:
            if col.required == "Y":
                assert values[col.code], (col.code, row)
        rec = records[values[f"{prefix}_WSH"]]
        party = rec["party"]
        assert values[f"{prefix}_XDR_LB"] == party["kind"]
        if party["kind"] in (ORGANISATION, SOLE_TRADER):
            assert values[f"{prefix}_XDR_SHXYM"] == party["uscc"]
        if party["kind"] == ORGANISATION:
            assert values[f"{prefix}_FRDB"] == party["legal_rep"]
        if party["kind"] == NATURAL_PERSON:
            assert values[f"{prefix}_XDR_ZJHM"] == party["id_number"]
        dept = next(d for d in dataset.departments if rec in d.decisions)
        assert values[f"{prefix}_{'CFJGDM' if prefix == 'CF' else 'XKJGDM'}"] == dept.profile["uscc"]
        if kind == national.PENALTY:
            codes = values["CF_CFLB"].split(",")
            assert [national.name_of(categories, c) for c in codes] == rec["categories"]
            assert all(c.isdigit() and len(c) == 2 for c in codes)
            if "fine" in rec:
                assert Decimal(values["CF_NR_FK"]) * 10000 == rec["fine"]
            date.fromisoformat(values["CF_JDRQ"])
        else:
            assert values["XK_XKLB"] == national.LICENCE_CODES[rec["licence_category"]]
            assert values["XK_YXQZI"] == rec["valid_until"].isoformat()


def test_without_the_flag_the_export_carries_what_the_site_shows_and_no_id_number(demo, tmp_path):
    dataset, pub = demo
    people = [d for dept in dataset.departments for d in dept.decisions
              if d["party"]["kind"] == NATURAL_PERSON and d["kind"] == national.PENALTY]
    out = tmp_path / "out.csv"
    result = gongshi("export", "shuanggongshi", "--kind", national.PENALTY, "--datasets", str(DEMO), "--as-of", DAY,
                     "--publish", str(tmp_path / "none"), "--output", str(out))
    assert result.exit_code == 0
    text = out.read_text(encoding="utf-8-sig")
    for rec in people:
        assert rec["party"]["id_number"] not in text
        assert rec["party"]["name"] not in text
    shown = {d["doc_no"]: d for d in pub.decisions()}
    for row in read_csv(out):
        if row["CF_WSH"] in shown:
            assert row["CF_XDR_MC"] == shown[row["CF_WSH"]]["party"]["name"]  # masked as on the site
            assert row["CF_SY"] == shown[row["CF_WSH"]]["facts"]
        assert row["CF_XDR_ZJHM"] == ""
    assert "GS_QTZRR" not in row and "GS_CXYL" not in row  # private fields have no column at all
    assert "未含自然人证件号码" in result.output


def test_with_the_flag_the_file_is_its_owners_only_and_says_so(tmp_path):
    out = tmp_path / "out.xlsx"
    out.write_bytes(b"old")
    out.chmod(0o644)
    result = gongshi("export", "shuanggongshi", "--kind", national.PENALTY, "--datasets", str(DEMO), "--as-of", DAY,
                     "--publish", str(tmp_path / "none"), "--include-personal-ids", "--output", str(out))
    assert result.exit_code == 0, result.output
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert "仅本人可读" in result.output
    sheet = load_workbook(out, read_only=True).worksheets[0]
    header, codes, *rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert header[0] == "行政相对人名称" and codes[0] == "CF_XDR_MC"
    assert any(r[codes.index("CF_XDR_ZJHM")] for r in rows)  # ID numbers, as text (never a rounded number)
    assert all(isinstance(r[codes.index("CF_XDR_ZJHM")] or "", str) for r in rows)


def test_the_same_export_twice_is_the_same_bytes(tmp_path):
    for name in ("a.xlsx", "b.xlsx"):
        assert gongshi("export", "shuanggongshi", "--kind", national.LICENSING, "--datasets", str(DEMO), "--as-of", DAY,
                       "--publish", str(tmp_path / "none"), "--output", str(tmp_path / name)).exit_code == 0
    assert (tmp_path / "a.xlsx").read_bytes() == (tmp_path / "b.xlsx").read_bytes()


def test_an_export_never_lands_in_the_published_site(tmp_path):
    site = tmp_path / "publish"
    site.mkdir()
    result = gongshi("export", "shuanggongshi", "--kind", national.PENALTY, "--datasets", str(DEMO), "--as-of", DAY,
                     "--publish", str(site), "--output", str(site / "sub" / ".." / "cf.csv"))
    assert result.exit_code == 1
    assert "不能放在公示网站目录" in result.output
    assert list(site.iterdir()) == []


def test_since_gives_the_increment_with_withdrawals_and_deletions(demo, tmp_path):
    dataset, _ = demo
    full = export.rows(dataset, Seen(), national.PENALTY, AS_OF)
    withdrawn = [r for r in full.rows if r[[c.code for c in full.columns].index("GS_GSZT")] == "1"]
    assert withdrawn
    later = date(2030, 6, 1)  # years on: every penalty of the demo has reached its publicity end
    increment = export.rows(dataset, Seen(), national.PENALTY, later, since=date(2026, 1, 1))
    codes = [c.code for c in increment.columns]
    assert increment.counts["删除"] > 0
    for row in increment.rows:
        status = row[codes.index("GS_GSZT")]
        if status == "2":  # deleted: its publicity ended within the window
            assert date.fromisoformat(row[codes.index("CF_GSJZQ")]) >= date(2025, 12, 31)
        if status == "1":
            assert date.fromisoformat(row[codes.index("GS_CXRQ")]) >= date(2026, 1, 1)
            assert row[codes.index("GS_CXYY")]  # 撤销原因
    nothing = export.rows(dataset, Seen(), national.PENALTY, AS_OF, since=AS_OF + (date(2026, 1, 2) - date(2026, 1, 1)))
    assert nothing.rows == []


# ---------------------------------------------------------------- round trip


def _empty_copy(tmp_path: Path) -> Path:
    copy = tmp_path / "copy"
    shutil.copytree(DEMO, copy)
    for f in copy.glob("*/decisions/*.yaml"):
        f.unlink()
    return copy


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_round_trip_gives_the_same_decisions(demo, fmt, tmp_path):
    """Exported with the personal fields, imported into an empty copy: the same records, field for field."""
    dataset, _ = demo
    copy = _empty_copy(tmp_path)
    for dept in dataset.departments:
        for kind in KINDS:
            out = tmp_path / f"{dept.slug}-{kind}.{fmt}"
            assert gongshi("export", "shuanggongshi", "--kind", kind, "--department", dept.slug, "--datasets", str(DEMO),
                           "--as-of", DAY, "--publish", str(tmp_path / "none"), "--include-personal-ids",
                           "--output", str(out)).exit_code == 0
            result = gongshi("import", str(out), "--department", dept.slug, "--datasets", str(copy), "--as-of", DAY)
            assert result.exit_code == 0, result.output
    again = load(copy, AS_OF)
    before, after = _exported(dataset), _exported(again)
    assert before.keys() == after.keys()
    for key, rec in before.items():
        other = after[key]
        # 公示日期 is written out (the day it was first shown), and the 公示截止期 when the decision had its own
        assert {k: v for k, v in other.items() if k != "published"} == {k: v for k, v in rec.items() if k != "published"}


def _exported(dataset) -> dict[str, dict]:  # type: ignore[no-untyped-def]
    out = {}
    for dept in dataset.departments:
        for rec in dept.decisions:
            if rec["kind"] in KINDS:
                state = publicity.standing(rec, publicity.doc_slug(rec["doc_no"]), AS_OF, publicity.Rules.of(dataset.region),
                                           publicity.DepartmentSeen(), publicity.sectors(dept).get(str(rec["power_code"])))[0]
                if state in (publicity.Standing.SHOWN, publicity.Standing.WITHDRAWN):
                    out[rec["doc_no"]] = {k: v for k, v in rec.items() if not k.startswith("_")}
    return out


def test_round_trip_renders_the_same_decision_pages(demo, tmp_path):
    dataset, _ = demo
    copy = _empty_copy(tmp_path)
    for dept in dataset.departments:
        for kind in KINDS:
            out = tmp_path / f"{dept.slug}-{kind}.xlsx"
            gongshi("export", "shuanggongshi", "--kind", kind, "--department", dept.slug, "--datasets", str(DEMO),
                    "--as-of", DAY, "--publish", str(tmp_path / "none"), "--include-personal-ids", "--output", str(out))
            assert gongshi("import", str(out), "--department", dept.slug, "--datasets", str(copy), "--as-of", DAY).exit_code == 0
    first = build_site(tmp_path / "first")
    second = build_site(tmp_path / "second", copy)
    pages = [d for d in first.publication.decisions() if d["kind"] in KINDS]
    assert len(pages) > 80
    for d in pages:
        path = f"/{d['department']}/decisions/{d['slug']}/"
        assert second.read(path) == first.read(path), path
    notices = [w for w in first.publication.withdrawals() if w["kind"] in KINDS]
    assert notices
    assert [w["doc_no"] for w in second.publication.withdrawals()] == [w["doc_no"] for w in notices]


# ---------------------------------------------------------------- import of a sheet filled by hand


def _hand_filled(path: Path, valid: bool = True, **cells: object) -> None:
    """The editors' sheet as people make it: a merged title, a two-row header with merged group cells, dates as
    Excel dates and as text, amounts with thousands separators, full-width digits, trailing spaces. Its credit
    codes are made valid unless not `valid`; `cells` (such as K2="罚款金额") are then put in."""
    wb = Workbook()
    ws = wb.active
    ws.append(["泸州市市场监督管理局行政处罚信息（2026年11月）"])
    ws.merge_cells("A1:L1")
    ws.append(["行政相对人", None, None, "法定代表人", "行政处罚决定书文号", "违法行为类型", "违法事实", "处罚依据",
               "处罚类别", "处罚内容", "罚款金额（元）", "处罚决定日期", "事项编码", "执法人员"])
    ws.merge_cells("A2:C2")
    for col in "DEFGHIJKLMN":
        ws.merge_cells(f"{col}2:{col}3")
    ws.append(["名称", "类别", "统一社会信用代码"])
    ws.append(["泸州市江阳区百味鲜餐饮有限公司 ", "法人及非法人组织", "91510502MA6BXXX05E", "王百味",
               "泸市监罚〔２０２６〕９０１号", "超范围经营", "当事人超出许可范围经营冷食类食品。",
               "《中华人民共和国食品安全法》第一百二十二条", "警告、罚款", "给予警告，罚款12,000元。", "12,000",
               datetime(2026, 11, 2), "SJ-CF-001", "51050020190044，51050020190052"])
    ws.append(["江阳区老王小吃店", "个体工商户", "92510502MA6C0Y4K3R", "王老五",
               "泸市监罚[2026]902号", "未按规定公示许可证", "当事人未在经营场所显著位置悬挂食品经营许可证。",
               "《食品经营许可和备案管理办法》第五十三条", "02", "罚款2,000元。", "２０００",
               "2026/11/3", "SJ-CF-001", None])
    if valid:
        ws["C4"], ws["C5"] = _good_codes()
    for cell, value in cells.items():
        ws[cell] = value
    wb.save(path)


def _good_codes() -> tuple[str, str]:
    from stdnum.cn import uscc

    def valid(stem: str) -> str:
        return stem + uscc.calc_check_digit(stem)

    return valid("91510502MA6BXXX05"), valid("92510502MA6C0Y4K3")


def test_a_sheet_filled_by_hand_imports(tmp_path, datasets):
    book = tmp_path / "手填.xlsx"
    org, _ = _good_codes()
    _hand_filled(book)
    before = (datasets / "shijianju/decisions/2026.yaml").read_text(encoding="utf-8")
    result = gongshi("import", str(book), "--department", "shijianju", "--datasets", str(datasets), "--as-of", DAY)
    assert result.exit_code == 0, result.output
    assert "已导入 2 条行政处罚决定" in result.output
    after = (datasets / "shijianju/decisions/2026.yaml").read_text(encoding="utf-8")
    assert after.startswith(before)  # the file's own text and comments untouched
    dept = load(datasets, AS_OF).department("shijianju")
    got = {d["doc_no"]: d for d in dept.decisions}
    first, second = got["泸市监罚〔2026〕901号"], got["泸市监罚〔2026〕902号"]
    assert first["party"] == {"name": "泸州市江阳区百味鲜餐饮有限公司", "kind": ORGANISATION, "uscc": org, "legal_rep": "王百味"}
    assert first["categories"] == ["警告", "罚款"] and first["fine"] == 12000
    assert first["decision_date"] == date(2026, 11, 2) and first["officers"] == ["51050020190044", "51050020190052"]
    assert first["conclusion"] == "给予警告，罚款12,000元。"  # no column of its own: the content
    assert second["fine"] == 2000 and second["decision_date"] == date(2026, 11, 3)
    assert second["party"]["kind"] == SOLE_TRADER and second["party"]["operator"] == "王老五"  # 法定代表人 of a 个体工商户
    # a second run finds both 文号 and adds nothing
    again = gongshi("import", str(book), "--department", "shijianju", "--datasets", str(datasets), "--as-of", DAY)
    assert "已在部门数据中，未重复导入" in again.output
    assert (datasets / "shijianju/decisions/2026.yaml").read_text(encoding="utf-8") == after


def test_problems_name_the_file_row_and_column_all_at_once_and_nothing_is_written(tmp_path, datasets):
    book = tmp_path / "坏.xlsx"
    _hand_filled(book, valid=False, D5=None, L4="2026-13-01", I5="罚钱", K5="两千")  # its credit codes' check digits are wrong
    before = {p: p.read_bytes() for p in datasets.rglob("*.yaml")}
    result = gongshi("import", str(book), "--department", "shijianju", "--datasets", str(datasets), "--as-of", DAY)
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert f"{book} 第 4 行（处罚决定日期）：“2026-13-01”不是真实存在的日期；请核对年月日" in lines
    assert any(ln.startswith(f"{book} 第 5 行（处罚类别）：“罚钱”不是可选的值") for ln in lines)
    assert any(ln.startswith(f"{book} 第 5 行（罚款金额（元）") and "不是金额" in ln for ln in lines)
    assert any(ln.startswith(f"{book} 第 4 行（统一社会信用代码）") and "校验位" in ln for ln in lines)
    # the usual rules, told in the sheet's words: a sole trader's 经营者 goes in the 法定代表人 column
    assert any(ln.startswith(f"{book} 第 5 行（法定代表人）：缺少必填字段") and "“法定代表人”列" in ln for ln in lines)
    assert "party." not in result.output
    assert "未写入任何内容" in result.output
    assert {p: p.read_bytes() for p in datasets.rglob("*.yaml")} == before


def test_skip_bad_writes_the_good_rows_and_lists_the_rest(tmp_path, datasets):
    book = tmp_path / "半好.xlsx"
    _hand_filled(book, C5="92510502MA6C0Y4K3R")
    dry = gongshi("import", str(book), "--department", "shijianju", "--datasets", str(datasets), "--as-of", DAY,
                  "--skip-bad", "--dry-run")
    assert "可导入 1 条" in dry.output
    assert "〔2026〕901号" not in (datasets / "shijianju/decisions/2026.yaml").read_text(encoding="utf-8")
    result = gongshi("import", str(book), "--department", "shijianju", "--datasets", str(datasets), "--as-of", DAY, "--skip-bad")
    assert result.exit_code == 0, result.output
    assert "1 行有错误未导入（第 5 行）" in result.output
    dept = load(datasets, AS_OF).department("shijianju")
    assert {"泸市监罚〔2026〕901号"} == {d["doc_no"] for d in dept.decisions} & {"泸市监罚〔2026〕901号", "泸市监罚〔2026〕902号"}


def test_a_missing_mandatory_column_is_reported_once_and_blocks_the_import(tmp_path, datasets):
    rows = [["CF_XDR_MC", "CF_XDR_LB", "CF_WSH", "CF_JDRQ"]] + [
        ["某公司", "法人及非法人组织", f"泸市监罚〔2026〕{900 + i}号", "2026-11-01"] for i in range(1, 4)
    ]
    book = tmp_path / "缺列.csv"
    book.write_text("\n".join(",".join(r) for r in rows), encoding="gb18030")  # as Excel in China saves it
    result = gongshi("import", str(book), "--department", "shijianju", "--datasets", str(datasets), "--as-of", DAY, "--skip-bad")
    assert result.exit_code == 1
    assert result.output.count("缺少必填列 CF_SY（违法事实）") == 1
    assert "缺少必填列 CF_CFLB（处罚类别）" in result.output
    assert "违法事实" not in "".join(ln for ln in result.output.splitlines() if " 行（" in ln)  # not again per row
    assert "〔2026〕901号" not in (datasets / "shijianju/decisions/2026.yaml").read_text(encoding="utf-8")


def test_a_mapping_reads_a_departments_own_columns(tmp_path, datasets):
    org, _ = _good_codes()
    mapping = tmp_path / "map.yaml"
    mapping.write_text(
        "kind: 行政处罚\namounts_in: 元\ncolumns:\n  当事人: CF_XDR_MC\n  主体类型: CF_XDR_LB\n  信用代码: CF_XDR_SHXYM\n"
        "  法人: CF_FRDB\n  决定书编号: CF_WSH\n  案由: CF_WFXW\n  案情: CF_SY\n  依据: CF_YJ\n  种类: CF_CFLB\n"
        "  结果: CF_NR\n  罚没款: CF_NR_FK\n  日期: CF_JDRQ\nvalues:\n  GS_SXBM: SJ-CF-001\n"
        "words:\n  CF_XDR_LB:\n    企业: 法人及非法人组织\n    个体: 个体工商户\n  处罚类别:\n    罚没: 罚款\n",
        encoding="utf-8",
    )
    buffer = io.StringIO()
    csv.writer(buffer).writerows([
        ["当事人", "主体类型", "信用代码", "法人", "决定书编号", "案由", "案情", "依据", "种类", "结果", "罚没款", "日期"],
        ["泸州市某某餐饮有限公司", "企业", org, "王某", "泸市监罚〔2026〕903号", "超范围经营", "超范围经营冷食类食品。",
         "《中华人民共和国食品安全法》第一百二十二条", "警告、罚没", "罚款3,500元。", "3,500", "2026-11-04"],
    ])
    book = tmp_path / "本部门.csv"
    book.write_text(buffer.getvalue(), encoding="utf-8")
    result = gongshi("import", str(book), "--department", "shijianju", "--datasets", str(datasets), "--as-of", DAY,
                     "--mapping", str(mapping))
    assert result.exit_code == 0, result.output
    rec = {d["doc_no"]: d for d in load(datasets, AS_OF).department("shijianju").decisions}["泸市监罚〔2026〕903号"]
    assert rec["fine"] == 3500 and rec["power_code"] == "SJ-CF-001" and rec["party"]["kind"] == ORGANISATION
    assert rec["categories"] == ["警告", "罚款"]  # the department's own words, through `words`


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        (datetime(2026, 3, 5, 0, 0), date(2026, 3, 5)),
        ("2026-03-05", date(2026, 3, 5)),
        ("2026/3/5", date(2026, 3, 5)),
        ("２０２６年３月５日", date(2026, 3, 5)),
        ("20260305", date(2026, 3, 5)),
        (46086, date(2026, 3, 5)),  # an Excel serial day number
        ("长期", date(2099, 12, 31)),
    ],
)
def test_dates_in_the_forms_sheets_hold_them(cell, expected):
    column = next(c for c in national.PENALTY_COLUMNS if c.code == "CF_JDRQ")
    assert cells.value(column, cell) == expected


@pytest.mark.parametrize(
    ("cell", "yuan", "expected"),
    [("0.35", False, 3500), (0.35, False, 3500), ("1,200.5", True, Decimal("1200.50")), ("３５００", True, 3500),
     ("3500元", False, 3500), ("0.2万元", True, 2000)],
)
def test_amounts_in_wan_or_yuan(cell, yuan, expected):
    column = next(c for c in national.PENALTY_COLUMNS if c.code == "CF_NR_FK")
    assert cells.value(column, cell, yuan) == expected


def test_an_id_number_stored_as_a_number_is_refused_not_rounded():
    column = next(c for c in national.PENALTY_COLUMNS if c.code == "CF_XDR_ZJHM")
    with pytest.raises(cells.Bad, match="精度"):
        cells.value(column, 5.10502197905050e17)


# ---------------------------------------------------------------- the template


@pytest.mark.parametrize("kind", KINDS)
def test_the_template_offers_lists_and_explains_every_column(kind, tmp_path):
    out = tmp_path / "模板.xlsx"
    result = gongshi("template", "--kind", kind, "--output", str(out))
    assert result.exit_code == 0, result.output
    wb = load_workbook(out)
    sheet, guide = wb[kind], wb["填写说明"]
    header = [c.value for c in sheet[1]]
    explained = {row[1] for row in guide.iter_rows(min_row=2, values_only=True) if row[1]}
    cols = [c for c in national.COLUMNS[kind] if c.label in header]
    assert {c.code for c in cols} <= explained and len(cols) == len(header)
    lists = {str(dv.sqref).split(":")[0].rstrip("0123456789") for dv in sheet.data_validations.dataValidation}
    enumerated = {c.label for c in cols if c.type in ("enum", "enums", "bool")}
    letters = {c.label: c_.column_letter for c, c_ in ((c, sheet.cell(1, header.index(c.label) + 1)) for c in cols)}
    assert {letters[label] for label in enumerated} == lists
    assert gongshi("template", "--kind", kind, "--output", str(tmp_path / "again.xlsx")).exit_code == 0
    assert (tmp_path / "again.xlsx").read_bytes() == out.read_bytes()


def test_the_template_filled_in_imports(tmp_path, datasets):
    out = tmp_path / "模板.xlsx"
    gongshi("template", "--kind", national.LICENSING, "--output", str(out))
    org, _ = _good_codes()
    wb = load_workbook(out)
    ws = wb[national.LICENSING]
    header = [c.value for c in ws[1]]
    row = {"行政相对人名称": "泸州市某某餐饮有限公司", "行政相对人类别": "法人及非法人组织", "行政相对人代码_1（统一社会信用代码）": org,
           "法定代表人": "王某", "行政许可决定文书名称": "准予行政许可决定书", "行政许可决定文书号": "泸市监许〔2026〕901号",
           "许可类别": "01 普通", "许可证书名称": "食品经营许可证", "许可内容": "热食类食品制售",
           "许可决定日期": "2026-11-02", "有效期自": "2026-11-02", "有效期至": "2031-11-01", "事项编码": "SJ-XK-001"}
    for label, v in row.items():
        ws.cell(2, header.index(label) + 1, v)
    wb.save(out)
    result = gongshi("import", str(out), "--department", "shijianju", "--datasets", str(datasets), "--as-of", DAY)
    assert result.exit_code == 0, result.output
    rec = {d["doc_no"]: d for d in load(datasets, AS_OF).department("shijianju").decisions}["泸市监许〔2026〕901号"]
    assert rec["licence_category"] == "普通" and rec["conclusion"] == "准予行政许可"
    assert rec["valid_until"] == date(2031, 11, 1)


def test_a_new_departments_empty_list_takes_the_rows_and_keeps_its_comments(tmp_path):
    from gongshi.scaffold import decisions_template

    datasets = tmp_path / "datasets"
    shutil.copytree(DEMO, datasets)
    target = datasets / "shijianju/decisions/2026.yaml"
    existing = load(datasets, AS_OF).department("shijianju").decisions
    kept = [d for d in existing if d["decision_date"].year != 2026]
    target.write_text(decisions_template(AS_OF), encoding="utf-8")  # what gongshi new-department writes: items: []
    assert len(load(datasets, AS_OF).department("shijianju").decisions) == len(kept)
    book = tmp_path / "手填.xlsx"
    _hand_filled(book)
    result = gongshi("import", str(book), "--department", "shijianju", "--datasets", str(datasets), "--as-of", DAY)
    assert result.exit_code == 0, result.output
    text = target.read_text(encoding="utf-8")
    assert "# 示例（去掉行首的 # 并把 items: [] 改为 items:" in text and "items: []" not in text.replace("把 items: []", "")
    assert len(load(datasets, AS_OF).department("shijianju").decisions) == len(kept) + 2


def test_a_missing_file_is_named(tmp_path):
    result = gongshi("import", str(tmp_path / "无.xlsx"), "--department", "shijianju", "--datasets", str(DEMO))
    assert result.exit_code == 1
    assert f"找不到表格文件“{tmp_path / '无.xlsx'}”" in result.output


# ---------------------------------------------------------------- what a review found


@pytest.mark.parametrize("kind", KINDS)
def test_every_column_is_found_by_its_own_code_and_name(kind):
    for col in national.COLUMNS[kind]:
        assert national.lookup(kind, col.code) is col
        assert national.lookup(kind, col.label) is col
        assert national.lookup(kind, f"*{col.label} ") is col  # as a template marks a mandatory column


def test_the_templates_own_validity_columns_are_imported(tmp_path, datasets):
    out = tmp_path / "模板.xlsx"
    gongshi("template", "--kind", national.PENALTY, "--output", str(out))
    org, _ = _good_codes()
    wb = load_workbook(out)
    ws = wb[national.PENALTY]
    header = [c.value for c in ws[1]]
    row = {"行政相对人名称": "泸州市某某餐饮有限公司", "行政相对人类别": "法人及非法人组织", "行政相对人代码_1（统一社会信用代码）": org,
           "法定代表人": "王某", "行政处罚决定书文号": "泸市监罚〔2026〕905号", "违法行为类型": "超范围经营",
           "违法事实": "超范围经营冷食类食品。", "处罚依据": "《中华人民共和国食品安全法》第一百二十二条",
           "处罚类别": "01 警告、02 罚款", "处罚内容": "警告，罚款3,000元。", "罚款金额（万元）": "0.3",
           "处罚决定日期": "2026-11-02", "处罚有效期": "2029-06-30", "公示截止期": "2030-01-01", "事项编码": "SJ-CF-001"}
    for label, v in row.items():
        ws.cell(2, header.index(label) + 1, v)
    wb.save(out)
    result = gongshi("import", str(out), "--department", "shijianju", "--datasets", str(datasets), "--as-of", DAY)
    assert result.exit_code == 0, result.output
    rec = {d["doc_no"]: d for d in load(datasets, AS_OF).department("shijianju").decisions}["泸市监罚〔2026〕905号"]
    assert rec["penalty_until"] == date(2029, 6, 30) and rec["publicity_until"] == date(2030, 1, 1)
    assert rec["categories"] == ["警告", "罚款"] and rec["fine"] == 3000


@pytest.mark.parametrize(
    ("cell", "expected"),
    [("01 警告、02 罚款", ["警告", "罚款"]), ("警告 罚款", ["警告", "罚款"]), ("02;03", ["罚款", "没收违法所得"]),
     ("法律、行政法规规定的其他行政处罚", ["其他"]), ("吊销许可证，罚款", ["吊销许可证件", "罚款"])],
)
def test_several_categories_in_one_cell(cell, expected):
    column = next(c for c in national.PENALTY_COLUMNS if c.code == "CF_CFLB")
    assert cells.value(column, cell) == expected


def test_a_title_naming_a_person_is_masked_without_the_flag(tmp_path, datasets):
    dept = load(datasets, AS_OF).department("jiaotongyunshu")
    rec = next(d for d in dept.decisions if d["party"]["kind"] == NATURAL_PERSON and d["kind"] == national.PENALTY
               and "withdrawal" not in d and d.get("title"))
    path = rec["_src"][0]
    text = path.read_text(encoding="utf-8")
    at = text.index(rec["doc_no"])
    old_title = f"title: {rec['title']}"
    text = text[:at] + text[at:].replace(old_title, f"title: {rec['party']['name']}行政处罚决定书", 1)
    path.write_text(text, encoding="utf-8")
    out = tmp_path / "out.csv"
    assert gongshi("export", "shuanggongshi", "--kind", national.PENALTY, "--datasets", str(datasets), "--as-of", DAY,
                   "--publish", str(tmp_path / "none"), "--output", str(out)).exit_code == 0
    assert rec["party"]["name"] not in out.read_text(encoding="utf-8-sig")


def test_an_amount_column_that_does_not_say_its_unit_is_refused(tmp_path, datasets):
    book = tmp_path / "无单位.xlsx"
    _hand_filled(book, K2="罚款金额")
    result = gongshi("import", str(book), "--department", "shijianju", "--datasets", str(datasets), "--as-of", DAY)
    assert result.exit_code == 1
    assert f"{book}（罚款金额）：列名没有写明金额单位；请改为“罚款金额（元）”或“罚款金额（万元）”" in result.output


def test_another_departments_prefix_or_number_is_caught_across_the_region(tmp_path, datasets):
    book = tmp_path / "错部门.xlsx"
    _hand_filled(book, E4="泸市交执罚〔2026〕99号")
    before = (datasets / "shijianju/decisions/2026.yaml").read_bytes()
    result = gongshi("import", str(book), "--department", "shijianju", "--datasets", str(datasets), "--as-of", DAY)
    assert result.exit_code == 1
    assert any(ln.startswith(f"{book} 第 4 行（行政处罚决定书文号）") and "jiaotongyunshu" in ln for ln in result.output.splitlines())
    assert (datasets / "shijianju/decisions/2026.yaml").read_bytes() == before


def test_text_starting_with_an_equals_sign_stays_text_in_the_workbook(tmp_path, datasets):
    target = datasets / "shijianju/decisions/2026.yaml"
    text = target.read_text(encoding="utf-8")
    line = next(ln for ln in text.splitlines() if ln.startswith("    facts: "))
    target.write_text(text.replace(line, '    facts: "=1+2"', 1), encoding="utf-8")
    out = tmp_path / "out.xlsx"
    assert gongshi("export", "shuanggongshi", "--kind", national.PENALTY, "--datasets", str(datasets), "--as-of", DAY,
                   "--publish", str(tmp_path / "none"), "--output", str(out)).exit_code == 0
    cells = [c for row in load_workbook(out).worksheets[0].iter_rows() for c in row if str(c.value).startswith("=1+2")]
    assert cells and all(c.data_type == "s" for c in cells)


def test_a_long_number_that_excel_has_rounded_is_refused():
    column = next(c for c in national.PENALTY_COLUMNS if c.code == "CF_XDR_SHXYM")
    with pytest.raises(cells.Bad, match="精度"):
        cells.value(column, 1234567890123456.0)  # 16 digits: Excel kept 15
    officers = next(c for c in national.PENALTY_COLUMNS if c.code == "GS_ZFRY")
    assert cells.value(officers, 51050020190044.0) == ["51050020190044"]


def test_a_crlf_file_with_a_byte_order_mark_keeps_its_bytes_and_a_kept_block_keeps_its_value(tmp_path, datasets):
    target = datasets / "shijianju/decisions/2026.yaml"
    text = target.read_text(encoding="utf-8").rstrip("\n") + "\n    remarks: |+\n      末尾保留空行\n\n"
    original = b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8")
    target.write_bytes(original)
    kept = [d.get("remarks") for d in load(datasets, AS_OF).department("shijianju").decisions]
    book = tmp_path / "手填.xlsx"
    _hand_filled(book)
    result = gongshi("import", str(book), "--department", "shijianju", "--datasets", str(datasets), "--as-of", DAY)
    assert result.exit_code == 0, result.output
    after = target.read_bytes()
    assert after.startswith(original) and b"\n" not in after.replace(b"\r\n", b"")
    again = load(datasets, AS_OF).department("shijianju").decisions
    assert [d.get("remarks") for d in again][: len(kept)] == kept


def test_a_web_page_saved_as_xls_gets_a_chinese_message(tmp_path):
    book = tmp_path / "导出.xls"
    book.write_text("<html><table><tr><td>CF_WSH</td></tr></table></html>", encoding="utf-8")
    result = gongshi("import", str(book), "--department", "shijianju", "--datasets", str(DEMO))
    assert result.exit_code == 1
    assert "不是有效的 Excel 或 ODS 文件" in result.output and "error" not in result.output.lower()


def test_an_unknown_column_is_named_and_left_out(tmp_path, datasets):
    book = tmp_path / "多一列.xlsx"
    _hand_filled(book, O2="承办科室", O4="食品科")
    result = gongshi("import", str(book), "--department", "shijianju", "--datasets", str(datasets), "--as-of", DAY)
    assert result.exit_code == 0, result.output
    assert f"{book}（承办科室）：[警告] 不是双公示字段" in result.output
    assert "食品科" not in (datasets / "shijianju/decisions/2026.yaml").read_text(encoding="utf-8")


def test_a_fine_that_looks_typed_in_yuan_is_questioned_and_a_changed_row_is_not_silently_dropped(tmp_path, datasets):
    book = tmp_path / "手填.xlsx"
    _hand_filled(book)
    assert gongshi("import", str(book), "--department", "shijianju", "--datasets", str(datasets), "--as-of", DAY).exit_code == 0
    wb = load_workbook(book)
    wb.active["K4"] = "13,000"  # 901号 corrected in the sheet
    wb.save(book)
    result = gongshi("import", str(book), "--department", "shijianju", "--datasets", str(datasets), "--as-of", DAY)
    assert "泸市监罚〔2026〕901号" in result.output and "罚款金额（元）与已有记录不同，未导入" in result.output
    assert "没有要导入的新决定" in result.output and "请运行 gongshi validate" not in result.output
    wb.active["K2"] = "罚款金额（万元）"  # the standard's unit, but the amounts are still typed in 元
    wb.active["E5"], wb.active["K5"] = "泸市监罚〔2026〕907号", "2,000"
    wb.save(book)
    result = gongshi("import", str(book), "--department", "shijianju", "--datasets", str(datasets), "--as-of", DAY,
                     "--dry-run")
    assert "第 5 行（罚款金额（万元））：[警告] 2,000 万元即 20,000,000 元" in result.output


def test_a_csv_id_number_in_scientific_notation_is_explained():
    column = next(c for c in national.PENALTY_COLUMNS if c.code == "CF_XDR_ZJHM")
    with pytest.raises(cells.Bad, match="科学计数法"):
        cells.value(column, "5.10502E+17")


def test_a_mapping_names_every_mistake_at_once_and_takes_chinese_column_names(tmp_path):
    mapping = tmp_path / "map.yaml"
    mapping.write_text("columns:\n  当事人: 行政相对人名称\n  罚没: CF_NR_FKJE\n  类型: 不存在的列\n"
                       "words:\n  CF_XDR_LB:\n    企业: 公司\n", encoding="utf-8")
    with pytest.raises(importing.BadMapping) as e:
        importing.Mapping.read(mapping)
    assert "CF_NR_FKJE" in str(e.value) and "不存在的列" in str(e.value) and "“企业”应对应一个标准取值" in str(e.value)
    mapping.write_text("columns:\n  当事人: 行政相对人名称\n", encoding="utf-8")
    assert importing.Mapping.read(mapping).columns == {"当事人": "行政相对人名称"}


def test_a_departments_template_lists_its_own_powers(tmp_path):
    out = tmp_path / "模板.xlsx"
    result = gongshi("template", "--kind", national.PENALTY, "--department", "shijianju", "--datasets", str(DEMO),
                     "--output", str(out))
    assert result.exit_code == 0, result.output
    wb = load_workbook(out)
    header = [c.value for c in wb[national.PENALTY][1]]
    letter = wb[national.PENALTY].cell(1, header.index("事项编码") + 1).column_letter
    lists = {str(dv.sqref).split(":")[0].rstrip("0123456789"): dv.formula1 for dv in wb[national.PENALTY].data_validations.dataValidation}
    assert letter in lists
    codes = [c.value for row in wb["可选值"].iter_rows() if row[0].value == "事项编码" for c in row[1:] if c.value]
    assert codes and all(code.startswith("SJ-CF-") for code in codes)
    guide = {row[1]: row[4] for row in wb["填写说明"].iter_rows(min_row=2, values_only=True) if row[1]}
    assert "SJ-CF-001 " in guide["GS_SXBM"]
