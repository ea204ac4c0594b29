"""Build the Word templates in templates/ (layout and styles only; clause text lives in
clause_library/). Run after changing a layout:  python tools/build_templates.py

A firm may instead edit the .docx in Word; the jinja tags of the body are documented
in README.md. Output is deterministic (fixed core-properties dates).
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from aicontract.render.text import INCOMPLETE

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
BODY_FONT, HEADING_FONT, LATIN_FONT = "宋体", "黑体", "Times New Roman"


def set_fonts(style_or_run, east_asia: str, latin: str = LATIN_FONT) -> None:
    """East Asian text needs w:eastAsia; python-docx's font.name sets only ascii/hAnsi."""
    style_or_run.font.name = latin
    rpr = style_or_run.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(attr), latin)
    fonts.set(qn("w:eastAsia"), east_asia)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)


def set_language(doc) -> None:
    styles = doc.styles.element
    rpr_default = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    lang = rpr_default.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr_default.append(lang)
    lang.set(qn("w:val"), "en-US")  # Latin text and figures: kept whole at a line end (zh-CN let LibreOffice break ¥1,860,000.0|0)
    lang.set(qn("w:eastAsia"), "zh-CN")
    fonts = rpr_default.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr_default.insert(0, fonts)
    for attr in list(fonts.attrib):
        del fonts.attrib[attr]
    fonts.set(qn("w:ascii"), LATIN_FONT)
    fonts.set(qn("w:hAnsi"), LATIN_FONT)
    fonts.set(qn("w:eastAsia"), BODY_FONT)
    fonts.set(qn("w:cs"), LATIN_FONT)


def paragraph_style(doc, name, *, size=12, bold=False, font=BODY_FONT, align=None,
                    first_indent=None, left_indent=None, before=0, after=6, keep_next=False, base="Normal"):
    styles = doc.styles
    style = styles[name] if name in [s.name for s in styles] else styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    if name != "Normal":
        style.base_style = styles[base]
    set_fonts(style, font)
    style.font.size = Pt(size)
    style.font.bold = bold
    style.font.italic = False
    style.font.color.rgb = RGBColor(0, 0, 0)
    fmt = style.paragraph_format
    fmt.space_before = Pt(before)
    fmt.space_after = Pt(after)
    fmt.line_spacing = 1.5
    if align is not None:
        fmt.alignment = align
    if first_indent is not None:
        fmt.first_line_indent = first_indent
    if left_indent is not None:
        fmt.left_indent = left_indent
    fmt.keep_with_next = keep_next
    return style


def setup_styles(doc) -> None:
    set_language(doc)
    paragraph_style(doc, "Normal", align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    # Word's default (punctuation may hang past the margin), said out loud because LibreOffice
    # (7.4) reads the setting inverted: with it, LibreOffice stops hanging punctuation, which in a
    # justified all-Chinese line it left out of the page (render/pdf_punctuation.py)
    defaults = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:pPrDefault")).find(qn("w:pPr"))
    overflow = OxmlElement("w:overflowPunct")
    overflow.set(qn("w:val"), "1")
    defaults.insert_element_before(
        overflow, "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid",
        "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc")
    paragraph_style(doc, "Title", size=22, bold=True, font=BODY_FONT, align=WD_ALIGN_PARAGRAPH.CENTER,
                    before=12, after=18)
    # the built-in Title style carries a bottom border in python-docx's default template
    ppr = doc.styles["Title"].element.get_or_add_pPr()
    for border in ppr.findall(qn("w:pBdr")):
        ppr.remove(border)
    heading = paragraph_style(doc, "Heading 1", size=14, bold=True, font=HEADING_FONT, before=12, after=6,
                              keep_next=True)
    heading.paragraph_format.line_spacing = 1.5
    paragraph_style(doc, "Heading 2", size=12, bold=True, font=HEADING_FONT, before=6, after=6, keep_next=True)
    paragraph_style(doc, "Contract Number", size=10.5, align=WD_ALIGN_PARAGRAPH.RIGHT, after=0)
    paragraph_style(doc, "Party", after=0)
    paragraph_style(doc, "Clause", after=3)
    paragraph_style(doc, "Clause Text", first_indent=Pt(24), after=3)
    paragraph_style(doc, "Clause Item", left_indent=Pt(24), after=3)
    paragraph_style(doc, "Table Text", size=10.5, align=WD_ALIGN_PARAGRAPH.LEFT, after=0).paragraph_format.line_spacing = 1.15
    paragraph_style(doc, "Closing", align=WD_ALIGN_PARAGRAPH.CENTER, before=12, after=12, keep_next=True)
    # 10 pt: a party's name of twenty characters fits half the text width on one line
    paragraph_style(doc, "Signature", size=10, align=WD_ALIGN_PARAGRAPH.LEFT, after=6, keep_next=True)
    paragraph_style(doc, "Cover Field", size=15, after=12, left_indent=Cm(2.5))
    paragraph_style(doc, "Cover Title", size=26, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, before=60, after=60)


def page_setup(doc, incomplete_header: bool = False) -> None:
    for section in doc.sections:
        section.page_width, section.page_height = Cm(21.0), Cm(29.7)  # A4
        section.top_margin = section.bottom_margin = Cm(2.54)
        section.left_margin = section.right_margin = Cm(3.0)
        if incomplete_header:  # the incomplete-draft mark on every page, gaps by their Chinese titles
            header = section.header.paragraphs[0]
            header.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run = header.add_run("{% if c.missing %}【未完成草稿，不得签署 / INCOMPLETE DRAFT】未满足：{{ c|gap_summary }}"
                                 "{% endif %}")
            run.bold = True
            run.font.size = Pt(9)
            run.font.color.rgb = RGBColor(0xC0, 0, 0)
        footer = section.footer.paragraphs[0]
        footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
        footer.add_run("第 ")
        _field(footer, "PAGE")
        footer.add_run(" 页 共 ")
        _field(footer, "NUMPAGES")
        footer.add_run(" 页")


def _field(paragraph, instruction: str) -> None:
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), f" {instruction} \\* MERGEFORMAT ")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def clause_mark(paragraph, var: str = "b", part: str | None = None):
    """A hidden bookmark around the paragraph naming its clause (aicontract/render/meta.py numbers
    it after rendering): a draft edited in Word can still be traced clause by clause. ``part``:
    a part of the document that is no clause (@parties, @signature … in meta.PARTS)."""
    start = OxmlElement("w:bookmarkStart")
    start.set(qn("w:id"), "0")
    start.set(qn("w:name"), "_ac:{{ di }}:" + (part or "{{ " + var + ".clause_id }}"))
    end = OxmlElement("w:bookmarkEnd")
    end.set(qn("w:id"), "0")
    ppr = paragraph._p.pPr
    if ppr is not None:
        ppr.addnext(start)
    else:
        paragraph._p.insert(0, start)
    paragraph._p.append(end)
    return paragraph


def keep_if_last(paragraph):
    """The last paragraph of the body stays on the page of the closing line and signatures: a
    signature block never stands alone on a page. (A paragraph introducing a table is not kept
    with it: LibreOffice then moves the whole table and leaves half a page empty.)"""
    keep = OxmlElement("w:keepNext")
    keep.set(qn("w:val"), "{{ 'true' if loop.last else 'false' }}")
    paragraph._p.get_or_add_pPr().append(keep)
    return paragraph


def tag(doc, text: str, style: str = "Normal"):
    """A paragraph holding only a docxtpl {%p … %} tag; docxtpl removes it when rendering."""
    return doc.add_paragraph(text, style=style)


def _cell_text(cell, text: str, bold: bool = False, style: str = "Table Text") -> None:
    paragraph = cell.paragraphs[0]
    paragraph.style = cell.part.document.styles[style]
    run = paragraph.add_run(text)
    run.bold = bold


def _shade(cell, fill: str) -> None:
    tc_pr = cell._tc.get_or_add_tcPr()
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    tc_pr.append(shading)


def _row_flag(row, flag: str) -> None:
    """w:tblHeader repeats a header row on every page; w:cantSplit keeps a row on one page."""
    row._tr.get_or_add_trPr().append(OxmlElement(flag))


def data_table(doc, var: str = "b", mark: bool = False) -> None:
    """Any columns, any rows: {%tc %} loops the columns, {%tr %} the rows; ``mark``: the header
    cells carry the table's clause (clause_mark)."""
    table = doc.add_table(rows=4, cols=3)
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    head, loop, body, end = table.rows
    for cell, text in zip(head.cells, ("{%tc for col in " + var + ".columns %}", "{{ col }}", "{%tc endfor %}")):
        _cell_text(cell, text, bold=True)
        _shade(cell, "E7E6E6")
    if mark:
        clause_mark(head.cells[1].paragraphs[0], var)
    _row_flag(head, "w:tblHeader")
    _cell_text(loop.cells[0], "{%tr for row in " + var + ".rows %}")
    for cell, text in zip(body.cells, ("{%tc for cell in row %}", "{{ cell }}", "{%tc endfor %}")):
        _cell_text(cell, text)
    _row_flag(body, "w:cantSplit")
    _cell_text(end.cells[0], "{%tr endfor %}")


def signature_table(doc, var: str = "c") -> None:
    """One column per party: 单位（盖章）, 法定代表人或授权代表（签字）, 日期 (render/layout.py);
    every row kept with the next and on one page, so the block never splits or stands alone."""
    table = doc.add_table(rows=3, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    loop, body, end = table.rows
    _cell_text(loop.cells[0], "{%tr for row in " + var + "|signature_block %}")
    for i, cell in enumerate(body.cells):
        _cell_text(cell, "{{ row[%d] }}" % i, style="Signature")
    clause_mark(body.cells[0].paragraphs[0], part="@signature")
    _row_flag(body, "w:cantSplit")
    _cell_text(end.cells[0], "{%tr endfor %}")


def party_block(doc, var: str = "c") -> None:
    tag(doc, "{%p for party in " + var + ".parties %}")
    p = doc.add_paragraph(style="Party")
    p.add_run("{{ party.label }}：").bold = True
    p.add_run("{{ party.name }}").bold = True
    clause_mark(p, part="@parties")
    tag(doc, "{%p for field in party.fields %}")
    clause_mark(doc.add_paragraph("{{ field[0] }}：{{ field[1] }}", style="Party"), part="@parties")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p if not loop.last %}")
    doc.add_paragraph("", style="Party")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p endfor %}")


def body_blocks(doc, var: str = "c", blocks: str = "blocks") -> None:
    """Headings, numbered clauses, items, unnumbered text and tables, in reading order."""
    tag(doc, "{%p for b in " + var + "." + blocks + " %}")
    tag(doc, "{%p if b.kind == 'heading' %}")
    clause_mark(doc.add_paragraph("{{ b|heading }}", style="Heading 1"))
    tag(doc, "{%p elif b.kind == 'table' %}")
    data_table(doc, mark=True)
    tag(doc, "{%p elif b.kind == 'item' %}")
    keep_if_last(clause_mark(doc.add_paragraph("{{ b.number }}{{ b.text }}", style="Clause Item")))
    tag(doc, "{%p elif b.number %}")
    p = doc.add_paragraph(style="Clause")
    p.add_run("{{ b.number }}").bold = True
    p.add_run(" {{ b.text }}")
    keep_if_last(clause_mark(p))
    tag(doc, "{%p else %}")
    keep_if_last(clause_mark(doc.add_paragraph("{{ b.text }}", style="Clause Text")))
    tag(doc, "{%p endif %}")
    tag(doc, "{%p endfor %}")


def missing_notice(doc, var: str = "c") -> None:
    """Shown only on a draft written with --allow-incomplete."""
    tag(doc, "{%p if " + var + ".missing %}")
    p = doc.add_paragraph(style="Clause")
    run = p.add_run(INCOMPLETE)
    run.bold = True
    run.font.color.rgb = RGBColor(0xC0, 0, 0)
    tag(doc, "{%p for m in " + var + "|gap_lines %}")
    p = doc.add_paragraph(style="Clause Item")
    run = p.add_run("{{ m }}")
    run.font.color.rgb = RGBColor(0xC0, 0, 0)
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endif %}")


_STYLE_REFS = ("w:pStyle", "w:rStyle", "w:tblStyle", "w:numStyle", "w:basedOn", "w:link", "w:next")


def prune_package(doc) -> None:
    """Keep only the styles the layout uses (with those they are based on, linked to or followed
    by, and the defaults), and drop python-docx's latent-style list, Word 2010's
    stylesWithEffects part and the blank page's thumbnail: ~780 KB of XML every contract would
    carry, that LibreOffice reads on every conversion (a PDF ~15% faster without it)."""
    styles = doc.styles.element
    parts = [doc.element] + [p._element for s in doc.sections for p in (s.header, s.footer)]
    used = {e.get(qn("w:val")) for part in parts for tag in _STYLE_REFS for e in part.iter(qn(tag))}
    by_id = {s.get(qn("w:styleId")): s for s in styles.iter(qn("w:style"))}
    used |= {i for i, s in by_id.items() if s.get(qn("w:default")) in ("1", "true")}
    todo = list(used)
    while todo:  # what the kept styles name
        style = by_id.get(todo.pop())
        for tag in _STYLE_REFS:
            for e in style.iter(qn(tag)) if style is not None else ():
                if e.get(qn("w:val")) not in used:
                    used.add(e.get(qn("w:val")))
                    todo.append(e.get(qn("w:val")))
    for style_id, style in by_id.items():
        if style_id not in used:
            styles.remove(style)
    for latent in styles.findall(qn("w:latentStyles")):
        styles.remove(latent)
    for rels in (doc.part.rels, doc.part.package.rels):
        for r_id, rel in list(rels.items()):
            if rel.reltype.endswith(("/stylesWithEffects", "/thumbnail")):
                del rels[r_id]


def fixed_properties(doc, title: str) -> None:
    props = doc.core_properties
    props.title = title
    props.author = "aicontract"
    props.last_modified_by = "aicontract"
    props.created = props.modified = dt.datetime(2026, 1, 1)
    props.revision = 1


def new_document(incomplete_header: bool = False):
    doc = Document()
    setup_styles(doc)
    page_setup(doc, incomplete_header)
    # python-docx's default document starts with no paragraphs; keep it that way
    return doc


def page_break(doc) -> None:
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def cover_page(doc, var: str = "d") -> None:
    """The form's cover (科技部 文本): number, title, fields, printer's line; then a new page."""
    tag(doc, "{%p if " + var + ".cover %}")
    tag(doc, "{%p if " + var + ".cover.reference %}")
    doc.add_paragraph("{{ " + var + ".cover.reference }}", style="Party")
    tag(doc, "{%p endif %}")
    clause_mark(doc.add_paragraph("{{ " + var + ".cover.title }}", style="Cover Title"), part="@cover")
    tag(doc, "{%p for field in " + var + ".cover.fields %}")
    clause_mark(doc.add_paragraph("{{ field[0] }}：{{ field[1] }}", style="Cover Field"), part="@cover")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p if " + var + ".cover.footer %}")
    doc.add_paragraph("{{ " + var + ".cover.footer }}", style="Closing")
    tag(doc, "{%p endif %}")
    page_break(doc)
    tag(doc, "{%p endif %}")


def build_contract(name: str, title: str) -> Path:
    """A contract and its attached documents: cover, front matter (填写说明), title, parties,
    articles, signatures, back matter (登记栏); each annex on a new page."""
    doc = new_document(incomplete_header=True)
    missing_notice(doc)
    tag(doc, "{%p for d in c.documents %}")
    tag(doc, "{%p set di = loop.index0 %}")
    tag(doc, "{%p if not loop.first %}")
    page_break(doc)
    tag(doc, "{%p endif %}")
    cover_page(doc)
    tag(doc, "{%p if d.front %}")
    body_blocks(doc, "d", "front_blocks")
    page_break(doc)
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if d.reference and not d.cover %}")
    clause_mark(doc.add_paragraph("合同编号：{{ d.reference }}", style="Contract Number"), part="@reference")
    tag(doc, "{%p endif %}")
    clause_mark(doc.add_paragraph("{{ d.title }}", style="Title"), part="@title")
    party_block(doc, "d")
    body_blocks(doc, "d")
    tag(doc, "{%p if d.closing %}")
    clause_mark(doc.add_paragraph("{{ d.closing }}", style="Closing"), part="@closing")
    tag(doc, "{%p endif %}")
    signature_table(doc, "d")
    tag(doc, "{%p if d.back %}")
    body_blocks(doc, "d", "back_blocks")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p endfor %}")
    fixed_properties(doc, title)
    prune_package(doc)
    out = TEMPLATES / name
    doc.save(out)
    return out


def build_cooperation() -> Path:
    return build_contract("cooperation.docx", "项目合作合同")


def build_tech_development() -> Path:
    return build_contract("tech_development.docx", "技术开发（委托）合同")


def build_memo() -> Path:
    """A landscape memo of comparison tables (aicontract ip-options --format docx)."""
    doc = new_document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    section.left_margin = section.right_margin = Cm(2.0)
    doc.add_paragraph("{{ m.title }}", style="Title")
    tag(doc, "{%p for line in m.intro %}")
    doc.add_paragraph("{{ line }}", style="Clause Text")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p for g in m.groups %}")
    doc.add_paragraph("{{ g.title }}", style="Heading 1")
    tag(doc, "{%p set b = g.table %}")
    data_table(doc)
    tag(doc, "{%p endfor %}")
    fixed_properties(doc, "知识产权归属方式对比")
    prune_package(doc)
    out = TEMPLATES / "memo.docx"
    doc.save(out)
    return out


BUILDERS = {"cooperation": build_cooperation, "tech_development": build_tech_development, "memo": build_memo}

if __name__ == "__main__":
    names = sys.argv[1:] or list(BUILDERS)
    for name in names:
        print(BUILDERS[name]())
