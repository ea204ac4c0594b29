"""An answer as it is typed and as it is read: the questionnaire's own reading of 是/否, option
numbers or their first characters, counts in Chinese characters, and any other value through
the models' parsers (``models/typed.py``), each refusal an ``AnswerError`` saying why."""

from __future__ import annotations

from decimal import Decimal

from pydantic import TypeAdapter, ValidationError

from .. import cn
from ..errors import InputError
from ..io.deal_file import message_for
from ..models.typed import parse_bool


class AnswerError(InputError):
    """The answer cannot stand; the message says why, in Chinese and English."""


def shown(value) -> str:
    """An answer as the user types and reads it: 是/否, dates as 2026-01-05, lists joined by 、."""
    if value is None:
        return "（未填）"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, (list, tuple)):
        return "、".join(shown(v) for v in value)
    if isinstance(value, Decimal):  # 558000, 12.5: the digits, never 558000.0 or 1.86E+6
        return format(value.normalize(), "f") if value != value.to_integral_value() else str(int(value))
    return str(getattr(value, "value", value))


def _yes_no(text: str) -> bool:
    try:
        return parse_bool(text)
    except ValueError as exc:
        raise AnswerError(str(exc)) from None


_CAPITAL_TO_LOWER = str.maketrans("零壹贰叁肆伍陆柒捌玖拾佰仟两〇", "零一二三四五六七八九十百千二零")


def _chinese_count(text: str) -> int | None:
    """肆 / 四 / 两 / 十二 / 壹拾贰 as a whole number, or None if ``text`` is not one in words."""
    lower = text.translate(_CAPITAL_TO_LOWER)
    if not lower or any(c not in cn.LOWER_DIGITS + "十百千" for c in lower):
        return None
    return cn.parse_number_lower(lower)


def _pick(choices: tuple[str, ...], text: str) -> str:
    if text.isdigit() and 1 <= int(text) <= len(choices):
        return choices[int(text) - 1]
    if text in choices:
        return text
    starting = [c for c in choices if c.startswith(text)]
    if len(starting) == 1:  # 一般 for 一般数据: the one option it begins
        return starting[0]
    raise AnswerError(f"请输入序号或选项：{' / '.join(choices)} / choose one of the numbers or options")


def _checked(annotation, text: str):
    try:
        return TypeAdapter(annotation).validate_python(text)
    except ValidationError as exc:
        raise AnswerError("；".join(message_for(e) for e in exc.errors())) from None
