"""Clause blocks reused from one contract to the next (a batch drafts hundreds from one library).

A clause's blocks are a function of its texts, the numbers it was given, and what those texts
read: the deal values on the paths they name, the numbers of the clauses they ``ref()``, the
names of the annexes they cite, the host's title and numbers in an annex. When all of these are
plain values (text, numbers, dates, options, yes/no) they make the key under which the blocks
are kept; blocks are frozen dataclasses, so contracts can share them. A clause that reads
anything else (a list, a whole party, a loop variable) is filled every time, as are ``each``,
``repeat`` and table clauses. Only the bundled library is memoised: a firm's clauses always run
through the sandbox with its limits.
"""

from __future__ import annotations

import datetime as dt
import weakref
from decimal import Decimal
from enum import Enum

from ..library import Family
from ..library.schema import ClauseSpec
from ..library.textenv import TextUses, analyse, analyse_expression

MAX_ENTRIES = 4096  # per family; the memo starts afresh when full, so memory stays flat over any batch
_PLAIN = (str, bool, int, dt.date, Enum)


UNKEYABLE = object()  # what ``plain`` gives for a value that is no key (a list, a whole party)


def clause_uses(clause: ClauseSpec) -> TextUses | None:
    """What every text of ``clause`` reads, together; None for clauses filled each time."""
    if clause.each or clause.repeat or clause.table:
        return None
    texts = [clause.text] if clause.text is not None else [option.text for option in clause.options.values()]
    texts += [item.text for item in clause.items]
    uses = TextUses()
    for part in [analyse(text) for text in texts] + ([analyse_expression(clause.choose)] if clause.choose else []):
        uses.paths += part.paths
        uses.refs += part.refs
        uses.ref_params += part.ref_params
        uses.annexes += part.annexes
        uses.main_refs += part.main_refs
    return uses


def plain(context: dict, path: list[str]):
    """The value at ``path``, as a key: its class goes with it (True is not 1, Decimal('30.0')
    is not Decimal('30'), as they print differently)."""
    try:
        value = context[path[0]]
        for attr in path[1:]:
            value = getattr(value, attr)
    except (KeyError, AttributeError):
        return UNKEYABLE
    if value is None or value.__class__ is str:
        return value
    if isinstance(value, Decimal):
        return Decimal, str(value)
    if isinstance(value, _PLAIN):
        return value.__class__, value
    return UNKEYABLE


def _cited(context: dict, labels: dict, path: list[str]) -> str | None:
    """The number of the clause an option parameter names (``ref(param)``)."""
    value = plain(context, path)
    if value is UNKEYABLE:
        return UNKEYABLE
    value = value[1] if isinstance(value, tuple) else value
    return labels.get(getattr(value, "value", value))


class ClauseMemo:
    """One family's clauses: what each reads, and the blocks kept by key."""

    def __init__(self):
        self.uses: dict[str, TextUses | None] = {}
        self.blocks: dict[tuple, list] = {}

    def key(self, clause: ClauseSpec, label: str, items: list, context: dict, labels: dict, main_labels: dict,
            annex) -> tuple | None:
        uses = self.uses.get(clause.id, False)
        if uses is False:
            uses = self.uses[clause.id] = clause_uses(clause)
        if uses is None:
            return None
        values = tuple(plain(context, path) for path in uses.paths)
        cited = tuple(_cited(context, labels, path) for path in uses.ref_params)
        if UNKEYABLE in values or UNKEYABLE in cited:
            return None
        try:
            annexes = tuple(annex(family) for family in uses.annexes)
        except LookupError:  # not attached: filling the clause reports it
            return None
        return (clause.id, label, tuple((item_label, item.id) for item_label, item in items), context["main_title"],
                values, cited, tuple(labels.get(ref) for ref in uses.refs),
                tuple(main_labels.get(ref) for ref in uses.main_refs), annexes)

    def get(self, key: tuple | None) -> list | None:
        return None if key is None else self.blocks.get(key)

    def put(self, key: tuple | None, blocks: list) -> None:
        if key is None:
            return
        if len(self.blocks) >= MAX_ENTRIES:
            self.blocks.clear()
        self.blocks[key] = list(blocks)


_MEMOS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def memo_for(family: Family) -> ClauseMemo | None:
    """The family's memo; None for a firm's (sandboxed) library."""
    if not family.trusted:
        return None
    memo = _MEMOS.get(family)
    if memo is None:
        memo = _MEMOS[family] = ClauseMemo()
    return memo
