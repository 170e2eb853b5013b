"""A small, valid datasets folder written as YAML text, for validator tests.

Every file is plain text with no comments, so a test can say "line 14 of
decisions/2024.yaml" and mean it. Each test starts from the valid region and
changes exactly one thing with `Region.edit` (which insists the text to change
occurs exactly once), then pins the full message lines.

Line numbers worth knowing are noted next to the text below.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from gongshi.load import Report, validate

AS_OF = date(2024, 6, 30)

DEPT_USCC = "11510500008765432H"
OTHER_DEPT_USCC = "11510500008765433L"  # a second body's code, for regions of two departments
ORG_USCC = "91510502MA6200000D"
TRADER_USCC = "92510502MA6200000A"
GOOD_RIC = "11010519491231002X"  # the GB 11643-1999 sample number
BAD_CHECKSUM_RIC = "510502199003071231"
BAD_BIRTHDATE_RIC = "510502199002301239"  # check digit right, 1990-02-30 does not exist

REGION_YAML = """\
name: 泸州市
code: "510500"
site_title: 泸州市行政执法公示平台
publisher: 泸州市司法局
"""

DEPARTMENT_YAML = f"""\
name: 泸州市市场监督管理局
uscc: {DEPT_USCC}
region_code: "510500"
address: 泸州市江阳区酒城大道一段 1 号
phone: 0830-3196000
duties:
  - 负责市场综合监督管理
authority: 依法查处市场违法行为。
legal_basis:
  - 《泸州市市场监督管理局职能配置、内设机构和人员编制规定》
procedures: 立案、调查、审核、决定、送达。
remedies:
  - kind: 行政复议
    body: 泸州市人民政府
    time_limit: 自知道该行政行为之日起六十日内
legal_review_unit:
  name: 政策法规科
revised: 2024-01-15
"""
# department.yaml lines: 5 phone, 13 remedies[0].kind, 17 legal_review_unit.name, 18 revised

POWERS_YAML = """\
revised: 2024-01-15
items:
  - code: CF-001
    name: 对销售不符合食品安全标准食品的处罚
    type: 行政处罚
    basis:
      - law: 《中华人民共和国食品安全法》
        article: 第一百二十四条
    body: 泸州市市场监督管理局
    responsibilities:
      - 立案责任
    accountability:
      - 未依法履职的
    discretion:
      - D-001
  - code: XK-001
    name: 食品经营许可
    type: 行政许可
    basis:
      - law: 《中华人民共和国食品安全法》
        article: 第三十五条
    body: 泸州市市场监督管理局
    responsibilities:
      - 受理责任
    accountability:
      - 未依法履职的
    flowchart: LC-001
    guide: ZN-001
  - code: QZ-001
    name: 查封、扣押有关场所、物品
    type: 行政强制
    basis:
      - law: 《中华人民共和国食品安全法》
        article: 第一百一十条
    body: 泸州市市场监督管理局
    responsibilities:
      - 决定责任
    accountability:
      - 未依法履职的
  - code: JC-001
    name: 食品经营监督检查
    type: 行政检查
    basis:
      - law: 《中华人民共和国食品安全法》
        article: 第一百一十条
    body: 泸州市市场监督管理局
    responsibilities:
      - 检查责任
    accountability:
      - 未依法履职的
  - code: ZS-001
    name: 征收广告费
    type: 行政征收
    basis:
      - law: 《某某条例》
        article: 第一条
    body: 泸州市市场监督管理局
    responsibilities:
      - 征收责任
    accountability:
      - 未依法履职的
"""
# powers.yaml: items[0] CF-001 (行政处罚) at line 3, type line 5, discretion[0] line 15;
# items[1] XK-001 (行政许可) at line 16, flowchart line 27, guide line 28; items[2] QZ-001 line 29;
# items[3] JC-001 line 40; items[4] ZS-001 line 51.

INSPECTION_ITEMS_YAML = """\
revised: 2024-01-15
items:
  - code: CC-001
    name: 食品经营者检查
    basis:
      - law: 《中华人民共和国食品安全法》
        article: 第一百一十条
    body: 泸州市市场监督管理局
    targets: 食品经营者
    method: 现场检查
    ratio: 不低于 5%
    frequency: 每年不少于 1 次
"""

PERSONNEL_YAML = """\
revised: 2024-01-15
items:
  - name: 张三
    unit: 执法支队
    cert_no: "51050001"
    categories:
      - 市场监管
    area: 泸州市
    issuer: 四川省人民政府
    valid_until: 2027-12-31
    status: 在岗
    legal_review: true
  - name: 李四
    unit: 执法支队
    cert_no: "51050002"
    categories:
      - 市场监管
    area: 泸州市
    issuer: 四川省人民政府
    valid_until: 2027-12-31
    status: 在岗
"""
# personnel.yaml: items[0] line 3 (cert_no 5, valid_until 10, status 11, legal_review 12);
# items[1] line 13 (cert_no 15, valid_until 20, status 21).

SERVICE_GUIDES_YAML = """\
revised: 2024-01-15
items:
  - id: ZN-001
    power_code: XK-001
    name: 食品经营许可
    accepting_body: 政务服务中心市场监管窗口
    approving_body: 泸州市市场监督管理局
    conditions:
      - 有与经营的食品品种、数量相适应的经营场所
    materials:
      - name: 食品经营许可申请书
    statutory_days: 20
    promised_days: 10
    fees: 不收费
    process:
      - 申请
      - 受理
    location: 泸州市政务服务中心
    hours: 工作日 9:00—17:00
    phone: 0830-3196000
    remedies: 依法申请行政复议或提起行政诉讼。
    flowchart: LC-001
"""
# service_guides.yaml: power_code line 4, statutory_days 12, promised_days 13, phone 20, flowchart 22.

FLOWCHARTS_YAML = """\
revised: 2024-01-15
items:
  - id: LC-001
    name: 食品经营许可办理流程
    power_code: XK-001
    steps:
      - id: S1
        name: 受理
        actor: 窗口
        time_limit: 当场
        next:
          - S2
      - id: S2
        name: 决定
        actor: 审批科
        time_limit: 10 个工作日
"""
# flowcharts.yaml: power_code line 5, steps line 7, steps[0].next[0] line 12, steps[1].id line 13.

DISCRETION_YAML = """\
revised: 2024-01-15
items:
  - id: D-001
    power_code: CF-001
    name: 销售不符合食品安全标准的食品
    basis: 《中华人民共和国食品安全法》第一百二十四条
    levels:
      - level: 一般处罚
        circumstances: 初次违法
        penalty: 罚款五万元
"""
# discretion_standards.yaml: power_code line 4, levels[0].level line 8.

DECISIONS_YAML = f"""\
items:
  - doc_no: 泸市监罚〔2024〕39号
    kind: 行政处罚
    power_code: CF-001
    decision_date: 2024-03-05
    party:
      name: 泸州某某食品有限公司
      kind: 法人及非法人组织
      uscc: {ORG_USCC}
      legal_rep: 王某
    conclusion: 罚款人民币 2000 元
    officers:
      - "51050001"
      - "51050002"
    violation_type: 食品安全
    facts: 销售过期食品。
    basis: 《中华人民共和国食品安全法》第一百二十四条
    categories:
      - 罚款
    content: 罚款人民币 2000 元。
    fine: 2000
    discretion: D-001
  - doc_no: 泸市监许〔2024〕7号
    kind: 行政许可
    power_code: XK-001
    decision_date: 2024-04-01
    party:
      name: 江阳区某某便利店
      kind: 个体工商户
      uscc: {TRADER_USCC}
      operator: 赵某某
    conclusion: 准予许可
    licence_category: 普通
    licence_name: 食品经营许可证
    licence_no: JY15105020012345
    content: 预包装食品销售
    valid_from: 2024-04-01
    valid_until: 2029-03-31
  - doc_no: 泸市监强〔2024〕3号
    kind: 行政强制
    power_code: QZ-001
    decision_date: 2024-05-10
    party:
      name: 刘某某
      kind: 自然人
      id_type: 居民身份证
      id_number: "{GOOD_RIC}"
    conclusion: 扣押过期食品 20 箱
    measure: 扣押财物
    facts: 涉嫌销售过期食品。
    basis: 《中华人民共和国食品安全法》第一百一十条
    content: 扣押过期食品 20 箱
    period_from: 2024-05-10
    period_until: 2024-06-08
  - doc_no: 泸市监检〔2024〕12号
    kind: 行政检查
    power_code: JC-001
    decision_date: 2024-05-20
    party:
      name: 泸州某某食品有限公司
      kind: 法人及非法人组织
      uscc: {ORG_USCC}
      legal_rep: 王某
    conclusion: 未发现问题
    subject: 食品经营日常检查
    inspection_item: CC-001
    result: 未发现问题
  - doc_no: 泸市监征〔2024〕1号
    kind: 行政征收征用
    power_code: ZS-001
    decision_date: 2024-06-01
    party:
      name: 泸州某某食品有限公司
      kind: 法人及非法人组织
      uscc: {ORG_USCC}
      legal_rep: 王某
    conclusion: 征收广告费 500 元
    subject: 广告费
    basis: 《某某条例》第一条
    content: 征收广告费 500 元
    amount: 500
"""
# decisions/2024.yaml
#   items[0] 行政处罚, line 2: kind 3, power_code 4, decision_date 5, party 6 (name 7, kind 8, uscc 9,
#     legal_rep 10), conclusion 11, officers[0] 13, officers[1] 14, categories[0] 19, content 20, fine 21,
#     discretion 22
#   items[1] 行政许可, line 23: power_code 25, decision_date 26, party.name 28, party.kind 29, uscc 30,
#     operator 31, licence_category 33, valid_from 37, valid_until 38
#   items[2] 行政强制, line 39: decision_date 42, party.name 44, kind 45, id_type 46, id_number 47,
#     period_from 53, period_until 54
#   items[3] 行政检查, line 55: party.name 60, inspection_item 66, result 67
#   items[4] 行政征收征用, line 68: party.name 73, amount 81

FILES = {
    "region.yaml": REGION_YAML,
    "shijianju/department.yaml": DEPARTMENT_YAML,
    "shijianju/powers.yaml": POWERS_YAML,
    "shijianju/inspection_items.yaml": INSPECTION_ITEMS_YAML,
    "shijianju/personnel.yaml": PERSONNEL_YAML,
    "shijianju/service_guides.yaml": SERVICE_GUIDES_YAML,
    "shijianju/flowcharts.yaml": FLOWCHARTS_YAML,
    "shijianju/discretion_standards.yaml": DISCRETION_YAML,
    "shijianju/decisions/2024.yaml": DECISIONS_YAML,
}


class Region:
    """A datasets folder under `base` (messages are shown relative to `base`)."""

    def __init__(self, base: Path, name: str = "datasets") -> None:
        self.base = base
        self.root = base / name
        for rel, text in FILES.items():
            self.write(rel, text)

    def path(self, rel: str) -> Path:
        return self.root / rel

    def read(self, rel: str) -> str:
        return self.path(rel).read_text(encoding="utf-8")

    def write(self, rel: str, text: str) -> None:
        path = self.path(rel)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")

    def edit(self, rel: str, old: str, new: str, count: int = 1) -> None:
        """Replace `old` by `new` in one file; `old` must occur exactly `count` times."""
        text = self.read(rel)
        found = text.count(old)
        assert found == count, f"{old!r} occurs {found} times in {rel}, expected {count}"
        self.write(rel, text.replace(old, new))

    def report(self, as_of: date = AS_OF) -> Report:
        return validate(self.root, as_of)

    def lines(self, as_of: date = AS_OF) -> list[str]:
        """Every problem, formatted as `gongshi validate` prints it from `base`."""
        return [p.format(self.base) for p in self.report(as_of).problems]

    def errors(self, as_of: date = AS_OF) -> list[str]:
        return [p.format(self.base) for p in self.report(as_of).errors]

    def warnings(self, as_of: date = AS_OF) -> list[str]:
        return [p.format(self.base) for p in self.report(as_of).warnings]
