"""library/textenv.py: the trusted engine fills simple texts and conditions without jinja; each
must give what jinja gives, and anything it cannot do (or that fails) must go to jinja."""

from decimal import Decimal

import pytest
from jinja2 import UndefinedError

from aicontract.library import textenv
from aicontract.library.textenv import TextEngine


class Obj:
    def __init__(self, **kw):
        self.__dict__.update(kw)


class Refs:
    def ref(self, clause_id):
        return {"ip": "第八条", "blank": "  "}[clause_id]


def context():
    refs = Refs()
    return {"a": Obj(b="乙方", n=Decimal("12.50"), empty=None, items=["x", "y"], d={"k": "v"}),
            "amount": Decimal("793900"), "flag": False, "ref": refs.ref, "plain": lambda x: "不应被调用",
            "family": "cooperation", "d": {"k": "字典值"}}


def jinja_fill(source, ctx):
    template = textenv.TRUSTED_ENV.from_string(source)
    return "".join(template.root_render_func(template.new_context(ctx, shared=True))).strip(" \n\t")


def jinja_value(source, ctx):
    template = textenv.TRUSTED_ENV.from_string("{% set result = (" + source + ") %}")
    scope = template.new_context(ctx, shared=True)
    list(template.root_render_func(scope))
    return scope.vars["result"]


FAST_TEXTS = ["甲{{ a.b }}乙", "{{ a.n }}%", "{{ a.n|pct }}", "{{ amount|rmb }}", "{{ amount | capitals|sentence }}",
              "见第{{ ref('ip') }}条", "{{ ref('blank') }}", "{{ a.empty }}", "{{ a.items }}", "{{flag}}",
              "  \n{{ a.b }}\n", "{{ family }}", "a}b", ]
SLOW_TEXTS = ["{{ a.b if flag else family }}", "{% if flag %}x{% endif %}", "{{ a.b|replace('乙', '甲') }}",
              "{{ a.b|upper }}", "{{ none }}", "{{ true }}", "{{ a.b }}\r\n", "{{- a.b }}", "{{ d.k }}", "{{ a.d.k }}",
              "{{ plain('x') }}"]


@pytest.mark.parametrize("source", FAST_TEXTS + SLOW_TEXTS)
def test_fill_is_jinja(source):
    assert TextEngine(trusted=True).fill(source, context()) == jinja_fill(source, context())


def test_which_texts_go_fast():
    assert all(textenv._fast_text(s) is not None for s in FAST_TEXTS if "{" in s)
    # a dict's key is no attribute: these go fast, fail there and are filled by jinja
    assert all(textenv._fast_text(s) is None for s in SLOW_TEXTS if s not in ("{{ d.k }}", "{{ a.d.k }}"))


@pytest.mark.parametrize("source, error", [("{{ missing }}", UndefinedError), ("{{ a.missing }}", UndefinedError),
                                           ("{{ a.empty.b }}", UndefinedError), ("{{ missing|rmb }}", TypeError)])
def test_fill_errors_are_jinja(source, error):
    with pytest.raises(error):
        jinja_fill(source, context())
    with pytest.raises(error):
        TextEngine(trusted=True).fill(source, context())


def test_ref_error_is_the_callers():
    with pytest.raises(KeyError):
        TextEngine(trusted=True).fill("{{ ref('nowhere') }}", context())


CONDITIONS = ["a.b", "not a.b", "flag", "not flag", "a.empty", "a.b == '乙方'", "a.b != '乙方'", "family == 'x'",
              "'x' in a.items", "'z' in a.items", "  a.b  ", "a.b and flag", "true", "none", "a.items|list",
              "d.k", "'k' in d", "a.n == 12.5"]


@pytest.mark.parametrize("source", CONDITIONS)
def test_evaluate_is_jinja(source):
    value = TextEngine(trusted=True).evaluate(source, context())
    expected = jinja_value(source, context())
    assert value == expected and type(value) is type(expected)


def test_missing_parts_evaluate_as_jinja():
    engine = TextEngine(trusted=True)
    for source in ("missing", "a.missing", "a.empty.b"):
        assert type(engine.evaluate(source, context())) is type(jinja_value(source, context()))
    with pytest.raises(UndefinedError):
        engine.evaluate("'x' in missing", context())


def test_firm_engine_never_goes_fast(monkeypatch):
    monkeypatch.setattr(textenv, "_fast_text", lambda source: pytest.fail("a firm's text went around the sandbox"))
    monkeypatch.setattr(textenv, "compile_condition", lambda source: pytest.fail("a firm's condition went around"))
    engine = TextEngine(trusted=False)
    assert engine.fill("甲{{ a.b }}乙", context()) == "甲乙方乙"
    assert engine.evaluate("a.b == '乙方'", context()) is True


@pytest.mark.parametrize(("source", "message"), [("{{ a.b|nosuch }}", "no filter named 'nosuch'"),
                                                 ("{% if a.b is nosuch %}x{% endif %}", "no test named 'nosuch'")])
def test_unknown_filters_and_tests_are_refused_when_a_text_is_read(source, message):
    """The bundled library's texts are compiled when first needed, not at load: what only
    compiling would have found (an unknown filter or test) is found by reading them."""
    with pytest.raises(ValueError, match=f"^{message}$"):
        textenv.analyse(source)


def test_a_fast_text_is_never_compiled():
    engine = TextEngine(trusted=True)
    assert engine.fill("甲{{ a.b }}乙", context()) == "甲乙方乙"
    assert engine.evaluate("flag", context()) is False
    assert engine._compiled == {}
    assert engine.fill("{% if flag %}x{% else %}y{% endif %}", context()) == "y"
    assert list(engine._compiled) == ["{% if flag %}x{% else %}y{% endif %}"]
