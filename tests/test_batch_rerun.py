"""Runs an office can repeat: a dry run writes only the report; a rerun with --skip-existing
counts finished rows as done and makes what an interrupted run did not (PDFs included); a killed
batch leaves no process, scratch folder or partial file; names fit in 255 bytes; the report is
safe to open in Excel; outputs honour the umask."""

import csv
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from test_batch import deal, report_rows, write_sheet
from test_batch_keying import excel_csv

from aicontract.batch import run_batch
from aicontract.cli import main


def batch(*args):
    return CliRunner().invoke(main, ["batch", *map(str, args)])


def test_dry_run_checks_every_row_and_writes_only_the_report(tmp_path):
    sheet = write_sheet(tmp_path / "d.xlsx", [deal(1), deal(2, term={"start": "2026-13-01"})])
    result = batch(sheet, "-o", tmp_path / "out", "--dry-run", "--jobs", "1")
    assert result.exit_code == 1
    # as README says (walkthrough L9); under its own name, so that a finished run's report.csv stays (clerk walkthrough M7)
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["report-dry-run.csv"]
    (tmp_path / "out" / "report-dry-run.csv").rename(tmp_path / "out" / "report.csv")
    rows = report_rows(tmp_path / "out")
    assert (rows[3]["状态"], rows[3]["文件"]) == ("检查通过（未生成）", "")
    assert rows[4]["status"] == "invalid" and "日期不存在：2026-13-01" in rows[4]["说明"]


def test_a_rerun_skips_finished_rows_and_remakes_only_what_is_missing(tmp_path):
    sheet = write_sheet(tmp_path / "d.xlsx", [deal(1), deal(2), deal(3)])
    out = tmp_path / "out"
    assert batch(sheet, "-o", out, "--jobs", "1").exit_code == 0
    kept = (out / "JZ-2026-001.docx").stat().st_mtime_ns
    (out / "JZ-2026-002.docx").unlink()  # as an interrupted run leaves it
    rerun = batch(sheet, "-o", out, "--skip-existing", "--jobs", "1")
    assert rerun.exit_code == 0, rerun.output
    assert "成功 1，已完成（跳过） 2" in rerun.output
    assert (out / "JZ-2026-001.docx").stat().st_mtime_ns == kept  # not rewritten
    assert (out / "JZ-2026-002.docx").exists()
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert sorted(e["path"] for e in manifest) == ["JZ-2026-001.docx", "JZ-2026-002.docx", "JZ-2026-003.docx"]
    # without the flag, the same rerun refuses to overwrite and says how to go on
    plain = batch(sheet, "-o", out, "--jobs", "1")
    assert plain.exit_code == 1 and "已存在，未覆盖（加 --skip-existing 跳过已完成的行，或 --force 覆盖）" in plain.output


def test_files_of_a_run_stopped_before_its_manifest_count_as_done(tmp_path):
    # a killed batch writes no manifest; a draft is byte-identical for the same row, so the rerun
    # recognises its own files (and still refuses a file that is not what this row makes)
    sheet = write_sheet(tmp_path / "d.xlsx", [deal(1), deal(2), deal(3)])
    out = tmp_path / "out"
    assert batch(sheet, "-o", out, "--jobs", "1").exit_code == 0
    (out / "manifest.json").unlink()
    (out / "report.csv").unlink()
    (out / "JZ-2026-003.docx").write_bytes(b"someone else's file")
    rerun = batch(sheet, "-o", out, "--skip-existing", "--jobs", "1")
    assert rerun.exit_code == 1
    assert "共 3 行 / rows：已完成（跳过） 2，已存在未覆盖 1" in rerun.output
    assert ("JZ-2026-003.docx 已存在，未覆盖：不是上次运行为该行生成的文件（文件已被改动、该行数据已改，或文件另有来源），加 --force "
            "覆盖 / exists, not overwritten: not the file the last run made for this row") in rerun.output
    assert "加 --skip-existing" not in rerun.output  # the flag is already given: not suggested again
    assert (out / "JZ-2026-003.docx").read_bytes() == b"someone else's file"
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert sorted(e["path"] for e in manifest) == ["JZ-2026-001.docx", "JZ-2026-002.docx"]


def test_a_folder_where_a_file_would_go_is_reported_not_read(tmp_path):
    sheet = write_sheet(tmp_path / "d.xlsx", [deal(1), deal(2)])
    out = tmp_path / "out"
    (out / "JZ-2026-001.docx").mkdir(parents=True)
    rerun = batch(sheet, "-o", out, "--skip-existing", "--jobs", "1")
    assert rerun.exit_code == 1
    assert "共 2 行 / rows：成功 1，已存在未覆盖 1" in rerun.output
    assert "JZ-2026-001.docx 已存在，未覆盖" in rerun.output
    assert (out / "JZ-2026-002.docx").is_file()


def test_a_finished_file_whose_row_changed_is_not_skipped(tmp_path):
    out = tmp_path / "out"
    assert batch(write_sheet(tmp_path / "d.xlsx", [deal(1)]), "-o", out, "--jobs", "1").exit_code == 0
    changed = write_sheet(tmp_path / "e.xlsx", [deal(1, project={"name": "改过的项目名称"})])
    rerun = batch(changed, "-o", out, "--skip-existing", "--jobs", "1")
    assert rerun.exit_code == 1 and "已存在未覆盖" in rerun.output


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is installed by .ci/run")
def test_pdfs_an_interrupted_run_did_not_make_are_made_on_the_rerun(tmp_path):
    sheet = write_sheet(tmp_path / "d.xlsx", [deal(1), deal(2)])
    out = tmp_path / "out"
    assert batch(sheet, "-o", out, "--jobs", "1").exit_code == 0  # the .docx step finished, the .pdf step did not
    rerun = batch(sheet, "-o", out, "--format", "docx,pdf", "--skip-existing", "--jobs", "2")
    assert rerun.exit_code == 0, rerun.output
    assert sorted(p.name for p in out.glob("*.pdf")) == ["JZ-2026-001.pdf", "JZ-2026-002.pdf"]
    assert {e["path"] for e in json.loads((out / "manifest.json").read_text(encoding="utf-8"))} == {
        "JZ-2026-001.docx", "JZ-2026-001.pdf", "JZ-2026-002.docx", "JZ-2026-002.pdf"}


def children(pid: int) -> set[int]:
    """Every descendant of ``pid`` (from /proc)."""
    found, frontier = set(), [pid]
    while frontier:
        parent = frontier.pop()
        for task in Path(f"/proc/{parent}/task").glob("*/children"):
            try:
                listed = task.read_text()
            except OSError:  # the thread or process ended since the folder was listed (the workers, once drafted)
                continue
            for child in listed.split():
                if int(child) not in found:
                    found.add(int(child))
                    frontier.append(int(child))
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
    except OSError:
        return False
    return state != "Z"


def soffice_running(pids: set[int]) -> bool:
    return any("soffice" in Path(f"/proc/{pid}/cmdline").read_bytes().decode("utf-8", "replace")
               for pid in pids if alive(pid))


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc and PR_SET_PDEATHSIG are Linux's")
@pytest.mark.parametrize("when", ["drafting", "pdf"])
@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGTERM])
def test_a_killed_batch_leaves_nothing_behind(tmp_path, how, when):
    """Killed while its workers draft, or while LibreOffice converts: no process, scratch folder
    (LibreOffice's profiles included) or partial file stays, and a rerun finishes the job."""
    sheet = write_sheet(tmp_path / "d.xlsx", [deal(n) for n in range(1, 41)])
    out = tmp_path / "out"
    env = {**os.environ, "TMPDIR": str(tmp_path / "tmp")}
    (tmp_path / "tmp").mkdir()
    process = subprocess.Popen([sys.executable, "-m", "aicontract.cli", "batch", str(sheet), "-o", str(out),
                                "--format", "docx,pdf", "--jobs", "3"], env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE)
    ready = (lambda: len(children(process.pid)) >= 2) if when == "drafting" else (
        lambda: soffice_running(children(process.pid)))  # two workers beside the batch; or LibreOffice
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None and not ready():
        time.sleep(0.05)
    assert ready()
    descendants = children(process.pid)
    process.send_signal(how)
    process.wait(timeout=60)
    time.sleep(1)
    assert [pid for pid in descendants if alive(pid)] == []
    stderr = process.stderr.read().decode("utf-8")
    if how == signal.SIGTERM:  # a stop it can see: it removes its own scratch folder and says how to go on
        assert list((tmp_path / "tmp").iterdir()) == []
        assert process.returncode == 130  # not 1, which means rows failed
        assert stderr.strip().endswith("已中止：已写出的文件完整保留，未写完的没有留下；加 --skip-existing 重新运行同一命令，接着起草其余"
                                       "各行 / stopped: rerun the same command with --skip-existing to continue")
    assert not list(out.glob(".*.tmp"))  # no partial file where the outputs go
    if how == signal.SIGTERM and when == "pdf":  # LibreOffice stopped at once, not after converting its 20 files each
        assert list(out.glob("*.pdf")) == []  # clerk walkthrough M3: all 40 were written, 40 s after the stop
        # the report of the rows drafted says so; a PDF not made because of the stop is no error (clerk recheck N2)
        assert {r["状态"] for r in report_rows(out).values()} == {"成功"} and len(report_rows(out)) == 40
    # the next run removes what a SIGKILL left, and finishes the job
    again = subprocess.run([sys.executable, "-m", "aicontract.cli", "batch", str(sheet), "-o", str(out),
                            "--skip-existing", "--jobs", "2"], env=env, capture_output=True, text=True)
    assert again.returncode == 0, again.stdout + again.stderr
    assert list((tmp_path / "tmp").iterdir()) == []
    assert len(list(out.glob("*.docx"))) == 40


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc is Linux's")
def test_a_stopped_batch_records_the_rows_it_finished_and_a_second_stop_cuts_nothing_short(tmp_path):
    """Clerk walkthrough L22: a stopped run left no report.csv for the rows it had finished; M4: a second kill while
    it was stopping left its scratch folder behind."""
    sheet = write_sheet(tmp_path / "d.xlsx", [deal(n) for n in range(1, 121)])
    out = tmp_path / "out"
    env = {**os.environ, "TMPDIR": str(tmp_path / "tmp")}
    (tmp_path / "tmp").mkdir()
    process = subprocess.Popen([sys.executable, "-m", "aicontract.cli", "batch", str(sheet), "-o", str(out), "--jobs", "1"],
                               env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None and len(list(out.glob("*.docx"))) < 40:
        time.sleep(0.02)
    process.send_signal(signal.SIGTERM)
    time.sleep(0.01)
    process.send_signal(signal.SIGTERM)  # as a clerk does when nothing seems to happen
    process.wait(timeout=60)
    assert process.returncode == 130, process.stderr.read().decode("utf-8")
    assert list((tmp_path / "tmp").iterdir()) == []  # the scratch folder went, second kill or not
    rows = report_rows(out)  # the chunks finished (32 rows each); a chunk stopped half-way is left to the rerun's bytes check
    assert 32 <= len(rows) < 120
    assert {r["状态"] for r in rows.values()} == {"成功"}
    assert all((out / r["文件"]).is_file() for r in rows.values())


STOP_BEFORE_MANAGER = """
import multiprocessing, sys, time, concurrent.futures.process as cfp
from pathlib import Path
from aicontract.batch import run_batch
other = multiprocessing.get_context("fork").Process(target=time.sleep, args=(60,))  # another batch's worker, say
other.start()
launch = cfp.ProcessPoolExecutor._launch_processes
def stop(self):  # the signal lands after the workers started, before the pool's manager thread runs
    launch(self)
    raise KeyboardInterrupt
cfp.ProcessPoolExecutor._launch_processes = stop
try:
    run_batch(Path(sys.argv[1]), "cooperation", Path(sys.argv[2]), jobs=2)
except KeyboardInterrupt:
    print("stopped", other.is_alive())
other.kill()
"""


@pytest.mark.skipif(not sys.platform.startswith("linux") or not hasattr(ProcessPoolExecutor, "_launch_processes"),
                    reason="fork and /proc are Linux's; the window is found through CPython's own pool")
def test_a_stop_before_the_pool_runs_leaves_no_worker_waiting(tmp_path):
    """A stop between the workers' start and the pool's manager thread left both workers waiting
    for work and the batch waiting for them at exit for ever (1 run in ~16 of the kill test)."""
    sheet = write_sheet(tmp_path / "d.xlsx", [deal(1), deal(2)])
    process = subprocess.Popen([sys.executable, "-c", STOP_BEFORE_MANAGER, str(sheet), str(tmp_path / "out")],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        out, err = process.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        stray = children(process.pid)
        process.kill()
        for pid in stray:
            os.kill(pid, signal.SIGKILL)
        pytest.fail(f"the batch did not exit: {len(stray)} workers left waiting")
    assert out.strip() == "stopped True", err  # only this batch's workers are stopped
    assert process.returncode == 0


def test_long_cjk_and_emoji_names_fit_and_stay_unique(tmp_path):
    long_id = "江州市政务服务和数据管理局人工智能合作项目" * 8 + "😀"  # ~530 bytes
    sheet = write_sheet(tmp_path / "d.xlsx", [deal(1, contract_no=long_id + "甲"), deal(2, contract_no=long_id + "乙")])
    summary = run_batch(sheet, "cooperation", tmp_path / "out", jobs=1)
    assert summary.failed == 0
    names = sorted(p.name for p in (tmp_path / "out").glob("*.docx"))
    assert len(names) == 2 and len(set(names)) == 2
    assert all(len(name.encode("utf-8")) <= 255 for name in names)
    assert names[0].startswith("江州市政务服务和数据管理局")


def test_report_cells_cannot_run_as_formulas(tmp_path):
    """Ids a CSV can carry literally (in a workbook “=…” would be a formula already)."""
    ids = ["=cmd|' /C calc'!A0", "+1+1", "@SUM(A1)", "-2"]
    workbook = openpyxl.load_workbook(write_sheet(tmp_path / "d.xlsx", [deal(n) for n in range(1, 5)]))
    for ws in [ws for ws in workbook.worksheets if ws.title not in ("填写说明", "选项")]:  # the sheets a clerk fills
        name = "deals.csv" if ws.title == "合同" else f"deals.{ws.title}.csv"
        rows = [[excel_csv(cell) for cell in row] for row in ws.iter_rows()]
        for row in rows[2:]:
            row[0] = ids[int(row[0][-1]) - 1]  # JZ-2026-00n -> the n-th hostile id
        with open(tmp_path / name, "w", encoding="utf-8", newline="") as handle:
            csv.writer(handle).writerows(rows)
    summary = run_batch(tmp_path / "deals.csv", "cooperation", tmp_path / "out", jobs=1)
    assert summary.failed == 0
    with open(tmp_path / "out" / "report.csv", encoding="utf-8-sig") as handle:
        written = [r["合同编号"] for r in csv.DictReader(handle)]
    assert written == ["'=cmd|' /C calc'!A0", "'+1+1", "'@SUM(A1)", "'-2"]


@pytest.mark.parametrize("umask, mode", [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_outputs_honour_the_umask(tmp_path, umask, mode):
    sheet = write_sheet(tmp_path / "d.xlsx", [deal(1)])
    previous = os.umask(umask)
    try:
        run_batch(sheet, "cooperation", tmp_path / "out", formats=("docx", "md"), jobs=1)
        CliRunner().invoke(main, ["draft", str(Path(__file__).parent.parent / "examples" / "cooperation.yaml"),
                                  "-o", str(tmp_path / "single.docx")])
    finally:
        os.umask(previous)
    for name in ("JZ-2026-001.docx", "JZ-2026-001.md", "report.csv", "manifest.json"):
        assert (tmp_path / "out" / name).stat().st_mode & 0o777 == mode, name
    assert (tmp_path / "single.docx").stat().st_mode & 0o777 == mode



def test_a_dry_run_or_a_refused_run_keeps_the_manifest_a_later_rerun_needs(tmp_path):
    """Walkthrough: a --dry-run, or a run that refused to overwrite, replaced manifest.json with []
    — a later --skip-existing run then counted every finished row as someone else's files."""
    sheet = write_sheet(tmp_path / "d.xlsx", [deal(1), deal(2)])
    out = tmp_path / "out"
    assert batch(sheet, "-o", out, "--jobs", "1").exit_code == 0
    first = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert sorted(e["path"] for e in first) == ["JZ-2026-001.docx", "JZ-2026-002.docx"]
    report = (out / "report.csv").read_bytes()
    dry = batch(sheet, "-o", out, "--dry-run", "--jobs", "1")
    assert dry.exit_code == 0 and dry.output.strip().endswith(f"报告 / report：{out / 'report-dry-run.csv'}")
    assert (out / "report.csv").read_bytes() == report  # the finished run's report stays (clerk walkthrough M7)
    refused = batch(sheet, "-o", out, "--jobs", "1")
    assert refused.exit_code == 1 and "共 2 行 / rows：已存在未覆盖 2" in refused.output
    assert json.loads((out / "manifest.json").read_text(encoding="utf-8")) == first
    (out / "JZ-2026-002.docx").unlink()  # an entry whose file is gone is not kept
    rerun = batch(sheet, "-o", out, "--skip-existing", "--jobs", "1")
    assert rerun.exit_code == 0
    assert "共 2 行 / rows：成功 1，已完成（跳过） 1" in rerun.output
    assert [e["path"] for e in json.loads((out / "manifest.json").read_text(encoding="utf-8"))] == [
        "JZ-2026-001.docx", "JZ-2026-002.docx"]


@pytest.mark.parametrize("manifest", ["garbage", '{"a": 1}', '[{"path": 5, "sha256": null}]', "[1, 2]"])
def test_a_damaged_manifest_is_no_record_and_no_crash(tmp_path, manifest):
    """The last manifest is now read on every run (its entries are kept): a damaged one counts as
    none — the existing file is recognised by its bytes, as after a run stopped before its manifest —
    and is replaced by a sound one."""
    sheet = write_sheet(tmp_path / "d.xlsx", [deal(1)])
    out = tmp_path / "out"
    assert batch(sheet, "-o", out, "--jobs", "1").exit_code == 0
    (out / "manifest.json").write_text(manifest, encoding="utf-8")
    rerun = batch(sheet, "-o", out, "--skip-existing", "--jobs", "1")
    assert rerun.exit_code == 0 and "共 1 行 / rows：已完成（跳过） 1" in rerun.output
    assert [e["path"] for e in json.loads((out / "manifest.json").read_text(encoding="utf-8"))] == ["JZ-2026-001.docx"]


def test_a_stop_while_the_pool_starts_stays_a_stop():
    """A SIGTERM that landed while the pool was starting its manager thread turned into “cannot join thread
    before it is started” (an internal error, exit 3: about one killed batch in twenty in this file's kill test)."""
    from aicontract.batch import _closing

    class Starting:  # a pool whose manager thread was never started
        def shutdown(self, wait=True):
            raise RuntimeError("cannot join thread before it is started")

    with pytest.raises(KeyboardInterrupt):
        with _closing(Starting()):
            raise KeyboardInterrupt
    with pytest.raises(RuntimeError, match="cannot join thread"):  # without a stop, nothing is hidden
        with _closing(Starting()):
            pass
