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
    out.append(f"# {contract.title}" if markdown else contract.title)
    out.append("")
    for party in contract.parties:
        out.append(f"{party.label}：{party.name}")
        out.extend(f"{label}：{value}" for label, value in party.fields)
        out.append("")
    for block in contract.blocks():
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
    rows = max(len(col) for col in contract.signature)
    for i in range(rows):
        out.append("\t\t".join(col[i] if i < len(col) else "" for col in contract.signature))
    return "\n".join(out).rstrip() + "\n"
