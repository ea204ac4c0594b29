"""compare/report.py on plain data: the changed places and their context, what THEIRS broke,
and the report's JSON keys and Markdown lines (the gaps a mutation sample found, 2026-11-28)."""

import json

from aicontract.compare.diff import Piece
from aicontract.compare.redline import Change
from aicontract.compare.report import Comparison, broken, fragments
from aicontract.review.report import ItemResult, Review, ReviewFinding


def test_fragments_carry_four_characters_around_each_change():
    pieces = [Piece("equal", "合同生效后十五日内支付"), Piece("delete", "30"), Piece("insert", "90"),
              Piece("equal", "日以上的款项")]
    assert fragments(pieces) == [("30日以上的", "90日以上的")]  # a replacement reads with what follows it
    added = [Piece("equal", "甲方应当书面通知乙方"), Piece("insert", "并抄送监理单位"), Piece("equal", "，乙方应在")]
    assert fragments(added) == [("通知乙方", "通知乙方并抄送监理单位")]  # an insertion: with the 4 characters before it; “，” ends the tail
    assert fragments([Piece("delete", "全部"), Piece("equal", "费用")]) == [("全部费用", "费用")]
    assert fragments(pieces, context=2) == [("30日以", "90日以")]


def _review(items, findings=()):
    return Review("x.docx", [ItemResult(i, f"第三十四条（{i}）", status, lacking=lacking) for i, status, lacking in items],
                  list(findings))


def test_broken_lists_items_reviewed_worse_and_findings_new_in_theirs():
    ours = _review([("34.1", "covered", []), ("34.2", "partial", ["交付时间"]), ("34.3", "missing", [])],
                   [ReviewFinding("amount", "正文 6.2", "大写金额与小写不一致"), ReviewFinding("blank", "正文 1.1", "空白", ok=True)])
    theirs = _review([("34.1", "partial", ["验收标准"]), ("34.2", "covered", []), ("34.3", "missing", [])],
                     [ReviewFinding("amount", "正文 6.2", "大写金额与小写不一致"), ReviewFinding("blank", "正文 1.1", "空白"),
                      ReviewFinding("date", "正文 3.1", "日期不存在", ok=True)])
    found = broken(ours, theirs)
    assert [b.as_dict() for b in found] == [
        {"kind": "item", "id": "34.1", "message": "第三十四条（34.1）：已约定 → 约定不完整；缺少 / lacking：验收标准"},
        # the amount finding failed in OURS already: not THEIRS' doing; the blank was fine in OURS; an ok one is no problem
        {"kind": "finding", "id": "blank", "message": "正文 1.1：空白"}]
    assert broken(ours, ours) == []


def test_the_report_names_its_json_keys_and_markdown_lines():
    changes = [Change("modify", None, "30日", "90日", [Piece("delete", "30"), Piece("insert", "90"), Piece("equal", "日")],
                      tracked=False),
               Change("insert", None, "", "新增的一行", table=True, row=3, columns=["“交付成果”列"], tracked=True)]
    result = Comparison("ours.docx", "theirs.docx", changes, theirs_had_revisions=True)
    data = json.loads(result.json())
    assert [(c["op"], c["table"], c["table_row"], c["tracked"]) for c in data["changes"]] == [
        ("modify", False, None, False), ("insert", True, 3, True)]
    assert data["broken"] == [] and data["theirs_had_tracked_changes"] is True
    text = result.markdown().splitlines()
    assert text[:3] == ["# 比较 / comparison：ours.docx → theirs.docx", "",
                        "共 2 处变更（修改 1、新增 1、删除 0） / 2 changes"]
    assert text[text.index("## 条款变更 / changes by clause") + 2:][:2] == [
        "- （未标条款 / no clause）【未标修订 / not tracked】：“30日” → “90日”",
        "- （未标条款 / no clause）【对方已标修订 / tracked】：新增 / added 表格第3行“交付成果”列 / table row 3：“新增的一行”"]
    assert Comparison("a", "b", changes[:1]).markdown().splitlines()[2] == "共 1 处变更（修改 1、新增 0、删除 0） / 1 change"


def _edit(clause_number: str, ours: str, theirs: str) -> Change:
    from aicontract.compare.diff import word_diff
    from aicontract.compare.read import Clause

    return Change("modify", Clause("c" + clause_number, number=clause_number, title="标题"), ours, theirs, word_diff(ours, theirs))


def test_a_clause_renumbered_and_the_references_following_it_are_renumbering_only():
    """review-compare walkthrough L7: one clause added, and every clause after it was listed as a change."""
    from aicontract.compare.report import renumbered

    changes = [Change("insert", None, "", "5.2 乙方应在甲方指定地点交付项目成果。"),
               _edit("5.2", "5.2 乙方应提交验收申请书。", "5.3 乙方应提交验收申请书。"),
               _edit("5.3", "5.3 免费技术支持三年。", "5.4 免费技术支持三年。"),
               _edit("5.5", "按第5.2条提交，30日内完成。", "按第5.3条提交，30日内完成。"),  # a reference moving with its clause
               _edit("5.6", "按5.3条约定，30日内完成。", "按5.3条约定，90日内完成。"),  # a real edit
               _edit("5.7", "依第5.2条处理。", "依第5.4条处理。"),  # a reference not following its clause: an edit
               _edit("5.8", "30日内付款。", "5.3日内付款。"),  # a number that is no reference
               _edit("第二十四条", "第二十四条 解除合同", "第二十五条 解除合同"),
               _edit("第七条", "第七条 依第二十四条解除", "第八条 依第二十五条解除")]
    assert renumbered(changes) == {1, 2, 3, 7, 8}
    result = Comparison("ours.docx", "theirs.docx", changes, renumbered=renumbered(changes))
    lines = result.markdown().splitlines()
    assert lines[2] == "共 4 处变更（修改 3、新增 1、删除 0） / 4 changes；另有 5 处仅条号改变 / 5 renumbered only"
    assert lines[lines.index("## 条款变更 / changes by clause") + 6] == (
        "- 仅条号改变、条文未改 / renumbered only, text unchanged：5.2 标题 → 5.3；5.3 标题 → 5.4；5.5 标题：所引 第5.2条 → 第5.3条；"
                         "第二十四条 标题 → 第二十五条；第七条 标题 → 第八条，所引 第二十四条 → 第二十五条")
    assert [c["renumbered_only"] for c in json.loads(result.json())["changes"]] == [False, True, True, True, False, False, False,
                                                                                      True, True]


def test_a_number_changed_at_the_start_of_a_paragraph_that_is_not_its_clause_number_is_an_edit():
    from aicontract.compare.report import renumbered

    assert renumbered([_edit("5.2", "30日内付款。", "60日内付款。")]) == set()
    assert renumbered([_edit("5.2", "5.2 付款", "5.3 付款"), _edit("5.4", "5.2 付款", "5.9 付款")]) == {0}  # moved two ways: the second is an edit


def test_a_draft_that_was_only_renumbered_has_no_edits_and_says_so_once():
    from aicontract.compare.report import renumbered

    changes = [_edit("5.2", "5.2 付款", "5.3 付款")]
    lines = Comparison("a", "b", changes, renumbered=renumbered(changes), checked=False).markdown().splitlines()
    assert lines[2] == "共 0 处变更（修改 0、新增 0、删除 0） / 0 changes；另有 1 处仅条号改变 / 1 renumbered only"
    assert lines[-1] == "- 仅条号改变、条文未改 / renumbered only, text unchanged：5.2 标题 → 5.3"
    assert "（无变更 / no changes）" not in lines
