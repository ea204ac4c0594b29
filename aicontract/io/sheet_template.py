"""The spreadsheet template for batch drafting, derived from the deal model: titles, a hidden
key row, drop-downs for options and 是/否 and formats on whole columns, notes on every column,
one sheet per list, and an example row marked as such (its 合同编号 starts with 示例-, so it
is never drafted)."""

from __future__ import annotations

import io
from decimal import Decimal
from enum import Enum

from pydantic import BaseModel

from .sheet import (
    CHOICES_SHEET,
    EXAMPLE_MARK,
    KEY,
    MAIN_SHEET,
    NO,
    NOTES_SHEET,
    YES,
    SheetColumn,
    column_letter,
    layout,
)

LAST_ROW = 1048576  # Excel's last row: formats and drop-downs hold for every row a clerk may type in
FORMATS = {"date": "yyyy-mm-dd", "decimal": "#,##0.00", "text": "@", "text_list": "@"}
PERCENT_HINT = "百分数，如 30 或 30%（30% 即百分之三十）"


def to_cell(column: SheetColumn, value):
    """A deal value as a spreadsheet cell (for the example row)."""
    if value is None:
        return None
    if isinstance(value, Enum):
        return value.value
    if column.kind == "bool":
        return YES if value else NO
    if column.kind == "choices":
        return "、".join(getattr(v, "value", v) for v in value)
    if column.kind == "text_list":
        return "\n".join(value)
    if isinstance(value, Decimal):
        return float(value)
    return value


def flatten(data: dict, prefix: str = "") -> dict[str, object]:
    out = {}
    for key, value in data.items():
        if isinstance(value, dict):
            out.update(flatten(value, f"{prefix}{key}."))
        else:
            out[f"{prefix}{key}"] = value
    return out


def _format(column: SheetColumn) -> str:
    """A column's number format: amounts with thousands separators, a percentage as typed (30, or 30% in Excel's own format)."""
    return "General" if column.percent else FORMATS.get(column.kind, "General")


CONDITIONAL = "条件必填"  # the 必填 column of a field needed whenever its condition holds


def write_template(model: type[BaseModel], deals: list[dict] | None = None, example: dict | None = None) -> bytes:
    """A workbook for ``model``: headers, keys, drop-downs, formats, notes; one row per deal in
    ``deals``, after the ``example`` row (greyed, its 合同编号 prefixed 示例-: never drafted)."""
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    columns, lists = layout(model)
    workbook = Workbook()
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="E7E6E6")
    grey = Font(italic=True, color="808080")
    deals = deals or []
    if example is not None:
        example = {**example, KEY: f"{EXAMPLE_MARK}{example.get(KEY, '')}"}
        deals = [example, *deals]

    def sheet_with(ws, cols: list[SheetColumn], rows: list[dict]):
        for index, column in enumerate(cols, start=1):
            mark = "（必填）" if column.required else f"（{CONDITIONAL}）" if column.conditional else ""  # reminders M5
            title = ws.cell(row=1, column=index, value=column.title + mark)
            title.font, title.fill = bold, fill
            title.alignment = Alignment(wrap_text=True, vertical="top")
            if column.description:
                title.comment = Comment(column.description, "aicontract")
            ws.cell(row=2, column=index, value=column.key)
            letter = column_letter(index - 1)
            ws.column_dimensions[letter].width = 18 if column.kind in ("date", "int", "bool", "choice", "decimal") else 28
            cells = f"{letter}3:{letter}{LAST_ROW}"
            if _format(column) != "General":  # the whole column: a phone typed in row 4 keeps its leading zero
                ws.column_dimensions[letter].number_format = _format(column)
            if column.choices and column.kind in ("choice", "bool"):
                validation = DataValidation(type="list", formula1=choice_source(column.choices), allow_blank=True,
                                            showErrorMessage=True)
                validation.error = f"请选择：{'、'.join(column.choices)}"
                validation.errorTitle = column.title
                ws.add_data_validation(validation)
                validation.add(cells)
            for row_index, values in enumerate(rows, start=3):
                cell = ws.cell(row=row_index, column=index, value=to_cell(column, values.get(column.key)))
                cell.number_format = _format(column)
                if column.kind in ("text", "text_list"):
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
                if example is not None and str(values.get(KEY, "")).startswith(EXAMPLE_MARK):
                    cell.font = grey
        ws.row_dimensions[2].hidden = True
        ws.freeze_panes = "B3"

    long_lists: list[list[str]] = []  # a column each of the hidden sheet, written at the end

    def choice_source(choices: list[str]) -> str:
        """A drop-down's list: inline when short; Excel refuses an inline list over 255 characters
        (a file it must “repair”), so a long one is a column of a hidden sheet."""
        inline = '"' + ",".join(choices) + '"'
        if len(inline) <= 255:
            return inline
        letter = column_letter(len(long_lists))
        long_lists.append(choices)
        return f"'{CHOICES_SHEET}'!${letter}$1:${letter}${len(choices)}"

    main = workbook.active
    main.title = MAIN_SHEET
    sheet_with(main, columns, [flatten(deal) for deal in deals])
    key_column = SheetColumn(KEY, "合同编号", "text", True, "对应“合同”表的合同编号")
    for sheet in lists:
        rows = []
        for deal in deals:
            items = deal
            for part in sheet.key.split("."):
                items = items.get(part, {}) if isinstance(items, dict) else {}
            rows += [{KEY: deal.get(KEY), **flatten(item)} for item in items] if isinstance(items, list) else []
        sheet_with(workbook.create_sheet(sheet.name), [key_column, *sheet.columns], rows)
    notes = workbook.create_sheet(NOTES_SHEET)
    notes.append([f"第3行是示例（合同编号以“{EXAMPLE_MARK}”开头），不会起草；请在其下逐行填写，或改写此行并去掉“{EXAMPLE_MARK}”。"
                  f"列表工作表中合同编号以“{EXAMPLE_MARK}”开头的行同样是示例。"])
    notes.append(["工作表", "列", "字段", "名称", "必填", "可选值或格式", "说明"])
    for cell in notes[2]:
        cell.font, cell.fill = bold, fill
    formats = {"date": "日期，如 2026-01-05、2026/1/5、2026年1月5日", "decimal": "金额（元），如 1860000、1,860,000.00、186万元",
               "int": "整数", "bool": "是/否",
               "text_list": "每行一项（Alt+Enter 换行）", "choices": "多个选项用、分隔"}
    for sheet_name, cols in [(MAIN_SHEET, columns)] + [(s.name, [key_column, *s.columns]) for s in lists]:
        for index, column in enumerate(cols):
            needed = YES if column.required else CONDITIONAL if column.conditional else NO
            notes.append([sheet_name, column_letter(index), column.key, column.title, needed,
                          "、".join(column.choices) or (PERCENT_HINT if column.percent else formats.get(column.kind, "文字")),
                          column.description])
    for letter, width in zip("ABCDEFG", (12, 6, 34, 34, 8, 30, 60)):
        notes.column_dimensions[letter].width = width
    if long_lists:  # last, after the notes: the sheets a clerk fills come first
        hidden = workbook.create_sheet(CHOICES_SHEET)
        hidden.sheet_state = "hidden"
        for index, choices in enumerate(long_lists, start=1):
            for row, choice in enumerate(choices, start=1):
                hidden.cell(row=row, column=index, value=choice)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
