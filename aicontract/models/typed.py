"""One forgiving, exact reading of typed values as people write them — in a YAML or JSON answers
file, a spreadsheet cell, a CSV field, a questionnaire answer or a web form — attached to the
deal models' types, so every way in accepts the same forms and says the same thing when a value
is not one of them. Amounts are exact ``Decimal`` (never float); an amount written both in
capitals and in figures must agree."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from typing import Annotated

from pydantic import BeforeValidator

from .. import cn

DATE_FORMS = "2026-01-05、2026/1/5、2026.1.5、2026年1月5日"
AMOUNT_FORMS = "1860000、1,860,000.00、¥1,860,000、186万元、壹佰捌拾陆万元整"
PERCENT_FORMS = "30 或 30%"
BOOL_FORMS = "是/否、Y/N、TRUE/FALSE"

# a spreadsheet's date cell saved as text may carry a midnight time: 2026-01-05 00:00:00
_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?(?:[ T]0{1,2}:00(?::00)?)?")
_CAPS = "零壹贰叁肆伍陆柒捌玖拾佰仟万亿元圆角分整正"
_FIGURES = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")
_CURRENCY = re.compile(r"^(?:人民币|RMB|CNY|[¥￥])\s*|\s*(?:元整|元|圆)$", re.IGNORECASE)
_WAN = re.compile(r"(\d+(?:\.\d+)?)\s*万(?:元)?")
YES = {"是", "y", "yes", "true", "1", "√", "对"}
NO = {"否", "n", "no", "false", "0", "×", "不"}


def says_none(value) -> bool:
    """A value that says there is nothing: empty, 无 (填写说明 第五项) or 不适用, with or without its stop."""
    text = str(getattr(value, "value", value) or "").strip().rstrip("。；;.，,").strip()
    return text in ("", "无", "不适用")


def parse_date(value):
    """A date as written: 2026-01-05, 2026/1/5, 2026.1.5, 2026年1月5日 (or 5号); a datetime's date."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date) or not isinstance(value, str):
        return value
    match = _DATE.fullmatch(value.strip())
    if not match:
        raise ValueError(f"日期格式不正确，可写作 {DATE_FORMS} / not a date; write e.g. 2026-01-05")
    year, month, day = map(int, match.groups())
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise ValueError(f"日期不存在：{value.strip()} / no such date") from None


def _figures(text: str) -> Decimal | None:
    """1,860,000.00 / 1860000 / 186万 -> Decimal; None if ``text`` is not written in figures."""
    text = _CURRENCY.sub("", text.replace("，", ",").replace(" ", "")).strip()  # ¥ before and 元 after
    if match := _WAN.fullmatch(text):
        return Decimal(match.group(1)) * 10000
    if _FIGURES.fullmatch(text):
        return Decimal(text.replace(",", ""))
    return None


def _quoted(text: str) -> str:
    """The value an error quotes (a GBK CSV's ?1,860,000 for ¥: clerk walkthrough L18), cut short."""
    return text if len(text) <= 40 else text[:40] + "…"


def parse_amount(value):
    """An amount of money, exact: figures with or without thousands separators and ¥/元, 万,
    capitals, or capitals with figures in brackets (which must agree)."""
    if isinstance(value, float):
        return Decimal(repr(value))
    if not isinstance(value, str):
        return value
    text = value.strip()
    both = re.fullmatch(r"(.+?)[（(](?:小写|大写)?[：:]?\s*(.+?)[）)]", text)
    parts = [both.group(1), both.group(2)] if both else [text]
    amounts = []
    for part in parts:
        part = part.strip()
        figures = _figures(part)
        if figures is None and part and all(c in _CAPS for c in part.replace("人民币", "")):
            try:
                figures = cn.parse_capitals(part.replace("人民币", ""))
            except ValueError:
                figures = None
        if figures is None:
            raise ValueError(f"金额格式不正确：“{_quoted(text)}”，可写作 {AMOUNT_FORMS} / not an amount; write e.g. 1860000 or "
                             "1,860,000.00")
        amounts.append(figures)
    if len(set(amounts)) > 1:
        raise ValueError(f"大写与小写金额不一致：{cn.amount_in_figures(amounts[0])} ≠ {cn.amount_in_figures(amounts[1])}"
                         f" / the amount in words and in figures differ")
    return amounts[0]


def parse_percent(value):
    """A percentage: 30 or 30% (30 means thirty per cent)."""
    if isinstance(value, float):
        return Decimal(repr(value))
    if not isinstance(value, str):
        return value
    text = value.strip().rstrip("%％").strip()
    try:
        return Decimal(text)
    except InvalidOperation:
        raise ValueError(f"百分比格式不正确：“{_quoted(value.strip())}”，可写作 {PERCENT_FORMS} / not a percentage; write e.g. 30 or "
                         "30%") from None


def parse_bool(value):
    """是/否, Y/N, yes/no, TRUE/FALSE, 1/0."""
    if isinstance(value, bool) or value is None:
        return value
    text = str(value).strip().lower()
    if text in YES:
        return True
    if text in NO:
        return False
    raise ValueError(f"请填写 {BOOL_FORMS} / must be yes or no (是/否)")


Day = Annotated[dt.date, BeforeValidator(parse_date)]
YesNo = Annotated[bool, BeforeValidator(parse_bool)]
AmountValue = Annotated[Decimal, BeforeValidator(parse_amount)]
PercentValue = Annotated[Decimal, BeforeValidator(parse_percent)]
