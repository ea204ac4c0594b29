"""Mutation tests for library/limits.py: each limit of the bounded sandbox at its edge, the
operators it intercepts, and no constant folding at compile time."""

import pytest

from aicontract.library.limits import BoundedSandbox, LimitExceeded


def render(source: str, **values) -> str:
    env = BoundedSandbox()
    env.seal_filters()
    return env.from_string(source).render(**values)


def test_a_number_of_128_bits_is_allowed():
    assert render("{{ 340282366920938463463374607431768211455 + 0 }}") == "340282366920938463463374607431768211455"


def test_a_number_of_129_bits_is_refused_naming_the_operator():
    with pytest.raises(LimitExceeded, match=r"^\*: number too large / 数值过大$"):
        render("{{ 18446744073709551616 * 18446744073709551616 }}")
    with pytest.raises(LimitExceeded, match=r"^\+: number too large / 数值过大$"):
        render("{{ 340282366920938463463374607431768211455 + 1 }}")


def test_a_filter_result_of_exactly_the_limit_is_allowed():
    assert len(render('{{ "ab" | center(200000) }}')) == 200000


def test_a_filter_result_over_the_limit_is_refused():
    with pytest.raises(LimitExceeded, match="^filter replace: result longer than 200000 / 结果过长$"):
        render('{{ "ab" | center(150000) | replace(" ", "xx") }}')


def test_joining_texts_to_exactly_the_limit_is_allowed():
    text = render('{{ ("a" | center(100000)) + ("b" | center(100000)) }}')
    assert len(text) == 200000


def test_joining_texts_over_the_limit_is_refused():
    with pytest.raises(LimitExceeded, match="^text longer than 200000 / 文字过长$"):
        render('{{ ("a" | center(100000)) + ("b" | center(100001)) }}')


def test_adding_a_mapping_to_a_text_is_a_type_error_not_a_length():
    # only two texts (or lists) are measured: a text and a mapping cannot be added at all
    with pytest.raises(TypeError, match='can only concatenate str'):
        render('{{ ("a" | center(200000)) + {"k": 1} }}')


def test_remainder_of_numbers_is_allowed():
    assert render("{{ 7 % 3 }}") == "1"
    assert render("{{ n % 4 }}", n=10) == "2"


def test_percent_formatting_of_text_is_refused():
    with pytest.raises(LimitExceeded, match="^%-formatting of text is not allowed / 不允许用 % 格式化文字$"):
        render('{{ "%s" % 1 }}')


def test_no_constant_folding_at_compile_time():
    """Expressions are computed when the text is filled (under its time budget), never while a
    library is compiled."""
    source = BoundedSandbox().compile("{% set x = 7 // 2 %}{{ x }}{% if 1 > 2 %}a{% endif %}", raw=True)
    assert "l_0_x = (7 // 2)" in source
    assert "if (1 > 2):" in source
    assert "l_0_x = 3" not in source
