"""io/sheet.py: a spreadsheet cell as the deal model expects it (cell_value), and back (to_cell).
A float cell is read through its shortest repr, never through the binary float (mutation testing)."""

import datetime as dt
from decimal import Decimal
from enum import Enum

import pytest

from aicontract.io.sheet import SheetColumn, cell_value, flatten, nest, to_cell


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
