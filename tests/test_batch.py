"""Batch: good rows give contracts, bad rows are reported with their cell, nothing is lost
or overwritten, and the manifest tells the truth."""

import csv
import hashlib
import json
import os
import shutil
import subprocess
import sys

import openpyxl
import pytest
from click.testing import CliRunner

from aicontract.batch import run_batch, safe_stem
from aicontract.cli import main
from aicontract.io.sheet import layout
from aicontract.io.sheet_template import write_template
from aicontract.models import CooperationDeal

from helpers import docx_text, example_data, merge, write_firm_clause_breaking_at_17


def deal(n: int, **changes) -> dict:
    return merge(example_data(), {"contract_no": f"JZ-2026-{n:03d}", "party_b": {"name": f"江州智算科技有限公司第{n}分公司"},
                                  **changes})


GOOD = [deal(1), deal(2, project={"name": "江州市“政务智答”二期"}), deal(3)]
BAD = {
    4: deal(4, term={"start": "2026-13-01"}),  # wrong date
    5: deal(5, dispute={"route": "调解"}),  # unknown option
    6: deal(6, party_a={"contact": None}),  # missing required field
    7: deal(7, ip={"shares": {"party_a": 60, "party_b": 30}}),  # shares not summing to 100
}


def write_sheet(path, deals):
    path.write_bytes(write_template(CooperationDeal, deals))
    return path


def report_rows(outdir):
    with open(outdir / "report.csv", encoding="utf-8-sig") as handle:
        return {int(r["行号"]): r for r in csv.DictReader(handle)}


@pytest.fixture(scope="module")
def mixed(tmp_path_factory):
    folder = tmp_path_factory.mktemp("batch")
    sheet = write_sheet(folder / "deals.xlsx", GOOD + list(BAD.values()))
    result = CliRunner().invoke(main, ["batch", str(sheet), "-o", str(folder / "out"), "--jobs", "2"])
    return folder, result


def test_good_rows_produce_contracts_and_exit_1(mixed):
    folder, result = mixed
    assert result.exit_code == 1
    produced = sorted(p.name for p in (folder / "out").glob("*.docx"))
    assert produced == ["JZ-2026-001.docx", "JZ-2026-002.docx", "JZ-2026-003.docx"]
    assert "成功 3" in result.output and "数据有误 3" in result.output and "必备事项未满足 1" in result.output


def test_report_names_each_bad_row_and_cell(mixed):
    folder, _ = mixed
    rows = report_rows(folder / "out")
    columns = {c.key: i for i, c in enumerate(layout(CooperationDeal)[0])}
    from aicontract.io.sheet import column_letter

    assert [rows[n]["status"] for n in (3, 4, 5)] == ["ok", "ok", "ok"]
    start = rows[6]
    assert start["status"] == "invalid" and start["合同编号"] == "JZ-2026-004"
    assert start["单元格"] == f"合同!{column_letter(columns['term.start'])}6"
    assert "项目期限 › 起始日期：日期不存在：2026-13-01 / no such date" in start["说明"]
    assert rows[7]["单元格"] == f"合同!{column_letter(columns['dispute.route'])}7"
    assert "应为以下选项之一" in rows[7]["说明"]
    assert rows[8]["单元格"] == f"合同!{column_letter(columns['party_a.contact'])}8"
    assert "缺少必填字段" in rows[8]["说明"]
    assert rows[9]["status"] == "incomplete"
    assert "共有比例" in rows[9]["未满足的必备事项"] and "合计 90，应为 100" in rows[9]["未满足的必备事项"]
    # web walkthrough L9: a row failing a consistency rule named no cell; now the cells the rule reads
    assert rows[9]["单元格"] == (f"合同!{column_letter(columns['ip.shares.party_a'])}9；"
                                f"合同!{column_letter(columns['ip.shares.party_b'])}9")


def test_manifest_hashes_match_the_files(mixed):
    folder, _ = mixed
    entries = json.loads((folder / "out" / "manifest.json").read_text(encoding="utf-8"))
    assert [e["row"] for e in entries] == [3, 4, 5]
    for entry in entries:
        data = (folder / "out" / entry["path"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == entry["sha256"]


def test_rerun_without_force_writes_nothing_new(mixed):
    folder, _ = mixed
    out = folder / "out"
    before = {p.name: p.stat().st_mtime_ns for p in out.glob("*.docx")}
    result = CliRunner().invoke(main, ["batch", str(folder / "deals.xlsx"), "-o", str(out), "--jobs", "1"])
    assert result.exit_code == 1  # the bad rows are still bad
    assert {p.name: p.stat().st_mtime_ns for p in out.glob("*.docx")} == before
    assert "已存在未覆盖 3" in result.output
    assert not list(out.glob(".*.tmp"))


def test_force_rewrites_identical_bytes(mixed, tmp_path):
    folder, _ = mixed
    out = folder / "out"
    before = {p.name: p.read_bytes() for p in out.glob("*.docx")}
    assert CliRunner().invoke(main, ["batch", str(folder / "deals.xlsx"), "-o", str(out), "--force"]).exit_code == 1
    assert {p.name: p.read_bytes() for p in out.glob("*.docx")} == before


def test_same_as_drafting_the_yaml(tmp_path):
    sheet = write_sheet(tmp_path / "one.xlsx", [example_data()])
    summary = run_batch(sheet, "cooperation", tmp_path / "out", jobs=1)
    assert summary.failed == 0
    result = CliRunner().invoke(main, ["draft", "examples/cooperation.yaml", "-o", str(tmp_path / "direct.docx")])
    assert result.exit_code == 0
    assert (tmp_path / "out" / "JZ-ZWAI-2026-001.docx").read_bytes() == (tmp_path / "direct.docx").read_bytes()


def test_gbk_csv(tmp_path):
    """A CSV saved by Chinese Excel (GBK) with its list sheets beside it gives the same contract,
    byte for byte, as the workbook it was saved from."""
    sheet = write_sheet(tmp_path / "t.xlsx", [example_data()])
    workbook = openpyxl.load_workbook(sheet)
    for name, target in (("合同", "deals.csv"), ("工作任务", "deals.工作任务.csv"), ("拨付方式", "deals.拨付方式.csv"),
                         ("数据清单", "deals.数据清单.csv")):
        rows = [[("" if v is None else v) for v in row] for row in workbook[name].iter_rows(values_only=True)]
        with open(tmp_path / target, "w", encoding="gbk", newline="") as handle:
            csv.writer(handle).writerows(rows)
    result = CliRunner().invoke(main, ["batch", str(tmp_path / "deals.csv"), "-o", str(tmp_path / "out"), "--jobs", "1"])
    assert result.exit_code == 0, result.output
    assert CliRunner().invoke(main, ["batch", str(sheet), "-o", str(tmp_path / "xlsx"), "--jobs", "1"]).exit_code == 0
    from_csv = (tmp_path / "out" / "JZ-ZWAI-2026-001.docx").read_bytes()
    assert from_csv == (tmp_path / "xlsx" / "JZ-ZWAI-2026-001.docx").read_bytes()
    assert "江州市政务服务和数据管理局" in docx_text(from_csv)


def test_unreadable_inputs_exit_2(tmp_path):
    bad = tmp_path / "deals.xlsx"
    bad.write_bytes(b"not a workbook")
    result = CliRunner().invoke(main, ["batch", str(bad), "-o", str(tmp_path / "o")])
    assert result.exit_code == 2 and f"{bad}: 无法打开工作簿：文件不是 Excel 工作簿（.xlsx），可能已损坏" in result.output
    undecodable = tmp_path / "deals.csv"
    undecodable.write_bytes(b"contract_no\n\x81\xff\xfe\x80\n")
    result = CliRunner().invoke(main, ["batch", str(undecodable), "-o", str(tmp_path / "o")])
    assert result.exit_code == 2 and "无法识别编码（应为 UTF-8 或 GBK/GB18030），请另存为 UTF-8" in result.output
    wrong = tmp_path / "wrong.csv"
    wrong.write_text("名称\nname\nx\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["batch", str(wrong), "-o", str(tmp_path / "o")])
    assert result.exit_code == 2 and "表头与合同类型不符" in result.output


def test_file_names_safe_and_unique(tmp_path):
    rows = [deal(1, contract_no="CON"), deal(2, contract_no="a/b:c*?"), deal(3, contract_no="dup"), deal(4, contract_no="DUP")]
    sheet = write_sheet(tmp_path / "d.xlsx", rows)
    summary = run_batch(sheet, "cooperation", tmp_path / "out", jobs=1)
    names = sorted(p.name for p in (tmp_path / "out").glob("*.docx"))
    assert names == ["DUP-2.docx", "_CON.docx", "a_b_c__.docx", "dup.docx"]
    assert summary.failed == 0
    assert safe_stem(" ..名 称. ") == "名 称"


def test_sheet_template_command(tmp_path):
    out = tmp_path / "t.xlsx"
    assert CliRunner().invoke(main, ["sheet-template", "--family", "cooperation", "-o", str(out)]).exit_code == 0
    workbook = openpyxl.load_workbook(out)
    assert workbook.sheetnames == ["合同", "工作任务", "拨付方式", "数据清单", "填写说明", "选项"]  # 选项: hidden, long drop-down lists
    main_sheet = workbook["合同"]
    assert main_sheet["A1"].value == "合同编号（必填）" and main_sheet["A2"].value == "contract_no"
    assert main_sheet.row_dimensions[2].hidden
    assert main_sheet["A3"].value == "示例-JZ-ZWAI-2026-001"  # the example row: never drafted
    lists = {dv.formula1 for dv in main_sheet.data_validations.dataValidation}
    assert '"单方享有,双方共同共有,双方按比例共有"' in lists and '"仲裁,诉讼"' in lists and '"是,否"' in lists
    assert CliRunner().invoke(main, ["sheet-template", "-o", str(out)]).exit_code == 2  # no overwrite


def test_pdf_batch_one_libreoffice_run(tmp_path):
    """Two contracts, one LibreOffice start (a logging wrapper stands in front of the real one),
    and each PDF carries its own contract's text."""
    real = shutil.which("soffice")
    wrapper = tmp_path / "bin" / "soffice"
    wrapper.parent.mkdir()
    wrapper.write_text(f'#!/bin/sh\necho run >> "{tmp_path}/runs.log"\nexec "{real}" "$@"\n', encoding="utf-8")
    wrapper.chmod(0o755)
    sheet = write_sheet(tmp_path / "d.xlsx", [deal(1), deal(2)])
    env = {**os.environ, "PATH": f"{wrapper.parent}:{os.environ['PATH']}"}
    result = subprocess.run([sys.executable, "-m", "aicontract.cli", "batch", str(sheet), "-o", str(tmp_path / "out"),
                             "--format", "pdf", "--jobs", "1"], env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert (tmp_path / "runs.log").read_text().splitlines() == ["run"]
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "JZ-2026-001.pdf", "JZ-2026-002.pdf", "manifest.json", "report.csv"]
    for n in (1, 2):
        text = subprocess.run(["pdftotext", str(tmp_path / "out" / f"JZ-2026-00{n}.pdf"), "-"], capture_output=True,
                              text=True, check=True).stdout
        assert f"江州智算科技有限公司第{n}分公司" in text.replace(" ", "").replace("\n", "")


def test_a_row_that_fails_to_render_is_an_error_and_the_others_are_done(tmp_path):
    """A firm clause that breaks for one row's value (a division by zero when the force-majeure
    period is 17 days): that row is reported, every other row is drafted, the report written."""
    write_firm_clause_breaking_at_17(tmp_path / "house")
    sheet = write_sheet(tmp_path / "d.xlsx", [deal(1), deal(2, force_majeure_days=17), deal(3)])
    result = CliRunner().invoke(main, ["batch", str(sheet), "-o", str(tmp_path / "out"), "--library", str(tmp_path / "house"),
                                       "--jobs", "2"])
    assert result.exit_code == 1, result.output
    rows = report_rows(tmp_path / "out")
    assert [rows[n]["status"] for n in (3, 4, 5)] == ["ok", "error", "ok"]
    assert ("clause force_majeure.termination: 条款文字无法填写 / clause text cannot be filled: ZeroDivisionError"
            in rows[4]["说明"])
    assert sorted(p.name for p in (tmp_path / "out").glob("*.docx")) == ["JZ-2026-001.docx", "JZ-2026-003.docx"]


def one_row_batch(tmp_path, **data_processing):
    """The example as a sheet's only row (JZ-2026-001), its data-processing answers changed, drafted."""
    deal = example_data("cooperation")
    deal["contract_no"] = "JZ-2026-001"
    deal["data_processing"].update(data_processing)
    sheet = tmp_path / "d.xlsx"
    sheet.write_bytes(write_template(CooperationDeal, [deal]))
    (row,) = run_batch(sheet, "cooperation", tmp_path / "out", jobs=1).results
    return row


def cell_of(key: str, row: int) -> str:
    from aicontract.io.sheet import column_letter

    columns = {c.key: i for i, c in enumerate(layout(CooperationDeal)[0])}
    return f"合同!{column_letter(columns[key])}{row}"


def test_a_row_failing_an_annex_rule_names_its_cell(tmp_path):
    """Walkthrough F9: a rule of the attached 数据处理协议 (the kinds of personal information) named no cell."""
    row = one_row_batch(tmp_path, personal_info_kinds=None)
    assert row.status == "incomplete"
    assert row.cells == [cell_of("data_processing.personal_info_kinds", 3)]


def test_a_wrong_element_of_a_list_names_the_lists_cell(tmp_path):
    """Walkthrough (runtime location) M2: a wrong 使用目的 was reported at “3行”, not at its cell; and only
    the purposes are reported, not the place that depends on them (M1)."""
    row = one_row_batch(tmp_path, purposes=["训练", "验证", "测试", "上线运维"])
    assert row.status == "invalid"
    assert row.cells == [cell_of("data_processing.purposes", 3)]
    assert len(row.messages) == 1 and row.messages[0].startswith("数据处理协议 › 使用目的")


def test_a_rerun_keeps_saying_what_a_kept_draft_lacks(tmp_path):
    """Walkthrough F5: a draft written with --allow-incomplete and kept by --skip-existing was reported
    done with nothing missing; the rerun checks it again for the report (without redrafting it)."""
    deal = example_data("cooperation")
    deal["contract_no"] = "JZ-2026-001"
    deal["data_processing"]["personal_info_kinds"] = None
    sheet = tmp_path / "d.xlsx"
    sheet.write_bytes(write_template(CooperationDeal, [deal]))
    (first,) = run_batch(sheet, "cooperation", tmp_path / "out", jobs=1, allow_incomplete=True).results
    assert first.status == "ok" and first.missing
    written = (tmp_path / "out" / "JZ-2026-001.docx").stat().st_mtime_ns
    (again,) = run_batch(sheet, "cooperation", tmp_path / "out", jobs=1, allow_incomplete=True, skip_existing=True).results
    assert again.status == "done" and again.missing == first.missing
    assert (tmp_path / "out" / "JZ-2026-001.docx").stat().st_mtime_ns == written
    assert "个人信息的种类" in report_rows(tmp_path / "out")[3]["未满足的必备事项"]
    summary = run_batch(sheet, "cooperation", tmp_path / "out", jobs=1, allow_incomplete=True, skip_existing=True).text()
    assert summary.startswith("共 1 行 / rows：已完成（跳过） 1，其中未完成的草稿 1（首页标明缺项，见报告“未满足的必备事项”列 / "
                              "incomplete drafts)")


def test_reminders_reach_the_report_and_the_summary(tmp_path):
    """Reminders walkthrough H1: rows printing 待定 or “地址……”, or sending data abroad, were reported “成功” with
    nothing else: the check's “!” lines now go to report.csv, and the summary counts such rows."""
    from openpyxl.utils import get_column_letter

    reminded = deal(2, party_b={"address": "江州市滨江区创智路……"})
    purpose = deal(3, project={"purpose": "提高答复准确率（XX市试点）"})
    sheet = write_sheet(tmp_path / "deals.xlsx", [deal(1), reminded, purpose])
    result = CliRunner().invoke(main, ["batch", str(sheet), "-o", str(tmp_path / "out"), "--jobs", "1"])
    assert result.exit_code == 0
    assert "其中有提示的 3（见报告“提示（仅供参考）”列 / rows with reminders)" in result.output
    rows = report_rows(tmp_path / "out")
    assert "乙方（承建方） › 地址中有未填写的内容“……”：“江州市滨江区创智路……”" in rows[4]["提示（仅供参考）"]
    assert "乙方（承建方） › 地址" not in rows[3]["提示（仅供参考）"]
    # the example's own reminder, named as the check names it (clerk walkthrough L20: it began with the key)
    assert rows[3]["提示（仅供参考）"].startswith("转让对价在退款时是否保留（人工核对）：")
    # reminders walkthrough L4: an answer is named by its cell, as the clerk sees the sheet, not by its parameter key
    letter = get_column_letter([c.key for c in layout(CooperationDeal)[0]].index("project.purpose") + 1)
    assert (f"草稿中不留占位内容：合同!{letter}5（项目与模型 › 合作目的）中有未填写的内容“XX”：“提高答复准确率（XX市试点）”"
            in rows[5]["提示（仅供参考）"])
    assert "project.purpose" not in rows[5]["提示（仅供参考）"]


def test_a_row_failing_on_a_placeholder_or_an_export_names_the_cells_to_change(tmp_path):
    """Reminders walkthrough M2: a row refused for 应用场景 待定 named no cell; a row exporting without consent named
    the 向境外传输数据 cell (which rightly says 是) rather than the consent's."""
    from openpyxl.utils import get_column_letter

    columns = {c.key: i for i, c in enumerate(layout(CooperationDeal)[0])}
    letter = {key: get_column_letter(i + 1) for key, i in columns.items()}
    rows_in = [deal(1, project={"scenario": "待定"}),
               deal(2, data_processing={"cross_border": True, "export_consent": False, "export_assessment": True,
                                        "cross_border_scope": "样本2000条"})]
    run = CliRunner().invoke(main, ["batch", str(write_sheet(tmp_path / "deals.xlsx", rows_in)), "-o", str(tmp_path / "out")])
    assert run.exit_code == 1
    rows = report_rows(tmp_path / "out")
    assert rows[3]["单元格"] == f"合同!{letter['project.scenario']}3"
    assert rows[4]["单元格"] == "；".join(f"合同!{letter[key]}4" for key in (
        "data_processing.export_consent", "data_processing.export_assessment", "data_processing.cross_border_scope"))


def test_an_answer_the_other_answers_make_inapplicable_is_named(tmp_path):
    """Reminders walkthrough L7: an 出境数据范围 typed while 向境外传输数据 is 否 was dropped without a word (the web form
    says so)."""
    from openpyxl.utils import get_column_letter

    columns = {c.key: i for i, c in enumerate(layout(CooperationDeal)[0])}
    scope = get_column_letter(columns["data_processing.cross_border_scope"] + 1)
    sheet = write_sheet(tmp_path / "deals.xlsx", [deal(1, data_processing={"cross_border": False, "cross_border_scope": "样本"})])
    run = CliRunner().invoke(main, ["batch", str(sheet), "-o", str(tmp_path / "out")])
    assert run.exit_code == 0
    assert report_rows(tmp_path / "out")[3]["提示（仅供参考）"].startswith(
        f"不计入合同的回答 / answers left out：合同!{scope}3 数据处理协议 › 出境数据范围（其他回答使其不适用 / not applicable "
        "given the other answers）；")
