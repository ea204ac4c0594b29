"""Answers to the questionnaire's questions, read from an example deal (for the tests)."""

import datetime as dt
from decimal import Decimal


def lookup(data, path):
    node = data
    for part in path:
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and part < len(node):
            node = node[part]
        else:
            return None
    return node


def answer_for(example: dict, key: str) -> str:
    """The text a lawyer would type for the question ``key`` (as the questionnaire shows it)."""
    parts = [int(p) if p.isdigit() else p for p in key.split(".")]
    if parts[0] == "?":  # include an optional part?
        return "是" if lookup(example, parts[1:]) is not None else "否"
    if parts[0] == "+":  # add one more item?
        items = lookup(example, parts[1:-1]) or []
        return "是" if len(items) > parts[-1] else "否"
    value = lookup(example, parts)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list):
        return "、".join(str(v) for v in value)
    if isinstance(value, (dt.date, Decimal, int)):
        return str(value)
    return str(value)
