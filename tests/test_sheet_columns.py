"""io/sheet.py names columns itself (openpyxl would bring numpy into every batch): the same
names as openpyxl for every column it allows, the same refusal outside them."""

import pytest
from openpyxl.utils import get_column_letter

from aicontract.io.sheet import column_letter


def test_column_letters_are_openpyxls():
    assert [column_letter(i) for i in range(18278)] == [get_column_letter(i + 1) for i in range(18278)]


@pytest.mark.parametrize("index", [-1, 18278])
def test_outside_the_columns(index):
    with pytest.raises(ValueError):
        get_column_letter(index + 1)
    with pytest.raises(ValueError):
        column_letter(index)
