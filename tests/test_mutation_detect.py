"""Mutation tests for review/detect.py: an item's compiled signals (phrases, partial_only, not,
partial_when, its document context and its substance groups) decide each status.

The compiled signals are cached for the process; each test compiles them afresh so that what
is checked is the compilation as well as the detection."""

import importlib

import pytest

from aicontract.review import review

detect_module = importlib.import_module("aicontract.review.detect")

NO_CONTEXT = ("技术开发合同\n"
              "第一条 合同终止\n"
              "合同终止后十日内，乙方应删除甲方提供的全部文件，不得保留副本。\n")

WITH_CONTEXT = ("技术开发合同\n"
                "第一条 数据\n"
                "甲方委托乙方处理甲方的数据。\n"
                "第二条 合同终止\n"
                "合同终止后十日内，乙方应删除甲方提供的全部文件，不得保留副本。\n"
                "第三条 保密\n"
                "乙方不得泄露甲方的技术信息，但本条所称保密不包括他人公开的专利。\n"
                "第四条 验收\n"
                "验收以《项目说明书》为准。\n")


@pytest.fixture(autouse=True)
def fresh_signals():
    detect_module._compiled.cache_clear()
    yield
    detect_module._compiled.cache_clear()


def _review(tmp_path, text):
    path = tmp_path / "contract.txt"
    path.write_text(text, encoding="utf-8")
    return {item.id: item for item in review(path).items}


def test_a_data_item_outside_a_data_processing_document_is_missing(tmp_path):
    items = _review(tmp_path, NO_CONTEXT)
    # 删除 is a phrase of 35.6, but nothing in the document processes anyone's data
    assert items["35.6"].status == "missing"
    assert items["35.6"].evidence == []
    assert items["35.6"].lacking == ["数据删除"]


def test_statuses_with_the_data_processing_context(tmp_path):
    items = _review(tmp_path, WITH_CONTEXT)
    assert {i: item.status for i, item in items.items()} == {
        "34.1": "missing", "34.2": "missing",
        "34.3": "partial",  # acceptance against an outside document (partial_when)
        "34.4": "missing", "34.5": "missing",
        "34.6": "covered",  # 保密 with scope and duty; 他人公开 keeps 专利 from hitting 34.5 (not)
        "34.7": "missing", "35.1": "missing", "35.2": "missing", "35.3": "missing", "35.4": "missing",
        "35.5": "missing",
        "35.6": "covered",  # deletion, when, and no copies kept
        "36.1": "missing", "36.2": "missing", "36.3": "missing",
    }
    assert [(e.where, e.quote) for e in items["35.6"].evidence] == [
        ("正文 第二条", "合同终止后十日内，乙方应删除甲方提供的全部文件，不得保留副本。")]
    # walkthrough L2: the clause under the heading line is quoted, not the heading
    assert [(e.where, e.quote) for e in items["34.3"].evidence] == [("正文 第四条", "验收以《项目说明书》为准。")]
    assert items["34.3"].lacking == ["技术标准和指标"]
    # the sentence is quoted, not the heading line before it
    assert [(e.where, e.quote) for e in items["34.6"].evidence] == [
        ("正文 第三条", "乙方不得泄露甲方的技术信息，但本条所称保密不包括他人公开的专利。")]
    assert items["34.5"].evidence == []


def test_partial_only_hits_settle_nothing(tmp_path):
    items = _review(tmp_path, "技术开发合同\n第一条 交付\n乙方应按期交付。\n")
    assert items["34.2"].status == "partial"
    assert items["34.2"].lacking == ["具体成果清单"]


def test_compiled_signals_of_an_item():
    compiled = detect_module._compiled()["34.5"]
    assert [p.pattern for p in compiled.phrases] == ["知识产权", "专利", "著作权", "(成果|技术秘密)的?(归属|权属)"]
    assert [p.pattern for p in compiled.not_] == ["他人公开"]
    assert compiled.partial_only == []
    assert compiled.partial_when == []
    assert compiled.context == []
    assert [p.pattern for p in compiled.excluded["成果归属"]] == ["数据(持有|使用|经营|所有)权"]
    assert compiled.excluded["使用权或保护措施"] == []
    assert compiled.substance["使用权或保护措施"].scope == "clause"
    assert [p.pattern for p in compiled.patterns["使用权或保护措施"]][:2] == ["使用权", "实施权"]
    data = detect_module._compiled()["35.3"]
    assert [p.pattern for p in data.context][:3] == ["委托处理", "处理.{0,4}(用户|客户|甲方|委托方)的?.{0,4}(数据|个人信息|输入)", "数据集"]
    assert [p.pattern for p in data.partial_only] == ["(访问|下载)[^。；\\n]{0,8}(数据集|数据)",
                                                     "使用(上述|该|前述|其)?(数据集|内容)"]
    assert [p.pattern for p in detect_module._compiled()["34.3"].partial_when] == ["《[^》\\n]{1,30}》(规定|为准)"]


def _first_places(tmp_path, text, item):
    return [e.where for e in _review(tmp_path, text)[item].evidence]


def test_the_clause_stating_the_item_comes_before_one_that_only_names_it(tmp_path):
    text = ("技术开发合同\n第一条 进度\n2026年11月完成最终验收。\n第二条 成果\n成果的准确率不低于90%，并经甲方验收。\n")
    assert _first_places(tmp_path, text, "34.3") == ["正文 第二条", "正文 第一条"]


def test_a_substance_in_an_excluded_sentence_does_not_rank_a_clause_first(tmp_path):
    # 第二条's 归甲方所有 is about data rights (34.5's 成果归属 excludes 数据所有权): it states nothing
    text = ("技术开发合同\n第一条 成果保护\n双方应当依法保护本项目形成的知识产权。\n"
            "第二条 数据\n涉及知识产权的数据，数据所有权归甲方所有。\n")
    assert _first_places(tmp_path, text, "34.5") == ["正文 第一条", "正文 第二条"]


def test_a_clause_under_a_heading_naming_the_item_comes_first(tmp_path):
    text = ("技术开发合同\n1 进度\n1.1 本项目的知识产权工作按照双方确认的计划进行。\n"
            "2 知识产权\n2.1 双方应当依法保护本项目形成的知识产权和其他成果。\n")
    assert _first_places(tmp_path, text, "34.5") == ["正文 2.1", "正文 1.1", "正文 2"]  # the heading alone last


@pytest.mark.parametrize("first, quoted", [
    ("乙方对甲方的资料负有保密义务并应妥善保管", "乙方对甲方的其他资料同样负有保密义务，不得泄露。"),  # 20 characters: as a heading
    ("乙方对甲方的资料负有保密义务并应妥善地保管", "乙方对甲方的资料负有保密义务并应妥善地保管"),  # 21: a sentence
])
def test_the_quote_is_a_sentence_not_a_heading_line(tmp_path, first, quoted):
    text = f"技术开发合同\n第一条 约定\n{first}\n乙方对甲方的其他资料同样负有保密义务，不得泄露。\n"
    assert _review(tmp_path, text)["34.6"].evidence[0].quote == quoted


@pytest.mark.parametrize("first, order", [
    ("第一条 成果准确率达到九成即可通过验收。", ["正文 第二条", "正文 第一条"]),  # 20 characters: ranked as a heading
    ("第一条 成果准确率达到九成的即可通过验收。", ["正文 第一条", "正文 第二条"]),  # 21: a clause, first in order
])
def test_a_clause_of_twenty_characters_or_fewer_comes_last(tmp_path, first, order):
    text = f"技术开发合同\n{first}\n第二条 验收时，成果的召回率应当不低于百分之八十。\n"
    assert _first_places(tmp_path, text, "34.3") == order


def test_an_article_lead_speaks_for_the_whole_article(tmp_path):
    """“…如下：” with the substance in its items: the lead's article is searched; an item's hit only
    searches its own clause."""
    lead = "技术开发合同\n第一条 双方的保密约定如下：\n1. 范围为甲方提供的全部技术资料。\n2. 乙方不得泄露上述资料。\n"
    assert _review(tmp_path, lead)["34.6"].status == "covered"
    item = "技术开发合同\n第一条 双方约定如下：\n1. 乙方应当对甲方的资料予以保密。\n2. 范围为甲方提供的全部技术资料。\n"
    found = _review(tmp_path, item)["34.6"]
    assert (found.status, found.lacking) == ("partial", ["保密范围"])


def test_the_evidence_points_at_the_line_of_its_quote(tmp_path):
    text = ("技术开发合同\n第一条 乙方对甲方提供的全部资料负有保密义务并应妥善保管。\n"
            "本条约定在合同终止后继续有效，双方另有约定的除外。\n")
    evidence = _review(tmp_path, text)["34.6"].evidence[0]
    assert evidence.line.text == "第一条 乙方对甲方提供的全部资料负有保密义务并应妥善保管。"
