"""Spreadsheets of deals, derived from the deal model: one row per contract on the main sheet,
one sheet per repeating list (work-task rows, instalments…) keyed by 合同编号.

Layout of a workbook made by ``aicontract sheet-template``:
- sheet 1 “合同”: row 1 the Chinese field titles, row 2 (hidden) the field keys, then one
  row per contract; an example row is filled in.
- one sheet per list of items (e.g. “工作任务”): column A 合同编号, then the item's fields,
  one row per item, in order.
- a sheet “填写说明” describing every column.
A list of short texts (e.g. 验收标准和指标) is one cell, one item per line (Alt+Enter); a list
of choices (e.g. 使用目的) is one cell with the choices separated by 、.
CSV: the main sheet as ``deals.csv`` and each list sheet as ``deals.<key>.csv`` beside it.

openpyxl writes the template (data validation, formats, comments, hidden key row);
xlsx_stream.py reads workbooks row by row (memory flat in the sheet's length, three times
faster than openpyxl's read-only mode; python-calamine is faster still but holds the whole sheet). excelalchemy, which maps pydantic models to Excel, was weighed and not
taken: its layout is fixed, while this one needs list sheets keyed by 合同编号.
"""

from __future__ import annotations

import itertools
import re
from array import array
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path

from pydantic import BaseModel

from ..models.fields import FieldKind, iter_fields
from .origins import Origins
from .sheet_files import MAIN_SHEET, SheetError, read_tables
from .spool import Spool
from .xlsx_stream import SheetRow

NOTES_SHEET = "填写说明"
CHOICES_SHEET = "选项"  # hidden in the template: the drop-down lists too long to write inline
KEY = "contract_no"
# a phone kept as a number in Excel has lost any leading 0 (0571… → 571…): a mobile (1…) cannot have (clerk walkthrough M14)
_NUMBER_PHONE = ("{cell} 电话“{value}”在表格中是数字，开头的 0（区号）可能已被 Excel 去掉，请核对；把该列设为文本后重新输入 / the phone is "
                 "a number in the sheet: Excel drops a leading 0")
_HIDDEN = "此行在工作表中是隐藏的（手动隐藏或被筛选），仍已处理；不需要的行请删除 / a hidden row, processed all the same: delete the rows not meant for this batch"
KEY_NEEDED = "必填：用作文件名，列表工作表（工作任务等）中的行也按它对应到本行"
EXAMPLE_MARK = "示例-"  # the template's example row: its 合同编号 starts with this, and it is never drafted
YES, NO = "是", "否"


@dataclass(frozen=True)
class SheetColumn:
    key: str  # dotted path, e.g. party_b.email
    title: str  # 乙方（承建方）·邮箱
    kind: FieldKind  # text, date, int, decimal, bool, choice, choices, text_list
    required: bool
    description: str = ""
    choices: tuple[str, ...] = ()
    conditional: bool = False  # needed whenever its condition holds (使用目的 含 上线运行和运维 → 运行数据的地点)
    percent: bool = False  # a decimal column read as a percentage (30 or 30%), not an amount


@dataclass(frozen=True)
class ListSheet:
    key: str  # work_tasks
    name: str  # sheet name, e.g. 工作任务
    columns: list[SheetColumn] = field(default_factory=list)  # the item's fields


def _columns(model: type[BaseModel], prefix: str = "", titles: tuple[str, ...] = (), required: bool = True,
             lists: list[ListSheet] | None = None) -> list[SheetColumn]:
    out = []
    for spec in iter_fields(model):
        key = f"{prefix}{spec.name}"
        title = titles + (spec.label,)
        need = required and spec.required
        if spec.kind == "group":
            out += _columns(spec.model, f"{key}.", title, need, lists)
        elif spec.kind == "group_list":
            if lists is not None:
                lists.append(ListSheet(key, _sheet_name(title, lists), _columns(spec.model, "", (), True, None)))
        else:
            choices = (YES, NO) if spec.kind == "bool" else spec.choices
            # "·" rather than "›": a CSV saved by Chinese Excel is GBK, which has no "›"
            out.append(SheetColumn(key, "·".join(title), spec.kind, need, spec.description, choices,
                                   bool(spec.ask_when and spec.required_when_asked), spec.percent))
    return out


def _sheet_name(title: tuple[str, ...], taken: list[ListSheet]) -> str:
    """The list's own title, or its parent's and its own when two lists share a title."""
    name = title[-1]
    if any(sheet.name == name for sheet in taken) or name in (MAIN_SHEET, NOTES_SHEET, CHOICES_SHEET):
        name = "·".join(title[-2:])
    return re.sub(r"[\[\]:*?/\\]", "", name)[:31]


def layout(model: type[BaseModel]) -> tuple[list[SheetColumn], list[ListSheet]]:
    lists: list[ListSheet] = []
    columns = _columns(model, lists=lists)
    if lists:  # optional in an answers file, but a sheet's list rows find their contract by it (clerk walkthrough M12)
        columns = [replace(c, required=True, description=KEY_NEEDED) if c.key == KEY else c for c in columns]
    return columns, lists


# --- cells <-> values -----------------------------------------------------------------------------


def cell_value(column: SheetColumn, value):
    """A spreadsheet cell as the deal model expects it; None for an empty cell."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, float):
        value = Decimal(repr(value))
    if isinstance(value, Decimal) and column.kind != "decimal":
        # a number typed into a text or whole-number column: 13905710001, 30 (never 1.39E+10)
        value = int(value) if value == value.to_integral_value() else format(value, "f")
    if column.kind == "text":
        return str(value).strip()
    # dates, amounts, percentages and 是/否 as typed are read by the models' parsers (models/typed.py)
    if column.kind == "choices":
        return [part for part in re.split(r"[、,，;；\n]+", str(value)) if part.strip()]
    if column.kind == "text_list":
        return [line.strip() for line in str(value).splitlines() if line.strip()]
    return value.strip() if isinstance(value, str) else value


def nest(flat: dict[str, object]) -> dict:
    """{"party_a.name": x} -> {"party_a": {"name": x}}; empty parts are left out."""
    out: dict = {}
    for key, value in flat.items():
        if value is None:
            continue
        target = out
        *parents, last = key.split(".")
        for part in parents:
            target = target.setdefault(part, {})
        target[last] = value
    return out


def column_letter(index: int) -> str:
    """0 -> A, 27 -> AB, as openpyxl's get_column_letter(index + 1) (which would import numpy
    into the reading path: a third of a second per batch)."""
    number = index + 1
    if not 1 <= number <= 18278:
        raise ValueError(f"Invalid column index {number}")
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


# --- reading --------------------------------------------------------------------------------------


@dataclass
class Row:
    number: int  # as the user sees it: the spreadsheet row
    data: dict  # nested, ready for the deal model
    origins: Mapping[tuple, tuple[str, int, str]]  # loc -> (sheet or CSV file, row, column letter): origins.py
    contract_no: str | None
    duplicates: list[int] = field(default_factory=list)  # earlier rows with the same 合同编号
    example: bool = False  # the template's example row (合同编号 starts with 示例-): never drafted
    notes: list[str] = field(default_factory=list)  # what the row may hide though it reads (hidden, a phone kept as a number)


def _is_keys(row: list) -> bool:
    return any(isinstance(c, str) and re.fullmatch(r"[a-z_][a-z0-9_.]*", c) for c in row if c)


def column_title(cell) -> str:
    """A header cell's title without its 必填 mark (the title a field has in the models)."""
    return re.sub(r"（(?:条件)?必填）$", "", str(cell).strip()) if cell is not None else ""


def _keyed(rows, where: str, titles: dict[str, str]):
    """Header keys and a generator of the data rows (row number, cells, 合同编号), read lazily
    from ``rows``. The keys are row 2 (hidden in the template), or row 1 of a CSV without
    titles, or — when someone deleted the key row — the Chinese titles of row 1."""
    rows = iter(rows)
    head = list(itertools.islice(rows, 2))
    if not head:
        raise SheetError(f"{where}: 工作表为空 / the sheet is empty")
    if len(head) > 1 and _is_keys(head[1]):
        key_row, keys = 1, [str(c).strip() if c is not None else "" for c in head[1]]
        # a column inserted into the template has a title and no key: named, never dropped silently (clerk recheck N6)
        keys += [""] * (len(head[0]) - len(keys))
        keys = [k or (f"~{column_title(t)}" if titles and column_title(t) else "") for k, t in zip(keys, [*head[0], *[None] * len(keys)])]
    elif _is_keys(head[0]):
        key_row, keys = 0, [str(c).strip() if c is not None else "" for c in head[0]]
    else:
        key_row = 0
        keys = [titles.get(column_title(c), f"?{column_title(c)}" if column_title(c) else "") for c in head[0]]
    at = keys.index(KEY) if KEY in keys else None

    def data():
        for number, row in enumerate(itertools.chain(head[key_row + 1:], rows), start=key_row + 2):
            if any(c not in (None, "") for c in row):
                owner = row[at] if at is not None and at < len(row) else None
                yield number, row, str(owner).strip() if owner not in (None, "") else None

    return keys, data()


def _watch(column: SheetColumn) -> bool:
    return column.percent or column.key.endswith("phone")


def _suspect(column: SheetColumn, raw, value, cell: str, notes: list[str]) -> None:
    """What a cell that reads may still hide, said in the row's notes: a phone kept as a number (Excel drops its
    leading 0; a mobile, 1…, has none: clerk walkthrough M14), and a number between 0 and 1 in a percentage column —
    0.3 is 0.3 %, while Excel's own 30% arrives as 30% (xlsx_stream): likely a fraction meant as a percentage (N8)."""
    if not column.percent:
        if isinstance(raw, (Decimal, int)) and not str(value).startswith("1"):
            notes.append(_NUMBER_PHONE.format(cell=cell, value=value))
    elif isinstance(value, Decimal) and 0 < value < 1:
        meant = f"{(value * 100).normalize():f}"
        notes.append(f"{cell} 的比例 {value} 按 {value}% 读取；如指 {meant}%，请填写 {meant} 或 {meant}% / read as {value} per cent")


class Sheet:
    """A spreadsheet of deals. The list sheets are read first and kept packed by 合同编号; the
    main sheet is read as it is iterated, and each row's deal data is built only when the row
    is reached, so a batch holds one row's deal at a time."""

    def __init__(self, path: Path, model: type[BaseModel]):
        self.path = Path(path)
        columns, lists = layout(model)
        self._by_key = {c.key: c for c in columns}
        tables, self.rows_hint = read_tables(self.path, [s.name for s in lists])
        # how errors name each sheet: 合同 in a workbook, the file itself for CSV
        csv_file = self.path.suffix.lower() == ".csv"
        self.sheet_names = {name: (self.path.name if name == MAIN_SHEET else f"{self.path.stem}.{name}.csv") if csv_file
                            else name for name in tables}
        self._main = tables.pop(MAIN_SHEET)
        where = f"{path} › {MAIN_SHEET}"
        self._keys, first_pass = _keyed(self._main(), where, {c.title: c.key for c in columns})
        unknown = [(i, k.lstrip("?")) for i, k in enumerate(self._keys) if k and k[0] != "~" and k not in self._by_key]
        keyless = [(i, k[1:]) for i, k in enumerate(self._keys) if k[:1] == "~"]  # a title over an empty key: named, not counted
        known = sum(k in self._by_key for k in self._keys if k != KEY)
        missing = len(set(self._by_key) - set(self._keys))
        # a column of the clerk's own is left out; a sheet of another family (many columns unknown, or many of this
        # family's missing: a 数据处理协议 sheet run as 合作合同 lacks 61 of 111) is refused (clerk recheck N1)
        if KEY not in self._keys or len(unknown) >= known or (unknown and missing > len(self._by_key) // 10):
            shown = "、".join(k for _, k in unknown[:5]) + ("…" if len(unknown) > 5 else "")
            missing = "" if KEY in self._keys else "；缺少 / missing: 合同编号 (contract_no)"
            raise SheetError(f"{where}: 表头与合同类型不符（是否选错了 --family？） / the headers do not match this family"
                             f"（未知列 / unknown: {shown or '—'}{missing}）")
        # what the clerk should know about the sheet as a whole (a column of their own, a list file not found)
        self.notes = [f"{self.sheet_names[MAIN_SHEET]} {column_letter(i)}列“{k}”未对应此类合同的任何字段（标题不符，或第2行的字段键为空），"
                      f"未使用 / column {column_letter(i)} ({k}) matches no field of this family: not used" for i, k in sorted(unknown + keyless)]
        self._keys = [k if k in self._by_key else "" for k in self._keys]
        twice = [k for k in dict.fromkeys(self._keys) if k and self._keys.count(k) > 1]
        if twice:  # which of two columns holds the answer? (clerk recheck N3: the later one won, silently)
            doubled = "；".join(f"{self._by_key[k].title}：{'、'.join(column_letter(i) + '列' for i, x in enumerate(self._keys) if x == k)}"
                               for k in twice)
            raise SheetError(f"{where}: 同一字段出现在两列，请删去多余的一列 / a field has two columns: {doubled}")
        self.key_letter = column_letter(self._keys.index(KEY))
        self.has_lists = bool(lists)
        for sheet in (s for s in lists if s.name not in tables):
            if csv_file:
                looked_for = f"{self.path.stem}.{sheet.name}.csv"
                stray = self.path.with_name(f"{sheet.name}.csv")
                place = f"文件 {looked_for}（应与 {self.path.name} 在同一文件夹" + (
                    f"；同一文件夹中的 {stray.name} 应改名为 {looked_for}）" if stray.is_file() else "）")
            else:
                looked_for, place = sheet.name, f"工作表“{sheet.name}”"
            self.notes.append(f"未找到{place}，各合同的“{sheet.name}”按未填写处理 / not found: {looked_for}; every contract's "
                              f"{sheet.name} is read as empty")
        self.rows_by_id: dict[str, list[int]] = {}  # filled as the sheet is read
        # each column once: its key path, its kind, its letter
        self._columns = [(i, tuple(k.split(".")), self._by_key[k], column_letter(i)) for i, k in enumerate(self._keys) if k]
        self._layout = tuple((i, path, letter) for i, path, _, letter in self._columns)  # shared by every row's Origins
        self._watched = {i for i, _, column, _ in self._columns if _watch(column)}
        self._lists = []  # (sheet, item columns, contract_no -> [row number, offset, length, …] in the spool, (key, letter)…)
        self._spool = Spool()
        self._unowned: list[tuple[str, int, None]] = []  # list-sheet rows without a 合同编号
        self._hidden_items: set[tuple[str, int]] = set()  # (list sheet, row) hidden in the workbook
        for sheet in lists:
            if sheet.name not in tables:
                continue
            item_columns = {c.key: c for c in sheet.columns}
            keys, data = _keyed(tables.pop(sheet.name)(), f"{path} › {sheet.name}",
                                {"合同编号": KEY, **{c.title: c.key for c in sheet.columns}})
            by_owner: dict[str, array] = {}
            for number, cells, owner in data:
                if owner is None:
                    self._unowned.append((self.sheet_names[sheet.name], number, None))
                else:
                    self._spool.put(by_owner, owner, number, cells)
                    if getattr(cells, "hidden", False):  # used all the same, and said so on its contract (clerk recheck N4)
                        self._hidden_items.add((sheet.name, number))
            columns = [(i, k, item_columns[k], column_letter(i)) for i, k in enumerate(keys) if k in item_columns]
            self._lists.append((sheet, columns, by_owner, tuple((k, letter) for _, k, _, letter in columns)))

    def __len__(self) -> int:
        """The number of contract rows (from the sheet's extent; blank rows are not counted
        when the sheet is iterated)."""
        return self.rows_hint or 0

    def __iter__(self):
        """Each contract row, once: the sheet is read as it goes. A row whose 合同编号 came
        before carries the earlier rows in ``duplicates``."""
        for number, cells, _ in _keyed(self._main(), str(self.path), {})[1]:
            yield self._row(number, cells)

    @property
    def orphans(self) -> list[tuple[str, int, str | None]]:
        """List-sheet rows of no contract, (sheet, row, 合同编号): known once the sheet is read."""
        out = list(self._unowned)
        for sheet, _, by_owner, _ in self._lists:
            out += [(self.sheet_names[sheet.name], number, owner) for owner, items in by_owner.items()
                    if owner not in self.rows_by_id for number in items[::3]]
        return sorted(out, key=lambda o: (o[0], o[1]))

    def _row(self, number: int, cells: list) -> Row:
        flat, notes = {}, []
        main, width = self.sheet_names[MAIN_SHEET], len(cells)
        for index, _, column, letter in self._columns:
            if index < width:
                flat[column.key] = value = cell_value(column, cells[index])
                if index in self._watched:  # a phone or a percentage: what the cell may hide (worked out once per sheet)
                    _suspect(column, cells[index], value, f"{main}!{letter}{number}", notes)
        for column, first in cells.merged if isinstance(cells, SheetRow) else ():  # clerk recheck N5: said, not silent
            letter = column_letter(column)
            value = str(cells[column])
            notes.append(f"{main}!{letter}{number} 在合并单元格中，取其首格 {letter}{first} 的值“{value[:40]}{'…' if len(value) > 40 else ''}”，"
                         f"请核对 / merged with {letter}{first}: its value is used")
        contract_no = flat.get(KEY)
        contract_no = str(contract_no) if contract_no is not None else None
        data = nest(flat)
        lists = []
        for sheet, columns, by_owner, letters in self._lists:
            *parents, last = sheet.key.split(".")
            numbers = []
            for item_number, item_cells in self._spool.items(by_owner.get(contract_no, array("q")) if contract_no else array("q")):
                target = data
                for part in parents:
                    target = target.setdefault(part, {})
                item = {}
                for index, key, column, letter in columns:
                    if index < len(item_cells):
                        item[key] = cell_value(column, item_cells[index])
                        if column.percent:
                            _suspect(column, item_cells[index], item[key], f"{self.sheet_names[sheet.name]}!{letter}{item_number}",
                                     notes)
                target.setdefault(last, []).append(nest(item))
                numbers.append(item_number)
                if (sheet.name, item_number) in self._hidden_items:
                    notes.append(f"{self.sheet_names[sheet.name]}!{item_number} 行在工作表中是隐藏的，仍用于本合同 / a hidden row, "
                                 "used all the same")
            if numbers:
                lists.append((self.sheet_names[sheet.name], (*parents, last), letters, tuple(numbers)))
        others = list(self.rows_by_id.get(contract_no, [])) if contract_no else []
        if contract_no:
            self.rows_by_id.setdefault(contract_no, []).append(number)
        origins = Origins(main, number, width, self._layout, tuple(lists))
        if getattr(cells, "hidden", False):  # clerk walkthrough M10: a row hidden or filtered out was drafted without a word
            notes.insert(0, _HIDDEN)
        return Row(number, data, origins, contract_no, others, bool(contract_no and contract_no.startswith(EXAMPLE_MARK)), notes)
