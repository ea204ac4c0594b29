"""Mutation tests for drafting/check.py: what a missing item's message says about the deal
parameters that would bring a covering clause in."""

from types import SimpleNamespace

from aicontract.drafting.check import _why_absent
from aicontract.library import cached_family


def clause(covers, when=None):
    return SimpleNamespace(covers=covers, when=when)


def test_why_absent_lists_every_condition():
    family = SimpleNamespace(clauses={
        "acceptance.criteria": clause(["34.3"], "acceptance.criteria"),
        "acceptance.plain": clause(["34.3"]),
        "acceptance.tests": clause(["34.3", "34.7"], "acceptance.tests"),
        "other": clause(["34.1"], "other.flag"),
    })
    assert _why_absent(family, "34.3") == "（相关参数 / parameters：acceptance.criteria、acceptance.tests）"
    assert _why_absent(family, "34.7") == "（相关参数 / parameters：acceptance.tests）"


def test_why_absent_says_nothing_without_a_condition():
    family = SimpleNamespace(clauses={"a": clause(["34.1"]), "b": clause(["34.2"], "x")})
    assert _why_absent(family, "34.1") == ""
    assert _why_absent(family, "36.1") == ""


def test_why_absent_in_the_bundled_cooperation_family():
    family = cached_family("cooperation")
    assert _why_absent(family, "34.3") == "（相关参数 / parameters：acceptance.criteria）"
    assert _why_absent(family, "34.1") == ""
