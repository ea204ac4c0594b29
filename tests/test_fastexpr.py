"""The bundled library's conditions compiled to Python (library/fastexpr.py) give what jinja
gives; what they cannot do, they leave to jinja (None, or an exception the engine catches)."""

from types import SimpleNamespace as NS

import pytest

from aicontract.library.fastexpr import compile_condition
from aicontract.library.textenv import TRUSTED_ENGINE

SETS = [NS(name="a", grade="重要数据"), NS(name="b", grade="一般数据"), NS(name="c", grade="核心数据")]
CONTEXT = {
    "family": "data_processing",
    "ip": NS(ownership="单方享有", owner="乙方"),
    "acceptance": NS(criteria=["功能测试", "等保测评"], security_testing=True),
    "data_processing": NS(datasets=SETS, retained=None, personal_info=True),
    "ai": None,
    "n": 3,
    "levels": ["一般数据"],
    "key": "grade",
}
CASES = [
    ("true", True),
    ("false", False),
    ("ip.ownership == '单方享有'", True),
    ("ip.ownership != '单方享有' or ip.owner == '乙方'", True),
    ("not ip.owner", False),
    ("'乙方' in ip.owner", True),
    ("ip.owner not in ('甲方', '双方')", True),
    ("family == 'data_processing' and n > 2", True),
    ("1 < n < 3", False),
    ("1 < n <= 3", True),
    ("data_processing and data_processing.retained", None),
    ("ai and ai.deployment", None),
    ("'等保' in acceptance.criteria|join('、')", True),
    ("acceptance.criteria|join('、')", "功能测试、等保测评"),
    ("acceptance.criteria|length", 2),
    ("data_processing.datasets|selectattr('grade', 'in', ['重要数据', '核心数据'])|list", [SETS[0], SETS[2]]),
    ("data_processing.datasets|selectattr('grade', '==', '一般数据')|list", [SETS[1]]),
    ("[n, family]", [3, "data_processing"]),
    ("(n, family)", (3, "data_processing")),
    ("acceptance.criteria|join", "功能测试等保测评"),
    ("acceptance.criteria|join(family)", "功能测试data_processing等保测评"),
    ("acceptance.criteria|count", 2),
    ("data_processing.datasets|selectattr('grade', 'in', levels)|list", [SETS[1]]),
    ("data_processing.datasets|selectattr(key, '==', '核心数据')|list", [SETS[2]]),
]


@pytest.mark.parametrize("source, expected", CASES)
def test_compiled_conditions_give_what_jinja_gives(source, expected):
    compiled = compile_condition(source)
    assert compiled is not None, source
    assert compiled(CONTEXT) == expected and type(compiled(CONTEXT)) is type(expected)
    jinja = TRUSTED_ENGINE.expression(source)
    scope = jinja.new_context(CONTEXT, shared=True)
    list(jinja.root_render_func(scope))
    assert scope.vars["result"] == expected  # the expected values are jinja's own


def test_a_selection_without_list_stays_a_generator_true_even_when_empty():
    compiled = compile_condition("data_processing.datasets|selectattr('grade', '==', '无此分级')")
    assert bool(compiled(CONTEXT)) is True  # as jinja: a generator object is true
    assert list(compiled(CONTEXT)) == []


@pytest.mark.parametrize("source", [
    "x is defined", "ip.owner|upper", "range(3)", "ip['owner']", "loop.index", "a if b else c",
    "ip.owner|join(sep='、')", "data_processing.datasets|selectattr('grade', 'odd')|list", "(", "ip.owner }} {{ x",
    "1) %}{% set other = (2", "not (x is defined)", "ip.owner and x is defined", "x is defined or ip.owner",
    "(x is defined) == true", "n == (x is defined)", "acceptance.criteria|join(*seps)", "acceptance.criteria|join('、', 'a')",
    "data_processing.datasets|selectattr('grade')|list", "[n, x is defined]", "(x is defined).attr",
])
def test_what_it_cannot_do_is_left_to_jinja(source):
    assert compile_condition(source) is None


@pytest.mark.parametrize("source, error", [
    ("missing_name", KeyError), ("ai.deployment", AttributeError), ("[1, 'a']|join", TypeError),
])
def test_a_failure_raises_and_the_engine_falls_back_to_jinja(source, error):
    compiled = compile_condition(source)
    with pytest.raises(error):
        compiled(CONTEXT)


def test_the_engine_gives_jinja_s_value_when_the_compiled_function_raises():
    assert TRUSTED_ENGINE.evaluate("[1, 'a']|join('-')", CONTEXT) == "1-a"  # jinja joins what is not text
    with pytest.raises(Exception, match="missing_name"):
        TRUSTED_ENGINE.evaluate("missing_name == 1", CONTEXT)  # StrictUndefined: jinja's own error
