"""render/pdf_punctuation.py: LibreOffice converts a copy of any .docx that says
w:overflowPunct="1" (which LibreOffice reads as “do not hang punctuation”), so no line-end ，。、；：
is lost; the user's own file is never changed."""

import io
import re
import zipfile

import pytest
from docx import Document
from test_pdf import pdf_text

from aicontract import assemble, load_deal, render_docx
from aicontract.render.pdf import convert_many
from aicontract.render.pdf_punctuation import _patch_styles, for_libreoffice

from helpers import EXAMPLES, squash

SETTING = '<w:overflowPunct w:val="1"/>'


def _part(data: bytes, name: str) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read(name).decode("utf-8")


def _without_setting(data: bytes) -> bytes:
    """A .docx as a firm's template would make it: no w:overflowPunct anywhere."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            content = src.read(info.filename)
            if info.filename == "word/styles.xml":
                content = content.replace(SETTING.encode(), b"")
            dst.writestr(info.filename, content)
    return out.getvalue()


def test_the_bundled_templates_need_no_copy():
    data = render_docx(assemble(load_deal(EXAMPLES / "cooperation.yaml")))
    assert SETTING in _part(data, "word/styles.xml")
    assert for_libreoffice(data) is None


def test_a_docx_without_the_setting_is_converted_whole_and_left_as_it_was(tmp_path):
    data = _without_setting(render_docx(assemble(load_deal(EXAMPLES / "cooperation.yaml"))))
    assert "overflowPunct" not in _part(data, "word/styles.xml")
    source = tmp_path / "firm.docx"
    source.write_bytes(data)
    (pdf,) = convert_many([source], tmp_path / "out")
    assert source.read_bytes() == data  # the user's file is not changed
    assert pdf.name == "firm.pdf"
    text = pdf_text(pdf)
    paragraphs = [squash(p.text) for p in Document(io.BytesIO(data)).paragraphs if p.text.strip()]
    assert len(paragraphs) > 200
    assert [p for p in paragraphs if p not in text] == []  # without the copy, 16 lost a ，。、；：


def test_the_copy_says_it_in_the_document_defaults_and_nothing_else_changes():
    data = _without_setting(render_docx(assemble(load_deal(EXAMPLES / "data_processing.yaml"))))
    fixed = for_libreoffice(data)
    styles = _part(fixed, "word/styles.xml")
    assert re.search(r"<w:pPrDefault><w:pPr><w:overflowPunct w:val=\"1\"/>", styles)
    assert styles.replace(SETTING, "") == _part(data, "word/styles.xml")
    with zipfile.ZipFile(io.BytesIO(data)) as a, zipfile.ZipFile(io.BytesIO(fixed)) as b:
        assert a.namelist() == b.namelist()
        assert [n for n in a.namelist() if a.read(n) != b.read(n)] == ["word/styles.xml"]


def test_no_hanging_in_word_is_no_hanging_for_libreoffice_too():
    styles = ('<w:styles><w:docDefaults><w:pPrDefault><w:pPr><w:overflowPunct w:val="0"/></w:pPr></w:pPrDefault>'
              '</w:docDefaults><w:style><w:pPr><w:overflowPunct w:val="false"/></w:pPr></w:style></w:styles>')
    assert _patch_styles(styles) == ('<w:styles><w:docDefaults><w:pPrDefault><w:pPr><w:overflowPunct w:val="1"/>'
                                     '</w:pPr></w:pPrDefault></w:docDefaults><w:style><w:pPr>'
                                     '<w:overflowPunct w:val="1"/></w:pPr></w:style></w:styles>')


def test_styles_without_document_defaults_get_them():
    assert _patch_styles('<w:styles xmlns:w="x"><w:style/></w:styles>') == (
        '<w:styles xmlns:w="x"><w:docDefaults><w:pPrDefault><w:pPr><w:overflowPunct w:val="1"/></w:pPr>'
        '</w:pPrDefault></w:docDefaults><w:style/></w:styles>')
    assert _patch_styles("<w:styles><w:docDefaults><w:rPrDefault/></w:docDefaults></w:styles>") == (
        "<w:styles><w:docDefaults><w:rPrDefault/><w:pPrDefault><w:pPr><w:overflowPunct w:val=\"1\"/></w:pPr>"
        "</w:pPrDefault></w:docDefaults></w:styles>")
    assert _patch_styles("<w:styles><w:docDefaults><w:pPrDefault/></w:docDefaults></w:styles>") == (
        "<w:styles><w:docDefaults><w:pPrDefault><w:pPr><w:overflowPunct w:val=\"1\"/></w:pPr>"
        "</w:pPrDefault></w:docDefaults></w:styles>")


def test_a_paragraph_that_turns_it_off_is_turned_on_in_the_copy():
    data = render_docx(assemble(load_deal(EXAMPLES / "data_processing.yaml")))
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            content = src.read(info.filename)
            if info.filename == "word/document.xml":
                content = content.replace(b"<w:pPr>", b'<w:pPr><w:overflowPunct w:val="0"/>', 1)
            dst.writestr(info.filename, content)
    fixed = for_libreoffice(out.getvalue())
    document = _part(fixed, "word/document.xml")
    assert '<w:overflowPunct w:val="0"/>' in _part(out.getvalue(), "word/document.xml")
    assert '<w:overflowPunct w:val="0"/>' not in document
    assert document.count(SETTING) == 1


def test_document_defaults_over_several_lines_are_read():
    from aicontract.render.pdf_punctuation import says_no_hanging
    assert says_no_hanging("<w:pPrDefault>\n  <w:pPr>\n    <w:overflowPunct w:val=\"1\"/>\n  </w:pPr>\n</w:pPrDefault>")
    assert not says_no_hanging("<w:pPrDefault><w:pPr/></w:pPrDefault><w:style><w:pPr><w:overflowPunct w:val=\"1\"/>")


def test_the_copy_keeps_each_part_compressed_as_it_was():
    data = _without_setting(render_docx(assemble(load_deal(EXAMPLES / "data_processing.yaml"))))
    with zipfile.ZipFile(io.BytesIO(data)) as a, zipfile.ZipFile(io.BytesIO(for_libreoffice(data))) as b:
        assert [(i.filename, i.compress_type) for i in a.infolist()] == [(i.filename, i.compress_type) for i in b.infolist()]
        assert {i.compress_type for i in b.infolist()} == {zipfile.ZIP_DEFLATED}


def test_what_is_no_docx_is_left_to_libreoffice():
    assert for_libreoffice(b"not a zip") is None
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    assert for_libreoffice(out.getvalue()) is None  # no styles part


def test_a_missing_source_is_reported_by_libreoffice_not_as_a_traceback(tmp_path):
    from aicontract.render.pdf import PdfError
    with pytest.raises(PdfError, match="^LibreOffice 转换失败 / conversion failed: "):
        convert_many([tmp_path / "missing.docx"], tmp_path / "out")
