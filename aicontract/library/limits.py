"""Bounded work for what a firm supplies (its clause files and Word template): the jinja
sandbox stops attribute tricks, and this environment also stops a text from doing unbounded
work — huge powers and products, strings multiplied or padded to millions of characters,
long loops — so a hostile or careless template is refused in well under a second.

- no constant folding at compile time (jinja would otherwise compute ``10**(10**9)`` while a
  library is being validated);
- ``**``, ``*``, ``+`` and ``%`` are intercepted: exponents, number sizes and string lengths
  are capped, ``%``-formatting of strings is refused;
- every filter's integer arguments and its result's length are capped;
- ``range`` is capped, and each fill or render runs under a wall-clock budget;
- a rendered text longer than MAX_OUTPUT is refused.
"""

from __future__ import annotations

import contextlib
import functools
import signal
import threading

from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment

from ..errors import InputError

MAX_TEXT = 200_000  # characters one value or one filter result may have
MAX_OUTPUT = 2_000_000  # characters one clause text or template part may render to
MAX_INT_BITS = 128  # numbers a contract needs are far smaller
MAX_EXPONENT = 64
MAX_RANGE = 10_000
TIME_BUDGET = 2.0  # seconds for one fill or render


class LimitExceeded(SecurityError, InputError):
    """A firm's text asked for more work than any contract needs (a jinja error inside a
    render, an input error for the user)."""


def _check_int(value, what: str) -> None:
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > MAX_INT_BITS:
        raise LimitExceeded(f"{what}: number too large / 数值过大")


def _check_size(value, what: str) -> None:
    if isinstance(value, (str, list, tuple)) and len(value) > MAX_TEXT:
        raise LimitExceeded(f"{what}: result longer than {MAX_TEXT} / 结果过长")


def _bounded_filter(name: str, function):
    @functools.wraps(function)
    def bounded(*args, **kwargs):
        for value in (*args, *kwargs.values()):
            if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_TEXT:
                raise LimitExceeded(f"filter {name}: argument {value} too large / 参数过大")
        result = function(*args, **kwargs)
        _check_size(result, f"filter {name}")
        return result

    return bounded


def bounded_range(*args):
    if len(range(*args)) > MAX_RANGE:
        raise LimitExceeded(f"range{args}: more than {MAX_RANGE} steps / 循环次数过多")
    return range(*args)


class BoundedSandbox(ImmutableSandboxedEnvironment):
    intercepted_binops = frozenset(["**", "*", "+", "%"])

    def __init__(self, **options):
        super().__init__(optimized=False, **options)
        self.globals["range"] = bounded_range

    def seal_filters(self) -> None:
        """Wrap every filter (call after adding the environment's own)."""
        self.filters = {name: _bounded_filter(name, f) for name, f in self.filters.items()}

    def call_binop(self, context, operator, left, right):
        if operator == "**":
            if isinstance(right, (int, float)) and abs(right) > MAX_EXPONENT:
                raise LimitExceeded(f"exponent {right} too large / 指数过大")
        elif operator == "*":
            for a, b in ((left, right), (right, left)):
                if isinstance(a, (str, list, tuple)) and isinstance(b, int) and len(a) * b > MAX_TEXT:
                    raise LimitExceeded(f"repetition to {len(a) * b} characters / 重复过多")
        elif operator == "+":
            if isinstance(left, (str, list, tuple)) and isinstance(right, (str, list, tuple)) \
                    and len(left) + len(right) > MAX_TEXT:
                raise LimitExceeded(f"text longer than {MAX_TEXT} / 文字过长")
        elif operator == "%" and isinstance(left, str):
            raise LimitExceeded("%-formatting of text is not allowed / 不允许用 % 格式化文字")
        result = super().call_binop(context, operator, left, right)
        _check_int(result, operator)
        return result


@contextlib.contextmanager
def time_budget(seconds: float = TIME_BUDGET):
    """Raise LimitExceeded when the block runs longer than ``seconds`` (main thread only: the
    command line and batch workers; elsewhere the other limits still hold)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum, frame):
        raise LimitExceeded(f"took longer than {seconds} s / 超出时间限制")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def check_output(text: str, what: str) -> str:
    if len(text) > MAX_OUTPUT:
        raise LimitExceeded(f"{what}: renders to {len(text)} characters / 输出过长")
    return text
