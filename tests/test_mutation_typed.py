"""Mutation tests for models/typed.py: amounts in figures as people type them, with full-width
commas and spaces between the groups."""

from decimal import Decimal

import pytest

from aicontract.models.typed import parse_amount


@pytest.mark.parametrize("text, amount", [
    ("1，860，000", "1860000"),  # full-width commas, as a Chinese input method types them
    ("1，860，000.50元", "1860000.50"),
    ("1 860 000", "1860000"),  # spaces between the groups
    ("¥ 1 860 000.00", "1860000.00"),
    ("186 万元", "1860000"),
])
def test_figures_with_full_width_commas_and_spaces(text, amount):
    value = parse_amount(text)
    assert type(value) is Decimal
    assert str(value) == amount


@pytest.mark.parametrize("text", ["1XX，XX860", "1,86O,000"])
def test_figures_with_other_characters_are_refused(text):
    with pytest.raises(ValueError, match="^金额格式不正确：“[^”]*”，可写作 1860000、1,860,000.00、¥1,860,000、186万元、壹佰捌拾陆万元整"
                                         " / not an amount; write e.g. 1860000 or 1,860,000.00$"):
        parse_amount(text)
