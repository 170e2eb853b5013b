"""Personal data in free text, in whatever form an editor typed it.

One place knows what a resident ID number, a mobile number, a bank card, an
e-mail address, a natural person's landline or home address looks like when
written with spaces, hyphens or dashes of any kind, dots, a +86 prefix,
full-width or other-script digits, Chinese numerals, or invisible characters
in between. Three stages use it, so they cannot disagree: publicity masks what
it finds (`scrub`), `gongshi validate` warns the editor about it (`findings`),
and the leak guard looks for what slipped through in the bytes written (it
reads separators and digits as they are defined here).

Matching runs on a prepared copy of the text: folded one character for one
(full-width and other-script digits → ASCII) and without invisible
characters, with a map from its positions back to the original's, so a
match's span is a span of the original text, which is what gets replaced.
Every pattern is bounded (no nested unbounded repetition): a 150 KB value is
scanned in linear time.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

from stdnum.cn import ric

REDACTED = "（已隐去）"


def _class(chars: str) -> str:
    """`chars` as the inside of a regex character class, consecutive code points as ranges."""
    runs: list[list[int]] = []
    for cp in sorted(set(map(ord, chars))):
        if runs and cp == runs[-1][1] + 1:
            runs[-1][1] = cp
        else:
            runs.append([cp, cp])
    return "".join(f"\\U{a:08x}" if a == b else f"\\U{a:08x}-\\U{b:08x}" for a, b in runs)


def _somewhere(chars: str) -> re.Pattern[str]:
    """A quick look for any of `chars`: those of the Basic Multilingual Plane as one class (re tests it in one
    step), those beyond it as the whole of the planes beyond (a class with them is tested range by range, for
    every character of the text), so a hit there may be a false one and the caller must check."""
    bmp = "".join(c for c in chars if ord(c) <= 0xFFFF)
    beyond = "|[\U00010000-\U0010ffff]" if len(bmp) < len(chars) else ""
    return re.compile(f"[{_class(bmp)}]{beyond}")


def _span(first: int, last: int) -> str:
    return "".join(map(chr, range(first, last + 1)))


# Characters that take no room on screen (Unicode's default-ignorable code points that are assigned): they may
# sit inside a number or a name without being seen, and are read as if they were not there.
INVISIBLE = (
    "\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u3164\ufeff\uffa0\U000e0001"
    + _span(0x180B, 0x180F)
    + _span(0x200B, 0x200F)
    + _span(0x202A, 0x202E)
    + _span(0x2060, 0x2064)
    + _span(0x2066, 0x206F)
    + _span(0xFE00, 0xFE0F)
    + _span(0xFFF9, 0xFFFB)
    + _span(0x1BCA0, 0x1BCA3)
    + _span(0x1D173, 0x1D17A)
    + _span(0xE0020, 0xE007F)
    + _span(0xE0100, 0xE01EF)
)
_INVISIBLE_SET = frozenset(INVISIBLE)
_HAS_INVISIBLE = _somewhere(INVISIBLE)

# What may stand between the digit groups of a number someone writes out: spaces of every width and the tab,
# hyphens, dashes and the minus sign of every kind, and dots (the middle dot, bullets, the katakana dot).
SPACES = " \t\u00a0\u1680\u202f\u205f\u3000" + _span(0x2000, 0x200A)
DASHES = "-\u058a\u05be\u1400\u1806\u2043\u2212\u2e17\u2e1a\u2e3a\u2e3b\u2e40\u301c\u3030\u30a0\ufe31\ufe32\ufe58\ufe63\uff0d" + _span(0x2010, 0x2015)
DOTS = ".\u00b7\u0387\u2022\u2024\u2027\u2219\u22c5\u30fb\uff0e\uff65\ufe52"
SEPARATORS = SPACES + DASHES + DOTS
_SEP_CHARS = _class(SEPARATORS)
_G = f"[{_SEP_CHARS}]{{0,5}}"  # what may separate two digits ("138 - 1234", "138　—　1234")


def _digit_like() -> dict[int, str]:
    """Every character that is a digit in some script or style (full-width, Arabic-Indic, mathematical, circled,
    superscript …), as its ASCII digit; one character for one, so spans carry over."""
    table = {}
    for cp in range(0x80, 0x20000):
        d = unicodedata.digit(chr(cp), None)
        if d is not None:
            table[cp] = str(d)
    return table


# Folded one for one: digits of any kind, full-width letters and ＋ ＠ (an e-mail or a +86 written full-width).
# Full-width punctuation (，：（）) stays: it is in nearly every Chinese text, and the patterns accept it.
DIGIT_LIKE = _digit_like()
_FOLD = {
    **DIGIT_LIKE,
    **{0xFF21 + i: chr(0x41 + i) for i in range(26)},
    **{0xFF41 + i: chr(0x61 + i) for i in range(26)},
    0xFF0B: "+",
    0xFF20: "@",
}
_NEEDS_FOLD = _somewhere("".join(map(chr, _FOLD)))
# Chinese numerals read as digits where three or more of them start a run of digits (一三八 一二三四 五六七八);
# only that run is folded, so 张三 next to a phone number stays a name.
_CHINESE_DIGITS = "〇零一二三四五六七八九"
_FOLD_CHINESE = {**{ord(c): str(i) for i, c in enumerate("〇一二三四五六七八九")}, ord("零"): "0"}
_CHINESE_NUMBER = re.compile(f"[{_CHINESE_DIGITS}](?:{_G}[{_CHINESE_DIGITS}]){{2}}(?:{_G}[{_CHINESE_DIGITS}0-9]){{0,40}}")

# Labels, as the validator's warnings and the guard's reports name them.
ID_NUMBER = "身份证号码"
MOBILE = "手机号码"
BANK_CARD = "银行卡号或账号"
EMAIL = "电子邮箱"
LANDLINE = "个人电话"
MESSENGER = "QQ或微信号"
ADDRESS = "住址"
PLATE = "车牌号码"

_ID = re.compile(rf"(?<![0-9A-Za-z])[1-9](?:{_G}[0-9]){{16}}{_G}[0-9Xx](?![0-9A-Za-z])")
_MOBILE = re.compile(rf"(?<![0-9+])(?:[(（]?(?:\+|00)?{_G}86[)）]?{_G}(?:[(（]0[)）]{_G})?)?1{_G}[3-9](?:{_G}[0-9]){{9}}(?![0-9])")
_CARD = re.compile(rf"(?<![0-9])[0-9]{{4}}(?:{_G}[0-9]{{4}}){{3}}(?:{_G}[0-9]{{1,4}})?(?![0-9])")
_LONG = re.compile(r"(?<![0-9A-Za-z])[0-9]{12,30}(?![0-9A-Za-z])")  # not inside a licence number such as JY151…
_AT = r"(?:@|[ \t]?[\[(（【][ \t]?(?:at|AT)[ \t]?[\])）】][ \t]?)"
_EMAIL = re.compile(
    rf"(?<![A-Za-z0-9._%+\-])[A-Za-z0-9._%+\-]{{1,64}}{_AT}[A-Za-z0-9\-]{{1,63}}(?:[.。．][A-Za-z0-9\-]{{1,63}}){{1,8}}"
)
_BRACKETED_AT = re.compile(r"[\[(（【][ \t]?(?:at|AT)[ \t]?[\])）】]")


def _spaced(*words: str) -> str:
    """An alternation of `words`, each allowed a space between its characters (住　址, 住 所 地), longest first."""
    return "|".join("[ \u3000\u00a0]?".join(map(re.escape, w)) for w in sorted(words, key=len, reverse=True))


# A person's phone after a word that introduces one: with an area code, or a local number of seven or eight
# digits; a few words (a name) may stand between ("联系方式：张三 0830-2345678").
_PHONE_WORDS = _spaced("电话", "电话号码", "联系电话", "手机", "手机号", "手机号码", "座机", "固话", "固定电话", "宅电",
                       "家庭电话", "住宅电话", "联系方式", "Tel", "TEL", "tel", "Phone", "phone")
_LANDLINE = re.compile(
    rf"(?:{_PHONE_WORDS})[:：\s]{{0,3}}[^0-9\n，,。；;]{{0,8}}?"
    rf"((?<![0-9])(?:[(（]?0[0-9]{{2,3}}[)）]?{_G}[0-9]{{3,4}}{_G}[0-9]{{3,4}}|[2-9][0-9]{{2,3}}{_G}[0-9]{{4}}))(?![0-9])"
)
_MESSENGER = re.compile(r"(?:QQ|qq|Qq|微信|WeChat|wechat|Wechat)(?:号码|号)?[:：\s]{0,3}([A-Za-z0-9][A-Za-z0-9_\-]{4,29})(?![A-Za-z0-9_\-])")
_PLATE = re.compile(
    r"[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼][A-HJ-NP-Z][A-HJ-NP-Z0-9]{4,5}[A-HJ-NP-Z0-9挂学警港澳]"
)
# A home address: the words that introduce one, then the address up to the end of its clause.
_CLAUSE = r"([^，,。；;！!？?\n\r）)、]{2,80})"
_HOME_WORDS = _spaced("家庭住址", "家庭地址", "住址", "家住", "现住", "现居住", "现居", "居住地", "居住于", "居住在", "住在",
                      "户籍地址", "户籍所在地", "户籍地", "户口所在地", "户口地址", "暂住地", "暂住", "常住地址", "常住地", "住处")
_HOME = re.compile(rf"(?:{_HOME_WORDS})[:：为在于是]?\s*{_CLAUSE}")
# "住" alone after a clause break, as a judgement writes a person ("张三，男，汉族，住泸州市…"): only when
# the clause reads as an address (it has a 市, 区, 路, 号 …), so 住宿 and 住院 are left alone.
_ADDRESS_MARK = "省|市|州|区|县|旗|镇|乡|村|街|路|巷|道|号|组|社区|小区|栋|幢|单元|室|楼|弄"
_LIVES = re.compile(rf"(?:^|(?<=[，,、；;。\s（(]))住(?![ \u3000\u00a0]?[址所处宿院房户建宅])[:：]?\s*(?=[^，,。；;\n]{{0,40}}?(?:{_ADDRESS_MARK}))([^，,。；;！!？?\n\r）)、]{{2,80}})")
# 住所 is also a company's registered seat (public), and its contact and service addresses are public too;
# they are a home only for a natural person
_SEAT = re.compile(rf"(?:{_spaced('住所地', '住所', '联系地址', '通讯地址', '通信地址', '送达地址')})[:：为在于是]?\s*{_CLAUSE}")
_ADDRESS_WORDS = re.compile("住|居|户|地[ \u3000\u00a0]?址")


@dataclass(frozen=True, slots=True)
class Finding:
    kind: str  # one of the labels above
    start: int  # span in the text
    end: int


def fold(text: str) -> str:
    """The text with digits of any kind, full-width letters, ＋ and ＠ made ASCII: same length, so spans carry over."""
    return text.translate(_FOLD) if _NEEDS_FOLD.search(text) else text


def prepared(text: str) -> tuple[str, list[int] | None]:
    """The text as the patterns read it (folded, Chinese numerals in a run as digits, no invisible characters),
    and for each of its positions the position in `text` (None: the same)."""
    text2 = fold(text)
    if _CHINESE_NUMBER.search(text2):
        text2 = _CHINESE_NUMBER.sub(lambda m: m.group().translate(_FOLD_CHINESE), text2)
    if not _HAS_INVISIBLE.search(text2):
        return text2, None
    index = [i for i, c in enumerate(text2) if c not in _INVISIBLE_SET]
    return "".join(text2[i] for i in index), index


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
    folded, index = prepared(text)
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
    if "@" in folded or _BRACKETED_AT.search(folded):
        found.extend(Finding(EMAIL, m.start(), m.end()) for m in _EMAIL.finditer(folded))
    if "Q" in folded or "q" in folded or "微信" in folded or "hat" in folded:
        found.extend(Finding(MESSENGER, m.start(1), m.end(1)) for m in _MESSENGER.finditer(folded))
    if _PLATE_START.search(folded):
        found.extend(Finding(PLATE, m.start(), m.end()) for m in _PLATE.finditer(folded))
    if _ADDRESS_WORDS.search(folded):
        found.extend(Finding(ADDRESS, m.start(1), m.end(1)) for m in _HOME.finditer(folded))
        found.extend(Finding(ADDRESS, m.start(1), m.end(1)) for m in _LIVES.finditer(folded))
        if person:
            found.extend(Finding(ADDRESS, m.start(1), m.end(1)) for m in _SEAT.finditer(folded))
    if len(found) > 1:
        found = _without_overlaps(found)
    if index is not None:  # back to the original's positions (invisible characters inside a span go with it)
        found = [Finding(f.kind, index[f.start], index[f.end - 1] + 1) for f in found]
    return found


_SEVEN_DIGITS = re.compile(rf"[0-9](?:{_G}[0-9]){{6}}")
_PLATE_START = re.compile("[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼][A-HJ-NP-Z]")


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


_NAME_GAP = f"(?:[{_SEP_CHARS}{_class(c for c in INVISIBLE if ord(c) <= 0xFFFF)}]|[{_class(c for c in INVISIBLE if ord(c) > 0xFFFF)}])*"
_HAS_GAP = _somewhere(SEPARATORS + INVISIBLE)


@functools.lru_cache(maxsize=65536)  # a region has tens of thousands of names; re's own cache holds 512
def _name_pattern(name: str) -> re.Pattern[str]:
    """The name with anything invisible, or a space, dash or dot, allowed between its characters."""
    return re.compile(_NAME_GAP.join(re.escape(c) for c in name))


def clean_name(name: str) -> str:
    """A name as it should be compared and masked: no invisible characters or spaces, full-width folded."""
    return "".join(c for c in fold(name) if c not in _INVISIBLE_SET and not c.isspace())


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
        if len(full) > 1 and full[0] in out and full[-1] in out and _HAS_GAP.search(out):
            out = _name_pattern(full).sub(masked, out)
    return out, out != text
