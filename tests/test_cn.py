"""Chinese formatting against hand-checked cases (zeros in every position, up to 千亿)."""

import datetime as dt
from decimal import Decimal

import pytest

from aicontract import cn

AMOUNTS = [
    ("0", "零元整"),
    ("0.05", "伍分"),
    ("0.10", "壹角"),
    ("0.15", "壹角伍分"),
    ("1", "壹元整"),
    ("1.05", "壹元零伍分"),
    ("1.10", "壹元壹角"),
    ("10", "壹拾元整"),
    ("10.05", "壹拾元零伍分"),
    ("10.50", "壹拾元零伍角"),
    ("15", "壹拾伍元整"),
    ("101", "壹佰零壹元整"),
    ("110", "壹佰壹拾元整"),
    ("1001", "壹仟零壹元整"),
    ("1010", "壹仟零壹拾元整"),
    ("1100", "壹仟壹佰元整"),
    ("10000", "壹万元整"),
    ("10001", "壹万零壹元整"),
    ("10010", "壹万零壹拾元整"),
    ("10100", "壹万零壹佰元整"),
    ("11000", "壹万壹仟元整"),
    ("100000.10", "壹拾万元零壹角"),
    ("117560", "壹拾壹万柒仟伍佰陆拾元整"),
    ("200000", "贰拾万元整"),
    ("476340.00", "肆拾柒万陆仟叁佰肆拾元整"),
    ("793900", "柒拾玖万叁仟玖佰元整"),
    ("1000500", "壹佰万零伍佰元整"),
    ("1860000.00", "壹佰捌拾陆万元整"),
    ("10000000", "壹仟万元整"),
    ("100000000", "壹亿元整"),
    ("100000001", "壹亿零壹元整"),
    ("100010001", "壹亿零壹万零壹元整"),
    ("101010101", "壹亿零壹佰零壹万零壹佰零壹元整"),
    ("110000000", "壹亿壹仟万元整"),
    ("100000000000", "壹仟亿元整"),
    ("999999999999.99", "玖仟玖佰玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分"),
]


@pytest.mark.parametrize("amount, words", AMOUNTS)
def test_amount_in_capitals(amount, words):
    assert cn.amount_in_capitals(Decimal(amount)) == words


def test_amount_refuses_float_negative_and_too_large():
    with pytest.raises(TypeError):
        cn.amount_in_capitals(0.1)
    with pytest.raises(ValueError):
        cn.amount_in_capitals(Decimal("-1"))
    with pytest.raises(ValueError):
        cn.amount_in_capitals(Decimal("1000000000000"))


def test_rmb_both_ways():
    assert cn.rmb(Decimal("793900")) == "柒拾玖万叁仟玖佰元整（小写：¥793,900.00）"


@pytest.mark.parametrize(
    "n, text",
    [(1, "第一条"), (10, "第十条"), (11, "第十一条"), (20, "第二十条"), (26, "第二十六条"), (31, "第三十一条"),
     (100, "第一百条"), (101, "第一百零一条"), (110, "第一百一十条"), (1001, "第一千零一条")],
)
def test_article(n, text):
    assert cn.article(n) == text


@pytest.mark.parametrize("n, text", [(2, "贰"), (4, "肆"), (6, "陆"), (10, "壹拾"), (12, "壹拾贰")])
def test_number_capital(n, text):
    assert cn.number_capital(n) == text


def test_date():
    assert cn.date(dt.date(2024, 8, 28)) == "2024年8月28日"
    assert cn.date(dt.date(2026, 1, 5)) == "2026年1月5日"


@pytest.mark.parametrize("value, text", [("60.00", "60"), ("12.50", "12.5"), ("100", "100"), ("0.25", "0.25")])
def test_plain_decimal(value, text):
    assert cn.plain_decimal(Decimal(value)) == text


@pytest.mark.parametrize("n", [1, 9, 10, 11, 20, 26, 31, 99, 100, 101, 110, 999, 1001])
def test_chinese_numbers_parse_back(n):
    assert cn.parse_number_lower(cn.number_lower(n)) == n
