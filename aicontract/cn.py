"""Chinese legal typography: amounts in capital numerals, numbers, article labels, dates.

Written here rather than taken from a library: the one candidate (cn2an) converts
numbers but does not apply the 零/整/角/分 rules of Chinese financial writing
(e.g. ``壹拾万元零壹角``), which is the part that matters in a contract.
"""

from __future__ import annotations

import datetime as _dt
import functools
import re
from decimal import ROUND_HALF_UP, Decimal

CAPITAL_DIGITS = "零壹贰叁肆伍陆柒捌玖"
CAPITAL_UNITS = ("仟", "佰", "拾", "")
LOWER_DIGITS = "零一二三四五六七八九"
LOWER_UNITS = ("千", "百", "十", "")
SECTION_UNITS = ("", "万", "亿")  # groups of four digits
MAX_AMOUNT = Decimal("999999999999.99")  # 千亿 level


def _four_digits(n: int, digits: str, units: tuple[str, ...]) -> str:
    """0 < n < 10000, written without leading zero: 1010 -> 壹仟零壹拾."""
    out: list[str] = []
    pending_zero = False
    for place, unit in zip((1000, 100, 10, 1), units):
        d = n // place % 10
        if d == 0:
            pending_zero = bool(out)
            continue
        if pending_zero:
            out.append(digits[0])
            pending_zero = False
        out.append(digits[d] + unit)
    return "".join(out)


def _integer(n: int, digits: str, units: tuple[str, ...]) -> str:
    """Write a non-negative integer below 10^12 in groups of 万/亿, with one 零 per gap."""
    if n == 0:
        return digits[0]
    if n >= 10**12:
        raise ValueError(f"number too large: {n}")
    groups = []
    while n:
        groups.append(n % 10000)
        n //= 10000
    out = ""
    gap = False
    for idx in reversed(range(len(groups))):
        g = groups[idx]
        if g == 0:
            gap = bool(out)
            continue
        if out and (gap or g < 1000):
            out += digits[0]
        out += _four_digits(g, digits, units) + SECTION_UNITS[idx]
        gap = False
    return out


def to_decimal(value) -> Decimal:
    if isinstance(value, float):
        raise TypeError("amounts must be Decimal or str, never float")
    return Decimal(value)


def amount_in_capitals(value) -> str:
    """793900 -> 柒拾玖万叁仟玖佰元整; 0.05 -> 伍分; 100000.10 -> 壹拾万元零壹角."""
    amount = to_decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    if amount < 0:
        raise ValueError("amount must not be negative")
    if amount > MAX_AMOUNT:
        raise ValueError(f"amount above {MAX_AMOUNT}")
    cents = int(amount * 100)
    yuan, jiao, fen = cents // 100, cents // 10 % 10, cents % 10
    if cents == 0:
        return "零元整"
    out = ""
    if yuan:
        out = _integer(yuan, CAPITAL_DIGITS, CAPITAL_UNITS) + "元"
    if jiao == 0 and fen == 0:
        return out + "整"
    if jiao:
        if yuan and yuan % 10 == 0:
            out += "零"
        out += CAPITAL_DIGITS[jiao] + "角"
    if fen:
        if yuan and not jiao:
            out += "零"
        out += CAPITAL_DIGITS[fen] + "分"
    return out


def amount_in_figures(value) -> str:
    """793900 -> 793,900.00"""
    amount = to_decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return f"{amount:,.2f}"


def rmb(value) -> str:
    """Both ways, as contracts write money: 柒拾玖万叁仟玖佰元整（小写：¥793,900.00）."""
    return f"{amount_in_capitals(value)}（小写：¥{amount_in_figures(value)}）"


@functools.lru_cache(maxsize=1024)
def number_lower(n: int) -> str:
    """31 -> 三十一, 101 -> 一百零一, 10 -> 十, 110 -> 一百一十."""
    if n < 0:
        raise ValueError("negative number")
    text = _integer(n, LOWER_DIGITS, LOWER_UNITS)
    if 10 <= n < 20:
        text = text[1:]  # 十一, not 一十一
    return text


def number_capital(n: int) -> str:
    """4 -> 肆, 12 -> 壹拾贰 (for 本合同壹式肆份)."""
    if n < 0:
        raise ValueError("negative number")
    return _integer(n, CAPITAL_DIGITS, CAPITAL_UNITS)


def article(n: int) -> str:
    """1 -> 第一条, 101 -> 第一百零一条."""
    if n < 1:
        raise ValueError("article numbers start at 1")
    return f"第{number_lower(n)}条"


def minutes(value: int) -> str:
    """30 -> 30分钟, 60 -> 1小时, 90 -> 90分钟, 120 -> 2小时: a notice period as a contract writes it."""
    if value and value % 60 == 0:
        return f"{value // 60}小时"
    return f"{value}分钟"


def date(value: _dt.date) -> str:
    """2024-08-28 -> 2024年8月28日."""
    return f"{value.year}年{value.month}月{value.day}日"


def plain_decimal(value: Decimal) -> str:
    """60.00 -> 60, 12.50 -> 12.5: for percentages and counts written in figures."""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def parse_number_lower(text: str) -> int:
    """三十一 -> 31, 一百零一 -> 101 (the inverse of number_lower, up to 千)."""
    total, digit = 0, 0
    for char in text:
        if char in LOWER_DIGITS:
            digit = LOWER_DIGITS.index(char)
        else:
            total += (digit or 1) * {"十": 10, "百": 100, "千": 1000}[char]
            digit = 0
    return total + digit


_CAPITAL_VALUE = {c: i for i, c in enumerate(CAPITAL_DIGITS)}
_SMALL_UNITS = {"拾": 10, "佰": 100, "仟": 1000}
_BIG_UNITS = {"万": 10**4, "亿": 10**8}


def parse_capitals(text: str) -> Decimal:
    """柒拾玖万叁仟玖佰元整 -> 793900; 壹拾万元零壹角 -> 100000.1 (the inverse of amount_in_capitals)."""
    text = text.replace("整", "").replace("正", "").replace("圆", "元")
    yuan_part, _, fraction = text.partition("元")
    if not _ and ("角" in text or "分" in text):
        yuan_part, fraction = "", text
    total = section = digit = 0
    for char in yuan_part:
        if char in _CAPITAL_VALUE:
            digit = _CAPITAL_VALUE[char]
        elif char in _SMALL_UNITS:
            section += (digit or 1) * _SMALL_UNITS[char]
            digit = 0
        elif char in _BIG_UNITS:
            total = (total + section + digit) * _BIG_UNITS[char] if char == "亿" else total + (section + digit) * _BIG_UNITS[char]
            section = digit = 0
        else:
            raise ValueError(f"not a capital amount: {text}")
    cents = 0
    for value, unit in re.findall(r"([零壹贰叁肆伍陆柒捌玖])([角分])", fraction):
        cents += _CAPITAL_VALUE[value] * (10 if unit == "角" else 1)
    return Decimal(total + section + digit) + Decimal(cents) / 100
