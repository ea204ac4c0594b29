"""io/sheet.py: a CSV workbook with a list sheet read row by row (list items, their origins,
orphans, repeated 合同编号), header errors written out in full, and the header rows read
lazily (mutation testing)."""

import re

import pytest

from aicontract.io.sheet import Sheet, SheetError, _keyed
from aicontract.models import CooperationDeal


def _csv(path, text):
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def deals(tmp_path):
    # 工作任务 (the first list sheet) has no file; 拨付方式 (funding.instalments, nested) has one
    _csv(tmp_path / "deals.拨付方式.csv", "contract_no,name,amount\nHT-1,首付款,100\n,无主,5\nHT-9,孤儿,1\nHT-1,尾款,50\n")
    return _csv(tmp_path / "deals.csv", "contract_no,party_a.name\nHT-1,甲\nHT-2,乙\n,丙\nHT-1,丁\n")


def test_rows_with_their_list_items(deals):
    sheet = Sheet(deals, CooperationDeal)
    rows = list(sheet)
    assert [(r.number, r.contract_no, r.duplicates, r.example) for r in rows] == [
        (2, "HT-1", [], False), (3, "HT-2", [], False), (4, None, [], False), (5, "HT-1", [2], False)]
    assert rows[0].data == {"contract_no": "HT-1", "party_a": {"name": "甲"},
                            "funding": {"instalments": [{"name": "首付款", "amount": "100"},
                                                        {"name": "尾款", "amount": "50"}]}}
    assert rows[1].data == {"contract_no": "HT-2", "party_a": {"name": "乙"}}
    assert rows[2].data == {"party_a": {"name": "丙"}}
    assert rows[0].origins == {
        ("contract_no",): ("deals.csv", 2, "A"), ("party_a", "name"): ("deals.csv", 2, "B"),
        ("funding", "instalments", 0, "name"): ("deals.拨付方式.csv", 2, "B"),
        ("funding", "instalments", 0, "amount"): ("deals.拨付方式.csv", 2, "C"),
        ("funding", "instalments", 1, "name"): ("deals.拨付方式.csv", 5, "B"),
        ("funding", "instalments", 1, "amount"): ("deals.拨付方式.csv", 5, "C"),
    }
    assert rows[2].origins == {("contract_no",): ("deals.csv", 4, "A"), ("party_a", "name"): ("deals.csv", 4, "B")}


def test_list_rows_of_no_contract_are_orphans(deals):
    sheet = Sheet(deals, CooperationDeal)
    list(sheet)
    assert sheet.orphans == [("deals.拨付方式.csv", 3, None), ("deals.拨付方式.csv", 4, "HT-9")]
    assert sheet.sheet_names == {"合同": "deals.csv", "拨付方式": "deals.拨付方式.csv"}


def test_an_empty_main_csv_is_refused_naming_the_sheet(tmp_path):
    path = _csv(tmp_path / "deals.csv", "")
    with pytest.raises(SheetError, match=f"^{re.escape(str(path))} › 合同: 工作表为空 / the sheet is empty$"):
        Sheet(path, CooperationDeal)


def test_an_empty_list_csv_is_refused_naming_the_sheet(tmp_path):
    _csv(tmp_path / "deals.拨付方式.csv", "")
    path = _csv(tmp_path / "deals.csv", "contract_no,party_a.name\nHT-1,甲\n")
    with pytest.raises(SheetError, match=f"^{re.escape(str(path))} › 拨付方式: 工作表为空 / the sheet is empty$"):
        Sheet(path, CooperationDeal)


def test_a_main_csv_emptied_before_it_is_read_is_refused_naming_the_file(tmp_path):
    path = _csv(tmp_path / "deals.csv", "contract_no,party_a.name\nHT-1,甲\n")
    sheet = Sheet(path, CooperationDeal)
    path.write_text("", encoding="utf-8")
    with pytest.raises(SheetError, match=f"^{re.escape(str(path))}: 工作表为空 / the sheet is empty$"):
        list(sheet)


MISMATCH = "表头与合同类型不符（是否选错了 --family？） / the headers do not match this family"


@pytest.mark.parametrize("header, detail", [
    ("合同编号,X甲,X乙,X丙,X丁,X戊,X己", "（未知列 / unknown: X甲、X乙、X丙、X丁、X戊…）"),
    ("合同编号,X甲,X乙,X丙,X丁,X戊", "（未知列 / unknown: X甲、X乙、X丙、X丁、X戊）"),
    ("合同编号,X甲", "（未知列 / unknown: X甲）"),
    ("甲方（建设方）·名称", "（未知列 / unknown: —；缺少 / missing: 合同编号 (contract_no)）"),
    ("X甲,甲方（建设方）·名称", "（未知列 / unknown: X甲；缺少 / missing: 合同编号 (contract_no)）"),
])
def test_headers_of_another_family_are_refused(tmp_path, header, detail):
    path = _csv(tmp_path / "deals.csv", header + "\n")
    with pytest.raises(SheetError, match=f"^{re.escape(f'{path} › 合同: {MISMATCH}{detail}')}$"):
        Sheet(path, CooperationDeal)


def test_only_the_two_header_rows_are_read_before_the_data():
    read = []

    def rows():
        for row in [["contract_no", "party_a.name"], ["HT-1", "甲"], ["HT-2", "乙"], ["HT-3", "丙"]]:
            read.append(row[0])
            yield row

    keys, data = _keyed(rows(), "deals.csv", {})
    assert keys == ["contract_no", "party_a.name"]
    assert read == ["contract_no", "HT-1"]
    assert list(data) == [(2, ["HT-1", "甲"], "HT-1"), (3, ["HT-2", "乙"], "HT-2"), (4, ["HT-3", "丙"], "HT-3")]
    assert read == ["contract_no", "HT-1", "HT-2", "HT-3"]


def test_an_empty_contract_number_cell_is_no_owner():
    keys, data = _keyed([["contract_no", "name"], ["", "无主"], [" HT-1 ", "首付款"]], "deals.csv", {})
    assert list(data) == [(2, ["", "无主"], None), (3, [" HT-1 ", "首付款"], "HT-1")]
