"""The aicontract command line: a thin shell over the Python API.

Exit codes: 0 done; 1 the draft fails a mandatory check; 2 bad input (unreadable
file, invalid deal, existing output without --force).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from pydantic import ValidationError

from . import __version__
from .assemble import assemble
from .check import check as check_contract
from .deal_io import DealError, load_deal
from .drafting import IncompleteDraft, draft as draft_contract
from .library import LibraryError, bundled_family, families
from .models import DEAL_MODELS
from .output import OutputExists, write_atomic
from .render import FORMATS, render

EXIT_OK, EXIT_CHECK_FAILED, EXIT_BAD_INPUT = 0, 1, 2


def _fail(message: str, code: int = EXIT_BAD_INPUT):
    click.echo(message, err=True)
    sys.exit(code)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="aicontract")
def main():
    """aicontract：政务领域人工智能技术合作合同起草工具。

    Drafts Chinese contracts for government AI technology cooperation from a deal
    file (YAML/JSON), following 《政务领域人工智能技术合作合规指南》.
    """


@main.command()
@click.argument("deal_file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="输出文件；格式由扩展名决定 / output file; format from the suffix: " + ", ".join("." + f for f in FORMATS),
)
@click.option("--force", is_flag=True, help="覆盖已存在的输出文件 / overwrite an existing output file")
@click.option(
    "--allow-incomplete",
    is_flag=True,
    help="必备事项未满足时仍写出草稿，首页标明缺项 / write a draft that fails the check, marked as incomplete on page 1",
)
@click.option("--library", type=click.Path(file_okay=False, exists=True, path_type=Path),
              help="本所条款库，叠加在内置条款库之上 / your clause folder, layered over the bundled library")
@click.option("--template", type=click.Path(dir_okay=False, exists=True, path_type=Path),
              help="本所 Word 模板 / your own Word template (.docx)")
@click.option("--manifest", is_flag=True, help="另写 OUT.manifest.json：输出和输入的 SHA-256 / also write hashes of output and inputs")
def draft(deal_file: Path, output: Path, force: bool, allow_incomplete: bool, library: Path | None,
          template: Path | None, manifest: bool):
    """起草合同：读取合同参数文件，检查必备事项，写出合同草稿。 / Draft a contract from DEAL_FILE.

    The draft is checked against 指南 第三十四—三十六条 first; one that fails is not
    written (exit 1) unless --allow-incomplete."""
    fmt = output.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        _fail(f"{output}: 不支持的输出格式 / unsupported format '.{fmt}'; use one of: {', '.join('.' + f for f in FORMATS)}")
    if output.exists() and not force:
        _fail(str(OutputExists(output)))
    try:
        deal = load_deal(deal_file)
    except DealError as exc:
        _fail(exc.report())
    family = _family(deal.family, library)
    try:
        contract, report = draft_contract(deal, allow_incomplete=allow_incomplete, family=family)
    except IncompleteDraft as exc:
        lines = [f.line() for f in exc.report.failures]
        _fail(
            "草稿未通过必备事项检查，未写出 / the draft fails the mandatory check and was not written:\n  "
            + "\n  ".join(lines)
            + "\n补充后重试，或加 --allow-incomplete 写出标明缺项的草稿 / fix and retry, or use --allow-incomplete",
            EXIT_CHECK_FAILED,
        )
    if not report.ok:
        click.echo(f"注意：草稿未完成，首页已列明 {len(report.failures)} 处缺项 / incomplete draft, gaps listed on page 1", err=True)
    from .render.docx import TemplateFileError

    try:
        data = render(contract, fmt, template)
        write_atomic(output, data, force=force)
        if manifest:
            from .audit import manifest_for

            record = manifest_for(output, data, deal_file, family, template)
            write_atomic(output.with_name(output.name + ".manifest.json"), record, force=force)
    except OutputExists as exc:
        _fail(str(exc))
    except TemplateFileError as exc:
        _fail(str(exc))
    click.echo(f"已生成 / written: {output}")


def _family(family_id: str, library: Path | None):
    """The clause library for this deal: bundled, or with a firm's folder layered over it."""
    from .library import cached_family

    try:
        return cached_family(family_id, None, library.resolve() if library else None)
    except LibraryError as exc:
        _fail(f"条款库有误 / clause library error:\n{exc}")


@main.command()
@click.argument("deal_file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="输出格式 / output format")
@click.option("--library", type=click.Path(file_okay=False, exists=True, path_type=Path),
              help="本所条款库，叠加在内置条款库之上 / your clause folder, layered over the bundled library")
def check(deal_file: Path, fmt: str, library: Path | None):
    """检查必备事项：指南 第三十四—三十六条及一致性规则。 / Check a deal's draft against 第三十四—三十六条.

    One line per item and per rule. Exit 0 when all pass, 1 when a mandatory item or a
    rule fails, 2 when the deal cannot be read."""
    try:
        deal = load_deal(deal_file)
    except DealError as exc:
        _fail(exc.report())
    family = _family(deal.family, library)
    report = check_contract(assemble(deal, family), deal, family)
    click.echo(report.json() if fmt == "json" else report.text())
    sys.exit(EXIT_OK if report.ok else EXIT_CHECK_FAILED)


@main.command()
@click.option("--family", "family_id", type=click.Choice(families()), help="只列出该合同类型 / only this family")
def clauses(family_id: str | None):
    """列出条款库：条款编号、标题、出处。 / List the clause library: id, title, source."""
    for fid in [family_id] if family_id else families():
        family = bundled_family(fid)
        click.echo(f"# {fid}  {family.spec.title}  (v{family.spec.version}, {family.spec.source})")
        for section in family.sections:
            for clause in section.clauses:
                options = f"  [选项: {' / '.join(clause.options)}]" if clause.options else ""
                click.echo(f"{clause.id}\t{clause.title}\t{clause.source}{options}")


@main.command()
@click.argument("family_id", type=click.Choice(sorted(DEAL_MODELS)))
def schema(family_id: str):
    """输出合同参数的 JSON Schema。 / Print the JSON Schema of a family's deal."""
    click.echo(json.dumps(DEAL_MODELS[family_id].model_json_schema(), ensure_ascii=False, indent=2))


@main.command("ip-options")
@click.option("--deal", "deal_file", type=click.Path(dir_okay=False, path_type=Path),
              help="标出该合同参数文件所选的选项 / mark the option this deal chose")
@click.option("--format", "fmt", type=click.Choice(["terminal", "md", "docx"]), default="terminal", show_default=True,
              help="terminal 表格 / Markdown / Word 备忘录")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="写入文件（docx 必填） / write to a file (required for docx)")
@click.option("--force", is_flag=True, help="覆盖已存在的输出文件 / overwrite an existing output file")
@click.option("--all", "show_all", is_flag=True, help="同时列出科技部合同（第十六、二十二条）的选项 / also the 科技部 form's options")
def ip_options(deal_file: Path | None, fmt: str, output: Path | None, force: bool, show_all: bool):
    """比较知识产权归属选项：权利归属、使用、许可、转让、同意、申请、维权、风险。
    / Compare the IP ownership options side by side (指南 第三十六条, 附录二 7.2)."""
    from .ip_options import chosen_option, load_options, render_docx, render_markdown, render_terminal

    options = load_options()
    groups = options.groups if show_all else [options.group("ownership")]
    chosen = None
    if deal_file:
        try:
            chosen = chosen_option(load_deal(deal_file))
        except DealError as exc:
            _fail(exc.report())
    if fmt == "docx":
        if output is None:
            _fail("--format docx 需要 -o 输出文件 / --format docx needs -o FILE")
        data = render_docx(groups, chosen)
    else:
        text = render_markdown(groups, chosen) if fmt == "md" else render_terminal(groups, chosen)
        if output is None:
            click.echo(text)
            return
        data = text.encode("utf-8")
    try:
        write_atomic(output, data, force=force)
    except OutputExists as exc:
        _fail(str(exc))
    click.echo(f"已生成 / written: {output}")


@main.command("sheet-template")
@click.option("--family", "family_id", type=click.Choice(sorted(DEAL_MODELS)), default="cooperation", show_default=True)
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path), help="输出 .xlsx 文件")
@click.option("--force", is_flag=True, help="覆盖已存在的输出文件 / overwrite an existing output file")
def sheet_template(family_id: str, output: Path, force: bool):
    """生成批量起草用的 Excel 模板（含示例行、下拉选项和填写说明）。
    / Write a spreadsheet template for batch drafting, derived from the deal model."""
    from .deal_io import parse_text
    from .sheet import write_template

    from importlib import resources

    example_path = resources.files("aicontract.examples") / f"{family_id}.yaml"
    example = parse_text(example_path.read_text(encoding="utf-8"))[0] if example_path.is_file() else None
    try:
        write_atomic(output, write_template(DEAL_MODELS[family_id], [example] if example else []), force=force)
    except OutputExists as exc:
        _fail(str(exc))
    click.echo(f"已生成 / written: {output}")


@main.command()
@click.argument("sheet", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--family", "family_id", type=click.Choice(sorted(DEAL_MODELS)), default="cooperation", show_default=True)
@click.option("-o", "--outdir", required=True, type=click.Path(file_okay=False, path_type=Path), help="输出文件夹")
@click.option("--format", "formats", default="docx", show_default=True,
              help="逗号分隔：docx,md,txt,pdf / comma-separated output formats")
@click.option("--jobs", type=int, default=None, help="并行进程数，默认全部 CPU / worker processes (default: all cores)")
@click.option("--force", is_flag=True, help="覆盖已存在的文件 / overwrite existing files")
@click.option("--allow-incomplete", is_flag=True, help="未满足必备事项的行也生成草稿（首页标明缺项）")
@click.option("--name-column", default=None, help="用作文件名的字段，默认 contract_no / field naming the files")
@click.option("--library", type=click.Path(file_okay=False, exists=True, path_type=Path),
              help="本所条款库，叠加在内置条款库之上 / your clause folder, layered over the bundled library")
@click.option("--template", type=click.Path(dir_okay=False, exists=True, path_type=Path),
              help="本所 Word 模板 / your own Word template (.docx)")
def batch(sheet: Path, family_id: str, outdir: Path, formats: str, jobs: int | None, force: bool,
          allow_incomplete: bool, name_column: str | None, library: Path | None, template: Path | None):
    """批量起草：电子表格（.xlsx/.csv）每行一份合同。 / Draft one contract per spreadsheet row.

    Writes OUTDIR/report.csv (one line per row) and OUTDIR/manifest.json (SHA-256 of every
    file). Exit 0 when every row succeeded, 1 when some failed, 2 when the input cannot be read."""
    from .batch import run_batch
    from .render.docx import TemplateFileError
    from .sheet import SheetError

    chosen = tuple(f.strip().lower().lstrip(".") for f in formats.split(",") if f.strip())
    unknown = [f for f in chosen if f not in FORMATS]
    if unknown or not chosen:
        _fail(f"不支持的格式 / unsupported format: {', '.join(unknown) or formats}; use {', '.join(FORMATS)}")
    try:
        if sys.stderr.isatty():
            from rich.progress import Progress

            with Progress(transient=True) as bar:
                task = bar.add_task("起草 / drafting", total=None)
                summary = run_batch(sheet, family_id, outdir, chosen, jobs, force, allow_incomplete, name_column,
                                    progress=lambda n: bar.advance(task, n), library=library, template=template,
                                    start=lambda total: bar.update(task, total=total))
        else:
            summary = run_batch(sheet, family_id, outdir, chosen, jobs, force, allow_incomplete, name_column,
                                library=library, template=template)
    except (SheetError, OSError) as exc:
        _fail(f"无法读取 / cannot read: {exc}")
    except (LibraryError, TemplateFileError) as exc:
        _fail(str(exc))
    for result in summary.results:
        if result.status != "ok":
            click.echo(f"第{result.row}行 row {result.row}（{result.contract_no or '—'}）：{result.status} "
                       f"{'；'.join(c + ' ' + m for c, m in zip(result.cells, result.messages)) or '；'.join(result.messages)}"
                       f"{'；缺项：' + '；'.join(result.missing) if result.missing else ''}", err=True)
    click.echo(summary.text())
    sys.exit(EXIT_CHECK_FAILED if summary.failed else EXIT_OK)


@main.command()
@click.option("--family", "family_id", type=click.Choice(sorted(DEAL_MODELS)), default="cooperation", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="保存回答的文件（默认 deal.yaml；--blank 时默认输出到屏幕）")
@click.option("--resume", type=click.Path(dir_okay=False, exists=True, path_type=Path), help="从中断时保存的回答继续")
@click.option("--blank", is_flag=True, help="输出带注释的空白回答文件，在编辑器中填写 / print an annotated blank answers file")
@click.option("--force", is_flag=True, help="覆盖已存在的输出文件 / overwrite an existing output file")
def questionnaire(family_id: str, output: Path | None, resume: Path | None, blank: bool, force: bool):
    """问卷：逐题回答，生成合同参数文件和草稿。 / Answer questions in Chinese; get a deal file and a draft.

    During the interview: < goes back one question, ? shows the help again, Ctrl-C or Ctrl-D
    saves the answers so far (continue with --resume FILE)."""
    from .deal_io import bundled_example
    from .questionnaire import Interview, blank_yaml, run_terminal

    model = DEAL_MODELS[family_id]
    if blank:
        text = blank_yaml(model, family_id, bundled_example(family_id))
        if output is None:
            click.echo(text, nl=False)
            return
        try:
            write_atomic(output, text.encode("utf-8"), force=force)
        except OutputExists as exc:
            _fail(str(exc))
        click.echo(f"已生成 / written: {output}")
        return
    output = output or resume or Path("deal.yaml")
    if output.exists() and output != resume and not force:
        _fail(str(OutputExists(output)))
    interview = Interview.resume(model, family_id, resume.read_text(encoding="utf-8")) if resume else Interview(model, family_id)

    def save(note: str) -> None:
        write_atomic(output, interview.save_text().encode("utf-8"), force=True)
        click.echo(f"\n{note}：{output}")

    click.echo(f"aicontract 问卷 / questionnaire — {model.model_config.get('title', family_id)}")
    click.echo("输入 < 返回上一题，? 查看说明，Ctrl-C 保存并退出 / < back, ? help, Ctrl-C save and quit")
    try:
        run_terminal(interview, ask=input, say=click.echo)
    except (EOFError, KeyboardInterrupt):
        save(f"已保存目前的回答，继续请运行 / saved; continue with: aicontract questionnaire --family {family_id} --resume")
        sys.exit(EXIT_CHECK_FAILED)
    try:
        deal = interview.deal()
    except ValidationError as exc:
        save("回答尚不完整，已保存 / answers saved, not yet complete")
        from .deal_io import problems_from

        for problem in problems_from(exc, model):
            click.echo(f"  - {problem}", err=True)
        sys.exit(EXIT_CHECK_FAILED)
    save("已保存回答 / answers saved")
    click.echo("\n回答摘要 / summary\n" + interview.save_text().split("# aicontract-questionnaire-state")[0])
    contract, report = draft_contract(deal, allow_incomplete=True)
    click.echo(report.text())
    try:
        if not _confirm("现在生成合同草稿（.docx）吗？/ write the draft now?"):
            return
        if not report.ok and not _confirm("草稿未通过检查，仍要生成首页标明缺项的草稿吗？/ write it marked incomplete?"):
            return
        target = Path(input(f"文件名 / file [{output.with_suffix('.docx').name}]> ").strip() or output.with_suffix(".docx"))
    except (EOFError, KeyboardInterrupt):
        return
    try:
        write_atomic(target, render(contract, "docx"), force=force)
    except OutputExists as exc:
        _fail(str(exc))
    click.echo(f"已生成 / written: {target}")


def _confirm(question: str) -> bool:
    while True:
        answer = input(f"{question} [是/否]> ").strip().lower()
        if answer in ("是", "y", "yes"):
            return True
        if answer in ("否", "n", "no"):
            return False


@main.command()
@click.argument("document", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json", "docx"]), default="text", show_default=True,
              help="终端报告 / JSON / Word 审查意见")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="写入文件（docx 必填）")
@click.option("--force", is_flag=True, help="覆盖已存在的输出文件 / overwrite an existing output file")
def review(document: Path, fmt: str, output: Path | None, force: bool):
    """审查合同：对照指南 第三十四—三十六条逐项检查（.docx/.txt/.md）。
    / Review a contract (.docx, .txt, .md) against 第三十四—三十六条.

    Exit 0 when every item is covered and nothing is wrong, 1 otherwise, 2 if unreadable."""
    from .review import memo_docx
    from .review import review as review_document

    if document.suffix.lower() not in (".docx", ".txt", ".md"):
        _fail(f"{document}: 只能审查 .docx、.txt、.md / only .docx, .txt and .md can be reviewed")
    try:
        result = review_document(document)
    except (OSError, UnicodeDecodeError, ValueError, KeyError) as exc:
        _fail(f"{document}: 无法读取 / cannot read: {exc}")
    if fmt == "docx":
        if output is None:
            _fail("--format docx 需要 -o 输出文件 / --format docx needs -o FILE")
        data = memo_docx(result)
    else:
        text = result.json() if fmt == "json" else result.text()
        if output is None:
            click.echo(text)
            data = None
        else:
            data = (text + "\n").encode("utf-8")
    if data is not None:
        try:
            write_atomic(output, data, force=force)
        except OutputExists as exc:
            _fail(str(exc))
        click.echo(f"已生成 / written: {output}")
    clean = all(i.status == "covered" for i in result.items) and all(f.ok for f in result.findings)
    sys.exit(EXIT_OK if clean else EXIT_CHECK_FAILED)


def run():
    """Console entry: clause-library errors are reported, not thrown."""
    try:
        main()
    except LibraryError as exc:
        _fail(f"条款库有误 / clause library error:\n{exc}")

if __name__ == "__main__":  # python -m aicontract.cli
    run()
