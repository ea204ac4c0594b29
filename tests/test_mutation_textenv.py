"""library/textenv.py: how values print, the sandbox for firm libraries, the engine, and what a
clause text or a Word template may do. Expected values are written out (mutation testing)."""

import datetime as dt
import re
from decimal import Decimal
from enum import Enum

import pytest
from jinja2 import Environment, StrictUndefined, TemplateSyntaxError, UndefinedError
from jinja2.sandbox import SecurityError

from aicontract import cn
from aicontract.library import textenv
from aicontract.library.limits import BoundedSandbox, LimitExceeded
from aicontract.library.textenv import TextEngine

from helpers import make_deal


class Party(str, Enum):
    A = "甲方"
    BOTH = "双方"


class Number(Enum):
    ONE = 1


# --- finalize, sentence, short ----------------------------------------------------------------------


@pytest.mark.parametrize("value, printed", [
    (None, "无"), ("", "无"), ("  \n", "无"), ("文本", "文本"), (" 文本 ", " 文本 "),
    (Party.A, "甲方"), (Number.ONE, 1), (True, "是"), (False, "否"),
    (dt.date(2026, 1, 5), "2026年1月5日"), (dt.datetime(2026, 3, 4, 10, 0), "2026年3月4日"),
    (Decimal("60.00"), "60"), (Decimal("12.50"), "12.5"),
    ([Decimal("1.50"), None, Party.BOTH], "1.5、无、双方"), ([], "无"), (("a", "b"), "a、b"), ([""], "无"),
    (5, 5), (0, 0),
])
def test_finalize(value, printed):
    result = textenv.finalize(value)
    assert result == printed
    assert type(result) is type(printed)


@pytest.mark.parametrize("value, text", [
    ("完成", "完成。"), ("完成。", "完成。"), ("甲；", "甲；"), ("好！", "好！"), ("是否？", "是否？"), ("等等…", "等等…"),
    ("无", "无。"), (None, "无。"), ("", "无。"), ("无。", "无。"), (Decimal("5.0"), "5。"), (True, "是。"), (Party.A, "甲方。"),
    ("《数据安全法》", "《数据安全法》。"), ("a.", "a.。"), ("型号X", "型号X。"),
])
def test_sentence(value, text):
    assert textenv.sentence(value) == text


@pytest.mark.parametrize("value, short", [(None, "无"), (Party.A, "甲"), (Party.BOTH, "双"), ("乙方", "乙")])
def test_short_party(value, short):
    assert textenv.short_party(value) == short


def test_filters():
    assert textenv.FILTERS == {
        "short": textenv.short_party, "sentence": textenv.sentence, "rmb": cn.rmb,
        "capitals": cn.amount_in_capitals, "figures": cn.amount_in_figures, "cn_number": cn.number_lower,
        "cn_capital": cn.number_capital, "cn_date": cn.date, "pct": cn.plain_decimal, "minutes": cn.minutes, "given": textenv.given,
        "place": textenv.place,
    }


@pytest.mark.parametrize("written, shown", [("中华人民共和国境内的甲方政务云", "甲方政务云"), ("中华人民共和国境内甲方政务云", "甲方政务云"),
                                            ("中国境内的甲方政务云", "甲方政务云"), ("我国境内甲方政务云", "甲方政务云"),
                                            ("境内的甲方政务云", "甲方政务云"), ("中国大陆境内的甲方政务云", "甲方政务云"),
                                            ("甲方政务云（中华人民共和国境内）", "甲方政务云"), ("甲方政务云(境内)", "甲方政务云"),
                                            ("甲方政务云（境内机房）", "甲方政务云（境内机房）"),
                                            ("中华人民共和国境内", "中华人民共和国境内"), (None, "无")])
def test_place_says_in_china_once(written, shown):
    assert textenv.place(written) == shown


@pytest.mark.parametrize("engine", [TextEngine(trusted=True), TextEngine(trusted=False)])
def test_filters_in_clause_text(engine):
    context = {"amount": Decimal("100001000"), "party": Party.BOTH, "n": 31, "p": Decimal("12.50"), "m": 120,
               "d": dt.date(2026, 1, 5), "text": "完成"}
    source = ("{{ amount|rmb }}|{{ amount|capitals }}|{{ amount|figures }}|{{ party|short }}|{{ n|cn_number }}|"
              "{{ n|cn_capital }}|{{ d|cn_date }}|{{ p|pct }}|{{ m|minutes }}|{{ text|sentence }}")
    assert engine.fill(source, context) == (
        "壹亿零壹仟元整（小写：¥100,001,000.00）|壹亿零壹仟元整|100,001,000.00|双|三十一|叁拾壹|2026年1月5日|12.5|2小时|完成。")


# --- the environments -------------------------------------------------------------------------------


def test_the_environments():
    assert type(textenv.ENV) is BoundedSandbox
    assert type(textenv.TRUSTED_ENV) is Environment
    assert type(textenv.make_environment()) is BoundedSandbox
    assert type(textenv.make_environment(sandboxed=False)) is Environment


def test_the_sandbox_bounds_its_filters_the_trusted_environment_does_not():
    sandboxed, trusted = textenv.make_environment(), textenv.make_environment(sandboxed=False)
    assert sandboxed.filters["rmb"] is not cn.rmb
    assert sandboxed.filters["rmb"].__wrapped__ is cn.rmb
    assert sandboxed.filters["upper"].__wrapped__ is Environment().filters["upper"]
    assert trusted.filters["rmb"] is cn.rmb
    with pytest.raises(LimitExceeded, match=r"^filter center: argument 300000 too large / 参数过大$"):
        sandboxed.from_string("{{ 'a'|center(300000) }}").render()
    assert len(trusted.from_string("{{ 'a'|center(300000) }}").render()) == 300000


@pytest.mark.parametrize("sandboxed", [True, False])
def test_make_environment_settings(sandboxed):
    env = textenv.make_environment(sandboxed)
    assert env.undefined is StrictUndefined
    assert env.autoescape is False
    assert env.finalize is textenv.finalize
    assert env.keep_trailing_newline is False
    for name, function in (("rmb", cn.rmb), ("short", textenv.short_party)):
        if sandboxed:  # bounded: each filter wrapped
            assert env.filters[name].__wrapped__ is function
        else:
            assert env.filters[name] is function


@pytest.mark.parametrize("sandboxed", [True, False])
def test_made_environment_prints_plain_text_and_finalized_values(sandboxed):
    env = textenv.make_environment(sandboxed)
    assert env.from_string("{{ a }}<&>{{ b }}{{ c }}\n").render(a="<x&y>", b=None, c=True) == "<x&y><&>无是"
    with pytest.raises(UndefinedError, match="'missing' is undefined"):
        env.from_string("{{ missing }}").render()


@pytest.mark.parametrize("env", [textenv.ENV, textenv.TRUSTED_ENV])
def test_environment_prints_plain_text_and_finalized_values(env):
    assert env.from_string("{{ a }}<&>{{ b }}{{ c }}\n").render(a="<x&y>", b=None, c=True) == "<x&y><&>无是"


@pytest.mark.parametrize("env", [textenv.ENV, textenv.TRUSTED_ENV])
def test_environment_refuses_a_missing_name(env):
    with pytest.raises(UndefinedError, match="'missing' is undefined"):
        env.from_string("{{ missing }}").render()


def test_engines_use_their_environment():
    assert TextEngine(trusted=True).env is textenv.TRUSTED_ENV
    assert TextEngine(trusted=False).env is textenv.ENV
    assert TextEngine(trusted=False).trusted is False
    assert textenv.TRUSTED_ENGINE.trusted is True
    assert textenv.TRUSTED_ENGINE.env is textenv.TRUSTED_ENV


def test_a_firm_text_reaching_for_a_class_is_stopped_by_the_sandbox():
    deal = make_deal()
    context = {"party_a": deal.party_a}
    source = "甲方：{{ party_a.name|attr('__class__') }}"
    # the library check refuses it when the file loads; filled anyway, the sandbox must refuse it too
    with pytest.raises(ValueError, match=r"^the attr filter is not allowed in clause text; name parameters as a\.b\.c$"):
        textenv.analyse(source)
    with pytest.raises(SecurityError, match="access to attribute '__class__' of 'str' object is unsafe"):
        TextEngine(trusted=False).fill(source, context)
    # unsandboxed, the same text would print the class: why firm libraries are never filled there
    assert TextEngine(trusted=True).fill(source, context) == "甲方：<class 'str'>"


def test_the_sandbox_refuses_to_change_a_value():
    with pytest.raises(SecurityError, match="unsafe"):
        TextEngine(trusted=False).fill("{{ xs.append(1) }}", {"xs": []})


def test_the_sandbox_refuses_a_condition_reaching_for_a_class():
    result = TextEngine(trusted=False).evaluate("name|attr('__class__')", {"name": "x"})
    with pytest.raises(SecurityError, match="access to attribute '__class__' of 'str' object is unsafe"):
        bool(result)
    assert TextEngine(trusted=True).evaluate("name|attr('__class__')", {"name": "x"}) is str


# --- the engine -----------------------------------------------------------------------------------


@pytest.mark.parametrize("source, result", [
    ("  文本\n\t", "文本"), ("　年　月　日　", "　年　月　日　"), ("a {{ b }}", None), ("{% if a %}{% endif %}", None),
    ("{# note #}", None), ("a { b } % #", "a { b } % #"), ("X文本X", "X文本X"),
])
def test_static(source, result):
    assert TextEngine.static(source) == result


def test_template_compiled_once():
    engine = TextEngine(trusted=False)
    first = engine.template("{{ a }}")
    assert engine.template("{{ a }}") is first
    assert engine.template("{{ b }}") is not first


def test_fill_static_text_without_rendering():
    assert TextEngine(trusted=False).fill(" \n本条为固定文字。\t ", {}) == "本条为固定文字。"


def test_fill_strips_the_templates_line_breaks_but_not_ideographic_spaces():
    engine = TextEngine(trusted=False)
    assert engine.fill("\n {{ a }}　\n", {"a": "甲"}) == "甲　"
    assert engine.fill("{% if a %}\n有{% endif %}\t", {"a": True}) == "有"


@pytest.mark.parametrize("trusted", [True, False])
def test_fill_keeps_letters_at_the_ends(trusted):
    assert TextEngine(trusted=trusted).fill("\nX{{ a }}X\t", {"a": "甲"}) == "X甲X"


def test_a_firm_text_rendering_too_much_is_refused():
    big = "长" * 2_000_001
    with pytest.raises(LimitExceeded, match=r"^clause text: renders to 2000001 characters / 输出过长$"):
        TextEngine(trusted=False).fill("{{ a }}", {"a": big})
    assert TextEngine(trusted=True).fill("{{ a }}", {"a": big}) == big
    assert TextEngine(trusted=False).fill("{{ a }}", {"a": "长" * 2_000_000}) == "长" * 2_000_000


def test_a_firm_condition_is_bounded():
    with pytest.raises(LimitExceeded, match=r"^exponent 100 too large / 指数过大$"):
        TextEngine(trusted=False).evaluate("a ** 100", {"a": 2})
    assert TextEngine(trusted=True).evaluate("a ** 100", {"a": 2}) == 2 ** 100


def test_fill_a_static_text_is_its_own_result():
    # not passed through jinja, which would turn the Windows line break into \n
    assert TextEngine(trusted=False).fill("甲\r\n乙", {}) == "甲\r\n乙"


@pytest.mark.parametrize("engine", [TextEngine(trusted=True), TextEngine(trusted=False)])
def test_fill_sees_only_the_context_not_jinjas_globals(engine):
    with pytest.raises(UndefinedError, match="'range' is undefined"):
        engine.fill("{{ range }}", {})
    with pytest.raises(UndefinedError, match="'lipsum' is undefined"):
        engine.fill("{{ lipsum }}", {"a": 1})


@pytest.mark.parametrize("engine", [TextEngine(trusted=True), TextEngine(trusted=False)])
def test_evaluate_sees_only_the_context_not_jinjas_globals(engine):
    result = engine.evaluate("dict", {})
    with pytest.raises(UndefinedError, match="'dict' is undefined"):
        bool(result)


def test_fill_comment_only():
    assert TextEngine(trusted=False).fill(" {# 编者注 #}正文 ", {}) == "正文"


def test_fill_reads_the_shared_context():
    context = {"a": "甲", "b": None}
    assert TextEngine(trusted=True).fill("{{ a }}{{ b }}", context) == "甲无"
    assert context == {"a": "甲", "b": None}


@pytest.mark.parametrize("engine", [TextEngine(trusted=True), TextEngine(trusted=False)])
def test_evaluate(engine):
    assert engine.evaluate("a == 1", {"a": 1}) is True
    assert engine.evaluate("a == 1", {"a": 2}) is False
    assert engine.evaluate("xs", {"xs": [1, 2]}) == [1, 2]
    assert engine.evaluate("a or b", {"a": None, "b": 0}) == 0
    assert engine.evaluate("a.value", {"a": Party.A}) == "甲方"


def test_evaluate_a_missing_name():
    with pytest.raises(UndefinedError, match="'a' is undefined"):
        TextEngine(trusted=False).evaluate("a == 1", {})


def test_expression_compiles_as_a_set():
    template = TextEngine(trusted=False).expression("a + 1")
    assert template.render(a=1) == ""
    assert template.new_context({"a": 1}).environment is textenv.ENV
    with pytest.raises(TemplateSyntaxError, match="unexpected"):
        TextEngine(trusted=False).expression("a ==")


def test_global_names():
    assert textenv.GLOBAL_NAMES == {"ref", "annex", "main_ref", "main_title", "true", "false", "none", "True",
                                    "False", "None"}


# --- analyse --------------------------------------------------------------------------------------


@pytest.mark.parametrize("source, name", [
    ("{% import 'x' as y %}", "import"), ("{% from 'x' import y %}", "fromimport"), ("{% include 'x' %}", "include"),
    ("{% extends 'x' %}", "extends"), ("{% block b %}{% endblock %}", "block"),
    ("{% macro m() %}{% endmacro %}", "macro"), ("{% call ref('a') %}{% endcall %}", "callblock"),
])
def test_analyse_refuses_structure(source, name):
    with pytest.raises(ValueError, match=rf"^{name} is not allowed in clause text$"):
        textenv.analyse(source)


CALLS_ONLY = r"^clause text may call only ref\('clause-id'\), annex\('family'\) and main_ref\('clause-id'\)$"


@pytest.mark.parametrize("source", [
    "{{ lipsum() }}", "{{ a.b() }}", "{{ ref(x='a') }}", "{{ ref(*a) }}", "{{ ref(**a) }}", "{{ ref('a', 'b') }}",
    "{{ ref() }}", "{{ annex() }}", "{{ range(3) }}", "{{ ref('x', y=1) }}", "{{ ref('x', *a) }}", "{{ ref('x', **a) }}",
])
def test_analyse_refuses_other_calls(source):
    with pytest.raises(ValueError, match=CALLS_ONLY):
        textenv.analyse(source)


@pytest.mark.parametrize("source, name", [
    ("{{ annex(a) }}", "annex"), ("{{ annex(1) }}", "annex"), ("{{ main_ref(a.b) }}", "main_ref"),
    ("{{ main_ref(2) }}", "main_ref"),
])
def test_analyse_wants_fixed_ids(source, name):
    with pytest.raises(ValueError, match=rf"^{name}\(\) takes a fixed id, e.g. {name}\('…'\)$"):
        textenv.analyse(source)


@pytest.mark.parametrize("source", ["{{ ref(1) }}", "{{ ref(a._b) }}", "{{ ref(_a) }}", "{{ ref(a['b']) }}",
                                    "{{ ref('x'.y) }}", "{{ ref(a ~ b) }}"])
def test_analyse_ref_takes_an_id_or_an_option(source):
    with pytest.raises(ValueError, match=r"^ref\(\) takes a clause id or an option parameter$"):
        textenv.analyse(source)


@pytest.mark.parametrize("source", ["{{ a[0] }}", "{{ a['b'] }}", "{{ a[1:] }}"])
def test_analyse_refuses_indexing(source):
    with pytest.raises(ValueError, match=r"^clause text may not index values; name parameters as a\.b\.c$"):
        textenv.analyse(source)


@pytest.mark.parametrize("source", ["{{ a._b }}", "{{ _a }}", "{{ a.b.__class__ }}", "{{ 'x'.upper }}",
                                    "{% if a._b %}{% endif %}"])
def test_analyse_names_only_parameters(source):
    with pytest.raises(ValueError, match=r"^clause text may name only deal parameters \(a\.b\.c\)$"):
        textenv.analyse(source)


def test_analyse_what_a_text_uses():
    uses = textenv.analyse(
        "{% if a.b %}{{ c|rmb }}{% endif %}见{{ ref('x.y') }}、{{ ref(opt.clause) }}、{{ annex('dpa') }}、"
        "{{ main_ref('ip') }}{{ main_title }}{{ d|default(e.f) }}{% if true and none is none %}{% endif %}")
    assert uses == textenv.TextUses(
        paths=[["a", "b"], ["c"], ["opt", "clause"], ["d"], ["e", "f"]],
        refs=["x.y"], ref_params=[["opt", "clause"]], annexes=["dpa"], main_refs=["ip"])


def test_analyse_a_ref_to_a_bare_name():
    assert textenv.analyse("{{ ref(opt) }}") == textenv.TextUses(paths=[["opt"]], ref_params=[["opt"]])


def test_analyse_a_loop():
    assert textenv.analyse("{% for i in xs %}{{ i.name }}{% endfor %}").paths == [["i"], ["xs"], ["i", "name"]]


def test_analyse_nothing():
    assert textenv.analyse("固定文字") == textenv.TextUses()


def test_analyse_a_syntax_error():
    with pytest.raises(TemplateSyntaxError, match="unexpected"):
        textenv.analyse("{{ a ==  }}")


def test_analyse_expression():
    assert textenv.analyse_expression("a and b.c == 'x'") == textenv.TextUses(paths=[["a"], ["b", "c"]])
    with pytest.raises(ValueError, match=r"^clause text may name only deal parameters \(a\.b\.c\)$"):
        textenv.analyse_expression("a.__class__")


def test_attr_chain():
    from jinja2 import nodes

    assert textenv._attr_chain(textenv.ENV.parse("{{ a.b.c }}").body[0].nodes[0]) == ["a", "b", "c"]
    assert textenv._attr_chain(textenv.ENV.parse("{{ a }}").body[0].nodes[0]) == ["a"]
    assert textenv._attr_chain(textenv.ENV.parse("{{ 'x'.b }}").body[0].nodes[0]) is None
    assert textenv._attr_chain(nodes.Const(1)) is None


# --- check_template -------------------------------------------------------------------------------


@pytest.mark.parametrize("source, message", [
    ("x\n{% include 'a' %}", "line 2: include is not allowed in a template"),
    ("{% import 'a' as b %}", "line 1: import is not allowed in a template"),
    ("\n\n{% extends 'a' %}", "line 3: extends is not allowed in a template"),
    ("{{ c.__class__ }}", "line 1: attribute '__class__' is not allowed in a template"),
    ("\n{{ c._x }}", "line 2: attribute '_x' is not allowed in a template"),
    ("{{ c['_secret'] }}", "line 1: attribute '_secret' is not allowed in a template"),
    ("{{ lipsum() }}", "line 1: calling 'lipsum' is not allowed in a template"),
    ("\n{{ c.items() }}", "line 2: calling 'items' is not allowed in a template"),
    ("{{ range(2)() }}", "line 1: calling '?' is not allowed in a template"),
])
def test_check_template_refuses(source, message):
    with pytest.raises(ValueError, match="^" + message.replace("(", r"\(").replace(")", r"\)").replace("?", r"\?") + "$"):
        textenv.check_template(source)


@pytest.mark.parametrize("source", [
    "{% for p in c.parties %}{{ p.name }}{{ loop.cycle('a', 'b') }}{% endfor %}", "{% for i in range(3) %}{{ i }}{% endfor %}",
    "{{ c['name'] }}", "{{ c[0] }}", "{{ c.title }}", "{{ c[x] }}",
])
def test_check_template_accepts_data(source):
    assert textenv.check_template(source) is None


@pytest.mark.parametrize("source, message", [
    ("{{ a|attr('b') }}", "the attr filter is not allowed in clause text; name parameters as a.b.c"),
    ("{% if a is attr %}{% endif %}", "the attr filter is not allowed in clause text; name parameters as a.b.c"),
    ("{{ a|map(attribute='__class__') }}", "filter map: attribute '__class__' is not allowed in clause text"),
    ("{{ a|default('_x') }}", "filter default: attribute '_x' is not allowed in clause text"),
    ("{% if a is sameas '_y' %}{% endif %}", "filter sameas: attribute '_y' is not allowed in clause text"),
])
def test_analyse_refuses_filters_reaching_for_attributes(source, message):
    with pytest.raises(ValueError, match="^" + re.escape(message) + "$"):
        textenv.analyse(source)


def test_analyse_walks_into_filter_arguments():
    assert textenv.analyse("{{ a|default(b.c, true) }}{{ d|join('、') }}").paths == [["a"], ["b", "c"], ["d"]]


@pytest.mark.parametrize("source, message", [
    ("{{ c|attr('title') }}", "line 1: filter attr with 'title' is not allowed in a template"),
    ("\n{{ c|attr(x) }}", "line 2: filter attr with '…' is not allowed in a template"),
    ("{{ c|map(attribute='_x') }}", "line 1: filter map with '_x' is not allowed in a template"),
    ("{{ c|default('a', '_b') }}", "line 1: filter default with '_b' is not allowed in a template"),
    ("{% if c is sameas '_z' %}{% endif %}", "line 1: filter sameas with '_z' is not allowed in a template"),
])
def test_check_template_refuses_filters_reaching_for_attributes(source, message):
    with pytest.raises(ValueError, match="^" + re.escape(message) + "$"):
        textenv.check_template(source)


@pytest.mark.parametrize("source", ["{{ c|join(', ') }}", "{{ c|map(attribute='title')|join }}", "{{ c|default(1) }}"])
def test_check_template_accepts_plain_filters(source):
    assert textenv.check_template(source) is None


def test_given_leaves_out_what_says_none():
    from aicontract.library.textenv import given

    assert given(["乙方丧失研究开发能力的；", "无。", "无；", "无;", " 无 ", "", "不适用", "不适用。"]) == ["乙方丧失研究开发能力的；"]
    assert given(("无",)) == []
    assert (given("无。"), given("无"), given(None), given("数据标注")) == ("", "", "", "数据标注")


def test_tested_only_names_what_a_text_tests_but_never_prints():
    """review62 M1: the check counts what a clause prints, not what decides its words."""
    source = ("{% if '上线运行和运维' in d.purposes %}运行数据存储于{{ d.place }}{% endif %}{{ d.a if d.flag else d.b }}"
              "{% if d.shown %}{{ d.shown }}{% endif %}")
    from aicontract.library.validate import tested_only

    assert tested_only(source) == {"d.purposes", "d.flag"}
