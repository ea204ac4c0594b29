"""A clerk's sheet as Excel leaves it (clerk walkthrough, 2026-11-28): 30% typed into a cell is stored as 0.3
in a percentage format; a column of the clerk's own (备注) beside the template's; list files saved under other
names; the notes sheet saying what a percentage column takes."""

import openpyxl
from click.testing import CliRunner
from test_batch import deal, report_rows, write_sheet

from aicontract.batch import run_batch
from aicontract.cli import main
from aicontract.io.batch_report import EXISTS, INVALID, RowResult, Summary
from aicontract.io.sheet import Sheet
from aicontract.models import CooperationDeal


def _column(ws, key: str) -> int:
    return next(cell.column for cell in ws[2] if cell.value == key)


def test_a_percentage_typed_the_excel_way_is_read_as_excel_shows_it(tmp_path):
    """30% typed into Excel is the number 0.3 in a cell formatted 0%: read as 30 (it was read as 0.3 %, and the
    instalments failed their total)."""
    sheet = write_sheet(tmp_path / "d.xlsx", [deal(1)])
    workbook = openpyxl.load_workbook(sheet)
    ws = workbook["拨付方式"]
    column = _column(ws, "percent")
    for row, (value, style) in zip(range(3, 6), [(0.3, "0%"), (0.5, "0.00%"), (0.2, '0%;[Red]"负"0%')]):
        ws.cell(row=row, column=column, value=value).number_format = style
    workbook.save(sheet)
    (row,) = list(Sheet(sheet, CooperationDeal))
    assert [i["percent"] for i in row.data["funding"]["instalments"]] == ["30%", "50%", "20%"]
    summary = run_batch(sheet, "cooperation", tmp_path / "out", jobs=1)
    assert [(r.row, r.status, r.messages) for r in summary.results] == [(3, "ok", [])]
    # a number in a column formatted 0.00 stays a number; a literal "%" in quotes is no percentage format
    ws.cell(row=3, column=column, value=30).number_format = '0"%"'
    workbook.save(sheet)
    (row,) = list(Sheet(sheet, CooperationDeal))
    assert str(row.data["funding"]["instalments"][0]["percent"]) == "30"


def test_a_column_of_the_clerks_own_is_left_out_and_named(tmp_path):
    """A 备注 column beside the template's, with the key row deleted: the sheet used to be refused (“是否选错了
    --family？”); now the column is not used and the summary says so."""
    sheet = write_sheet(tmp_path / "d.xlsx", [deal(1)])
    workbook = openpyxl.load_workbook(sheet)
    ws = workbook["合同"]
    extra = ws.max_column + 1
    ws.cell(row=1, column=extra, value="备注")
    ws.cell(row=3, column=extra, value="加急")
    ws.delete_rows(2)
    workbook.save(sheet)
    result = CliRunner().invoke(main, ["batch", str(sheet), "-o", str(tmp_path / "out"), "--jobs", "1"])
    assert result.exit_code == 0, result.output
    letter = openpyxl.utils.get_column_letter(extra)
    assert result.output.splitlines()[0] == (f"注意 / note：合同 {letter}列“备注”未对应此类合同的任何字段（标题不符，或第2行的字段键为空），"
                                             f"未使用 / column {letter} (备注) matches no field of this family: not used")
    assert [r["状态"] for r in report_rows(tmp_path / "out").values()] == ["成功"]
    # a sheet of another family is still refused as such: most columns unknown, or few unknown but many of the
    # family's missing (a 数据处理协议 sheet run as 合作合同: 3 unknown, 61 of 111 missing; clerk recheck N1)
    wrong = CliRunner().invoke(main, ["batch", str(sheet), "-o", str(tmp_path / "out2"), "--family", "tech_development"])
    assert wrong.exit_code == 2 and "表头与合同类型不符（是否选错了 --family？）" in wrong.output
    dpa = tmp_path / "dpa.xlsx"
    assert CliRunner().invoke(main, ["sheet-template", "--family", "data_processing", "-o", str(dpa)]).exit_code == 0
    wrong = CliRunner().invoke(main, ["batch", str(dpa), "-o", str(tmp_path / "out3"), "--family", "cooperation"])
    assert wrong.exit_code == 2 and wrong.output.strip().endswith(
        "表头与合同类型不符（是否选错了 --family？） / the headers do not match this family（未知列 / unknown: main_contract.title、"
        "main_contract.number、remedy）")


def test_a_column_inserted_into_the_template_is_named_and_a_field_twice_is_refused(tmp_path):
    """A column inserted into the template has a title and no key in row 2: it was dropped without a word (clerk
    recheck N6). With the key row deleted, a second column titled as a real one (a trailing space) silently won
    over the first for all 100 contracts (N3): which one holds the answer is the clerk's to say."""
    sheet = write_sheet(tmp_path / "d.xlsx", [deal(1)])
    workbook = openpyxl.load_workbook(sheet)
    ws = workbook["合同"]
    ws.insert_cols(2)
    ws["B1"], ws["B3"] = "经办人", "王五"
    workbook.save(sheet)
    summary = run_batch(sheet, "cooperation", tmp_path / "out", jobs=1)
    assert summary.notes == ["合同 B列“经办人”未对应此类合同的任何字段（标题不符，或第2行的字段键为空），未使用 / column B (经办人) "
                             "matches no field of this family: not used"]
    assert [r.status for r in summary.results] == ["ok"]
    ws["B1"] = "甲方（建设方）·名称 "
    ws.delete_rows(2)
    workbook.save(sheet)
    result = CliRunner().invoke(main, ["batch", str(sheet), "-o", str(tmp_path / "out2")])
    assert (result.exit_code, result.output.strip()) == (2, f"{sheet} › 合同: 同一字段出现在两列，请删去多余的一列 / a field has two "
                                                            "columns: 甲方（建设方）·名称：B列、C列")


def test_a_list_file_not_found_is_named_once_with_the_name_it_needs(tmp_path):
    """CSV list files saved without the main file's name in front: every row used to fail with 缺少必填字段 and
    nothing said which file was looked for."""
    main_csv = tmp_path / "合同.csv"
    (tmp_path / "工作任务.csv").write_text("合同编号,场景\nJZ-1,问答\n", encoding="utf-8")
    main_csv.write_text("合同编号,甲方（建设方）·名称\nJZ-1,江州市政务服务和数据管理局\n", encoding="utf-8")
    notes = Sheet(main_csv, CooperationDeal).notes
    assert notes == [
        "未找到文件 合同.工作任务.csv（应与 合同.csv 在同一文件夹；同一文件夹中的 工作任务.csv 应改名为 合同.工作任务.csv），"
        "各合同的“工作任务”按未填写处理 / not found: 合同.工作任务.csv; every contract's 工作任务 is read as empty",
        "未找到文件 合同.拨付方式.csv（应与 合同.csv 在同一文件夹），各合同的“拨付方式”按未填写处理 / not found: 合同.拨付方式.csv; "
        "every contract's 拨付方式 is read as empty",
        "未找到文件 合同.数据清单.csv（应与 合同.csv 在同一文件夹），各合同的“数据清单”按未填写处理 / not found: 合同.数据清单.csv; "
        "every contract's 数据清单 is read as empty",
    ]
    summary = run_batch(main_csv, "cooperation", tmp_path / "out", jobs=1)
    assert summary.text().startswith("注意 / note：未找到文件 合同.工作任务.csv（")


def test_the_notes_sheet_says_a_percentage_column_takes_a_percentage(tmp_path):
    template = tmp_path / "t.xlsx"
    assert CliRunner().invoke(main, ["sheet-template", "-o", str(template)]).exit_code == 0
    workbook = openpyxl.load_workbook(template)
    notes = {(r[0], r[2]): r[5] for r in workbook["填写说明"].iter_rows(min_row=3, values_only=True)}
    assert notes[("拨付方式", "percent")] == "百分数，如 30 或 30%（30% 即百分之三十）"
    assert notes[("合同", "ip.shares.party_a")] == "百分数，如 30 或 30%（30% 即百分之三十）"
    assert notes[("拨付方式", "amount")] == "金额（元），如 1860000、1,860,000.00、186万元"
    ws = workbook["拨付方式"]
    assert ws.cell(row=3, column=_column(ws, "percent")).number_format == "General"
    assert ws.cell(row=3, column=_column(ws, "amount")).number_format == "#,##0.00"


def test_a_name_column_that_names_nothing_is_refused_and_a_title_is_taken(tmp_path):
    """--name-column 甲方名称 used to be ignored silently: every file came out as row3.docx, exit 0."""
    sheet = write_sheet(tmp_path / "d.xlsx", [deal(1)])
    wrong = CliRunner().invoke(main, ["batch", str(sheet), "-o", str(tmp_path / "out"), "--name-column", "甲方名称"])
    assert wrong.exit_code == 2
    assert wrong.output.strip() == ("--name-column：“合同”表中没有“甲方名称”这一列（可写字段键或列标题，如 contract_no、party_a.name 或 "
                                    "甲方（建设方）·名称，见“填写说明”） / no such column: 甲方名称")
    assert not (tmp_path / "out").exists()
    huge = CliRunner().invoke(main, ["batch", str(sheet), "-o", str(tmp_path / "out"), "--name-column", "名" * 10_000])
    assert huge.exit_code == 2 and huge.output.strip().endswith(f"no such column: {'名' * 60}…")  # cut short, one line
    for column in ("party_b.name", "乙方（承建方）·名称", "乙方（承建方）·名称（必填）"):  # the header as row 1 shows it, too
        result = CliRunner().invoke(main, ["batch", str(sheet), "-o", str(tmp_path / column), "--name-column", column,
                                           "--jobs", "1"])
        assert result.exit_code == 0, result.output
        assert sorted(p.name for p in (tmp_path / column).glob("*.docx")) == ["江州智算科技有限公司第1分公司.docx"]


def test_jobs_below_one_are_refused(tmp_path):
    sheet = write_sheet(tmp_path / "d.xlsx", [deal(1)])
    for jobs in ("0", "-1"):
        result = CliRunner().invoke(main, ["batch", str(sheet), "-o", str(tmp_path / "out"), "--jobs", jobs])
        assert (result.exit_code, result.output.strip()) == (
            2, f"--jobs 应为 1 或更大的整数（不写则用全部 CPU） / --jobs must be 1 or more: {jobs}")
        assert not (tmp_path / "out").exists()


def test_a_row_without_a_contract_number_is_refused_at_that_cell(tmp_path):
    """合同编号 was marked optional, and a row without it failed with “工作任务：缺少必填字段” three times over."""
    sheet = write_sheet(tmp_path / "d.xlsx", [deal(1), deal(2)])
    workbook = openpyxl.load_workbook(sheet)
    workbook["合同"]["A4"] = None
    workbook.save(sheet)
    summary = run_batch(sheet, "cooperation", tmp_path / "out", jobs=1)
    assert sorted((r.row, r.status, r.cells) for r in summary.results if r.sheet == "合同") == [
        (3, "ok", []), (4, "invalid", ["合同!A4"])]
    template = tmp_path / "t.xlsx"
    assert CliRunner().invoke(main, ["sheet-template", "-o", str(template)]).exit_code == 0
    notes = openpyxl.load_workbook(template)["填写说明"]
    row = next(r for r in notes.iter_rows(min_row=3, values_only=True) if r[:3] == ("合同", "A", "contract_no"))
    assert row[3:] == ("合同编号", "是", "文字", "必填：用作文件名，列表工作表（工作任务等）中的行也按它对应到本行")
    assert openpyxl.load_workbook(template)["合同"]["A1"].value == "合同编号（必填）"


def test_problem_lines_come_in_the_sheets_order_and_existing_files_are_counted(tmp_path):
    """A plain rerun printed a line per row, in the order the workers finished (rows 20–27, then 4–11 …)."""
    results = [RowResult(n, f"HT-{n}", EXISTS, messages=[f"HT-{n}.docx 已存在，未覆盖"]) for n in (9, 4, 7, 5, 8)]
    results += [RowResult(6, "HT-6", INVALID, ["合同!C6"], ["日期不存在"]), RowResult(2, None, INVALID, ["工作任务!A2"],
                                                                                    ["缺少合同编号"], sheet="工作任务")]
    lines = Summary(results, tmp_path / "report.csv", None).problem_lines()
    assert lines == [
        "第4行 row 4（HT-4）：已存在未覆盖 HT-4.docx 已存在，未覆盖",
        "第5行 row 5（HT-5）：已存在未覆盖 HT-5.docx 已存在，未覆盖",
        "第6行 row 6（HT-6）：数据有误 合同!C6 日期不存在",
        "第7行 row 7（HT-7）：已存在未覆盖 HT-7.docx 已存在，未覆盖",
        "工作任务 第2行 row 2（—）：数据有误 工作任务!A2 缺少合同编号",
        "……另有 2 行的文件已存在，未覆盖（见报告；加 --skip-existing 跳过已完成的行，或 --force 覆盖） / 2 more rows whose files "
        "exist: see the report",
    ]


def test_a_row_with_whole_groups_empty_names_their_first_columns(tmp_path):
    """A row numbered in advance (only 合同编号 filled) named “4行” for every group missing, seventeen times."""
    sheet = write_sheet(tmp_path / "d.xlsx", [deal(1)])
    workbook = openpyxl.load_workbook(sheet)
    workbook["合同"]["A4"] = "JZ-2026-009"
    workbook.save(sheet)
    summary = run_batch(sheet, "cooperation", tmp_path / "out", jobs=1)
    (row,) = [r for r in summary.results if r.row == 4 and r.sheet == "合同"]
    cells = dict(zip(row.messages, row.cells))
    assert cells["甲方（建设方）：缺少必填字段 / field required"] == "合同!B4"
    titles = {c.value: c.column_letter for c in workbook["合同"][1]}
    assert cells["乙方（承建方）：缺少必填字段 / field required"] == f"合同!{titles['乙方（承建方）·名称（必填）']}4"
    assert cells["工作任务：缺少必填字段 / field required"] == "4行"  # a list: no cell on this sheet


def test_a_hidden_row_is_drafted_and_says_so(tmp_path):
    """Rows hidden or filtered out were drafted without a word: a clerk hides the rows not meant for this batch."""
    sheet = write_sheet(tmp_path / "d.xlsx", [deal(1), deal(2)])
    workbook = openpyxl.load_workbook(sheet)
    workbook["合同"].row_dimensions[4].hidden = True
    workbook.save(sheet)
    summary = run_batch(sheet, "cooperation", tmp_path / "out", jobs=1)
    hidden = "此行在工作表中是隐藏的（手动隐藏或被筛选），仍已处理；不需要的行请删除 / a hidden row, processed all the same: delete the rows not meant for this batch"
    assert [(r.row, r.status, hidden in r.reminders) for r in sorted(summary.results, key=lambda r: r.row)] == [
        (3, "ok", False), (4, "ok", True)]


def test_a_phone_kept_as_a_number_is_flagged_unless_a_mobile(tmp_path):
    """0571-87001234 pasted as a number becomes 57187001234 in Excel: it was printed as it was, without a word."""
    sheet = write_sheet(tmp_path / "d.xlsx", [deal(1)])
    workbook = openpyxl.load_workbook(sheet)
    ws = workbook["合同"]
    a_phone, b_phone = _column(ws, "party_a.phone"), _column(ws, "party_b.phone")
    ws.cell(row=3, column=a_phone, value=57187001234).number_format = "0"
    ws.cell(row=3, column=b_phone, value=13905710001).number_format = "0"
    workbook.save(sheet)
    summary = run_batch(sheet, "cooperation", tmp_path / "out", jobs=1)
    letter = openpyxl.utils.get_column_letter(a_phone)
    (row,) = summary.results
    assert row.status == "ok"
    assert [r for r in row.reminders if "电话" in r[:30]] == [
        f"合同!{letter}3 电话“57187001234”在表格中是数字，开头的 0（区号）可能已被 Excel 去掉，请核对；把该列设为文本后重新输入 / the phone "
        "is a number in the sheet: Excel drops a leading 0"]


def test_a_file_that_is_no_workbook_says_what_it_is(tmp_path):
    """An empty file and a Word document named .xlsx gave Python's “File is not a zip file” and “There is no item
    named 'xl/workbook.xml'” only."""
    empty, word = tmp_path / "empty.xlsx", tmp_path / "word.xlsx"
    empty.write_bytes(b"")
    assert CliRunner().invoke(main, ["draft", "examples/cooperation.yaml", "-o", str(tmp_path / "c.docx")]).exit_code == 0
    word.write_bytes((tmp_path / "c.docx").read_bytes())
    for path, what in [(empty, "文件是空的"), (word, "这是 Word 文档，不是 Excel 工作簿")]:
        result = CliRunner().invoke(main, ["batch", str(path), "-o", str(tmp_path / "out")])
        assert result.exit_code == 2 and result.output.startswith(f"{path}: 无法打开工作簿：{what} / cannot open the workbook: ")


def test_a_cell_merged_with_the_ones_below_gives_each_row_its_value(tmp_path):
    """A clerk merges D3:D4 for “the same address”; Excel keeps the value in D3 alone, and row 4 was refused for an
    empty cell that shows a value (clerk walkthrough M9). A merge across columns spans fields: nothing is copied."""
    sheet = write_sheet(tmp_path / "d.xlsx", [deal(1), deal(2, party_a={"address": "江州市人民路1号"})])
    workbook = openpyxl.load_workbook(sheet)
    ws = workbook["合同"]
    address = _column(ws, "party_a.address")
    letter = openpyxl.utils.get_column_letter(address)
    ws.cell(row=3, column=address, value="江州市合并路9号")
    ws.merge_cells(f"{letter}3:{letter}4")  # openpyxl empties D4, as Excel does
    instalments = workbook["拨付方式"]
    first = [r for r in range(3, instalments.max_row + 1) if instalments.cell(r, 1).value == "JZ-2026-001"]
    instalments.merge_cells(f"A{first[0]}:A{first[-1]}")  # one 合同编号 for the contract's instalments
    workbook.save(sheet)
    rows = {row.number: row for row in Sheet(sheet, CooperationDeal)}
    assert rows[3].data["party_a"]["address"] == rows[4].data["party_a"]["address"] == "江州市合并路9号"
    assert len(rows[3].data["funding"]["instalments"]) == len(first) == 3
    summary = run_batch(sheet, "cooperation", tmp_path / "out", jobs=1)
    assert sorted((r.sheet, r.row, r.status) for r in summary.results) == [("合同", 3, "ok"), ("合同", 4, "ok")]
    # said on the row that took it, as a merge may span two contracts by mistake (clerk recheck N5)
    (row4,) = [r for r in summary.results if r.row == 4]
    assert f"合同!{letter}4 在合并单元格中，取其首格 {letter}3 的值“江州市合并路9号”，请核对 / merged with {letter}3: its value is used" \
        in row4.reminders


def test_only_a_merges_first_column_is_filled_and_merges_stay_bounded(tmp_path):
    from aicontract.io.xlsx_stream import XlsxReader

    workbook = openpyxl.Workbook()
    ws = workbook.active
    for row in (["甲", "乙", "丙"], ["丁", None, None], [None, None, "戊"]):
        ws.append(row)
    ws.merge_cells("A2:A3")  # down: A3 shows 丁
    ws.merge_cells("B2:C2")  # across two fields: C2 stays empty
    ws.merge_cells("B3:B1000")  # a long one: every row in it, up to the sheet's last
    path = tmp_path / "m.xlsx"
    workbook.save(path)
    rows = list(XlsxReader(path).rows(ws.title))
    assert rows[:3] == [["甲", "乙", "丙"], ["丁"], ["丁", None, "戊"]]
    ws.merge_cells("D1:D1048576")  # past the bound (MAX_MERGED): left as it is
    ws["D1"] = "己"
    workbook.save(path)
    assert [r[3] if len(r) > 3 else None for r in XlsxReader(path).rows(ws.title)][:3] == ["己", None, None]


def test_a_hidden_row_of_a_list_sheet_is_used_and_said_on_its_contract(tmp_path):
    sheet = write_sheet(tmp_path / "d.xlsx", [deal(1)])
    workbook = openpyxl.load_workbook(sheet)
    workbook["工作任务"].row_dimensions[3].hidden = True
    workbook.save(sheet)
    (row,) = run_batch(sheet, "cooperation", tmp_path / "out", jobs=1).results
    assert row.status == "ok"
    assert "工作任务!3 行在工作表中是隐藏的，仍用于本合同 / a hidden row, used all the same" in row.reminders


def test_a_fraction_in_a_percentage_column_is_read_as_written_and_said(tmp_path):
    """0.3 typed into a plain cell of 占总额比例（%） is 0.3 %: the instalments' total failed, pointing elsewhere (clerk
    recheck N8)."""
    sheet = write_sheet(tmp_path / "d.xlsx", [deal(1)])
    workbook = openpyxl.load_workbook(sheet)
    ws = workbook["拨付方式"]
    column = _column(ws, "percent")
    ws.cell(row=3, column=column, value=0.3).number_format = "General"
    workbook.save(sheet)
    (row,) = list(Sheet(sheet, CooperationDeal))
    letter = openpyxl.utils.get_column_letter(column)
    assert row.notes == [f"拨付方式!{letter}3 的比例 0.3 按 0.3% 读取；如指 30%，请填写 30 或 30% / read as 0.3 per cent"]
    assert str(row.data["funding"]["instalments"][0]["percent"]) == "0.3"


def test_a_workbook_whose_sheet_is_damaged_from_its_start_is_refused_not_a_crash(tmp_path):
    """Bytes zeroed inside the main sheet's part: reading its head raised zlib.error, an internal error (exit 3)."""
    sheet = write_sheet(tmp_path / "d.xlsx", [deal(1)])
    raw = bytearray(sheet.read_bytes())
    at = raw.find(b"xl/worksheets/sheet1.xml") + 200  # inside the part's deflated data
    raw[at:at + 400] = bytes(400)
    sheet.write_bytes(bytes(raw))
    result = CliRunner().invoke(main, ["batch", str(sheet), "-o", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert result.output.startswith(f"{sheet}: 无法打开工作簿：文件已损坏 / cannot open the workbook: ")
    assert len(result.output.splitlines()) == 1 and not (tmp_path / "out").exists()
