"""Contract -> plain text or Markdown, for diffs, tests and review."""

from __future__ import annotations

from ..drafting.contract import Contract, Paragraph, Table

INCOMPLETE = "【未完成草稿 / INCOMPLETE DRAFT】以下事项未通过 aicontract 的检查（《政务领域人工智能技术合作合规指南》第三十四—三十六条所列事项、第五—三十三条的义务分配和一致性规则），本稿不得签署："


def _paragraph(block: Paragraph, markdown: bool) -> str:
    if block.kind == "heading":
        line = f"{block.number} {block.text}".strip()
        return f"## {line}" if markdown else line
    if block.kind == "item":
        return f"{block.number}{block.text}"
    return f"{block.number} {block.text}" if block.number else block.text


def _table(block: Table, markdown: bool) -> list[str]:
    if not markdown:
        return ["\t".join(block.columns)] + ["\t".join(row) for row in block.rows]

    def cell(text: str) -> str:
        return text.replace("|", "\\|").replace("\n", "<br>")

    return (
        ["| " + " | ".join(block.columns) + " |", "|" + "---|" * len(block.columns)]
        + ["| " + " | ".join(cell(c) for c in row) + " |" for row in block.rows]
    )


def _blocks(blocks, markdown: bool) -> list[str]:
    out: list[str] = []
    for block in blocks:
        out += _table(block, markdown) if isinstance(block, Table) else [_paragraph(block, markdown)]
        out.append("")
    return out


def _document(doc: Contract, markdown: bool) -> list[str]:
    out: list[str] = []
    if doc.cover:
        if doc.cover.reference:
            out += [doc.cover.reference, ""]
        out += [f"# {doc.cover.title}" if markdown else doc.cover.title, ""]
        out += [f"{label}：{value}" for label, value in doc.cover.fields]
        out += ["", doc.cover.footer or "", "", "---" if markdown else "\f", ""]
    if doc.front:
        out += _blocks(doc.front_blocks, markdown) + ["---" if markdown else "\f", ""]
    if doc.reference and not doc.cover:
        out.append(f"合同编号：{doc.reference}")
    out += [f"# {doc.title}" if markdown else doc.title, ""]
    for party in doc.parties:
        out.append(f"{party.label}：{party.name}")
        out.extend(f"{label}：{value}" for label, value in party.fields)
        out.append("")
    out += _blocks(doc.blocks, markdown)
    if doc.closing:
        out += [doc.closing, ""]
    out.extend("\t\t".join(row) for row in doc.signature_rows)
    if doc.back:
        out += [""] + _blocks(doc.back_blocks, markdown)
    return out


def render_text(contract: Contract, markdown: bool = False) -> str:
    out: list[str] = []
    if contract.missing:
        out.append(INCOMPLETE)
        out.extend(f"- {m}" for m in contract.missing)
        out.append("")
    for i, doc in enumerate(contract.documents):
        if i:
            out += ["", "---" if markdown else "\f", ""]
        out += _document(doc, markdown)
    return "\n".join(out).rstrip() + "\n"
