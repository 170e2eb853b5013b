"""`gongshi check`: the judicial bureau's report on the law's clock, each rule on its edge."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from gongshi import build as builder
from gongshi import seen, supervision
from gongshi.cli import main
from gongshi.load import load
from gongshi.seen import DepartmentSeen, Seen
from tests.minimal_region import AS_OF, Region

DEMO = Path(__file__).resolve().parent.parent / "datasets"
DEMO_AS_OF = date(2026, 11, 26)
D = "shijianju/decisions/2024.yaml"
PENALTY = "泸市监罚〔2024〕39号"
# the demo's deliberate cases (datasets/): a publication late across the 2025 National Day holiday and its
# make-up working day, one late in April 2025, a decision signed while the officer's certificate was
# suspended, a withdrawal taken down two days late
DEMO_CASES = [
    ("jiangyang-zonghezhifa", "late-publication", "江综执罚〔2025〕36号", 3),
    ("jiaotongyunshu", "late-publication", "泸市交执罚〔2025〕19号", 10),
    ("shijianju", "officer-not-serving", "泸市监罚〔2025〕7号", None),
    ("shijianju", "late-withdrawal", "泸市监罚〔2025〕23号", 2),
]
# the minimal region's decisions, each shown by a build the day after it was made (on time)
NEXT_DAY = {
    "泸市监罚-2024-39": date(2024, 3, 6),
    "泸市监许-2024-7": date(2024, 4, 2),
    "泸市监强-2024-3": date(2024, 5, 11),
    "泸市监检-2024-12": date(2024, 5, 21),
    "泸市监征-2024-1": date(2024, 6, 2),
}


@pytest.fixture
def region(tmp_path) -> Region:
    return Region(tmp_path)


def record(shown: dict | None = None, taken_down: dict | None = None) -> Seen:
    """A live output's record: every decision shown the day after it was made, but for `shown`."""
    return Seen({"shijianju": DepartmentSeen({**NEXT_DAY, **(shown or {})}, dict(taken_down or {}))}, known=True)


def found(region: Region, seen_: Seen | None = None, as_of: date = AS_OF) -> list[tuple[str, str, int | None]]:
    return [(f.rule, f.ref, f.days) for f in supervision.check(load(region.root, max(as_of, AS_OF)), seen_ or record(), as_of)]


def run(*args: str):
    return CliRunner().invoke(main, ["check", *args])


def empty(tmp_path: Path) -> Path:
    """A live output folder without the record (a site built by hand, say): only the data's dates count."""
    folder = tmp_path / "no-record"
    folder.mkdir(exist_ok=True)
    return folder


# ---------------------------------------------------------------- the demo


def test_the_demo_lists_its_late_cases_and_nothing_else(tmp_path):
    result = run("--datasets", str(DEMO), "--publish", str(empty(tmp_path)), "--as-of", str(DEMO_AS_OF), "--format", "json")
    assert result.exit_code == 1, result.output
    rows = json.loads(result.stdout)
    assert [(r["department"], r["rule"], r["ref"], r["days"]) for r in rows] == DEMO_CASES
    assert all(set(r) == set(supervision.KEYS) for r in rows)
    assert all(r["file"].endswith(".yaml") and r["line"] > 1 and r["message"] for r in rows)
    assert "只按数据中的公示日期核对" in result.stderr


def test_after_a_build_the_live_outputs_record_is_read_and_the_same_cases_remain(tmp_path):
    out = tmp_path / "publish"
    builder.build(builder.BuildConfig(DEMO, out, DEMO_AS_OF))
    assert (out / seen.FILENAME).exists()
    result = run("--datasets", str(DEMO), "--publish", str(out), "--as-of", str(DEMO_AS_OF), "--format", "csv")
    assert result.exit_code == 1
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(r["department"], r["rule"], r["ref"]) for r in rows] == [c[:3] for c in DEMO_CASES]
    assert "只按数据" not in result.stderr


# ---------------------------------------------------------------- exit status and formats


def test_nothing_found_exits_0_and_says_so(region, tmp_path):
    publish = tmp_path / "publish"
    publish.mkdir()
    (publish / seen.FILENAME).write_text(record().dumps(), encoding="utf-8")
    result = run("--datasets", str(region.root), "--publish", str(publish), "--as-of", str(AS_OF))
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "未发现问题。\n")


def test_text_output_names_file_line_rule_and_what_is_wrong(region, tmp_path):
    result = run("--datasets", str(region.root), "--publish", str(empty(tmp_path)), "--as-of", str(AS_OF))
    assert result.exit_code == 1
    first = result.stdout.splitlines()[0]
    assert first.startswith(f"{region.root}/{D}:5: [unpublished] {PENALTY} — ")
    assert "最迟应于 2024-03-14 公示" in first


def test_bad_input_exits_2_with_the_usual_messages(region, tmp_path):
    region.edit(D, "    decision_date: 2024-03-05\n", "    decision_date: 2024-13-05\n")
    result = run("--datasets", str(region.root), "--as-of", str(AS_OF))
    assert result.exit_code == 2
    assert "decisions/2024.yaml:5" in result.stderr and "错误：数据有 1 个错误" in result.stderr
    assert run("--datasets", str(tmp_path / "missing")).exit_code == 2
    publish = tmp_path / "publish"
    publish.mkdir()
    (publish / seen.FILENAME).write_text("{not json", encoding="utf-8")
    region.edit(D, "    decision_date: 2024-13-05\n", "    decision_date: 2024-03-05\n")
    result = run("--datasets", str(region.root), "--publish", str(publish), "--as-of", str(AS_OF))
    assert result.exit_code == 2 and "无法读取已发布网站中的公示日期记录" in result.stderr


def test_a_publish_folder_that_does_not_exist_is_bad_input(region, tmp_path):
    result = run("--datasets", str(region.root), "--publish", str(tmp_path / "typo"), "--as-of", str(AS_OF))
    assert result.exit_code == 2 and "找不到已发布的网站目录" in result.stderr


def test_a_report_as_of_an_earlier_day_leaves_out_what_came_after(region):
    # the licence (decided 2024-04-01) and everything later are unknown on 2024-03-20; the penalty was due 03-14
    not_shown = record()
    del not_shown.departments["shijianju"].shown["泸市监罚-2024-39"]
    assert found(region, not_shown, as_of=date(2024, 3, 20)) == [("unpublished", PENALTY, 4)]


def test_a_date_typed_in_before_the_platform_first_showed_it_does_not_hide_a_late_publication(region):
    # first shown by a build on 2024-03-20 (late); the editor then writes a 公示日期 within the limit
    region.edit(D, "    decision_date: 2024-03-05\n", "    decision_date: 2024-03-05\n    published: 2024-03-08\n")
    [(rule, ref, days)] = found(region, record({"泸市监罚-2024-39": date(2024, 3, 20)}))
    assert (rule, ref, days) == ("late-publication", PENALTY, 4)


def test_a_department_joining_later_with_its_dated_history_is_not_flagged(region):
    # the record, made by later builds, holds the editors' dates for dated decisions it first showed
    assert found(region, record(dict(NEXT_DAY))) == []
    region.edit(D, "    decision_date: 2024-03-05\n", "    decision_date: 2024-03-05\n    published: 2024-03-08\n")
    assert found(region, record({"泸市监罚-2024-39": date(2024, 3, 8)})) == []


def test_an_output_file_that_cannot_be_written_is_bad_input(region, tmp_path):
    result = run("--datasets", str(region.root), "--as-of", str(AS_OF), "--output", str(tmp_path / "no" / "r.json"))
    assert result.exit_code == 2 and "无法写入" in result.stderr


def test_output_file(region, tmp_path):
    target = tmp_path / "report.json"
    result = run("--datasets", str(region.root), "--as-of", str(AS_OF), "--format", "json", "--output", str(target))
    assert result.exit_code == 1 and result.stdout == ""
    # nothing dated and no live output: four past their deadline (the 征收 of 06-01 has 20 working days)
    assert len(json.loads(target.read_text(encoding="utf-8"))) == 4


# ---------------------------------------------------------------- late-publication and unpublished


def test_publication_exactly_on_the_deadline_is_on_time_one_working_day_over_is_late(region):
    # decided Tuesday 2024-03-05: the 7th working day after is Thursday 2024-03-14; Friday is one day over
    assert found(region, record({"泸市监罚-2024-39": date(2024, 3, 14)})) == []
    assert found(region, record({"泸市监罚-2024-39": date(2024, 3, 15)})) == [("late-publication", PENALTY, 1)]
    # the weekend does not count: Monday 2024-03-18 is two working days over; on Saturday it was one day late
    assert found(region, record({"泸市监罚-2024-39": date(2024, 3, 18)})) == [("late-publication", PENALTY, 2)]
    assert found(region, record({"泸市监罚-2024-39": date(2024, 3, 16)})) == [("late-publication", PENALTY, 1)]


def test_the_editors_date_counts_before_the_record(region):
    region.edit(D, "    decision_date: 2024-03-05\n", "    decision_date: 2024-03-05\n    published: 2024-03-15\n")
    assert found(region) == [("late-publication", PENALTY, 1)]


def test_across_a_holiday_and_a_make_up_working_day(region):
    # decided Tuesday 2025-09-23: 09-28 (a Sunday) is a working day, 10-01..08 the National Day holiday, so the
    # 7th working day is 2025-10-09; 10-11 (a Saturday) is worked again, so 10-13 is three working days over
    region.edit(D, "    decision_date: 2024-03-05\n", "    decision_date: 2025-09-23\n    published: 2025-10-09\n")
    as_of = date(2025, 12, 1)
    assert [f for f in found(region, as_of=as_of) if f[1] == PENALTY] == []
    region.edit(D, "    published: 2025-10-09\n", "    published: 2025-10-13\n")
    assert [f for f in found(region, as_of=as_of) if f[1] == PENALTY] == [("late-publication", PENALTY, 3)]


def test_unpublished_past_the_deadline_only(region):
    # decided Monday 2024-06-03: with the Dragon Boat Festival (06-10) off, the 7th working day is 2024-06-13
    region.edit(D, "    decision_date: 2024-03-05\n", "    decision_date: 2024-06-03\n")
    not_shown = record()
    del not_shown.departments["shijianju"].shown["泸市监罚-2024-39"]

    def penalty(as_of: date) -> list:
        return [f for f in found(region, not_shown, as_of=as_of) if f[1] == PENALTY]

    assert penalty(date(2024, 6, 13)) == []
    assert penalty(date(2024, 6, 14)) == [("unpublished", PENALTY, 1)]
    # withdrawn before its deadline: there was nothing left to publish
    region.edit(D, "    discretion: D-001\n", "    discretion: D-001\n    withdrawal:\n      date: 2024-06-12\n      kind: 撤销\n"
                "      reason: 自行纠正。\n      document: 泸市监撤〔2024〕1号\n")
    assert penalty(date(2024, 6, 20)) == []


def test_a_summary_procedure_penalty_is_never_due(region):
    region.edit(D, "    discretion: D-001\n", "    discretion: D-001\n    procedure: 简易程序\n")
    not_shown = record()
    del not_shown.departments["shijianju"].shown["泸市监罚-2024-39"]
    assert found(region, not_shown) == []


# ---------------------------------------------------------------- late-withdrawal


WITHDRAWN = "    discretion: D-001\n    withdrawal:\n      date: 2024-06-10\n      kind: 撤销\n      reason: 复议撤销。\n      document: 泸市府复决〔2024〕3号\n"


def test_a_withdrawal_taken_down_within_a_day_is_on_time_later_is_late(region):
    region.edit(D, "    discretion: D-001\n", WITHDRAWN)
    assert found(region, record(taken_down={"泸市监罚-2024-39": date(2024, 6, 11)})) == []
    assert found(region, record(taken_down={"泸市监罚-2024-39": date(2024, 6, 12)})) == [("late-withdrawal", PENALTY, 1)]
    # shown by a build, not yet taken down: late by the days since the deadline
    assert found(region, record()) == [("late-withdrawal", PENALTY, 19)]
    # the region's own limit (3 days, as 行政处罚法 has it)
    region.edit("region.yaml", "code:", "deadlines:\n  withdrawal_days: 3\ncode:")
    assert found(region, record(taken_down={"泸市监罚-2024-39": date(2024, 6, 13)})) == []


def test_an_editor_recorded_takedown_counts_without_a_record(region):
    # published and taken down on another platform before gongshi: the editor writes both days
    region.edit(D, "    discretion: D-001\n", "    published: 2024-03-08\n" + WITHDRAWN.replace("      kind:", "      taken_down: 2024-06-14\n      kind:"))
    assert [f for f in found(region, Seen()) if f[1] == PENALTY] == [("late-withdrawal", PENALTY, 3)]


# ---------------------------------------------------------------- officers, legal review, lists


def test_an_officer_whose_certificate_was_suspended_on_the_decision_date(region):
    history = "    history:\n      - date: 2024-03-01\n        event: 暂扣\n      - date: 2024-03-06\n        event: 恢复\n"
    region.edit("shijianju/personnel.yaml", "    legal_review: true\n", "    legal_review: true\n" + history)
    [(rule, ref, days)] = found(region)
    assert (rule, ref, days) == ("officer-not-serving", PENALTY, None)
    # restored the day of the decision: valid again
    region.edit("shijianju/personnel.yaml", "date: 2024-03-06", "date: 2024-03-05")
    assert found(region) == []


def test_an_officer_whose_certificate_was_issued_after_the_decision(region):
    region.edit("shijianju/personnel.yaml", "    legal_review: true\n", "    legal_review: true\n    issued: 2024-03-06\n")
    assert ("officer-not-serving", PENALTY, None) in found(region)


def test_legal_review_staff_below_five_percent(region):
    region.edit("shijianju/personnel.yaml", "    legal_review: true\n", "    legal_review: false\n")
    assert found(region) == [("legal-review-staff", "执法人员清单", None)]


def test_a_major_decision_without_legal_review(region):
    region.edit(D, "    discretion: D-001\n", "    discretion: D-001\n    major: true\n")
    assert found(region) == [("major-without-review", PENALTY, None)]
    region.edit(D, "    major: true\n", "    major: true\n    legal_review: true\n")
    assert found(region) == []


def test_a_list_not_revised_for_twelve_months(region):
    # every list was revised 2024-01-15: due again by 2025-01-15
    assert [f for f in found(region, as_of=date(2025, 1, 15)) if f[0] == "stale-list"] == []
    stale = [f for f in found(region, as_of=date(2025, 1, 16)) if f[0] == "stale-list"]
    assert len(stale) == 6 and stale[0][2] == 367
    region.edit("region.yaml", "code:", "supervision:\n  stale_months: 24\ncode:")
    assert [f for f in found(region, as_of=date(2025, 1, 16)) if f[0] == "stale-list"] == []


def test_a_year_the_calendar_does_not_know_is_counted_in_weekdays_and_named(region, tmp_path):
    from gongshi.workdays import KNOWN_YEARS

    year = KNOWN_YEARS.stop  # the first year the installed calendar has no holidays for
    region.edit(D, "    decision_date: 2024-03-05\n", f"    decision_date: {year}-01-05\n    published: {year}-01-30\n")
    result = run("--datasets", str(region.root), "--publish", str(empty(tmp_path)), "--as-of", f"{year}-02-01",
                 "--format", "json")
    assert result.exit_code == 1  # never an exception
    late = [r for r in json.loads(result.stdout) if r["ref"] == PENALTY]
    assert [r["rule"] for r in late] == ["late-publication"]
    assert f"已安装的节假日日历还没有 {year} 年的安排" in result.stderr
