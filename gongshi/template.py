"""The editors' workbook: the columns `gongshi import` reads, with drop-down lists and a sheet explaining each.

Typing a category or a party kind is where most rows go wrong, so every enumerated column offers its values
in a list (Excel data validation) instead. Columns the export fills in itself (the body's name and credit code,
a licence's 当前状态) and the withdrawal columns are left out: a new decision has none.
"""

from __future__ import annotations

from pathlib import Path

from . import files, national, spreadsheet
from .national import Column

ROWS = 2000  # rows prepared with lists and text formats
TEXT = "@"  # Excel's text format: an 18-digit number typed into it stays as typed
# what the template leaves out: a new decision's status, and the GS_ columns that repeat a national one there
_KEPT_ELSEWHERE = {"GS_GSZT", "GS_GSJZQ", "GS_CFYXQ"}


def columns(kind: str) -> list[Column]:
    titled = any(c.field == "title" and not c.code.startswith("GS_") for c in national.COLUMNS[kind])
    return [
        c for c in national.COLUMNS[kind]
        if c.field and c.code not in _KEPT_ELSEWHERE and not c.field.startswith("withdrawal.")
        and not (c.code == "GS_JDSMC" and titled)
    ]


def required(col: Column) -> str:
    """Whether an editor must fill a column for the import (a national 必填 column derived from others is not)."""
    if col.required == "Y" and not col.derived:
        return "必填"
    return "选填" if col.required == "O" or col.derived else "按情况必填"


def workbook(kind: str, powers: dict[str, str] | None = None) -> bytes:
    """The template; `powers` (事项编码 → 事项名称, a department's powers of the kind) add a list of its codes."""
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter, quote_sheetname
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = Workbook()
    ws = wb.active
    ws.title = kind
    lists = wb.create_sheet("可选值")
    guide = wb.create_sheet("填写说明")
    cols = columns(kind)
    must = PatternFill("solid", fgColor="FFF2CC")
    for j, col in enumerate(cols, 1):
        cell = ws.cell(row=1, column=j, value=col.label)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        cell.comment = Comment(f"{col.code}：{required(col)}。{col.doc}", "gongshi")
        if required(col) == "必填":
            cell.fill = must
        letter = get_column_letter(j)
        ws.column_dimensions[letter].width = max(12, min(40, len(col.label) * 2 + 2))
        if col.type in ("code", "codes", "enums"):  # numbers and dates may stay numbers and dates
            for i in range(2, ROWS + 2):
                ws.cell(row=i, column=j).number_format = TEXT
        names = list(powers) if powers and col.field == "power_code" else _choices(col)
        if names:
            lists.append([col.label, *names])
            n = lists.max_row
            ref = f"{quote_sheetname(lists.title)}!$B${n}:${get_column_letter(len(names) + 1)}${n}"
            many = col.type == "enums"
            dv = DataValidation(
                type="list",
                formula1=ref,
                allow_blank=True,
                showErrorMessage=True,
                errorStyle="warning" if many else "stop",
                promptTitle=col.label[:32],
                prompt=("可多项，用逗号分隔；" if many else "") + "从下拉列表中选择",
                showInputMessage=True,
                error="多项请用逗号分隔，如 警告,罚款" if many else "请从下拉列表中选择",
            )
            dv.add(f"{letter}2:{letter}{ROWS + 1}")
            ws.add_data_validation(dv)
    ws.freeze_panes = "A2"
    lists.sheet_state = "hidden"
    guide.append(["列名", "代码", "必填", "说明", "可选值"])
    for cell in guide[1]:
        cell.font = Font(bold=True)
    for col in cols:
        choices = [f"{c} {n}" for c, n in powers.items()] if powers and col.field == "power_code" else _choices(col)
        guide.append([col.label, col.code, required(col), col.doc, "、".join(choices)])
    guide.append([])
    auto = [c for c in national.COLUMNS[kind] if c.code in national.BODY or c.code == "XK_ZT"]
    guide.append(["导出时自动填写、导入时不需要的列：" + "、".join(f"{c.label}（{c.code}）" for c in auto)])
    for letter, width in zip("ABCDE", (34, 14, 8, 60, 40), strict=True):
        guide.column_dimensions[letter].width = width
    return spreadsheet.saved(wb)


def _choices(col: Column) -> list[str]:
    if col.type == "bool":
        return ["是", "否"]
    if col.type not in ("enum", "enums"):
        return []
    if col.type == "enum" and col.choices:
        return [f"{col.choices[n]} {n}" for n in col.names]  # import reads "02 罚款" as well as "罚款"
    return list(col.names)


def write(kind: str, output: Path, powers: dict[str, str] | None = None) -> None:
    files.replace(output, workbook(kind, powers))
