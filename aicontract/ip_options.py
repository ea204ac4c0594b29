"""The IP ownership options side by side, for a procurement officer choosing one: in the
terminal, as Markdown, or as a Word memo; the deal's own choice marked."""

from __future__ import annotations

import io
import shutil

from .drafting.contract import Table
from .library.ip_options import OptionGroup, load_options
from .render.memo import memo_docx


def chosen_option(deal) -> tuple[str, str] | None:
    """(group id, option id) of the IP option a deal chose: the 7.2 ownership of a 项目合作合同,
    the 第十六条 route of a 技术开发（委托）合同; None for a deal without one."""
    ip = getattr(deal, "ip", None)
    if ip is None:
        return None
    for group in load_options().groups:
        if deal.family not in group.applies_to:
            continue
        for option in group.options:
            if option.deal and all(getattr(getattr(ip, k, None), "value", None) == v for k, v in option.deal.items()):
                return group.id, option.id
    return None


def comparison(group: OptionGroup, chosen: str | None = None) -> Table:
    """Attributes as rows, options as columns: a plain table any renderer can print."""
    options = load_options()
    marker = "（本合同所选）"
    columns = ["事项"] + [o.title + (marker if o.id == chosen else "") for o in group.options]
    rows = [["含义"] + [o.summary for o in group.options]]
    rows += [[a.title] + [o.value(a.key) for o in group.options] for a in options.attributes]
    return Table(columns=columns, rows=rows, clause_id=group.id, source=options.source)


def render_terminal(groups: list[OptionGroup], chosen: str | None, width: int | None = None) -> str:
    from rich.console import Console
    from rich.table import Table as RichTable

    buffer = io.StringIO()
    width = width or max(100, shutil.get_terminal_size((160, 40)).columns)
    console = Console(file=buffer, width=width, force_terminal=False, color_system=None)
    for group in groups:
        table = comparison(group, chosen)
        rich_table = RichTable(title=group.title, show_lines=True, expand=True)
        for i, column in enumerate(table.columns):
            if i == 0:  # the attribute names, e.g. 建设方（甲方）风险提示, on one line
                rich_table.add_column(column, width=24, no_wrap=True)
            else:
                rich_table.add_column(column, ratio=1, overflow="fold")
        for row in table.rows:
            rich_table.add_row(*row)
        console.print(rich_table)
    return buffer.getvalue()


def render_markdown(groups: list[OptionGroup], chosen: str | None) -> str:
    options = load_options()
    out = ["# 知识产权归属方式对比", "", f"依据：{options.source}；条款编号指 aicontract 起草的合同。", ""]
    for group in groups:
        table = comparison(group, chosen)
        out += [f"## {group.title}", "", "| " + " | ".join(table.columns) + " |", "|" + "---|" * len(table.columns)]
        out += ["| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in table.rows]
        out.append("")
    return "\n".join(out)


def comparison_docx(groups: list[OptionGroup], chosen: str | None) -> bytes:
    options = load_options()
    memo = {
        "title": "知识产权归属方式对比",
        "intro": [
            f"依据：{options.source}；条款编号指 aicontract 起草的合同。",
            "本表由 clause_library/ip/options.yaml 生成，供采购人员比较各选项的含义和后果，不构成法律意见。",
        ],
        "groups": [{"title": g.title, "table": comparison(g, chosen)} for g in groups],
    }
    return memo_docx(memo)
