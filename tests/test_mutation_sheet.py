"""io/sheet.py: a spreadsheet cell as the deal model expects it (cell_value), and back (to_cell).
A float cell is read through its shortest repr, never through the binary float (mutation testing)."""

import datetime as dt
import re
from decimal import Decimal
from enum import Enum
from pathlib import Path

import openpyxl
import pytest

from aicontract.io.sheet import Sheet, SheetColumn, SheetError, cell_value, nest
from aicontract.io.sheet_files import decode_csv
from aicontract.io.sheet_template import flatten, to_cell
from aicontract.models import CooperationDeal


def column(kind):
    return SheetColumn(key="k", title="标题", kind=kind, required=True)


def test_a_float_amount_reads_as_the_decimal_it_shows():
    value = cell_value(column("decimal"), 558000.1)
    assert value == Decimal("558000.10")
    assert str(value) == "558000.1"
    assert type(value) is Decimal


@pytest.mark.parametrize("cell, text", [(0.1, "0.1"), (1860000.0, "1860000.0"), (0.3, "0.3"), (12.5, "12.5"),
                                        (1e-7, "1E-7")])
def test_float_cells_in_a_decimal_column(cell, text):
    value = cell_value(column("decimal"), cell)
    assert type(value) is Decimal
    assert str(value) == text


def test_a_whole_float_in_an_int_column_is_an_int():
    value = cell_value(column("int"), 4.0)
    assert value == 4
    assert type(value) is int


def test_a_fractional_float_in_an_int_column_is_its_plain_figures():
    assert cell_value(column("int"), 4.5) == "4.5"
    assert cell_value(column("int"), 1e-7) == "0.0000001"


@pytest.mark.parametrize("cell, value", [(13905710001.0, "13905710001"), (1.39e10, "13900000000"), (30.0, "30"),
                                         (0.1, "0.1"), (1e-7, "0.0000001"), (Decimal("2.50"), "2.50"),
                                         (Decimal("3.00"), "3"), (Decimal("1E+3"), "1000")])
def test_a_number_in_a_text_column_is_written_out_never_in_exponent_form(cell, value):
    assert cell_value(column("text"), cell) == value


def test_a_decimal_cell_in_a_decimal_column_is_kept():
    value = cell_value(column("decimal"), Decimal("3.00"))
    assert str(value) == "3.00"
    assert type(value) is Decimal


@pytest.mark.parametrize("cell", [None, "", "   ", "\n"])
def test_empty_cells_are_none(cell):
    assert cell_value(column("text"), cell) is None
    assert cell_value(column("decimal"), cell) is None


@pytest.mark.parametrize("cell, value", [(" 江州 ", "江州"), (12.0, "12"), (0.5, "0.5"), (7, "7"), (558000.1, "558000.1")])
def test_text_cells(cell, value):
    assert cell_value(column("text"), cell) == value


def test_dates_are_left_for_the_models_parser():
    moment = dt.datetime(2026, 1, 5, 9, 30)
    assert cell_value(column("date"), moment) is moment
    assert cell_value(column("date"), dt.date(2026, 1, 5)) == dt.date(2026, 1, 5)
    assert cell_value(column("date"), " 2026-01-05 ") == "2026-01-05"


@pytest.mark.parametrize("cell, value", [("是", "是"), (" 否 ", "否"), ("TRUE", "TRUE"), (1, 1), (0, 0), (1.0, 1), (0.0, 0),
                                         (True, True), (False, False)])
def test_yes_and_no_are_left_for_the_models_parser(cell, value):
    result = cell_value(column("bool"), cell)
    assert result == value
    assert type(result) is type(value)


@pytest.mark.parametrize("cell, value", [
    ("训练、验证", ["训练", "验证"]), ("训练,验证，测试", ["训练", "验证", "测试"]), ("a;b；c\nd", ["a", "b", "c", "d"]),
    ("训练、、验证、", ["训练", "验证"]), ("单项", ["单项"]),
])
def test_choices_cells(cell, value):
    assert cell_value(column("choices"), cell) == value


@pytest.mark.parametrize("cell, value", [("第一条\n 第二条 \n\n", ["第一条", "第二条"]), ("一行", ["一行"]),
                                         ("a\r\nb", ["a", "b"])])
def test_text_list_cells(cell, value):
    assert cell_value(column("text_list"), cell) == value


@pytest.mark.parametrize("kind", ["int", "decimal", "choice"])
def test_other_cells_are_stripped_strings_or_as_read(kind):
    assert cell_value(column(kind), " 5 ") == "5"
    assert cell_value(column(kind), 5) == 5


class Route(str, Enum):
    A = "仲裁"


class Plain(Enum):  # not a str enum: written by its value
    A = "训练"
    B = "验证"


@pytest.mark.parametrize("kind, value, cell", [
    ("text", None, None), ("choice", Route.A, "仲裁"), ("bool", True, "是"), ("bool", False, "否"),
    ("choices", [Route.A, "诉讼"], "仲裁、诉讼"), ("text_list", ["a", "b"], "a\nb"), ("decimal", Decimal("558000.10"), 558000.1),
    ("int", 4, 4), ("date", dt.date(2026, 1, 5), dt.date(2026, 1, 5)), ("text", "x", "x"),
    ("choices", [Plain.A, Plain.B], "训练、验证"), ("choice", Plain.B, "验证"),
])
def test_to_cell(kind, value, cell):
    result = to_cell(column(kind), value)
    assert result == cell
    assert type(result) is type(cell)


def test_nest_and_flatten():
    flat = {"party_a.name": "甲", "party_a.contact": None, "contract_no": "1", "a.b.c": 2}
    assert nest(flat) == {"party_a": {"name": "甲"}, "contract_no": "1", "a": {"b": {"c": 2}}}
    assert flatten({"party_a": {"name": "甲"}, "contract_no": "1", "a": {"b": {"c": 2}}}) == {
        "party_a.name": "甲", "contract_no": "1", "a.b.c": 2}


# --- CSV encodings: UTF-8, GBK/GB18030, and Big5 refused (decode_csv) ---------------------------

BIG5_REFUSAL = "文件像是 Big5（繁体）编码，请在 Excel 中另存为“CSV UTF-8” / the file looks Big5-encoded: save it as CSV UTF-8"


@pytest.mark.parametrize("text", [
    "合同编号,名称\nA-1,中文\n",
    "臺臺一一一一一一一一",  # 2 of 10 Chinese characters outside GB2312: plain GBK
    "臺臺臺一一一一一一一",  # 3 of 10: still GBK (the limit is more than three in ten)
    "臺中中中中中中中中中",
])
def test_gbk_text_is_read(text):
    assert decode_csv(text.encode("gb18030"), Path("deals.csv")) == text


def test_utf8_with_or_without_a_bom_is_read():
    assert decode_csv("\ufeff合同编号,名称\n".encode(), Path("deals.csv")) == "合同编号,名称\n"
    assert decode_csv("合同编号,名称\n".encode(), Path("deals.csv")) == "合同编号,名称\n"


@pytest.mark.parametrize("text", [
    "臺臺臺臺一一一一一一",  # 4 of 10 outside GB2312
    "臺臺臺臺中中中中中中abcdefghijklmnopqrstuvwxyz",  # Latin letters are no Chinese characters
    "\u9fff中中",  # the last character of the CJK block counts
])
def test_text_mostly_outside_gb2312_is_refused_as_big5(text):
    with pytest.raises(SheetError, match=f"^deals.csv: {BIG5_REFUSAL}$"):
        decode_csv(text.encode("gb18030"), Path("deals.csv"))


def test_neither_utf8_nor_gb18030_is_refused():
    with pytest.raises(SheetError, match=r"^deals.csv: 无法识别编码（应为 UTF-8 或 GBK/GB18030），请另存为 UTF-8 "
                                         r"/ unknown encoding \(UTF-8 or GBK/GB18030\): save as UTF-8$"):
        decode_csv(b"\x81\x30\xff\xfe", Path("deals.csv"))


def test_a_big5_sheet_is_refused_naming_the_file(tmp_path):
    path = tmp_path / "big5.csv"
    path.write_bytes("合約編號,甲方名稱\nA-1,臺北市政府資訊局數據處\n".encode("big5"))
    with pytest.raises(SheetError, match=f"^{re.escape(str(path))}: {BIG5_REFUSAL}$"):
        Sheet(path, CooperationDeal)


# --- headers and length --------------------------------------------------------------------------


def test_a_workbook_with_titles_only_and_an_empty_header_cell(tmp_path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "合同"
    sheet.append(["合同编号（必填）", None, "甲方（建设方）·名称"])
    sheet.append(["HT-1", "备注", "江州市数据局"])
    workbook.save(tmp_path / "deals.xlsx")
    read = Sheet(tmp_path / "deals.xlsx", CooperationDeal)
    (row,) = list(read)
    assert row.number == 2
    assert row.contract_no == "HT-1"
    assert row.data == {"contract_no": "HT-1", "party_a": {"name": "江州市数据局"}}
    assert row.origins == {("contract_no",): ("合同", 2, "A"), ("party_a", "name"): ("合同", 2, "C")}


def test_the_length_of_a_sheet_is_its_contract_rows(tmp_path):
    path = tmp_path / "deals.csv"
    path.write_text("合同编号,甲方（建设方）·名称\ncontract_no,party_a.name\nHT-1,甲\nHT-2,乙\nHT-3,丙\n", encoding="utf-8")
    assert len(Sheet(path, CooperationDeal)) == 3
    path.write_text("合同编号,甲方（建设方）·名称\ncontract_no,party_a.name\n", encoding="utf-8")
    assert len(Sheet(path, CooperationDeal)) == 0


# --- header rows, blank rows, short rows (_keyed, _read_tables) ----------------------------------


def _workbook(path, *rows):
    workbook = openpyxl.Workbook()
    workbook.active.title = "合同"
    for row in rows:
        workbook.active.append(row)
    workbook.save(path)
    return path


def test_a_workbook_with_titles_and_a_key_row_with_a_gap(tmp_path):
    path = _workbook(tmp_path / "deals.xlsx", ["合同编号", "备注", "甲方（建设方）·名称"],
                     ["contract_no", None, "party_a.name"], ["HT-1", "x", "甲"], ["HT-2", "y", "乙"])
    sheet = Sheet(path, CooperationDeal)
    assert len(sheet) == 2
    assert [(r.number, r.contract_no, r.data) for r in sheet] == [
        (3, "HT-1", {"contract_no": "HT-1", "party_a": {"name": "甲"}}),
        (4, "HT-2", {"contract_no": "HT-2", "party_a": {"name": "乙"}})]


@pytest.mark.parametrize("name", ["deals.xlsm", "DEALS.XLSM"])
def test_a_workbook_with_keys_in_row_one_and_a_gap(tmp_path, name):
    path = _workbook(tmp_path / name, ["contract_no", None, "party_a.name"], ["HT-1", "备注", "甲"])
    sheet = Sheet(path, CooperationDeal)
    assert len(sheet) == 0  # the extent counts two header rows
    assert [(r.number, r.contract_no, r.data, r.origins) for r in sheet] == [
        (2, "HT-1", {"contract_no": "HT-1", "party_a": {"name": "甲"}},
         {("contract_no",): ("合同", 2, "A"), ("party_a", "name"): ("合同", 2, "C")})]


def test_a_csv_of_the_key_row_alone(tmp_path):
    path = tmp_path / "deals.csv"
    path.write_text("contract_no,party_a.name\n", encoding="utf-8")
    sheet = Sheet(path, CooperationDeal)
    assert len(sheet) == 0
    assert list(sheet) == []


def test_a_csv_with_keys_in_row_one_blank_and_short_rows(tmp_path):
    path = tmp_path / "deals.csv"
    path.write_text("party_a.name,contract_no\n甲,HT-1\n,\n乙\n", encoding="utf-8")
    rows = list(Sheet(path, CooperationDeal))
    # the blank row is skipped; a row too short to reach 合同编号 has none
    assert [(r.number, r.contract_no, r.data) for r in rows] == [
        (2, "HT-1", {"contract_no": "HT-1", "party_a": {"name": "甲"}}),
        (4, None, {"party_a": {"name": "乙"}})]


# --- headers that do not fit the family -----------------------------------------------------------


def _csv(tmp_path, text, name="deals.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("text, unknown, missing", [
    ("aa,bb,cc,dd,ee,ff\n", "aa、bb、cc、dd、ee…", "；缺少 / missing: 合同编号 (contract_no)"),
    ("contract_no,aa,bb,cc,dd,ee\n", "aa、bb、cc、dd、ee", ""),
    ("甲方（建设方）·名称,X光\n甲,乙\n", "X光", "；缺少 / missing: 合同编号 (contract_no)"),  # titles only
    ("甲方（建设方）·名称\n甲\n", "—", "；缺少 / missing: 合同编号 (contract_no)"),
])
def test_headers_that_do_not_fit_the_family(tmp_path, text, unknown, missing):
    path = _csv(tmp_path, text)
    message = (f"{path} › 合同: 表头与合同类型不符（是否选错了 --family？） / the headers do not match this family（未知列 / "
               f"unknown: {unknown}{missing}）")
    with pytest.raises(SheetError, match=f"^{re.escape(message)}$"):
        Sheet(path, CooperationDeal)


def test_an_empty_list_sheet_is_refused_naming_it(tmp_path):
    path = _csv(tmp_path, "contract_no,party_a.name\nHT-1,甲\n")
    _csv(tmp_path, "", "deals.工作任务.csv")
    with pytest.raises(SheetError, match=f"^{re.escape(str(path))} › 工作任务: 工作表为空 / the sheet is empty$"):
        Sheet(path, CooperationDeal)


# --- list sheets joined to their contracts (_row) -------------------------------------------------


def test_list_rows_join_their_contracts(tmp_path):
    path = _csv(tmp_path, "contract_no,party_a.name\nHT-1,甲\n,无编号\nHT-2,乙\nHT-1,重复\n")
    # no 工作任务 sheet: the later list sheets are still read
    _csv(tmp_path, "合同编号,款项名称,金额（元）\nHT-1,首期款,100\nHT-1,尾款,200\n,无主款项,1\n", "deals.拨付方式.csv")
    sheet = Sheet(path, CooperationDeal)
    rows = list(sheet)
    assert [(r.number, r.contract_no, r.duplicates, r.example) for r in rows] == [
        (2, "HT-1", [], False), (3, None, [], False), (4, "HT-2", [], False), (5, "HT-1", [2], False)]
    assert rows[0].data == {"contract_no": "HT-1", "party_a": {"name": "甲"},
                            "funding": {"instalments": [{"name": "首期款", "amount": "100"},
                                                        {"name": "尾款", "amount": "200"}]}}
    assert rows[0].origins[("funding", "instalments", 1, "amount")] == ("deals.拨付方式.csv", 3, "C")
    assert rows[0].origins[("funding", "instalments", 0, "name")] == ("deals.拨付方式.csv", 2, "B")
    assert rows[1].data == {"party_a": {"name": "无编号"}}
    assert rows[2].data == {"contract_no": "HT-2", "party_a": {"name": "乙"}}
    assert sheet.rows_by_id == {"HT-1": [2, 5], "HT-2": [4]}
    assert sheet.orphans == [("deals.拨付方式.csv", 4, None)]


def test_an_empty_main_sheet_is_refused_naming_it(tmp_path):
    path = _csv(tmp_path, "")
    with pytest.raises(SheetError, match=f"^{re.escape(str(path))} › 合同: 工作表为空 / the sheet is empty$"):
        Sheet(path, CooperationDeal)
