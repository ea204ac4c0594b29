"""Assembly: options chosen, blanks filled, numbering computed, references resolved."""

import datetime as dt

import pytest

from aicontract import assemble, render_text
from aicontract.drafting.contract import Paragraph, Table
from aicontract.library import load_family

from helpers import make_deal


def text_of(contract, clause_id):
    return "".join(b.text for b in contract.blocks if isinstance(b, Paragraph) and b.clause_id == clause_id)


def number_of(contract, clause_id):
    return contract.numbering()[clause_id]


@pytest.mark.parametrize(
    "ip, expected, co_ownership",
    [
        ({"ownership": "单方享有", "owner": "甲方", "shares": ...}, "项目知识产权的归属方式为：甲方单方享有。", False),
        ({"ownership": "单方享有", "owner": "乙方", "shares": ...}, "项目知识产权的归属方式为：乙方单方享有。", False),
        ({"ownership": "双方共同共有", "shares": ...}, "项目知识产权的归属方式为：双方共同共有。", True),
        ({"ownership": "双方按比例共有", "shares": {"party_a": 60, "party_b": 40}},
         "项目知识产权的归属方式为：双方按比例共有，比例为甲方60%、乙方40%。共有比例用于确定专利申请、登记和维持费用的分担，以及经双方同意的许可、转让收益的分配。", True),
    ],
)
def test_each_ip_option_drafts_its_text(ip, expected, co_ownership):
    contract = assemble(make_deal({"ip": ip}))
    assert text_of(contract, "ip.ownership") == expected
    joint_rule = "在共有的情况下，未经双方书面同意"
    assert (joint_rule in render_text(contract)) is co_ownership
    # the unnumbered co-ownership paragraph never shifts 7.3–7.5
    assert number_of(contract, "ip.non_infringement") == "7.3"


def test_arbitration_route():
    contract = assemble(make_deal({"dispute": {"route": "仲裁", "commission": "上海国际仲裁中心", "seat": "上海"}}))
    text = text_of(contract, "disputes.route")
    assert "可以采取仲裁方式加以解决：提交上海国际仲裁中心" in text and "在上海进行仲裁" in text
    assert "第（1）种" not in text and "（1）" not in text
    assert "诉讼" not in text and "人民法院" not in text


def test_litigation_route():
    deal = make_deal({"dispute": {"route": "诉讼", "commission": ..., "seat": ..., "court_place": "甲方所在地"}})
    text = text_of(assemble(deal), "disputes.route")
    assert "可以采取诉讼方式加以解决：依法向甲方所在地有管辖权的人民法院起诉" in text
    assert "第（2）种" not in text
    assert "仲裁" not in text


def test_blanks_are_filled_and_unused_fields_say_wu():
    contract = assemble(make_deal())
    assert text_of(contract, "resources.party_a") .endswith("其他资源，包括：无。")
    assert text_of(contract, "scope.term") == "项目期限：自2026年1月5日至2026年12月31日。"
    assert text_of(contract, "general.copies") == "本合同壹式肆份，双方各执贰份，具有同等法律效力。"
    assert text_of(contract, "force_majeure.termination").startswith("如不可抗力持续30日以上")


def test_missing_filing_number_says_wu():
    deal = make_deal({"resources_b": {"base_model": {"filing_no": ...}}})
    assert "备案号：无。" in text_of(assemble(deal), "resources.party_b")


def test_work_task_table_has_any_number_of_rows():
    rows = [{"scenario": f"场景{i}", "function": f"功能{i}", "deliverable": f"成果{i}"} for i in range(7)]
    contract = assemble(make_deal({"work_tasks": rows}))
    (table,) = [b for b in contract.blocks if isinstance(b, Table)]
    assert table.columns == ["应用场景", "功能描述", "交付成果"]
    assert table.rows == [[f"场景{i}", f"功能{i}", f"成果{i}"] for i in range(7)]


def test_payment_schedule_in_capitals_and_figures():
    text = text_of(assemble(make_deal()), "funding.payment")
    assert "人民币壹佰捌拾陆万元整（小写：¥1,860,000.00）" in text
    assert "本合同生效且甲方收到乙方开具的有效发票后10个工作日内，甲方向乙方拨付预付款人民币伍拾伍万捌仟元整（小写：¥558,000.00）（占经费总额的30%）" in text
    # the last instalment is given as 20% only; its amount comes from the total
    assert "拨付尾款人民币叁拾柒万贰仟元整（小写：¥372,000.00）（占经费总额的20%）" in text


def test_optional_criteria_clause_drops_without_gaps():
    contract = assemble(make_deal({"acceptance": {"criteria": []}}))
    assert "delivery.criteria" not in contract.clause_ids
    numbers = [b.number for b in contract.sections[5].blocks if isinstance(b, Paragraph) and b.kind == "clause"]
    assert numbers == ["5.1", "5.2", "5.3"]


def test_renumbering_moves_cross_references(library_copy):
    """An optional clause inserted before 2.2 renumbers it, and 15.1 follows."""
    scope = library_copy / "cooperation/02_scope.yaml"
    text = scope.read_text(encoding="utf-8")
    text = text.replace(
        "  - id: scope.term\n",
        "  - id: scope.extra\n    title: 测试\n    source: 指南 第三十四条（一）\n    when: signing_date\n"
        "    text: 测试用可选条款。\n  - id: scope.term\n",
    )
    scope.write_text(text, encoding="utf-8")
    family = load_family("cooperation", library_copy)

    without = assemble(make_deal(), family)
    assert number_of(without, "scope.term") == "2.2"
    assert "于本合同2.2条约定的项目起始时间生效" in text_of(without, "general.effect")

    with_extra = assemble(make_deal({"signing_date": dt.date(2026, 1, 4)}), family)
    assert number_of(with_extra, "scope.extra") == "2.2"
    assert number_of(with_extra, "scope.term") == "2.3"
    assert number_of(with_extra, "scope.tasks") == "2.4"
    assert "于本合同2.3条约定的项目起始时间生效" in text_of(with_extra, "general.effect")


def test_dropping_a_section_renumbers_the_rest(library_copy):
    path = library_copy / "cooperation/09_open_source.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("source: 指南 附录二 9\n", "source: 指南 附录二 9\nwhen: signing_date\n", 1), encoding="utf-8")
    family = load_family("cooperation", library_copy)
    contract = assemble(make_deal(), family)
    headings = [b.number for b in contract.blocks if isinstance(b, Paragraph) and b.kind == "heading"]
    assert headings == [str(i) for i in range(1, 15)]
    assert {s.id: s.number for s in contract.sections}["breach"] == "9"
    assert number_of(contract, "general.effect") == "14.1"


def test_every_paragraph_knows_its_clause_and_source():
    contract = assemble(make_deal())
    for block in contract.blocks:
        assert block.clause_id and (block.source.startswith("指南") or block.source.startswith("aicontract 起草（依据 ")), block


def test_assembling_leaves_no_reference_cycle():
    """The assembler's context holds its own bound methods (ref, annex, main_ref): a contract's
    assemblers, deal parts and all would wait for the cycle collector, in a batch for every row,
    unless build() lets them go."""
    import gc

    deal = make_deal()
    assemble(deal)  # templates and memos compiled first: they are kept, not garbage
    gc.collect()
    gc.disable()
    try:
        contract = assemble(deal)
        assert gc.collect() == 0
    finally:
        gc.enable()
    assert contract.annexes  # the annexes' assemblers were let go too
