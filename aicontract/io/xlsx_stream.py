"""Rows of an .xlsx sheet, streamed: the sheet's XML is parsed row by row (lxml, C speed) and
each row dropped once read, so memory stays flat however long the sheet is — where readers that
load the whole sheet grow with it. Values as a reader sees them: shared and inline strings,
numbers as exact ``Decimal``, date-formatted numbers as datetimes, booleans; a formula's cached
value (none if the workbook was never saved by a spreadsheet program)."""

from __future__ import annotations

import datetime as dt
import posixpath
import re
import zipfile
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Iterator

from lxml import etree

NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_C, _T, _V, _ROW = f"{NS}c", f"{NS}t", f"{NS}v", f"{NS}row"
DATE_FORMATS = {14, 15, 16, 17, 18, 19, 20, 21, 22, 45, 46, 47, *range(27, 37), *range(50, 59)}
_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\b[^>]*?\bref="([A-Z]{1,3})(\d{1,7}):[A-Z]{1,3}(\d{1,7})"')
MAX_MERGED = 100_000  # cells filled from merges, at most: a merge over a whole sheet stays bounded
PERCENT_FORMATS = {9, 10}  # 0% and 0.00%
_QUOTED = re.compile(r'"[^"]*"|\[[^]]*\]|\\.')  # literal text, [colour] and escaped characters in a format code
_DATE_CODE = re.compile(r'"[^"]*"|\[[^]]*\]|\\.|([ymdhs])', re.IGNORECASE)
EPOCH = dt.datetime(1899, 12, 30)  # Excel's day 0, counting its 1900 leap-year bug
_PARSER = dict(resolve_entities=False, no_network=True, huge_tree=False)
_COLUMNS: dict[str, int] = {}


class SheetRow(list):
    """The cells of a row that says more than its values: hidden in the workbook (by hand, or by a filter), or with
    cells filled from a merge above them (``merged``: (column, the merge's first row) for each)."""

    hidden = False

    def __init__(self, cells=(), hidden: bool = False):
        super().__init__(cells)
        self.hidden = hidden
        self.merged: list[tuple[int, int]] = []


def _percent_text(number: Decimal) -> str:
    """0.3 in a cell formatted as a percentage is what Excel shows: 30%."""
    text = f"{number * 100:f}"
    return (text.rstrip("0").rstrip(".") if "." in text else text) + "%"


def column_index(letters: str) -> int:
    """A -> 0, AB -> 27 (cached: a sheet repeats the same few hundred letters)."""
    index = _COLUMNS.get(letters)
    if index is None:
        index = 0
        for char in letters:
            index = index * 26 + ord(char) - 64
        index = _COLUMNS[letters] = index - 1
    return index


class XlsxReader:
    """One workbook: its sheet names, and a stream of rows for any sheet, as often as asked."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self.archive = zipfile.ZipFile(self.path)
        names = set(self.archive.namelist())
        workbook = etree.fromstring(self.archive.read("xl/workbook.xml"), etree.XMLParser(**_PARSER))
        rels = etree.fromstring(self.archive.read("xl/_rels/workbook.xml.rels"), etree.XMLParser(**_PARSER))
        targets = {r.get("Id"): r.get("Target", "") for r in rels}
        self.parts: dict[str, str] = {}
        for sheet in workbook.iter(f"{NS}sheet"):
            target = targets.get(sheet.get(REL), "")
            self.parts[sheet.get("name")] = target.lstrip("/") if target.startswith("/") else posixpath.normpath(f"xl/{target}")
        self.sheet_names = list(self.parts)
        self.date1904 = any(p.get("date1904") in ("1", "true") for p in workbook.iter(f"{NS}workbookPr"))
        self.strings = self._shared_strings(names)
        self.date_styles, self.percent_styles = self._number_styles(names)
        self._merged: dict[str, dict] = {}

    def _shared_strings(self, names: set[str]) -> list[str]:
        part = next((n for n in names if n.lower() == "xl/sharedstrings.xml"), None)
        if part is None:
            return []
        strings = []
        with self.archive.open(part) as stream:
            for _, item in etree.iterparse(stream, tag=f"{NS}si", **_PARSER):
                strings.append("".join(t.text or "" for t in item.iter(f"{NS}t") if t.getparent().tag != f"{NS}rPh"))
                item.clear()
        return strings

    def _number_styles(self, names: set[str]) -> tuple[set[int], set[int]]:
        """Indexes of the cell styles whose number format shows a date, and of those showing a percentage
        (30% typed in Excel is stored as 0.3 in a cell formatted 0%: clerk walkthrough H1)."""
        if "xl/styles.xml" not in names:
            return set(), set()
        styles = etree.fromstring(self.archive.read("xl/styles.xml"), etree.XMLParser(**_PARSER))
        custom = {int(f.get("numFmtId")): f.get("formatCode", "") for f in styles.iter(f"{NS}numFmt")}
        dated = {i for i, code in custom.items() if any(m.group(1) for m in _DATE_CODE.finditer(code))}
        percent = {i for i, code in custom.items() if "%" in _QUOTED.sub("", code)}
        cell_xfs = styles.find(f"{NS}cellXfs")
        dates, percents = set(), set()
        for index, xf in enumerate(cell_xfs if cell_xfs is not None else []):
            number = int(xf.get("numFmtId", "0"))
            if number in DATE_FORMATS or number in dated:
                dates.add(index)
            elif number in PERCENT_FORMATS or number in percent:
                percents.add(index)
        return dates, percents

    def _value(self, cell):
        kind = cell.get("t")
        if kind == "inlineStr":
            return "".join([t.text or "" for t in cell.iter(_T)])
        value = cell.find(_V)
        text = value.text if value is not None else None
        if text is None:
            return None
        if kind == "s":
            return self.strings[int(text)]
        if kind in ("str", "e"):
            return text
        if kind == "b":
            return text == "1"
        try:
            number = Decimal(text)
        except InvalidOperation:
            return text
        style = cell.get("s")
        if style is not None and int(style) in self.date_styles:
            days = float(number) + (1462 if self.date1904 else 0)
            return EPOCH + dt.timedelta(days=days)
        if style is not None and int(style) in self.percent_styles:
            return _percent_text(number)
        return number

    def height(self, name: str) -> int:
        """The number of rows the sheet says it spans (its <dimension>), read from its head."""
        with self.archive.open(self.parts[name]) as stream:
            for event, element in etree.iterparse(stream, events=("start",), **_PARSER):
                if element.tag == f"{NS}dimension":
                    last = element.get("ref", "A1").split(":")[-1]
                    return int(last.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ") or 1)
                if element.tag == f"{NS}sheetData":
                    break
        return 0

    def merged_down(self, name: str) -> dict[int, list[tuple[int, int]]]:
        """Cells merged with the cell above them, by row: row -> [(column, the merge's first row)]. A clerk merges
        D38:D39 for “the same value”; Excel keeps it in D38 alone (clerk walkthrough M9). Only a range's first
        column counts (B3:D3 spans three fields, not one value), and at most MAX_MERGED cells in all."""
        ranges: set[tuple[int, int, int]] = set()  # (column, first row, last row); a range across chunks is found twice
        tail = b""
        with self.archive.open(self.parts[name]) as stream:  # <mergeCells> comes after the rows: the raw part is scanned
            while (chunk := stream.read(1 << 20)) and len(ranges) < MAX_MERGED:
                data = tail + chunk
                for match in _MERGE.finditer(data) if b"mergeCell" in data else ():
                    ranges.add((column_index(match.group(1).decode()), int(match.group(2)), int(match.group(3))))
                tail = data[-200:]
        out: dict[int, list[tuple[int, int]]] = {}
        found = 0
        for column, first, last in sorted(ranges):
            if found + last - first > MAX_MERGED:  # a merge over a whole column is left as it is
                continue
            found += last - first
            for number in range(first + 1, last + 1):
                out.setdefault(number, []).append((column, first))
        return out

    def rows(self, name: str) -> Iterator[list]:
        """The sheet's rows in order, as lists of values (a gap in the sheet is an empty row); an empty cell merged
        with the cells above it has the value of the merge's first cell, as Excel shows it."""
        expected = 1
        if name not in self._merged:  # a sheet is read more than once (its head, then its rows): scanned once
            self._merged[name] = self.merged_down(name)
        merged = self._merged[name]
        tops: dict[int, set[int]] = {}  # row -> the columns where a merge starts
        for spans in merged.values():
            for column, first in spans:
                tops.setdefault(first, set()).add(column)
        kept: dict[tuple[int, int], object] = {}  # the first cell's value of each merge, until its last row

        def fill(number: int, cells: list) -> list:
            spans = merged.get(number, ())
            if spans and not isinstance(cells, SheetRow):
                cells = SheetRow(cells)
            for column, first in spans:
                if column >= len(cells):
                    cells.extend([None] * (column + 1 - len(cells)))
                if cells[column] in (None, "") and kept.get((column, first)) not in (None, ""):
                    cells[column] = kept[(column, first)]
                    cells.merged.append((column, first))
            return cells

        with self.archive.open(self.parts[name]) as stream:
            for _, row in etree.iterparse(stream, tag=_ROW, **_PARSER):
                number = int(row.get("r", expected))
                while expected < number:  # rows the sheet leaves out are empty
                    yield fill(expected, [])
                    expected += 1
                cells: list = SheetRow(hidden=True) if row.get("hidden") in ("1", "true") else []
                for cell in row.iter(_C):
                    ref = cell.get("r")
                    index = column_index(ref.rstrip("0123456789")) if ref else len(cells)
                    if index > len(cells):
                        cells.extend([None] * (index - len(cells)))
                    cells.append(self._value(cell))
                for column in tops.get(number, ()):
                    kept[(column, number)] = cells[column] if column < len(cells) else None
                yield fill(number, cells)
                expected = number + 1
                row.clear()
                while row.getprevious() is not None:
                    del row.getparent()[0]
