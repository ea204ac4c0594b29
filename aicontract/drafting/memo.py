"""Clause blocks reused from one contract to the next (a batch drafts hundreds from one library).

A clause's blocks are a function of its texts, the numbers it was given, and what those texts
read: the deal values on the paths they name, the numbers of the clauses they ``ref()``, the
names of the annexes they cite, the host's title and numbers in an annex. When all of these are
plain values (text, numbers, dates, options, yes/no) they make the key under which the blocks
are kept; blocks are frozen dataclasses, so contracts can share them. A value a text only tests
(``{% if data_processing %}``) counts by whether it is true. A clause that reads anything else
(a list, a whole party printed, a loop variable) is filled every time, as are ``each``,
``repeat`` and table clauses. Only the bundled library is memoised: a firm's clauses always run
through the sandbox with its limits.
"""

from __future__ import annotations

import datetime as dt
import weakref
from decimal import Decimal
from enum import Enum

from jinja2 import nodes

from ..bounded import BoundedMemo
from ..library import Family
from ..library.schema import ClauseSpec
from ..library.textenv import TextUses, _attr_chain, analyse, analyse_expression, parse

MAX_ENTRIES = 1024  # per generation and family (a contract places ~150 clauses): bounded.py
_PLAIN = (str, bool, int, dt.date, Enum)


def clause_uses(clause: ClauseSpec) -> TextUses | None:
    """What every text of ``clause`` reads, together; None for clauses filled each time."""
    if clause.each or clause.repeat or clause.table:
        return None
    uses = TextUses()
    for part in [analyse(text) for text in clause.texts] + ([analyse_expression(clause.choose)]
                                                                     if clause.choose else []):
        uses.paths += part.paths
        uses.refs += part.refs
        uses.ref_params += part.ref_params
        uses.annexes += part.annexes
        uses.main_refs += part.main_refs
    return uses


def tested_only(sources: list[str]) -> set[tuple[str, ...]]:
    """Paths the texts only test (``{% if data_processing %}``, ``not ai``, ``a and b`` in a test),
    never print or compare: for these the key holds whether the value is true, not the value."""
    tested, read = set(), set()

    def walk(node, test: bool) -> None:
        if isinstance(node, (nodes.Name, nodes.Getattr)):
            chain = _attr_chain(node)
            if chain is not None:
                (tested if test else read).add(tuple(chain))
                return
        if isinstance(node, nodes.If):
            walk(node.test, True)
            for child in node.body + node.elif_ + node.else_:
                walk(child, False)
        elif isinstance(node, nodes.CondExpr):
            walk(node.test, True)
            walk(node.expr1, test)
            if node.expr2 is not None:
                walk(node.expr2, test)
        elif isinstance(node, nodes.Not):
            walk(node.node, True)
        elif isinstance(node, (nodes.And, nodes.Or)):  # a value of its own unless it is itself tested
            walk(node.left, test)
            walk(node.right, test)
        else:
            for child in node.iter_child_nodes():
                walk(child, False)

    for source in sources:
        walk(parse(source), False)
    return tested - read


def _truth(context: dict, path: tuple[str, ...]) -> bool:
    value = context[path[0]]
    for attr in path[1:]:
        value = getattr(value, attr)
    return bool(value)


def plain(context: dict, path: tuple[str, ...]):
    """The value at ``path``, as a key: its class goes with it (True is not 1, Decimal('30.0')
    is not Decimal('30'), as they print differently). KeyError or AttributeError when the path
    leads nowhere, TypeError when the value is no plain value (a list, a whole party)."""
    value = context[path[0]]
    for attr in path[1:]:
        value = getattr(value, attr)
    if value is None or value.__class__ is str:
        return value
    if isinstance(value, Decimal):
        return Decimal, str(value)
    if isinstance(value, _PLAIN):
        return value.__class__, value
    raise TypeError(f"{'.'.join(path)}: not a plain value")


def _cited(context: dict, labels: dict, path: tuple[str, ...]) -> str | None:
    """The number of the clause an option parameter names (``ref(param)``)."""
    value = plain(context, path)
    value = value[1] if isinstance(value, tuple) else value
    return labels.get(getattr(value, "value", value))


class _KeyPlan:
    """What a clause's key is made of, worked out once."""

    __slots__ = ("paths", "tests", "refs", "ref_params", "main_refs", "annexes", "plain_only")

    def __init__(self, uses: TextUses, tests: set[tuple[str, ...]]):
        paths = tuple(dict.fromkeys(tuple(path) for path in uses.paths))
        self.paths = tuple(path for path in paths if path not in tests)
        self.tests = tuple(path for path in paths if path in tests)
        self.refs = tuple(dict.fromkeys(uses.refs))
        self.ref_params = tuple(dict.fromkeys(tuple(path) for path in uses.ref_params))
        self.main_refs = tuple(dict.fromkeys(uses.main_refs))
        self.annexes = tuple(dict.fromkeys(uses.annexes))
        self.plain_only = not (self.refs or self.ref_params or self.main_refs or self.annexes)


def _key_plan(clause: ClauseSpec) -> _KeyPlan | None:
    uses = clause_uses(clause)
    if uses is None:
        return None
    tests = tested_only(clause.texts)
    if clause.choose:  # the option is chosen by the value itself
        tests -= {tuple(path) for path in analyse_expression(clause.choose).paths}
    return _KeyPlan(uses, tests)


class ClauseMemo:
    """One family's clauses: how each one's key is made, the blocks kept by key, and which
    parameters a clause prints for each way it can be placed."""

    def __init__(self):
        self.plans: dict[str, _KeyPlan | None] = {}
        self.blocks = BoundedMemo(MAX_ENTRIES)  # key -> (blocks, the parameters they print)

    def key(self, clause: ClauseSpec, label: str, items: list, context: dict, labels: dict, main_labels: dict,
            annex) -> tuple | None:
        plan = self.plans.get(clause.id, False)
        if plan is False:
            plan = self.plans[clause.id] = _key_plan(clause)
        if plan is None:
            return None
        placed = (clause.id, label, tuple([(item_label, item.id) for item_label, item in items]) if items else (),
                  context["main_title"])
        try:
            values = tuple([plain(context, path) for path in plan.paths] + [_truth(context, path) for path in plan.tests])
            if plan.plain_only:
                return placed, values
            return (placed, values, tuple([_cited(context, labels, p) for p in plan.ref_params]),
                    tuple([labels.get(ref) for ref in plan.refs]), tuple([main_labels.get(ref) for ref in plan.main_refs]),
                    tuple([annex(family) for family in plan.annexes]))
        except (LookupError, AttributeError, TypeError):  # no plain value, or an annex not attached: filled afresh
            return None

    def get(self, key: tuple | None) -> tuple[list, list[str]] | None:
        return None if key is None else self.blocks.get(key)

    def put(self, key: tuple | None, kept: tuple[list, list[str]]) -> None:
        if key is not None:
            self.blocks.put(key, kept)


_MEMOS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def memo_for(family: Family) -> ClauseMemo | None:
    """The family's memo; None for a firm's (sandboxed) library."""
    if not family.trusted:
        return None
    memo = _MEMOS.get(family)
    if memo is None:
        memo = _MEMOS[family] = ClauseMemo()
    return memo
