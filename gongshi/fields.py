"""Check one record against the standard and return its normalised form.

Every problem is collected, none is raised: an editor fixing a file wants to
see all of its mistakes at once. Values come out normalised (dates as `date`,
money as `Decimal`, 文号 with 〔〕) so later stages never parse again.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from pathlib import Path
from sys import intern

from . import identifiers
from .problems import Problem, YamlPath, dotted_key, field_label, shown
from .standard import Field

INVALID = object()  # a value that failed its check; the record is still scanned

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_URL = re.compile(r"^https?://[^\s/]+\S*$")
_REGION = re.compile(r"^[1-9]\d{5}$")
# An identifier names its page's folder: nothing that breaks a path or a URL segment, no leading dot (a
# hidden folder, which servers and deploy tools skip; also . and ..), and not a name ending in .html (the
# folder beside it holds index.html, which a record called so would collide with).
_CODE = re.compile(r"^(?!\.)(?!.*\.[hH][tT][mM][lL]?$)[^\s/\\?#%]{1,64}$")


# Characters no value may hold: C0 controls but tab and newline, DEL, the C1 controls (U+0080–U+009F: a
# terminal reads U+009B as the start of an escape sequence, and nothing real is written with them), every
# noncharacter (U+FFFE and U+FFFF, U+FDD0–U+FDEF, the last two of each plane), and the bidirectional
# overrides and isolates, which make text display in another order than it reads.
_NONCHARACTERS = "\ufdd0-\ufdef\ufffe\uffff" + "".join(
    f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(1, 17)
)
UNSAFE = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069{_NONCHARACTERS}]")
# the same split in two fast searches: re tests a class with astral singletons character by character, ten
# times slower than a class of ranges (a whole file is searched once per build)
_UNSAFE_BMP = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufdd0-\ufdef\ufffe\uffff]")
_FROM_FIRST_ASTRAL_NONCHARACTER = re.compile("[\U0001fffe-\U0010ffff]")


def has_unsafe(text: str) -> bool:
    """Whether `text` holds a character UNSAFE names."""
    if _UNSAFE_BMP.search(text):
        return True
    return _FROM_FIRST_ASTRAL_NONCHARACTER.search(text) is not None and UNSAFE.search(text) is not None
# and what no identifier (code, 文号) may hold besides: characters that are there without being seen
_HIDDEN = re.compile("[\u00ad\u180e\u200b-\u200f\u2060-\u2064\ufeff]")


class RecordChecker:
    """Collects problems for one file while its records are checked.

    `careful`: the file's text may hold characters UNSAFE names (as they are,
    or as escapes in quotes), so every text value is looked at for them; a
    file whose text has neither such a character nor a backslash cannot.
    """

    def __init__(self, file: Path, problems: list[Problem], careful: bool = True) -> None:
        self.file = file
        self.problems = problems
        self.careful = careful

    def unsafe(self, f: Field, raw: str, where: YamlPath) -> bool:
        """Report characters that cannot be published safely; True when there are some."""
        m = UNSAFE.search(raw)
        if m is None:
            return False
        self.error(
            where,
            f.label,
            f"含有不能公开的字符 U+{ord(m.group()):04X}（控制字符或改变文字方向的字符，看不见但会破坏网页和数据文件）",
            "请删除该字符：在编辑器中打开“显示不可见字符”，或重新输入这段文字",
        )
        return True

    def error(self, where: YamlPath, label: str, message: str, hint: str, at_key: bool = False) -> None:
        self.problems.append(
            Problem(self.file, where, field_label(label, where), message, hint, at_key=at_key)
        )

    # -- mappings

    def mapping(
        self,
        value: object,
        fields: tuple[Field, ...] | dict[str, Field],
        where: YamlPath,
        label: str,
        extra: dict[str, Field] | None = None,
    ) -> dict | None:
        """Check a mapping: unknown keys, missing required fields, each value."""
        if not isinstance(value, dict):
            self.error(where, label, f"应为键值对（映射），实际为{describe(value)}", "请按模板的缩进格式填写")
            return None
        spec = fields if type(fields) is FieldSpec else spec_of(fields)
        checks = spec.checks
        extra_checks = None if extra is None else extra.checks if type(extra) is FieldSpec else spec_of(extra).checks
        out: dict = {}
        for key, raw in value.items():
            # (non-text keys find nothing: every field key is text)
            entry = checks.get(key)
            if entry is None and extra_checks is not None:
                entry = extra_checks.get(key)
            if entry is None:
                self.error(
                    (*where, str(key)),
                    str(key),
                    f"未知字段“{key}”",
                    unknown_hint(str(key), spec, extra),
                    at_key=True,
                )
                continue
            if not raw and (raw is None or raw == "" or raw == []):
                continue  # treated as absent; required ones are reported below
            f, check = entry
            if self.careful and type(raw) is str and self.unsafe(f, raw, where + (key,)):
                out[f.key] = INVALID
                continue
            # the standard's own key string: one copy shared by every record
            out[f.key] = check(self, f, raw, where + (key,))
        for f in spec.required:
            v = value.get(f.key)
            if (v is None or v == "" or v == []) and not excused(f, value):  # _absent(v), inlined
                self.missing(where, f)
        return out

    def missing(self, where: YamlPath, f: Field) -> None:
        self.error((*where, f.key), f.label, "缺少必填字段", f"请填写 {dotted_key((*where, f.key))}：{f.doc}")

    # -- values

    def value(self, f: Field, raw: object, where: YamlPath) -> object:
        check = _CHECKERS[f.type]
        return check(self, f, raw, where)


def excused(f: Field, record: dict) -> bool:
    """Whether a required field may be missing from this record (Field.unless: a refused licence's validity)."""
    return f.unless is not None and record.get(f.unless[0]) == f.unless[1]


def _absent(v: object) -> bool:
    return v is None or v == "" or v == []


class FieldSpec(dict):
    """Fields by key, with what `RecordChecker.mapping` looks up for every record worked out once."""

    __slots__ = ("checks", "required")

    def __init__(self, fields: Iterable[Field]) -> None:
        super().__init__((f.key, f) for f in fields)
        self.checks = {key: (f, _CHECKERS[f.type]) for key, f in self.items()}
        self.required = tuple(f for f in self.values() if f.required)


_SPECS: dict[int, tuple[tuple[Field, ...], FieldSpec]] = {}


def spec_of(fields: tuple[Field, ...] | dict[str, Field]) -> FieldSpec:
    """The FieldSpec for `fields`; built once for each tuple of the standard."""
    if type(fields) is FieldSpec:
        return fields
    if isinstance(fields, dict):
        return FieldSpec(fields.values())
    hit = _SPECS.get(id(fields))
    if hit is None or hit[0] is not fields:
        hit = _SPECS[id(fields)] = (fields, FieldSpec(fields))  # holding `fields` keeps its id unique
    return hit[1]


def _huge(raw: object) -> bool:
    """An int too long to be any value of the standard (str() of it may even be refused)."""
    return isinstance(raw, int) and raw.bit_length() > 128


def describe(value: object) -> str:
    if isinstance(value, bool):
        return f"布尔值 {str(value).lower()}"
    if isinstance(value, (int, float)):
        return f"数字 {shown(value)}"
    if isinstance(value, str):
        return f"文本“{value[:20]}”"
    if isinstance(value, list):
        return "列表"
    if isinstance(value, dict):
        return "键值对"
    return "空值" if value is None else "不支持的值"


# Keys editors use for personal data that a list must never hold.
PERSONAL_KEYS = frozenset(
    {
        "id_card", "idcard", "id_no", "id_number", "sfz", "sfzh", "shenfenzheng",
        "phone", "mobile", "tel", "telephone", "cellphone", "shouji",
        "home_address", "address", "bank_account", "account", "plate", "plate_no", "email",
    }
)  # fmt: skip


def unknown_hint(key: str, spec: dict[str, Field], extra: dict[str, Field] | None) -> str:
    if key.lower() in PERSONAL_KEYS:
        return "身份证号、手机号、住址等个人信息不得写入清单，请删除该字段"
    names = list(spec) + (list(extra) if extra else [])
    close = [n for n in names if _similar(key, n)]
    if close:
        return f"是否应为“{close[0]}”？允许的字段见模板或数据维护指南"
    return "请删除该字段或改为标准中的字段名；身份证号、手机号等个人信息不得写入清单"


def _similar(a: str, b: str) -> bool:
    a, b = a.lower(), b.lower()
    if a == b or a.replace("-", "_") == b:
        return True
    if abs(len(a) - len(b)) > 2:
        return False
    # at most two differing characters in either direction
    common = sum(1 for x, y in zip(a, b, strict=False) if x == y)
    return max(len(a), len(b)) - common <= 2


# ---------------------------------------------------------------- per-type checks


# Each checker starts with a fast path for the common valid case (plain text
# from the parser) that returns exactly what the general code below would;
# anything else falls through to it. Keep the two in step when editing.
#
# Short texts repeat from record to record (titles, codes, officers, legal
# bases): the fast paths intern them, so a large region holds one copy each.
SHORT = 40


def _too_long(c: RecordChecker, f: Field, text: str, where: YamlPath) -> bool:
    if f.max_length is None or len(text) <= f.max_length:
        return False
    c.error(where, f.label, f"长度为 {len(text)} 个字，超过上限 {f.max_length} 个字", "请精简内容；确有必要的长文请分段写在说明类字段中")
    return True


def _str(c: RecordChecker, f: Field, raw: object, where: YamlPath) -> object:
    if type(raw) is str:
        text = raw.strip()
        if "\n" not in text:
            if len(text) <= SHORT:
                return intern(text)
            return INVALID if _too_long(c, f, text, where) else text
    if isinstance(raw, bool) or not isinstance(raw, (str, int, float)) or _huge(raw):
        c.error(where, f.label, f"应为一行文本，实际为{describe(raw)}", f"请填写{f.doc}")
        return INVALID
    text = str(raw).strip()
    if "\n" in text:
        c.error(where, f.label, "应为一行文本，不能换行", "请写在一行内")
        return INVALID
    return INVALID if _too_long(c, f, text, where) else text


def _text(c: RecordChecker, f: Field, raw: object, where: YamlPath) -> object:
    if type(raw) is str:
        text = raw.strip()
        if len(text) <= SHORT:
            return intern(text)
        return INVALID if _too_long(c, f, text, where) else text
    if isinstance(raw, bool) or not isinstance(raw, (str, int, float)) or _huge(raw):
        c.error(where, f.label, f"应为文本，实际为{describe(raw)}", f"请填写{f.doc}")
        return INVALID
    return str(raw).strip()


def _code(c: RecordChecker, f: Field, raw: object, where: YamlPath) -> object:
    if type(raw) is str:
        text = raw.strip()
        if _CODE.match(text) and text.isascii():
            return intern(text)
    if isinstance(raw, bool) or not isinstance(raw, (str, int)) or _huge(raw):
        c.error(where, f.label, f"应为编号，实际为{describe(raw)}", "请填写不含空格的编号")
        return INVALID
    text = str(raw).strip()
    if not _CODE.match(text):
        c.error(where, f.label, f"“{text[:30]}”含有空格、/、\\、?、#、%，超过 64 个字符，以 . 开头，或以 .html 结尾", "编号会成为网址的一部分，请只用字母、数字、汉字和连字符")
        return INVALID
    return _identifier_text(c, f, text, where)


def _identifier_text(c: RecordChecker, f: Field, text: str, where: YamlPath) -> object:
    """An identifier that becomes a file name and is compared with others: nothing hidden, not too long."""
    hidden = _HIDDEN.search(text)
    if hidden:
        c.error(where, f.label, f"含有看不见的字符 U+{ord(hidden.group()):04X}", "编号中不能有零宽空格等看不见的字符，请删除后重新输入")
        return INVALID
    if len(text.encode()) > MAX_NAME_BYTES:
        c.error(where, f.label, f"“{text[:30]}…”太长（{len(text.encode())} 字节），不能作为网页文件名", f"编号会成为文件名，UTF-8 编码后不能超过 {MAX_NAME_BYTES} 字节，请缩短")
        return INVALID
    return text


# A file or folder name may have 255 bytes; a record's page folder is named after its code or 文号, and
# other files add to the name (archive pages, suffixes): so less than that.
MAX_NAME_BYTES = 200


_DATES: dict[str, date] = {}  # text -> date, for text already found to be a real date


def _date(c: RecordChecker, f: Field, raw: object, where: YamlPath) -> object:
    if type(raw) is str:
        known = _DATES.get(raw)
        if known is not None:
            return known  # the same (immutable) object for every record of that day
    text = str(raw).strip() if isinstance(raw, (str, date)) else None
    if text is None or not _DATE.match(text):
        c.error(where, f.label, f"“{shown(raw)}”不是日期", "请按 YYYY-MM-DD 填写，如 2024-03-05")
        return INVALID
    try:
        day = date.fromisoformat(text)
        if type(raw) is str:
            if len(_DATES) >= 100_000:
                _DATES.clear()
            _DATES[raw] = day
        return day
    except ValueError:
        c.error(where, f.label, f"“{shown(text)}”不是真实存在的日期", "请核对年月日，如 2 月没有 30 日")
        return INVALID


def _int(c: RecordChecker, f: Field, raw: object, where: YamlPath) -> object:
    if isinstance(raw, bool) or not isinstance(raw, int) or raw < f.min_value:
        c.error(where, f.label, f"应为不小于 {f.min_value} 的整数，实际为{describe(raw)}", "请填写整数，如 20")
        return INVALID
    if f.max_value is not None and raw > f.max_value:
        c.error(where, f.label, f"{shown(raw)} 超过上限 {f.max_value}", "请核对数字")
        return INVALID
    return raw


def _money(c: RecordChecker, f: Field, raw: object, where: YamlPath) -> object:
    if isinstance(raw, bool) or not isinstance(raw, (int, float)):
        c.error(where, f.label, f"应为金额数字，实际为{describe(raw)}", "请以元为单位填写数字，如 12000.50，不要写“元”或“万元”")
        return INVALID
    if isinstance(raw, int) and raw.bit_length() > 64:  # Decimal and str() of it would be slow or refused
        c.error(where, f.label, f"“{shown(raw)}”不是合理的金额", "请以元为单位填写数字，如 12000.50")
        return INVALID
    amount = Decimal(repr(raw)) if isinstance(raw, float) else Decimal(raw)
    if not amount.is_finite() or amount.adjusted() >= 15:
        c.error(where, f.label, f"“{shown(raw)}”不是合理的金额", "请以元为单位填写数字，如 12000.50")
        return INVALID
    if amount < 0:
        c.error(where, f.label, f"金额 {raw} 不能为负数", "请填写不小于 0 的金额")
        return INVALID
    if amount != amount.quantize(Decimal("0.01")):
        c.error(where, f.label, f"金额 {raw} 超过两位小数", "金额以元为单位，最多精确到分")
        return INVALID
    return amount.quantize(Decimal("0.01"))


def _bool(c: RecordChecker, f: Field, raw: object, where: YamlPath) -> object:
    if not isinstance(raw, bool):
        c.error(where, f.label, f"应为 true 或 false，实际为{describe(raw)}", "是填 true，否填 false")
        return INVALID
    return raw


def _enum(c: RecordChecker, f: Field, raw: object, where: YamlPath) -> object:
    if type(raw) is str:
        try:  # the standard's own string, equal to raw.strip(): one copy for every record
            return f.choices[f.choices.index(raw.strip())]
        except ValueError:
            pass
    if not isinstance(raw, str) or raw.strip() not in f.choices:
        c.error(where, f.label, f"“{shown(raw)}”不是允许的取值", "请填写以下之一：" + "、".join(f.choices))
        return INVALID
    return raw.strip()


def _list(c: RecordChecker, f: Field, raw: object, where: YamlPath) -> list | None:
    if not isinstance(raw, list):
        c.error(where, f.label, f"应为列表，实际为{describe(raw)}", "请每项一行，以“- ”开头")
        return None
    return raw


def _enums(c: RecordChecker, f: Field, raw: object, where: YamlPath) -> object:
    items = _list(c, f, raw, where)
    if items is None:
        return INVALID
    out: list[str] = []
    ok = True
    for i, item in enumerate(items):
        if item is None or item == "":
            c.error((*where, i), f.label, "列表中有空项", "请删除空行或补全内容")
            ok = False
        elif not isinstance(item, str) or item.strip() not in f.choices:
            c.error((*where, i), f.label, f"“{shown(item)}”不是允许的取值", "请填写以下之一：" + "、".join(f.choices))
            ok = False
        elif item.strip() in out:
            c.error((*where, i), f.label, f"“{shown(item)}”重复", "每个取值只写一次")
            ok = False
        else:
            out.append(item.strip())
    # with a wrong item, the right ones still take part in the checks between fields (处罚类别 and 罚款金额):
    # the item's error is reported, and nothing is published while there is one
    return out if ok or out else INVALID


def _strs(c: RecordChecker, f: Field, raw: object, where: YamlPath) -> object:
    items = _list(c, f, raw, where)
    if items is None:
        return INVALID
    inner = _inner(f)
    check = _CHECKERS[inner.type]
    out = []
    ok = True
    for i, item in enumerate(items):
        if item is None or item == "":
            c.error((*where, i), f.label, "列表中有空项", "请删除空行或补全内容")
            ok = False
            continue
        if c.careful and type(item) is str and c.unsafe(f, item, (*where, i)):
            ok = False
            continue
        v = check(c, inner, item, (*where, i))
        ok = ok and v is not INVALID
        out.append(v)
    return out if ok else INVALID


_INNER: dict[int, tuple[Field, Field]] = {}


def _inner(f: Field) -> Field:
    """The field each item of a `strs` or `codes` list is checked as (made once per field)."""
    hit = _INNER.get(id(f))
    if hit is None or hit[0] is not f:
        inner = Field(f.key, f.label, "code" if f.type == "codes" else "text", f.doc, max_length=f.max_length)
        hit = _INNER[id(f)] = (f, inner)  # holding `f` keeps its id unique
    return hit[1]


def _identifier(check, message_hint: str):  # type: ignore[no-untyped-def]
    def run(c: RecordChecker, f: Field, raw: object, where: YamlPath) -> object:
        if isinstance(raw, bool) or not isinstance(raw, (str, int)) or _huge(raw):
            c.error(where, f.label, f"应为文本，实际为{describe(raw)}", message_hint)
            return INVALID
        try:
            return check(str(raw))
        except identifiers.IdentifierError as e:
            c.error(where, f.label, str(e), message_hint)
            return INVALID

    return run


_PHONE_HINT = "请填写对外公布的办公电话，如 0830-3196000"
_check_phone = _identifier(identifiers.check_phone, _PHONE_HINT)


def _phone(c: RecordChecker, f: Field, raw: object, where: YamlPath) -> object:
    if isinstance(raw, int) and not isinstance(raw, bool):
        # `phone: 08303196000` is read as a number and loses its leading 0
        c.error(where, f.label, f"应为文本，实际为{describe(raw)}", "电话号码请加引号或写上区号连字符，如 \"0830-3196000\"，否则开头的 0 会丢失")
        return INVALID
    return _check_phone(c, f, raw, where)


def _region(value: str) -> str:
    if not _REGION.match(value.strip()):
        raise identifiers.IdentifierError(f"“{shown(value)}”不是六位行政区划代码")
    return value.strip()


def _url(value: str) -> str:
    if not _URL.match(value.strip()):
        raise identifiers.IdentifierError(f"“{shown(value)}”不是网址")
    return value.strip()


def _object(c: RecordChecker, f: Field, raw: object, where: YamlPath) -> object:
    out = c.mapping(raw, f.fields, where, f.label)
    return INVALID if out is None else out


def _objects(c: RecordChecker, f: Field, raw: object, where: YamlPath) -> object:
    items = _list(c, f, raw, where)
    if items is None:
        return INVALID
    spec = spec_of(f.fields)
    out = []
    whole = True
    for i, item in enumerate(items):
        checked = c.mapping(item, spec, (*where, i), f.label)
        if checked is None:
            whole = False
        else:
            out.append(checked)
    # an item that is not a mapping: later checks (counts, references) would misjudge the list
    return out if whole else INVALID


_CHECKERS = {
    "str": _str,
    "text": _text,
    "code": _code,
    "date": _date,
    "int": _int,
    "money": _money,
    "bool": _bool,
    "enum": _enum,
    "enums": _enums,
    "strs": _strs,
    "codes": _strs,
    "uscc": _identifier(identifiers.check_uscc, "请核对营业执照或登记证书上的代码"),
    "docno": _identifier(
        identifiers.normalise_doc_no, "文号应为 机关代字〔年份〕序号号，如 泸市监罚〔2024〕39号，序号不加前导零"
    ),
    "region": _identifier(_region, "请填写 GB/T 2260 六位代码，如 泸州市 510500"),
    "url": _identifier(_url, "请填写以 http:// 或 https:// 开头的完整网址"),
    "phone": _phone,
    "object": _object,
    "objects": _objects,
}
