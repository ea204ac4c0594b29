"""Contract -> plain text or Markdown, for diffs, tests and review."""

from __future__ import annotations

from ..contract import Contract, Paragraph, Table


def _line(block: Paragraph) -> str:
    if block.kind == "item":
        return f"{block.number}{block.text}"
    if block.number:
        return f"{block.number} {block.text}"
    return block.text


def render_text(contract: Contract, markdown: bool = False) -> str:
    out: list[str] = []
    if contract.missing:
        out.append("【未完成草稿 / INCOMPLETE DRAFT】以下《指南》第三十四—三十六条必备事项或一致性规则尚未满足，本稿不得签署：")
        out.extend(f"- {m}" for m in contract.missing)
        out.append("")
    if contract.reference:
        out.append(f"合同编号：{contract.reference}")
    out.append(f"# {contract.title}" if markdown else contract.title)
    out.append("")
    for party in contract.parties:
        out.append(f"{party.label}：{party.name}")
        out.extend(f"{label}：{value}" for label, value in party.fields)
        out.append("")
    for block in contract.blocks:
        if isinstance(block, Table):
            if markdown:
                out.append("| " + " | ".join(block.columns) + " |")
                out.append("|" + "---|" * len(block.columns))
                out.extend("| " + " | ".join(c.replace("|", "\\|").replace("\n", "<br>") for c in row) + " |" for row in block.rows)
            else:
                out.append("\t".join(block.columns))
                out.extend("\t".join(row) for row in block.rows)
        elif block.kind == "heading":
            out.append(f"## {block.number} {block.text}".replace("##  ", "## ") if markdown else f"{block.number} {block.text}".strip())
        else:
            out.append(_line(block))
        out.append("")
    if contract.closing:
        out.append(contract.closing)
        out.append("")
    out.extend("\t\t".join(row) for row in contract.signature_rows)
    return "\n".join(out).rstrip() + "\n"
