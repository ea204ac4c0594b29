"""The page a lawyer signs: signature blocks with 单位（盖章）, 法定代表人或授权代表（签字）and 日期 in
every document, kept with the text above them; headings without stray spaces; table columns wide
enough for their short words; the incomplete-draft mark on every page, gaps by Chinese title; a
firm's template refused when it cannot hold the contract; PDFs set in a serif CJK font."""

import io
import re
import shutil
import subprocess
import zipfile

import docx
import pytest
from click.testing import CliRunner
from docx.enum.style import WD_STYLE_TYPE

from aicontract import draft, load_deal, render_docx
from aicontract.cli import main
from aicontract.render import render
from aicontract.render.docx import bundled_template

from helpers import EXAMPLES, make_deal

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
DOCUMENTS = {"cooperation": 3, "data_processing": 1, "changzhou": 2, "tech_development_ai": 4}


def drafted(name: str) -> bytes:
    contract, _ = draft(load_deal(EXAMPLES / f"{name}.yaml"), allow_incomplete=True)
    return render_docx(contract)


def signature_tables(document):
    return [t for t in document.tables if re.match(r"[甲乙]方", t.rows[0].cells[0].text)
            and any("日期：" in c.text for c in t.rows[-1].cells)]


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_every_document_has_a_full_signature_block(name):
    document = docx.Document(io.BytesIO(drafted(name)))
    tables = signature_tables(document)
    assert len(tables) == DOCUMENTS[name]
    for table in tables:
        for column in range(2):
            lines = [row.cells[column].text for row in table.rows if row.cells[column].text]
            assert re.match(r"[甲乙]方", lines[0]) and ("盖章" in lines[0] or "（章）" in lines[0])
            assert any(line.startswith(("法定代表人或授权代表（签字）：", "法定代表人/委托代理人：")) for line in lines)
            assert lines[-1] in ("签章日期：\u3000\u3000\u3000\u3000年\u3000\u3000月\u3000\u3000日", "签章日期：2026年1月5日")
        for row in table.rows:  # kept on one page and with the next row
            assert row._tr.find(f"{W}trPr/{W}cantSplit") is not None
        # the paragraph before the block keeps with it: the block never starts a page alone
        before = table._tbl.getprevious()
        keep = before.find(f"{W}pPr/{W}keepNext")
        style = document.styles.get_by_id(before.find(f"{W}pPr/{W}pStyle").get(f"{W}val"), WD_STYLE_TYPE.PARAGRAPH)
        assert (keep is not None and keep.get(f"{W}val") in (None, "true")) or style.paragraph_format.keep_with_next


def test_cooperation_signature_block_as_printed():
    table = signature_tables(docx.Document(io.BytesIO(drafted("cooperation"))))[0]
    assert [[c.text for c in row.cells] for row in table.rows] == [
        ["甲方（盖章）：江州市政务服务和数据管理局", "乙方（盖章）：江州智算科技有限公司"],
        ["法定代表人或授权代表（签字）：", "法定代表人或授权代表（签字）："],
        ["签章日期：\u3000\u3000\u3000\u3000年\u3000\u3000月\u3000\u3000日"] * 2]


def test_headings_have_no_stray_space_after_their_own_punctuation():
    document = docx.Document(io.BytesIO(drafted("tech_development_ai")))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert "六、网络安全责任" in headings and "九、其他事项" in headings
    assert "1\u3000模型设计和来源" in headings  # a number without punctuation keeps its space
    assert [h for h in headings if re.search(r"[、）][ \u3000]", h)] == []


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_table_columns_never_wrap_a_short_word(name):
    xml = zipfile.ZipFile(io.BytesIO(drafted(name))).read("word/document.xml").decode()
    checked = 0
    for table in re.findall(r"<w:tbl>.*?</w:tbl>", xml, re.S):
        if 'w:tblStyle w:val="TableGrid"' not in table:
            continue
        widths = [int(w) for w in re.findall(r'<w:gridCol w:w="(\d+)"/>', table)]
        rows = [re.findall(r"<w:tc>.*?</w:tc>", row, re.S) for row in re.findall(r"<w:tr[ >].*?</w:tr>", table, re.S)]
        for column, width in enumerate(widths):
            longest = max(len("".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", r[column])))
                          for r in rows if column < len(r))
            assert width >= min(longest, 5) * 210 + 240, (name, column, width, longest)
            checked += 1
    assert checked >= 2


def test_incomplete_mark_in_the_header_of_every_page_by_chinese_titles():
    contract, _ = draft(make_deal({"acceptance": {"criteria": []}}), allow_incomplete=True)
    data = render_docx(contract)
    package = zipfile.ZipFile(io.BytesIO(data))
    headers = [package.read(n).decode() for n in package.namelist() if n.startswith("word/header")]
    assert any("【未完成草稿，不得签署 / INCOMPLETE DRAFT】未满足：第三十四条（三）验收标准" in h for h in headers)
    document = docx.Document(io.BytesIO(data))
    assert all(s.header.paragraphs[0].text.startswith("【未完成草稿") for s in document.sections)
    first = [p.text for p in document.paragraphs[:3]]
    assert first[1] == ("第三十四条（三）验收标准 [Acceptance criteria]：合同中没有约定该事项的条款（相关参数：评审验收程序与标准 › "
                        "验收标准和指标）")
    assert "acceptance.criteria" not in "".join(first)
    complete = docx.Document(io.BytesIO(drafted("cooperation")))
    assert complete.sections[0].header.paragraphs[0].text == ""


# --- a firm's template that cannot hold the contract -----------------------------------------------------


def run_draft(tmp_path, template):
    out = tmp_path / "c.docx"
    result = CliRunner().invoke(main, ["draft", str(EXAMPLES / "cooperation.yaml"), "-o", str(out),
                                       "--template", str(template)])
    assert result.exit_code == 2
    assert not out.exists() and "Traceback" not in result.output
    return result.stderr.strip()


def test_template_without_body_tags_is_refused_naming_them(tmp_path):
    plain = docx.Document()
    plain.add_paragraph("{{ c.title }}")
    template = tmp_path / "firm.docx"
    plain.save(str(template))
    assert run_draft(tmp_path, template) == (
        f"{template}: 模板缺少正文标签 c.blocks / d.blocks、c.parties / d.parties、c.signature_rows / d|signature_block，"
        "无法容纳合同（见 tools/build_templates.py） / the template lacks the body tags c.blocks / d.blocks, "
        "c.parties / d.parties, c.signature_rows / d|signature_block")


def rewrite(source, target, change):
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zout.writestr(info.filename, change(info.filename, zin.read(info.filename)))
        extra = change("", b"")
        if extra:
            zout.writestr("word/media/big.bin", extra)


def test_template_with_a_doctype_is_refused(tmp_path):
    template = tmp_path / "doctype.docx"
    rewrite(bundled_template("cooperation.docx"), template,
            lambda name, data: data.replace(b"?>", b'?><!DOCTYPE x [<!ENTITY e "x">]>', 1)
            if name == "word/styles.xml" else data)
    assert run_draft(tmp_path, template) == (f"{template}: 模板的 word/styles.xml 含有 DOCTYPE 声明，拒绝使用 / "
                                             "word/styles.xml declares a DOCTYPE: refused")


def test_template_with_an_external_relationship_is_refused(tmp_path):
    template = tmp_path / "external.docx"
    link = (b'<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            b'image" Target="http://attacker.example/x.png" TargetMode="External"/></Relationships>')
    rewrite(bundled_template("cooperation.docx"), template,
            lambda name, data: data.replace(b"</Relationships>", link) if name == "word/_rels/document.xml.rels"
            else data)
    assert run_draft(tmp_path, template) == (f"{template}: 模板的 word/_rels/document.xml.rels 含有外部链接，拒绝使用 / "
                                             "word/_rels/document.xml.rels has an external relationship (a link "
                                             "outside the file): refused")


def test_template_with_an_oversized_part_is_refused(tmp_path):
    template = tmp_path / "big.docx"
    rewrite(bundled_template("cooperation.docx"), template, lambda name, data: data if name else b"\0" * 21_000_000)
    assert run_draft(tmp_path, template) == (f"{template}: 模板过大（word/media/big.bin超过限制） / the template is too "
                                             "large: a part over 20 MB or 50 MB in all")


# --- print ------------------------------------------------------------------------------------------------


@pytest.mark.skipif(shutil.which("soffice") is None or shutil.which("pdffonts") is None,
                    reason="LibreOffice and poppler are installed by .ci/run")
def test_pdf_sets_songti_in_a_serif_cjk_font(tmp_path):
    contract, _ = draft(load_deal(EXAMPLES / "data_processing.yaml"))
    pdf = tmp_path / "c.pdf"
    pdf.write_bytes(render(contract, "pdf"))
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    cjk = re.findall(r"\+(\S*CJK\S*)", fonts)
    assert any("SerifCJK" in f for f in cjk), fonts  # 宋体: body text
    assert any("SansCJK" in f for f in cjk), fonts  # 黑体: headings
    # the .docx still names 宋体 and 黑体 for Word and WPS
    styles = docx.Document(io.BytesIO(render_docx(contract))).styles.element.xml
    assert 'w:eastAsia="宋体"' in styles and 'w:eastAsia="黑体"' in styles
