"""aicontract compare: a returned draft against the one sent. Each scenario edits a real drafted
.docx (python-docx, or LibreOffice through its own API), compares, and checks the redline's XML:
accepting every change gives THEIRS' paragraphs, rejecting every change gives OURS'; and the
change list names the clause, its number and source."""

import copy
import io
import json
import re
import shutil
import subprocess
import zipfile

import docx
import pytest
from click.testing import CliRunner
from docx.text.paragraph import Paragraph
from lxml import etree

from aicontract import render_docx
from aicontract.cli import main
from aicontract.compare import compare
from aicontract.drafting import draft

from helpers import ROOT, make_deal

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
LO = shutil.which("soffice")


def uno_python():
    """A Python that has LibreOffice's uno module (Debian: python3-uno), or None."""
    for candidate in ("/usr/bin/python3", shutil.which("python3")):
        if candidate and subprocess.run([candidate, "-c", "import uno"], capture_output=True).returncode == 0:
            return candidate
    return None


UNO = uno_python()
needs_uno = pytest.mark.skipif(LO is None or UNO is None, reason="LibreOffice and python3-uno are installed by .ci/run")


# --- Word's accept-all and reject-all, on the XML -------------------------------------------------


def resolve(data: bytes, accept: bool) -> list[str]:
    """Every paragraph's text (body and table cells, in order) after accepting or rejecting every
    tracked change, as Word does: rows and text of the other kind go, a paragraph whose mark goes
    joins the next paragraph (or disappears when nothing of it is left)."""
    root = etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml"))
    body = root.find(W + "body")
    gone, kept = (W + "del", W + "ins") if accept else (W + "ins", W + "del")
    for row in list(body.iter(W + "tr")):
        if row.find(f"{W}trPr/{gone}") is not None:
            row.getparent().remove(row)
    for element in list(body.iter(gone)):
        if element.getparent().tag not in (W + "rPr", W + "trPr"):
            element.getparent().remove(element)
    for element in list(body.iter(kept)):
        parent = element.getparent()
        if parent.tag in (W + "rPr", W + "trPr"):
            parent.remove(element)
            continue
        for child in list(element):
            element.addprevious(child)
        parent.remove(element)
    for paragraph in list(body.iter(W + "p")):
        if paragraph.find(f"{W}pPr/{W}rPr/{gone}") is None:
            continue
        following = paragraph.getnext()
        content = [c for c in paragraph if c.tag != W + "pPr"]
        if following is not None and following.tag == W + "p":
            index = 1 if following.find(W + "pPr") is not None else 0
            for child in content:
                following.insert(index, child)
                index += 1
            paragraph.getparent().remove(paragraph)
        elif not text_of(paragraph):
            paragraph.getparent().remove(paragraph)
    return [text_of(p) for p in body.iter(W + "p")]


def text_of(paragraph) -> str:
    out = []
    for node in paragraph.iter(W + "t", W + "delText", W + "tab", W + "br"):
        out.append({W + "tab": "\t", W + "br": "\n"}.get(node.tag, node.text or ""))
    return "".join(out)


def revisions(data: bytes) -> tuple[int, int]:
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
    return len(re.findall(r"<w:ins ", xml)), len(re.findall(r"<w:del ", xml))


def assert_round_trip(ours, theirs, result):
    assert resolve(result.redline, accept=True) == resolve(theirs.read_bytes(), accept=True)
    assert resolve(result.redline, accept=False) == resolve(ours.read_bytes(), accept=True)


# --- the documents ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def ours(tmp_path_factory):
    deal = make_deal()
    contract, _ = draft(deal)
    path = tmp_path_factory.mktemp("ours") / "ours.docx"
    path.write_bytes(render_docx(contract))
    return path


def edited(ours, tmp_path, change, name="theirs.docx"):
    document = docx.Document(str(ours))
    change(document)
    path = tmp_path / name
    document.save(str(path))
    return path


def paragraph(document, start: str) -> Paragraph:
    return next(p for p in document.paragraphs if p.text.startswith(start))


def set_text(p: Paragraph, old: str, new: str) -> None:
    for run in p.runs:
        if old in run.text:
            run.text = run.text.replace(old, new)
            return
    raise AssertionError(f"{old!r} not in {p.text!r}")


def lines(result) -> list[str]:
    return [line for line in result.markdown().splitlines() if line.startswith("- ")]


# --- scenarios ------------------------------------------------------------------------------------------


def test_words_changed_inside_a_clause(ours, tmp_path):
    theirs = edited(ours, tmp_path, lambda d: set_text(paragraph(d, "5.3 "), "2年内", "3年内"))
    result = compare(ours, theirs)
    assert_round_trip(ours, theirs, result)
    assert lines(result)[0] == "- 5.3 免费技术支持（指南 附录二 5.3）：“2年内” → “3年内”"
    assert revisions(result.redline) == (1, 1)  # one word, not the paragraph
    change = json.loads(result.json())["changes"][0]
    assert (change["clause"], change["number"], change["op"]) == ("delivery.support", "5.3", "modify")


def test_a_whole_clause_deleted_and_one_added(ours, tmp_path):
    def change(d):
        victim = paragraph(d, "1.3 ")
        victim._p.getparent().remove(victim._p)
        paragraph(d, "1.5 ").insert_paragraph_before("1.4A 政务数据：指甲方在履行职责中收集和产生的数据。", style="Clause")

    theirs = edited(ours, tmp_path, change)
    result = compare(ours, theirs)
    assert_round_trip(ours, theirs, result)
    assert lines(result)[:2] == [
        "- 1.3 数据（指南 附录二 1.3；第二句为 aicontract 起草）：删除 / deleted “1.3 数据：指在模型训练、验证、测试过程中向模型输入的结构化或非结构化的"
        "信息、语料集合。本合同第7条、第8条和附件二所……”",
        "- 1.4 项目成果（指南 附录二 1.4）之后 / after it：新增 / added “1.4A 政务数据：指甲方在履行职责中收集和产生的数据。”"]


def test_a_table_cell_and_rows(ours, tmp_path):
    def change(d):
        table = d.tables[0]  # 2.3 工作任务
        table.rows[1].cells[2].paragraphs[0].runs[0].text = "问答系统及接口文档"
        new_row = copy.deepcopy(table.rows[2]._tr)
        table._tbl.append(new_row)
        for cell in table.rows[3].cells:
            cell.paragraphs[0].runs[0].text = "新增" + cell.paragraphs[0].runs[0].text[:4]

    theirs = edited(ours, tmp_path, change)
    result = compare(ours, theirs)
    assert_round_trip(ours, theirs, result)
    found = lines(result)
    # each change located in the table: by row (the header row is 1) and, in an edited row, by column
    assert found[0].startswith("- 2.3 工作任务（指南 附录二 2.3）：表格第2行“交付成果”列 / table row 2：")
    assert found[1].startswith("- 2.3 工作任务（指南 附录二 2.3）：新增 / added 表格第4行 / table row 4：“新增")
    edited_row = json.loads(result.json())["changes"][0]
    assert (edited_row["table_row"], edited_row["table_columns"]) == (2, ["“交付成果”列"])
    xml = zipfile.ZipFile(io.BytesIO(result.redline)).read("word/document.xml").decode()
    assert xml.count("<w:trPr><w:ins ") + len(re.findall(r"<w:trPr>(?:(?!</w:trPr>).)*<w:ins ", xml)) >= 1


def test_a_table_row_deleted(ours, tmp_path):
    def change(d):
        table = d.tables[0]
        table._tbl.remove(table.rows[2]._tr)

    theirs = edited(ours, tmp_path, change)
    result = compare(ours, theirs)
    assert_round_trip(ours, theirs, result)
    assert lines(result)[0].startswith("- 2.3 工作任务（指南 附录二 2.3）：删除 / deleted 表格第3行 / table row 3：“12345热线坐席辅助 ")


def test_a_bold_number_run_and_its_text(ours, tmp_path):
    """The clause number is a bold run, its text another: formatting of each piece is kept."""
    def change(d):
        p = paragraph(d, "1.1 ")
        p.runs[0].text = "1.1A"
        set_text(p, "项目：", "本项目：")

    theirs = edited(ours, tmp_path, change)
    result = compare(ours, theirs)
    assert_round_trip(ours, theirs, result)
    root = etree.fromstring(zipfile.ZipFile(io.BytesIO(result.redline)).read("word/document.xml"))
    inserted = [text_of(r) for r in root.iter(W + "ins") if r.find(f"{W}r/{W}rPr/{W}b") is not None]
    deleted = [text_of(r) for r in root.iter(W + "del") if r.find(f"{W}r/{W}rPr/{W}b") is not None]
    assert (inserted, deleted) == (["1.1A"], ["1.1"])  # the number is one token, and stays bold
    plain = [text_of(r) for r in root.iter(W + "ins") if r.getparent().tag == W + "p" and r.find(f"{W}r/{W}rPr") is None]
    assert plain == [" 本"]  # the space between the two changes is folded into them


def test_a_paragraph_split_and_two_merged(ours, tmp_path):
    def change(d):
        p = paragraph(d, "1.2 ")
        head, _, tail = p.text.partition("，本合同中")
        p.runs[-1].text = p.runs[-1].text.split("，本合同中")[0] + "。"
        p.insert_paragraph_before("", style="Clause")  # an empty paragraph typed by mistake
        after = copy.deepcopy(p._p)
        p._p.addnext(after)
        Paragraph(after, p._parent).runs[0].text = ""
        Paragraph(after, p._parent).runs[-1].text = "本合同中" + tail
        first, second = paragraph(d, "1.4 "), paragraph(d, "1.5 ")
        first.add_run(second.text)
        second._p.getparent().remove(second._p)

    theirs = edited(ours, tmp_path, change)
    result = compare(ours, theirs)
    assert_round_trip(ours, theirs, result)
    ops = [c.op for c in result.changes]
    # the empty paragraph is in the redline (the round trip above) but not a change to read (web walkthrough L3)
    assert ops.count("insert") == 1 and ops.count("delete") == 1 and ops.count("modify") == 2
    assert all(c.ours.strip() or c.theirs.strip() for c in result.changes)


def test_paragraphs_moved_and_the_last_paragraph_deleted(ours, tmp_path):
    def change(d):
        moved = paragraph(d, "1.5 ")
        paragraph(d, "1.1 ")._p.addprevious(moved._p)
        body = d.element.body
        last = [c for c in body if c.tag == W + "p"][-1]
        body.remove(last)

    theirs = edited(ours, tmp_path, change)
    result = compare(ours, theirs)
    assert_round_trip(ours, theirs, result)
    assert {(c.op, c.clause.number if c.clause else None) for c in result.changes} >= {("delete", "1.5"),
                                                                                      ("insert", "1.5")}


def test_tabs_and_line_breaks_typed_into_a_clause(ours, tmp_path):
    def change(d):
        p = paragraph(d, "5.3 ")
        p.runs[-1].add_tab()
        p.runs[-1].add_break()
        p.add_run("（补充）")

    theirs = edited(ours, tmp_path, change)
    result = compare(ours, theirs)
    assert_round_trip(ours, theirs, result)
    assert lines(result)[0].startswith("- 5.3 免费技术支持（指南 附录二 5.3）：")


def test_unchanged_document_gives_no_changes(ours, tmp_path):
    theirs = edited(ours, tmp_path, lambda d: None)
    result = compare(ours, theirs)
    assert result.changes == [] and result.broken == []
    assert revisions(result.redline) == (0, 0)
    assert "（无变更 / no changes）" in result.markdown()
    # the same file chosen twice is said to be so (web walkthrough L4); a re-saved copy is not “identical”
    same = compare(ours, ours)
    assert same.identical and "注 / note：两个文件完全相同，是否选了同一个文件？" in same.markdown()
    assert not result.identical and json.loads(result.json())["identical_files"] is False


def test_a_document_aicontract_did_not_draft(tmp_path):
    """No clause map: compared paragraph by paragraph, each change placed by the article its text
    numbers (web walkthrough M4: every change read “（未标条款）” though the articles are numbered)."""
    document = docx.Document()
    for text in ("第一条 甲方委托乙方开发软件。", "第二条 合同价款为人民币10万元。", "第三条 本合同一式两份。"):
        document.add_paragraph(text)
    mine = tmp_path / "plain.docx"
    document.save(str(mine))
    other = docx.Document(str(mine))
    other.paragraphs[1].runs[0].text = "第二条 合同价款为人民币12万元。"
    other.add_paragraph("第四条 本合同自双方签字之日起生效。")
    theirs = tmp_path / "plain_theirs.docx"
    other.save(str(theirs))
    result = compare(mine, theirs)
    assert_round_trip(mine, theirs, result)
    assert not result.drafted
    assert lines(result) == ["- 第二条：“10万元” → “12万元”",
                             "- 第四条：新增 / added “第四条 本合同自双方签字之日起生效。”"]
    assert "按段落比较" in result.markdown() and result.touched == [] and result.broken == []


# --- edited by LibreOffice itself ---------------------------------------------------------------------


def lo_edit(source, target, steps, record, tmp_path):
    job = tmp_path / f"{target.stem}.json"
    job.write_text(json.dumps({"input": str(source), "output": str(target), "record": record, "steps": steps},
                              ensure_ascii=False), encoding="utf-8")
    done = subprocess.run([UNO, str(ROOT / "tests" / "lo_uno.py"), str(job)], capture_output=True, text=True,
                          timeout=180)
    assert done.returncode == 0, done.stderr
    return target


@needs_uno
def test_saved_by_libreoffice_and_broken_items(ours, tmp_path):
    """Edited and saved in LibreOffice Writer (its API): acceptance criteria removed, an amount
    changed so that capitals and figures disagree."""
    theirs = lo_edit(ours, tmp_path / "lo.docx", [
        ["delete_paragraph", "（4）通过网络安全等级保护第三级测评"],
        ["replace", "（小写：¥930,000.00）", "（小写：¥980,000.00）"]], record=False, tmp_path=tmp_path)
    result = compare(ours, theirs)
    assert_round_trip(ours, theirs, result)
    assert not result.theirs_had_revisions
    assert lines(result)[:2] == [
        "- 5.4 验收标准（指南 第三十四条（三））：删除 / deleted “（4）通过网络安全等级保护第三级测评。”",
        "- 6.2 拨付方式（指南 附录二 6.2）：“930,000.00” → “980,000.00”"]
    # Word walkthrough: by the figures the instalments no longer add up, nor match their 50 %
    assert [b.message for b in result.broken] == [
        "正文 6.2：大写金额“玖拾叁万元整”（930,000.00）与小写 980,000.00 不一致 / capitals differ from figures",
        "正文 6.2：各期合计 1,910,000.00，总额为 1,860,000.00（按小写金额 / by the figures） / instalments do not add up to the total",
        "正文 6.2：50% × 总额 = 930,000.00，而金额为 980,000.00（按小写金额 / by the figures） / does not match"]
    assert "第三十四条（三）验收标准 [Acceptance criteria]（5.4）" in result.touched


@needs_uno
def test_theirs_with_its_own_tracked_changes(ours, tmp_path):
    """LibreOffice recorded the edits as tracked changes: they are read as accepted, and the redline
    (checked again by LibreOffice's own accept-all and reject-all) gives THEIRS and OURS."""
    theirs = lo_edit(ours, tmp_path / "tracked.docx", [
        ["replace", "江州智算科技有限公司", "江州智算股份有限公司"],
        ["delete_paragraph", "1.2 "],
        ["insert_after", "1.5 ", "1.6 新条款：乙方在修订模式下补充的定义。"]], record=True, tmp_path=tmp_path)
    assert revisions(theirs.read_bytes())[0] > 0
    # and one edit made afterwards without 修订 (web walkthrough M3: it looked the same as the marked ones)
    silent = edited(theirs, tmp_path, lambda d: paragraph(d, "5.3 ").add_run("双方另有约定的除外。"), "silent.docx")
    assert compare(ours, silent).markdown().count("【未标修订 / not tracked】") == 1
    result = compare(ours, theirs)
    assert result.theirs_had_revisions
    assert_round_trip(ours, theirs, result)
    assert lines(result)[:3] == [
        "- 当事人【对方已标修订 / tracked】：“科技有限公司” → “股份有限公司”",  # four characters of context: whole words
        "- 1.2 模型（指南 附录二 1.2）【对方已标修订 / tracked】：删除 / deleted “1.2 模型：指能够基于自然对话方式理解与执行任务，"
        "提供语言理解、知识问答、逻辑推理、内容生成的人工智能产品及服务，本合……”",
        "- 1.5 应用场景（指南 附录二 1.5）【对方已标修订 / tracked】之后 / after it：新增 / added “1.6 新条款：乙方在修订模式下补充的定义。”"]
    assert [c["tracked"] for c in json.loads(result.json())["changes"]][:3] == [True, True, True]
    redline = tmp_path / "redline.docx"
    redline.write_bytes(result.redline)
    accepted = lo_edit(redline, tmp_path / "accepted.docx", [["accept_all"]], record=False, tmp_path=tmp_path)
    rejected = lo_edit(redline, tmp_path / "rejected.docx", [["reject_all"]], record=False, tmp_path=tmp_path)
    theirs_accepted = lo_edit(theirs, tmp_path / "theirs_accepted.docx", [["accept_all"]], record=False,
                              tmp_path=tmp_path)
    ours_resaved = lo_edit(ours, tmp_path / "ours_resaved.docx", [], record=False, tmp_path=tmp_path)

    def texts(path):
        return [t for t in resolve(path.read_bytes(), accept=True) if t.strip()]

    assert texts(accepted) == texts(theirs_accepted)
    assert texts(rejected) == texts(ours_resaved)


# --- the command ----------------------------------------------------------------------------------------


def test_command_writes_the_redline_and_prints_json(ours, tmp_path):
    theirs = edited(ours, tmp_path, lambda d: set_text(paragraph(d, "5.3 "), "2年内", "3年内"))
    out = tmp_path / "redline.docx"
    result = CliRunner().invoke(main, ["compare", str(ours), str(theirs), "-o", str(out), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [(c["number"], c["fragments"]) for c in data["changes"]] == [("5.3", [{"ours": "2年内", "theirs": "3年内"}])]
    assert data["broken"] == []
    assert f"已生成 / written: {out}" in result.stderr
    assert revisions(out.read_bytes()) == (1, 1)
    again = CliRunner().invoke(main, ["compare", str(ours), str(theirs), "-o", str(out)])
    assert again.exit_code == 2
    assert again.stderr.strip() == f"{out}: 文件已存在，如需覆盖请加 --force / file exists; use --force to overwrite"


def test_same_files_same_redline(ours, tmp_path):
    theirs = edited(ours, tmp_path, lambda d: set_text(paragraph(d, "5.3 "), "2年内", "3年内"))
    assert compare(ours, theirs).redline == compare(ours, theirs).redline


@pytest.mark.parametrize("name, content, message", [
    ("missing.docx", None, "missing.docx: 无法读取 / cannot read: No such file or directory"),
    ("text.docx", b"not a zip", "text.docx: 不是 Word 文档（.docx） / not a Word document (.docx)"),
    ("contract.doc", b"x", "contract.doc: 只能比较 .docx 文件（.doc/.wps 请先另存为 .docx） / only .docx files can be "
                           "compared (save a .doc or .wps as .docx first)"),
    # walkthrough M3, L3: what the file is, said plainly (a raw “<_io.BytesIO object …>” before)
    ("locked.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600 + "EncryptedPackage".encode("utf-16-le") + b"\0" * 99,
     "locked.docx: 文件有密码保护，请先在 Word 中取消密码后再试 / the file is password-protected: remove the password first"),
    ("old.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 700,
     "old.docx: 这是旧版 Word 文件（.doc），请另存为 .docx / an old Word (.doc) file: save it as .docx"),
    ("sheet.docx", b"PK\x03\x04" + b"\0" * 26 + b"xl/workbook.xml" + b"\0" * 50,
     "sheet.docx: 这是 Excel 工作簿，不是 Word 文档 / an Excel workbook, not a Word document"),
    ("empty.docx", b"", "empty.docx: 文件是空的 / the file is empty"),
])
def test_unreadable_theirs_is_refused_naming_it(ours, tmp_path, name, content, message):
    theirs = tmp_path / name
    if content is not None:
        theirs.write_bytes(content)
    out = tmp_path / "redline.docx"
    result = CliRunner().invoke(main, ["compare", str(ours), str(theirs), "-o", str(out)])
    assert result.exit_code == 2
    assert result.stderr.strip() == f"{tmp_path}/{message}"
    assert "Traceback" not in result.output and not out.exists()


def test_redline_must_be_docx(ours, tmp_path):
    result = CliRunner().invoke(main, ["compare", str(ours), str(ours), "-o", str(tmp_path / "r.pdf")])
    assert result.exit_code == 2
    assert result.stderr.strip() == f"{tmp_path}/r.pdf: 输出须为 .docx 文件 / the output must be a .docx file"


# --- what a draft remembers (render/meta.py) -------------------------------------------------------------


def test_clause_ids_and_document_facts_in_the_docx(tmp_path):
    from aicontract.compare.read import read_docx
    from aicontract.render import render
    from aicontract.render.meta import deal_digest

    deal = make_deal()
    contract, _ = draft(deal)
    path = tmp_path / "c.docx"
    path.write_bytes(render(contract, "docx", deal=deal))
    read = read_docx(path)
    by_text = {}
    for block in read.blocks:
        if block.clause:
            by_text.setdefault(block.text[:4], block.clause)  # the contract's own 7.2, not an annex's
    assert by_text["7.2 "].id == "ip.ownership"
    assert (by_text["7.2 "].number, by_text["7.2 "].source, by_text["7.2 "].title) == ("7.2", "指南 附录二 7.2",
                                                                                     "项目知识产权归属")
    annex = next(b.clause for b in read.blocks if b.text.startswith("8.1 ") and b.clause.family == "data_processing")
    assert annex.document == "附件一：数据处理协议" and annex.label().startswith("《附件一》8.1 ")
    assert read.properties["aicontract.family"] == "cooperation"
    assert read.properties["aicontract.library"] == contract.library_version
    assert read.properties["aicontract.deal"] == deal_digest(deal) and len(deal_digest(deal)) == 64
    names = re.findall(r'w:name="([^"]+)"', zipfile.ZipFile(path).read("word/document.xml").decode())
    assert all(n.startswith("_ac") and len(n) <= 40 and re.fullmatch(r"\w+", n) for n in names)
    assert len(names) == len(set(names))
    props = docx.Document(str(path)).core_properties
    assert props.title == "项目合作合同"


@pytest.mark.skipif(LO is None, reason="LibreOffice is installed by .ci/run")
def test_clause_ids_survive_a_libreoffice_round_trip(ours, tmp_path):
    from aicontract.compare.read import read_docx

    subprocess.run([LO, f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--convert-to", "docx",
                    "--outdir", str(tmp_path / "lo"), str(ours)], capture_output=True, timeout=180, check=True)
    before, after = read_docx(ours), read_docx(tmp_path / "lo" / "ours.docx")
    assert after.properties == before.properties
    original = [(b.text, b.clause.id) for b in before.blocks if b.clause and b.text]
    kept = [(b.text, b.clause.id) for b in after.blocks if b.clause and b.text]
    assert len(original) > 200
    assert kept == original


def test_a_deleted_clause_still_cited_elsewhere_is_broken(ours, tmp_path):
    """Word walkthrough: 7.8 deleted while 1.9 still cites “本合同7.5条、7.7条、7.8条和第10条” was not reported
    (only a list's first reference was read), and exit 0."""
    def delete_7_8(document):
        for p in [p for p in document.paragraphs if p.text.startswith("7.8 ")]:
            p._element.getparent().remove(p._element)

    theirs = edited(ours, tmp_path, delete_7_8)
    result = compare(ours, theirs)
    broken = [b.message for b in result.broken]
    # one line for the missing clause, naming every place that cites it (web walkthrough L2: one line each)
    assert broken == ["引用的“7.8条”不存在 / refers to a missing clause：正文 1.9、7.2（共 2 处）"]  # 7.5 is still there
    out = tmp_path / "redline.docx"
    run = CliRunner().invoke(main, ["compare", str(ours), str(theirs), "-o", str(out)])
    assert run.exit_code == 1, run.output


def test_two_different_contracts_are_said_to_be_so(ours, tmp_path):
    """Word walkthrough: comparing the cooperation draft with a tech contract listed 407 changes without a word."""
    from aicontract import assemble, load_deal

    from helpers import EXAMPLES

    other = tmp_path / "tech.docx"
    other.write_bytes(render_docx(assemble(load_deal(EXAMPLES / "tech_development_ai.yaml"))))
    result = compare(ours, other, check=False)
    assert result.different == ["标题 “项目合作合同” ≠ “技术开发（委托）合同”", "合同编号 “JZ-ZWAI-2026-001” ≠ “JZSJ-KJ-2026-015”"]
    assert result.markdown().splitlines()[2] == (
        "注意 / warning：两份文件不像同一份合同的两个版本（标题 “项目合作合同” ≠ “技术开发（委托）合同”；合同编号 “JZ-ZWAI-2026-001” ≠ "
        "“JZSJ-KJ-2026-015”） / the files look like two different contracts")
    assert json.loads(result.json())["different_contracts"] == result.different
    assert compare(ours, ours, check=False).different == []


def test_a_paragraph_added_in_a_clause_carries_what_the_clause_carries(ours, tmp_path):
    """Word walkthrough: a paragraph added in 7.2 (乙方 may use the results elsewhere) was not linked to
    第三十四条（五） and 第三十六条（二）, which 7.2 carries."""
    def add_in_7_2(document):
        anchor = paragraph(document, "7.2 ")
        new = copy.deepcopy(anchor._element)
        anchor._element.addnext(new)
        Paragraph(new, anchor._parent).text = "乙方可以在其他项目中使用项目成果，无需甲方同意，也不支付费用。"

    result = compare(ours, edited(ours, tmp_path, add_in_7_2), check=False)
    assert [c.op for c in result.changes] == ["insert"]
    assert any(t.startswith("第三十六条（二）") and t.endswith("（7.2）") for t in result.touched), result.touched
    assert any(t.startswith("第三十四条（五）") and t.endswith("（7.2）") for t in result.touched), result.touched


def test_the_redline_never_overwrites_a_compared_file(ours, tmp_path):
    """Word walkthrough: `-o` naming OURS with --force replaced the sent draft by the redline."""
    theirs = tmp_path / "theirs.docx"
    shutil.copy(ours, theirs)
    before = theirs.read_bytes()
    run = CliRunner().invoke(main, ["compare", str(ours), str(theirs), "-o", str(theirs), "--force"])
    assert run.exit_code == 2
    assert run.output.strip() == f"{theirs}: 输出会覆盖被读取的文件，请另选文件名 / the output would overwrite a file the command reads"
    assert theirs.read_bytes() == before


@pytest.mark.parametrize("fmt", ["docx", "text"])
def test_review_never_writes_over_the_file_it_reads(ours, tmp_path, fmt):
    """Walkthrough L5: review X.docx --format docx -o X.docx --force replaced the received contract."""
    source = tmp_path / ("received.docx" if fmt == "docx" else "received.txt")
    if fmt == "docx":
        shutil.copy(ours, source)
    else:
        source.write_text("技术服务合同\n第一条 甲方委托乙方开发模型。\n", encoding="utf-8")
    args = ["review", str(source), "--format", fmt]
    before = source.read_bytes()
    run = CliRunner().invoke(main, [*args, "-o", str(source), "--force"])
    assert run.exit_code == 2
    assert run.stderr.strip().endswith(f"{source}: 输出会覆盖被读取的文件，请另选文件名 / the output would overwrite a file the command reads")
    assert source.read_bytes() == before


def test_a_package_without_its_parts_is_named(ours, tmp_path):
    broken_docx = tmp_path / "nodoc.docx"
    with zipfile.ZipFile(broken_docx, "w") as archive:
        archive.writestr("a.txt", "x")
    run = CliRunner().invoke(main, ["compare", str(ours), str(broken_docx)])
    assert run.exit_code == 2
    assert run.output.strip() == (f"{broken_docx}: 不是 Word 文档 / not a Word document: 缺少 [Content_Types].xml（文件已损坏） / "
                                  "[Content_Types].xml is missing (a damaged file)")


def test_a_changed_amount_reads_whole(ours, tmp_path):
    """Word walkthrough: 930,000 → 980,000 in capitals read “叁” → “捌”; a number written in Chinese
    is now one word, as its figures are."""
    def change(d):
        p = paragraph(d, "（2）初步验收通过")
        set_text(p, "玖拾叁万元整", "玖拾捌万元整")
        set_text(p, "930,000.00", "980,000.00")

    theirs = edited(ours, tmp_path, change)
    result = compare(ours, theirs)
    assert_round_trip(ours, theirs, result)
    assert lines(result)[0] == ("- 6.2 拨付方式（指南 附录二 6.2）：“玖拾叁万元整” → “玖拾捌万元整”；"
                                "“930,000.00” → “980,000.00”")
    assert revisions(result.redline) == (2, 2)  # the two amounts, each deleted and inserted whole


def test_changed_cells_are_named_by_their_column():
    from aicontract.compare.redline import _columns

    rows = [["应用场景", "功能描述", "交付成果"], ["问答", "答复", "系统"]]
    assert _columns(rows, ["问答", "答复", "系统"], ["问答", "答复及转办", "系统及文档"]) == ["“功能描述”列", "“交付成果”列"]
    # the header row itself edited, or a header too long to be a title: the cell's place
    assert _columns(rows, ["应用", "功能描述", "交付成果"], rows[0]) == ["第1列"]
    long = [["列" * 21, "B"], ["x", "y"]]
    assert _columns(long, ["x", "y"], ["z", "y"]) == ["第1列"]
    assert _columns([], ["x"], ["y"]) == ["第1列"]


def test_a_deleted_clause_leaves_a_gap_in_the_numbering(ours, tmp_path):
    """Word walkthrough: 7.3 deleted and 7.4… not renumbered was not flagged as a numbering jump."""
    def delete_7_3(document):
        for p in [p for p in document.paragraphs if p.text.startswith("7.3 ")]:
            p._element.getparent().remove(p._element)

    result = compare(ours, edited(ours, tmp_path, delete_7_3))
    assert "正文 7.4：编号不连续：“7.2”之后是“7.4” / numbering skips from 7.2 to 7.4" in [b.message for b in result.broken]


def test_a_deleted_mandatory_clause_is_broken_even_if_its_words_remain(ours, tmp_path):
    """Web walkthrough H1: deleting the whole of 12 保密 gave “（无）” under what THEIRS broke — the
    review still found 保密 in other clauses. The clause maps say which items the deleted clauses
    covered and that no clause of THEIRS covers them now."""
    def delete_12(document):
        for p in [p for p in document.paragraphs if p.text.startswith("12.")]:
            p._element.getparent().remove(p._element)

    result = compare(ours, edited(ours, tmp_path, delete_12))
    lost = [b.message for b in result.broken if b.kind == "item"]
    assert lost[0] == ("第三十四条（六）保密义务 [Confidentiality]：约定该事项的条款已删除（12.1 保密信息（指南 附录二 12.1）、12.2 保密要求"
                       "（指南 附录二 12.2）），对方稿中没有其他条款约定 / the clauses that covered it were deleted")
    assert sum("34.6" == b.id for b in result.broken) == 1  # not again from the review
    out = tmp_path / "redline.docx"
    assert CliRunner().invoke(main, ["compare", str(ours), str(edited(ours, tmp_path, delete_12, "t2.docx")),
                                     "-o", str(out)]).exit_code == 1



def test_a_whole_table_and_a_paragraph_copied_by_libreoffice(ours, tmp_path):
    """Web walkthrough M2: a deleted table read “表格第null行”; a paragraph LibreOffice copied (its
    bookmark renamed …_Copy_1) was placed under the raw id “obligations_subcontracting_Copy_1”."""
    def change(d):
        d.tables[0]._tbl.getparent().remove(d.tables[0]._tbl)
        source = paragraph(d, "4.4 ")
        copied = copy.deepcopy(source._p)
        for start in copied.iter(W + "bookmarkStart"):
            start.set(W + "name", start.get(W + "name") + "_Copy_1")
        source._p.addnext(copied)
        Paragraph(copied, source._parent).runs[-1].text = "乙方分包的，应事先书面告知甲方。"

    result = compare(ours, edited(ours, tmp_path, change))
    found = lines(result)
    assert any(line.startswith("- 2.3 工作任务（指南 附录二 2.3）：删除 / deleted 整个表格 / the whole table：") for line in found)
    (added,) = [c for c in result.changes if c.op == "insert"]
    assert added.clause.number == "4.4" and "_Copy_" not in result.markdown()


def lo_convert(source, target_format, outdir, tmp_path):
    subprocess.run([LO, f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--convert-to", target_format,
                    "--outdir", str(outdir), str(source)], capture_output=True, timeout=180, check=True)
    return outdir / f"{source.stem}.{target_format}"


@pytest.mark.skipif(LO is None, reason="LibreOffice is installed by .ci/run")
def test_a_copy_saved_by_libreoffice_is_the_same_contract(ours, tmp_path):
    """Walkthrough M1: LibreOffice links the core properties with another relationship type; python-docx
    then made up the title “Word Document” and compare said the two were different contracts."""
    saved = lo_convert(ours, "docx", tmp_path / "lo", tmp_path)
    result = compare(ours, saved)
    assert result.different == [] and result.changes == []


@pytest.mark.skipif(LO is None, reason="LibreOffice is installed by .ci/run")
def test_a_copy_saved_through_odt_is_read_with_the_drafts_clause_map(ours, tmp_path):
    """Walkthrough H3: saved as .odt and back, THEIRS keeps the clause bookmarks but not the clause map:
    its clauses were known only by their bookmark ids and every mandatory item was reported deleted."""
    def edit(document):
        for p in document.paragraphs:
            if p.text.startswith("14.2 "):
                for run in p.runs:
                    run.text = run.text.replace("江州仲裁委员会", "上海国际仲裁中心")

    odt = lo_convert(edited(ours, tmp_path, edit), "odt", tmp_path / "odt", tmp_path)
    theirs = lo_convert(odt, "docx", tmp_path / "back", tmp_path)
    result = compare(ours, theirs)
    assert result.broken == []
    assert [c.clause.label() for c in result.changes if c.clause] == ["14.2 争议解决方式（指南 附录二 14.2）"]


def test_a_numbering_gap_ours_already_had_is_not_blamed_on_theirs(tmp_path):
    """Walkthrough L6: OURS skipped from 第六条 to 第八条; THEIRS deleted 第六条 as well, and compare reported
    “第五条之后是第八条” as broken by THEIRS."""
    def contract(articles):
        document = docx.Document()
        document.add_paragraph("技术服务合同")
        for number, text in articles:
            document.add_paragraph(f"第{number}条 {text}")
        return document

    articles = [("一", "甲方委托乙方开发模型。"), ("二", "乙方按期交付。"), ("三", "甲方组织验收。"), ("四", "费用另行约定。"),
                ("五", "双方保密。"), ("六", "违约的赔偿损失。"), ("八", "其他事项协商解决。")]
    ours, theirs, deleted = tmp_path / "ours.docx", tmp_path / "theirs.docx", tmp_path / "deleted8.docx"
    contract(articles).save(ours)
    contract([a for a in articles if a[0] != "六"]).save(theirs)
    result = compare(ours, theirs)
    assert [c.op for c in result.changes] == ["delete"]
    assert [b for b in result.broken if b.id == "numbering"] == []
    contract(articles[:-1] + [("九", "其他事项协商解决。")]).save(deleted)  # a new gap elsewhere still counts
    assert [b.message for b in compare(ours, deleted).broken if b.id == "numbering"] == [
        "正文 第九条：编号不连续：“第六条”之后是“第九条” / numbering skips from 第六条 to 第九条"]
