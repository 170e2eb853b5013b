"""The national 双公示 field set (../shared/EXCHANGE.md) and how each column maps to the data standard.

Export, import and the editors' template all read the columns from here, so a column's code, its Chinese
name, its place and its meaning are written once. After the national columns come gongshi's own (code
prefix GS_): what the national set lacks (事项编码, 执法结论, the withdrawal) or only derives (a 处罚有效期
that defaults to the publicity end). An exported file read back therefore gives the same decisions, and
when a GS_ column is present it is taken over the national column derived from the same field.

The codes of 处罚类别, 许可类别 and 案件程序类别 are those of a provincial feed that integration code across
provinces uses; no official 2021 text could be checked (see EXCHANGE.md). Import accepts the codes and the
names alike, so a sheet in either form reads.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from .standard import (
    ID_TYPES,
    LICENCE_CATEGORIES,
    LICENCE_OUTCOMES,
    ORGANISATION,
    PARTY_KINDS,
    PENALTY_CATEGORIES,
    PROCEDURES,
    SOLE_TRADER,
    WITHDRAWAL_CAUSES,
    WITHDRAWAL_KINDS,
)

PENALTY, LICENSING = "行政处罚", "行政许可"
KINDS = (PENALTY, LICENSING)

# name → code, in the standard's own words; `ALIASES` adds the other names a sheet may use
PENALTY_CODES = {
    "警告": "01",
    "罚款": "02",
    "没收违法所得": "03",
    "责令停产停业": "04",
    "吊销许可证件": "05",
    "行政拘留": "06",
    "其他": "07",
    "通报批评": "08",
    "没收非法财物": "09",
    "降低资质等级": "10",
    "暂扣许可证件": "11",
    "限制开展生产经营活动": "12",
    "限制从业": "13",
    "责令关闭": "14",
}
LICENCE_CODES = {name: f"{i:02d}" for i, name in enumerate(LICENCE_CATEGORIES, 1)}
PROCEDURE_CODES = {"简易程序": "01", "普通程序": "02"}
# 公示状态: a row is shown, withdrawn (撤销, with its reason) or to be deleted (its publicity ended)
SHOWN, WITHDRAWN, DELETED = "正常", "撤销", "删除"
STATUS_CODES = {SHOWN: "0", WITHDRAWN: "1", DELETED: "2"}
# 当前状态 of a licence
VALID, INVALID = "有效", "无效"
LICENCE_STATE_CODES = {VALID: "1", INVALID: "2"}
YES_NO = {"是": True, "否": False, "TRUE": True, "FALSE": False, "1": True, "0": False, "Y": True, "N": False,
          "YES": True, "NO": False, "√": True, "×": False}

ALIASES = {
    # (an alias with 、 in it is matched before a cell of several categories is split)
    "categories": {"吊销许可证": "吊销许可证件", "暂扣许可证": "暂扣许可证件", "法律、行政法规规定的其他行政处罚": "其他"},
    "party.kind": {"法人": ORGANISATION, "非法人组织": ORGANISATION, "法人或非法人组织": ORGANISATION,
                   "01": "自然人", "02": ORGANISATION, "03": ORGANISATION, "04": SOLE_TRADER},
    "party.id_type": {"身份证": "居民身份证"},
    "procedure": {"简易": "简易程序", "一般": "普通程序", "一般程序": "普通程序", "普通": "普通程序"},
}
assert set(PENALTY_CODES) == set(PENALTY_CATEGORIES)
assert set(PROCEDURE_CODES) == set(PROCEDURES)


@dataclass(frozen=True, slots=True)
class Column:
    """One column: its code, its Chinese name, whether the platform requires it (Y mandatory, C conditional,
    O optional) and which field of a decision it carries (a dotted path; None: the body or the platform's own)."""

    code: str
    label: str
    required: str
    field: str | None
    type: str = "text"  # text, code, date, wan (money in 10,000 yuan), enum, enums, codes, strs, bool
    choices: dict[str, str] | None = None  # name → code for an enumerated column (None: names are the values)
    names: tuple[str, ...] = ()  # the names an enumerated column takes
    doc: str = ""
    personal: bool = False  # exported only with --include-personal-ids
    derived: bool = False  # exported from a default when the field is empty: a GS_ column of the field wins


def _party(prefix: str) -> tuple[Column, ...]:
    p = prefix
    return (
        Column(f"{p}_XDR_MC", "行政相对人名称", "Y", "party.name", doc="单位全称或自然人姓名。"),
        Column(f"{p}_XDR_LB", "行政相对人类别", "Y", "party.kind", "enum", names=PARTY_KINDS,
               doc="法人及非法人组织、自然人或个体工商户。"),
        Column(f"{p}_XDR_SHXYM", "行政相对人代码_1（统一社会信用代码）", "C", "party.uscc", "code",
               doc="单位和个体工商户必填，18 位。"),
        Column(f"{p}_XDR_GSZC", "行政相对人代码_2（工商注册号）", "O", None, "code", doc="本平台不采集，可不填。"),
        Column(f"{p}_XDR_ZZJG", "行政相对人代码_3（组织机构代码）", "O", None, "code", doc="本平台不采集，可不填。"),
        Column(f"{p}_XDR_SWDJ", "行政相对人代码_4（税务登记号）", "O", None, "code", doc="本平台不采集，可不填。"),
        Column(f"{p}_XDR_SYDW", "行政相对人代码_5（事业单位证书号）", "O", None, "code", doc="本平台不采集，可不填。"),
        Column(f"{p}_XDR_SHZZ", "行政相对人代码_6（社会组织登记证号）", "O", None, "code", doc="本平台不采集，可不填。"),
        Column(f"{p}_FRDB", "法定代表人", "C", "party.legal_rep",
               doc="单位填法定代表人，个体工商户填经营者姓名（必填），自然人不填。导出时经营者姓名只在含个人证件信息的文件中给出。"),
        Column(f"{p}_FR_ZJLX", "法定代表人证件类型", "O", None, doc="本平台不采集，可不填。"),
        Column(f"{p}_FR_ZJHM", "法定代表人证件号码", "O", None, "code", doc="本平台不采集，可不填。"),
        Column(f"{p}_XDR_ZJLX", "证件类型", "C", "party.id_type", "enum", names=ID_TYPES, personal=True,
               doc="自然人必填：身份证、护照等。只报送信用平台，不公开。"),
        Column(f"{p}_XDR_ZJHM", "证件号码", "C", "party.id_number", "code", personal=True,
               doc="自然人必填。只报送信用平台，不公开；请把该列设为文本格式，以免长数字丢失精度。"),
    )


def _body(prefix: str, body: str, source: str) -> tuple[Column, ...]:
    return (
        Column(f"{prefix}_{body}", "处罚机关" if prefix == "CF" else "许可机关", "Y", None,
               doc="执法主体全称，导出时自动填写；导入时不读取。"),
        Column(f"{prefix}_{body}DM", ("处罚机关" if prefix == "CF" else "许可机关") + "统一社会信用代码", "Y", None,
               "code", doc="导出时自动填写；导入时不读取。"),
        Column(f"{prefix}_{source}", "数据来源单位", "Y", None, doc="导出时自动填写；导入时不读取。"),
        Column(f"{prefix}_{source}DM", "数据来源单位统一社会信用代码", "Y", None, "code", doc="导出时自动填写；导入时不读取。"),
    )


# the body's own columns (处罚机关/许可机关 and 数据来源单位: the body reports its own data) → its profile's field
BODY = {
    code: field
    for prefix, body, source in (("CF", "CFJG", "SJLY"), ("XK", "XKJG", "LYDW"))
    for code, field in ((f"{prefix}_{body}", "name"), (f"{prefix}_{body}DM", "uscc"),
                        (f"{prefix}_{source}", "name"), (f"{prefix}_{source}DM", "uscc"))
}

_WHEN = "导入时该列优先于对应的国家标准列。"
REMARKS = Column("BZ", "备注", "O", "remarks")

# gongshi's own columns, after the national ones
OWN = (
    Column("GS_GSZT", "公示状态", "Y", None, "enum", STATUS_CODES, names=tuple(STATUS_CODES),
           doc="0 正常、1 撤销、2 删除（公示期满）。导入时：1 须填写撤回各列；2 不导入。"),
    Column("GS_SXBM", "事项编码", "Y", "power_code", "code",
           doc="权力清单中的事项编码（国家标准没有此列，本平台必填；本部门只有一项该类事项的可不填）。"),
    Column("GS_JDSMC", "决定书名称", "O", "title", doc="如 行政处罚决定书。" + _WHEN),
    Column("GS_ZFJL", "执法结论", "C", "conclusion", doc="不填时：处罚取处罚内容，许可为 准予行政许可。"),
    Column("GS_ZFRY", "执法人员", "O", "officers", "codes", doc="执法证号，多个用逗号分隔。"),
    Column("GS_AJCX", "案件程序类别", "O", "procedure", "enum", PROCEDURE_CODES, names=PROCEDURES,
           doc="01 简易程序、02 普通程序。"),
    Column("GS_FZSH", "经法制审核", "O", "legal_review", "bool", doc="是或否。"),
    Column("GS_ZDJD", "重大执法决定", "O", "major", "bool", doc="是或否。"),
    Column("GS_GSRQ", "公示日期", "O", "published", "date", doc="首次公示的日期。"),
    Column("GS_GSJZQ", "公示截止期（原值）", "O", "publicity_until", "date",
           doc="决定自己填写的公示截止期；空表示按默认期限。" + _WHEN),
    Column("GS_GZRQ", "更正日期", "O", "corrected", "date", doc="公示内容最近一次更正的日期。"),
    Column("GS_CXRQ", "撤回生效日期", "C", "withdrawal.date", "date", doc="公示状态为撤销时必填。"),
    Column("GS_CXLX", "撤回类型", "C", "withdrawal.kind", "enum", names=WITHDRAWAL_KINDS,
           doc="撤销、确认违法、确认无效、变更或要求重新作出。"),
    Column("GS_CXYY", "撤销原因", "C", "withdrawal.reason", doc="向社会公布的撤回原因。"),
    Column("GS_CXWS", "撤回依据文书", "C", "withdrawal.document", doc="复议决定书、判决书等的文号。"),
    Column("GS_CXXRQ", "撤下日期", "O", "withdrawal.taken_down", "date", doc="原决定实际撤下的日期。"),
    Column("GS_CXYL", "撤回缘由", "O", "withdrawal.cause", "enum", names=WITHDRAWAL_CAUSES, personal=True,
           doc="行政复议、行政诉讼、自行纠正或其他；用于年度统计，不公开。"),
    Column("GS_QTZRR", "文中其他自然人", "O", "persons", "strs", personal=True,
           doc="文字中提到的其他自然人姓名，用于公开时隐去；多个用顿号分隔。不公开。"),
)

PENALTY_COLUMNS = (
    *_party("CF"),
    Column("CF_WSH", "行政处罚决定书文号", "Y", "doc_no", "code", doc="如 泸市监罚〔2025〕39号。"),
    Column("CF_WFXW", "违法行为类型", "Y", "violation_type"),
    Column("CF_SY", "违法事实", "Y", "facts", doc="主要违法事实，不得包含个人身份证号、电话、住址。"),
    Column("CF_YJ", "处罚依据", "Y", "basis"),
    Column("CF_CFLB", "处罚类别", "Y", "categories", "enums", PENALTY_CODES, names=tuple(PENALTY_CODES),
           doc="可多项，用逗号分隔；填代码或名称均可（01 警告、02 罚款……）。"),
    Column("CF_NR", "处罚内容", "Y", "content"),
    Column("CF_NR_FK", "罚款金额（万元）", "C", "fine", "wan", doc="以万元为单位，最多 6 位小数；处罚类别含罚款时必填。"),
    Column("CF_NR_WFFF", "没收违法所得、没收非法财物的金额（万元）", "C", "confiscation", "wan", doc="以万元为单位。"),
    Column("CF_NR_ZKDX", "暂扣或吊销证照名称及编号", "C", "licence_affected"),
    Column("CF_JDRQ", "处罚决定日期", "Y", "decision_date", "date", doc="YYYY-MM-DD。"),
    Column("CF_YXQ", "处罚有效期", "Y", "penalty_until", "date", derived=True,
           doc="处罚决定的有效期；没有单独的有效期时导出公示截止期。"),
    Column("CF_GSJZQ", "公示截止期", "O", "publicity_until", "date", derived=True, doc="到期后不再公示。"),
    *_body("CF", "CFJG", "SJLY"),
    REMARKS,
    *OWN[:9],
    Column("GS_CLJZ", "裁量基准", "O", "discretion", "code", doc="适用的裁量基准编号。"),
    Column("GS_CFYXQ", "处罚有效期（原值）", "O", "penalty_until", "date", doc="决定自己填写的处罚有效期。" + _WHEN),
    *OWN[9:],
)

LICENSING_COLUMNS = (
    *_party("XK"),
    Column("XK_XKWS", "行政许可决定文书名称", "Y", "title", derived=True, doc="如 准予行政许可决定书。"),
    Column("XK_WSH", "行政许可决定文书号", "Y", "doc_no", "code", doc="没有文书号的填许可编号。"),
    Column("XK_XKLB", "许可类别", "Y", "licence_category", "enum", LICENCE_CODES, names=LICENCE_CATEGORIES,
           doc="01 普通、02 特许、03 认可、04 核准、05 登记、06 其他。"),
    Column("XK_XKZS", "许可证书名称", "O", "licence_name"),
    Column("XK_XKBH", "许可编号", "O", "licence_no", "code"),
    Column("XK_NR", "许可内容", "Y", "content"),
    Column("XK_JDRQ", "许可决定日期", "Y", "decision_date", "date", doc="YYYY-MM-DD。"),
    Column("XK_YXQZ", "有效期自", "Y", "valid_from", "date"),
    Column("XK_YXQZI", "有效期至", "Y", "valid_until", "date", doc="长期有效填 2099-12-31。"),
    *_body("XK", "XKJG", "LYDW"),
    Column("XK_ZT", "当前状态", "Y", None, "enum", LICENCE_STATE_CODES, names=tuple(LICENCE_STATE_CODES),
           doc="1 有效、2 无效（已过有效期或已撤回）；导出时自动填写，导入时不读取。"),
    REMARKS,
    *OWN[:9],
    Column("GS_XKJG", "许可结果", "O", "outcome", "enum", names=LICENCE_OUTCOMES, doc="准予许可或不予许可。"),
    *OWN[9:],
)

COLUMNS = {PENALTY: PENALTY_COLUMNS, LICENSING: LICENSING_COLUMNS}
BY_CODE = {kind: {c.code: c for c in columns} for kind, columns in COLUMNS.items()}


def columns(kind: str, personal: bool = True) -> tuple[Column, ...]:
    """The columns of an export: the national ones always (ID columns left empty without `personal`), gongshi's
    own private ones only with it."""
    return COLUMNS[kind] if personal else tuple(c for c in COLUMNS[kind] if not (c.personal and c.code.startswith("GS_")))


def _normal(text: str) -> str:
    """A header as compared: full-width forms folded, spaces, asterisks and 必填 marks dropped."""
    text = unicodedata.normalize("NFKC", text)
    text = re.sub(r"[\s*]|\(必填\)|\(选填\)", "", text)
    return text.upper()


def _names(col: Column) -> tuple[set[str], set[str]]:
    """A column's own names (its code and its full name) and its short ones (the name without what is in
    brackets, or only that: 行政相对人代码_1（统一社会信用代码） is also 统一社会信用代码)."""
    label = _normal(col.label)
    base, _, inner = label.partition("(")
    short = {base} if inner else set()
    if inner and "元" not in inner:  # a unit is no name
        short.add(inner.rstrip(")"))
    return {_normal(col.code), label}, short


def header_index(kind: str) -> dict[str, Column]:
    """Normalised header → column: every column's own names, and a short name where it belongs to one column
    only and is no other column's own name (处罚有效期 is CF_YXQ, not GS_CFYXQ 处罚有效期（原值）)."""
    own: dict[str, Column] = {}
    short: dict[str, list[Column]] = {}
    for col in COLUMNS[kind]:
        exact, brief = _names(col)
        for name in exact:
            assert name not in own, name
            own[name] = col
        for name in brief:
            short.setdefault(name, []).append(col)
    return {**{n: cols[0] for n, cols in short.items() if len(cols) == 1 and n not in own}, **own}


HEADERS = {kind: header_index(kind) for kind in KINDS}


def lookup(kind: str, header: str) -> Column | None:
    """The column a header names: its code, its name, or its name with another unit (罚款金额（元）)."""
    if not header:
        return None
    name = _normal(header)
    return HEADERS[kind].get(name) or HEADERS[kind].get(re.sub(r"\((万?元)\)$", "", name))


def in_yuan(header: str) -> bool | None:
    """Whether a money header counts in 元 (罚款金额（元）) rather than the standard's 万元; None when it does
    not say (罚款金额): a guess would be wrong by a factor of 10,000."""
    text = _normal(header)
    if text.startswith(("CF_", "XK_")) or "万元" in text:
        return False
    return True if "元" in text else None


def code_of(col: Column, name: str) -> str:
    return col.choices[name] if col.choices and name in col.choices else name


def name_of(col: Column, value: str) -> str | None:
    """The standard's name for a code or name as a sheet writes it (02, 2, 罚款, 02 罚款), or None."""
    text = unicodedata.normalize("NFKC", value).strip()
    names = col.names
    if text in names:
        return text
    aliases = ALIASES.get(col.field or "", {})
    if text in aliases:
        return aliases[text]
    if col.choices:
        by_code = {code: name for name, code in col.choices.items()}
        m = re.fullmatch(r"(\d{1,2})\s*[-—、.．:：]?\s*(\S*)", text)
        if m:
            code = m.group(1).zfill(len(next(iter(by_code))))
            if code in by_code and (not m.group(2) or m.group(2) in (by_code[code], *aliases)):
                return by_code[code]
    if col.field == "party.id_type" and text.startswith("其他"):
        return "其他"
    return None
