"""review/detect.py: an item's signals compiled (_Compiled), the sentence around a hit
(_sentence) and the numeral ending an article's label (_numeral) (mutation testing)."""

import pytest

from aicontract.review.detect import Group, Signals, _Compiled, _hits, _numeral, _sentence, _states

CONTEXTS = {"data": ["数据处理", "个人信息"], "other": ["无关"]}


def signals(**changes):
    spec = {"phrases": ["数据安全"], "partial_only": ["安全措施"], "not": ["不适用"], "partial_when": ["另行约定"],
            "context": "data",
            "substance": {"measures": ["加密", "访问控制"],
                          "owner": {"any": ["归.方所有"], "scope": "article", "not": ["知识产权"]}}}
    spec.update(changes)
    return Signals.model_validate(spec)


def patterns(compiled):
    return [p.pattern for p in compiled]


def test_every_pattern_of_an_item_is_compiled():
    compiled = _Compiled(signals(), CONTEXTS)
    assert patterns(compiled.phrases) == ["数据安全"]
    assert patterns(compiled.partial_only) == ["安全措施"]
    assert patterns(compiled.not_) == ["不适用"]
    assert patterns(compiled.partial_when) == ["另行约定"]
    assert patterns(compiled.context) == ["数据处理", "个人信息"]
    assert compiled.substance == {"measures": Group(any=["加密", "访问控制"]),
                                  "owner": Group(any=["归.方所有"], scope="article", not_=["知识产权"])}
    assert {name: patterns(group) for name, group in compiled.patterns.items()} == {
        "measures": ["加密", "访问控制"], "owner": ["归.方所有"]}
    assert {name: patterns(group) for name, group in compiled.excluded.items()} == {
        "measures": [], "owner": ["知识产权"]}


def test_an_item_without_a_context_has_no_context_patterns():
    compiled = _Compiled(signals(context=None), CONTEXTS)
    assert compiled.context == []


def test_a_list_of_substance_patterns_is_a_group_searched_in_the_clause():
    compiled = _Compiled(signals(substance={"measures": ["加密"]}), CONTEXTS)
    assert compiled.substance == {"measures": Group(any=["加密"], scope="clause", not_=[])}
    assert compiled.substance["measures"].scope == "clause"


def test_hits_of_compiled_signals():
    compiled = _Compiled(signals(), CONTEXTS)
    text = "乙方负责数据安全。安全措施另见附件。本条不适用于数据安全。数据安全另行约定。"
    hits = [(m.group(), m.start(), sentence, substantive) for m, sentence, substantive in _hits(text, compiled)]
    assert hits == [("数据安全", 4, "乙方负责数据安全", True),
                    ("数据安全", 29, "数据安全另行约定", False),
                    ("安全措施", 9, "安全措施另见附件", False)]


def test_substance_in_a_sentence_not_excluded():
    compiled = _Compiled(signals(), CONTEXTS)
    assert _states("数据归甲方所有。", compiled.patterns["owner"], compiled.excluded["owner"]) is True
    assert _states("知识产权归甲方所有。", compiled.patterns["owner"], compiled.excluded["owner"]) is False
    assert _states("数据采用加密存储。", compiled.patterns["measures"], compiled.excluded["measures"]) is True


# --- the sentence around a hit ---------------------------------------------------------------------


def test_a_hit_at_the_very_start():
    assert _sentence("甲方。乙方", 0, 2) == "甲方"


def test_the_sentence_between_two_stops():
    text = "第一句。甲方负责数据安全；第三句"
    assert _sentence(text, 6, 8) == "甲方负责数据安全"


def test_no_stop_after_a_hit_near_the_end():
    assert _sentence("前文。甲方负责数据安全", 5, 7) == "甲方负责数据安全"


def test_no_stop_before_a_hit_far_from_the_start():
    text = "字" * 500 + "数据安全" + "。后文"
    assert _sentence(text, 500, 504) == "字" * 400 + "数据安全"


def test_a_stop_just_after_a_hit_in_a_short_text():
    assert _sentence("甲方负责数据安全。后文", 4, 8) == "甲方负责数据安全"


def test_a_stop_beyond_the_window_after_a_hit():
    text = "数据安全" + "字" * 500 + "。后文"
    assert _sentence(text, 0, 4) == "数据安全" + "字" * 400


# --- the numeral ending an article's label ---------------------------------------------------------


@pytest.mark.parametrize("label, number", [
    ("填写说明", 0), ("第一条", 0), ("一", 1), ("三", 3), ("九", 9), ("十", 10), ("十三", 13), ("二十", 20),
    ("二十三", 23), ("九十九", 99), ("填写说明 三", 3), ("附件一 十二", 12), ("附件一 二十", 20),
])
def test_numeral(label, number):
    assert _numeral(label) == number
