"""Opening a spreadsheet file: a CSV in UTF-8 or GBK (Big5 refused with the fix), a workbook read row by
row (xlsx_stream.py), its main sheet and list sheets by name; a file that is no workbook says what it is."""

from __future__ import annotations

import contextlib
import csv
import io
import zipfile
from pathlib import Path

from ..errors import InputError
from .xlsx_stream import XlsxReader

MAIN_SHEET = "合同"


class SheetError(InputError):
    """The spreadsheet cannot be read at all (exit 2)."""


def _read_csv(path: Path) -> list[list]:
    return [row for row in csv.reader(io.StringIO(decode_csv(path.read_bytes(), path)))]


def decode_csv(raw: bytes, path: Path) -> str:
    """UTF-8 (with or without BOM) or GBK/GB18030, what Chinese Excel saves. A Big5 file also
    decodes as GB18030 — into characters outside GB2312 — so it is refused with the fix rather
    than read as mojibake."""
    with contextlib.suppress(UnicodeDecodeError):  # not UTF-8: try what Chinese Excel saves
        return raw.decode("utf-8-sig")
    try:
        text = raw.decode("gb18030")
    except UnicodeDecodeError:
        raise SheetError(f"{path}: 无法识别编码（应为 UTF-8 或 GBK/GB18030），请另存为 UTF-8 "
                         f"/ unknown encoding (UTF-8 or GBK/GB18030): save as UTF-8") from None
    cjk = [c for c in text if "\u4e00" <= c <= "\u9fff"]
    rare = sum(1 for c in cjk if not _in_gb2312(c))
    if cjk and rare / len(cjk) > 0.3:
        raise SheetError(f"{path}: 文件像是 Big5（繁体）编码，请在 Excel 中另存为“CSV UTF-8” "
                         f"/ the file looks Big5-encoded: save it as CSV UTF-8")
    return text


def _in_gb2312(char: str) -> bool:
    try:
        char.encode("gb2312")
        return True
    except UnicodeEncodeError:
        return False


def read_tables(path: Path, names: list[str]) -> tuple[dict, int]:
    """Sheet name -> a function giving its rows (lists of cell values) afresh, read lazily; and
    the number of contract rows the main sheet spans."""
    if path.suffix.lower() in (".csv", ".xlsx", ".xlsm") and not path.is_file():
        raise SheetError(f"{path}: 文件不存在 / no such file")
    if path.suffix.lower() == ".csv":
        tables = {MAIN_SHEET: lambda: iter(_read_csv(path))}
        for name in names:
            sibling = path.with_name(f"{path.stem}.{name}.csv")
            if sibling.exists():
                tables[name] = lambda sibling=sibling: iter(_read_csv(sibling))
        return tables, max(0, sum(1 for _ in tables[MAIN_SHEET]()) - 2)
    if path.suffix.lower() not in (".xlsx", ".xlsm"):
        raise SheetError(f"{path}: 只支持 .xlsx 和 .csv / only .xlsx and .csv are read")
    try:
        workbook = XlsxReader(path)
        sheets = workbook.sheet_names
        wanted = [(MAIN_SHEET, sheets[0])] + [(name, name) for name in names if name in sheets]
        height = workbook.height(sheets[0])  # its head read: a part damaged from the start fails here, not as a crash
    except Exception as exc:  # a damaged zip, broken XML, no sheet…
        raise SheetError(f"{path}: 无法打开工作簿{_what_it_is(path)} / cannot open the workbook: {exc}") from None
    return {key: (lambda sheet=sheet: _guarded(workbook.rows(sheet), path)) for key, sheet in wanted}, max(0, height - 2)


def _what_it_is(path: Path) -> str:
    """Why a file named .xlsx is no workbook, in words a clerk knows (clerk walkthrough L17: “File is not a zip file”)."""
    try:
        if path.stat().st_size == 0:
            return "：文件是空的"
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
    except (OSError, zipfile.BadZipFile):
        return "：文件不是 Excel 工作簿（.xlsx），可能已损坏，或是改了扩展名的其他文件（.xls 请在 Excel 中另存为 .xlsx）"
    if "word/document.xml" in names:
        return "：这是 Word 文档，不是 Excel 工作簿"
    return "：文件已损坏"


def _guarded(rows, path: Path):
    """Rows of a workbook; a sheet that breaks half-way is refused naming the file."""
    try:
        yield from rows
    except Exception as exc:  # lxml's XMLSyntaxError, zlib errors in a damaged part…
        raise SheetError(f"{path}: 工作簿已损坏，无法读完 / the workbook is damaged: {exc}") from None
