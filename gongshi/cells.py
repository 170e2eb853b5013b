"""A spreadsheet cell as a value of the data standard, whatever form an editor or Excel gave it.

Excel holds a date as a date, a number or text (2026-03-05, 2026/3/5, 2026年3月5日, a serial day number); an
amount with thousands separators, full-width digits or its unit typed in; a long number such as an ID rounded
to 15 digits, or in a CSV file as 5.10502E+17. Each is read here, or refused with a message that says what to
write instead, in the editor's words.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation

from . import national
from .national import Column
from .standard import LONG_TERM


class Bad(ValueError):
    """A cell that cannot be read as its column's type; the message says what to write instead."""


def value(column: Column, cell: object, yuan: bool | None = False, own: dict[str, str] | None = None) -> object:
    """A cell as the data standard's value, or None when empty; raise Bad. `own`: a department's own words for
    the values of an enumerated column (企业 → 法人及非法人组织), from its mapping file."""
    if cell is None or (isinstance(cell, str) and not cell.strip()):
        return None
    kind = column.type
    if kind == "date":
        return _date(cell)
    if kind == "wan":
        return _amount(cell, yuan)
    if own:
        cell = own.get(str(cell).strip(), cell)
    if kind == "bool":
        return _bool(cell)
    if kind == "enums":
        return _enums(column, text(cell, column), own or {})
    if kind in ("codes", "strs"):
        if isinstance(cell, float) and kind == "codes":
            text(cell, column)  # a number: refused when it has lost digits
        return [p for p in re.split(r"[,，、;；\s]+" if kind == "codes" else r"[,，、;；]+", text(cell, column)) if p]
    written = text(cell, column)
    if kind == "enum":
        return _enum(column, written)
    if kind == "code":
        written = written.translate(_HALF_WIDTH)
        return written.upper() if column.field == "party.uscc" else written
    return written


# full-width digits and Latin letters (a code typed with a Chinese input method); other characters stay
_HALF_WIDTH = {c: c - 0xFEE0 for c in (*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B))}


def text(cell: object, column: Column) -> str:
    if isinstance(cell, float):
        if column.type in ("code", "codes") and (abs(cell) >= 1e15 or cell != int(cell)):
            # Excel keeps 15 significant digits: a longer number has already lost its last ones
            raise Bad(f"被存成了数字（{cell:g}），长数字已丢失精度；请把该列设为文本格式后重新填写")
        if cell == int(cell):
            return str(int(cell))
        return repr(cell)
    if isinstance(cell, (datetime, date)):
        raise Bad(f"应为文字，实际是日期 {cell:%Y-%m-%d}")
    text = str(cell).strip()
    if column.type in ("code", "codes") and _SCIENTIFIC.fullmatch(text):  # how Excel saves a long number in CSV
        raise Bad(f"“{text}”是被 Excel 改写成科学计数法的数字，长数字已丢失精度；请把该列设为文本格式，重新填写后再保存")
    return text


_SCIENTIFIC = re.compile(r"\d(?:\.\d+)?[Ee]\+\d+")


_DATE_TEXT = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?")
_EXCEL_EPOCH = date(1899, 12, 30)


def _date(cell: object) -> date:
    if isinstance(cell, datetime):
        return cell.date()
    if isinstance(cell, date):
        return cell
    if isinstance(cell, (int, float)) and not isinstance(cell, bool):
        if 1 <= cell < 2958466:  # an Excel serial day number (a date cell read as a number)
            return _EXCEL_EPOCH + timedelta(days=int(cell))
        raise Bad(f"“{cell}”不是日期；请按 YYYY-MM-DD 填写，如 2025-03-05")
    text = unicodedata.normalize("NFKC", str(cell)).strip()
    if text == "长期":
        return date.fromisoformat(LONG_TERM)
    m = _DATE_TEXT.fullmatch(text) or re.fullmatch(r"(\d{4})(\d{2})(\d{2})", text)
    if not m:
        raise Bad(f"“{text[:30]}”不是日期；请按 YYYY-MM-DD 填写，如 2025-03-05")
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        raise Bad(f"“{text}”不是真实存在的日期；请核对年月日") from None


def _amount(cell: object, yuan: bool) -> Decimal | int:
    unit = "元" if yuan else "万元"
    if isinstance(cell, bool) or isinstance(cell, (date, datetime)):
        raise Bad(f"应为金额（{unit}），实际为{cell}")
    text = repr(cell) if isinstance(cell, float) else unicodedata.normalize("NFKC", str(cell)).strip()
    if text.endswith("万元"):
        yuan, text = False, text[:-2]
    elif text.endswith("元"):
        yuan, text = True, text[:-1]
    try:
        amount = Decimal(re.sub(r"[,\s]", "", text))
    except InvalidOperation:
        raise Bad(f"“{text[:30]}”不是金额；请填写以{unit}为单位的数字，如 {'2000' if yuan else '0.2'}") from None
    if not amount.is_finite() or amount.adjusted() >= 15:
        raise Bad(f"“{text[:30]}”不是合理的金额；请填写以{unit}为单位的数字")
    if amount < 0:
        raise Bad(f"金额 {text} 不能为负数；请填写不小于 0 的金额")
    amount = amount if yuan else amount * 10000
    if amount != amount.quantize(Decimal("0.01")):
        raise Bad(f"金额 {text}{unit} 折合 {format(amount.normalize(), 'f')} 元，超过两位小数（分）；请核对")
    return int(amount) if amount == amount.to_integral_value() else amount.quantize(Decimal("0.01"))


def _bool(cell: object) -> bool:
    text = unicodedata.normalize("NFKC", str(cell)).strip().upper()
    if text in national.YES_NO:
        return national.YES_NO[text]
    raise Bad(f"“{text[:20]}”应为 是 或 否")


def _enums(column: Column, text: str, own: dict[str, str]) -> list[str]:
    """Several values in one cell: 警告,罚款 or 01 警告、02 罚款 or 警告 罚款."""
    for alias, name in national.ALIASES.get(column.field or "", {}).items():
        text = text.replace(alias, name)  # an alias with 、 in it, before 、 splits the cell
    out = []
    for part in (own.get(p.strip(), p.strip()) for p in re.split(r"[,，、;；]+", text)):
        if not part:
            continue
        if national.name_of(column, part) is None and re.search(r"\s", part):
            out.extend(_enum(column, p) for p in part.split())
        else:
            out.append(_enum(column, part))
    return out


def _enum(column: Column, text: str) -> str:
    name = national.name_of(column, text)
    if name is None:
        choices = "、".join(f"{national.code_of(column, n)} {n}" if column.choices else n for n in column.names)
        raise Bad(f"“{text[:30]}”不是可选的值；可填：{choices}")
    return name
