"""Chinese identifiers: checks that explain themselves to an editor.

python-stdnum does the arithmetic; this module only turns its exceptions into
the sentence an editor needs, and normalises document numbers.
"""

from __future__ import annotations

import re

from stdnum import exceptions as stdnum_errors
from stdnum.cn import ric, uscc


class IdentifierError(ValueError):
    """A code that is malformed; the message says what is wrong with it."""


def check_uscc(value: str) -> str:
    """Return the compact 统一社会信用代码 or raise IdentifierError."""
    code = value.strip().upper()
    if len(code) != 18:
        raise IdentifierError(f"“{value}”有 {len(code)} 位，统一社会信用代码应为 18 位")
    try:
        return uscc.validate(code)
    except stdnum_errors.InvalidChecksum:
        raise IdentifierError(f"“{value}”的校验位不正确，代码可能抄错了") from None
    except stdnum_errors.ValidationError:
        raise IdentifierError(
            f"“{value}”含有统一社会信用代码不允许的字符（不使用 I、O、Z、S、V）"
        ) from None


def check_ric(value: str) -> str:
    """Return the 居民身份证号码 or raise IdentifierError (never echoes the number)."""
    code = value.strip().upper()
    if len(code) != 18:
        raise IdentifierError(f"居民身份证号码应为 18 位，实际为 {len(code)} 位")
    try:
        return ric.validate(code)
    except stdnum_errors.InvalidChecksum:
        raise IdentifierError("居民身份证号码的校验位不正确") from None
    except stdnum_errors.InvalidComponent:
        try:
            ric.get_birth_date(code)
        except stdnum_errors.ValidationError:
            raise IdentifierError("居民身份证号码中的出生日期不存在") from None
        raise IdentifierError("居民身份证号码的前 6 位不是有效的行政区划代码") from None
    except stdnum_errors.ValidationError:
        raise IdentifierError("居民身份证号码格式不正确（前 17 位为数字，末位为数字或 X）") from None


def ric_checksum_ok(value: str) -> bool:
    """True when the ISO 7064 MOD 11-2 check digit fits, whatever the region and birth date.

    Used to scan output for leaks: stricter checks (known region, real birth
    date) would let a mistyped or made-up number through.
    """
    value = value.upper()
    if len(value) != 18 or not value[:17].isdigit():
        return False
    return ric.calc_check_digit(value) == value[17]


# 文号: 机关代字〔年份〕序号号. Editors also type 【】, [] and ［］.
_BRACKETS = str.maketrans({"【": "〔", "】": "〕", "[": "〔", "]": "〕", "［": "〔", "］": "〕"})
_DOC_NO = re.compile(r"^(?P<prefix>[^〔〕\s]+)〔(?P<year>\d{4})〕(?P<number>\d+)号$")


def normalise_doc_no(value: str) -> str:
    """Return the 文号 with 〔〕 brackets, or raise IdentifierError."""
    text = value.strip().translate(_BRACKETS)
    m = _DOC_NO.match(text)
    if not m:
        raise IdentifierError(f"“{value}”不符合文号格式")
    year = int(m["year"])
    if not 1980 <= year <= 2100:
        raise IdentifierError(f"“{value}”中的年份 {year} 不合理")
    if m["number"].startswith("0"):
        raise IdentifierError(f"“{value}”的序号有前导零")
    return text


def doc_no_year(doc_no: str) -> int:
    m = _DOC_NO.match(doc_no)
    assert m, doc_no
    return int(m["year"])


MOBILE = re.compile(r"^1[3-9]\d{9}$")
_PHONE = re.compile(r"^[0-9()（）\-—\s+、/转]{5,40}$")


def check_phone(value: str) -> str:
    text = value.strip()
    if not _PHONE.match(text) or sum(c.isdigit() for c in text) < 5:
        raise IdentifierError(f"“{value}”不像电话号码")
    if MOBILE.match(re.sub(r"\D", "", text)):
        raise IdentifierError(f"“{value}”是手机号码，个人手机号码不得公开")
    return text
