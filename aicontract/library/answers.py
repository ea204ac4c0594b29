"""Which answers a deal is made of: the fields whose ``ask_when`` holds, given the other answers
(``prune``). What a user answered that the other answers make inapplicable (向境外传输数据 否 with an
出境数据范围 typed) is found too, so that no front end drops it silently: the web form lists it, a batch
row names it among its reminders."""

from __future__ import annotations

from pydantic import BaseModel

from ..models.fields import iter_fields
from .textenv import TRUSTED_ENGINE

__all__ = ["Pruned", "prune"]


def _applies(condition: str | None, siblings: dict) -> bool:
    if not condition:
        return True
    try:
        return bool(TRUSTED_ENGINE.evaluate(condition, siblings))
    except Exception:  # a condition over answers not given yet does not hold yet (as in the questionnaire)
        return False


def _empty(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _has_content(value) -> bool:
    """An answer someone typed: text, a number, a date, 是, or a list or group holding one."""
    if isinstance(value, dict):
        return any(_has_content(v) for v in value.values())
    if isinstance(value, (list, tuple)):
        return any(_has_content(v) for v in value)
    return value is not False and not _empty(value)


class Pruned:
    """What ``prune`` found besides the answers: the hidden fields' paths, the hidden fields that
    held an answer (not counted: said, never dropped silently — walkthrough M3), and the shown fields
    needed whenever shown but left empty (marked at the field — walkthrough M4)."""

    def __init__(self):
        self.hidden: list[str] = []
        self.ignored: list[str] = []
        self.wanted: list[str] = []


def prune(model: type[BaseModel], data: dict, prefix: tuple = (), found: Pruned | None = None,
          outer: dict | None = None) -> tuple[dict, Pruned]:
    """The answers a deal is made of: fields whose ``ask_when`` does not hold and empty values
    removed; and what was found on the way (``Pruned``; list items as 0, 1, …). A condition sees
    its siblings and, where they do not say, its groups' siblings (``outer``): ip.transfer.price
    asks only when ip's ownership leaves 乙方 something to transfer."""
    found = Pruned() if found is None else found
    scope = {**(outer or {}), **data}
    out: dict = {}
    for spec in iter_fields(model):
        path = (*prefix, spec.name)
        value = data.get(spec.name)
        if not _applies(spec.ask_when, scope):
            found.hidden.append(".".join(map(str, path)))
            if _has_content(value):
                found.ignored.append(".".join(map(str, path)))
            continue
        if spec.kind == "group" and isinstance(value, dict):
            value, _ = prune(spec.model, value, path, found, scope)
        elif spec.kind == "group" and value is None and spec.required:  # not begun: its conditional fields are hidden too
            _hide(spec.model, path, found, scope)
        elif spec.kind == "group_list" and isinstance(value, list):
            value = [prune(spec.model, item, (*path, i), found, scope)[0] if isinstance(item, dict) else item
                     for i, item in enumerate(value)]
        elif spec.kind in ("text_list", "choices") and isinstance(value, list):
            value = [item for item in value if not _empty(item)]
        if not _empty(value):
            out[spec.name] = value
        elif spec.ask_when and spec.required_when_asked and spec.kind not in ("group", "group_list"):
            found.wanted.append(".".join(map(str, path)))
    return out, found


def _hide(model: type[BaseModel], prefix: tuple, found: Pruned, scope: dict) -> None:
    """A required group not begun: its conditional fields are hidden (nothing in it is wanted yet)."""
    inner = Pruned()
    prune(model, {}, prefix, inner, scope)
    found.hidden += inner.hidden
