"""Chinese identifiers: checks that explain themselves to an editor.

python-stdnum does the arithmetic; this module only turns its exceptions into
the sentence an editor needs, and normalises document numbers.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from functools import lru_cache
from operator import mul

from stdnum import exceptions as stdnum_errors
from stdnum.cn import ric, uscc

from .personal import INVISIBLE
from .problems import shown


class IdentifierError(ValueError):
    """A code that is malformed; the message says what is wrong with it."""


# Fast paths for the common case, a clean and valid code: the same arithmetic as
# python-stdnum without its per-call Unicode clean-up, which costs ~20 µs a code
# (a region's decisions hold ~100,000 codes). Anything else goes to stdnum, so
# results and messages are unchanged.
_USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_VALUES = {c: i for i, c in enumerate(_USCC_ALPHABET)}
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_USCC_CLEAN = re.compile(f"[0-9]{{8}}[{_USCC_ALPHABET}]{{10}}")
_RIC_CLEAN = re.compile(r"[0-9]{17}[0-9X]")


def _uscc_valid(code: str) -> bool:
    """`code` is 18 clean characters; is its check digit right?"""
    total = sum(map(mul, map(_USCC_VALUES.__getitem__, code[:17]), _USCC_WEIGHTS))
    return _USCC_ALPHABET[(31 - total) % 31] == code[17]


@lru_cache(maxsize=8192)
def region_ever_listed(region: str) -> bool:
    """Whether GB/T 2260 (python-stdnum's copy) has ever listed the six-digit code `region`, in any period.

    The first six digits of a resident ID number record where it was issued,
    not where the holder was born: a district created after someone's birth
    is on their card. So any code that ever existed is right for any birth date.
    """
    from stdnum import numdb

    # info() splits the code into province and county parts; a part never listed comes back without
    # properties (110199: 北京市 exists, its 0199 never did), so every part must have some
    parts = numdb.get("cn/loc").info(region)
    return bool(parts) and all(props for _, props in parts)


def _ric_valid(code: str) -> bool:
    """`code` is 17 digits and a digit or X: is its check digit right and its birth date real?"""
    if code[17] != ric.calc_check_digit(code):
        return False
    try:
        date(int(code[6:10]), int(code[10:12]), int(code[12:14]))
    except ValueError:
        return False
    return True


_INVISIBLE_CHAR = re.compile(f"[{INVISIBLE}]")


def check_uscc(value: str) -> str:
    """Return the compact 统一社会信用代码 or raise IdentifierError.

    Full-width letters and digits are read as their ASCII forms (NFKC), so the code is stored, shown and
    compared one way; an invisible character is refused by name, since the editor cannot see what to delete.
    """
    hidden = None if value.isascii() else _INVISIBLE_CHAR.search(value)  # (no invisible character is ASCII)
    if hidden:
        raise IdentifierError(f"统一社会信用代码中有看不见的字符 U+{ord(hidden.group()):04X}，请删除后重新输入")
    code = value.strip().upper()
    if not code.isascii():
        code = unicodedata.normalize("NFKC", code).strip().upper()
    if len(code) != 18:
        raise IdentifierError(f"“{shown(value)}”有 {len(code)} 位，统一社会信用代码应为 18 位")
    if _USCC_CLEAN.fullmatch(code) and _uscc_valid(code):
        return code
    try:
        return uscc.validate(code)
    except stdnum_errors.InvalidChecksum:
        raise IdentifierError(f"“{shown(value)}”的校验位不正确，代码可能抄错了") from None
    except stdnum_errors.ValidationError:
        raise IdentifierError(
            f"“{shown(value)}”含有统一社会信用代码不允许的字符（不使用 I、O、Z、S、V）"
        ) from None


def check_ric(value: str) -> str:
    """Return the 居民身份证号码 or raise IdentifierError (never echoes the number).

    The region code is not checked here: any code is right for any birth date
    (see region_ever_listed), and one never listed is worth a warning at most.
    """
    code = value.strip().upper()
    if len(code) != 18:
        raise IdentifierError(f"居民身份证号码应为 18 位，实际为 {len(code)} 位")
    if _RIC_CLEAN.fullmatch(code) and _ric_valid(code):
        return code
    if not _RIC_CLEAN.fullmatch(code):
        raise IdentifierError("居民身份证号码格式不正确（前 17 位为数字，末位为数字或 X）")
    if code[17] != ric.calc_check_digit(code):
        raise IdentifierError("居民身份证号码的校验位不正确")
    raise IdentifierError("居民身份证号码中的出生日期不存在")


def under_18(ric_number: str, on: date) -> bool:
    """Whether the holder of a resident ID number was a minor on `on` (False when no birth date can be read)."""
    number = str(ric_number)
    try:
        born = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return False
    day = 28 if (born.month, born.day) == (2, 29) else born.day
    return on < date(born.year + 18, born.month, day)


def ric_checksum_ok(value: str) -> bool:
    """True when the ISO 7064 MOD 11-2 check digit fits, whatever the region and birth date.

    Used to scan output for leaks: stricter checks (known region, real birth
    date) would let a mistyped or made-up number through.
    """
    value = value.upper()
    if len(value) != 18 or not value[:17].isdigit():
        return False
    return ric.calc_check_digit(value) == value[17]


# 文号: 机关代字〔年份〕序号号. Editors also type 【】, [], ［］, 〖〗, 〘〙 and ﹝﹞ (NFKC makes those 〔〕).
_BRACKETS = str.maketrans({"【": "〔", "】": "〕", "[": "〔", "]": "〕", "［": "〔", "］": "〕", "〖": "〔", "〗": "〕", "〘": "〔", "〙": "〕"})
# and round brackets, but only around the year: a 机关代字 may hold them (川(泸)…), a year never does
_ROUND_YEAR = re.compile(r"[(（]\s*(\d{4})\s*[)）]")
_DOC_NO = re.compile(r"^(?P<prefix>[^〔〕\s]+)〔(?P<year>\d{4})〕(?P<number>\d+)号$")


# A 文号 names its page's folder (泸市监罚-2024-39): its 机关代字 may hold none of what breaks a path or a
# URL segment, nor anything invisible, and the name must fit a file system's 255 bytes with room to spare.
_DOC_NO_UNSAFE = re.compile("[/\\\\#?%\u00ad\u180e\u200b-\u200f\u2060-\u2064\ufeff]")
_DOC_NO_MAX_BYTES = 200


def normalise_doc_no(value: str) -> str:
    """Return the 文号 with 〔〕 brackets and half-width digits, or raise IdentifierError."""
    unsafe = _DOC_NO_UNSAFE.search(value)
    if unsafe:
        what = unsafe.group() if unsafe.group() in "/\\#?%" else f"U+{ord(unsafe.group()):04X}（看不见的字符）"
        raise IdentifierError(f"文号中有“{what}”，它会破坏网页地址")
    text = value.strip()
    if not (text.isascii() or unicodedata.is_normalized("NFKC", text)):
        text = unicodedata.normalize("NFKC", text)
        unsafe = _DOC_NO_UNSAFE.search(text)  # ／ ＃ ？ ％ ＼ become / # ? % \: as unsafe as those
        if unsafe:
            raise IdentifierError(f"文号中有“{unsafe.group()}”（或它的全角形式），它会破坏网页地址")
    text = text.translate(_BRACKETS)
    if "〔" not in text:
        text = _ROUND_YEAR.sub(r"〔\1〕", text, count=1)
    m = _DOC_NO.match(text)
    if not m:
        raise IdentifierError(f"“{shown(value)}”不符合文号格式")
    if not (m["year"].isascii() and m["number"].isascii()):
        raise IdentifierError(f"“{shown(value)}”不符合文号格式")
    year = int(m["year"])
    if not 1980 <= year <= 2100:
        raise IdentifierError(f"“{shown(value)}”中的年份 {year} 不合理")
    if m["prefix"].startswith("."):  # the page folder would be hidden, and servers skip those
        raise IdentifierError(f"“{shown(value)}”的机关代字以“.”开头，不能作为网页文件名")
    if m["number"].startswith("0"):
        raise IdentifierError(f"“{shown(value)}”的序号有前导零")
    if len(m["number"]) > 9 or len(text.encode()) > _DOC_NO_MAX_BYTES:
        raise IdentifierError(f"“{value[:30]}…”太长，不能作为网页文件名")
    return text


_DROP = {ord(c): None for c in INVISIBLE}


def normal(value: str) -> str:
    """What an identifier or a name is compared by: NFKC (full-width → half-width), no invisible characters
    or spaces, 文号 brackets unified. Two values equal here are the same to a reader, so a uniqueness
    check compares these and an invisible or full-width character cannot slip a duplicate past it."""
    text = unicodedata.normalize("NFKC", value).translate(_DROP)
    return "".join(text.split()).translate(_BRACKETS)


def doc_no_prefix(doc_no: str) -> str:
    """The 机关代字 of a 文号: 泸市监罚 in 泸市监罚〔2024〕39号."""
    return doc_no.partition("〔")[0]


def doc_no_year(doc_no: str) -> int:
    m = _DOC_NO.match(doc_no)
    assert m, doc_no
    return int(m["year"])


MOBILE = re.compile(r"^1[3-9]\d{9}$")
_PHONE = re.compile(r"^[0-9()（）\-—\s+、/转]{5,40}$")


def check_phone(value: str) -> str:
    text = value.strip()
    if not _PHONE.match(text) or sum(c.isdigit() for c in text) < 5:
        raise IdentifierError(f"“{shown(value)}”不像电话号码")
    if MOBILE.match(re.sub(r"\D", "", text)):
        raise IdentifierError(f"“{shown(value)}”是手机号码，个人手机号码不得公开")
    return text
