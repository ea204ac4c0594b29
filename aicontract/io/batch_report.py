"""What a batch run leaves beside its documents: ``report.csv`` (one line per row, in Chinese
and English, safe to open in Excel) and ``manifest.json`` (every file with its SHA-256 and a
digest of the row that made it), and the reading of a previous manifest that lets a rerun count
finished rows as done."""

from __future__ import annotations

import csv
import hashlib
import io
import itertools
import json
from dataclasses import dataclass, field
from pathlib import Path

from .output import write_atomic

OK, CHECKED, DONE, EXAMPLE = "ok", "checked", "done", "example"
INVALID, INCOMPLETE, EXISTS, ERROR = "invalid", "incomplete", "exists", "error"
STATUS_TITLES = {OK: "成功", CHECKED: "检查通过（未生成）", DONE: "已完成（跳过）", EXAMPLE: "示例行（未起草）",
                 INVALID: "数据有误", INCOMPLETE: "必备事项未满足", EXISTS: "已存在未覆盖", ERROR: "出错"}
FAILED = (INVALID, INCOMPLETE, EXISTS, ERROR)
MAIN = "合同"
DRY_RUN_REPORT = "report-dry-run.csv"


@dataclass(slots=True)  # one per row, all kept until the report: no __dict__ each
class RowResult:
    row: int
    contract_no: str | None
    status: str
    cells: list[str] = field(default_factory=list)  # 合同!D5, one per message
    messages: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # failed mandatory items
    reminders: list[str] = field(default_factory=list)  # the check's “!” rule lines: the file is written, a person reads them
    files: list[tuple[str, str]] = field(default_factory=list)  # (path, sha256)
    sheet: str = MAIN  # a list-sheet row that belongs to no contract is reported on its own sheet
    digest: str = ""  # of the row's data, kept in the manifest
    pdf_source: str = ""  # the .docx a .pdf is still to be made from


@dataclass
class Summary:
    results: list[RowResult]
    report: Path
    manifest: Path | None  # None after a dry run
    notes: list[str] = field(default_factory=list)  # about the sheet as a whole: a column not used, a list file not found

    def count(self, status: str) -> int:
        return sum(r.status == status for r in self.results)

    @property
    def failed(self) -> int:
        return sum(r.status in FAILED for r in self.results)

    def problem_lines(self, existing: int = 3) -> list[str]:
        """One line per row that did not produce its contract, in the sheet's order; past the first ``existing``
        rows whose files exist already, one line counts the rest (a plain rerun printed one line per row, in
        the workers' order: clerk walkthrough M15)."""
        failed = sorted((r for r in self.results if r.status in FAILED), key=_order)
        shown = [r for r in failed if r.status != EXISTS] + [r for r in failed if r.status == EXISTS][:existing]
        lines = [
            f"{'' if r.sheet == MAIN else r.sheet + ' '}第{r.row}行 row {r.row}（{r.contract_no or '—'}）：{STATUS_TITLES[r.status]} "
            f"{'；'.join(c + ' ' + m for c, m in zip(r.cells, r.messages)) or '；'.join(r.messages)}"
            f"{'；缺项：' + '；'.join(r.missing) if r.missing else ''}"
            for r in sorted(shown, key=_order)
        ]
        more = len(failed) - len(shown)
        if more:
            lines.append(f"……另有 {more} 行的文件已存在，未覆盖（见报告；加 --skip-existing 跳过已完成的行，或 --force 覆盖） / "
                         f"{more} more rows whose files exist: see the report")
        return lines

    def text(self, notes: bool = True) -> str:
        """The summary: the notes on the sheet (unless ``notes`` is false: the command line prints them before the rows'
        problems), the counts, the report."""
        parts = [f"{STATUS_TITLES[s]} {self.count(s)}" for s in STATUS_TITLES if self.count(s)]
        unfinished = sum(r.status in (OK, DONE) and bool(r.missing) for r in self.results)
        if unfinished:  # written with --allow-incomplete: page 1 of each lists its gaps, not to be signed
            parts.append(f"其中未完成的草稿 {unfinished}（首页标明缺项，见报告“未满足的必备事项”列 / incomplete drafts)")
        reminded = sum(r.status in (OK, DONE, CHECKED) and bool(r.reminders) for r in self.results)
        if reminded:  # placeholders printed, data going abroad: written, to be read by a person
            parts.append(f"其中有提示的 {reminded}（见报告“提示（仅供参考）”列 / rows with reminders)")
        lines = "".join(f"注意 / note：{note}\n" for note in self.notes) if notes else ""
        return lines + f"共 {len(self.results)} 行 / rows：" + "，".join(parts) + f"\n报告 / report：{self.report}"


def neutralise(value) -> str:
    """A report cell Excel will not run as a formula (=cmd|…, +1+1, -2, @SUM(…)): such text is
    shown with a leading apostrophe, as Excel itself marks text."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def digest(data: dict) -> str:
    """The row's data, hashed: a rerun knows whether a finished file still matches its row."""
    return hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False, default=str).encode("utf-8")).hexdigest()


def _order(r: RowResult):
    return (r.sheet != MAIN, r.sheet, r.row)


def write_report(results: list[RowResult], outdir: Path, previous: list[dict] = (),
                 manifest: bool = True) -> tuple[Path, Path | None]:
    """report.csv and manifest.json — or, when ``manifest`` is false (a dry run, which writes nothing
    else), report-dry-run.csv, which leaves a finished run's report.csv as it was (clerk walkthrough M7) — each written a line at a time: a batch of any size never holds either file in
    memory. ``previous``: the last manifest's entries; those of files this run neither wrote nor
    found done, still in the folder, are kept (a run that refused to overwrite leaves a later
    ``--skip-existing`` run what it needs; it checks each file's hash)."""
    ordered = sorted(results, key=_order)
    report = write_rows(ordered, outdir / ("report.csv" if manifest else DRY_RUN_REPORT))
    if not manifest:
        return report, None
    listed = {Path(p).name for r in results for p, _ in r.files}
    kept = [e for e in previous if e["path"] not in listed and (outdir / e["path"]).is_file()]
    return report, write_atomic(outdir / "manifest.json", _manifest_pieces(ordered, kept), force=True)


def write_rows(results: list[RowResult], path: Path) -> Path:
    """The report's lines, in the sheet's order, at ``path`` (report.csv; a stopped run writes what it finished)."""
    return write_atomic(path, _report_lines(sorted(results, key=_order)), force=True)


def _report_lines(results: list[RowResult]):
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def line(cells) -> bytes:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow(cells)
        return buffer.getvalue().encode("utf-8")

    yield "\ufeff".encode("utf-8") + line(["行号", "合同编号", "状态", "status", "单元格", "说明", "未满足的必备事项",
                                           "提示（仅供参考）", "文件"])
    for r in results:
        row = f"{r.row}" if r.sheet == MAIN else f"{r.sheet}!{r.row}"
        yield line([neutralise(c) for c in (row, r.contract_no, STATUS_TITLES[r.status], r.status, "；".join(r.cells),
                                             "；".join(r.messages), "；".join(r.missing), "；".join(r.reminders),
                                             "；".join(Path(p).name for p, _ in r.files))])


def _manifest_pieces(results: list[RowResult], kept: list[dict] = ()):
    """What json.dumps(entries, ensure_ascii=False, indent=2) writes, an entry at a time: this
    run's files, then the ``kept`` entries of the last manifest."""
    first = True
    entries = ({"row": r.row, "contract_no": r.contract_no, "path": Path(p).name, "sha256": h, "data": r.digest}
               for r in results for p, h in r.files)
    for entry in itertools.chain(entries, kept):
        text = json.dumps(entry, ensure_ascii=False, indent=2).replace("\n", "\n  ")
        yield (("[\n  " if first else ",\n  ") + text).encode("utf-8")
        first = False
    yield b"[]" if first else b"\n]"


MAX_MANIFEST = 256_000_000  # bytes: a manifest of a million rows is a third of that


def manifest_entries(outdir: Path) -> list[dict]:
    """The last run's manifest entries (row, contract_no, path, sha256, data); [] if none or
    unreadable (a rerun then treats existing files as not its own)."""
    try:
        if (outdir / "manifest.json").stat().st_size > MAX_MANIFEST:  # not ours to load into memory
            return []
        entries = json.loads((outdir / "manifest.json").read_text(encoding="utf-8"))
        return [{"row": e.get("row"), "contract_no": e.get("contract_no"), "path": Path(e["path"]).name,
                 "sha256": str(e["sha256"]), "data": str(e.get("data", ""))} for e in entries]
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return []


def read_manifest(entries: list[dict]) -> dict[str, tuple[str, str]]:
    """file name -> (sha256, row digest), from ``manifest_entries``."""
    return {e["path"]: (e["sha256"], e["data"]) for e in entries}
