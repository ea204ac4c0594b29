"""The aicontract command line: a thin shell over the Python API.

Exit codes: 0 done; 1 the draft fails a mandatory check; 2 bad input (unreadable file,
invalid deal, existing output without --force, a mistyped option); 130 stopped (Ctrl-C, SIGTERM). Every error aicontract reports is an
``AicontractError`` carrying its exit code; the command group catches that one class.
"""

from __future__ import annotations

import json
import re
import signal
import sys
from pathlib import Path

import click

from . import batch as batch_module
from . import ip_options as ip
from .cli_common import (
    allow_incomplete_option,
    emit,
    fail,
    family_option,
    firm_library,
    force_option,
    library_option,
    output_option,
    template_option,
    write_file,
)
from .cli_documents import compare_command, deviations, review
from .drafting import assemble
from .drafting import check as check_contract
from .drafting import draft as draft_contract
from .errors import EXIT_BAD_INPUT, EXIT_CHECK_FAILED, EXIT_OK, EXIT_STOPPED, AicontractError
from .io.deal_file import bundled_example, load_deal, parse_text, read_answers
from .io.manifest import manifest_for
from .io.output import OutputExists, write_atomic
from .io.sheet_template import write_template
from .library import bundled_family, families
from .library.ip_options import load_options
from .models import DEAL_MODELS
from .questionnaire import blank_yaml, interview_in_terminal
from .render import FORMATS, render
from .render.docx import bundled_template
from .render.sources import with_sources
from .version import __version__

EXIT_INTERNAL = 3  # a bug in aicontract, not something the user did
REPORT_TO = "请将此消息和 --debug 的输出发给 aicontract 的维护者 / please report this with the output of --debug"


_USAGE = [  # click's own messages, in Chinese first (the English follows)
    (re.compile(r"^(?:File|Directory|Path) '(.*)' is a directory\.$"), "“{0}”是文件夹，这里要的是文件"),
    (re.compile(r"^(?:File|Directory|Path) '(.*)' is a file\.$"), "“{0}”是文件，这里要的是文件夹"),
    (re.compile(r"^(?:File|Directory|Path) '(.*)' does not exist\.$"), "“{0}”不存在"),
    (re.compile(r"^(?:File|Directory|Path) '(.*)' is not (?:readable|writable)\.$"), "“{0}”没有读写权限"),
    (re.compile(r"^Missing option (.*)\.$"), "缺少选项 {0}"),
    (re.compile(r"^Missing argument (.*)\.$"), "缺少参数 {0}"),
    (re.compile(r"^No such option: (\S+)"), "没有选项 {0}"),
    (re.compile(r"^No such option '(\S+)'"), "没有选项 {0}"),  # click 8.2's wording
    (re.compile(r"^No such command '(.*)'\."), "没有命令 {0}"),
    (re.compile(r"^'(.*)' is not one of (.*)\.$"), "“{0}”须为 {1} 之一"),
    (re.compile(r"^'(.*)' is not a valid integer"), "“{0}”须为整数"),
]


def usage_message(exc: click.UsageError) -> str:
    """One line: what is wrong in Chinese, then click's English, then where the help is."""
    english = exc.format_message().splitlines()[-1].strip()
    english = english.split(": ", 1)[1] if english.startswith("Invalid value for") and ": " in english else english
    chinese = next((template.format(*m.groups()) for pattern, template in _USAGE if (m := pattern.search(english))),
                   "命令参数有误")
    # the subcommand's path after the program's name, however it was started (aicontract, python -m aicontract.cli)
    below = exc.ctx.command_path[len(exc.ctx.find_root().command_path):].split() if exc.ctx is not None else []
    command = " ".join(["aicontract", *below])
    return f"{chinese} / {english}（{command} --help）"


class _Commands(click.Group):
    """Runs a command; an AicontractError becomes its message on stderr and its exit code; any
    other exception is a bug: a short message, the traceback only with --debug. Click's own
    usage errors are said in Chinese and English on one line (exit 2)."""

    def main(self, *args, standalone_mode: bool = True, **kwargs):
        if not standalone_mode:
            return super().main(*args, standalone_mode=False, **kwargs)
        try:
            code = super().main(*args, standalone_mode=False, **kwargs)
        except click.UsageError as exc:
            click.echo(usage_message(exc), err=True)
            sys.exit(EXIT_BAD_INPUT)
        except click.ClickException as exc:
            exc.show()
            sys.exit(exc.exit_code)
        except (click.Abort, KeyboardInterrupt):
            click.echo("已中止 / stopped", err=True)
            sys.exit(EXIT_STOPPED)
        sys.exit(code if isinstance(code, int) else EXIT_OK)

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except AicontractError as exc:
            click.echo(exc.user_message(), err=True)
            ctx.exit(exc.exit_code)
        except MemoryError:
            click.echo("内存不足，输入过大 / out of memory: the input is too large", err=True)
            ctx.exit(EXIT_BAD_INPUT)
        except (click.exceptions.Exit, click.ClickException, click.Abort, SystemExit):
            raise
        except Exception as exc:  # noqa: BLE001 - the last line of defence: never a bare traceback
            if ctx.obj and ctx.obj.get("debug"):
                raise
            click.echo(f"内部错误 / internal error: {type(exc).__name__}: {exc}\n{REPORT_TO}", err=True)
            ctx.exit(EXIT_INTERNAL)


# --- the commands --------------------------------------------------------------------------------


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="aicontract")
@click.option("--debug", is_flag=True, help="内部错误时显示完整的错误跟踪 / show the traceback of an internal error")
@click.pass_context
def main(ctx: click.Context, debug: bool):
    """aicontract：政务领域人工智能技术合作合同起草工具。

    Drafts Chinese contracts for government AI technology cooperation from a deal
    file (YAML/JSON), following 《政务领域人工智能技术合作合规指南》.
    """
    ctx.obj = {"debug": debug}


@main.command()
@click.argument("deal_file", type=click.Path(dir_okay=False, path_type=Path))
@output_option("输出文件；格式由扩展名决定 / output file; format from the suffix: " + ", ".join("." + f for f in FORMATS),
               required=True)
@force_option
@allow_incomplete_option
@library_option
@template_option
@click.option("--manifest", is_flag=True, help="另写 OUT.manifest.json：输出和输入的 SHA-256 / also write hashes of output and inputs")
@click.option("--sources", is_flag=True, help="每一条款的来源作为 Word 批注（仅 .docx） / each clause's source as a Word comment")
def draft(deal_file: Path, output: Path, force: bool, allow_incomplete: bool, library: Path | None,
          template: Path | None, manifest: bool, sources: bool):
    """起草合同：读取合同参数文件，检查必备事项，写出合同草稿。 / Draft a contract from DEAL_FILE.

    The draft is checked against 指南 第三十四—三十六条 first; one that fails is not
    written (exit 1) unless --allow-incomplete."""
    fmt = output.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        suffixes = "、".join("." + f for f in FORMATS)
        found = f"是“.{fmt}”" if fmt else "没有扩展名"
        fail(f"{output}: 输出文件的扩展名须为 {suffixes} 之一，而它{found} / the output file must end in one of {suffixes}")
    if sources and fmt != "docx":
        fail(f"{output}: --sources 只用于 .docx（来源是 Word 批注） / --sources needs a .docx output")
    if output.exists() and not force:
        raise OutputExists(output)
    deal = load_deal(deal_file)
    family = firm_library(deal.family, library)
    contract, report = draft_contract(deal, allow_incomplete=allow_incomplete, family=family)
    if not report.ok:
        click.echo(f"注意：草稿未完成，首页已列明 {len(report.failures)} 处缺项 / incomplete draft, gaps listed on page 1", err=True)
    data = render(contract, fmt, template)
    if sources:
        data = with_sources(data)
    write_atomic(output, data, force=force)
    if manifest:
        record = manifest_for(output, data, deal_file, family, template or bundled_template(family.spec.template))
        write_atomic(output.with_name(output.name + ".manifest.json"), record, force=force)
    click.echo(f"已生成 / written: {output}", err=True)


@main.command()
@click.argument("deal_file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="输出格式 / output format")
@library_option
def check(deal_file: Path, fmt: str, library: Path | None):
    """检查必备事项：指南 第三十四—三十六条所列内容（aicontract 作为必备）及一致性规则。 / Check a deal's draft against 第三十四—三十六条.

    One line per item and per rule. Exit 0 when all pass, 1 when a mandatory item or a
    rule fails, 2 when the deal cannot be read."""
    deal = load_deal(deal_file)
    family = firm_library(deal.family, library)
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


@main.command("ip-options", short_help="知识产权归属选项对比：各选项的含义和后果。 / Compare the IP ownership options.")
@click.option("--deal", "deal_file", type=click.Path(dir_okay=False, path_type=Path),
              help="标出该合同参数文件所选的选项 / mark the option this deal chose")
@click.option("--format", "fmt", type=click.Choice(["terminal", "md", "docx"]), default="terminal", show_default=True,
              help="terminal 表格 / Markdown / Word 备忘录")
@output_option("写入文件（docx 必填） / write to a file (required for docx)")
@force_option
@click.option("--all", "show_all", is_flag=True, help="同时列出科技部合同（第十六、二十二条）的选项 / also the 科技部 form's options")
def ip_options(deal_file: Path | None, fmt: str, output: Path | None, force: bool, show_all: bool):
    """比较知识产权归属选项：归属、法律默认规则、专利、软件著作权、技术秘密、源代码、模型权重、使用、许可、转让、维权、风险。
    / Compare the IP ownership options side by side (指南 第三十六条, 附录二 7.2); with --deal, the
    deal's choice is marked (a 技术开发（委托）合同 shows its 第十六条 options)."""
    options = load_options()
    group_id, chosen = ip.chosen_option(load_deal(deal_file)) or (None, None) if deal_file else (None, None)
    groups = options.groups if show_all else [options.group(group_id or "ownership")]
    if fmt == "docx":
        if output is None:
            fail("--format docx 需要 -o 输出文件 / --format docx needs -o FILE")
        write_file(output, ip.comparison_docx(groups, chosen), force)
    else:
        emit(ip.render_markdown(groups, chosen) if fmt == "md" else ip.render_terminal(groups, chosen), output, force)


@main.command("sheet-template")
@family_option
@output_option("输出 .xlsx 文件", required=True)
@force_option
def sheet_template(family_id: str, output: Path, force: bool):
    """生成批量起草用的 Excel 模板（含示例行、下拉选项和填写说明）。
    / Write a spreadsheet template for batch drafting, derived from the deal model."""
    example = bundled_example(family_id)
    write_file(output, write_template(DEAL_MODELS[family_id], example=example), force)


@main.command()
@click.argument("sheet", type=click.Path(dir_okay=False, path_type=Path))
@family_option
@click.option("-o", "--outdir", required=True, type=click.Path(file_okay=False, path_type=Path), help="输出文件夹")
@click.option("--format", "formats", default="docx", show_default=True,
              help="逗号分隔：docx,md,txt,pdf / comma-separated output formats")
@click.option("--jobs", type=int, default=None, help="并行进程数，默认全部 CPU / worker processes (default: all cores)")
@click.option("--force", is_flag=True, help="覆盖已存在的文件 / overwrite existing files")
@click.option("--skip-existing", is_flag=True,
              help="上次已完成的行（文件与 manifest.json 一致）计为完成，只补做其余 / count rows finished last time as done")
@click.option("--dry-run", is_flag=True, help="只检查每一行，只写 report-dry-run.csv / check every row, write only its report")
@allow_incomplete_option
@click.option("--name-column", default=None, help="用作文件名的字段，默认 contract_no / field naming the files")
@library_option
@template_option
def batch(sheet: Path, family_id: str, outdir: Path, formats: str, jobs: int | None, force: bool, skip_existing: bool,
          dry_run: bool, allow_incomplete: bool, name_column: str | None, library: Path | None, template: Path | None):
    """批量起草：电子表格（.xlsx/.csv）每行一份合同。 / Draft one contract per spreadsheet row.

    Writes OUTDIR/report.csv (one line per row) and OUTDIR/manifest.json (SHA-256 of every
    file). Exit 0 when every row succeeded (or was done already with --skip-existing), 1 when
    some failed, 2 when the input cannot be read."""
    if force and skip_existing:
        fail("--force 与 --skip-existing 不能同时使用 / --force and --skip-existing exclude each other")
    if jobs is not None and jobs < 1:
        fail(f"--jobs 应为 1 或更大的整数（不写则用全部 CPU） / --jobs must be 1 or more: {jobs}")
    chosen = tuple(f.strip().lower().lstrip(".") for f in formats.split(",") if f.strip())
    unknown = [f for f in chosen if f not in FORMATS]
    if unknown or not chosen:
        fail(f"不支持的格式 / unsupported format: {', '.join(unknown) or formats}; use {', '.join(FORMATS)}")
    options = dict(jobs=jobs, force=force, allow_incomplete=allow_incomplete, name_column=name_column,
                   library=library, template=template, dry_run=dry_run, skip_existing=skip_existing)
    try:
        if sys.stderr.isatty():
            from rich.progress import Progress

            with Progress(transient=True) as bar:
                task = bar.add_task("起草 / drafting", total=None)
                pdfs = []  # the PDF step's own bar, once it starts (clerk walkthrough M5: 100 % for its whole length)

                def pdf_progress(done: int, total: int) -> None:
                    pdfs or pdfs.append(bar.add_task("生成 PDF / PDF", total=total))
                    bar.update(pdfs[0], completed=done)

                summary = batch_module.run_batch(sheet, family_id, outdir, chosen, **options,
                                                 progress=lambda n: bar.advance(task, n),
                                                 start=lambda total: bar.update(task, total=total), pdf_progress=pdf_progress)
        else:
            summary = batch_module.run_batch(sheet, family_id, outdir, chosen, **options)
    except KeyboardInterrupt:  # Ctrl-C or SIGTERM: what was written stays, nothing half-written does
        signal.signal(signal.SIGTERM, signal.SIG_IGN)  # a second kill while it says so changes nothing (clerk walkthrough M4)
        fail("已中止：已写出的文件完整保留，未写完的没有留下；加 --skip-existing 重新运行同一命令，接着起草其余各行 / stopped: "
             "rerun the same command with --skip-existing to continue", EXIT_STOPPED)
    for line in [f"注意 / note：{note}" for note in summary.notes] + summary.problem_lines():  # notes on the sheet first
        click.echo(line, err=True)
    click.echo(summary.text(notes=False))
    sys.exit(EXIT_CHECK_FAILED if summary.failed else EXIT_OK)


@main.command()
@family_option
@output_option("保存回答的文件（默认 deal.yaml；--blank 时默认输出到屏幕）")
@click.option("--resume", type=click.Path(dir_okay=False, exists=True, path_type=Path), help="从中断时保存的回答继续")
@click.option("--blank", is_flag=True, help="输出带注释的空白回答文件，在编辑器中填写 / print an annotated blank answers file")
@force_option
@click.pass_context
def questionnaire(ctx: click.Context, family_id: str, output: Path | None, resume: Path | None, blank: bool,
                  force: bool):
    """问卷：逐题回答，生成合同参数文件和草稿。 / Answer questions in Chinese; get a deal file and a draft.

    During the interview: < goes back one question, ? shows the help again. Every answer is saved
    as it is given; after Ctrl-C, Ctrl-D or a closed terminal, --resume FILE continues (the
    contract type is the file's own)."""
    if resume is not None:
        family_id = _family_of_answers(resume, family_id, ctx.get_parameter_source("family_id"))
    if blank:
        text = blank_yaml(DEAL_MODELS[family_id], family_id, bundled_example(family_id))
        if output is None:
            click.echo(text, nl=False)
        else:
            write_file(output, text.encode("utf-8"), force)
        return
    sys.exit(interview_in_terminal(family_id, output or resume or Path("deal.yaml"), resume, force, say=click.echo))


def _family_of_answers(path: Path, asked: str, source) -> str:
    """The contract type an answers file was saved for; a --family that says otherwise is refused
    (resuming as another type would rewrite the file for it)."""
    data, _ = parse_text(read_answers(path), str(path))
    found = data.get("family") if isinstance(data, dict) else None
    if found not in DEAL_MODELS:
        return asked
    if source == click.core.ParameterSource.COMMANDLINE and asked != found:
        fail(f"{path}: 这是“{found}”的回答文件，与 --family {asked} 不一致 / the file holds answers for {found}, "
             f"not {asked}（去掉 --family 即可继续 / leave out --family to continue）")
    return found


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="监听地址；本机以外的地址须设置访问令牌 / address; any other than this machine's needs a token")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535), help="端口 / port")
@click.option("--token", default=None, help="访问令牌，每个请求都须提供（也可用环境变量 AICONTRACT_TOKEN） "
                                            "/ access token required on every request (or AICONTRACT_TOKEN)")
@click.option("--jobs", type=int, default=None, help="批量起草的并行进程数 / worker processes for batch runs")
@library_option
@template_option
def serve(host: str, port: int, token: str | None, jobs: int | None, library: Path | None, template: Path | None):
    """网页版和 JSON 接口：起草表单、知识产权选项、批量、审查。 / Serve the pages and the JSON API (/api/v1).

    Needs the optional dependencies: pip install 'aicontract[web]'."""
    try:
        from .web import serve as serve_web
    except ImportError as exc:
        fail(f"网页版需要安装可选依赖：pip install 'aicontract[web]' / the web front end needs: "
              f"pip install 'aicontract[web]' ({exc.name})")
    serve_web(host, port, token, library, template, jobs, say=click.echo)


for command in (review, compare_command, deviations):
    main.add_command(command)


def run():
    """Console entry point."""
    main()


if __name__ == "__main__":  # python -m aicontract.cli
    run()
