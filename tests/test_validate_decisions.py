"""Rules between fields and between records: duplicates, references, parties, penalties, withdrawals."""

from __future__ import annotations

import pytest

from gongshi.load import validate
from tests.minimal_region import (
    AS_OF,
    BAD_CHECKSUM_RIC,
    DEPARTMENT_YAML,
    DEPT_USCC,
    GOOD_RIC,
    ORG_USCC,
    OTHER_DEPT_USCC,
    PERSONNEL_YAML,
    Region,
)

D = "shijianju/decisions/2024.yaml"
P = "shijianju/personnel.yaml"
PW = "shijianju/powers.yaml"
G = "shijianju/service_guides.yaml"
FC = "shijianju/flowcharts.yaml"
DS = "shijianju/discretion_standards.yaml"

WITHDRAWAL = "    withdrawal:\n      date: 2024-04-01\n      kind: 撤销\n      reason: 经行政复议撤销\n      document: 泸府复〔2024〕3号\n"
UNIQUE_HINT = "同一部门内不得重复；如是同一条，请删除其中一条，否则请改正编号"


def add_to_first_decision(region: Region, text: str) -> None:
    region.edit(D, "    discretion: D-001\n", "    discretion: D-001\n" + text)


# ---------------------------------------------------------------- duplicates


def test_duplicate_document_number_within_a_file(region: Region):
    region.edit(D, "泸市监许〔2024〕7号", "泸市监罚〔2024〕39号")
    assert region.lines() == [
        "datasets/shijianju/decisions/2024.yaml:23: 决定文书号 [doc_no] — 决定文书号“泸市监罚〔2024〕39号”与执法决定中的另一条重复"
        "（另见 datasets/shijianju/decisions/2024.yaml:2）；" + UNIQUE_HINT
    ]


def test_duplicate_document_number_in_brackets_of_another_form(region: Region):
    region.edit(D, "泸市监许〔2024〕7号", "泸市监罚【2024】39号")
    assert region.lines() == [
        "datasets/shijianju/decisions/2024.yaml:23: 决定文书号 [doc_no] — 决定文书号“泸市监罚〔2024〕39号”与执法决定中的另一条重复"
        "（另见 datasets/shijianju/decisions/2024.yaml:2）；" + UNIQUE_HINT
    ]


def test_duplicate_document_number_across_two_decision_files(region: Region):
    first = region.read(D).split("  - doc_no: 泸市监许")[0]
    region.write("shijianju/decisions/2023.yaml", first.replace("泸市监罚〔2024〕39号", "泸市监罚[2024]39号"))
    assert region.lines() == [
        "datasets/shijianju/decisions/2024.yaml:2: 决定文书号 [doc_no] — 决定文书号“泸市监罚〔2024〕39号”与执法决定中的另一条重复"
        "（另见 datasets/shijianju/decisions/2023.yaml:2）；" + UNIQUE_HINT
    ]


def second_department(region: Region, slug: str = "sifaju", name: str = "泸州市司法局", uscc: str = OTHER_DEPT_USCC,
                      prefix: str = "泸市司罚") -> None:
    """Another body beside shijianju, with one decision of its own."""
    region.write(f"{slug}/department.yaml", DEPARTMENT_YAML.replace("泸州市市场监督管理局\n", f"{name}\n", 1).replace(DEPT_USCC, uscc))
    region.write(f"{slug}/powers.yaml", region.read(PW).split("    discretion:")[0])
    region.write(f"{slug}/decisions/2024.yaml", region.read(D).split("    officers:")[0].replace("泸市监罚", prefix) + "    violation_type: x\n    facts: x\n    basis: x\n    categories:\n      - 警告\n    content: 警告\n")  # fmt: skip


def test_two_departments_with_their_own_names_codes_and_prefixes_are_fine(region: Region):
    second_department(region)
    assert region.lines() == []


# (what the second department repeats, how, the error it gets)
CROSS = [
    ("name", {"name": "泸州市市场监督管理局"}, "datasets/sifaju/department.yaml:1: 执法主体名称 [name] — 执法主体名称“泸州市市场监督管理局”与 shijianju 部门相同（另见 datasets/shijianju/department.yaml:1）；一个执法主体只用一个部门目录：同一主体请合并目录，否则请核对名称"),
    ("name, full-width space", {"name": "泸州市市场监督管理局\u3000"}, "执法主体名称“泸州市市场监督管理局”与 shijianju 部门相同"),
    ("name, zero-width space", {"name": "泸州市市场\u200b监督管理局"}, "执法主体名称“泸州市市场\u200b监督管理局”与 shijianju 部门相同"),
    ("credit code", {"uscc": DEPT_USCC}, f"datasets/sifaju/department.yaml:2: 统一社会信用代码 [uscc] — 统一社会信用代码“{DEPT_USCC}”与 shijianju 部门相同（另见 datasets/shijianju/department.yaml:2）；每个执法主体有自己的统一社会信用代码，请核对"),
    ("credit code, lower case", {"uscc": DEPT_USCC.lower()}, f"统一社会信用代码“{DEPT_USCC}”与 shijianju 部门相同"),
    ("credit code, full-width", {"uscc": DEPT_USCC.translate({ord(c): ord(c) + 0xFEE0 for c in DEPT_USCC})}, f"统一社会信用代码“{DEPT_USCC}”与 shijianju 部门相同"),
    ("name, full-width brackets", {"name": "泸州市市场监督管理局（本级）", "other": "泸州市市场监督管理局(本级)"}, "执法主体名称“泸州市市场监督管理局（本级）”与 shijianju 部门相同"),
    ("文号 prefix, round brackets around the year", {"prefix": "泸市监罚", "year": "（2024）"}, "文号的机关代字“泸市监罚”已由 shijianju 部门使用"),
    ("文号 prefix", {"prefix": "泸市监罚"}, "datasets/sifaju/decisions/2024.yaml:2: 决定文书号 [doc_no] — 文号的机关代字“泸市监罚”已由 shijianju 部门使用（另见 datasets/shijianju/decisions/2024.yaml:2）；不同执法主体的机关代字不能相同，请核对文号"),
    ("文号 prefix, full-width", {"prefix": "泸市监罚".replace("罚", "罚")}, "文号的机关代字“泸市监罚”已由 shijianju 部门使用"),
]


@pytest.mark.parametrize(("what", "change", "expected"), CROSS, ids=[c[0] for c in CROSS])
def test_duplicates_across_departments_are_errors(region: Region, what: str, change: dict, expected: str):
    change = dict(change)
    if "other" in change:  # the first department's name as written there
        region.edit("shijianju/department.yaml", "name: 泸州市市场监督管理局\n", f"name: {change.pop('other')}\n")
    year = change.pop("year", None)
    second_department(region, **change)
    if year:
        region.edit("sifaju/decisions/2024.yaml", "〔2024〕", year)
    errors = region.errors()
    assert any(expected in e for e in errors), "\n".join(errors)


def test_duplicate_power_code(region: Region):
    text = region.read(PW)
    region.write(PW, text + text[text.index("  - code: JC-001") : text.index("  - code: ZS-001")])
    assert region.lines() == [
        "datasets/shijianju/powers.yaml:62: 事项编码 [code] — 事项编码“JC-001”与权力清单中的另一条重复"
        "（另见 datasets/shijianju/powers.yaml:40）；" + UNIQUE_HINT,
    ]


def test_duplicate_certificate_within_a_department_is_reported_once(region: Region):
    region.edit(P, '    cert_no: "51050002"\n', '    cert_no: "51050001"\n')
    assert region.lines() == [
        "datasets/shijianju/decisions/2024.yaml:14: 执法人员 [officers] — 执法证号“51050002”不在本部门的执法人员清单中；请核对证号，或先在 personnel.yaml 中添加该人员",
        "datasets/shijianju/personnel.yaml:15: 执法证号 [cert_no] — 执法证号“51050001”与执法人员清单中的另一条重复"
        "（另见 datasets/shijianju/personnel.yaml:3）；" + UNIQUE_HINT,
    ]


def test_duplicate_certificate_across_departments(region: Region):
    region.write("sifaju/department.yaml", DEPARTMENT_YAML.replace("泸州市市场监督管理局\n", "泸州市司法局\n", 1).replace(DEPT_USCC, OTHER_DEPT_USCC))
    region.write("sifaju/personnel.yaml", PERSONNEL_YAML.replace('"51050001"', '"51060001"'))
    assert region.lines() == [
        "datasets/sifaju/personnel.yaml:15: 执法证号 [cert_no] — 执法证号“51050002”与 shijianju 部门的人员重复"
        "（另见 datasets/shijianju/personnel.yaml:15）；执法证号全市唯一，请核对证件"
    ]


# ---------------------------------------------------------------- references


def test_decision_power_code_not_in_powers(region: Region):
    region.edit(D, "    power_code: CF-001\n", "    power_code: CF-999\n")
    assert region.lines() == [
        "datasets/shijianju/decisions/2024.yaml:4: 事项编码 [power_code] — “CF-999”不在本部门的权力清单中；请核对事项编码，或先在 powers.yaml 中添加该事项"
    ]


def test_decision_officer_not_in_personnel(region: Region):
    region.edit(D, '      - "51050002"\n', '      - "51059999"\n')
    assert region.lines() == [
        "datasets/shijianju/decisions/2024.yaml:14: 执法人员 [officers] — 执法证号“51059999”不在本部门的执法人员清单中；请核对证号，或先在 personnel.yaml 中添加该人员"
    ]


def test_officers_of_another_department_do_not_count(region: Region):
    region.write("sifaju/department.yaml", DEPARTMENT_YAML.replace("泸州市市场监督管理局\n", "泸州市司法局\n", 1).replace(DEPT_USCC, OTHER_DEPT_USCC))
    region.write("sifaju/personnel.yaml", PERSONNEL_YAML.replace('"51050001"', '"51060001"').replace('"51050002"', '"51060002"'))
    region.edit(D, '      - "51050002"\n', '      - "51060002"\n')
    assert region.lines() == [
        "datasets/shijianju/decisions/2024.yaml:14: 执法人员 [officers] — 执法证号“51060002”不在本部门的执法人员清单中；请核对证号，或先在 personnel.yaml 中添加该人员"
    ]


def test_decision_discretion_standard_missing(region: Region):
    region.edit(D, "    discretion: D-001\n", "    discretion: D-002\n")
    assert region.lines() == [
        "datasets/shijianju/decisions/2024.yaml:22: 裁量基准 [discretion] — “D-002”在本部门裁量基准（discretion_standards.yaml）中不存在；"
        "请先在裁量基准（discretion_standards.yaml）中添加该项，或改正编号"
    ]


def test_decision_inspection_item_missing(region: Region):
    region.edit(D, "    inspection_item: CC-001\n", "    inspection_item: CC-002\n")
    assert region.lines() == [
        "datasets/shijianju/decisions/2024.yaml:66: 抽查事项编号 [inspection_item] — “CC-002”在本部门随机抽查事项清单（inspection_items.yaml）中不存在；"
        "请先在随机抽查事项清单（inspection_items.yaml）中添加该项，或改正编号"
    ]


def test_power_flowchart_missing(region: Region):
    region.edit(PW, "    flowchart: LC-001\n", "    flowchart: LC-999\n")
    assert region.lines() == [
        "datasets/shijianju/powers.yaml:27: 流程图 [flowchart] — “LC-999”在本部门流程图清单（flowcharts.yaml）中不存在；"
        "请先在流程图清单（flowcharts.yaml）中添加该项，或改正编号"
    ]


def test_power_guide_missing(region: Region):
    region.edit(PW, "    guide: ZN-001\n", "    guide: ZN-999\n")
    assert region.lines() == [
        "datasets/shijianju/powers.yaml:28: 服务指南 [guide] — “ZN-999”在本部门服务指南（service_guides.yaml）中不存在；"
        "请先在服务指南（service_guides.yaml）中添加该项，或改正编号"
    ]


def test_power_discretion_missing(region: Region):
    region.edit(PW, "      - D-001\n", "      - D-999\n")
    assert region.lines() == [
        "datasets/shijianju/powers.yaml:15: 裁量基准 [discretion] — “D-999”在本部门裁量基准（discretion_standards.yaml）中不存在；"
        "请先在裁量基准（discretion_standards.yaml）中添加该项，或改正编号"
    ]


def test_power_references_when_the_target_file_is_absent(region: Region):
    region.path(FC).unlink()
    assert region.lines() == [
        "datasets/shijianju/powers.yaml:27: 流程图 [flowchart] — “LC-001”在本部门流程图清单（flowcharts.yaml）中不存在；"
        "请先在流程图清单（flowcharts.yaml）中添加该项，或改正编号",
        "datasets/shijianju/service_guides.yaml:22: 流程图 [flowchart] — “LC-001”在本部门流程图清单（flowcharts.yaml）中不存在；"
        "请先在流程图清单（flowcharts.yaml）中添加该项，或改正编号",
    ]


def test_guide_power_missing(region: Region):
    region.edit(G, "    power_code: XK-001\n", "    power_code: XK-999\n")
    assert region.lines() == [
        "datasets/shijianju/service_guides.yaml:4: 事项编码 [power_code] — “XK-999”在本部门权力清单（powers.yaml）中不存在；"
        "请先在权力清单（powers.yaml）中添加该项，或改正编号"
    ]


def test_flowchart_next_step_unknown(region: Region):
    region.edit(FC, "          - S2\n", "          - S3\n")
    assert region.lines() == [
        "datasets/shijianju/flowcharts.yaml:12: 后续环节 [steps.next] — 环节“S3”不存在；请填写本流程图中已有的环节编号"
    ]


def test_flowchart_step_ids_repeat(region: Region):
    region.edit(FC, "      - id: S2\n", "      - id: S1\n")
    assert region.lines() == [
        "datasets/shijianju/flowcharts.yaml:12: 后续环节 [steps.next] — 环节“S2”不存在；请填写本流程图中已有的环节编号",
        "datasets/shijianju/flowcharts.yaml:13: 环节编号 [steps.id] — 环节编号“S1”重复；同一流程图内环节编号不得重复",
    ]


def test_flowchart_with_one_step(region: Region):
    region.edit(FC, "        next:\n          - S2\n      - id: S2\n        name: 决定\n        actor: 审批科\n        time_limit: 10 个工作日\n", "")  # fmt: skip
    assert region.lines() == ["datasets/shijianju/flowcharts.yaml:7: 环节 [steps] — 流程图至少应有两个环节；请补全从受理到办结的各个环节"]


def test_flowchart_power_missing(region: Region):
    region.edit(FC, "    power_code: XK-001\n", "    power_code: XK-002\n")
    assert region.lines() == [
        "datasets/shijianju/flowcharts.yaml:5: 事项编码 [power_code] — “XK-002”在本部门权力清单（powers.yaml）中不存在；"
        "请先在权力清单（powers.yaml）中添加该项，或改正编号"
    ]


def test_discretion_power_missing(region: Region):
    region.edit(DS, "    power_code: CF-001\n", "    power_code: CF-999\n")
    assert region.lines() == [
        "datasets/shijianju/discretion_standards.yaml:4: 事项编码 [power_code] — “CF-999”在本部门权力清单（powers.yaml）中不存在；"
        "请先在权力清单（powers.yaml）中添加该项，或改正编号"
    ]


def test_decision_kind_does_not_match_power_type(region: Region):
    region.edit(D, "    power_code: QZ-001\n", "    power_code: CF-001\n")
    assert region.lines() == [
        "datasets/shijianju/decisions/2024.yaml:41: 事项编码 [power_code] — 事项“CF-001”的权力类型是行政处罚，而决定的执法类别是行政强制；请核对事项编码或执法类别"
    ]


def test_expropriation_may_rest_on_other_powers(region: Region):
    region.edit(PW, "    type: 行政征收\n", "    type: 其他行政权力\n")
    assert region.lines() == []


# ---------------------------------------------------------------- parties


def test_organisation_needs_uscc_and_legal_representative(region: Region):
    region.edit(D, "      uscc: 91510502MA6200000D\n      legal_rep: 王某\n    conclusion: 罚款", "    conclusion: 罚款")
    assert region.lines() == [
        "datasets/shijianju/decisions/2024.yaml:7: 统一社会信用代码 [party.uscc] — 缺少必填字段（当事人为法人及非法人组织）；"
        "请填写 party.uscc：单位和个体工商户必填。",
        "datasets/shijianju/decisions/2024.yaml:7: 法定代表人 [party.legal_rep] — 缺少必填字段（当事人为法人及非法人组织）；"
        "请填写 party.legal_rep：单位必填。",
    ]


def test_organisation_must_not_carry_an_id_number(region: Region):
    region.edit(D, "      legal_rep: 王某\n    conclusion: 罚款", "      legal_rep: 王某\n      id_number: '11010519491231002X'\n    conclusion: 罚款")
    assert region.lines() == [
        "datasets/shijianju/decisions/2024.yaml:11: 证件号码 [party.id_number] — 不应填写（当事人为单位，证件号码只用于自然人）；请删除 party.id_number"
    ]


def test_sole_trader_needs_uscc_and_operator(region: Region):
    region.edit(D, "      uscc: 92510502MA6200000A\n      operator: 赵某某\n", "")
    assert region.lines() == [
        "datasets/shijianju/decisions/2024.yaml:28: 统一社会信用代码 [party.uscc] — 缺少必填字段（当事人为个体工商户）；"
        "请填写 party.uscc：单位和个体工商户必填。",
        "datasets/shijianju/decisions/2024.yaml:28: 经营者 [party.operator] — 缺少必填字段（当事人为个体工商户）；"
        "请填写 party.operator：个体工商户的经营者姓名（自然人，公开时隐去名字）。",
    ]


def test_natural_person_needs_id_and_has_no_uscc(region: Region):
    region.edit(D, '      id_type: 居民身份证\n      id_number: "11010519491231002X"\n', "      uscc: 91510502MA6200000D\n")
    assert region.lines() == [
        "datasets/shijianju/decisions/2024.yaml:44: 证件类型 [party.id_type] — 缺少必填字段（当事人为自然人）；请填写 party.id_type：自然人必填；只采集、不公开。",
        "datasets/shijianju/decisions/2024.yaml:44: 证件号码 [party.id_number] — 缺少必填字段（当事人为自然人）；请填写 party.id_number：自然人必填；只采集、不公开。",
        "datasets/shijianju/decisions/2024.yaml:46: 统一社会信用代码 [party.uscc] — 不应填写（自然人没有统一社会信用代码）；请删除 party.uscc",
    ]


def test_natural_person_has_no_legal_representative(region: Region):
    region.edit(D, "      id_type: 居民身份证\n", "      legal_rep: 刘某某\n      id_type: 居民身份证\n")
    assert region.lines() == [
        "datasets/shijianju/decisions/2024.yaml:46: 法定代表人 [party.legal_rep] — 不应填写（自然人没有法定代表人）；请删除 party.legal_rep"
    ]


def test_minor_flag_only_for_natural_persons(region: Region):
    region.edit(D, "      legal_rep: 王某\n    conclusion: 罚款", "      legal_rep: 王某\n      minor: true\n    conclusion: 罚款")
    region.edit(D, "      operator: 赵某某\n", "      operator: 赵某某\n      minor: false\n")
    assert region.lines() == [
        "datasets/shijianju/decisions/2024.yaml:11: 未成年人 [party.minor] — 不应填写（当事人为单位）；请删除 party.minor",
        "datasets/shijianju/decisions/2024.yaml:33: 未成年人 [party.minor] — 不应填写（当事人为个体工商户）；请删除 party.minor",
    ]


def test_minor_natural_person_is_valid(region: Region):
    region.edit(D, "      id_type: 居民身份证\n", "      minor: true\n      id_type: 居民身份证\n")
    assert region.lines() == []


# ---------------------------------------------------------------- withdrawal


def test_complete_withdrawal_is_valid(region: Region):
    add_to_first_decision(region, WITHDRAWAL)
    assert region.lines() == []


def test_withdrawal_incomplete(region: Region):
    add_to_first_decision(region, "    withdrawal:\n      kind: 撤销\n")
    assert region.lines() == [
        "datasets/shijianju/decisions/2024.yaml:24: 生效日期 [withdrawal.date] — 缺少必填字段；请填写 withdrawal.date：撤销等法律文书生效的日期。",
        "datasets/shijianju/decisions/2024.yaml:24: 撤回原因 [withdrawal.reason] — 缺少必填字段；请填写 withdrawal.reason：向社会公布的原因。",
        "datasets/shijianju/decisions/2024.yaml:24: 依据文书 [withdrawal.document] — 缺少必填字段；"
        "请填写 withdrawal.document：如 复议决定书、判决书的文号。",
    ]


def test_withdrawal_without_kind(region: Region):
    add_to_first_decision(region, WITHDRAWAL.replace("      kind: 撤销\n", ""))
    assert region.lines() == [
        "datasets/shijianju/decisions/2024.yaml:24: 撤回类型 [withdrawal.kind] — 缺少必填字段；"
        "请填写 withdrawal.kind：撤销、确认违法、确认无效、变更或要求重新作出。"
    ]


# ---------------------------------------------------------------- penalties


def test_fine_category_without_fine(region: Region):
    region.edit(D, "    fine: 2000\n", "")
    assert region.lines() == [
        "datasets/shijianju/decisions/2024.yaml:2: 罚款金额（元） [fine] — 处罚类别含“罚款”，但没有填写罚款金额；请填写 fine：以元为单位的罚款金额"
    ]


def test_fine_without_fine_category(region: Region):
    region.edit(D, "      - 罚款\n", "      - 警告\n")
    assert region.lines() == [
        "datasets/shijianju/decisions/2024.yaml:21: 罚款金额（元） [fine] — 填写了罚款金额，但处罚类别不含“罚款”；请在 categories 中加上“罚款”，或删除 fine"
    ]


def test_revoked_licence_without_licence_named(region: Region):
    region.edit(D, "      - 罚款\n", "      - 罚款\n      - 吊销许可证件\n")
    assert region.lines() == [
        "datasets/shijianju/decisions/2024.yaml:2: 暂扣或吊销证照名称及编号 [licence_affected] — "
        "处罚类别含暂扣或吊销许可证件，但没有填写证照名称及编号；请填写 licence_affected，如 食品经营许可证 JY15105020012345"
    ]


def test_confiscation_without_amount(region: Region):
    region.edit(D, "      - 罚款\n", "      - 罚款\n      - 没收违法所得\n")
    assert region.lines() == [
        "datasets/shijianju/decisions/2024.yaml:2: 没收金额（元） [confiscation] — 处罚类别含“没收违法所得”，但没有填写没收金额；"
        "请填写 confiscation：以元为单位的没收金额"
    ]


def test_invalid_fine_is_not_also_called_missing(region: Region):
    region.edit(D, "    fine: 2000\n", "    fine: 两千\n")
    assert len(region.lines()) == 1


# ---------------------------------------------------------------- guides and review


def test_promised_days_longer_than_statutory(region: Region):
    region.edit(G, "    promised_days: 10\n", "    promised_days: 30\n")
    assert region.lines() == [
        "datasets/shijianju/service_guides.yaml:13: 承诺办结时限 [promised_days] — 承诺时限 30 日长于法定时限 20 日；承诺时限不得超过法定时限"
    ]


def test_major_decision_without_legal_review(region: Region):
    add_to_first_decision(region, "    major: true\n")
    assert region.lines() == [
        "datasets/shijianju/decisions/2024.yaml:2: [警告] 经法制审核 [legal_review] — 重大执法决定未标明经过法制审核；"
        "重大执法决定须经法制审核后作出；经过审核的请填写 legal_review: true"
    ]


def test_major_decision_with_legal_review_false_points_at_it(region: Region):
    add_to_first_decision(region, "    major: true\n    legal_review: false\n")
    assert region.lines() == [
        "datasets/shijianju/decisions/2024.yaml:24: [警告] 经法制审核 [legal_review] — 重大执法决定未标明经过法制审核；"
        "重大执法决定须经法制审核后作出；经过审核的请填写 legal_review: true"
    ]


def test_major_decision_with_legal_review(region: Region):
    add_to_first_decision(region, "    major: true\n    legal_review: true\n")
    assert region.lines() == []


def test_step_that_is_not_a_mapping_does_not_cascade(region: Region):
    region.edit(FC, "      - id: S2\n        name: 决定\n        actor: 审批科\n        time_limit: 10 个工作日\n", "      - S2\n")
    assert region.lines() == [
        "datasets/shijianju/flowcharts.yaml:13: 环节 [steps] — 应为键值对（映射），实际为文本“S2”；请按模板的缩进格式填写"
    ]


def test_minor_by_id_number_must_be_flagged(region):
    # 710000: a region prefix no mainland resident ID carries; born 2010-03-07, 14 on 2024-05-10
    region.edit(D, 'id_number: "11010519491231002X"', 'id_number: "710000201003071233"')
    assert region.errors() == [
        "datasets/shijianju/decisions/2024.yaml:44: 未成年人 [party.minor] — 证件号码显示当事人在决定日未满十八周岁，但没有标明未成年人；请填写 party.minor: true（该决定将不予公开），或核对证件号码"
    ]
    region.edit(D, 'id_number: "710000201003071233"\n', 'id_number: "710000201003071233"\n      minor: true\n')
    assert region.errors() == []


# ---------------------------------------------------------------- every mistake of an item in one run

# Independent mistakes, each with what the editor must be told: combined in every way in one item of the
# first decision (行政处罚), each must be reported in the same run as the others.
MISTAKES = {
    "kind": (("    kind: 行政处罚\n", "    kind: 行政处分\n"), "执法类别 [kind] — “行政处分”不是允许的取值"),
    "fine": (("    fine: 2000\n", "    fine: 两千元\n"), "罚款金额（元） [fine] — 应为金额数字"),
    "typo": (("    violation_type: 食品安全\n", "    violaton_type: 食品安全\n"), "[violaton_type] — 未知字段“violaton_type”"),
    "category": (("      - 罚款\n", "      - 罚款\n      - 罚金\n"), "处罚类别 [categories] — “罚金”不是允许的取值"),
    "date": (("    decision_date: 2024-03-05\n", "    decision_date: 2024-02-30\n"), "决定日期 [decision_date] — “2024-02-30”不是真实存在的日期"),
    "officer": (('      - "51050002"\n', '      - "99999999"\n'), "执法人员 [officers] — 执法证号“99999999”不在本部门的执法人员清单中"),
}
COMBINATIONS = [
    ("kind", "fine", "typo"),
    ("kind", "category", "date"),
    ("fine", "typo", "category", "officer"),
    ("kind", "fine", "typo", "category", "date", "officer"),
    ("category", "fine"),
]


def test_every_mistake_in_one_item_is_reported_in_one_run(region: Region):
    import pytest

    for combination in COMBINATIONS:
        fresh = Region(region.base / "-".join(combination))
        for name in combination:
            (old, new), _ = MISTAKES[name]
            fresh.edit(D, old, new)
        reported = "\n".join(fresh.errors())
        for name in combination:
            _, expected = MISTAKES[name]
            if expected not in reported:
                pytest.fail(f"{combination}: {name} not reported in the same run:\n{reported}")


def test_a_wrong_category_still_lets_the_fine_rule_run(region: Region):
    region.edit(D, "      - 罚款\n", "      - 罚款\n      - 罚金\n")
    region.edit(D, "    fine: 2000\n", "")
    from gongshi.standard import PENALTY_CATEGORIES

    assert sorted(line.split(" — ")[1] for line in region.errors()) == sorted([
        "“罚金”不是允许的取值；请填写以下之一：" + "、".join(PENALTY_CATEGORIES),
        "处罚类别含“罚款”，但没有填写罚款金额；请填写 fine：以元为单位的罚款金额",
    ])


# ---------------------------------------------------------------- amounts written in the text

AMOUNTS = [
    ("    conclusion: 罚款人民币 2000 元\n", "    conclusion: 罚款人民币 3000 元\n", "conclusion", 11, "执法结论", "罚款 3,000", True),
    ("    conclusion: 罚款人民币 2000 元\n", "    conclusion: 罚款人民币2,000元\n", "conclusion", 11, "执法结论", "", False),
    ("    conclusion: 罚款人民币 2000 元\n", "    conclusion: 罚款 0.2 万元\n", "conclusion", 11, "执法结论", "", False),
    ("    conclusion: 罚款人民币 2000 元\n", "    conclusion: 罚款 2 万元\n", "conclusion", 11, "执法结论", "罚款 20,000", True),
    ("    content: 罚款人民币 2000 元。\n", "    content: 处罚款人民币 200.5 元。\n", "content", 20, "处罚内容", "罚款 200.5", True),
    ("    content: 罚款人民币 2000 元。\n", "    content: 罚款 2000 元，没收违法所得 930 元。\n", "content", 20, "处罚内容", "没收金额 930", True),
    ("    content: 罚款人民币 2000 元。\n", "    content: 警告并罚款。\n", "content", 20, "处罚内容", "", False),
    ("    conclusion: 罚款人民币 2000 元\n", "    conclusion: 罚款 人民币 3000 元\n", "conclusion", 11, "执法结论", "罚款 3,000", True),
    ("    conclusion: 罚款人民币 2000 元\n", "    conclusion: 罚款人民币３０００元\n", "conclusion", 11, "执法结论", "罚款 3,000", True),
    ("    conclusion: 罚款人民币 2000 元\n", "    conclusion: 罚款金额为3000元\n", "conclusion", 11, "执法结论", "罚款 3,000", True),
    ("    conclusion: 罚款人民币 2000 元\n", "    conclusion: 罚款共计 3000 元\n", "conclusion", 11, "执法结论", "罚款 3,000", True),
    ("    conclusion: 罚款人民币 2000 元\n", "    conclusion: 罚款：3000元\n", "conclusion", 11, "执法结论", "罚款 3,000", True),
    ("    conclusion: 罚款人民币 2000 元\n", "    conclusion: 罚款￥3000\n", "conclusion", 11, "执法结论", "罚款 3,000", True),
    ("    conclusion: 罚款人民币 2000 元\n", "    conclusion: 罚款RMB 3000\n", "conclusion", 11, "执法结论", "罚款 3,000", True),
    ("    conclusion: 罚款人民币 2000 元\n", "    conclusion: 罚款叁仟元\n", "conclusion", 11, "执法结论", "罚款 3,000", True),
    ("    conclusion: 罚款人民币 2000 元\n", "    conclusion: 并处罚款人民币三千元\n", "conclusion", 11, "执法结论", "罚款 3,000", True),
    ("    conclusion: 罚款人民币 2000 元\n", "    conclusion: 罚款人民币（大写）叁仟元整（￥3000）\n", "conclusion", 11, "执法结论", "罚款 3,000", True),
    ("    conclusion: 罚款人民币 2000 元\n", "    conclusion: 罚款壹万贰仟伍佰元伍角\n", "conclusion", 11, "执法结论", "罚款 12,500.5", True),
    ("    conclusion: 罚款人民币 2000 元\n", "    conclusion: 罚款两千元\n", "conclusion", 11, "执法结论", "", False),
    ("    conclusion: 罚款人民币 2000 元\n", "    conclusion: 罚款人民币（大写）贰仟元整（¥2000.00）\n", "conclusion", 11, "执法结论", "", False),
    ("    conclusion: 罚款人民币 2000 元\n", "    conclusion: 罚款 ２，０００ 元\n", "conclusion", 11, "执法结论", "", False),
    ("    conclusion: 罚款人民币 2000 元\n", "    conclusion: 罚款2次\n", "conclusion", 11, "执法结论", "", False),
    ("    conclusion: 罚款人民币 2000 元\n", "    conclusion: 处五千元以上罚款\n", "conclusion", 11, "执法结论", "", False),
]


@pytest.mark.parametrize(("old", "new", "key", "line", "label", "said", "warned"), AMOUNTS)
def test_an_amount_in_the_text_that_differs_from_the_field_is_warned(region: Region, old, new, key, line, label, said, warned):
    region.edit(D, old, new)
    if "没收违法所得" in new:
        region.edit(D, "    fine: 2000\n", "    fine: 2000\n    confiscation: 900\n")
    warnings = [w for w in region.warnings() if "不一致" in w]
    if not warned:
        assert warnings == []
        return
    assert len(warnings) == 1 and warnings[0].startswith(f"datasets/{D}:{line}: [警告] {label} [{key}] — 文字中的{said} 元与"), warnings
    assert region.errors() == []


# A first mistake that used to hide another in the same item until it was fixed: (the edits, what must be said)
HIDDEN_BEHIND = [
    (
        "party kind misspelt, resident ID number wrong",
        [("      kind: 自然人\n", "      kind: 自然入\n"), (GOOD_RIC, BAD_CHECKSUM_RIC)],
        ["行政相对人类别 [party.kind] — “自然入”不是允许的取值", "证件号码 [party.id_number] — 居民身份证号码的校验位不正确"],
    ),
    (
        "party kind missing, resident ID number wrong",
        [("      kind: 自然人\n", ""), (GOOD_RIC, BAD_CHECKSUM_RIC)],
        ["行政相对人类别 [party.kind] — 缺少必填字段", "证件号码 [party.id_number] — 居民身份证号码的校验位不正确"],
    ),
    (
        "decision kind misspelt, fine missing",
        [("    kind: 行政处罚\n", "    kind: 行政处份\n"), ("    fine: 2000\n", "")],
        ["执法类别 [kind] — “行政处份”不是允许的取值", "罚款金额（元） [fine] — 处罚类别含“罚款”，但没有填写罚款金额"],
    ),
    (
        "decision kind misspelt, amount in the text differs",
        [("    kind: 行政处罚\n", "    kind: 行政处份\n"), ("    conclusion: 罚款人民币 2000 元\n", "    conclusion: 罚款人民币 3000 元\n")],
        ["执法类别 [kind] — “行政处份”不是允许的取值", "[警告] 执法结论 [conclusion] — 文字中的罚款 3,000 元与 fine（2,000.00 元）不一致"],
    ),
    (
        "decision kind missing, licence not named",
        [("    kind: 行政处罚\n", ""), ("      - 罚款\n", "      - 罚款\n      - 吊销许可证件\n")],
        ["执法类别 [kind] — 缺少必填字段", "暂扣或吊销证照名称及编号 [licence_affected] — 处罚类别含暂扣或吊销许可证件"],
    ),
]


@pytest.mark.parametrize(("what", "edits", "expected"), HIDDEN_BEHIND, ids=[h[0] for h in HIDDEN_BEHIND])
def test_a_first_mistake_hides_no_other_in_the_same_item(region: Region, what: str, edits: list, expected: list):
    for old, new in edits:
        region.edit(D, old, new)
    said = "\n".join(region.lines())
    for words in expected:
        assert words in said, f"{what}: {words!r} not reported\n{said}"


def _kept(region: Region) -> tuple[list[str], list[str]]:
    """(slugs handed to `keep`, in order; the problems) of validating with `keep`, as a build does."""
    handed: list[str] = []
    report = validate(region.root, AS_OF, keep=lambda dept, region: handed.append(dept.slug))
    return handed, [p.format(region.base) for p in report.problems]


def test_a_build_is_handed_each_department_in_folder_order_with_the_same_problems(region: Region):
    """A build decides each department as soon as it is read and checked (validate's `keep`): in folder
    order, and the problems are exactly those `gongshi validate` reports, warnings included."""
    second_department(region, slug="aaa-first", name="泸州市司法局")
    second_department(region, slug="zzz-last", name="泸州市交通运输局", uscc="11510500008765434P", prefix="泸市交罚")
    handed, problems = _kept(region)
    assert handed == ["aaa-first", "shijianju", "zzz-last"]
    assert problems == region.lines()


@pytest.mark.parametrize("where", ["own", "earlier", "clash", "unsafe"])
def test_no_department_is_handed_on_once_an_error_is_found(region: Region, tmp_path, where: str):
    """Nothing will be published, and a department with an error may not even be decidable."""
    second_department(region, slug="aaa-first", name="泸州市司法局")
    second_department(region, slug="zzz-last", name="泸州市交通运输局", uscc="11510500008765434P", prefix="泸市交罚")
    if where == "own":  # shijianju's own error: the one before it is handed on, it and the next are not
        region.edit(D, "decision_date: 2024-05-20", "decision_date: 2024-05-32")
        expected = ["aaa-first"]
    elif where == "earlier":
        region.edit("aaa-first/department.yaml", "name: 泸州市司法局\n", "name:\n")
        expected = []
    elif where == "clash":  # a credit code zzz-last shares with shijianju: found only when zzz-last is checked
        region.edit("zzz-last/department.yaml", "11510500008765434P", DEPT_USCC)
        expected = ["aaa-first", "shijianju"]
    else:  # a link out of the datasets, reported only once everything is read
        (tmp_path / "outside.yaml").write_text("[]\n", encoding="utf-8")
        region.path("shijianju/decisions/2025.yaml").symlink_to(tmp_path / "outside.yaml")
        expected = ["aaa-first"]
    handed, problems = _kept(region)
    assert handed == expected
    assert problems == region.lines() and region.errors()


# ---------------------------------------------------------------- proportionate publicity periods


def test_a_natural_persons_penalty_public_longer_than_its_default_is_warned(region: Region):
    text = region.read(D)
    company = f"      name: 泸州某某食品有限公司\n      kind: 法人及非法人组织\n      uscc: {ORG_USCC}\n      legal_rep: 王某\n"
    person = f"      name: 张小明\n      kind: 自然人\n      id_type: 居民身份证\n      id_number: \"{GOOD_RIC}\"\n"
    region.write(D, text.replace(company, person, 1))
    # decided 2024-03-05, no 公示日期: the default runs three years, to 2027-03-05
    add_to_first_decision(region, "    publicity_until: 2027-03-05\n")
    assert region.lines() == []
    region.edit(D, "    publicity_until: 2027-03-05\n", "    publicity_until: 2027-03-06\n")
    assert region.lines() == [
        "datasets/shijianju/decisions/2024.yaml:23: [警告] 公示截止期 [publicity_until] — 自然人的行政处罚公示至 2027-03-06，"
        "长于同类决定的默认期限（自决定日期 2024-03-05 起算，默认公示至 2027-03-05）；公示期限应与违法行为相称；如无特别理由，请删除公示截止期或提前"
    ]
    # a summary-procedure penalty is not published by default at all
    add_to_first_decision(region, "    procedure: 简易程序\n")
    assert "默认期限（按规定不公示（简易程序、仅警告的处罚或不予许可））" in region.lines()[0]


def test_time_limits_in_region_yaml_must_be_at_least_one(region: Region):
    region.edit("region.yaml", "code:", "deadlines:\n  decision_days: 0\npublicity:\n  penalty_years: 9000\ncode:")
    assert region.lines() == [
        "datasets/region.yaml:3: 许可、处罚决定公示时限（工作日） [deadlines.decision_days] — 应为不小于 1 的整数，实际为数字 0；请填写整数，如 20",
        "datasets/region.yaml:5: 行政处罚公示年限 [publicity.penalty_years] — 9000 超过上限 100；请核对数字",
    ]


def test_a_publication_date_in_the_future_is_refused(region: Region):
    add_to_first_decision(region, "    published: 2024-07-01\n")
    assert region.lines() == [
        "datasets/shijianju/decisions/2024.yaml:23: 公示日期 [published] — 公示日期 2024-07-01 晚于今天（2024-06-30）；"
        "公示日期是首次公示的日期，不能是将来；尚未公示的请不填，以本平台首次发布之日为准"
    ]


def test_a_certificate_history_that_contradicts_the_status_is_warned(region: Region):
    region.edit(P, "    legal_review: true\n", "    legal_review: true\n    history:\n      - date: 2024-06-01\n        event: 注销\n")
    assert region.lines() == [
        "datasets/shijianju/personnel.yaml:11: [警告] 状态 [status] — 证件记录显示执法证已于 2024-06-01 注销，但状态仍为在岗；"
        "请把状态改为暂扣或注销；证件已恢复的，请在证件记录中补充“恢复”"
    ]


def test_a_shorter_period_for_the_longer_sectors_is_warned(region: Region):
    region.edit("region.yaml", "code:", "publicity:\n  penalty_years: 3\n  longer_years: 2\ncode:")
    assert region.lines() == [
        "datasets/region.yaml:4: [警告] 特定领域行政处罚公示年限 [publicity.longer_years] — 特定领域的公示年限 2 年短于一般行政处罚的 3 年；"
        "食品、药品、特种设备等领域的公示期限应当不短于一般处罚；请核对 longer_years 和 penalty_years"
    ]


def test_a_malformed_history_or_category_is_reported_not_a_crash(region: Region):
    region.edit(P, "    legal_review: true\n", "    legal_review: true\n    history: 暂扣\n")
    add_to_first_decision(region, "    publicity_until: 2027-12-31\n")
    region.edit(D, "    categories:\n      - 罚款\n", "    categories: 罚款\n")
    lines = region.lines()
    assert any("personnel.yaml" in line and "[history]" in line for line in lines)
    assert any("[categories]" in line for line in lines)
