"""cn.py: cases written to fail when a rule of Chinese financial writing breaks (mutation testing:
each test names the behaviour a surviving mutant broke). Expected values are written out."""

from decimal import Decimal

import pytest

from aicontract import cn

# A zero in every group (亿, 万, units) and every place inside a group, with and without 角/分.
GAPS = [
    ("100001000", "壹亿零壹仟元整"),  # an empty 万 group is a gap: 零 before 壹仟
    ("100000100", "壹亿零壹佰元整"),
    ("100100000", "壹亿零壹拾万元整"),
    ("101000000", "壹亿零壹佰万元整"),
    ("1000010000", "壹拾亿零壹万元整"),
    ("100000000010", "壹仟亿零壹拾元整"),
    ("100010000000", "壹仟亿壹仟万元整"),  # a group ending in 000 before a full group: no 零 (as 壹拾万柒仟元)
    ("10001000", "壹仟万壹仟元整"),
    ("10000100", "壹仟万零壹佰元整"),
    ("20002", "贰万零贰元整"),
    ("200020", "贰拾万零贰拾元整"),
    ("1001001", "壹佰万壹仟零壹元整"),
    ("12345678", "壹仟贰佰叁拾肆万伍仟陆佰柒拾捌元整"),
    ("100001000.50", "壹亿零壹仟元零伍角"),  # 元 place 0: 零 before 角
    ("100001000.05", "壹亿零壹仟元零伍分"),
    ("100001000.55", "壹亿零壹仟元零伍角伍分"),
    ("10000.01", "壹万元零壹分"),
    ("10000.10", "壹万元零壹角"),
    ("10000.11", "壹万元零壹角壹分"),
    ("10001.01", "壹万零壹元零壹分"),
    ("10001.10", "壹万零壹元壹角"),
    ("0.01", "壹分"),
    ("0.99", "玖角玖分"),
    ("20.30", "贰拾元零叁角"),
    ("25.07", "贰拾伍元零柒分"),
]


@pytest.mark.parametrize("amount, words", GAPS)
def test_zero_in_every_group_and_place(amount, words):
    assert cn.amount_in_capitals(Decimal(amount)) == words


@pytest.mark.parametrize("amount, words", [("0.005", "壹分"), ("0.125", "壹角叁分"), ("2.5", "贰元伍角"),
                                           ("0.004", "零元整")])
def test_capitals_round_half_up_to_the_fen(amount, words):
    # half-even rounding (the decimal default) would give 零元整 and 壹角贰分
    assert cn.amount_in_capitals(Decimal(amount)) == words


@pytest.mark.parametrize("amount, figures", [("0.125", "0.13"), ("0.005", "0.01"), ("1234567.895", "1,234,567.90")])
def test_figures_round_half_up_to_the_fen(amount, figures):
    assert cn.amount_in_figures(Decimal(amount)) == figures


def test_capitals_accept_a_string():
    assert cn.amount_in_capitals("100001000") == "壹亿零壹仟元整"


def test_float_refused_with_its_reason():
    with pytest.raises(TypeError, match=r"^amounts must be Decimal or str, never float$"):
        cn.amount_in_capitals(0.1)


def test_negative_refused_with_its_reason():
    with pytest.raises(ValueError, match=r"^amount must not be negative$"):
        cn.amount_in_capitals(Decimal("-0.01"))


def test_too_large_refused_naming_the_limit():
    with pytest.raises(ValueError, match=r"^amount above 999999999999\.99$"):
        cn.amount_in_capitals(Decimal("1000000000000"))


def test_the_largest_amount_is_accepted():
    assert cn.amount_in_capitals(Decimal("999999999999.99")) == "玖仟玖佰玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分"


def test_number_capital_zero_is_ling():
    assert cn.number_capital(0) == "零"


def test_number_capital_refuses_negative_with_its_reason():
    with pytest.raises(ValueError, match=r"^negative number$"):
        cn.number_capital(-1)


def test_number_lower_refuses_negative_with_its_reason():
    with pytest.raises(ValueError, match=r"^negative number$"):
        cn.number_lower(-1)


@pytest.mark.parametrize("n, text", [(0, "零"), (10, "十"), (19, "十九"), (20, "二十"), (1010, "一千零一十"),
                                     (10001, "一万零一"), (100001000, "一亿零一千")])
def test_number_lower(n, text):
    assert cn.number_lower(n) == text


def test_article_zero_refused_with_its_reason():
    with pytest.raises(ValueError, match=r"^article numbers start at 1$"):
        cn.article(0)


@pytest.mark.parametrize("value, text", [(0, "0分钟"), (30, "30分钟"), (60, "1小时"), (90, "90分钟"),
                                         (120, "2小时"), (1440, "24小时")])
def test_minutes(value, text):
    assert cn.minutes(value) == text


@pytest.mark.parametrize("value, text", [("1E+2", "100"), ("1.50E+1", "15"), ("5E-1", "0.5"), ("0.00", "0"),
                                         ("-12.50", "-12.5"), ("10", "10")])
def test_plain_decimal_never_scientific(value, text):
    assert cn.plain_decimal(Decimal(value)) == text


@pytest.mark.parametrize("text, n", [("", 0), ("十", 10), ("十一", 11), ("二十", 20), ("一百", 100),
                                     ("一百零一", 101), ("九百九十九", 999), ("一千零一", 1001)])
def test_parse_number_lower(text, n):
    assert cn.parse_number_lower(text) == n


CAPITALS = [
    ("壹佰元整", Decimal("100")),
    ("壹佰圆整", Decimal("100")),
    ("壹佰元正", Decimal("100")),
    ("壹佰整", Decimal("100")),
    ("壹佰正", Decimal("100")),
    ("壹佰", Decimal("100")),
    ("壹元", Decimal("1")),
    ("拾元整", Decimal("10")),
    ("拾万元整", Decimal("100000")),
    ("壹拾万元零壹角", Decimal("100000.1")),
    ("壹元伍角", Decimal("1.5")),
    ("壹元零伍分", Decimal("1.05")),
    ("壹元伍角陆分", Decimal("1.56")),
    ("伍角", Decimal("0.5")),
    ("伍分", Decimal("0.05")),
    ("壹角伍分", Decimal("0.15")),
    ("柒拾玖万叁仟玖佰元整", Decimal("793900")),
    ("壹亿元整", Decimal("100000000")),
    ("壹拾亿元整", Decimal("1000000000")),
    ("壹亿零壹万元整", Decimal("100010000")),
    ("壹亿零壹仟元整", Decimal("100001000")),
    ("壹万亿元", Decimal("1000000000000")),
    ("玖仟玖佰玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分", Decimal("999999999999.99")),
]


@pytest.mark.parametrize("text, value", CAPITALS)
def test_parse_capitals(text, value):
    assert cn.parse_capitals(text) == value


def test_parse_capitals_refuses_other_characters_naming_the_text():
    with pytest.raises(ValueError, match=r"^not a capital amount: 人民币壹佰元$"):
        cn.parse_capitals("人民币壹佰元整")


@pytest.mark.parametrize("n, text", [(1011, "壹仟零壹拾壹"), (10101, "壹万零壹佰零壹"), (1001, "壹仟零壹"),
                                     (999999999999, "玖仟玖佰玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖")])
def test_number_capital_one_zero_per_gap(n, text):
    assert cn.number_capital(n) == text


def test_amount_with_a_zero_then_two_digits():
    assert cn.amount_in_capitals(Decimal("1011")) == "壹仟零壹拾壹元整"
    assert cn.amount_in_capitals(Decimal("101011.11")) == "壹拾万壹仟零壹拾壹元壹角壹分"


@pytest.mark.parametrize("function", [cn.number_capital, cn.number_lower])
def test_numbers_from_a_trillion_refused_naming_the_number(function):
    with pytest.raises(ValueError, match=r"^number too large: 1000000000000$"):
        function(10**12)
