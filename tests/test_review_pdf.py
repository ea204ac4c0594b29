"""A PDF's text layer, as pdftotext gives it, made into the document's lines (review/pdf.py): each rule
on the text pdftotext printed for a real layout (walkthroughs 2026-11-28, review and PDF)."""

from aicontract.review.pdf import pdf_lines

FULL = "甲" * 35  # a full line of this layout: 70 columns


def test_a_section_number_on_its_own_line_is_joined_to_its_title():
    assert pdf_lines("1\n\n定义\n1.1 项目：指本项目。\n") == ["1\u3000定义", "1.1 项目：指本项目。", ""]


def test_a_paragraph_wrapped_at_the_margin_and_across_a_page_is_one_line():
    text = f"1.1 {FULL[:-2]}\n{FULL[:-4]}乙方应在\n\n第 1 页 共 9 页\n\n- 2 -\n15 个工作日内交付。\n1.2 下一条。\n"
    assert [line for line in pdf_lines(text) if line] == [f"1.1 {FULL[:-2]}{FULL[:-4]}乙方应在15个工作日内交付。", "1.2 下一条。"]


def test_laid_out_spaces_go_but_not_the_one_after_a_label():
    assert pdf_lines("6.2 拨 付 方 式 ： 按 本 合 同 3.2 条\n第十三条 乙方交付成果。\n") == [
        "6.2 拨付方式：按本合同3.2条", "第十三条 乙方交付成果。", ""]


def test_a_clause_titled_项目_is_a_clause_and_a_reference_at_a_line_start_is_not():
    text = f"1.6 {FULL[:-2]}\n1.7 项目知识产权：指项目成果的知识产权。\n{FULL}。\n7.4条第二段的约定；其他。\n"
    lines = [line for line in pdf_lines(text) if line]
    assert lines[1] == "1.7 项目知识产权：指项目成果的知识产权。"  # walkthrough H4: was glued to 1.6
    assert lines[2] == f"{FULL}。7.4条第二段的约定；其他。"  # a reference goes on the line before


def test_a_line_at_the_top_of_every_page_is_a_running_header_not_text():
    """Reminders walkthrough M3: an incomplete draft's header “【未完成草稿，不得签署 …】” was spliced into its clauses."""
    header = "【未完成草稿，不得签署 / INCOMPLETE DRAFT】未满足：第三十四条（三）验收标准"
    pages = [f"{header}\n\n{n}.1 第{n}条的文字。\n\n第 {n} 页 共 4 页\n" for n in range(1, 5)]
    assert [line for line in pdf_lines("\f".join(pages)) if line] == [f"{n}.1 第{n}条的文字。" for n in range(1, 5)]
    two = "\f".join(pages[:2])  # on two pages only it may be the contract's own words: kept
    assert [line for line in pdf_lines(two) if line].count(header) == 2


def test_a_bare_number_before_a_sentence_is_no_section_title():
    """A line “1” then a sentence (wider than a title) stays as it is: only a short title joins its number."""
    sentence = "本合同自双方签字盖章之日起生效，有效期至项目最终验收通过之日止。"
    assert [line for line in pdf_lines(f"1\n{sentence}\n") if line] == ["1", sentence]
    assert [line for line in pdf_lines("1\n数据安全和保密条款\n") if line] == ["1\u3000数据安全和保密条款"]


def test_a_document_of_short_lines_is_not_joined():
    """Lines narrower than 40 columns never set the width of a full line: a list of parties stays a list."""
    assert pdf_lines("甲方：江州市政务服务和数据管理局\n联系人：李明\n地址：江州市府前路1号\n") == [
        "甲方：江州市政务服务和数据管理局", "联系人：李明", "地址：江州市府前路1号", ""]
