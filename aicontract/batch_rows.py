"""One batch row from its sheet cells to its files: validated, drafted (assembled and
checked), rendered and written, a stage at a time for a chunk of rows (``produce_many``), each
row on its own — a row that fails is reported (row, column, message) and never stops the others.
Files are written atomically and never over an existing file without ``force``; with
``skip_existing`` a row whose files match the last manifest is counted as done. ``batch.py``
sends the rows here, in this process or in its workers."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from .drafting import IncompleteDraft, draft
from .drafting.check import answer_name
from .io.batch_report import CHECKED, DONE, ERROR, EXISTS, INCOMPLETE, INVALID, OK, RowResult, digest
from .io.deal_file import message_for
from .io.output import write_atomic
from .io.sheet import Row
from .library import cached_family
from .library.answers import prune
from .models import DEAL_MODELS
from .models import paths as model_paths
from .render import render

__all__ = ["Job", "cell_name", "produce", "produce_many"]


@dataclass(frozen=True)
class Job:
    family: str
    outdir: str
    formats: tuple[str, ...]  # as asked: docx, md, txt, pdf
    force: bool
    allow_incomplete: bool
    scratch: str  # where a .docx made only for the .pdf goes
    library: str | None = None  # a firm's clause folder layered over the bundled library
    template: str | None = None  # a firm's Word template
    dry_run: bool = False
    skip_existing: bool = False
    done: dict = field(default_factory=dict)  # file name -> (sha256, row digest) from the last manifest, for skip_existing


def reminders(report, row: Row, deal) -> list[str]:
    """The check's “!” rule lines (placeholders printed, data going abroad …): the file is written, a
    person reads them (reminders walkthrough H1: report.csv said “成功” and nothing else). An answer is named
    by its cell in the sheet, not its parameter key (合同!BX3（…签订地点）: reminders walkthrough L4)."""
    out = []
    for f in report.findings:
        if f.kind == "rule" and f.status == "fail" and not f.mandatory:
            problems = f.problems
            for path in f.paths:
                if cell := _cell_of(row, path):
                    named = answer_name(deal, path)
                    problems = [cell + p[len(path):] if p.startswith(named) else p for p in problems]
            # the check's name of the rule, not its key (clerk walkthrough L20: ip.transfer_price_not_refunded：…)
            out.append(f"{f.name}：{'；'.join(problems)}")
    return out


def cell_name(sheet: str, number: int, letter: str) -> str:
    """合同!D5 in a workbook; deals.csv 第5行 D列 in a CSV file."""
    return f"{sheet} 第{number}行 {letter}列" if sheet.lower().endswith(".csv") else f"{sheet}!{letter}{number}"


def _where(row: Row, loc: tuple) -> str:
    """合同!D5 for a cell; the nearest cell of the group for an error about a whole group; the cell
    holding a list for an error about one of its elements (使用目的's fourth: 合同!CI5)."""
    origin = row.origins.get(loc)
    if origin is None:
        near = [o for key, o in row.origins.items() if key[: len(loc)] == loc]
        origin = near[0] if near else None
    for end in range(len(loc) - 1, 0, -1):
        if origin is not None:
            break
        origin = row.origins.get(loc[:end])
    if origin is None and hasattr(row.origins, "first_column"):
        origin = row.origins.first_column(loc)
    if origin is None:
        return f"{row.number}行"
    return cell_name(*origin)


def _cell_of(row: Row, path: str) -> str | None:
    """The cell a parameter's answer came from (合同!AM9), or None if the sheet gave none."""
    loc = tuple(path.split("."))
    return _where(row, loc) if any(key[: len(loc)] == loc for key in row.origins) else None


def _finding_cells(row: Row, failures) -> list[str]:
    """The cells of the answers a failing finding is about (a rule's parameters, not the condition that makes
    it apply: 合同!AM9 for ip.shares; an item's placeholder answers), so that a clerk finds what to change; an
    item missing altogether has none."""
    cells = [_cell_of(row, path) for failure in failures for path in failure.paths]
    return list(dict.fromkeys(cell for cell in cells if cell))


def _finished(job: Job, path: Path, row_digest: str) -> bool | None:
    """For an existing output: True if the last run made it from this same row (skip it), False
    if it is someone else's file (do not overwrite), None if it does not exist."""
    if not path.exists():
        return None
    if not job.skip_existing:
        return False
    recorded = job.done.get(path.name)
    return recorded is not None and recorded == (hashlib.sha256(path.read_bytes()).hexdigest(), row_digest)


class _Row:
    """A row on its way through the stages of ``produce_many``."""

    __slots__ = ("result", "stem", "targets", "state", "deal", "contract", "data", "done", "row", "kept")

    def __init__(self, result: RowResult, stem: str, targets: dict, state: dict, row: Row):
        self.result, self.stem, self.targets, self.state, self.row = result, stem, targets, state, row
        self.deal = self.contract = None
        self.data: dict[str, bytes] = {}
        self.done = False
        self.kept = False  # every file is the last run's for this row: checked again for the report, not redrafted


def produce(job: Job, row: Row, stem: str) -> RowResult:
    """Validate, assemble, check and render one row; write its files. Never raises."""
    return produce_many(job, [(row, stem)])[0]


def produce_many(job: Job, rows: list[tuple[Row, str]]) -> list[RowResult]:
    """Rows a stage at a time — all validated, then all drafted, then all rendered, then all
    written — so that each stage's code and data stay in the processor's caches (a quarter
    faster than row by row, benchmarks/batch.py). Each row stands alone: one that fails is
    reported and never stops the others. Never raises."""
    pending = [_start(job, row, stem) for row, stem in rows]
    for stage in (_draft, _render, _write):
        for item in pending:
            if not item.done:
                try:
                    stage(job, item)
                except IncompleteDraft as exc:
                    item.result.status, item.done = INCOMPLETE, True
                    item.result.missing = [f.missing_text() for f in exc.report.failures]
                    item.result.messages.append("未通过必备事项检查，未生成 / fails the mandatory check, not written")
                except Exception as exc:  # one broken row must never stop the others
                    item.result.status, item.done = ERROR, True
                    item.result.messages.append(f"{type(exc).__name__}: {exc}")
    return [item.result for item in pending]


def _start(job: Job, row: Row, stem: str) -> _Row:
    """The row's targets, what exists of them, and its deal (or why it has none)."""
    model = DEAL_MODELS[job.family]
    result = RowResult(row.number, row.contract_no, OK, digest=digest(row.data))
    outdir = Path(job.outdir)
    targets = {fmt: outdir / f"{stem}.{fmt}" for fmt in job.formats}
    state = {fmt: (None if job.dry_run or job.force else _finished(job, path, result.digest)) for fmt, path in targets.items()}
    item = _Row(result, stem, targets, state, row)
    if state and all(state.values()):
        result.status, item.kept = DONE, True
        result.files = [(str(p), hashlib.sha256(p.read_bytes()).hexdigest()) for p in targets.values()]
    result.reminders += row.notes  # what the sheet shows of the row: hidden, a phone kept as a number, a merged cell…
    try:
        item.deal = model.model_validate({**row.data, "family": job.family})
        # typed, but the other answers make it inapplicable (出境数据范围 with 向境外传输数据 否): said, as the web form
        # says it (reminders walkthrough L7), not dropped silently
        typed = item.deal.model_dump(mode="json", exclude_unset=True)  # 是/否 read as yes or no, as the conditions need
        ignored = [tuple(int(p) if p.isdigit() else p for p in path.split(".")) for path in prune(model, typed)[1].ignored]
        if ignored:
            result.reminders.append("不计入合同的回答 / answers left out：" + "；".join(
                f"{_where(row, loc)} {' › '.join(model_paths.titles(model, loc))}" for loc in ignored)
                + "（其他回答使其不适用 / not applicable given the other answers）")
    except ValidationError as exc:
        if item.kept:  # cannot be (the same row made these files): leave the files as they are
            item.done = True
            return item
        result.status, item.done = INVALID, True
        for err in exc.errors():
            loc = tuple(err["loc"])
            result.cells.append(_where(row, loc))
            result.messages.append(f"{' › '.join(model_paths.titles(model, loc))}：{message_for(err)}")
    return item


def _draft(job: Job, item: _Row) -> None:
    family = cached_family(job.family, None, Path(job.library) if job.library else None)
    if item.kept:  # a draft kept from the last run: the report still says what it lacks (walkthrough F5)
        _, report = draft(item.deal, allow_incomplete=True, family=family)
        item.result.missing = [f.missing_text() for f in report.failures]
        item.result.reminders += reminders(report, item.row, item.deal)
        item.done = True
        return
    try:
        item.contract, report = draft(item.deal, allow_incomplete=job.allow_incomplete, family=family)
    except IncompleteDraft as exc:  # reported by produce_many; the cells are known here
        item.result.cells += _finding_cells(item.row, exc.report.failures)
        raise
    if not report.ok:
        item.result.missing = [f.missing_text() for f in report.failures]
        item.result.cells += _finding_cells(item.row, report.failures)
    item.result.reminders += reminders(report, item.row, item.deal)
    if job.dry_run:
        item.result.status, item.done = CHECKED, True


def _render(job: Job, item: _Row) -> None:
    """The files to write, and those to compare with what a stopped run left (a draft is
    byte-identical for the same row)."""
    for fmt, known in item.state.items():
        if fmt != "pdf" and (known is None or (known is False and job.skip_existing)):
            item.data[fmt] = render(item.contract, fmt, job.template)


def _write(job: Job, item: _Row) -> None:
    result, state, kept = item.result, item.state, 0
    for fmt, path in item.targets.items():
        data = item.data.get(fmt)
        if state[fmt] is False and data is not None:
            if path.is_file() and path.stat().st_size == len(data) and path.read_bytes() == data:
                state[fmt] = True  # made by a run that was stopped before its manifest
        if state[fmt] is False:
            result.status = EXISTS
            result.messages.append(
                f"{path.name} 已存在，未覆盖：不是上次运行为该行生成的文件（文件已被改动、该行数据已改，或文件另有来源），加 --force "
                f"覆盖 / exists, not overwritten: not the file the last run made for this row" if job.skip_existing
                else f"{path.name} 已存在，未覆盖（加 --skip-existing 跳过已完成的行，或 --force 覆盖） / exists, not overwritten")
        elif state[fmt] is True:
            kept += 1
            result.files.append((str(path), hashlib.sha256(path.read_bytes()).hexdigest()))
        elif fmt != "pdf":  # pdf: converted for all rows at once, see _convert_pdfs
            write_atomic(path, data, force=job.force, durable=False)
            result.files.append((str(path), hashlib.sha256(data).hexdigest()))
    item.data = {}  # the chunk's other rows are still on their way: let this one's bytes go
    if kept == len(item.targets) and result.status == OK:
        result.status = DONE
    if state.get("pdf") is None and "pdf" in item.targets and result.status == OK:
        source = item.targets.get("docx")
        if source is None:
            source = Path(job.scratch) / f"{item.stem}.docx"
            source.write_bytes(render(item.contract, "docx", job.template))
        result.pdf_source = str(source)
