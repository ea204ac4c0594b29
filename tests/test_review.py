"""aicontract review on the real 常州 contract, on every document aicontract drafts, and on
documents with the faults reviewers look for."""

import json

import docx
import pytest
from click.testing import CliRunner

from aicontract import assemble, load_deal, render_docx, render_text
from aicontract.cli import main
from aicontract.drafting import check
from aicontract.review import review

from helpers import EXAMPLES, SOURCES

SEED = SOURCES / "changzhou_002.txt"


@pytest.fixture(scope="module")
def changzhou():
    return review(SEED)


def status(result):
    return {item.id: item.status for item in result.items}


def test_changzhou_items_each_justified(changzhou):
    assert status(changzhou) == {
        "34.1": "covered",  # 第一条 技术目标：…面向“一网统管”应用场景… (goal and scenario)
        "34.2": "covered",  # 第十三条 成果交付的形式及数量: 技术设计书、测试报告、用户手册、可执行程序
        "34.3": "partial",  # 第十四条 says only 现场验收: no technical standard or indicator anywhere
        "34.4": "covered",  # 第五条 经费和报酬总额 with amounts
        "34.5": "covered",  # 第十六条 知识产权权利归属, 双方取得专利权; 第十五条 不侵权
        "34.6": "covered",  # 第十一条 保密内容、涉密人员、保密期限 for each party; 附件一
        "34.7": "covered",  # 第二十一条 4: two failed acceptances -> termination and 10% 违约金
        "35.1": "partial",  # 附件一 三（三）: 甲方拥有所有数据的全部所有权 — ownership, but no content or source
        "35.2": "partial",  # 附件一 三（四）: use only for this project — no training/validation/testing purposes
        "35.3": "missing",  # no processing methods or scope anywhere: the form has no 数据处理协议
        "35.4": "partial",  # 附件一 三（五） forbids keeping data without leave, but states no storage period
        "35.5": "covered",  # 第十二条 网络和数据安全义务; 附件一 三（十二） 应急预案
        "35.6": "partial",  # 附件一 五（三）: return of materials on termination, but no deletion
        "36.1": "missing",  # no background-IP clause in the 科技部 form
        "36.2": "covered",  # 第十六条: 知识产权归甲乙双方共同所有
        "36.3": "partial",  # 第十六条 1: a right to apply for patents, but no protection measures
    }


def test_evidence_points_at_the_article_with_a_quote(changzhou):
    (item,) = [i for i in changzhou.items if i.id == "34.3"]
    assert any(e.where == "正文 第十四条" and "现场验收" in e.quote for e in item.evidence)
    (item,) = [i for i in changzhou.items if i.id == "35.1"]
    assert item.evidence[0].where == "附件一 三（三）"
    # the whole sentence, character for character as the document writes it
    assert item.evidence[0].quote == "（三）甲方为基础数据的管理和提供方，甲方拥有所有数据的全部所有权，乙方需在甲方的授权下使用数据。"


def test_a_confidentiality_clause_is_no_delivery_evidence(changzhou):
    """Review-output reading M1: 34.2 (交付内容) quoted 第十一条's list of confidential documents, not the
    delivery clause 第十三条."""
    (item,) = [i for i in changzhou.items if i.id == "34.2"]
    assert item.evidence[0].where == "正文 第十三条第1项"
    assert all(e.where != "正文 第十一条第1项" for e in item.evidence)


def test_missing_items_get_suggested_clause_text(changzhou):
    (item,) = [i for i in changzhou.items if i.id == "36.1"]
    assert "背景知识产权" in item.suggestion and "指南 附录二 7.1" in item.suggestion
    (item,) = [i for i in changzhou.items if i.id == "35.3"]
    assert "处理数据的方式限于" in item.suggestion


def test_suggested_text_keeps_the_clauses_own_words_and_numbers():
    """Web walkthrough H2: every 甲方 became 【数据清单权属】 (a field of the example whose value is
    甲方) and the item numbers （2） （4） became 【免费技术支持年限】 【合同份数总份数】 (fields worth 2 and 4)."""
    from aicontract.review.suggest import suggestion, with_placeholders

    assert suggestion("34.3") == ("【项目合作合同 · 指南 第三十四条（三）】\n5.4 验收标准：项目成果应达到以下技术标准和指标，甲方据此开展"
                                  "评审、验收：\n" + "\n".join(f"（{n}）【验收标准和指标】。" for n in range(1, 5)))
    # a number the clause itself writes (30日) stays; one two fields share is 【数值】; a number in a label stays
    known = [("30", "比例（%）"), ("30", "期限（日）"), ("15", "期限（工作日）"), ("江州市", "仲裁地点")]
    assert with_placeholders("第30条（15）在30日内；15个工作日；于江州市", known, fixed="在30日内") == (
        "第30条（15）在30日内；【期限（工作日）】个工作日；于【仲裁地点】")
    assert with_placeholders("比例为30%", known) == "比例为【数值】%"


def test_a_suggestion_is_a_clause_to_start_from():
    """Review-output reading H6: the 34.5 suggestion was 2,500 characters of 7.1–7.8; and a table the
    clause needs (35.1's data list) was left out, so “情况如下：” ended in nothing."""
    from aicontract.review.suggest import suggestion

    ip = suggestion("34.5")
    assert ip.startswith("【项目合作合同 · 指南 附录二 7.1；“本合同”（原文为“本协议”）为 aicontract 起草】\n7.1 本合同的履行不影响双方原本拥有的"
                         "背景知识产权的归属")
    assert ip.endswith("（另见 aicontract 条款库中的 7.5、7.6、7.7、7.8）") and len(ip) < 1000
    data = suggestion("35.1").splitlines()
    assert data[1].endswith("情况如下：") and data[2] == "【表格：数据名称、数据内容、来源、权属、分类分级，按本项目逐行填写】"
    # review-output reading H5: a paragraph the example's yes/no answers or options shaped says so
    assert data[3].startswith("1.2 经双方确认，本协议第1.1条所列数据含有个人信息（种类为：【数据处理协议个人信息的种类】）") and data[3].endswith("【本段按示例合同的选择写成，须按本项目调整】")
    assert suggestion("36.2").endswith("收益的分配。【本段按示例合同的选择写成，须按本项目调整】")


def test_changzhou_payment_figures_are_consistent(changzhou):
    found = {(f.kind, f.ok) for f in changzhou.findings}
    assert ("instalments", True) in found  # 200,000 + 476,340 + 117,560 = 793,900
    assert ("percent", True) in found  # 60% of 793,900 = 476,340
    # what 常州 leaves open: the redacted contract number, and the arbitration blank of the option
    # the parties did not choose (第二十六条 chooses 第 2 种)
    assert [(f.where, f.message) for f in changzhou.findings if not f.ok] == [
        ("正文 文首（第3行）", "未填写 / unfilled — 占位符 / placeholder：“合同编号：2024-XX-01-06”"),
        ("正文 第二十六条第1项（第328行）", "未填写 / unfilled — 空白 / gap：“1. 提交 仲裁委员会仲裁；”")]


def test_an_altered_capital_amount_is_flagged(tmp_path):
    altered = tmp_path / "altered.txt"
    altered.write_text(SEED.read_text(encoding="utf-8").replace("肆拾柒万陆仟叁佰肆拾元整", "肆拾柒万陆仟叁佰伍拾元整"),
                       encoding="utf-8")
    problems = [f for f in review(altered).findings if not f.ok]
    kinds = {f.kind for f in problems}
    assert "amount" in kinds and "instalments" in kinds
    assert any("肆拾柒万陆仟叁佰伍拾元整" in f.message and "476,340.00" in f.message for f in problems)


@pytest.mark.parametrize("name", ["cooperation", "data_processing", "changzhou", "tech_development_ai"])
@pytest.mark.parametrize("suffix", ["docx", "txt"])
def test_no_false_missing_on_aicontracts_own_drafts(tmp_path, name, suffix):
    deal = load_deal(EXAMPLES / f"{name}.yaml")
    contract = assemble(deal)
    path = tmp_path / f"{name}.{suffix}"
    path.write_bytes(render_docx(contract) if suffix == "docx" else render_text(contract).encode("utf-8"))
    result = review(path)
    required = {f.id for f in check(contract, deal).findings if f.kind == "item" and f.mandatory and "/" not in f.id}
    assert {i.id: i.status for i in result.items if i.id in required} == {i: "covered" for i in required}
    # the only thing left open: the contract number, which the 常州 original prints redacted
    assert [f.message for f in result.findings if not f.ok] in (
        [], ["未填写 / unfilled — 占位符 / placeholder：“合同编号：2024-XX-01-06”"])


def test_blanks_and_bad_references(tmp_path):
    text = tmp_path / "draft.txt"
    text.write_text("\n".join([
        "第一条 本合同标的为______。",
        "第二条 乙方联系人：______",
        "法定代表人：______（签名）",
        "第三条 价款见附件（）。违反本合同第九条约定的，按第二条处理。",
    ]), encoding="utf-8")
    findings = review(text).findings
    blanks = [f for f in findings if f.kind == "blank"]
    # the signature line is meant to stay open
    assert {f.where for f in blanks} == {"正文 第一条（第1行）", "正文 第二条（第2行）", "正文 第三条（第4行）"}
    references = [f for f in findings if f.kind == "reference"]
    assert len(references) == 1 and "第九条" in references[0].message


def test_cli_formats(tmp_path):
    result = CliRunner().invoke(main, ["review", str(SEED), "--format", "json"])
    assert result.exit_code == 1  # not everything is covered
    data = json.loads(result.output)
    assert len(data["items"]) == 16
    memo = tmp_path / "memo.docx"
    result = CliRunner().invoke(main, ["review", str(SEED), "--format", "memo", "-o", str(memo)])
    assert result.exit_code == 1 and memo.exists()
    document = docx.Document(str(memo))
    # review-output reading M12: the memo opens with a summary and what to look at first
    summary = next(p.text for p in document.paragraphs if p.text.startswith("结论摘要："))
    assert summary.startswith("结论摘要：16 项中已约定 ") and "宜先核对未约定的事项：" in summary
    items, others, suggestions = document.tables
    assert len(items.rows) == 17 and items.rows[0].cells[0].text == "事项"  # one row per item
    assert [row.cells[1].text for row in items.rows[1:]].count("约定不完整") == 6
    assert [row.cells[0].text for row in suggestions.rows[1:]][:2] == ["34.3 第三十四条（三）验收标准 [Acceptance criteria]",
                                                                      "35.1 第三十五条（一）数据情况 [Data description]"]


def test_unreadable(tmp_path):
    bad = tmp_path / "x.pdf"
    bad.write_bytes(b"%PDF")
    assert CliRunner().invoke(main, ["review", str(bad)]).exit_code == 2
    broken = tmp_path / "x.docx"
    broken.write_bytes(b"no")
    assert CliRunner().invoke(main, ["review", str(broken)]).exit_code == 2


def test_the_first_evidence_is_the_clause_that_deals_with_the_item(tmp_path):
    """Walkthrough: the headline quote was the first passage that matched in document order — 4.4
    (third parties) for 验收标准, the definition 1.7 for 保密, 5.5 (testing) for 违约责任. The clause
    stating more of what the item asks comes first, and its sentence is quoted, not a heading."""
    first = {}
    for name in ("cooperation", "tech_development_ai"):
        path = tmp_path / f"{name}.docx"
        path.write_bytes(render_docx(assemble(load_deal(EXAMPLES / f"{name}.yaml"))))
        first[name] = {item.id: (item.evidence[0].where, item.evidence[0].quote) for item in review(path).items}
    cooperation, tech = first["cooperation"], first["tech_development_ai"]
    assert cooperation["34.3"] == ("正文 5.4", "5.4 验收标准：项目成果应达到以下技术标准和指标，甲方据此开展评审、验收：")
    assert cooperation["34.4"][0] == "正文 6.2"
    assert cooperation["34.6"] == ("正文 12.2", "12.2 保密信息并不以提供方事先声明或明示保密为前提，亦无论采用何种载体。")
    assert cooperation["34.7"] == ("正文 10", "如违约方继续违约或不履行其义务，守约方有权提前解除本合同，并追究其违约责任。")
    assert tech["34.3"] == ("正文 第十四条", "第十四条 双方确定，按以下标准及方法对乙方完成的研究开发成果进行验收：专家评审和现场测试相结合。")
    assert tech["34.7"] == ("正文 第二十一条第5项", "本条约定的各项违约责任，不以违约行为造成研究开发工作停滞、延误或失败为条件。")
    # web walkthrough: an annex's section heading (“2　使用目的”) was read as part of the clause before it
    assert tech["35.2"] == ("附件二 2.1", "2.1 乙方仅可为模型的训练、验证、测试、上线运行和运维目的处理数据。")
    assert cooperation["35.2"] == ("附件一 2.1", "2.1 乙方仅可为模型的训练、验证、测试、上线运行和运维目的处理数据。")
    assert tech["35.4"][0] == "附件二 4.1"


def test_a_blank_late_in_a_long_line_is_shown(tmp_path):
    """Web walkthrough: the quote stopped at the line's 60th character, before the blank it reported."""
    received = tmp_path / "received.txt"
    received.write_text("技术开发合同\n第十四条 双方确定，按以下标准及方法对乙方完成的研究开发成果进行验收，具体指标见本合同附件所列各项要求，"
                        "验收日期：____年__月__日。\n", encoding="utf-8")
    found = [f for f in review(received).findings if f.kind == "blank"]
    assert [(f.where, f.message) for f in found] == [(
        "正文 第十四条（第2行）",
        "未填写 / unfilled — 下划线空白 / underscores：“…，按以下标准及方法对乙方完成的研究开发成果进行验收，具体指标见本合同附件所列各项要"
        "求，验收日期：____年__月__日。”")]


def test_every_reference_of_a_list_is_checked_against_the_contract_itself(tmp_path):
    """Word walkthrough: in “本合同1.2条、7.8条和第9条” only 1.2 was checked, and 7.5 passed when only an
    annex had a 7.5."""
    text = tmp_path / "refs.txt"
    text.write_text("项目合作合同\n1 定义\n1.1 项目：指本项目。\n1.2 模型：指本模型。\n2 其他\n2.1 适用本合同1.2条、7.8条和第9条。\n"
                    "2.2 按本合同第1.9条处理，见第2条和本合同7.5条。\n附件一：数据处理协议\n7 其他\n7.5 本协议第7.5条。\n",
                    encoding="utf-8")
    found = [(f.where, f.message.split("：")[0]) for f in review(text).findings if f.kind == "reference"]
    assert found == [("正文 2.1", "引用的“7.8条”不存在 / refers to a missing clause"),
                     ("正文 2.1", "引用的“第9条”不存在 / refers to a missing clause"),
                     ("正文 2.2", "引用的“1.9条”不存在 / refers to a missing clause"),
                     ("正文 2.2", "引用的“7.5条”不存在 / refers to a missing clause")]


def test_instalment_and_percentage_messages(tmp_path):
    """The messages a reviewer reads, written out (a mutation sample found them unasserted)."""
    text = tmp_path / "pay.txt"
    text.write_text("技术开发合同\n第一条 合同总额为人民币1,000,000元。\n合同生效后支付合同总额的30%，计人民币300,000元；\n"
                    "验收合格后支付合同总额的70%，计人民币650,000元。\n第二条 其他。\n", encoding="utf-8")
    messages = sorted((f.kind, f.message) for f in review(text).findings if f.kind in ("instalments", "percent"))
    assert messages == [
        ("instalments", "各期合计 950,000.00，总额为 1,000,000.00 / instalments do not add up to the total"),
        ("percent", "30% × 总额 = 300,000.00，与金额一致 / matches"),
        ("percent", "70% × 总额 = 700,000.00，而金额为 650,000.00 / does not match")]


def test_shares_written_as_pay_x_percent_are_checked_and_must_make_the_whole(tmp_path):
    """Walkthrough M5: “支付30%，即人民币400,000.00元” was not read as a share of the total, and shares of
    60% and 30% passed; L1: where capitals and figures disagree, a check one reading passes and the other
    fails is said once, as failed, naming its reading."""
    text = tmp_path / "pay.txt"
    text.write_text("技术开发合同\n第四条 合同总额为人民币壹佰万元整（小写：¥1,200,000.00）。分两期支付：\n"
                    "（一）合同签订后支付60%，即人民币600,000.00元；\n（二）验收通过后支付30%，即人民币400,000.00元。\n"
                    "第五条 其他。\n", encoding="utf-8")
    lines = [(f.ok, f.message) for f in review(text).findings if f.kind in ("instalments", "percent")]
    assert lines == [
        (False, "30% × 总额 = 300,000.00，而金额为 400,000.00（按大写金额 / by the capitals） / does not match"),
        (False, "各期合计 1,000,000.00，总额为 1,200,000.00（按小写金额 / by the figures） / instalments do not add up to the total"),
        (False, "60% × 总额 = 720,000.00，而金额为 600,000.00（按小写金额 / by the figures） / does not match"),
        (False, "30% × 总额 = 360,000.00，而金额为 400,000.00（按小写金额 / by the figures） / does not match"),
        (False, "各期比例合计 90%，不是 100% / the shares add up to 90%")]


def test_a_reference_followed_by_a_number_cites_only_its_own_clause(tmp_path):
    text = tmp_path / "refs.txt"
    text.write_text("项目合作合同\n1 定义\n1.1 项目：指本项目。\n2 其他\n2.1 乙方应按本合同1.1条5日内通知甲方。\n", encoding="utf-8")
    assert [f for f in review(text).findings if f.kind == "reference"] == []


def test_figures_and_capitals_beyond_any_price_are_not_amounts():
    from decimal import Decimal

    from aicontract.review.findings import _capitals, _figures

    assert _figures("总额1000000000000000元，另付999999999999999元") == [Decimal("999999999999999")]
    assert [value for _, value in _capitals("壹仟万亿元整")] == []
    assert [value for _, value in _capitals("玖仟玖佰玖拾玖万亿元整")] == []


def test_a_goal_headed_合作目标_and_payment_in_two_instalments_are_read_and_the_clause_not_its_heading_is_quoted(tmp_path):
    """Walkthrough M5: 34.1 missing although 第一条 合作目标 states the goal, 34.4 partial although 分两期支付 says how;
    L2: the evidence quoted was the heading line (“第三条 验收”), never the clause."""
    text = tmp_path / "short.txt"
    text.write_text("人工智能技术服务合同\n第一条 合作目标\n乙方为甲方开发政务问答大模型，用于12345热线辅助答复，提高答复准确率。\n"
                    "第二条 验收\n甲方在收到交付物后组织验收。\n第三条 费用\n合同总价为人民币壹佰万元整，分两期支付：\n"
                    "（一）合同签订后支付60%，即人民币600,000.00元；\n（二）验收通过后支付40%，即人民币400,000.00元。\n",
                    encoding="utf-8")
    items = {i.id: i for i in review(text).items}
    assert (items["34.1"].status, items["34.1"].evidence[0].quote) == (
        "covered", "乙方为甲方开发政务问答大模型，用于12345热线辅助答复，提高答复准确率。")
    assert (items["34.4"].status, items["34.4"].evidence[0].quote) == ("covered", "合同总价为人民币壹佰万元整，分两期支付：")
    assert items["34.3"].evidence[0].quote == "甲方在收到交付物后组织验收。"


def test_an_ellipsis_where_a_fact_goes_is_a_blank_but_not_a_lists_etc(tmp_path):
    """review74 L2: “地址……，联系人……” and “住所地：……” were not reported; “3）……，” (and so on) is no blank."""
    text = tmp_path / "ellipsis.txt"
    text.write_text("技术服务合同\n第一条 乙方：星河研究院（地址……，联系人……）\n第二条 住所地：……\n"
                    "第三条 工作包括：1）需求；2）设计；3）……，提交成果。\n", encoding="utf-8")
    assert [(f.where, f.message) for f in review(text).findings if f.kind == "blank"] == [
        ("正文 第一条（第2行）", "未填写 / unfilled — 占位符 / placeholder：“第一条 乙方：星河研究院（地址……，联系人……）”"),
        ("正文 第二条（第3行）", "未填写 / unfilled — 占位符 / placeholder：“第二条 住所地：……”")]


def test_an_incomplete_draft_of_our_own_is_reviewed_without_its_banner(tmp_path):
    """Reminders walkthrough M4: the page-1 list of gaps (“第三十四条（三）验收标准 [Acceptance criteria]：…”) was read as an
    article and quoted as covering 34.3; a 待定 or TBD in a clause was no blank."""
    from aicontract import render_text
    from aicontract.drafting import draft

    from helpers import make_deal

    contract, _ = draft(make_deal({"acceptance": {"criteria": ["待定"]}}), allow_incomplete=True)
    text = tmp_path / "incomplete.md"
    text.write_text(render_text(contract), encoding="utf-8")
    result = review(text)
    assert [e.where for e in next(i for i in result.items if i.id == "34.3").evidence][0] == "正文 5.4"
    assert not [f for f in result.findings if "第三十四条" in f.where]
    assert "未填写 / unfilled — 占位符 / placeholder：“（1）待定。”" in [f.message for f in result.findings if f.kind == "blank"]
