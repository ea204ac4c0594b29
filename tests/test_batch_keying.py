"""Keying mistakes an office makes are caught before anything is drafted, each naming its row:
the template's example row, a 合同编号 used twice, a list-sheet row of no contract, a deleted
key row, a formula Excel never computed, a CSV saved by Excel."""

import csv

import openpyxl
from click.testing import CliRunner
from test_batch import deal, report_rows, write_sheet

from aicontract.batch import run_batch
from aicontract.cli import main
from aicontract.io.sheet import layout
from aicontract.models import CooperationDeal


def test_the_templates_example_row_is_never_drafted(tmp_path):
    template = tmp_path / "t.xlsx"
    assert CliRunner().invoke(main, ["sheet-template", "-o", str(template)]).exit_code == 0
    result = CliRunner().invoke(main, ["batch", str(template), "-o", str(tmp_path / "out"), "--jobs", "1"])
    assert result.exit_code == 0, result.output
    assert "示例行（未起草） 1" in result.output and not list((tmp_path / "out").glob("*.docx"))
    # a clerk types a real row below the example: only that one is drafted
    workbook = openpyxl.load_workbook(template)
    sheet = workbook["合同"]
    sheet.append([cell.value for cell in sheet[3]])
    sheet.cell(row=4, column=1, value="JZ-2026-100")
    for name in ("工作任务", "拨付方式", "数据清单"):
        for row in list(workbook[name].iter_rows(min_row=3, values_only=True)):
            workbook[name].append(["JZ-2026-100", *row[1:]])
    workbook.save(template)
    summary = run_batch(template, "cooperation", tmp_path / "out2", jobs=1)
    assert [(r.row, r.status) for r in sorted(summary.results, key=lambda r: r.row)] == [(3, "example"), (4, "ok")]
    assert [p.name for p in (tmp_path / "out2").glob("*.docx")] == ["JZ-2026-100.docx"]


def test_a_duplicate_contract_number_makes_every_such_row_an_error(tmp_path):
    sheet = write_sheet(tmp_path / "d.xlsx", [deal(1), deal(2), deal(3, contract_no="JZ-2026-001")])
    result = CliRunner().invoke(main, ["batch", str(sheet), "-o", str(tmp_path / "out"), "--jobs", "1"])
    assert result.exit_code == 1
    rows = report_rows(tmp_path / "out")
    assert rows[3]["status"] == "invalid" and rows[5]["status"] == "invalid" and rows[4]["status"] == "ok"
    assert rows[3]["说明"] == "合同编号“JZ-2026-001”重复，另见第5行；均未起草 / duplicate 合同编号, also on row 5: none drafted"
    assert rows[3]["单元格"] == "合同!A3" and rows[5]["单元格"] == "合同!A5"  # the cell, not “3行” (clerk walkthrough L19)
    assert "另见第3行" in rows[5]["说明"]
    assert [p.name for p in (tmp_path / "out").glob("*.docx")] == ["JZ-2026-002.docx"]


def test_a_list_row_of_no_contract_is_an_error_on_its_sheet(tmp_path):
    sheet = write_sheet(tmp_path / "d.xlsx", [deal(1), deal(2)])
    workbook = openpyxl.load_workbook(sheet)
    tasks = workbook["工作任务"]
    tasks.append(["JZ-2026-01", "热线辅助", "生成答复", "系统"])  # a typo: 01 for 001
    typo_row = tasks.max_row
    workbook.save(sheet)
    result = CliRunner().invoke(main, ["batch", str(sheet), "-o", str(tmp_path / "out"), "--jobs", "1"])
    assert result.exit_code == 1
    assert f"工作任务 第{typo_row}行 row {typo_row}（JZ-2026-01）：数据有误 工作任务!A{typo_row} 合同编号“JZ-2026-01”在“合同”表中不存在" \
        in result.output
    with open(tmp_path / "out" / "report.csv", encoding="utf-8-sig") as handle:
        report = {r["行号"]: r for r in csv.DictReader(handle)}
    assert report[f"工作任务!{typo_row}"]["单元格"] == f"工作任务!A{typo_row}"
    assert sorted(p.name for p in (tmp_path / "out").glob("*.docx")) == ["JZ-2026-001.docx", "JZ-2026-002.docx"]


def test_columns_are_found_by_their_titles_when_the_key_row_is_deleted(tmp_path):
    sheet = write_sheet(tmp_path / "d.xlsx", [deal(1)])
    workbook = openpyxl.load_workbook(sheet)
    for ws in [ws for ws in workbook.worksheets if ws.title not in ("填写说明", "选项")]:  # the sheets a clerk fills
        ws.delete_rows(2)
    workbook.save(sheet)
    summary = run_batch(sheet, "cooperation", tmp_path / "out", jobs=1)
    assert [(r.row, r.status) for r in summary.results] == [(2, "ok")]
    # a title nobody knows is named, briefly
    workbook["合同"].cell(row=1, column=1, value="编号（自编）")
    workbook.save(sheet)
    result = CliRunner().invoke(main, ["batch", str(sheet), "-o", str(tmp_path / "out2")])
    assert result.exit_code == 2
    assert "表头与合同类型不符（是否选错了 --family？） / the headers do not match this family（未知列 / unknown: 编号（自编）" in result.output
    assert len(result.output) < 400


def test_a_formula_without_a_computed_value_gets_its_own_message(tmp_path):
    sheet = write_sheet(tmp_path / "d.xlsx", [deal(1)])
    workbook = openpyxl.load_workbook(sheet)
    columns = [c.key for c in layout(CooperationDeal)[0]]
    column = columns.index("party_a.contact") + 1
    workbook["合同"].cell(row=3, column=column, value='=CONCATENATE("张","三")')
    workbook.save(sheet)  # openpyxl stores the formula, not its value: as a program-made workbook does
    summary = run_batch(sheet, "cooperation", tmp_path / "out", jobs=1)
    (result,) = summary.results
    letter = openpyxl.utils.get_column_letter(column)
    assert result.cells == [f"合同!{letter}3"]
    assert result.messages == ["甲方（建设方） › 联系人：公式没有计算结果，请在 Excel 中打开并保存后再试 / the formula has no computed "
                               "value: open and save the workbook in Excel"]


def excel_csv(cell):
    """A cell as Excel's “CSV” export writes it with the template's formats."""
    value = cell.value
    if hasattr(value, "year"):
        return f"{value.year}/{value.month}/{value.day}"
    if isinstance(value, (int, float)) and cell.number_format == "#,##0.00":
        return f"{value:,.2f}"
    return "" if value is None else value


def test_a_csv_saved_by_excel_is_read_and_errors_name_file_and_line(tmp_path):
    """Excel saves the template's amount cells as 1,860,000.00 and its dates as 2026/1/5."""
    workbook = openpyxl.load_workbook(write_sheet(tmp_path / "d.xlsx", [deal(1), deal(2)]))
    for ws in [ws for ws in workbook.worksheets if ws.title not in ("填写说明", "选项")]:  # the sheets a clerk fills
        name = "deals.csv" if ws.title == "合同" else f"deals.{ws.title}.csv"
        with open(tmp_path / name, "w", encoding="utf-8", newline="") as handle:
            rows = [[excel_csv(cell) for cell in row] for row in ws.iter_rows()]
            if ws.title == "合同":
                rows[3][[c.key for c in layout(CooperationDeal)[0]].index("funding.total")] = "186万元整元"
            csv.writer(handle).writerows(rows)
    with open(tmp_path / "deals.csv", encoding="utf-8") as handle:
        assert "1,860,000.00" in handle.read()  # as Excel writes it
    summary = run_batch(tmp_path / "deals.csv", "cooperation", tmp_path / "out", jobs=1)
    results = {r.contract_no: r for r in summary.results}
    assert results["JZ-2026-001"].status == "ok", results["JZ-2026-001"].messages
    letter = openpyxl.utils.get_column_letter([c.key for c in layout(CooperationDeal)[0]].index("funding.total") + 1)
    assert results["JZ-2026-002"].cells == [f"deals.csv 第4行 {letter}列"]
    assert results["JZ-2026-002"].messages[0].startswith("项目经费 › 经费总额（元）：金额格式不正确：“186万元整元”，可写作 1860000、1,860,000.00")
