"""The review written into the document as Word comments (批注), the way a peer reviews: a copy of
the received .docx with a comment on each paragraph a finding concerns — partial items, amounts
that do not agree, blanks, references to missing articles, numbers that skip — and, on the
title, a comment for each item the contract lacks, with suggested clause text. Nothing else in the document changes.
A .txt, .md or .pdf becomes a .docx of its lines first, carrying the same comments."""

from __future__ import annotations

import io

import docx
from docx.oxml.ns import qn
from docx.shared import Pt
from docx.text.run import Run

from ..library.requirements import load_requirements
from ..render.zipwriter import normalize_zip
from .read import Line
from .report import STATUS, Review

AUTHOR, INITIALS = "aicontract 审查", "AI"
_NOT_READ = {qn("w:del"), qn("w:moveFrom"), qn("w:txbxContent")}


def _document_from_lines(lines: list[Line]):
    """A plain .docx, one paragraph per line, in a CJK font; returns it and line number -> paragraph."""
    document = docx.Document()
    style = document.styles["Normal"]
    style.font.name, style.font.size = "宋体", Pt(10.5)
    style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "宋体")
    paragraphs = {}
    for line in lines:
        paragraphs[line.number] = document.add_paragraph(_xml_text(line.text))._p
    return document, paragraphs


def _xml_text(text: str) -> str:
    """Text a .docx can hold (XML 1.0 forbids most control characters)."""
    return "".join(c if c in "\t\n" or ord(c) >= 32 else " " for c in text)


def _host(element):
    """The body paragraph that carries ``element``: a paragraph inside a text box is commented
    on the paragraph holding the box."""
    host, node = element, element
    while node is not None:
        if node.tag == qn("w:p"):
            host = node
        node = node.getparent()
    return host


def _runs(paragraph) -> tuple:
    """First and last run of a paragraph that are read (not deleted), a run added if it has none."""
    direct = [r for r in paragraph.findall(qn("w:r"))]
    if not direct:
        direct = [r for r in paragraph.iter(qn("w:r")) if not any(a.tag in _NOT_READ for a in r.iterancestors())]
    if not direct:
        paragraph.append(paragraph.makeelement(qn("w:r"), {}))
        direct = [paragraph.findall(qn("w:r"))[-1]]
    return Run(direct[0], None), Run(direct[-1], None)


def _comment(document, paragraph, text: str) -> None:
    first, last = _runs(paragraph)
    head, *rest = text.split("\n")
    comment = document.comments.add_comment(text=_xml_text(head), author=AUTHOR, initials=INITIALS)
    for more in rest:
        comment.add_paragraph(_xml_text(more))
    first.mark_comment_range(last, comment.comment_id)


def annotated_docx(result: Review) -> bytes:
    """The received document with the review's findings as Word comments, as .docx bytes."""
    read = result.document
    if read is None:
        raise ValueError("the review holds no document")
    if read.docx is not None:
        document = read.docx
        paragraph_of = {line.number: _host(line.anchor) for line in read.lines
                        if line.anchor is not None and line.part == "正文"}
    else:
        document, paragraph_of = _document_from_lines(read.lines)
    title_line = next((line for line in read.lines if line.text.strip() and line.number in paragraph_of), None)
    if title_line is None:  # an empty document: the comments need a paragraph to sit on
        paragraph_of[0] = document.add_paragraph()._p
        title = paragraph_of[0]
    else:
        title = paragraph_of[title_line.number]

    def at(line: Line | None):
        return paragraph_of.get(line.number, title) if line is not None else title

    requirements = load_requirements()
    for item in result.items:
        if item.status == "covered":
            continue
        text = f"{item.id} {item.label}：{STATUS[item.status]}（指南 第三十四—三十六条“宜包括”的内容；第三十七条：推荐性建议，可以参考使用，而非强制性规定或服务标准）"
        law = requirements.get(item.id).law  # the law that requires the item anyway (clause_library/requirements.yaml)
        if law:
            text += f"\n涉及委托处理个人信息的，法律另有要求，不能因指南属推荐性质而省略：{requirements.laws[law]}。"
        if item.status == "partial" and item.lacking:
            text += f"\n缺少：{'、'.join(item.lacking)}"
        if item.suggestion:
            text += (f"\n建议条款（aicontract 为其示例合同起草的参考文字，条款编号和所作选择取自示例，须按本项目确定；【】处按本项目填写）："
                     f"\n{item.suggestion}")
        _comment(document, at(item.evidence[0].line) if item.evidence else title, text)
    for finding in result.findings:
        if not finding.ok:
            _comment(document, at(finding.line), f"{finding.where}：{finding.message}")
    buffer = io.BytesIO()
    document.save(buffer)
    return normalize_zip(buffer.getvalue())
