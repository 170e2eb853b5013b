"""One value at a time: every field check fails with the exact line an editor sees."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from tests.minimal_region import (
    BAD_BIRTHDATE_RIC,
    BAD_CHECKSUM_RIC,
    DEPT_USCC,
    GOOD_RIC,
    Region,
)

D = "shijianju/decisions/2024.yaml"
P = "shijianju/personnel.yaml"
PW = "shijianju/powers.yaml"
DEPT = "shijianju/department.yaml"
G = "shijianju/service_guides.yaml"

PENALTY_CHOICES = (
    "警告、通报批评、罚款、没收违法所得、没收非法财物、暂扣许可证件、降低资质等级、吊销许可证件、"
    "限制开展生产经营活动、责令停产停业、责令关闭、限制从业、行政拘留、其他"
)
USCC_HINT = "请核对营业执照或登记证书上的代码"
DOC_NO_HINT = "文号应为 机关代字〔年份〕序号号，如 泸市监罚〔2024〕39号，序号不加前导零"


# ---------------------------------------------------------------- unknown and personal fields


def test_unknown_field_suggests_the_near_miss(region: Region):
    region.edit(D, "      uscc: 91510502MA6200000D\n      legal_rep: 王某\n    conclusion: 罚款", "      uscs: 91510502MA6200000D\n      legal_rep: 王某\n    conclusion: 罚款")
    assert region.lines() == [
        # the typo also leaves the organisation without its code
        "datasets/shijianju/decisions/2024.yaml:7: 统一社会信用代码 [party.uscc] — 缺少必填字段（当事人为法人及非法人组织）；"
        "请填写 party.uscc：单位和个体工商户必填。",
        "datasets/shijianju/decisions/2024.yaml:9: uscs [party.uscs] — 未知字段“uscs”；是否应为“uscc”？允许的字段见模板或数据维护指南",
    ]


def test_unknown_top_level_field_in_a_list_file(region: Region):
    region.edit(P, "revised: 2024-01-15\n", "revised: 2024-01-15\nrevisd: 2024-01-15\n")
    assert region.lines() == [
        "datasets/shijianju/personnel.yaml:2: revisd [revisd] — 未知字段“revisd”；是否应为“revised”？允许的字段见模板或数据维护指南"
    ]


def test_unknown_field_far_from_any_name(region: Region):
    region.edit(PW, "    guide: ZN-001\n", "    guide: ZN-001\n    contact_person: 王五\n")
    assert region.lines() == [
        "datasets/shijianju/powers.yaml:29: contact_person [contact_person] — 未知字段“contact_person”；"
        "请删除该字段或改为标准中的字段名；身份证号、手机号等个人信息不得写入清单"
    ]


@pytest.mark.parametrize("key", ["id_card", "phone", "mobile"])
def test_personal_field_in_personnel_is_refused(region: Region, key: str):
    region.edit(P, "    legal_review: true\n", f"    legal_review: true\n    {key}: '13800000000'\n")
    assert region.lines() == [
        f"datasets/shijianju/personnel.yaml:13: {key} [{key}] — 未知字段“{key}”；身份证号、手机号、住址等个人信息不得写入清单，请删除该字段"
    ]


def test_home_address_of_a_party_is_refused(region: Region):
    region.edit(D, "      id_number: ", "      address: 江阳区某街 1 号\n      id_number: ")
    assert region.lines() == [
        "datasets/shijianju/decisions/2024.yaml:47: address [party.address] — 未知字段“address”；"
        "身份证号、手机号、住址等个人信息不得写入清单，请删除该字段"
    ]


def test_non_string_key(region: Region):
    region.edit(P, "    legal_review: true\n", "    legal_review: true\n    1: x\n")
    assert region.lines() == [
        "datasets/shijianju/personnel.yaml:13: 1 [1] — 未知字段“1”；请删除该字段或改为标准中的字段名；身份证号、手机号等个人信息不得写入清单"
    ]


# ---------------------------------------------------------------- required fields


def test_missing_common_required_field(region: Region):
    region.edit(D, "    conclusion: 罚款人民币 2000 元\n", "")
    assert region.lines() == [
        "datasets/shijianju/decisions/2024.yaml:2: 执法结论 [conclusion] — 缺少必填字段；请填写 conclusion：决定的结论，如 罚款人民币 2000 元、准予许可。"
    ]


def test_missing_kind_specific_required_field(region: Region):
    region.edit(D, "    licence_category: 普通\n", "")
    assert region.lines() == [
        "datasets/shijianju/decisions/2024.yaml:23: 许可类别 [licence_category] — 缺少必填字段；"
        "请填写 licence_category：普通、特许、认可、核准、登记或其他。"
    ]


def test_empty_value_counts_as_missing(region: Region):
    region.edit(D, "    conclusion: 罚款人民币 2000 元\n", "    conclusion:\n")
    assert region.lines() == [
        "datasets/shijianju/decisions/2024.yaml:11: 执法结论 [conclusion] — 缺少必填字段；请填写 conclusion：决定的结论，如 罚款人民币 2000 元、准予许可。"
    ]


def test_missing_nested_required_field_names_the_full_key(region: Region):
    region.edit(D, "      name: 刘某某\n", "")
    assert region.lines() == [
        "datasets/shijianju/decisions/2024.yaml:44: 行政相对人名称 [party.name] — 缺少必填字段；请填写 party.name：单位全称或自然人姓名。"
    ]


def test_missing_required_in_department_profile(region: Region):
    region.edit(DEPT, "legal_review_unit:\n  name: 政策法规科\n", "")
    assert region.lines() == [
        "datasets/shijianju/department.yaml:1: 法制审核机构 [legal_review_unit] — 缺少必填字段；请填写 legal_review_unit：承担法制审核工作的机构。"
    ]


def test_missing_revised_in_list_header(region: Region):
    region.edit(P, "revised: 2024-01-15\n", "")
    assert region.lines() == [
        "datasets/shijianju/personnel.yaml:1: 最近修订日期 [revised] — 缺少必填字段；"
        "请填写 revised：本清单最近一次调整的日期，页面据此显示“最近修订”。"
    ]


def test_missing_kind_reports_only_the_kind(region: Region):
    # without a kind the kind-specific fields cannot be judged; they are not all called unknown
    region.edit(D, "    kind: 行政处罚\n", "")
    assert region.lines() == [
        "datasets/shijianju/decisions/2024.yaml:2: 执法类别 [kind] — 缺少必填字段；请填写 kind：行政许可、行政处罚、行政强制、行政检查或行政征收征用。"
    ]


def test_item_that_is_not_a_mapping(region: Region):
    region.edit(D, "items:\n", "items:\n  - 泸市监罚〔2024〕40号\n")
    assert region.lines() == [
        "datasets/shijianju/decisions/2024.yaml:2: 执法决定 — 应为键值对（映射），实际为文本“泸市监罚〔2024〕40号”；请按模板的缩进格式填写"
    ]


def test_empty_list_item(region: Region):
    region.edit(P, "items:\n", "items:\n  -\n")
    assert region.lines() == ["datasets/shijianju/personnel.yaml:3: 执法人员清单 — 应为键值对（映射），实际为空值；请按模板的缩进格式填写"]


# ---------------------------------------------------------------- types


def test_text_where_a_number_is_expected(region: Region):
    region.edit(G, "    statutory_days: 20\n", "    statutory_days: 二十\n")
    assert region.lines() == [
        "datasets/shijianju/service_guides.yaml:12: 法定办结时限 [statutory_days] — 应为不小于 0 的整数，实际为文本“二十”；请填写整数，如 20"
    ]


def test_number_where_a_phone_number_is_expected(region: Region):
    region.edit(DEPT, "phone: 0830-3196000\n", "phone: 3196000\n")
    assert region.lines() == [
        "datasets/shijianju/department.yaml:5: 办公电话 [phone] — 应为文本，实际为数字 3196000；"
        "电话号码请加引号或写上区号连字符，如 \"0830-3196000\"，否则开头的 0 会丢失"
    ]


def test_phone_number_losing_its_leading_zero(region: Region):
    # `phone: 08303196000` is read as the number 8303196000
    region.edit(DEPT, "phone: 0830-3196000\n", "phone: 08303196000\n")
    assert region.lines() == [
        "datasets/shijianju/department.yaml:5: 取值 [phone] — “08303196000”以 0 开头，不加引号会被当作数字读取，开头的 0 会丢失；"
        "请给它加上引号，写成 \"08303196000\"",
        "datasets/shijianju/department.yaml:5: 办公电话 [phone] — 应为文本，实际为数字 8303196000；"
        "电话号码请加引号或写上区号连字符，如 \"0830-3196000\"，否则开头的 0 会丢失",
    ]


def test_code_losing_its_leading_zero(region: Region):
    region.edit(P, '    cert_no: "51050002"\n', "    cert_no: 051050002\n")
    region.edit(D, '      - "51050002"\n', "      - 051050002\n")
    assert region.lines() == [
        "datasets/shijianju/decisions/2024.yaml:14: 列表项 — “051050002”以 0 开头，不加引号会被当作数字读取，开头的 0 会丢失；"
        "请给它加上引号，写成 \"051050002\"",
        "datasets/shijianju/personnel.yaml:15: 取值 [cert_no] — “051050002”以 0 开头，不加引号会被当作数字读取，开头的 0 会丢失；"
        "请给它加上引号，写成 \"051050002\"",
    ]


def test_numbers_without_leading_zero_are_fine_as_codes(region: Region):
    region.edit(P, '    cert_no: "51050002"\n', "    cert_no: 51050002\n")
    assert region.lines() == []


def test_mobile_number_is_not_an_office_phone(region: Region):
    region.edit(G, "    phone: 0830-3196000\n", "    phone: '13812345678'\n")
    assert region.lines() == [
        "datasets/shijianju/service_guides.yaml:20: 咨询电话 [phone] — “13812345678”是手机号码，个人手机号码不得公开；"
        "请填写对外公布的办公电话，如 0830-3196000"
    ]


def test_bool_expected(region: Region):
    region.edit(D, "    discretion: D-001\n", "    discretion: D-001\n    legal_review: 是\n")
    assert region.lines() == [
        "datasets/shijianju/decisions/2024.yaml:23: 经法制审核 [legal_review] — 应为 true 或 false，实际为文本“是”；是填 true，否填 false"
    ]


def test_scalar_where_a_list_is_expected(region: Region):
    region.edit(P, "    categories:\n      - 市场监管\n    area: 泸州市\n    issuer: 四川省人民政府\n    valid_until: 2027-12-31\n    status: 在岗\n    legal_review",
                "    categories: 市场监管\n    area: 泸州市\n    issuer: 四川省人民政府\n    valid_until: 2027-12-31\n    status: 在岗\n    legal_review")  # fmt: skip
    assert region.lines() == [
        "datasets/shijianju/personnel.yaml:6: 执法类别 [categories] — 应为列表，实际为文本“市场监管”；请每项一行，以“- ”开头"
    ]


def test_list_where_a_scalar_is_expected(region: Region):
    region.edit(D, "    conclusion: 准予许可\n", "    conclusion:\n      - 准予许可\n")
    assert region.lines() == [
        "datasets/shijianju/decisions/2024.yaml:33: 执法结论 [conclusion] — 应为文本，实际为列表；请填写决定的结论，如 罚款人民币 2000 元、准予许可。"
    ]


def test_text_where_a_mapping_is_expected(region: Region):
    region.edit(D, '    party:\n      name: 刘某某\n      kind: 自然人\n      id_type: 居民身份证\n      id_number: "11010519491231002X"\n', "    party: 刘某某\n")  # fmt: skip
    assert region.lines() == [
        "datasets/shijianju/decisions/2024.yaml:43: 行政相对人 [party] — 应为键值对（映射），实际为文本“刘某某”；请按模板的缩进格式填写"
    ]


def test_one_line_text_cannot_span_lines(region: Region):
    region.edit(D, "      legal_rep: 王某\n    conclusion: 罚款", "      legal_rep: |\n        王某\n        李某\n    conclusion: 罚款")
    assert region.lines() == [
        "datasets/shijianju/decisions/2024.yaml:10: 法定代表人 [party.legal_rep] — 应为一行文本，不能换行；请写在一行内"
    ]


def test_code_with_spaces(region: Region):
    region.edit(PW, "  - code: QZ-001\n", "  - code: QZ 001\n")
    assert region.lines() == [
        "datasets/shijianju/decisions/2024.yaml:41: 事项编码 [power_code] — “QZ-001”不在本部门的权力清单中；请核对事项编码，或先在 powers.yaml 中添加该事项",
        "datasets/shijianju/powers.yaml:29: 事项编码 [code] — “QZ 001”含有空格、/、\\、?、#、%，超过 64 个字符，以 . 开头，或以 .html 结尾；"
        "编号会成为网址的一部分，请只用字母、数字、汉字和连字符",
    ]


@pytest.mark.parametrize("code", [".", "..", "a/b", "x?y"])
def test_code_that_would_escape_its_page_folder(region: Region, code: str):
    region.edit(PW, "  - code: QZ-001\n", f'  - code: "{code}"\n')
    assert region.errors()[1] == (
        f"datasets/shijianju/powers.yaml:29: 事项编码 [code] — “{code}”含有空格、/、\\、?、#、%，超过 64 个字符，以 . 开头，或以 .html 结尾；"
        "编号会成为网址的一部分，请只用字母、数字、汉字和连字符"
    )


def test_empty_entry_in_a_list_of_choices(region: Region):
    region.edit(D, "      - 罚款\n", "      - 罚款\n      -\n")
    assert region.lines() == ["datasets/shijianju/decisions/2024.yaml:20: 处罚类别 [categories] — 列表中有空项；请删除空行或补全内容"]


def test_repeated_choice(region: Region):
    region.edit(D, "      - 罚款\n", "      - 罚款\n      - 罚款\n")
    assert region.lines() == ["datasets/shijianju/decisions/2024.yaml:20: 处罚类别 [categories] — “罚款”重复；每个取值只写一次"]


def test_url(region: Region):
    region.edit(DEPT, "revised: 2024-01-15\n", "revised: 2024-01-15\nwebsite: www.luzhou.gov.cn\n")
    assert region.lines() == [
        "datasets/shijianju/department.yaml:19: 门户网站 [website] — “www.luzhou.gov.cn”不是网址；请填写以 http:// 或 https:// 开头的完整网址"
    ]


def test_region_code(region: Region):
    region.edit("region.yaml", 'code: "510500"\n', "code: 51050\n")
    assert region.lines() == [
        "datasets/region.yaml:2: 行政区划代码 [code] — “51050”不是六位行政区划代码；请填写 GB/T 2260 六位代码，如 泸州市 510500"
    ]


# ---------------------------------------------------------------- enumerations


def test_power_type_outside_9_plus_x(region: Region):
    region.edit(PW, "    type: 行政处罚\n", "    type: 行政处理\n")
    assert region.lines() == [
        "datasets/shijianju/powers.yaml:5: 权力类型 [type] — “行政处理”不是允许的取值；请填写以下之一："
        "行政许可、行政处罚、行政强制、行政征收、行政给付、行政检查、行政确认、行政奖励、行政裁决、其他行政权力"
    ]


def test_penalty_category(region: Region):
    region.edit(D, "      - 罚款\n", "      - 罚金\n")
    assert region.lines() == [
        "datasets/shijianju/decisions/2024.yaml:19: 处罚类别 [categories] — “罚金”不是允许的取值；请填写以下之一：" + PENALTY_CHOICES
    ]


def test_party_kind(region: Region):
    region.edit(D, "      kind: 个体工商户\n", "      kind: 个人\n")
    assert region.lines() == [
        "datasets/shijianju/decisions/2024.yaml:29: 行政相对人类别 [party.kind] — “个人”不是允许的取值；请填写以下之一：法人及非法人组织、自然人、个体工商户"
    ]


def test_withdrawal_kind(region: Region):
    region.edit(D, "    discretion: D-001\n", "    discretion: D-001\n    withdrawal:\n      date: 2024-04-01\n      kind: 撤回\n      reason: 复议撤销\n      document: 泸府复〔2024〕3号\n")  # fmt: skip
    assert region.lines() == [
        "datasets/shijianju/decisions/2024.yaml:25: 撤回类型 [withdrawal.kind] — “撤回”不是允许的取值；请填写以下之一：撤销、确认违法、确认无效、变更、要求重新作出"
    ]


def test_decision_kind(region: Region):
    region.edit(D, "    kind: 行政处罚\n", "    kind: 处罚\n")
    assert region.lines() == [
        "datasets/shijianju/decisions/2024.yaml:3: 执法类别 [kind] — “处罚”不是允许的取值；请填写以下之一：行政许可、行政处罚、行政强制、行政检查、行政征收征用"
    ]


# ---------------------------------------------------------------- dates


def test_date_that_does_not_exist(region: Region):
    region.edit(D, "    valid_from: 2024-04-01\n", "    valid_from: 2024-02-30\n")
    assert region.lines() == [
        "datasets/shijianju/decisions/2024.yaml:37: 有效期自 [valid_from] — “2024-02-30”不是真实存在的日期；请核对年月日，如 2 月没有 30 日"
    ]


@pytest.mark.parametrize("text", ["2024.3.5", "2024年3月5日", "20240305", "2024-3-5", "2024-03-05T10:00:00"])
def test_date_format(region: Region, text: str):
    region.edit(D, "    decision_date: 2024-03-05\n", f"    decision_date: {text}\n")
    assert region.lines() == [
        f"datasets/shijianju/decisions/2024.yaml:5: 决定日期 [decision_date] — “{text}”不是日期；请按 YYYY-MM-DD 填写，如 2024-03-05"
    ]


def test_quoted_date_is_fine(region: Region):
    region.edit(D, "    decision_date: 2024-03-05\n", "    decision_date: '2024-03-05'\n")
    assert region.lines() == []
    assert region.report().dataset.department("shijianju").decisions[0]["decision_date"] == date(2024, 3, 5)


def test_valid_until_before_valid_from_is_reported_once(region: Region):
    region.edit(D, "    valid_until: 2029-03-31\n", "    valid_until: 2024-03-31\n")
    assert region.lines() == [
        "datasets/shijianju/decisions/2024.yaml:38: 有效期至 [valid_until] — 有效期至 2024-03-31 早于有效期自 2024-04-01；有效期至不能早于有效期自，请核对"
    ]


def test_withdrawal_before_decision(region: Region):
    region.edit(D, "    discretion: D-001\n", "    discretion: D-001\n    withdrawal:\n      date: 2024-03-01\n      kind: 撤销\n      reason: 复议撤销\n      document: 泸府复〔2024〕3号\n")  # fmt: skip
    assert region.lines() == [
        "datasets/shijianju/decisions/2024.yaml:24: 生效日期 [withdrawal.date] — 撤回日期 2024-03-01 早于决定日期 2024-03-05；"
        "撤回只能发生在决定之后，请核对撤销文书的生效日期"
    ]


def test_publicity_until_before_decision(region: Region):
    region.edit(D, "    fine: 2000\n", "    fine: 2000\n    publicity_until: 2024-03-01\n")
    assert region.lines() == [
        "datasets/shijianju/decisions/2024.yaml:22: 公示截止期 [publicity_until] — 公示截止期 2024-03-01 早于决定日期 2024-03-05；"
        "公示截止期不能早于决定日期，请核对"
    ]


def test_coercion_period_order(region: Region):
    region.edit(D, "    period_until: 2024-06-08\n", "    period_until: 2024-05-01\n")
    assert region.lines() == [
        "datasets/shijianju/decisions/2024.yaml:54: 期限至 [period_until] — 期限至 2024-05-01 早于期限自 2024-05-10；期限至不能早于期限自，请核对"
    ]


def test_decision_in_the_future_relative_to_as_of(region: Region):
    region.edit(D, "    decision_date: 2024-06-01\n", "    decision_date: 2024-07-01\n")
    assert region.lines() == [
        "datasets/shijianju/decisions/2024.yaml:71: 决定日期 [decision_date] — 决定日期 2024-07-01 晚于今天（2024-06-30）；请核对日期；尚未作出的决定不能公示"
    ]
    assert region.lines(as_of=date(2024, 7, 1)) == []


# ---------------------------------------------------------------- money


def test_money_with_three_decimals(region: Region):
    region.edit(D, "    fine: 2000\n", "    fine: 2000.125\n")
    assert region.lines() == [
        "datasets/shijianju/decisions/2024.yaml:21: 罚款金额（元） [fine] — 金额 2000.125 超过两位小数；金额以元为单位，最多精确到分"
    ]


def test_negative_money(region: Region):
    region.edit(D, "    fine: 2000\n", "    fine: -5\n")
    assert region.lines() == ["datasets/shijianju/decisions/2024.yaml:21: 罚款金额（元） [fine] — 金额 -5 不能为负数；请填写不小于 0 的金额"]


def test_money_in_words(region: Region):
    region.edit(D, "    fine: 2000\n", "    fine: 一万元\n")
    assert region.lines() == [
        "datasets/shijianju/decisions/2024.yaml:21: 罚款金额（元） [fine] — 应为金额数字，实际为文本“一万元”；"
        "请以元为单位填写数字，如 12000.50，不要写“元”或“万元”"
    ]


@pytest.mark.parametrize("text", [".inf", ".nan", "123456789012345678901234567890", "1e400"])
def test_money_that_is_not_an_amount(region: Region, text: str):
    region.edit(D, "    fine: 2000\n", f"    fine: {text}\n")
    [line] = region.lines()
    assert line.startswith("datasets/shijianju/decisions/2024.yaml:21: 罚款金额（元） [fine] — “")
    assert line.endswith("”不是合理的金额；请以元为单位填写数字，如 12000.50")


def test_money_is_held_exactly(region: Region):
    region.edit(D, "    fine: 2000\n", "    fine: 2000.1\n")
    assert region.errors() == []  # (the texts still say 2000 元: a consistency warning each)
    assert region.report().dataset.department("shijianju").decisions[0]["fine"] == Decimal("2000.10")


# ---------------------------------------------------------------- identifiers


def test_uscc_wrong_length(region: Region):
    region.edit(DEPT, f"uscc: {DEPT_USCC}\n", f"uscc: {DEPT_USCC[:-1]}\n")
    assert region.lines() == [
        f"datasets/shijianju/department.yaml:2: 统一社会信用代码 [uscc] — “{DEPT_USCC[:-1]}”有 17 位，统一社会信用代码应为 18 位；" + USCC_HINT
    ]


def test_uscc_bad_character(region: Region):
    bad = DEPT_USCC[:16] + "I" + DEPT_USCC[17]
    region.edit(DEPT, f"uscc: {DEPT_USCC}\n", f"uscc: {bad}\n")
    assert region.lines() == [
        f"datasets/shijianju/department.yaml:2: 统一社会信用代码 [uscc] — “{bad}”含有统一社会信用代码不允许的字符（不使用 I、O、Z、S、V）；" + USCC_HINT
    ]


def test_uscc_bad_checksum(region: Region):
    bad = DEPT_USCC[:17] + "J"
    region.edit(DEPT, f"uscc: {DEPT_USCC}\n", f"uscc: {bad}\n")
    assert region.lines() == [
        f"datasets/shijianju/department.yaml:2: 统一社会信用代码 [uscc] — “{bad}”的校验位不正确，代码可能抄错了；" + USCC_HINT
    ]


def test_uscc_lower_case_is_accepted_and_normalised(region: Region):
    region.edit(D, "      uscc: 92510502MA6200000A\n", "      uscc: 92510502ma6200000a\n")
    assert region.lines() == []
    assert region.report().dataset.department("shijianju").decisions[1]["party"]["uscc"] == "92510502MA6200000A"


def test_resident_id_bad_checksum_is_not_echoed(region: Region):
    region.edit(D, GOOD_RIC, BAD_CHECKSUM_RIC)
    lines = region.lines()
    assert lines == [
        "datasets/shijianju/decisions/2024.yaml:47: 证件号码 [party.id_number] — 居民身份证号码的校验位不正确；请核对身份证上的号码"
    ]
    assert BAD_CHECKSUM_RIC not in "".join(lines)


def test_resident_id_impossible_birth_date_is_not_echoed(region: Region):
    region.edit(D, GOOD_RIC, BAD_BIRTHDATE_RIC)
    lines = region.lines()
    assert lines == [
        "datasets/shijianju/decisions/2024.yaml:47: 证件号码 [party.id_number] — 居民身份证号码中的出生日期不存在；请核对身份证上的号码"
    ]
    assert "19900230" not in "".join(lines)


def test_resident_id_unknown_region_is_a_warning_only(region: Region):
    number = "990502199003071235"  # check digit right, 990502 was never a region
    region.edit(D, GOOD_RIC, number)
    assert region.errors() == []
    assert region.warnings() == [
        "datasets/shijianju/decisions/2024.yaml:47: [警告] 证件号码 [party.id_number] — 居民身份证号码的前 6 位不是 GB/T 2260 曾经使用过的行政区划代码；请核对身份证上的号码；确实如此的（如港澳台居民居住证）可以保留"
    ]


def _ric(first17: str) -> str:
    from stdnum.cn import ric

    return first17 + ric.calc_check_digit(first17 + "0")  # stdnum reads all but the last character


# (region code, birth date): districts created, renamed or abolished around the holder's birth
ISSUED_LATER = [
    ("110115", "19800101"),  # 北京市大兴区, a district from 2001: a card issued there to someone born in 1980
    ("110119", "19620715"),  # 北京市延庆区, from 2015
    ("510504", "19500101"),  # 泸州市龙马潭区, from 1996
    ("510502", "19300228"),
    ("110105", "20240229"),
    ("110201", "20000101"),  # 北京市昌平县, listed until 1982 only
    ("110103", "20150101"),  # 北京市崇文区, until 2010
    ("419001", "19930601"),  # 义马市 1986–1989, 济源市 from 1997: listed, though not in 1993
    ("510500", "19700101"),  # 泸州市 itself, from 1983
    ("710000", "19800101"),  # 台湾省
]


@pytest.mark.parametrize("code", ["110199", "510599", "990502", "000000"])
def test_a_region_code_never_listed_is_a_warning_only(region: Region, code: str):
    """Neither the province nor the county part may be unknown (110199: 北京市 exists, its 0199 never did)."""
    region.edit(D, GOOD_RIC, _ric(f"{code}19900307123"))
    assert region.errors() == []
    assert [w.split(" — ")[1] for w in region.warnings()] == [
        "居民身份证号码的前 6 位不是 GB/T 2260 曾经使用过的行政区划代码；请核对身份证上的号码；确实如此的（如港澳台居民居住证）可以保留"
    ]


@pytest.mark.parametrize(("code", "born"), ISSUED_LATER)
def test_a_valid_resident_id_is_never_an_error_whatever_the_birth_date(region: Region, code: str, born: str):
    from gongshi import identifiers

    number = _ric(f"{code}{born}123")
    assert identifiers.region_ever_listed(code)
    region.edit(D, GOOD_RIC, number)
    if int(born[:4]) > 2006:  # a minor on the decision date: flagged, as any minor
        region.edit(D, f'      id_number: "{number}"\n', f'      id_number: "{number}"\n      minor: true\n')
    assert region.errors() == []
    assert not [w for w in region.warnings() if "证件号码" in w]


def test_resident_id_wrong_length_is_not_echoed(region: Region):
    region.edit(D, GOOD_RIC, GOOD_RIC[:15])
    lines = region.lines()
    assert lines == [
        "datasets/shijianju/decisions/2024.yaml:47: 证件号码 [party.id_number] — 居民身份证号码应为 18 位，实际为 15 位；请核对身份证上的号码"
    ]
    assert GOOD_RIC[:15] not in "".join(lines)


def test_passport_number_is_not_checked_as_resident_id(region: Region):
    region.edit(D, f'      id_type: 居民身份证\n      id_number: "{GOOD_RIC}"\n', "      id_type: 护照\n      id_number: E12345678\n")
    assert region.lines() == []


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("泸市监罚2024-39号", "不符合文号格式"),
        ("泸市监罚〔2024〕039号", "的序号有前导零"),
        ("泸市监罚〔24〕39号", "不符合文号格式"),
        ("泸市监罚〔1900〕39号", "中的年份 1900 不合理"),
        ("〔2024〕39号", "不符合文号格式"),
    ],
)
def test_document_number_format(region: Region, text: str, problem: str):
    region.edit(D, "泸市监罚〔2024〕39号", text)
    assert region.lines() == [f"datasets/shijianju/decisions/2024.yaml:2: 决定文书号 [doc_no] — “{text}”{problem}；" + DOC_NO_HINT]


@pytest.mark.parametrize("text", ["泸市监罚【2024】39号", "泸市监罚[2024]39号", "泸市监罚［2024］39号", " 泸市监罚〔2024〕39号"])
def test_document_number_brackets_are_normalised(region: Region, text: str):
    region.edit(D, "  - doc_no: 泸市监罚〔2024〕39号\n", f"  - doc_no: '{text}'\n")
    assert region.lines() == []
    assert region.report().dataset.department("shijianju").decisions[0]["doc_no"] == "泸市监罚〔2024〕39号"


# ---------------------------------------------------------------- warnings


def test_certificate_expiring_within_30_days(region: Region):
    region.edit(P, "    valid_until: 2027-12-31\n    status: 在岗\n    legal_review", "    valid_until: 2024-07-30\n    status: 在岗\n    legal_review")
    report = region.report()
    assert report.errors == []
    assert region.lines() == [
        "datasets/shijianju/personnel.yaml:10: [警告] 有效期至 [valid_until] — 执法证将于 2024-07-30 到期（30 日内）；请及时办理换证"
    ]


def test_certificate_expiring_in_31_days_is_quiet(region: Region):
    region.edit(P, "    valid_until: 2027-12-31\n    status: 在岗\n    legal_review", "    valid_until: 2024-07-31\n    status: 在岗\n    legal_review")
    assert region.lines() == []


def test_certificate_expired_while_on_duty(region: Region):
    region.edit(P, "    valid_until: 2027-12-31\n    status: 在岗\n    legal_review", "    valid_until: 2024-06-29\n    status: 在岗\n    legal_review")
    assert region.lines() == [
        "datasets/shijianju/personnel.yaml:10: [警告] 有效期至 [valid_until] — 执法证已于 2024-06-29 过期，但状态仍为在岗；"
        "请换发证件后更新有效期，或将状态改为离岗"
    ]


def test_expired_certificate_of_someone_no_longer_on_duty_is_quiet(region: Region):
    region.edit(P, "    valid_until: 2027-12-31\n    status: 在岗\n    legal_review", "    valid_until: 2020-01-01\n    status: 注销\n    legal_review")
    region.write(P, region.read(P) + "    legal_review: true\n")  # 李四 takes over legal review
    assert region.lines() == []


def test_legal_review_staff_under_5_percent(region: Region):
    region.edit(P, "    legal_review: true\n", "")
    assert region.lines() == [
        "datasets/shijianju/personnel.yaml:1: [警告] 法制审核人员 — 法制审核人员 0 人，不足在岗执法人员 2 人的 5%；"
        "法制审核人员原则上不少于执法人员总数的 5%，请充实法制审核力量"
    ]


def officer(i: int) -> str:
    return (
        f'  - name: 员工{i}\n    unit: 执法支队\n    cert_no: "5105{i:04d}"\n    categories:\n      - 市场监管\n'
        "    area: 泸州市\n    issuer: 四川省人民政府\n    valid_until: 2027-12-31\n    status: 在岗\n"
    )


def test_one_reviewer_among_20_is_enough(region: Region):
    text = region.read(P)  # 2 on duty, 1 reviewer
    region.write(P, text + "".join(officer(i) for i in range(100, 118)))  # 20 on duty: exactly 5%
    assert region.lines() == []
    region.write(P, text + "".join(officer(i) for i in range(100, 119)))  # 21 on duty
    assert region.lines() == [
        "datasets/shijianju/personnel.yaml:1: [警告] 法制审核人员 — 法制审核人员 1 人，不足在岗执法人员 21 人的 5%；"
        "法制审核人员原则上不少于执法人员总数的 5%，请充实法制审核力量"
    ]


def test_leftover_template_placeholder(region: Region):
    region.edit(DEPT, "address: 泸州市江阳区酒城大道一段 1 号\n", "address: （待填写：办公地址）\n")
    assert region.report().errors == []
    assert region.lines() == [
        "datasets/shijianju/department.yaml:4: [警告] 模板内容 [address] — “（待填写：办公地址）”仍是模板占位内容；请改为真实信息，否则将原样公开"
    ]


def test_warnings_come_after_errors(region: Region):
    region.edit(DEPT, "address: 泸州市江阳区酒城大道一段 1 号\n", "address: （待填写：办公地址）\n")
    region.edit(D, "    fine: 2000\n", "    fine: -1\n")
    assert [line.split(" — ")[0] for line in region.lines()] == [
        "datasets/shijianju/decisions/2024.yaml:21: 罚款金额（元） [fine]",
        "datasets/shijianju/department.yaml:4: [警告] 模板内容 [address]",
    ]
