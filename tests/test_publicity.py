"""The publicity stage: what the public may see on a given day."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from stdnum.cn import ric

from gongshi import publicity
from gongshi.load import load
from gongshi.seen import DepartmentSeen, Seen
from tests.minimal_region import GOOD_RIC, ORG_USCC, Region

DECISIONS = "shijianju/decisions/2024.yaml"
AS_OF = date(2024, 6, 30)


@pytest.fixture
def region(tmp_path):
    return Region(tmp_path)


def decide(region: Region, as_of: date = AS_OF, record: Seen | None = None) -> publicity.Publication:
    return publicity.decide(load(region.root, as_of), as_of, record)


def doc_nos(pub: publicity.Publication) -> list[str]:
    return [d["doc_no"] for d in pub.decisions()]


def test_everything_valid_is_published_newest_first(region):
    pub = decide(region)
    assert doc_nos(pub) == [
        "泸市监征〔2024〕1号",
        "泸市监检〔2024〕12号",
        "泸市监强〔2024〕3号",
        "泸市监许〔2024〕7号",
        "泸市监罚〔2024〕39号",
    ]
    assert pub.counts.published == 5
    first = pub.decisions()[-1]
    assert first["id"] == "shijianju/泸市监罚-2024-39"
    assert first["department_name"] == "泸州市市场监督管理局"
    # no 公示日期 given and no build showed it before: first shown by this build, never the decision date
    assert first["published"] == AS_OF


WITHDRAWAL = """    discretion: D-001
    withdrawal:
      date: 2024-06-10
      kind: 撤销
      reason: 经行政复议，认定事实不清，予以撤销。
      document: 泸市府复决〔2024〕12号
"""


def test_withdrawn_decision_becomes_a_notice_without_party(region):
    region.edit(DECISIONS, "    discretion: D-001\n", WITHDRAWAL)
    pub = decide(region)
    assert "泸市监罚〔2024〕39号" not in doc_nos(pub)
    [notice] = pub.withdrawals()
    assert notice == {
        "id": "shijianju/泸市监罚-2024-39",
        "slug": "泸市监罚-2024-39",
        "department": "shijianju",
        "department_name": "泸州市市场监督管理局",
        "doc_no": "泸市监罚〔2024〕39号",
        "kind": "行政处罚",
        "decision_date": date(2024, 3, 5),
        "withdrawal_date": date(2024, 6, 10),
        "withdrawal_kind": "撤销",
        "reason": "经行政复议，认定事实不清，予以撤销。",
        "document": "泸市府复决〔2024〕12号",
    }
    assert pub.counts.withdrawn == 1


def test_withdrawal_dated_after_as_of_is_not_yet_applied(region):
    region.edit(DECISIONS, "    discretion: D-001\n", WITHDRAWAL)
    pub = decide(region, date(2024, 6, 9))
    assert "泸市监罚〔2024〕39号" in doc_nos(pub)
    assert pub.withdrawals() == []


def test_past_publicity_deadline_drops_out(region):
    region.edit(DECISIONS, "    fine: 2000\n", "    fine: 2000\n    publicity_until: 2024-06-29\n")
    assert "泸市监罚〔2024〕39号" not in doc_nos(decide(region))
    assert "泸市监罚〔2024〕39号" in doc_nos(decide(region, date(2024, 6, 29)))


def shown(**days: date) -> Seen:
    """A previous build's record: decision slug → the day it was first shown (department shijianju)."""
    return Seen({"shijianju": DepartmentSeen(shown=dict(days))}, known=True)


def test_default_period_applies_without_deadline(region):
    # 行政检查 defaults to 12 months from its 公示日期: first shown 2024-05-22, so shown until 2025-05-22
    record = shown(**{"泸市监检-2024-12": date(2024, 5, 22)})
    assert "泸市监检〔2024〕12号" in doc_nos(decide(region, date(2025, 5, 22), record))
    pub = decide(region, date(2025, 5, 23), record)
    assert "泸市监检〔2024〕12号" not in doc_nos(pub)
    assert pub.counts.expired == 1


def test_natural_person_is_masked_and_identity_never_leaves(region):
    pub = decide(region)
    [d] = [d for d in pub.decisions() if d["kind"] == "行政强制"]
    assert d["party"] == {"name": "刘某某", "kind": "自然人"}
    assert GOOD_RIC not in repr(pub)


def test_sole_trader_keeps_business_but_not_operator(region):
    pub = decide(region)
    [d] = [d for d in pub.decisions() if d["kind"] == "行政许可"]
    assert d["party"]["name"] == "江阳区某某便利店"
    assert "operator" not in d["party"]
    assert "赵某某" not in repr(pub)


def test_free_text_is_scrubbed(region):
    region.edit(
        DECISIONS,
        "    facts: 涉嫌销售过期食品。\n",
        f"    facts: 刘某某（身份证号 {GOOD_RIC}，电话 13812345678）驾驶川E12345 车辆涉嫌销售过期食品。\n",
    )
    region.edit(DECISIONS, "      name: 刘某某\n", "      name: 刘德华\n")
    pub = decide(region)
    [d] = [d for d in pub.decisions() if d["kind"] == "行政强制"]
    assert d["facts"] == "刘某某（身份证号 （已隐去），电话 （已隐去））驾驶（已隐去） 车辆涉嫌销售过期食品。"
    assert d["party"]["name"] == "刘某某"
    assert "刘德华" not in repr(pub)


def test_minor_case_is_not_published_at_all(region):
    region.edit(DECISIONS, f'      id_number: "{GOOD_RIC}"\n', f'      id_number: "{GOOD_RIC}"\n      minor: true\n')
    pub = decide(region)
    assert "泸市监强〔2024〕3号" not in doc_nos(pub)
    assert pub.withdrawals() == []
    assert pub.counts.minors == 1


def test_minor_by_birth_date_even_without_flag():
    # born 2010-03-07, so 14 at the decision date; the region prefix 990000 does not exist
    number = "99000020100307123"
    number += ric.calc_check_digit(number + "0")
    rec = {
        "decision_date": date(2024, 5, 10),
        "party": {"kind": "自然人", "name": "刘某某", "id_type": "居民身份证", "id_number": number},
    }
    assert publicity.is_minor(rec)
    rec["decision_date"] = date(2028, 3, 7)  # the 18th birthday
    assert not publicity.is_minor(rec)
    rec["party"]["id_type"] = "护照"
    rec["decision_date"] = date(2024, 5, 10)
    assert not publicity.is_minor(rec)


@pytest.mark.parametrize(
    ("name", "masked"),
    [("张三", "张某"), ("王建国", "王某某"), ("欧阳修", "欧阳某"), ("司马相如", "司马某某"), ("李", "李某")],
)
def test_mask_name(name, masked):
    assert publicity.mask_name(name) == masked


def test_same_inputs_same_publication(region):
    assert decide(region) == decide(region)


def test_licence_stays_public_while_valid(region):
    # 行政许可 2024-04-01 valid until 2029-03-31: longer than the 36-month default
    assert "泸市监许〔2024〕7号" in doc_nos(decide(region, date(2029, 3, 31)))
    assert "泸市监许〔2024〕7号" not in doc_nos(decide(region, date(2029, 4, 1)))


# ---------------------------------------------------------------- the law's clock (issue: true dates, proportionate periods)

PENALTY = "泸市监罚〔2024〕39号"


def test_a_decision_first_shown_by_an_earlier_build_keeps_that_day_as_its_publication_date(region):
    record = shown(**{"泸市监罚-2024-39": date(2024, 5, 6)})
    [d] = [d for d in decide(region, AS_OF, record).decisions() if d["doc_no"] == PENALTY]
    assert d["published"] == date(2024, 5, 6)  # not the decision date (2024-03-05), not today
    # what the build records for the next one: every decision it shows, by the day first shown
    dept = decide(region, AS_OF, record).departments[0]
    assert dept.seen.shown["泸市监罚-2024-39"] == date(2024, 5, 6)
    assert dept.seen.shown["泸市监许-2024-7"] == AS_OF


def test_the_editors_publication_date_wins_over_the_record(region):
    region.edit(DECISIONS, "    decision_date: 2024-03-05\n", "    decision_date: 2024-03-05\n    published: 2024-03-07\n")
    record = shown(**{"泸市监罚-2024-39": date(2024, 5, 6)})
    [d] = [d for d in decide(region, AS_OF, record).decisions() if d["doc_no"] == PENALTY]
    assert d["published"] == date(2024, 3, 7)


def as_private_person(region: Region) -> None:
    """The first decision (the 2000-yuan fine) made on a natural person instead of a company."""
    text = region.read(DECISIONS)
    company = f"      name: 泸州某某食品有限公司\n      kind: 法人及非法人组织\n      uscc: {ORG_USCC}\n      legal_rep: 王某\n"
    person = f"      name: 张小明\n      kind: 自然人\n      id_type: 居民身份证\n      id_number: \"{GOOD_RIC}\"\n"
    region.write(DECISIONS, text.replace(company, person, 1))


def test_a_summary_procedure_fine_on_a_private_person_is_not_published_by_default(region):
    as_private_person(region)
    region.edit(DECISIONS, "    discretion: D-001\n", "    discretion: D-001\n    procedure: 简易程序\n")
    pub = decide(region)
    assert PENALTY not in doc_nos(pub)
    assert pub.counts.withheld == 1
    # unless the decision says so, with its own 公示截止期
    region.edit(DECISIONS, "    procedure: 简易程序\n", "    procedure: 简易程序\n    publicity_until: 2024-12-31\n")
    assert PENALTY in doc_nos(decide(region))


def test_a_warnings_only_penalty_is_not_published_by_default_but_a_region_may_publish_it(region):
    region.edit(DECISIONS, "      - 罚款\n    content: 罚款人民币 2000 元。\n    fine: 2000\n", "      - 警告\n    content: 警告。\n")
    assert PENALTY not in doc_nos(decide(region))
    region.edit("region.yaml", "code:", "publicity:\n  warnings_only: true\ncode:")
    assert PENALTY in doc_nos(decide(region))


def test_a_penalty_stays_public_three_years_from_publication_five_in_food(region):
    record = shown(**{"泸市监罚-2024-39": date(2024, 5, 6)})
    assert PENALTY in doc_nos(decide(region, date(2027, 5, 6), record))
    assert PENALTY not in doc_nos(decide(region, date(2027, 5, 7), record))
    region.edit("shijianju/powers.yaml", "  - code: CF-001\n", "  - code: CF-001\n    sector: 食品\n")
    assert PENALTY in doc_nos(decide(region, date(2029, 5, 6), record))
    assert PENALTY not in doc_nos(decide(region, date(2029, 5, 7), record))
    # a region sets its own periods
    region.edit("region.yaml", "code:", "publicity:\n  longer_years: 2\ncode:")
    assert PENALTY not in doc_nos(decide(region, date(2026, 5, 7), record))


def test_a_withdrawal_is_recorded_as_taken_down_only_when_a_build_had_shown_the_decision(region):
    region.edit(DECISIONS, "    discretion: D-001\n", WITHDRAWAL)
    never = decide(region).departments[0]
    assert "泸市监罚-2024-39" not in never.seen.taken_down  # withdrawn before any build showed it
    record = shown(**{"泸市监罚-2024-39": date(2024, 3, 8)})
    dept = decide(region, AS_OF, record).departments[0]
    assert dept.seen.taken_down["泸市监罚-2024-39"] == AS_OF
    row = next(r for r in dept.timeliness if r["year"] == 2024)
    assert (row["withdrawals"], row["withdrawals_on_time"]) == (1, 0)  # effective 06-10, taken down 06-30


def test_timeliness_counts_working_days_from_the_decision(region):
    # 7 working days after Tuesday 2024-03-05 is Thursday 2024-03-14: on time that day, one working day late after
    dates = {d["slug"]: d["decision_date"] + timedelta(days=1) for d in decide(region).decisions()}
    for day, late in ((date(2024, 3, 14), 0), (date(2024, 3, 15), 1)):
        record = shown(**{**dates, "泸市监罚-2024-39": day})
        [row] = decide(region, AS_OF, record).departments[0].timeliness
        assert (row["year"], row["published"], row["late"], row["on_time"]) == (2024, 5, late, 5 - late)
    assert row["median_days"] == 1.0  # working days to publication: four of the five the next (working) day


def test_a_withheld_penalty_that_is_withdrawn_gets_no_public_notice(region):
    region.edit(DECISIONS, "    discretion: D-001\n", WITHDRAWAL)
    assert "泸市监罚-2024-39" in [w["slug"] for w in decide(region).withdrawals()]
    region.edit(DECISIONS, "    withdrawal:\n", "    procedure: 简易程序\n    withdrawal:\n")
    pub = decide(region)
    assert pub.withdrawals() == [] and pub.counts.withheld == 1
    assert "泸市监罚-2024-39" not in pub.departments[0].seen.shown


def test_a_live_output_without_a_record_counts_undated_decisions_from_their_decision_date(region):
    """The first build after an upgrade: the old output showed them as published on their decision date, so an
    old decision that had expired stays expired instead of starting three years again today."""
    legacy = Seen(legacy=True)
    assert PENALTY in doc_nos(decide(region, date(2027, 3, 5), legacy))
    assert PENALTY not in doc_nos(decide(region, date(2027, 3, 6), legacy))
    dept = decide(region, AS_OF, legacy).departments[0]
    assert dept.seen.shown["泸市监罚-2024-39"] == date(2024, 3, 5)


def test_a_certificate_revoked_in_its_history_is_not_valid_whatever_the_status_says(region):
    officer = {"status": "在岗", "valid_until": date(2027, 12, 31), "history": [{"date": date(2024, 6, 1), "event": "注销"}]}
    assert publicity.verdict(officer, date(2024, 5, 31)).serving
    assert publicity.verdict(officer, date(2024, 6, 1)) == publicity.Verdict(False, "证件已注销")
    officer["history"].append({"date": date(2024, 6, 10), "event": "恢复"})
    assert publicity.verdict(officer, date(2024, 6, 10)).serving
    assert not publicity.verdict({**officer, "issued": date(2024, 7, 1)}, date(2024, 6, 30)).serving


@pytest.mark.parametrize("day", [date(2026, 11, 27), date(2026, 11, 29), date(2027, 3, 1)])
def test_deciding_again_from_another_day_gives_what_deciding_afresh_gives(day):
    """A rebuild on a new day decides a remembered department again taking over the decisions whose 公示日期 and
    end did not move (publicity.department's `before`): the result, its counts and its content hash included, is
    the one deciding from nothing gives, also when decisions expired between the two days (1 March 2027)."""
    from gongshi.build import PROJECT
    from gongshi.reuse import content_key

    dataset = load(PROJECT / "datasets", date(2026, 11, 26))
    taken_over = 0
    for dept in dataset.departments:
        before = publicity.department(dept, date(2026, 11, 26))
        again = publicity.department(dept, day, seen=before.seen, before=before)  # the record that build wrote
        fresh = publicity.department(dept, day, seen=before.seen)
        assert again == fresh
        assert content_key(again) == content_key(fresh)
        taken_over += sum(1 for d in again.decisions if any(d is b for b in before.decisions))
    assert taken_over > 0


def test_each_record_is_hashed_once_and_a_decision_taken_over_keeps_its_hash(monkeypatch):
    """The record pages, the search and the department's own key are made from publicity's hashes of its records
    (PublicDepartment.keys): they are the records' own hashes, in their order, and a new day hashes only what it
    did not take over from the day before."""
    from gongshi.build import PROJECT
    from gongshi.reuse import digest

    def hashes(dept: publicity.PublicDepartment) -> bytes:
        return b"".join(digest(r) for r in (*dept.decisions, *dept.withdrawals))

    dataset = load(PROJECT / "datasets", date(2026, 11, 26))
    dept = max(dataset.departments, key=lambda d: len(d.decisions))
    before = publicity.department(dept, date(2026, 11, 26))
    assert before.keys == hashes(before) and before.withdrawals
    assert before.key_of(len(before.decisions)) == digest(before.withdrawals[0])
    hashed: list[dict] = []
    monkeypatch.setattr(publicity, "digest", lambda value: hashed.append(value) or digest(value))
    again = publicity.department(dept, date(2026, 11, 27), seen=before.seen, before=before)
    assert again.keys == hashes(again)
    taken = [d for d in again.decisions if any(d is b for b in before.decisions)]
    assert taken and not [d for d in taken if any(h is d for h in hashed)]
    assert len(hashed) == len(again.decisions) + len(again.withdrawals) - len(taken)


def test_a_decision_taken_over_from_another_day_counts_its_scrubbed_text(region):
    region.edit(
        DECISIONS,
        "    facts: 涉嫌销售过期食品。\n",
        "    facts: 当事人（电话 13812345678）涉嫌销售过期食品。\n",
    )
    dept = load(region.root, AS_OF).departments[0]
    before = publicity.department(dept, AS_OF)
    day = AS_OF + timedelta(days=1)
    again = publicity.department(dept, day, seen=before.seen, before=before)  # shown since AS_OF, as recorded
    assert any(d is b for d in again.decisions for b in before.decisions if "facts" in d)
    assert again.counts.scrubbed == publicity.department(dept, day, seen=before.seen).counts.scrubbed == 1
