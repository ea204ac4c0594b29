"""Reading the two .docx files of a comparison: their body as blocks (paragraphs and tables) with
tracked changes accepted, and the clause each block belongs to (the hidden bookmarks and clause
map a draft of aicontract carries, render/meta.py). A document aicontract did not draft has no
map: its blocks simply have no clause."""

from __future__ import annotations

import copy
import hashlib
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import docx
from docx.oxml.ns import qn
from lxml import etree

from ..errors import InputError
from ..render.meta import BOOKMARK_PREFIX, NAMESPACE, PROPERTY_PREFIX
from ..review.read import MAX_FILE, MAX_UNPACKED, package_problem, word_problem

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# what accepting every tracked change removes, and what it unwraps
_REMOVED = {W + "del", W + "moveFrom", W + "pPrChange", W + "rPrChange", W + "sectPrChange", W + "tblPrChange",
            W + "trPrChange", W + "tcPrChange", W + "tblGridChange", W + "numberingChange", W + "cellDel",
            W + "moveFromRangeStart", W + "moveFromRangeEnd", W + "moveToRangeStart", W + "moveToRangeEnd",
            W + "customXmlDelRangeStart", W + "customXmlDelRangeEnd", W + "customXmlInsRangeStart",
            W + "customXmlInsRangeEnd"}
_UNWRAPPED = {W + "ins", W + "moveTo"}


class CompareInputError(InputError):
    """A file given to compare cannot be read; the message names it (exit 2)."""


@dataclass(frozen=True)
class Clause:
    id: str
    number: str = ""  # 8.6, 第五条 — as the clause is cited
    title: str = ""
    source: str = ""  # 指南 附录二 8.6
    document: str = ""  # 项目合作合同, 附件一：数据处理协议
    family: str = ""

    def label(self, source: bool = True) -> str:
        """8.6 数据删除（指南 第十七条）, or the id when the clause has no number."""
        head = " ".join(part for part in (self.number, self.title) if part) or self.id
        if self.document and not self.document.startswith(("项目合作合同", "技术开发")):
            head = f"《{self.document.split('：')[0]}》{head}"
        return f"{head}（{self.source}）" if self.source and source else head


@dataclass
class Block:
    element: object  # the w:p or w:tbl (lxml), tracked changes accepted
    kind: str  # "p" or "tbl"
    text: str
    clause: Clause | None = None
    tracked: bool = False  # it held tracked changes (修订) before they were accepted


@dataclass
class ReadDocx:
    path: Path
    document: object  # python-docx Document (tracked changes accepted in its body)
    blocks: list[Block]
    properties: dict[str, str] = field(default_factory=dict)  # aicontract.* custom properties
    had_revisions: bool = False
    deleted: set[str] = field(default_factory=set)  # the text of each paragraph deleted whole as a tracked change
    digest: str = ""  # SHA-256 of the file's bytes
    marks: dict = field(default_factory=dict)  # bookmark name -> Clause, from its clause map


def accept_all(element) -> bool:
    """Accept every tracked change under ``element`` in place, as Word's 接受所有修订 does: deleted
    text and rows go, inserted text stays, formatting changes are kept as they are now, a paragraph
    whose mark was deleted joins the next one. True if there was anything to accept."""
    found = False
    for row in list(element.iter(W + "tr")):
        if row.find(f"{W}trPr/{W}del") is not None:
            row.getparent().remove(row)
            found = True
    for node in list(element.iter(*_REMOVED)):
        found = True
        parent = node.getparent()
        if parent is None:
            continue
        if node.tag == W + "del" and parent.tag == W + "rPr" and parent.getparent().tag == W + "pPr":
            continue  # a deleted paragraph mark: handled below
        parent.remove(node)
    for node in list(element.iter(*_UNWRAPPED)):
        found = True
        parent = node.getparent()
        if parent is None:
            continue
        if parent.tag in (W + "rPr", W + "trPr"):  # an inserted paragraph mark or row: simply accepted
            parent.remove(node)
            continue
        index = parent.index(node)
        for child in list(node):
            parent.insert(index, child)
            index += 1
        parent.remove(node)
    for paragraph in list(element.iter(W + "p")):
        mark = paragraph.find(f"{W}pPr/{W}rPr/{W}del")
        if mark is None:
            continue
        found = True
        mark.getparent().remove(mark)
        following = paragraph.getnext()
        content = [c for c in paragraph if c.tag != W + "pPr"]
        if following is not None and following.tag == W + "p":
            ppr = following.find(W + "pPr")
            index = 1 if ppr is not None else 0
            for child in content:
                following.insert(index, child)
                index += 1
            paragraph.getparent().remove(paragraph)
        elif not paragraph_text(paragraph):
            paragraph.getparent().remove(paragraph)
    return found


def paragraph_text(element) -> str:
    """The text of a paragraph (or any element) as it reads: tabs and breaks as \\t and \\n."""
    out = []
    for node in element.iter(W + "t", W + "tab", W + "br", W + "cr", W + "noBreakHyphen", W + "sym"):
        if node.tag == W + "t":
            out.append(node.text or "")
        elif node.tag == W + "tab":
            if node.getparent().tag == W + "r":
                out.append("\t")
        elif node.tag in (W + "br", W + "cr"):
            out.append("\n")
        elif node.tag == W + "noBreakHyphen":
            out.append("-")
    return "".join(out)


def table_rows(element) -> list[list[str]]:
    rows = []
    for row in element.findall(W + "tr"):
        rows.append(["\n".join(paragraph_text(p) for p in cell.iter(W + "p")) for cell in row.findall(W + "tc")])
    return rows


def body_blocks(container) -> list[Block]:
    """Paragraphs and tables in reading order; content controls and smart tags are looked into."""
    blocks = []
    for child in container:
        if child.tag == W + "p":
            blocks.append(Block(child, "p", paragraph_text(child)))
        elif child.tag == W + "tbl":
            blocks.append(Block(child, "tbl", "\n".join("\t".join(r) for r in table_rows(child))))
        elif child.tag in (W + "sdt", W + "customXml"):
            inner = child.find(W + "sdtContent") if child.tag == W + "sdt" else child
            if inner is not None:
                blocks += body_blocks(inner)
    return blocks


def _check_size(path: Path) -> bytes:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CompareInputError(f"{path}: 无法读取 / cannot read: {exc.strerror or exc}") from None
    if len(data) > MAX_FILE:
        raise CompareInputError(f"{path}: 文件超过 {MAX_FILE // 1_000_000} MB / the file is larger than "
                                f"{MAX_FILE // 1_000_000} MB")
    if problem := word_problem(data):
        raise CompareInputError(f"{path}: {problem}")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            total = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        raise CompareInputError(f"{path}: 不是 Word 文档（.docx） / not a Word document (.docx)") from None
    if total > MAX_UNPACKED:
        raise CompareInputError(f"{path}: 解压后超过 {MAX_UNPACKED // 1_000_000} MB，拒绝读取 / unpacks to more "
                                f"than {MAX_UNPACKED // 1_000_000} MB: refused")
    return data


def _clause_map(document) -> tuple[dict[str, Clause], dict[str, str]]:
    """bookmark name -> Clause, and the aicontract.* properties, from the custom XML part."""
    for rel in document.part.rels.values():
        if not rel.reltype.endswith("/customXml") or rel.is_external:
            continue
        try:
            root = etree.fromstring(rel.target_part.blob, etree.XMLParser(resolve_entities=False, no_network=True))
        except etree.XMLSyntaxError:
            continue
        if root.tag != f"{{{NAMESPACE}}}aicontract":
            continue
        ns = f"{{{NAMESPACE}}}"
        titles = {d.get("n"): (d.get("title", ""), d.get("family", "")) for d in root.iter(ns + "document")}
        clauses = {}
        for c in root.iter(ns + "clause"):
            title, family = titles.get(c.get("doc"), ("", ""))
            clauses[(c.get("doc"), c.get("id"))] = Clause(c.get("id"), c.get("number", ""), c.get("title", ""),
                                                          c.get("source", ""), title, family)
        marks = {}
        for b in root.iter(ns + "bookmark"):
            clause = clauses.get((b.get("doc"), b.get("id"))) or Clause(b.get("id"))
            marks[b.get("name")] = clause
        return marks, {PROPERTY_PREFIX + k: v for k, v in root.attrib.items()}
    return {}, {}


def _custom_properties(document) -> dict[str, str]:
    out = {}
    for rel in document.part.package.rels.values() if hasattr(document.part.package, "rels") else []:
        if rel.reltype.endswith("/custom-properties") and not rel.is_external:
            root = etree.fromstring(rel.target_part.blob, etree.XMLParser(resolve_entities=False, no_network=True))
            for prop in root:
                name = prop.get("name", "")
                if name.startswith(PROPERTY_PREFIX) and len(prop):
                    out[name] = prop[0].text or ""
    return out


_COPY = re.compile(r"_Copy_\d+$")  # LibreOffice's name for a bookmark copied with its paragraph


def _clause_of(element, marks: dict[str, Clause]) -> Clause | None:
    for start in element.iter(W + "bookmarkStart"):
        name = _COPY.sub("", start.get(qn("w:name"), ""))
        if name in marks:
            return marks[name]
        if not marks and name.startswith(BOOKMARK_PREFIX) and "_" in name[len(BOOKMARK_PREFIX):]:
            # the map is gone (some editors drop custom XML): the id as the bookmark spells it
            return Clause(name[len(BOOKMARK_PREFIX):].split("_", 1)[1])
    return None


def read_docx(path: Path, known: dict | None = None) -> ReadDocx:
    """The document's body blocks with tracked changes accepted, each with its clause if known.
    ``known``: the clause map of the draft this one came from, for a copy that lost its own (saved
    through LibreOffice's .odt and back: the bookmarks stay, the custom XML goes; walkthrough H3)."""
    path = Path(path)
    if path.suffix.lower() != ".docx":
        raise CompareInputError(f"{path}: 只能比较 .docx 文件（.doc/.wps 请先另存为 .docx） / only .docx files "
                                "can be compared (save a .doc or .wps as .docx first)")
    data = _check_size(path)
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # noqa: BLE001 - damaged package, bad XML: not a Word document
        raise CompareInputError(f"{path}: 不是 Word 文档 / not a Word document: {package_problem(exc)}") from None
    body = document.element.body
    revised, deleted = _revisions(body)
    had_revisions = accept_all(body)
    marks, properties = _clause_map(document)
    marks = marks or dict(known or {})
    properties = {**properties, **_custom_properties(document)}
    blocks = body_blocks(body)
    for block in blocks:
        block.clause = _clause_of(block.element, marks)
        block.tracked = block.element in revised
    return ReadDocx(path, document, blocks, properties, had_revisions, deleted, hashlib.sha256(data).hexdigest(), marks)


_TRACKED = tuple(_REMOVED | _UNWRAPPED)


def _revisions(body) -> tuple[set, set[str]]:
    """Before the tracked changes are accepted: the paragraphs and tables holding any (a paragraph
    whose mark is deleted passes its text to the next one, which counts too), and the text of each
    paragraph deleted whole — so that a change can say whether the other side marked it."""
    revised, deleted = set(), set()
    for child in body.iter(W + "p", W + "tbl"):
        if next(child.iter(*_TRACKED), None) is None:
            continue
        top = child
        while top.getparent() is not None and top.getparent() is not body and top.getparent().tag != W + "body":
            top = top.getparent()
        revised.add(top)
        if child.tag == W + "p" and child.find(f"{W}pPr/{W}rPr/{W}del") is not None:
            if child.getnext() is not None:
                revised.add(child.getnext())
            inserted = "".join(t.text or "" for t in child.iter(W + "t"))
            if not inserted.strip():
                deleted.add("".join(t.text or "" for t in child.iter(W + "delText")))
    return revised, deleted


def fresh(element):
    """A copy to place in the redline (the read documents stay as they were read)."""
    return copy.deepcopy(element)
