"""Personal data in free text, in whatever form an editor typed it.

One place knows what a resident ID number, a mobile number, a bank card, an
e-mail address, a natural person's landline or home address looks like when
written with spaces, hyphens, dots, a +86 prefix, full-width digits or
invisible characters in between. Three stages use it, so they cannot
disagree: publicity masks what it finds (`scrub`), `gongshi validate` warns
the editor about it (`findings`), and the leak guard looks for what slipped
through in the bytes written (`numbers_in`).

Matching runs on a folded copy of the text of the same length (full-width
ASCII → ASCII, the ideographic space → a space), so a match's span is also
its span in the original text, which is what gets replaced. Every pattern is
bounded (no nested unbounded repetition): a 150 KB value is scanned in linear
time.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from stdnum.cn import ric

REDACTED = "（已隐去）"

# What the patterns need half-width: full-width digits and letters, ＋ － ． ＠, and the ideographic space,
# one character for one, so spans carry over. Full-width punctuation (，：（）) stays: it is in nearly every
# Chinese text, and the patterns accept it where it matters. Most texts hold none of these, and skip folding.
_FOLDED = "＋－．０１２３４５６７８９＠ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚ\u3000"
_FOLD = str.maketrans(_FOLDED, "+-.0123456789@ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz ")
_NEEDS_FOLD = re.compile(f"[{_FOLDED}]")

# Characters that may sit between the digits of a number or the characters of a name without being seen:
# spaces, hyphens, dots, no-break and thin spaces, zero-width characters, the BOM, the soft hyphen.
INVISIBLE = "\u00ad\u180e\u200b\u200c\u200d\u200e\u200f\u2060\u2061\u2062\u2063\u2064\ufeff"
_SEP_CHARS = r" \-.·\u00a0\u2000-\u200a\u202f\u3000" + "".join(f"\\u{ord(c):04x}" for c in INVISIBLE)
_G = f"[{_SEP_CHARS}]{{0,3}}"  # what may separate two digits ("138 - 1234")
_HAS_SEP_OR_INVISIBLE = re.compile(f"[{_SEP_CHARS}]")

# Labels, as the validator's warnings and the guard's reports name them.
ID_NUMBER = "身份证号码"
MOBILE = "手机号码"
BANK_CARD = "银行卡号或账号"
EMAIL = "电子邮箱"
LANDLINE = "个人电话"
ADDRESS = "住址"
PLATE = "车牌号码"

_ID = re.compile(rf"(?<![0-9A-Za-z])[1-9](?:{_G}[0-9]){{16}}{_G}[0-9Xx](?![0-9A-Za-z])")
_MOBILE = re.compile(rf"(?<![0-9+])(?:[(（]?(?:\+|00)?86[)）]?{_G})?1{_G}[3-9](?:{_G}[0-9]){{9}}(?![0-9])")
_CARD = re.compile(rf"(?<![0-9])[0-9]{{4}}(?:{_G}[0-9]{{4}}){{3}}(?:{_G}[0-9]{{1,4}})?(?![0-9])")
_LONG = re.compile(r"(?<![0-9A-Za-z])[0-9]{12,30}(?![0-9A-Za-z])")  # not inside a licence number such as JY151…
_EMAIL = re.compile(r"(?<![A-Za-z0-9._%+\-])[A-Za-z0-9._%+\-]{1,64}@[A-Za-z0-9\-]{1,63}(?:\.[A-Za-z0-9\-]{1,63}){1,8}")
_LANDLINE = re.compile(
    rf"(?:电话|手机|座机|联系方式|电话号码|Tel|TEL|tel)[:：\s]{{0,3}}([(（]?0[0-9]{{2,3}}[)）]?{_G}[0-9]{{3,4}}{_G}[0-9]{{3,4}})(?![0-9])"
)
_PLATE = re.compile(
    r"[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼][A-HJ-NP-Z][A-HJ-NP-Z0-9]{4,5}[A-HJ-NP-Z0-9挂学警港澳]"
)
# A home address: the words that introduce one, then the address up to the end of its clause.
_CLAUSE = r"([^，,。；;！!？?\n\r）)、]{2,80})"
_HOME = re.compile(rf"(?:家庭住址|家庭地址|住址|家住|现住|现居住|现居|居住地|居住于|户籍地址|户籍所在地|户籍地|暂住地|暂住)[:：为在于是]?\s*{_CLAUSE}")
# 住所 is also a company's registered seat (public); it is a home only for a natural person
_SEAT = re.compile(rf"住所地?[:：为在于是]?\s*{_CLAUSE}")


@dataclass(frozen=True, slots=True)
class Finding:
    kind: str  # one of the labels above
    start: int  # span in the text (the same in the folded copy)
    end: int


def fold(text: str) -> str:
    """The text with full-width digits, letters and ideographic spaces made ASCII: same length, so spans carry over."""
    return text.translate(_FOLD) if _NEEDS_FOLD.search(text) else text


def _digits(s: str) -> str:
    return "".join(c for c in s if "0" <= c <= "9" or c in "Xx").upper()


def id_like(candidate: str) -> bool:
    """An 18-character run that is a resident ID number: plain, any such run; written with separators, one
    whose check digit fits or whose birth date is a real date (dates and amounts next to each other are not)."""
    number = _digits(candidate)
    if len(number) != 18:
        return False
    if number.isdigit() and candidate.isdigit():
        return True
    if ric.calc_check_digit(number) == number[17]:
        return True
    year, month, day = int(number[6:10]), int(number[10:12]), int(number[12:14])
    return 1900 <= year <= 2099 and 1 <= month <= 12 and 1 <= day <= 31


def findings(text: str, person: bool = True) -> list[Finding]:
    """Every piece of personal data recognised in `text`, in order; `person`: the party is a natural person
    or a sole trader (then a 住所 is a home)."""
    folded = fold(text)
    found: list[Finding] = []
    if _SEVEN_DIGITS.search(folded):  # every number below has seven digits or more
        for m in _ID.finditer(folded):
            if id_like(m.group()):
                found.append(Finding(ID_NUMBER, m.start(), m.end()))
        for m in _MOBILE.finditer(folded):
            found.append(Finding(MOBILE, m.start(), m.end()))
        for m in _CARD.finditer(folded):
            found.append(Finding(BANK_CARD, m.start(), m.end()))
        for m in _LONG.finditer(folded):
            found.append(Finding(BANK_CARD, m.start(), m.end()))
        for m in _LANDLINE.finditer(folded):
            found.append(Finding(LANDLINE, m.start(1), m.end(1)))
    if "@" in folded:
        found.extend(Finding(EMAIL, m.start(), m.end()) for m in _EMAIL.finditer(folded))
    if _PLATE_START.search(folded):
        found.extend(Finding(PLATE, m.start(), m.end()) for m in _PLATE.finditer(folded))
    if "住" in folded or "居" in folded or "户籍" in folded or "地址" in folded:
        found.extend(Finding(ADDRESS, m.start(1), m.end(1)) for m in _HOME.finditer(folded))
        if person:
            found.extend(Finding(ADDRESS, m.start(1), m.end(1)) for m in _SEAT.finditer(folded))
    return _without_overlaps(found) if len(found) > 1 else found


_SEVEN_DIGITS = re.compile(rf"[0-9](?:{_G}[0-9]){{6}}")
_PLATE_START = re.compile("[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼][A-HJ-NP-Z]")


def numbers(text: str) -> list[Finding]:
    """Resident ID and mobile numbers in `text`, however separated: what the leak guard refuses outright."""
    folded = fold(text)
    found = [Finding(ID_NUMBER, m.start(), m.end()) for m in _ID.finditer(folded) if is_id_number(m.group())]
    found += [Finding(MOBILE, m.start(), m.end()) for m in _MOBILE.finditer(folded)]
    return found


def is_id_number(candidate: str) -> bool:
    """Stricter than id_like, for output the guard may refuse: the check digit fits and the birth date is real."""
    number = _digits(candidate)
    if len(number) != 18 or ric.calc_check_digit(number) != number[17]:
        return False
    year, month, day = int(number[6:10]), int(number[10:12]), int(number[12:14])
    return 1900 <= year <= 2099 and 1 <= month <= 12 and 1 <= day <= 31


def _without_overlaps(found: list[Finding]) -> list[Finding]:
    """Findings by position; where two overlap, the one that starts first (the longer on a tie) stays."""
    out: list[Finding] = []
    for f in sorted(found, key=lambda f: (f.start, -f.end)):
        if out and f.start < out[-1].end:
            if f.end > out[-1].end:
                out[-1] = Finding(out[-1].kind, out[-1].start, f.end)
            continue
        out.append(f)
    return out


@functools.lru_cache(maxsize=65536)  # a region has tens of thousands of names; re's own cache holds 512
def _name_pattern(name: str) -> re.Pattern[str]:
    """The name with anything invisible, or a space, allowed between its characters."""
    return re.compile(f"[{_SEP_CHARS}]*".join(re.escape(c) for c in name))


def clean_name(name: str) -> str:
    """A name as it should be compared and masked: no invisible characters or spaces, full-width folded."""
    return "".join(c for c in fold(name) if c not in INVISIBLE and not c.isspace())


def scrub(text: str, names: dict[str, str], person: bool = True) -> tuple[str, bool]:
    """`text` with personal data replaced by （已隐去） and each name in `names` by its masked form."""
    out = text
    spans = findings(out, person)
    if spans:
        parts = []
        last = 0
        for f in spans:
            parts.append(out[last : f.start])
            parts.append(REDACTED)
            last = f.end
        parts.append(out[last:])
        out = "".join(parts)
    for full, masked in names.items():
        if not full:
            continue
        if full in out:
            out = out.replace(full, masked)
        if len(full) > 1 and full[0] in out and full[-1] in out and _HAS_SEP_OR_INVISIBLE.search(out):
            out = _name_pattern(full).sub(masked, out)
    return out, out != text
