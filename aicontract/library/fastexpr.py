"""The bundled library's conditions as plain Python functions of the context, without a jinja
context per evaluation (a contract evaluates about a hundred; the check alone some twenty that
are more than a name or a comparison).

Only what jinja's compiled code does the same way in Python is compiled: names from the context,
``a.b`` (getattr), constants, tuples and lists, ``not``/``and``/``or``, comparisons (``==``,
``!=``, ``<``…, ``in``, ``not in``) and the filters ``list``, ``length``, ``join`` (of strings)
and ``selectattr(attr, 'in' | '==' | '!=', value)``. Anything else gives None and is left to
jinja; a function that raises (a missing name, getattr on None…) is also left to jinja by the
caller (textenv.TextEngine.evaluate), which then gives the value or the error it always did."""

from __future__ import annotations

import operator

from jinja2 import Environment, nodes

_RESERVED = {"self", "loop", "caller", "varargs", "kwargs", "super", "recursive", "range", "dict", "lipsum",
             "cycler", "joiner", "namespace"}
_COMPARE = {"eq": operator.eq, "ne": operator.ne, "lt": operator.lt, "gt": operator.gt, "lteq": operator.le,
            "gteq": operator.ge, "in": lambda a, b: a in b, "notin": lambda a, b: a not in b}
_SELECT = {"in": lambda a, b: a in b, "==": operator.eq, "eq": operator.eq, "equalto": operator.eq,
           "!=": operator.ne, "ne": operator.ne}
_PARSER = Environment()


def compile_condition(source: str):
    """``source`` (a jinja expression) as a function of the context, or None."""
    try:
        template = _PARSER.parse("{% set result = (" + source + ") %}")
    except Exception:  # noqa: BLE001 - jinja reports the syntax error itself
        return None
    if len(template.body) != 1 or not isinstance(template.body[0], nodes.Assign):
        return None
    return _compile(template.body[0].node)


def _compile(node):  # noqa: C901 - one branch per node kind
    if isinstance(node, nodes.Const):
        value = node.value
        return lambda context: value
    if isinstance(node, nodes.Name):
        name = node.name
        if node.ctx != "load" or name in _RESERVED:
            return None
        return lambda context: context[name]
    if isinstance(node, (nodes.Tuple, nodes.List)):
        items = [_compile(item) for item in node.items]
        if None in items:
            return None
        kind = tuple if isinstance(node, nodes.Tuple) else list
        return lambda context: kind([item(context) for item in items])
    if isinstance(node, nodes.Getattr):
        inner, attr = _compile(node.node), node.attr
        return None if inner is None else (lambda context: getattr(inner(context), attr))
    if isinstance(node, nodes.Not):
        inner = _compile(node.node)
        return None if inner is None else (lambda context: not inner(context))
    if isinstance(node, (nodes.And, nodes.Or)):
        left, right = _compile(node.left), _compile(node.right)
        if left is None or right is None:
            return None
        if isinstance(node, nodes.And):
            return lambda context: left(context) and right(context)
        return lambda context: left(context) or right(context)
    if isinstance(node, nodes.Compare):
        return _compile_compare(node)
    if isinstance(node, nodes.Filter):
        return _compile_filter(node)
    return None


def _compile_compare(node: nodes.Compare):
    first = _compile(node.expr)
    ops = [(_COMPARE.get(op.op), _compile(op.expr)) for op in node.ops]
    if first is None or any(function is None or operand is None for function, operand in ops):
        return None

    def compare(context):  # a < b < c is a < b and b < c, as in jinja and Python
        left = first(context)
        for function, operand in ops:
            right = operand(context)
            if not function(left, right):
                return False
            left = right
        return True

    return compare


def _join(value, separator=""):
    items = list(value)
    if not all(item.__class__ is str for item in items):
        raise TypeError("join of what is not text: left to jinja")
    return separator.join(items)


def _compile_filter(node: nodes.Filter):
    if node.node is None or node.kwargs or node.dyn_args or node.dyn_kwargs:
        return None
    inner = _compile(node.node)
    args = [_compile(arg) for arg in node.args]
    if inner is None or None in args:
        return None
    if node.name == "list" and not args:
        return lambda context: list(inner(context))
    if node.name in ("length", "count") and not args:
        return lambda context: len(inner(context))
    if node.name == "join" and len(args) <= 1:
        return lambda context: _join(inner(context), *[arg(context) for arg in args])
    if node.name == "selectattr" and len(args) == 3 and isinstance(node.args[1], nodes.Const):
        test = _SELECT.get(node.args[1].value)
        if test is None:
            return None
        attr, value = args[0], args[2]

        def select(context):  # a generator, as jinja's: true whatever it holds until made a list
            name, wanted = attr(context), value(context)
            return (item for item in inner(context) if test(getattr(item, name), wanted))

        return select
    return None
