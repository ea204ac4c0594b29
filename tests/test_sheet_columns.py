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


def test_no_drop_down_list_is_longer_than_excel_accepts():
    """Walkthrough F11: the legal-basis list (the seven items of 个人信息保护法 第十三条第一款) is 257
    characters inline; Excel accepts at most 255 and “repairs” the file. A long list is a column of a
    hidden sheet, after the sheets a clerk fills."""
    import io

    import openpyxl

    from aicontract.io.sheet_template import write_template
    from aicontract.models import DEAL_MODELS

    workbook = openpyxl.load_workbook(io.BytesIO(write_template(DEAL_MODELS["cooperation"])))
    assert workbook.sheetnames == ["合同", "工作任务", "拨付方式", "数据清单", "填写说明", "选项"]
    assert workbook["选项"].sheet_state == "hidden"
    validations = workbook["合同"].data_validations.dataValidation
    assert max(len(v.formula1) for v in validations) <= 255
    (long_list,) = [v for v in validations if not v.formula1.startswith('"')]
    assert long_list.formula1 == "'选项'!$A$1:$A$7"
    assert [c.value for c in workbook["选项"]["A"]][0] == "第（一）项“取得个人的同意”"
    assert [c.value for c in workbook["选项"]["A"]][6] == "第（七）项“法律、行政法规规定的其他情形”"


def test_the_notes_say_which_columns_a_condition_makes_necessary():
    """Walkthrough (runtime location) L2: 填写说明 said 否 under 必填 for the place of the running data,
    which the check requires whenever 使用目的 includes 上线运行和运维."""
    import io

    import openpyxl

    from aicontract.io.sheet_template import write_template
    from aicontract.models import DEAL_MODELS

    notes = openpyxl.load_workbook(io.BytesIO(write_template(DEAL_MODELS["cooperation"])))["填写说明"]
    needed = {row[2]: row[4] for row in notes.iter_rows(min_row=3, values_only=True) if row[0] == "合同"}
    assert needed["data_processing.runtime_location"] == "条件必填"
    assert needed["data_processing.runtime_personal_info_kinds"] == "条件必填"
    assert needed["party_a.name"] == "是" and needed["data_processing.other_purpose"] == "否"


def test_a_column_a_condition_makes_necessary_says_so_in_its_title():
    """Reminders walkthrough M5: 甲方事先书面同意出境 and 已依法完成出境程序 were optional (否 fails the check once data go
    abroad), and no column title said that a condition makes them necessary."""
    import io

    import openpyxl

    from aicontract.io.sheet import layout
    from aicontract.io.sheet_template import write_template
    from aicontract.models import DEAL_MODELS

    model = DEAL_MODELS["cooperation"]
    sheet = openpyxl.load_workbook(io.BytesIO(write_template(model)))["合同"]
    titles = {sheet.cell(row=2, column=i).value: sheet.cell(row=1, column=i).value for i in range(1, sheet.max_column + 1)}
    assert titles["data_processing.export_consent"] == "数据处理协议·甲方事先书面同意出境（条件必填）"
    assert titles["data_processing.export_assessment"] == "数据处理协议·已依法完成出境程序（条件必填）"
    assert titles["data_processing.cross_border_scope"] == "数据处理协议·出境数据范围（条件必填）"
    assert titles["party_a.name"].endswith("（必填）") and not titles["data_processing.other_purpose"].endswith("必填）")
    assert {c.key for c in layout(model)[0] if c.conditional} >= {"data_processing.export_consent", "data_processing.export_assessment"}
