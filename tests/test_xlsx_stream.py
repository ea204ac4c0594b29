"""The streaming .xlsx reader reads what Excel and LibreOffice write: shared strings, dates as
date-formatted serial numbers, numbers exactly, booleans, gaps; and it refuses a damaged file
naming it."""

import datetime as dt
import html
import re
import zipfile
from decimal import Decimal

import openpyxl
import pytest
from test_batch import deal, write_sheet

from aicontract.batch import run_batch
from aicontract.io.sheet import Sheet, SheetError
from aicontract.io.xlsx_stream import XlsxReader
from aicontract.models import CooperationDeal


def test_values_as_a_spreadsheet_shows_them(tmp_path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "合同"
    sheet.append(["文字", "日期", "金额", "是否", "电话"])
    sheet.append(["江州", dt.datetime(2026, 1, 5), 558000.1, True, 5198806825])
    sheet["B2"].number_format = "yyyy-mm-dd"
    sheet["A4"] = "隔一行"
    workbook.save(tmp_path / "v.xlsx")
    rows = list(XlsxReader(tmp_path / "v.xlsx").rows("合同"))
    assert rows[1] == ["江州", dt.datetime(2026, 1, 5), Decimal("558000.1"), True, Decimal("5198806825")]
    assert rows[2] == [] and rows[3] == ["隔一行"]


def with_shared_strings(source, target):
    """The workbook as Excel saves it: text in the shared-strings table, cells pointing into it
    (openpyxl writes text inline)."""
    strings: list[str] = []

    def shared(match):
        text = html.unescape(match.group(2))
        strings.append(text)
        return f'<c r="{match.group(1)}" t="s"><v>{len(strings) - 1}</v></c>'

    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            data = old.read(item).decode("utf-8") if item.filename.endswith(".xml") else old.read(item)
            if item.filename.startswith("xl/worksheets/sheet"):
                data = re.sub(r'<c r="([A-Z]+\d+)"[^>]*t="inlineStr"[^>]*><is><t[^>]*>(.*?)</t></is></c>', shared, data, flags=re.S)
            if item.filename == "[Content_Types].xml":
                data = data.replace("</Types>", '<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                                    'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
            new.writestr(item, data)
        items = "".join(f"<si><t xml:space=\"preserve\">{html.escape(t)}</t></si>" for t in strings)
        new.writestr("xl/sharedStrings.xml", '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
                     f'count="{len(strings)}" uniqueCount="{len(strings)}">{items}</sst>')
    return target


def test_a_workbook_with_shared_strings_reads_the_same(tmp_path):
    ours = write_sheet(tmp_path / "ours.xlsx", [deal(1), deal(2)])
    excel = with_shared_strings(ours, tmp_path / "excel.xlsx")
    assert list(XlsxReader(excel).rows("工作任务")) == list(XlsxReader(ours).rows("工作任务"))
    summary = run_batch(excel, "cooperation", tmp_path / "out", jobs=1)
    assert [(r.row, r.status) for r in summary.results] == [(3, "ok"), (4, "ok")]
    first = next(iter(Sheet(excel, CooperationDeal)))
    assert first.data["party_a"]["name"] == "江州市政务服务和数据管理局"
    assert first.data["term"]["start"] == dt.datetime(2026, 1, 5) and first.data["funding"]["total"] == Decimal("1860000")


def test_a_damaged_workbook_is_refused_naming_it(tmp_path):
    good = write_sheet(tmp_path / "good.xlsx", [deal(1)])
    broken = tmp_path / "broken.xlsx"
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(broken, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            target.writestr(item, data[: len(data) // 2] if item.filename == "xl/worksheets/sheet1.xml" else data)
    with pytest.raises(SheetError, match="broken.xlsx: 工作簿已损坏，无法读完 / the workbook is damaged"):
        list(Sheet(broken, CooperationDeal))
