"""Mutation tests for batch.py: where an invalid row's error is reported (_where), and how the
PDFs of a batch are made (_convert_pdfs: chunks per LibreOffice, one LibreOffice per core,
errors, atomic writes without a sync per file)."""

import ctypes
import hashlib
import os
import re
import signal
import tempfile
import threading
import time
from pathlib import Path

import docx
import openpyxl
import pytest

from aicontract import batch, batch_rows
from aicontract.io import output
from aicontract.io.batch_report import DONE, ERROR, EXAMPLE, EXISTS, INCOMPLETE, INVALID, OK, RowResult, digest
from aicontract.io.sheet import Row, Sheet
from aicontract.io.sheet_template import write_template
from aicontract.library import LibraryError
from aicontract.models import CooperationDeal
from aicontract.render.docx import TemplateFileError, bundled_template
from aicontract.render.pdf import PdfError

from helpers import docx_text, example_data, merge, write_firm_clause_breaking_at_17

# --- _where ---------------------------------------------------------------------------------------

ORIGINS = {
    ("contract_no",): ("合同", 5, "A"),
    ("party_a", "name"): ("合同", 5, "C"),
    ("party_a", "address"): ("合同", 5, "D"),
    ("work_tasks", 0, "name"): ("工作任务", 3, "B"),
    ("work_tasks", 0, "hours"): ("工作任务", 3, "C"),
}


def _row(origins=ORIGINS):
    return Row(5, {}, dict(origins), "HT-1")


def test_where_names_the_cell_itself():
    assert batch_rows._where(_row(), ("party_a", "address")) == "合同!D5"
    assert batch_rows._where(_row(), ("work_tasks", 0, "hours")) == "工作任务!C3"


def test_where_prefers_the_cell_to_the_cells_under_it():
    # the cell's own origin, even when other cells sit under the same path and come first
    origins = {("party_a", "name", "x"): ("合同", 5, "E"), ("party_a", "name"): ("合同", 5, "C")}
    assert batch_rows._where(_row(origins), ("party_a", "name")) == "合同!C5"


def test_where_names_the_first_cell_of_a_group():
    assert batch_rows._where(_row(), ("party_a",)) == "合同!C5"
    assert batch_rows._where(_row(), ("work_tasks", 0)) == "工作任务!B3"
    assert batch_rows._where(_row(), ("work_tasks",)) == "工作任务!B3"


def test_where_names_the_row_when_no_cell_is_near():
    assert batch_rows._where(_row(), ("party_b",)) == "5行"
    assert batch_rows._where(_row(), ("party_b", "name")) == "5行"
    assert batch_rows._where(_row({}), ("party_a",)) == "5行"


def test_where_in_a_csv_file():
    origins = {("party_a", "name"): ("deals.csv", 7, "C")}
    assert batch_rows._where(Row(7, {}, origins, "HT-2"), ("party_a",)) == "deals.csv 第7行 C列"


# --- _convert_pdfs --------------------------------------------------------------------------------


class FakeLibreOffice:
    """convert_many as LibreOffice does it, recording each start: its files, its folder, and how
    many ran at once."""

    def __init__(self, fail: str = "", pause: float = 0.0):
        self.calls: list[list[str]] = []
        self.folders: list[Path] = []
        self.fail, self.pause = fail, pause
        self.running = self.most = 0
        self.lock = threading.Lock()

    def __call__(self, docx_files, outdir, scratch=None, conversions=None, made=None):
        with self.lock:
            self.calls.append([p.name for p in docx_files])
            self.folders.append(outdir)
            self.running += 1
            self.most = max(self.most, self.running)
        try:
            time.sleep(self.pause)
            if self.fail:
                raise PdfError(self.fail)
            pdfs = []
            for p in docx_files:
                pdf = outdir / (p.stem + ".pdf")
                pdf.write_bytes(b"%PDF " + p.stem.encode())
                pdfs.append(pdf)
            return pdfs
        finally:
            with self.lock:
                self.running -= 1


def _results(tmp_path, count, start=1):
    sources = tmp_path / "src"
    sources.mkdir(exist_ok=True)
    out = []
    for n in range(start, start + count):
        source = sources / f"c{n:03d}.docx"
        source.write_bytes(b"docx")
        out.append(RowResult(n + 1, f"HT-{n}", OK, pdf_source=str(source)))
    return out


@pytest.fixture
def libreoffice(monkeypatch):
    fake = FakeLibreOffice()
    monkeypatch.setattr(batch, "convert_many", fake)
    return fake


@pytest.mark.parametrize(("count", "jobs", "sizes"), [
    (3, 1, [3]),  # one core: one start for all
    (3, 2, [2, 1]),  # every core busy
    (2, 2, [1, 1]),
    (1, 4, [1]),
    (4, 0, [4]),  # jobs 0 counts as one core
    (51, 1, [50, 1]),  # at most 50 files per start
])
def test_pdf_chunks(tmp_path, libreoffice, count, jobs, sizes):
    results = _results(tmp_path, count)
    out = tmp_path / "out"
    out.mkdir()
    batch._convert_pdfs(results, out, False, jobs)
    assert sorted(len(c) for c in libreoffice.calls) == sorted(sizes)
    assert sorted(name for c in libreoffice.calls for name in c) == [f"c{n:03d}.docx" for n in range(1, count + 1)]
    assert sorted(p.name for p in out.iterdir()) == [f"c{n:03d}.pdf" for n in range(1, count + 1)]


def test_the_pdf_step_reports_its_progress(tmp_path, libreoffice):
    """The CLI's bar sat at 100 % through the whole PDF step (clerk walkthrough M5): it now has its own."""
    calls = []
    batch._convert_pdfs(_results(tmp_path, 51) + [RowResult(99, "HT-99", OK)], tmp_path, False, 1,
                        progress=lambda done, total: calls.append((done, total)))
    assert calls == [(0, 51), (50, 51), (51, 51)]
    batch._convert_pdfs([RowResult(99, "HT-99", OK)], tmp_path, False, 1, progress=lambda *a: calls.append(a))
    assert calls == [(0, 51), (50, 51), (51, 51)]  # nothing to convert: no PDF bar


def test_a_failed_pdf_chunk_still_brings_the_bar_to_its_end(tmp_path, monkeypatch):
    monkeypatch.setattr(batch, "convert_many", FakeLibreOffice(fail="LibreOffice 转换失败"))
    calls = []
    batch._convert_pdfs(_results(tmp_path, 3), tmp_path, False, 1, progress=lambda done, total: calls.append((done, total)))
    assert calls == [(0, 3), (3, 3)]


def test_rows_without_a_pdf_to_make_are_left_alone(tmp_path, libreoffice):
    results = _results(tmp_path, 2) + [RowResult(9, "HT-9", OK)]
    batch._convert_pdfs(results, tmp_path, False, 1)
    assert libreoffice.calls == [["c001.docx", "c002.docx"]]
    assert results[2].files == []


def test_converted_pdfs_are_written_and_recorded(tmp_path, libreoffice):
    results = _results(tmp_path, 2)
    out = tmp_path / "out"
    out.mkdir()
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    batch._convert_pdfs(results, out, False, 1, scratch)
    assert (out / "c001.pdf").read_bytes() == b"%PDF c001"
    assert results[0].files == [(str(out / "c001.pdf"),
                                 "166bf1cf5b70f0fec22555b540b1879724e3538df4abcf554712de4dcd8a5168")]
    assert results[1].files[0][0] == str(out / "c002.pdf")
    assert [r.pdf_source for r in results] == ["", ""]
    assert [r.status for r in results] == [OK, OK]
    # LibreOffice wrote into a folder of its own in the batch's scratch folder, removed afterwards
    (folder,) = libreoffice.folders
    assert folder.parent == scratch
    assert folder.name.startswith("aicontract-batch-pdf-")
    assert not folder.exists()


def test_an_existing_pdf_is_kept_without_force(tmp_path, libreoffice):
    results = _results(tmp_path, 1)
    (tmp_path / "c001.pdf").write_bytes(b"mine")
    with pytest.raises(output.OutputExists, match="c001.pdf: 文件已存在，如需覆盖请加 --force / file exists; use --force"):
        batch._convert_pdfs(results, tmp_path, False, 1)
    assert (tmp_path / "c001.pdf").read_bytes() == b"mine"


def test_an_existing_pdf_is_replaced_with_force(tmp_path, libreoffice):
    results = _results(tmp_path, 1)
    (tmp_path / "c001.pdf").write_bytes(b"old")
    batch._convert_pdfs(results, tmp_path, True, 1)
    assert (tmp_path / "c001.pdf").read_bytes() == b"%PDF c001"
    assert results[0].pdf_source == ""


def test_pdfs_are_not_synced_one_by_one(tmp_path, libreoffice, monkeypatch):
    synced = []
    monkeypatch.setattr(output.os, "fsync", lambda fd: synced.append(fd))
    batch._convert_pdfs(_results(tmp_path, 3), tmp_path, False, 1)
    assert synced == []  # the batch syncs once at its end


def test_a_failed_conversion_is_an_error_of_each_row_of_its_chunk(tmp_path, monkeypatch):
    fake = FakeLibreOffice(fail="LibreOffice 转换失败 / conversion failed")
    monkeypatch.setattr(batch, "convert_many", fake)
    results = _results(tmp_path, 2)
    batch._convert_pdfs(results, tmp_path, False, 1)
    assert [r.status for r in results] == [ERROR, ERROR]
    assert [r.pdf_source for r in results] == ["", ""]
    assert [r.messages for r in results] == [["LibreOffice 转换失败 / conversion failed"]] * 2
    assert [r.files for r in results] == [[], []]


def test_one_libreoffice_per_core(tmp_path, monkeypatch):
    fake = FakeLibreOffice(pause=0.05)
    monkeypatch.setattr(batch, "convert_many", fake)
    batch._convert_pdfs(_results(tmp_path, 120), tmp_path, False, 1)
    assert [len(c) for c in fake.calls] == [50, 50, 20]
    assert fake.most == 1
    fake = FakeLibreOffice(pause=0.05)
    monkeypatch.setattr(batch, "convert_many", fake)
    out = tmp_path / "two"
    batch._convert_pdfs(_results(tmp_path, 4, start=200), out, False, 2)
    assert fake.most == 2


# --- produce --------------------------------------------------------------------------------------

INCOMPLETE_MISSING = ("第三十四条（三）验收标准 [Acceptance criteria]：合同中没有约定该事项的条款"
                      "（相关参数 / parameters：acceptance.criteria）")


def _job(tmp_path, formats=("docx",), **options):
    out = tmp_path / "out"
    scratch = tmp_path / "scratch"
    out.mkdir(exist_ok=True)
    scratch.mkdir(exist_ok=True)
    return batch.Job("cooperation", str(out), tuple(formats), options.pop("force", False),
                     options.pop("allow_incomplete", False), str(scratch), **options)


def _deal_row(**changes):
    return Row(3, merge(example_data(), {"contract_no": "JZ-2026-001", **changes}), {}, "JZ-2026-001")


def _sha(path):
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def test_produce_writes_the_docx(tmp_path, monkeypatch):
    synced = []
    monkeypatch.setattr(output.os, "fsync", lambda fd: synced.append(fd))
    job = _job(tmp_path)
    result = batch.produce(job, _deal_row(), "JZ-2026-001")
    target = tmp_path / "out" / "JZ-2026-001.docx"
    assert result.status == OK
    assert result.missing == []
    assert result.files == [(str(target), _sha(target))]
    assert result.pdf_source == ""  # no PDF asked for
    assert synced == []  # the batch syncs once at its end, not once per file
    assert "江州智算科技有限公司" in docx_text(target.read_bytes())


def test_produce_with_force_replaces_an_existing_file(tmp_path):
    job = _job(tmp_path, force=True)
    target = tmp_path / "out" / "JZ-2026-001.docx"
    target.write_bytes(b"old")
    result = batch.produce(job, _deal_row(), "JZ-2026-001")
    assert result.status == OK
    assert result.messages == []
    assert result.files == [(str(target), _sha(target))]
    assert target.read_bytes() != b"old"


def test_produce_without_force_keeps_an_existing_file(tmp_path):
    job = _job(tmp_path)
    target = tmp_path / "out" / "JZ-2026-001.docx"
    target.write_bytes(b"old")
    result = batch.produce(job, _deal_row(), "JZ-2026-001")
    assert result.status == EXISTS
    assert result.messages == ["JZ-2026-001.docx 已存在，未覆盖（加 --skip-existing 跳过已完成的行，或 --force 覆盖）"
                               " / exists, not overwritten"]
    assert target.read_bytes() == b"old"


def test_produce_an_incomplete_deal(tmp_path):
    row = _deal_row(acceptance={"criteria": []})
    refused = batch.produce(_job(tmp_path), row, "JZ-2026-001")
    assert refused.status == INCOMPLETE
    assert refused.missing == [INCOMPLETE_MISSING]
    assert refused.messages == ["未通过必备事项检查，未生成 / fails the mandatory check, not written"]
    allowed = batch.produce(_job(tmp_path, allow_incomplete=True), row, "JZ-2026-001")
    assert allowed.status == OK
    assert allowed.missing == [INCOMPLETE_MISSING]
    assert (tmp_path / "out" / "JZ-2026-001.docx").exists()


def test_produce_with_a_firm_library(tmp_path):
    house = tmp_path / "house" / "cooperation"
    house.mkdir(parents=True)
    (house / "13_notices.yaml").write_text(
        "id: notices\nsource: 指南 附录二 13\nclauses:\n  - id: notices.wechat\n    title: 即时通讯\n"
        "    source: 本所条款 2026-01\n    after: notices.delivery\n    text: 双方不以即时通讯工具的消息作为书面通知。\n",
        encoding="utf-8")
    job = _job(tmp_path, library=str(tmp_path / "house"))
    result = batch.produce(job, _deal_row(), "JZ-2026-001")
    assert result.status == OK
    assert "13.2 双方不以即时通讯工具的消息作为书面通知。" in docx_text((tmp_path / "out" / "JZ-2026-001.docx").read_bytes())


def test_produce_with_a_firm_template(tmp_path):
    document = docx.Document(str(bundled_template("cooperation.docx")))
    fonts = document.styles.element.find(".//{http://schemas.openxmlformats.org/wordprocessingml/2006/main}rFonts")
    fonts.set("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia", "仿宋")
    document.save(str(tmp_path / "firm.docx"))
    job = _job(tmp_path, template=str(tmp_path / "firm.docx"))
    assert batch.produce(job, _deal_row(), "JZ-2026-001").status == OK
    written = docx.Document(str(tmp_path / "out" / "JZ-2026-001.docx"))
    assert 'w:eastAsia="仿宋"' in written.styles.element.xml
    # a PDF alone is made from a scratch .docx in the firm's template too
    job = _job(tmp_path, ("pdf",), template=str(tmp_path / "firm.docx"))
    assert batch.produce(job, _deal_row(), "JZ-2026-002").pdf_source == str(tmp_path / "scratch" / "JZ-2026-002.docx")
    scratch = docx.Document(str(tmp_path / "scratch" / "JZ-2026-002.docx"))
    assert 'w:eastAsia="仿宋"' in scratch.styles.element.xml


def test_produce_leaves_the_pdf_to_be_made_from_the_docx(tmp_path):
    result = batch.produce(_job(tmp_path, ("docx", "pdf")), _deal_row(), "JZ-2026-001")
    target = tmp_path / "out" / "JZ-2026-001.docx"
    assert result.status == OK
    assert result.pdf_source == str(target)
    assert result.files == [(str(target), _sha(target))]
    assert list((tmp_path / "scratch").iterdir()) == []


def test_produce_a_pdf_alone_from_a_scratch_docx(tmp_path):
    result = batch.produce(_job(tmp_path, ("pdf",)), _deal_row(), "JZ-2026-001")
    source = tmp_path / "scratch" / "JZ-2026-001.docx"
    assert result.status == OK
    assert result.pdf_source == str(source)
    assert "江州智算科技有限公司" in docx_text(source.read_bytes())
    assert list((tmp_path / "out").iterdir()) == []
    assert result.files == []


def test_produce_skips_a_pdf_the_last_run_made(tmp_path):
    row = _deal_row()
    pdf = tmp_path / "out" / "JZ-2026-001.pdf"
    (tmp_path / "out").mkdir()
    pdf.write_bytes(b"%PDF made last time")
    done = {"JZ-2026-001.pdf": (_sha(pdf), digest(row.data))}
    job = _job(tmp_path, ("docx", "pdf"), skip_existing=True, done=done)
    result = batch.produce(job, row, "JZ-2026-001")
    docx_file = tmp_path / "out" / "JZ-2026-001.docx"
    assert result.status == OK
    assert result.pdf_source == ""  # nothing left to convert
    assert result.files == [(str(docx_file), _sha(docx_file)), (str(pdf), _sha(pdf))]


def test_produce_counts_every_file_of_a_stopped_run_as_done(tmp_path):
    """Two formats a run stopped before its manifest left behind, byte for byte what the row makes:
    both are counted, and the row is done (not written again)."""
    first = batch.produce(_job(tmp_path, ("docx", "md")), _deal_row(), "JZ-2026-001")
    assert first.status == OK
    again = batch.produce(_job(tmp_path, ("docx", "md"), skip_existing=True), _deal_row(), "JZ-2026-001")
    assert again.status == DONE
    assert again.files == first.files


def test_produce_never_renders_a_pdf_itself(tmp_path, monkeypatch):
    """LibreOffice makes the PDFs from the .docx for all rows at once (_convert_pdfs): the row's
    own render is asked for the .docx only."""
    asked = []
    real = batch_rows.render
    monkeypatch.setattr(batch_rows, "render", lambda contract, fmt, template=None: asked.append(fmt) or real(contract, fmt, template))
    result = batch.produce(_job(tmp_path, ("docx", "pdf")), _deal_row(), "JZ-2026-001")
    assert result.status == OK
    assert asked == ["docx"]


def test_produce_reports_a_row_that_breaks_a_firm_clause(tmp_path):
    clause_file = write_firm_clause_breaking_at_17(tmp_path / "house")
    job = _job(tmp_path, library=str(tmp_path / "house"))
    result = batch.produce(job, _deal_row(force_majeure_days=17), "JZ-2026-001")
    assert result.status == ERROR
    assert result.messages == [f"LibraryError: {clause_file}: clause force_majeure.termination: "
                               "条款文字无法填写 / clause text cannot be filled: "
                               "ZeroDivisionError: integer division or modulo by zero"]
    assert result.files == []


# --- checked before the first row (_warm) ---------------------------------------------------------


def test_a_broken_firm_library_is_refused_before_the_first_row(tmp_path):
    house = tmp_path / "house" / "cooperation"
    house.mkdir(parents=True)
    (house / "13_notices.yaml").write_text("id: [\n", encoding="utf-8")
    job = _job(tmp_path, library=str(tmp_path / "house"))
    with pytest.raises(LibraryError, match=f"^{re.escape(str(house / '13_notices.yaml'))}:2: YAML syntax error"):
        batch._warm(job)


def test_a_firm_template_escaping_the_sandbox_is_refused_before_the_first_row(tmp_path):
    document = docx.Document(str(bundled_template("cooperation.docx")))
    document.add_paragraph("{{ c.__class__.__mro__ }}")
    document.save(str(tmp_path / "firm.docx"))
    job = _job(tmp_path, template=str(tmp_path / "firm.docx"))
    with pytest.raises(TemplateFileError, match=f"^{re.escape(str(tmp_path / 'firm.docx'))}: 模板有误 / template error: "
                                                "line 37: attribute '__mro__' is not allowed in a template$"):
        batch._warm(job)


def test_warm_with_the_bundled_library_and_template(tmp_path):
    assert batch._warm(_job(tmp_path)) is None


# --- rows not drafted (_screen, _keying_errors, _duplicates) --------------------------------------


def test_screen_the_example_row():
    result = batch._screen(Row(3, {}, {}, "示例-HT-1", example=True))
    assert (result.row, result.contract_no, result.status) == (3, "示例-HT-1", EXAMPLE)
    assert result.messages == ["合同编号以“示例-”开头，是模板的示例行 / the template's example row"]


def test_screen_a_repeated_contract_number():
    result = batch._screen(Row(5, {}, {}, "HT-1", duplicates=[3]))
    assert (result.row, result.contract_no, result.status, result.messages) == (5, "HT-1", INVALID, [])


def test_screen_passes_an_ordinary_row():
    assert batch._screen(Row(5, {}, {}, "HT-1")) is None
    assert batch._screen(Row(5, {}, {}, "HT-1"), "合同!A5") is None


def test_screen_a_row_without_a_contract_number_where_list_sheets_need_one():
    result = batch._screen(Row(5, {}, {}, None), "合同!A5")
    assert (result.row, result.contract_no, result.status, result.cells) == (5, None, INVALID, ["合同!A5"])
    assert result.messages == ["合同编号：缺少必填字段；工作任务等列表工作表中的行按合同编号对应到本行，未起草 / 合同编号 is required: the "
                               "list sheets' rows find their contract by it"]
    assert batch._screen(Row(5, {}, {}, None)) is None  # a family without list sheets: the model says what is missing


def test_keying_errors_of_list_rows(tmp_path):
    path = tmp_path / "deals.csv"
    path.write_text("合同编号,甲方（建设方）·名称\ncontract_no,party_a.name\nHT-1,甲\n", encoding="utf-8")
    (tmp_path / "deals.工作任务.csv").write_text("合同编号,任务名称\n,无主任务\nHT-9,错号任务\nHT-1,本合同任务\n",
                                              encoding="utf-8")
    sheet = Sheet(path, CooperationDeal)
    list(sheet)
    errors = batch._keying_errors(sheet)
    assert [(r.row, r.contract_no, r.status, r.sheet, r.cells) for r in errors] == [
        (2, None, INVALID, "deals.工作任务.csv", ["deals.工作任务.csv 第2行 A列"]),
        (3, "HT-9", INVALID, "deals.工作任务.csv", ["deals.工作任务.csv 第3行 A列"]),
    ]
    assert [r.messages for r in errors] == [
        ["缺少合同编号，此行未用于任何合同 / no 合同编号: the row belongs to no contract"],
        ["合同编号“HT-9”在“合同”表中不存在，此行未用于任何合同 / no contract has this 合同编号"],
    ]


def _repeated_sheet(tmp_path):
    path = tmp_path / "deals.csv"
    path.write_text("合同编号,甲方（建设方）·名称\ncontract_no,party_a.name\nHT-1,甲\nHT-2,乙\nHT-1,丙\nHT-1,丁\n",
                    encoding="utf-8")
    sheet = Sheet(path, CooperationDeal)
    list(sheet)
    return sheet


def test_every_row_of_a_repeated_contract_number_is_invalid(tmp_path):
    sheet = _repeated_sheet(tmp_path)
    drafted = tmp_path / "HT-1.docx"
    drafted.write_bytes(b"drafted before the repeat was read")
    first = RowResult(3, "HT-1", OK, files=[(str(drafted), "x"), (str(tmp_path / "gone.pdf"), "y")],
                      pdf_source=str(drafted), missing=["m"], reminders=["a reminder of the draft removed"])
    other = RowResult(4, "HT-2", OK, files=[(str(tmp_path / "HT-2.docx"), "z")])
    later = [RowResult(5, "HT-1", INVALID), RowResult(6, "HT-1", INVALID)]
    batch._duplicates(sheet, [first, other, *later])
    assert not drafted.exists()  # what this run wrote for the first of them is removed
    assert (first.status, first.files, first.pdf_source, first.missing, first.cells) == (INVALID, [], "", [], ["deals.csv 第3行 A列"])
    assert first.reminders == []  # of a draft no longer there (clerk recheck N10: one of the two rows carried it)
    assert first.messages == ["合同编号“HT-1”重复，另见第5行、第6行；均未起草 / duplicate 合同编号, also on rows 5, 6: none drafted"]
    assert later[0].messages == ["合同编号“HT-1”重复，另见第3行、第6行；均未起草 / duplicate 合同编号, also on rows 3, 6: none drafted"]
    assert (other.status, other.messages) == (OK, [])


def test_a_repeated_row_that_wrote_nothing_keeps_the_files_it_did_not_write(tmp_path):
    sheet = _repeated_sheet(tmp_path)
    kept = tmp_path / "HT-1.docx"
    kept.write_bytes(b"someone else's")
    exists = RowResult(3, "HT-1", EXISTS, files=[(str(kept), "x")])
    batch._duplicates(sheet, [exists])
    assert kept.read_bytes() == b"someone else's"
    assert exists.status == INVALID


def test_list_sheet_errors_and_examples_are_not_duplicates(tmp_path):
    sheet = _repeated_sheet(tmp_path)
    orphan = RowResult(2, "HT-1", INVALID, ["工作任务!A2"], ["m"], sheet="工作任务")
    example = RowResult(3, "HT-1", EXAMPLE, messages=["示例"])
    batch._duplicates(sheet, [orphan, example])
    assert (orphan.cells, orphan.messages) == (["工作任务!A2"], ["m"])
    assert (example.status, example.messages) == (EXAMPLE, ["示例"])


# --- formulas without a computed value (_explain_formulas) ----------------------------------------


def _formula_workbook(path):
    workbook = openpyxl.Workbook()
    workbook.active.title = "合同"
    workbook.active["D5"] = "=B5"
    workbook.save(path)
    return path


def _empty_cell_result():
    return RowResult(5, "HT-1", INVALID, ["合同!D5"], ["甲方（建设方） › 联系人：必填"])


@pytest.mark.parametrize("name", ["deals.xlsx", "deals.xlsm", "DEALS.XLSM"])
def test_a_formula_without_a_value_is_explained(tmp_path, name):
    result = _empty_cell_result()
    batch._explain_formulas(_formula_workbook(tmp_path / name), [result])
    assert result.messages == ["甲方（建设方） › 联系人：公式没有计算结果，请在 Excel 中打开并保存后再试 / the formula has no computed "
                               "value: open and save the workbook in Excel"]


def test_formulas_are_not_looked_for_in_a_csv_file(tmp_path, monkeypatch):
    looked = []
    monkeypatch.setattr(batch, "uncached_formulas", lambda path, sheets: looked.append(path) or {"合同!D5"})
    result = _empty_cell_result()
    batch._explain_formulas(tmp_path / "deals.csv", [result])
    assert looked == []
    assert result.messages == ["甲方（建设方） › 联系人：必填"]


def test_formulas_are_not_looked_for_when_no_row_is_invalid(tmp_path, monkeypatch):
    looked = []
    monkeypatch.setattr(batch, "uncached_formulas", lambda path, sheets: looked.append(path) or set())
    batch._explain_formulas(tmp_path / "deals.xlsx", [RowResult(5, "HT-1", OK)])
    assert looked == []


# --- scratch folders of killed batches ------------------------------------------------------------


def test_stale_scratch_folders_are_removed(tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    dead = 2 ** 22 + 12345  # above any pid the kernel hands out (pid_max is at most 2**22)
    names = [f"aicontract-batch-{dead}-abc", f"aicontract-batch-{os.getpid()}-abc", "aicontract-batch-pdf-abc",
             f"aicontract-batch-x{dead}-abc"]
    for name in names:
        (tmp_path / name).mkdir()
    batch._clean_stale_scratch()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(names[1:])


def test_a_file_named_like_a_stale_scratch_folder_is_left(tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    stray = tmp_path / f"aicontract-batch-{2 ** 22 + 12345}-notes"
    stray.write_text("not a folder", encoding="utf-8")
    batch._clean_stale_scratch()  # no error: what cannot be removed is left
    assert stray.read_text(encoding="utf-8") == "not a folder"


# --- run_batch's defaults -------------------------------------------------------------------------


def _sheet(tmp_path, *rows):
    path = tmp_path / "deals.xlsx"
    path.write_bytes(write_template(CooperationDeal, [merge(example_data(), row) for row in rows]))
    return path


def test_run_batch_creates_a_nested_output_folder(tmp_path):
    out = tmp_path / "a" / "b" / "out"
    summary = batch.run_batch(_sheet(tmp_path, {"contract_no": "JZ-2026-001"}), "cooperation", out, jobs=1)
    assert [(r.contract_no, r.status) for r in summary.results if r.status != EXAMPLE] == [("JZ-2026-001", OK)]
    assert (out / "JZ-2026-001.docx").exists()


def test_run_batch_by_default_keeps_existing_files_and_reruns_nothing(tmp_path):
    sheet = _sheet(tmp_path, {"contract_no": "JZ-2026-001"})
    out = tmp_path / "out"
    batch.run_batch(sheet, "cooperation", out, jobs=1)
    first = (out / "JZ-2026-001.docx").read_bytes()
    again = batch.run_batch(sheet, "cooperation", out, jobs=1)
    (row,) = [r for r in again.results if r.status != EXAMPLE]
    assert row.status == EXISTS  # neither overwritten (force) nor counted as done (skip_existing)
    assert (out / "JZ-2026-001.docx").read_bytes() == first


def test_run_batch_by_default_refuses_an_incomplete_row(tmp_path):
    sheet = _sheet(tmp_path, {"contract_no": "JZ-2026-001", "funding": {"total": "1.00"}})  # instalments not adding up
    summary = batch.run_batch(sheet, "cooperation", tmp_path / "out", jobs=1)
    (row,) = [r for r in summary.results if r.status != EXAMPLE]
    assert row.status == INCOMPLETE
    assert not (tmp_path / "out" / "JZ-2026-001.docx").exists()


# --- run_batch: where rows are drafted, callbacks, options passed on ------------------------------

MARK = {"value": "unset"}  # set by a test before a batch: forked workers see it, spawned ones would not


def recording_produce_many(job, rows):
    """batch.produce_many, writing down where each row ran: the process, whether it is a fork of
    the test's process, whether it dies with its parent, and the batch's scratch folder."""
    death = ctypes.c_int(0)
    ctypes.CDLL("libc.so.6").prctl(2, ctypes.byref(death))  # PR_GET_PDEATHSIG
    if MARK.get("slow_worker") not in (None, os.getpid()):  # a worker (not the batch's own process) taking its time
        time.sleep(0.2)
    with open(Path(job.outdir).parent / "where.txt", "a", encoding="utf-8") as log:
        for row, _ in rows:
            log.write(f"{os.getpid()} {MARK['value']} {death.value} {job.scratch} {row.contract_no}\n")
    return REAL_PRODUCE_MANY(job, rows)


REAL_PRODUCE_MANY = batch.produce_many


def _where_run(tmp_path):
    return [line.split(" ") for line in (tmp_path / "where.txt").read_text(encoding="utf-8").splitlines()]


def _rows(n, bad=0):
    """n good rows and ``bad`` rows that fail validation (quick to produce)."""
    good = [{"contract_no": f"JZ-2026-{i:03d}"} for i in range(1, n + 1)]
    return good + [{"contract_no": f"BAD-{i:03d}", "term": {"start": "2026-13-01"}} for i in range(1, bad + 1)]


@pytest.fixture
def recorded(monkeypatch):
    monkeypatch.setattr(batch, "produce_many", recording_produce_many)
    monkeypatch.setitem(MARK, "value", "forked")


def test_one_job_drafts_in_this_process_with_callbacks(tmp_path, recorded):
    started, progressed = [], []
    sheet = _sheet(tmp_path, {"contract_no": "示例-JZ-2026-000"}, *_rows(2))
    summary = batch.run_batch(sheet, "cooperation", tmp_path / "out", jobs=1, start=started.append,
                              progress=progressed.append)
    assert started == [3]  # the example row and two contracts
    assert progressed == [1, 2]  # the example row when it is read, then the two drafted together
    assert [(r.contract_no, r.status) for r in summary.results] == [
        ("示例-JZ-2026-000", EXAMPLE), ("JZ-2026-001", OK), ("JZ-2026-002", OK)]
    assert summary.report == tmp_path / "out" / "report.csv"
    assert summary.manifest == tmp_path / "out" / "manifest.json"
    where = _where_run(tmp_path)
    assert [w[0] for w in where] == [str(os.getpid())] * 2
    scratch = Path(where[0][3])
    assert scratch.parent == Path(tempfile.gettempdir())
    assert scratch.name.startswith(f"aicontract-batch-{os.getpid()}-")  # found and removed if the batch is killed
    assert not scratch.exists()


def test_no_cpu_count_means_one_job(tmp_path, recorded, monkeypatch):
    monkeypatch.setattr(os, "cpu_count", lambda: None)
    batch.run_batch(_sheet(tmp_path, *_rows(1)), "cooperation", tmp_path / "out")
    assert [w[0] for w in _where_run(tmp_path)] == [str(os.getpid())]


def test_workers_are_forked_die_with_the_batch_and_get_every_row(tmp_path, recorded, monkeypatch):
    """Two jobs: this process reads the sheet and drafts what the one worker is not holding (two
    chunks at a time); the last rows go in smaller chunks."""
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    monkeypatch.setattr(batch, "CHUNK", 4)
    monkeypatch.setitem(MARK, "slow_worker", os.getpid())
    started, progressed = [], []
    sheet = _sheet(tmp_path, *_rows(1, bad=39))  # more rows than are sent at first (2 chunks of 4)
    summary = batch.run_batch(sheet, "cooperation", tmp_path / "out", jobs=None, start=started.append,
                              progress=progressed.append)
    assert started == [40]
    assert sorted(progressed) == [1] * 32 + [4, 4]  # by chunk: 4 rows while more than 4 × 4 × 2 remain, then 1
    assert sorted(r.contract_no for r in summary.results if r.status == INVALID) == [f"BAD-{i:03d}" for i in range(1, 40)]
    assert [r.contract_no for r in summary.results if r.status == OK] == ["JZ-2026-001"]
    where = _where_run(tmp_path)
    assert sorted(w[4] for w in where) == [f"BAD-{i:03d}" for i in range(1, 40)] + ["JZ-2026-001"]  # each row once
    workers = [w for w in where if w[0] != str(os.getpid())]
    assert len({w[0] for w in workers}) == 1  # one worker beside this process
    # the first two chunks were the worker's; this process drafted the rest while the (slow) worker held them
    assert {w[4] for w in workers} == {"JZ-2026-001", "BAD-001", "BAD-002", "BAD-003", "BAD-004", "BAD-005",
                                       "BAD-006", "BAD-007"}
    assert {(mark, death) for _, mark, death, _, _ in workers} == {("forked", str(int(signal.SIGKILL)))}


def test_run_batch_passes_force_and_allow_incomplete_on(tmp_path):
    sheet = _sheet(tmp_path, {"contract_no": "JZ-2026-001", "funding": {"total": "1.00"}})
    out = tmp_path / "out"
    out.mkdir()
    (out / "JZ-2026-001.docx").write_bytes(b"old")
    summary = batch.run_batch(sheet, "cooperation", out, jobs=1, force=True, allow_incomplete=True)
    (row,) = [r for r in summary.results if r.status != EXAMPLE]
    assert row.status == OK
    assert row.missing != []
    assert (out / "JZ-2026-001.docx").read_bytes() != b"old"


def test_run_batch_passes_the_template_and_name_column_on(tmp_path):
    document = docx.Document(str(bundled_template("cooperation.docx")))
    fonts = document.styles.element.find(".//{http://schemas.openxmlformats.org/wordprocessingml/2006/main}rFonts")
    fonts.set("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia", "仿宋")
    document.save(str(tmp_path / "firm.docx"))
    sheet = _sheet(tmp_path, {"contract_no": "JZ-2026-001", "party_b": {"name": "江州智算"}})
    batch.run_batch(sheet, "cooperation", tmp_path / "out", jobs=1, template=tmp_path / "firm.docx",
                    name_column="party_b.name")
    assert sorted(p.name for p in (tmp_path / "out").glob("*.docx")) == ["江州智算.docx"]
    assert 'w:eastAsia="仿宋"' in docx.Document(str(tmp_path / "out" / "江州智算.docx")).styles.element.xml


def test_run_batch_pdfs_alone_forced(tmp_path, libreoffice):
    out = tmp_path / "out"
    out.mkdir()
    (out / "JZ-2026-001.pdf").write_bytes(b"old")
    summary = batch.run_batch(_sheet(tmp_path, *_rows(1)), "cooperation", out, formats=("pdf",), jobs=1, force=True)
    (row,) = [r for r in summary.results if r.status != EXAMPLE]
    assert row.status == OK
    assert (out / "JZ-2026-001.pdf").read_bytes() == b"%PDF JZ-2026-001"
    assert [Path(p).name for p, _ in row.files] == ["JZ-2026-001.pdf"]


def test_run_batch_syncs_once_and_a_dry_run_not_at_all(tmp_path, monkeypatch):
    synced = []
    monkeypatch.setattr(os, "sync", lambda: synced.append(1))
    sheet = _sheet(tmp_path, *_rows(2))
    batch.run_batch(sheet, "cooperation", tmp_path / "dry", jobs=1, dry_run=True)
    assert synced == []
    assert sorted(p.name for p in (tmp_path / "dry").iterdir()) == ["report-dry-run.csv"]  # a dry run writes only the report
    batch.run_batch(sheet, "cooperation", tmp_path / "out", jobs=1)
    assert synced == [1]


def test_a_rerun_counts_the_pdfs_of_the_last_manifest_as_done(tmp_path, libreoffice):
    """A PDF is never redrafted to compare (LibreOffice's output is not byte-stable): only the last
    manifest can say it is this row's, so a rerun with --skip-existing must read it."""
    sheet = _sheet(tmp_path, {"contract_no": "JZ-2026-001"})
    out = tmp_path / "out"
    first = batch.run_batch(sheet, "cooperation", out, formats=("pdf",), jobs=1)
    assert [r.status for r in first.results] == [OK]
    assert libreoffice.calls == [["JZ-2026-001.docx"]]
    again = batch.run_batch(sheet, "cooperation", out, formats=("pdf",), jobs=1, skip_existing=True)
    assert [(r.status, r.messages) for r in again.results] == [(DONE, [])]
    assert libreoffice.calls == [["JZ-2026-001.docx"]]  # not converted again


def test_one_worker_drafts_and_reports_a_chunk_at_a_time(tmp_path, monkeypatch):
    monkeypatch.setattr(batch, "CHUNK", 2)
    progressed = []
    summary = batch.run_batch(_sheet(tmp_path, *_rows(0, bad=5)), "cooperation", tmp_path / "out", jobs=1,
                              progress=progressed.append)
    assert progressed == [2, 2, 1]
    assert [r.contract_no for r in summary.results] == [f"BAD-{i:03d}" for i in range(1, 6)]
