"""Commands over documents that already exist: ``review`` (a contract from the other side),
``compare`` (a draft that came back) and ``deviations`` (a firm's draft against the standard
form)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .cli_common import (
    check_target,
    comparison_out,
    emit,
    fail,
    firm_library,
    force_option,
    library_option,
    output_option,
    template_option,
    write_file,
)
from .compare import compare as compare_documents
from .compare.deviations import deviations as deviations_from_standard
from .errors import EXIT_CHECK_FAILED, EXIT_OK
from .io.deal_file import load_deal
from .review import annotated_docx, review_memo_docx
from .review import review as review_document


@click.command()
@click.argument("document", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json", "docx", "memo"]), default="text", show_default=True,
              help="终端报告 / JSON / 原文加批注的 Word 副本 / Word 审查意见书")
@output_option("写入文件（docx、memo 必填）")
@force_option
def review(document: Path, fmt: str, output: Path | None, force: bool):
    """审查合同：对照指南 第三十四—三十六条逐项检查（.docx/.doc/.wps/.pdf/.txt/.md）。
    / Review a contract against 第三十四—三十六条; --format docx writes a copy with Word comments.

    Exit 0 when every item is covered and nothing is wrong, 1 otherwise, 2 if unreadable."""
    if fmt in ("docx", "memo") and output is None:
        fail(f"--format {fmt} 需要 -o 输出文件 / --format {fmt} needs -o FILE.docx")
    check_target(output, force, docx=fmt in ("docx", "memo"), inputs=(document,))
    result = review_document(document)
    if fmt == "docx":
        write_file(output, annotated_docx(result), force)
    elif fmt == "memo":
        write_file(output, review_memo_docx(result), force)
    else:
        emit(result.json() if fmt == "json" else result.text(), output, force)
    sys.exit(EXIT_OK if result.clean else EXIT_CHECK_FAILED)


@click.command("compare")
@click.argument("ours", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("theirs", type=click.Path(dir_okay=False, path_type=Path))
@output_option("修订对照稿 .docx（Word 修订：接受全部 = 对方稿，拒绝全部 = 我方稿） / the redline .docx")
@click.option("--format", "fmt", type=click.Choice(["md", "json"]), default="md", show_default=True,
              help="变更清单的格式 / format of the change list")
@force_option
def compare_command(ours: Path, theirs: Path, output: Path | None, fmt: str, force: bool):
    """比较返回稿：逐条款列出对方的修改，生成带修订的 Word 对照稿。 / Compare THEIRS (the draft that came
    back) with OURS (the one sent).

    Prints the changes by clause (id, number, source) and what THEIRS' edits broke among the
    items of 第三十四—三十六条, amounts and references; -o writes the redline .docx. Exit 0 when
    nothing is broken, 1 when THEIRS fails something OURS met, 2 when a file cannot be read."""
    check_target(output, force, docx=True, inputs=(ours, theirs))
    result = compare_documents(ours, theirs)
    comparison_out(result, output, fmt, force)
    sys.exit(EXIT_CHECK_FAILED if result.broken else EXIT_OK)


@click.command()
@click.argument("deal_file", type=click.Path(dir_okay=False, path_type=Path))
@library_option
@template_option
@output_option("偏离对照稿 .docx（修订：拒绝全部 = 标准文本，接受全部 = 本所文本） / the redline .docx")
@click.option("--format", "fmt", type=click.Choice(["md", "json"]), default="md", show_default=True,
              help="清单的格式 / format of the list")
@force_option
def deviations(deal_file: Path, library: Path | None, template: Path | None, output: Path | None, fmt: str, force: bool):
    """偏离标准文本：用本所条款库（--library）起草的合同与标准文本逐条比较。 / Where a draft made with a
    firm's --library departs from the bundled standard text, clause by clause.

    Exit 0; 2 when the deal, the library or the output cannot be used."""
    if library is None:
        fail("deviations 需要 --library 本所条款库文件夹 / deviations needs --library DIR")
    check_target(output, force, docx=True, inputs=(deal_file,))
    deal = load_deal(deal_file)
    result = deviations_from_standard(deal, firm_library(deal.family, library), f"本所条款库 / firm library：{library}", template)
    comparison_out(result, output, fmt, force)
