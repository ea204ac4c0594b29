"""aicontract review reads what a reader of the received document sees: Word's automatic
numbering as the numbers shown, tracked changes as accepted, text in tables, text boxes, headers
and footers; .doc and .wps through LibreOffice; .pdf through its text layer; text files in UTF-8,
UTF-16 and GBK. And it writes its findings back as Word comments."""

import re
import shutil
import subprocess
import zipfile

import docx
import pytest
from click.testing import CliRunner
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

from aicontract.cli import main
from aicontract.review import annotated_docx, review
from aicontract.review.read import read_document

from helpers import ROOT

W = nsdecls("w")
NUMBERING = f"""<w:abstractNum {W} w:abstractNumId="90">
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="第%1条"/></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:isLgl/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1.%2"/></w:lvl>
</w:abstractNum>"""


def numbered(document, text, level=0):
    """A paragraph numbered by Word (numId 90), its label not in its text."""
    paragraph = document.add_paragraph(text)
    paragraph._p.get_or_add_pPr().insert(0, parse_xml(
        f'<w:numPr {W}><w:ilvl w:val="{level}"/><w:numId w:val="90"/></w:numPr>'))
    return paragraph


def received(tmp_path):
    """A received contract using what Word users use: automatic numbering, a tracked change,
    a table, a text box, a header and a footer."""
    document = docx.Document()
    numbering = document.part.numbering_part.element
    numbering.insert(0, parse_xml(NUMBERING))
    numbering.append(parse_xml(f'<w:num {W} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    document.add_paragraph("人工智能系统开发合同")
    numbered(document, "合同标的")
    numbered(document, "乙方为甲方开发智能问答系统，应用于政务服务热线场景。", 1)
    numbered(document, "合同价款")
    price = numbered(document, "", 1)
    price._p.append(parse_xml(f'<w:r {W}><w:t>合同总价款为人民币</w:t></w:r>'))
    price._p.append(parse_xml(f'<w:del {W} w:id="1" w:author="x"><w:r><w:delText>伍拾万元整</w:delText></w:r></w:del>'))
    price._p.append(parse_xml(f'<w:ins {W} w:id="2" w:author="x"><w:r><w:t>陆拾万元整（¥600,000.00）</w:t></w:r></w:ins>'))
    price._p.append(parse_xml(f'<w:r {W}><w:t>。</w:t></w:r>'))
    numbered(document, "违约责任")
    numbered(document, "违反本合同第九条约定的，应当支付违约金。", 1)
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "交付日期", "于____年____月____日前交付"
    box = document.add_paragraph("见右侧说明")
    box._p.append(parse_xml(
        f'<w:r {W}><w:pict><w:txbxContent><w:p><w:r><w:t>数据存储于甲方机房，保存期限为三年。</w:t></w:r></w:p>'
        f'</w:txbxContent></w:pict></w:r>'))
    document.sections[0].header.paragraphs[0].text = "合同编号：XX-2026"
    document.sections[0].footer.paragraphs[0].text = "第 1 页"
    path = tmp_path / "received.docx"
    document.save(path)
    return path


def test_numbering_tracked_changes_tables_boxes_headers_are_read(tmp_path):
    lines = [(line.part, line.text) for line in read_document(received(tmp_path)).lines]
    assert lines[:6] == [
        ("正文", "人工智能系统开发合同"),
        ("正文", "第一条合同标的"),
        ("正文", "1.1乙方为甲方开发智能问答系统，应用于政务服务热线场景。"),
        ("正文", "第二条合同价款"),
        ("正文", "2.1合同总价款为人民币陆拾万元整（¥600,000.00）。"),  # the insertion kept, the deletion dropped
        ("正文", "第三条违约责任"),
    ]
    assert ("正文", "交付日期\t于____年____月____日前交付") in lines
    assert lines.index(("正文", "数据存储于甲方机房，保存期限为三年。")) == lines.index(("正文", "见右侧说明")) + 1
    assert lines[-2:] == [("页眉", "合同编号：XX-2026"), ("页脚", "第 1 页")]


def test_findings_are_placed_by_the_documents_own_numbering(tmp_path):
    result = review(received(tmp_path))
    problems = {(f.kind, f.where) for f in result.findings if not f.ok}
    assert ("reference", "正文 3.1") in problems  # 第九条 does not exist
    assert ("blank", "正文 3.1（第8段）") in problems  # the table row after 3.1 (a Word document counts paragraphs)
    assert ("blank", "页眉（第11段）") in problems  # XX in the header
    (price,) = [i for i in result.items if i.id == "34.4"]
    assert ("正文 2.1", "2.1合同总价款为人民币陆拾万元整（¥600,000.00）。") in [(e.where, e.quote) for e in price.evidence]


def comments_by_paragraph(path):
    """{comment text: text of the paragraph it is anchored on}"""
    document = docx.Document(str(path))
    texts = {c.comment_id: c.text for c in document.comments}
    anchored = {}
    for start in document.element.body.iter(qn("w:commentRangeStart")):
        paragraph = next(a for a in start.iterancestors() if a.tag == qn("w:p"))
        text = "".join(t.text or "" for t in paragraph.iter(qn("w:t")))
        anchored[texts[int(start.get(qn("w:id")))]] = text
    return anchored


def test_annotated_copy_has_comments_where_the_findings_are(tmp_path):
    source = received(tmp_path)
    out = tmp_path / "reviewed.docx"
    result = CliRunner().invoke(main, ["review", str(source), "--format", "docx", "-o", str(out)])
    assert result.exit_code == 1, result.output
    anchored = comments_by_paragraph(out)
    reference = next(c for c in anchored if "第九条" in c)
    assert anchored[reference] == "违反本合同第九条约定的，应当支付违约金。"
    blank = next(c for c in anchored if "下划线空白" in c)
    assert anchored[blank] == "交付日期"  # a table row's comment sits at the start of the row
    missing = [c for c in anchored if c.startswith("35.6 ")]  # nothing on deletion: a comment on the title
    assert len(missing) == 1 and anchored[missing[0]] == "人工智能系统开发合同"
    assert "建议条款" in missing[0] and "【" in missing[0]
    # 35.6 (deletion): the second paragraph of 第二十一条, what the law says of deletion (review53 L3)
    assert ("\n涉及委托处理个人信息的，法律另有要求，不能因指南属推荐性质而省略：受托人应当按照约定处理个人信息，不得超出约定的处理目的、"
            "处理方式等处理个人信息；委托合同不生效、无效、被撤销或者终止的，受托人应当将个人信息返还个人信息处理者或者予以删除，不得保留"
            "（《中华人民共和国个人信息保护法》第二十一条第二款）。") in missing[0]
    first = [c for c in anchored if c.startswith(("35.1 ", "35.5 "))]
    assert len(first) == 2 and all("，并对受托人的个人信息处理活动进行监督（《中华人民共和国个人信息保护法》第二十一条第一款）。" in c
                                   for c in first)
    others = [c for c in anchored if c[:3] in ("34.", "36.")]
    assert others and not any("第二十一条" in c for c in others)  # a data-processing item's comment only (review52 L4)
    # the header's XX cannot carry a Word comment there: it goes on the title
    header = next(c for c in anchored if c.startswith("页眉"))
    assert anchored[header] == "人工智能系统开发合同"


def body_text(path):
    document = docx.Document(str(path))
    return [p.text for p in document.paragraphs], [[c.text for c in row.cells] for t in document.tables for row in t.rows]


def test_nothing_else_in_the_document_changes(tmp_path):
    source = received(tmp_path)
    copy = tmp_path / "copy.docx"
    copy.write_bytes(annotated_docx(review(source)))
    assert body_text(copy) == body_text(source)
    original, annotated = docx.Document(str(source)), docx.Document(str(copy))
    assert original.sections[0].header.paragraphs[0].text == annotated.sections[0].header.paragraphs[0].text
    assert len(list(annotated.comments)) > 5 and not list(original.comments)
    # tracked changes survive as tracked changes
    assert len(list(annotated.element.body.iter(qn("w:del")))) == 1


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is installed by .ci/run")
def test_annotated_copy_converts_with_libreoffice(tmp_path):
    copy = tmp_path / "copy.docx"
    copy.write_bytes(annotated_docx(review(received(tmp_path))))
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(copy)], capture_output=True, timeout=180, check=True)
    assert (tmp_path / "copy.pdf").stat().st_size > 1000


def test_a_text_file_becomes_a_docx_carrying_the_comments(tmp_path):
    text = tmp_path / "draft.txt"
    text.write_text("技术服务合同\n第一条 本合同标的为______。\n第二条 违反本合同第九条约定的，按第一条处理。\n", encoding="utf-8")
    out = tmp_path / "draft.docx"
    assert CliRunner().invoke(main, ["review", str(text), "--format", "docx", "-o", str(out)]).exit_code == 1
    paragraphs, _ = body_text(out)
    assert paragraphs == ["技术服务合同", "第一条 本合同标的为______。", "第二条 违反本合同第九条约定的，按第一条处理。"]
    anchored = comments_by_paragraph(out)
    assert anchored[next(c for c in anchored if "第九条" in c)] == "第二条 违反本合同第九条约定的，按第一条处理。"
    assert anchored[next(c for c in anchored if "下划线空白" in c)] == "第一条 本合同标的为______。"


@pytest.mark.parametrize("encoding", ["utf-16", "gbk", "utf-8-sig"])
def test_text_in_every_chinese_encoding_is_read(tmp_path, encoding):
    path = tmp_path / "contract.txt"
    path.write_bytes("第一条 合同总价款为人民币壹万元整（￥10,000.00）。".encode(encoding))
    assert [line.text for line in read_document(path).lines] == ["第一条 合同总价款为人民币壹万元整（￥10,000.00）。"]


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is installed by .ci/run")
@pytest.mark.parametrize("target", ["doc", "pdf"])
def test_legacy_word_and_pdf_are_read(tmp_path, target):
    source = received(tmp_path)
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--convert-to", target,
                    "--outdir", str(tmp_path / "out"), str(source)], capture_output=True, timeout=180, check=True)
    texts = [line.text.strip() for line in read_document(tmp_path / "out" / f"received.{target}").lines]
    assert "第二条合同价款" in texts or "第二条 合同价款" in texts
    assert any("陆拾万元整（¥600,000.00）" in t for t in texts)
    if target == "doc":  # a .doc keeps the tracked change; a PDF prints the deleted text as it shows it
        assert not any("伍拾万元整" in t for t in texts)


def test_unanswered_choices_and_leftover_tags_are_reported(tmp_path):
    text = tmp_path / "form.txt"
    text.write_text("\n".join([
        "第一条 发票类型：□专用发票 □普通发票",
        "第二条 付款方式：☑一次性支付 □分期支付",
        "第三条 签订地点：${contract.place}",
        "第四条 联系人：XXX，电话：{{ phone }}",
        "第五条 甲方应于 年 月 日前提供数据【】。",
    ]), encoding="utf-8")
    messages = {f.where: f.message for f in review(text).findings if f.kind == "blank"}
    assert messages == {
        "正文 第一条（第1行）": "未填写 / unfilled — 选项未勾选 / no option ticked：“第一条 发票类型：□专用发票 □普通发票”",
        "正文 第三条（第3行）": "未填写 / unfilled — 模板标记 / template tag：“第三条 签订地点：${contract.place}”",
        "正文 第四条（第4行）": "未填写 / unfilled — 占位符 / placeholder、模板标记 / template tag：“第四条 联系人：XXX，电话：{{ phone }}”",
        "正文 第五条（第5行）": "未填写 / unfilled — 空白 / gap、空括号 / empty brackets：“第五条 甲方应于 年 月 日前提供数据【】。”",
    }


def test_a_run_of_digits_is_not_an_amount(tmp_path):
    """100,000 digits before 元 (a pasted serial, a damaged scan) are no price: nothing breaks,
    and a real amount beside them is still checked."""
    path = tmp_path / "digits.txt"
    path.write_text("第一条 编号" + "1" * 100_000 + "元。\n第二条 合同总价款为人民币壹万元整（¥10,001.00）。\n",
                    encoding="utf-8")
    problems = [(f.kind, f.where) for f in review(path).findings if not f.ok]
    assert problems == [("amount", "正文 第二条")]


def test_a_long_run_of_numbers_without_a_clause_mark_is_no_reference(tmp_path):
    """20,000 “第1、” without 条 (a pasted list): the reference pattern takes the run once (it took
    34 s when it backtracked), and none of it is a reference; a real one after it is still checked."""
    path = tmp_path / "numbers.txt"
    path.write_text("项目合作合同\n1 定义\n1.1 编号" + "第1、" * 20_000 + "\n1.2 依本合同7.5条。\n", encoding="utf-8")
    assert [(f.kind, f.where) for f in review(path).findings if not f.ok] == [("reference", "正文 1.2")]


def test_numbers_that_skip_or_repeat_are_reported(tmp_path):
    """An article deleted and the rest not renumbered (Word walkthrough): each gap, repeat or wrong
    start is named, in reading order; the clauses of an article count from 1; an annex's numbering
    is its own; a law's article cited at the start of a line (第五百七十七条规定) is no article."""
    articles = tmp_path / "articles.txt"
    articles.write_text("第二条 标的。\n第三条 价款。\n第三条 履行。\n第五条 违约责任。\n第六条 争议。\n"
                        "附件一：数据清单\n第九条 另一文件的编号。\n", encoding="utf-8")
    assert [(f.where, f.message) for f in review(articles).findings if f.kind == "numbering"] == [
        ("正文 第二条", "编号从“第二条”开始，缺“第一条” / numbering starts at 第二条"),
        ("正文 第三条", "编号“第三条”重复 / 第三条 is numbered twice"),
        ("正文 第五条", "编号不连续：“第三条”之后是“第五条” / numbering skips from 第三条 to 第五条")]
    sections = tmp_path / "sections.txt"
    sections.write_text("项目合作合同\n1 定义\n1.1 项目。\n1.2 数据。\n1.4 成果。\n2 目标\n2.2 目标。\n"
                        "4 交付\n4.1 交付。\n", encoding="utf-8")
    assert [(f.where, f.message) for f in review(sections).findings if f.kind == "numbering"] == [
        ("正文 1.4", "编号不连续：“1.2”之后是“1.4” / numbering skips from 1.2 to 1.4"),
        ("正文 2.2", "编号从“2.2”开始，缺“2.1” / numbering starts at 2.2"),
        ("正文 4", "编号不连续：“2”之后是“4” / numbering skips from 2 to 4")]
    quoted = tmp_path / "quoted.txt"
    quoted.write_text("第一条 服务内容。\n第二条 违约方应依照《中华人民共和国民法典》\n第五百七十七条规定，承担违约责任。\n"
                      "第三条 争议。\n", encoding="utf-8")
    assert [f for f in review(quoted).findings if f.kind == "numbering"] == []


def test_sections_numbered_1_dot_with_clauses_numbered_again(tmp_path):
    """Review-output reading H1: “1. 总则与定义” with its clauses “1. 2. …” again (Markdown, many plain
    contracts) was one clause at 文首, and “第 3.2 条”, “第 11 条” were reported as missing."""
    path = tmp_path / "addendum.md"
    path.write_text("# 人工智能服务附加条款\n\n1. 总则与定义\n    1. 与主协议的关系。  本附加条款与主协议合称本协议。\n"
                    "2. 训练数据使用限制\n    1. 默认禁止。  除第 2.2 条另有约定外，服务方不得使用客户的输入进行训练。\n"
                    "    2. 约定训练。  双方约定训练用途的，服务方仅得在该范围内使用，客户有权按第 3 条终止。\n"
                    "3. 期限和终止\n    1. 终止。  任何一方可书面通知终止。\n", encoding="utf-8")
    result = review(path)
    assert [f for f in result.findings if f.kind in ("reference", "numbering")] == []
    units = [u.label for a in structure_of(path) for u in a.units]
    assert units == ["文首", "1", "1.1", "2", "2.1", "2.2", "3", "3.1"]


def test_a_date_that_does_not_exist_is_reported(tmp_path):
    """Review-output reading M10: “2012年9月31日前完成测试工作” was not flagged."""
    path = tmp_path / "dates.txt"
    path.write_text("第一条 乙方于2012年9月31日前完成测试，于2026年2月28日前交付，2028年2月29日前验收。\n"
                    "第二条 本合同自2026年 2 月 30 日起生效。\n", encoding="utf-8")
    assert [(f.where, f.message) for f in review(path).findings if f.kind == "date"] == [
        ("正文 第一条", "日期不存在 / no such date：“第一条 乙方于2012年9月31日前完成测试，于2026年2月28日前交付，2028年2月29日前验收。”"),
        ("正文 第二条", "日期不存在 / no such date：“第二条 本合同自2026年 2 月 30 日起生效。”")]


def test_a_clause_that_mentions_signing_is_no_signature_line(tmp_path):
    """Review-output reading M9: “自双方签字并盖章之日起生效，有效期至 年 月 日止。” was skipped as a
    signature line; a real signature line still is."""
    path = tmp_path / "term.txt"
    path.write_text("第一条 本合同自双方签字并盖章之日起生效，有效期至 年 月 日止。\n甲方（签章）：　　　　　　日期：　　年　　月　　日\n",
                    encoding="utf-8")
    assert [f.message for f in review(path).findings if f.kind == "blank"] == [
        "未填写 / unfilled — 空白 / gap：“第一条 本合同自双方签字并盖章之日起生效，有效期至 年 月 日止。”"]


def test_an_ai_services_outputs_allocated_is_project_ip(tmp_path):
    """Review-output reading H2: “输出的相关权利与权益归客户享有” allocates what an AI service produces —
    36.2 (项目知识产权) was reported 未约定."""
    path = tmp_path / "addendum.txt"
    path.write_text("第一条 输出权属。在法律允许的范围内，输出的相关权利与权益归客户享有。\n", encoding="utf-8")
    (item,) = [i for i in review(path).items if i.id == "36.2"]
    assert (item.status, item.evidence[0].where) == ("covered", "正文 第一条")


def structure_of(path):
    from aicontract.review.structure import structure

    return structure(read_document(path).lines)


def _without_numbering(source, target, content_type: str | None = None):
    """``source`` with its numbering part removed, or kept under another content type."""

    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == "word/numbering.xml" and content_type is None:
                continue
            if info.filename == "word/_rels/document.xml.rels" and content_type is None:
                data = re.sub(rb'<Relationship [^>]*numbering[^>]*/>', b"", data)
            if info.filename == "[Content_Types].xml":
                data = re.sub(rb'<Override PartName="/word/numbering.xml"[^>]*/>',
                              b"" if content_type is None else
                              f'<Override PartName="/word/numbering.xml" ContentType="{content_type}"/>'.encode(), data)
            zout.writestr(info, data)
    return target


@pytest.mark.parametrize("content_type", [None, "application/octet-stream"])
def test_a_document_without_usable_numbering_is_read_as_written(tmp_path, content_type):
    source = received(tmp_path)
    lines = [line.text for line in read_document(_without_numbering(source, tmp_path / "plain.docx", content_type)).lines]
    assert lines[:3] == ["人工智能系统开发合同", "合同标的", "乙方为甲方开发智能问答系统，应用于政务服务热线场景。"]


@pytest.mark.parametrize("name, content, message", [
    # walkthrough H2: a UTF-16 text cut short crashed (exit 3, HTTP 500)
    ("cut.txt", "合同".encode("utf-16") + b"\x00", "cut.txt: 编码无法识别，请另存为 UTF-8 / unknown encoding: save the file as UTF-8"),
    # walkthrough M4: an empty text was “reviewed” (0 of 16 items) and a commented copy offered
    ("empty.txt", b"", "empty.txt: 文件是空的 / the file is empty"),
    ("empty.pdf", b"", "empty.pdf: 文件是空的 / the file is empty"),  # reminders walkthrough L5: “no text layer”
    ("blank.txt", " \n\n　\n".encode(), "blank.txt: 文件没有文字 / the file has no text"),
    ("locked.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600 + "EncryptedPackage".encode("utf-16-le"),
     "locked.docx: 文件有密码保护，请先在 Word 中取消密码后再试 / the file is password-protected: remove the password first"),
    ("report.docx", b"%PDF-1.7\n" + b"x" * 100, "report.docx: 这是 PDF 文件，不是 Word 文档 / a PDF file, not a Word document"),
])
def test_a_file_that_cannot_be_reviewed_is_named_with_why(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    result = CliRunner().invoke(main, ["review", str(path), "--format", "docx", "-o", str(tmp_path / "out.docx")])
    assert result.exit_code == 2
    assert result.stderr.strip() == f"{tmp_path}/{message}"
    assert "Traceback" not in result.output and not (tmp_path / "out.docx").exists()


@pytest.mark.skipif(shutil.which("soffice") is None or shutil.which("pdftotext") is None,
                    reason="LibreOffice and poppler are installed by .ci/run")
@pytest.mark.parametrize("name, instalments", [
    ("cooperation", "✓ 正文 6.2：各期合计 1,860,000.00 等于总额 / instalments add up"),
    ("tech_development_ai", "✓ 正文 第五条第1项：各期合计 1,280,000.00 等于总额 / instalments add up")])
def test_a_pdf_of_a_draft_reads_as_its_docx(tmp_path, name, instalments):
    """Walkthrough H1: in a PDF's text a section number stands on a line of its own (“1”, then “定义”),
    paragraphs wrap at the margin, justified lines are spaced out (“拨 付 方 式”) and numbers spaced
    from the Chinese around them: 50 false “missing clause” alarms and no amount checks. The PDF of a
    draft now reads as the draft itself: the same findings, the same quotes."""
    from aicontract import assemble, render_docx
    from aicontract.io.deal_file import load_deal

    source = tmp_path / f"{name}.docx"
    source.write_bytes(render_docx(assemble(load_deal(ROOT / "examples" / f"{name}.yaml"))))
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(source)], capture_output=True, timeout=180, check=True)
    as_docx, as_pdf = review(source), review(tmp_path / f"{name}.pdf")
    assert as_pdf.text().splitlines()[1:] == as_docx.text().splitlines()[1:]
    assert instalments in as_pdf.text().splitlines()
