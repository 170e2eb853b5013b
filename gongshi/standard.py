"""The gongshi data standard: every list a department keeps, every field, in one place.

Everything else (the validator, the JSON Schemas, the scaffold templates, the
data dictionary, the database columns) is derived from these definitions, so a
field's Chinese label and its meaning are written exactly once.

Convention: YAML keys are English snake_case (stable identifiers for code,
schemas and the API); values that editors choose from a list are the Chinese
terms of the governing texts (行政处罚, 罚款, 自然人 …), because those are what
the public sees and what editors already use.
"""

from __future__ import annotations

from .fieldtypes import MAX_INT as MAX_INT
from .fieldtypes import MAX_LENGTH as MAX_LENGTH
from .fieldtypes import TYPES as TYPES
from .fieldtypes import F
from .fieldtypes import Field as Field
from .fieldtypes import ListSpec as ListSpec

# ---------------------------------------------------------------- enumerations

POWER_TYPES = (
    "行政许可",
    "行政处罚",
    "行政强制",
    "行政征收",
    "行政给付",
    "行政检查",
    "行政确认",
    "行政奖励",
    "行政裁决",
    "其他行政权力",
)

DECISION_KINDS = ("行政许可", "行政处罚", "行政强制", "行政检查", "行政征收征用")

PENALTY_CATEGORIES = (
    "警告",
    "通报批评",
    "罚款",
    "没收违法所得",
    "没收非法财物",
    "暂扣许可证件",
    "降低资质等级",
    "吊销许可证件",
    "限制开展生产经营活动",
    "责令停产停业",
    "责令关闭",
    "限制从业",
    "行政拘留",
    "其他",
)

PARTY_KINDS = ("法人及非法人组织", "自然人", "个体工商户")
ORGANISATION, NATURAL_PERSON, SOLE_TRADER = PARTY_KINDS

ID_TYPES = (
    "居民身份证",
    "护照",
    "港澳居民来往内地通行证",
    "台湾居民来往大陆通行证",
    "外国人永久居留身份证",
    "其他",
)

WITHDRAWAL_KINDS = ("撤销", "确认违法", "确认无效", "变更", "要求重新作出")

# what brought a withdrawal about: counted in the annual statistics, not shown on the notice
WITHDRAWAL_CAUSES = ("行政复议", "行政诉讼", "自行纠正", "其他")

LICENCE_OUTCOMES = ("准予许可", "不予许可")
GRANTED, REFUSED = LICENCE_OUTCOMES

LICENCE_CATEGORIES = ("普通", "特许", "认可", "核准", "登记", "其他")

COERCION_MEASURES = (
    # 行政强制法 第九条 (measures) and 第十二条 (enforcement)
    "限制公民人身自由",
    "查封场所、设施或者财物",
    "扣押财物",
    "冻结存款、汇款",
    "其他行政强制措施",
    "加处罚款或者滞纳金",
    "划拨存款、汇款",
    "拍卖或者依法处理查封、扣押的场所、设施或者财物",
    "排除妨碍、恢复原状",
    "代履行",
    "其他强制执行方式",
)

INSPECTION_RESULTS = ("未发现问题", "发现问题已责令整改", "发现问题已立案查处", "检查对象无法联系或已停业", "其他")

PROCEDURES = ("简易程序", "普通程序")

OFFICER_STATUSES = ("在岗", "离岗", "暂扣", "注销")

# what can happen to an enforcement certificate after it is issued; 暂扣 and 注销 end its validity, 恢复 and
# 换证 restore it
CERTIFICATE_EVENTS = ("暂扣", "恢复", "注销", "换证")

REMEDY_KINDS = ("行政复议", "行政诉讼", "投诉举报")

DISCRETION_LEVELS = ("不予处罚", "减轻处罚", "从轻处罚", "一般处罚", "从重处罚")

# 有效期至 2099-12-31 conventionally means "long-term" (长期).
LONG_TERM = "2099-12-31"

# ---------------------------------------------------------------- shared parts

LEGAL_BASIS = F(
    "basis",
    "实施依据",
    "objects",
    "法律、法规、规章的名称、条款及条文内容。",
    required=True,
    fields=(
        F("law", "法律法规名称", "str", "含书名号，如《中华人民共和国食品安全法》。", required=True),
        F("article", "条款", "str", "如 第一百二十四条第一款。", required=True),
        F("text", "条文内容", "text", "所引条款的原文。"),
    ),
)

REVISION = F(
    "revisions",
    "修订记录",
    "objects",
    "清单的历次调整，最新的在前。",
    fields=(
        F("date", "修订日期", "date", "调整生效的日期。", required=True),
        F("summary", "修订说明", "text", "因何调整、调整了什么。", required=True),
    ),
)

LIST_HEADER = (
    F("revised", "最近修订日期", "date", "本清单最近一次调整的日期，页面据此显示“最近修订”。", required=True),
    REVISION,
)

# ---------------------------------------------------------------- region

REGION = ListSpec(
    name="region",
    label="地区信息",
    filename="region.yaml",
    doc="本站所覆盖的行政区域，位于 datasets/ 根目录。",
    is_list=False,
    fields=(
        F("name", "地区名称", "str", "如 泸州市。", required=True),
        F("code", "行政区划代码", "region", "GB/T 2260 六位代码，如 510500。", required=True),
        F("site_title", "网站名称", "str", "页面标题，如 泸州市行政执法公示平台。", required=True),
        F("publisher", "主办单位", "str", "网站主办单位，通常为司法局。", required=True),
        F("contact", "联系方式", "str", "网站纠错与咨询的办公电话或邮箱。"),
        F("base_url", "网站地址", "url", "公开访问的网址，用于订阅源中的链接。"),
        F(
            "deadlines",
            "公示时限",
            "object",
            "不填的项按国家规定：许可、处罚决定 7 个工作日，其他执法结果 20 个工作日（国办发〔2018〕118号）；撤回的决定 1 日内撤下（川办发〔2019〕34号）。",
            fields=(
                F("decision_days", "许可、处罚决定公示时限（工作日）", "int", "自决定作出之日起的工作日数，默认 7。", min_value=1, max_value=365),
                F("other_days", "其他执法结果公示时限（工作日）", "int", "自决定作出之日起的工作日数，默认 20。", min_value=1, max_value=365),
                F("withdrawal_days", "撤下时限（日）", "int", "自撤销等法律文书生效之日起的日数，默认 1；行政处罚法规定 3 日。", min_value=1, max_value=365),
            ),
        ),
        F(
            "publicity",
            "公示期限",
            "object",
            "决定未填公示截止期时的默认期限（市场监督管理行政处罚信息公示规定）。决定自己填写的公示截止期优先。",
            fields=(
                F("penalty_years", "行政处罚公示年限", "int", "自公示之日起的年数，默认 3。", min_value=1, max_value=100),
                F("longer_years", "特定领域行政处罚公示年限", "int", "食品、药品、特种设备等领域，默认 5。", min_value=1, max_value=100),
                F("longer_sectors", "适用较长年限的领域", "strs", "与权力清单的“监管领域”一致，默认 食品、药品、特种设备。"),
                F("summary_procedure", "公示简易程序处罚", "bool", "默认否：简易程序作出的行政处罚不公示，除非决定填写了公示截止期。"),
                F("warnings_only", "公示仅警告的处罚", "bool", "默认否：仅给予警告的行政处罚不公示，除非决定填写了公示截止期。"),
            ),
        ),
        F(
            "supervision",
            "执法监督",
            "object",
            "gongshi check 与公开及时性统计的设置。",
            fields=(
                F("stale_months", "清单未修订提醒（月）", "int", "清单超过这些月未修订时提醒，默认 12。", min_value=1, max_value=1200),
                F("timeliness_page", "公开及时性统计页", "bool", "是否在网站上公开及时性统计，默认是。"),
            ),
        ),
    ),
)

# ---------------------------------------------------------------- department profile

DEPARTMENT = ListSpec(
    name="departments",
    label="执法主体",
    filename="department.yaml",
    doc="执法主体的基本信息、职责、权限与救济渠道。",
    is_list=False,
    fields=(
        F("name", "执法主体名称", "str", "与印章一致的全称。", required=True),
        F("short_name", "简称", "str", "文号中的机关代字之外的常用简称。"),
        F("uscc", "统一社会信用代码", "uscc", "18 位统一社会信用代码。", required=True),
        F("region_code", "行政区划代码", "region", "所在行政区域的六位代码。", required=True),
        F("address", "办公地址", "str", "办公地点。", required=True),
        F("phone", "办公电话", "phone", "对外公布的办公电话（不得填写个人手机号码）。", required=True),
        F("website", "门户网站", "url", "部门网站地址。"),
        F("hours", "办公时间", "str", "如 工作日 9:00—12:00、13:30—17:30。"),
        F("duties", "主要职责", "strs", "法定职责，一条一项。", required=True),
        F("authority", "执法权限", "text", "依法享有的执法权限概述。", required=True),
        F("legal_basis", "设立及职责依据", "strs", "三定方案、法律法规等。", required=True),
        F("procedures", "执法程序", "text", "一般执法程序说明。", required=True),
        F(
            "remedies",
            "救济渠道",
            "objects",
            "行政复议、行政诉讼、投诉举报的受理机关、地址、电话和期限。",
            required=True,
            fields=(
                F("kind", "救济方式", "enum", "行政复议、行政诉讼或投诉举报。", required=True, choices=REMEDY_KINDS),
                F("body", "受理机关", "str", "如 泸州市人民政府。", required=True),
                F("address", "地址", "str", "受理地点。"),
                F("phone", "电话", "phone", "受理电话。"),
                F("time_limit", "期限", "str", "如 自知道该行政行为之日起六十日内。", required=True),
                F("note", "说明", "text", "其他须知。"),
            ),
        ),
        F(
            "legal_review_unit",
            "法制审核机构",
            "object",
            "承担法制审核工作的机构。",
            required=True,
            fields=(
                F("name", "机构名称", "str", "如 政策法规科。", required=True),
                F("phone", "电话", "phone", "办公电话。"),
            ),
        ),
        F("revised", "最近修订日期", "date", "本页信息最近一次调整的日期。", required=True),
    ),
)

# ---------------------------------------------------------------- lists published before enforcement

POWERS = ListSpec(
    name="powers",
    label="权力清单",
    filename="powers.yaml",
    doc="行政权力事项清单（9+X 类）。",
    key="code",
    fields=(
        F("code", "事项编码", "code", "本部门内唯一的事项编码。", required=True),
        F("name", "事项名称", "str", "权力事项的名称。", required=True),
        F("type", "权力类型", "enum", "9+X 类之一。", required=True, choices=POWER_TYPES),
        F("sub_items", "子项", "strs", "事项下的子项。"),
        LEGAL_BASIS,
        F("body", "实施主体", "str", "实施该事项的机关或机构。", required=True),
        F("responsibilities", "责任事项", "strs", "受理、审查、决定、送达等环节的责任。", required=True),
        F("accountability", "追责情形", "strs", "应当追究责任的情形。", required=True),
        F("flowchart", "流程图", "code", "流程图清单中的编号。"),
        F("guide", "服务指南", "code", "服务指南清单中的编号。"),
        F("discretion", "裁量基准", "codes", "裁量基准清单中的编号。"),
        F("sector", "监管领域", "str", "如 食品、药品、特种设备：这些领域的行政处罚默认公示 5 年。"),
        F("remarks", "备注", "text", "其他说明。"),
    ),
)

INSPECTION_ITEMS = ListSpec(
    name="inspection_items",
    label="随机抽查事项清单",
    filename="inspection_items.yaml",
    doc="“双随机、一公开”抽查事项。",
    key="code",
    fields=(
        F("code", "编号", "code", "本部门内唯一的抽查事项编号。", required=True),
        F("name", "抽查事项名称", "str", "抽查事项。", required=True),
        F("sub_items", "抽查子项", "strs", "抽查内容的子项。"),
        F("basis", "抽查依据", "objects", LEGAL_BASIS.doc, required=True, fields=LEGAL_BASIS.fields),
        F("body", "抽查主体", "str", "实施抽查的机关。", required=True),
        F("targets", "抽查对象", "str", "被抽查的对象范围。", required=True),
        F("method", "抽查方式", "str", "如 现场检查、书面检查、网络监测。", required=True),
        F("ratio", "抽查比例", "str", "如 不低于 5%。", required=True),
        F("frequency", "抽查频次", "str", "如 每年不少于 1 次。", required=True),
        F("domain", "抽查领域", "str", "所属监管领域。"),
        F("remarks", "备注", "text", "其他说明。"),
    ),
)

PERSONNEL = ListSpec(
    name="personnel",
    label="执法人员清单",
    filename="personnel.yaml",
    doc="持证执法人员。只公开姓名、单位、证件号和执法信息，不得填写身份证号、手机号。",
    key="cert_no",
    fields=(
        F("name", "姓名", "str", "执法人员姓名。", required=True),
        F("unit", "所属单位", "str", "所在科室或机构。", required=True),
        F("cert_no", "执法证号", "code", "行政执法证件号码。", required=True),
        F("categories", "执法类别", "strs", "证件载明的执法类别。", required=True),
        F("area", "执法区域", "str", "证件载明的执法区域。", required=True),
        F("issuer", "发证机关", "str", "如 四川省人民政府。", required=True),
        F("valid_until", "有效期至", "date", "证件有效期截止日。", required=True),
        F("status", "状态", "enum", "在岗、离岗、暂扣或注销。", required=True, choices=OFFICER_STATUSES),
        F("legal_review", "法制审核人员", "bool", "是否从事法制审核工作。"),
        F("issued", "发证日期", "date", "证件的发证日期；此前签发的决定不能由其承办。"),
        F(
            "history",
            "证件记录",
            "objects",
            "证件的暂扣、恢复、注销等记录，用于核对决定作出当日和今天证件是否有效；记录本身不公开，证件核验页只显示证件是否有效。",
            private=True,
            fields=(
                F("date", "日期", "date", "事项生效的日期。", required=True),
                F("event", "事项", "enum", "暂扣、恢复、注销或换证。", required=True, choices=CERTIFICATE_EVENTS),
                F("note", "说明", "str", "如 依据的文件。"),
            ),
        ),
    ),
)

SERVICE_GUIDES = ListSpec(
    name="service_guides",
    label="服务指南",
    filename="service_guides.yaml",
    doc="依申请事项的办事指南。",
    key="id",
    fields=(
        F("id", "指南编号", "code", "本部门内唯一的编号。", required=True),
        F("power_code", "事项编码", "code", "对应权力清单中的事项编码。", required=True),
        F("name", "事项名称", "str", "办理事项名称。", required=True),
        F("accepting_body", "受理机构", "str", "受理申请的机构。", required=True),
        F("approving_body", "审批机构", "str", "作出决定的机关。", required=True),
        F("conditions", "受理条件", "strs", "申请应当具备的条件。", required=True),
        F(
            "materials",
            "申请材料",
            "objects",
            "应提交的材料。",
            required=True,
            fields=(
                F("name", "材料名称", "str", "材料名称。", required=True),
                F("form", "形式及份数", "str", "如 原件 1 份。"),
                F("note", "说明", "text", "填写要求等。"),
            ),
        ),
        F("statutory_days", "法定办结时限", "int", "法定办结时限（工作日）。", required=True),
        F("promised_days", "承诺办结时限", "int", "承诺办结时限（工作日），不得长于法定时限。", required=True),
        F("fees", "收费标准", "text", "收费项目、标准及依据；不收费写“不收费”。", required=True),
        F("process", "办理流程", "strs", "办理步骤，一步一项。", required=True),
        F("location", "办理地点", "str", "窗口地址。", required=True),
        F("hours", "办理时间", "str", "窗口办公时间。", required=True),
        F("phone", "咨询电话", "phone", "咨询电话。", required=True),
        F("online_url", "网上办理地址", "url", "网上办理入口。"),
        F("remedies", "救济途径", "text", "对决定不服时的救济途径。", required=True),
        F("flowchart", "流程图", "code", "流程图清单中的编号。"),
    ),
)

FLOWCHARTS = ListSpec(
    name="flowcharts",
    label="流程图",
    filename="flowcharts.yaml",
    doc="执法流程图。每个环节写明承办者和时限，页面同时给出文字版本。",
    key="id",
    fields=(
        F("id", "流程图编号", "code", "本部门内唯一的编号。", required=True),
        F("name", "流程名称", "str", "如 食品经营许可办理流程。", required=True),
        F("power_code", "事项编码", "code", "对应权力清单中的事项编码。"),
        F(
            "steps",
            "环节",
            "objects",
            "按先后顺序列出环节；第一个环节是起点，没有后续环节的是终点。",
            required=True,
            fields=(
                F("id", "环节编号", "code", "流程内唯一，如 S1。", required=True),
                F("name", "环节名称", "str", "如 受理。", required=True),
                F("actor", "承办者", "str", "办理该环节的机构或岗位。", required=True),
                F("time_limit", "时限", "str", "如 当场、5 个工作日。", required=True),
                F("when", "进入条件", "str", "分支环节的进入条件，如 材料不齐全。"),
                F("next", "后续环节", "codes", "后续环节的编号。"),
            ),
        ),
    ),
)

DISCRETION_STANDARDS = ListSpec(
    name="discretion_standards",
    label="裁量基准",
    filename="discretion_standards.yaml",
    doc="行政处罚裁量基准：违法行为、依据及各裁量阶次的适用情形和处罚标准。",
    key="id",
    fields=(
        F("id", "基准编号", "code", "本部门内唯一的编号。", required=True),
        F("power_code", "事项编码", "code", "对应权力清单中的事项编码。", required=True),
        F("name", "违法行为", "str", "违法行为名称。", required=True),
        F("basis", "处罚依据", "text", "设定处罚的法律条款。", required=True),
        F(
            "levels",
            "裁量阶次",
            "objects",
            "各裁量阶次。",
            required=True,
            fields=(
                F("level", "裁量阶次", "enum", "不予处罚、减轻、从轻、一般或从重。", required=True, choices=DISCRETION_LEVELS),
                F("circumstances", "适用情形", "text", "适用该阶次的情形。", required=True),
                F("penalty", "处罚标准", "text", "该阶次的处罚种类和幅度。", required=True),
            ),
        ),
    ),
)

# ---------------------------------------------------------------- decisions (published after enforcement)

PARTY = F(
    "party",
    "行政相对人",
    "object",
    "执法对象。自然人的证件信息只采集、不公开；姓名公开时隐去名字。",
    required=True,
    fields=(
        F("name", "行政相对人名称", "str", "单位全称或自然人姓名。", required=True, searchable=True),
        F("kind", "行政相对人类别", "enum", "法人及非法人组织、自然人或个体工商户。", required=True, choices=PARTY_KINDS),
        F("uscc", "统一社会信用代码", "uscc", "单位和个体工商户必填。", searchable=True),
        F("legal_rep", "法定代表人", "str", "单位必填。"),
        F("operator", "经营者", "str", "个体工商户的经营者姓名（自然人，公开时隐去名字）。", private=True),
        F("id_type", "证件类型", "enum", "自然人必填；只采集、不公开。", choices=ID_TYPES, private=True),
        F("id_number", "证件号码", "code", "自然人必填；只采集、不公开。", private=True),
        F("minor", "未成年人", "bool", "当事人为未成年人的，决定不予公开。", private=True),
    ),
)

WITHDRAWAL = F(
    "withdrawal",
    "撤回信息",
    "object",
    "决定被撤销、确认违法或无效、变更或要求重新作出的，填写本项；公示将在 1 日内撤下并公布原因。",
    fields=(
        F("date", "生效日期", "date", "撤销等法律文书生效的日期。", required=True),
        F("taken_down", "撤下日期", "date", "原决定实际撤下的日期（如在原平台撤下）；不填时以构建首次显示撤回公告的日期为准。"),
        F("kind", "撤回类型", "enum", "撤销、确认违法、确认无效、变更或要求重新作出。", required=True, choices=WITHDRAWAL_KINDS),
        F("reason", "撤回原因", "text", "向社会公布的原因。", required=True),
        F("document", "依据文书", "str", "如 复议决定书、判决书的文号。", required=True, free_text=True),
        F("cause", "撤回缘由", "enum", "行政复议、行政诉讼、自行纠正或其他；用于年度统计，不在撤回公告中显示。", choices=WITHDRAWAL_CAUSES),
    ),
)

DECISION_COMMON = (
    F("doc_no", "决定文书号", "docno", "如 泸市监罚〔2024〕39号；【】和 [] 会统一为〔〕。", required=True, searchable=True),
    F("kind", "执法类别", "enum", "行政许可、行政处罚、行政强制、行政检查或行政征收征用。", required=True, choices=DECISION_KINDS),
    F("title", "决定书名称", "str", "如 行政处罚决定书。", free_text=True),
    F("power_code", "事项编码", "code", "对应权力清单中的事项编码。", required=True),
    F("decision_date", "决定日期", "date", "作出决定的日期。", required=True),
    F("published", "公示日期", "date", "首次公示的日期；不填时以构建当天首次公示为准。"),
    F("publicity_until", "公示截止期", "date", "到期后不再公示；不填时按类别的默认期限。"),
    PARTY,
    F(
        "persons",
        "文中其他自然人",
        "strs",
        "违法事实、结论等文字中提到的证人、家属等其他自然人的姓名，一人一项；只用于在公开时把这些姓名隐去（如 王某某），本身不公开。",
        private=True,
    ),
    F("conclusion", "执法结论", "text", "决定的结论，如 罚款人民币 2000 元、准予许可。", required=True),
    F("officers", "执法人员", "codes", "承办执法人员的执法证号。"),
    F("procedure", "案件程序类别", "enum", "简易程序或普通程序。", choices=PROCEDURES),
    F("legal_review", "经法制审核", "bool", "作出决定前是否经过法制审核。"),
    F("major", "重大执法决定", "bool", "是否为重大执法决定（须经法制审核）。"),
    F("corrected", "更正日期", "date", "公示内容最近一次更正的日期。"),
    WITHDRAWAL,
    F("remarks", "备注", "text", "其他说明。"),
)

PENALTY_FIELDS = (
    F("violation_type", "违法行为类型", "str", "违法行为的类型。", required=True, free_text=True),
    F("facts", "违法事实", "text", "主要违法事实（不得包含个人身份证号、电话、住址等）。", required=True),
    F("basis", "处罚依据", "text", "作出处罚所依据的法律条款。", required=True),
    F("categories", "处罚类别", "enums", "一项或多项处罚种类。", required=True, choices=PENALTY_CATEGORIES),
    F("content", "处罚内容", "text", "处罚的具体内容。", required=True),
    F("fine", "罚款金额（元）", "money", "处罚类别含“罚款”时必填，以元为单位。"),
    F("confiscation", "没收金额（元）", "money", "没收违法所得、非法财物的金额，以元为单位。"),
    F("licence_affected", "暂扣或吊销证照名称及编号", "str", "处罚类别含暂扣或吊销许可证件时必填。", free_text=True),
    F("penalty_until", "处罚有效期", "date", "处罚决定的有效期。"),
    F("discretion", "裁量基准", "code", "适用的裁量基准编号。"),
)

LICENSING_FIELDS = (
    F("outcome", "许可结果", "enum", "准予许可或不予许可，不填为准予许可。不予许可的决定只计入年度统计，不公示（填写公示截止期的除外）。", choices=LICENCE_OUTCOMES),
    F("licence_category", "许可类别", "enum", "普通、特许、认可、核准、登记或其他。", required=True, choices=LICENCE_CATEGORIES),
    F("licence_name", "许可证书名称", "str", "如 食品经营许可证。", free_text=True),
    F("licence_no", "许可编号", "code", "许可证书编号。"),
    F("content", "许可内容", "text", "许可的范围和内容。", required=True),
    F("valid_from", "有效期自", "date", "许可生效日期；不予许可的不填。", required=True, unless=("outcome", REFUSED)),
    F("valid_until", "有效期至", "date", "许可截止日期；长期有效填 2099-12-31；不予许可的不填。", required=True, unless=("outcome", REFUSED)),
)

COERCION_FIELDS = (
    F("measure", "强制措施", "enum", "行政强制法第九条、第十二条规定的种类。", required=True, choices=COERCION_MEASURES),
    F("facts", "事实", "text", "采取强制的事实和理由。", required=True),
    F("basis", "强制依据", "text", "采取强制所依据的法律条款。", required=True),
    F("content", "强制内容", "text", "强制的对象、范围和内容。", required=True),
    F("period_from", "期限自", "date", "强制措施开始日期。"),
    F("period_until", "期限至", "date", "强制措施截止日期。"),
)

INSPECTION_FIELDS = (
    F("subject", "检查事项", "str", "检查的事项。", required=True, free_text=True),
    F("inspection_item", "抽查事项编号", "code", "属于随机抽查的，填写随机抽查事项清单中的编号。"),
    F("result", "检查结果", "enum", "检查结论。", required=True, choices=INSPECTION_RESULTS),
    F("findings", "检查情况", "text", "发现的问题及处理情况。"),
)

EXPROPRIATION_FIELDS = (
    F("subject", "征收征用事项", "str", "征收或征用的事项。", required=True, free_text=True),
    F("basis", "征收征用依据", "text", "所依据的法律条款。", required=True),
    F("content", "征收征用内容", "text", "征收征用的对象、范围和标准。", required=True),
    F("amount", "金额（元）", "money", "征收金额或补偿金额，以元为单位。"),
)

DECISIONS = ListSpec(
    name="decisions",
    label="执法决定",
    filename="decisions/",
    doc="行政执法决定（事后公开）。放在 decisions/ 目录下，可按年份分文件，如 decisions/2024.yaml。",
    key="doc_no",
    fields=DECISION_COMMON,
    kinds={
        "行政处罚": PENALTY_FIELDS,
        "行政许可": LICENSING_FIELDS,
        "行政强制": COERCION_FIELDS,
        "行政检查": INSPECTION_FIELDS,
        "行政征收征用": EXPROPRIATION_FIELDS,
    },
)

# ---------------------------------------------------------------- annual figures reported by hand

# counts of a whole year: far more than the day counts MAX_INT is made for
_COUNT = {"min_value": 0, "max_value": 100_000_000}

ANNUAL = ListSpec(
    name="annual",
    label="年度填报数据",
    filename="annual/",
    doc="执法决定中统计不出的上一年度数据，每年 1 月 31 日前填报，放在 annual/ 目录下，文件名为年份，如 annual/2026.yaml。"
    "年度统计页面和开放数据把这些数字标为“填报”，与由执法决定统计的数字区分。",
    is_list=False,
    fields=(
        F("compiled", "填报日期", "date", "填报或最近一次修改这些数字的日期。", required=True),
        F("licence_applications", "行政许可申请件数", "int", "本年度收到的行政许可申请件数。", **_COUNT),
        F("licence_accepted", "行政许可受理件数", "int", "其中受理的件数。", **_COUNT),
        F("reconsiderations", "被申请行政复议件数", "int", "本机关作为被申请人的行政复议案件数。", **_COUNT),
        F("reconsiderations_corrected", "复议纠错件数", "int", "其中被撤销、变更、确认违法或责令履行的件数。", **_COUNT),
        F("lawsuits", "行政诉讼案件数", "int", "本机关作为被告的行政诉讼案件数。", **_COUNT),
        F("lawsuits_lost", "行政诉讼败诉件数", "int", "其中判决本机关败诉的件数。", **_COUNT),
        F("complaints", "受理投诉举报件数", "int", "本年度受理的投诉、举报件数。", **_COUNT),
        F("complaints_handled", "办结投诉举报件数", "int", "其中已办结的件数。", **_COUNT),
        F("inspections_unwritten", "未作出书面决定的执法检查次数", "int", "未作出书面检查决定或结果的执法检查次数（现场检查、日常巡查等）。", **_COUNT),
    ),
)

# The lists a department folder may hold, in the order the site shows them.
DEPARTMENT_LISTS = (
    POWERS,
    INSPECTION_ITEMS,
    PERSONNEL,
    SERVICE_GUIDES,
    FLOWCHARTS,
    DISCRETION_STANDARDS,
)
ALL_SPECS = (REGION, DEPARTMENT, *DEPARTMENT_LISTS, DECISIONS, ANNUAL)
BY_FILENAME = {s.filename: s for s in (DEPARTMENT, *DEPARTMENT_LISTS)}

# Fields that name a record of another list of the same department:
# (list, field) → the list referred to. The validator checks them, the site
# links them and the open data makes them foreign keys.
REFERENCES = {
    ("powers", "flowchart"): "flowcharts",
    ("powers", "guide"): "service_guides",
    ("powers", "discretion"): "discretion_standards",
    ("service_guides", "power_code"): "powers",
    ("service_guides", "flowchart"): "flowcharts",
    ("flowcharts", "power_code"): "powers",
    ("discretion_standards", "power_code"): "powers",
    ("decisions", "power_code"): "powers",
    ("decisions", "discretion"): "discretion_standards",
    ("decisions", "inspection_item"): "inspection_items",
    ("decisions", "officers"): "personnel",
}

# Default publicity periods (months from the 公示日期) of the kinds other than penalties and licences, used
# when a decision has no 公示截止期 (penalties and licences: timelimits.default_end, with its sources).
DEFAULT_PUBLICITY_MONTHS = {
    "行政处罚": 36,
    "行政许可": 36,
    "行政强制": 36,
    "行政检查": 12,
    "行政征收征用": 36,
}
