"""What the command-line modules share: the options every command spells the same way, the
one way to fail (a message and exit 2), to write an output (atomically, never over a file without
--force) and to print a comparison."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .errors import EXIT_BAD_INPUT
from .io.output import OutputExists, write_atomic
from .library import cached_family
from .models import DEAL_MODELS


def fail(message: str, code: int = EXIT_BAD_INPUT):
    click.echo(message, err=True)
    sys.exit(code)


def write_file(output: Path, data: bytes, force: bool) -> None:
    write_atomic(output, data, force=force)
    click.echo(f"已生成 / written: {output}", err=True)


def emit(text: str, output: Path | None, force: bool) -> None:
    """Print ``text``, or write it to ``output``."""
    if output is None:
        click.echo(text)
    else:
        write_file(output, (text + "\n").encode("utf-8"), force)


# --- options shared by several commands --------------------------------------------------------

force_option = click.option("--force", is_flag=True, help="覆盖已存在的输出文件 / overwrite an existing output file")
library_option = click.option(
    "--library", type=click.Path(file_okay=False, exists=True, path_type=Path),
    help="本所条款库，叠加在内置条款库之上 / your clause folder, layered over the bundled library")
template_option = click.option(
    "--template", type=click.Path(dir_okay=False, exists=True, path_type=Path),
    help="本所 Word 模板 / your own Word template (.docx)")
family_option = click.option("--family", "family_id", type=click.Choice(sorted(DEAL_MODELS)), default="cooperation",
                             show_default=True, help="合同类型 / contract family")
allow_incomplete_option = click.option(
    "--allow-incomplete", is_flag=True,
    help="必备事项未满足时仍写出草稿，首页标明缺项 / write a draft that fails the check, marked as incomplete on page 1")


def output_option(help: str, required: bool = False):
    return click.option("-o", "--output", required=required, type=click.Path(dir_okay=False, path_type=Path), help=help)


def check_target(output: Path | None, force: bool, docx: bool, inputs: tuple[Path, ...] = ()) -> None:
    """Before any work: a .docx where one is written; no file replaced without --force, and never one
    the command reads (walkthrough L5: review -o its own input --force replaced the received contract)."""
    if docx and output is not None and output.suffix.lower() != ".docx":
        fail(f"{output}: 输出须为 .docx 文件 / the output must be a .docx file")
    if output is not None and output.resolve() in {path.resolve() for path in inputs}:
        fail(f"{output}: 输出会覆盖被读取的文件，请另选文件名 / the output would overwrite a file the command reads")
    if output is not None and output.exists() and not force:
        raise OutputExists(output)


def comparison_out(result, output: Path | None, fmt: str, force: bool) -> None:
    if output is not None:  # the redline; the change list goes to the terminal
        write_atomic(output, result.redline, force=force)
        click.echo(f"已生成 / written: {output}", err=True)
    click.echo(result.json() if fmt == "json" else result.markdown().rstrip("\n"))


def firm_library(family_id: str, library: Path | None):
    """The clause library for this deal: bundled, or with a firm's folder layered over it."""
    return cached_family(family_id, None, library.resolve() if library else None)
