"""The jinja2 environment in which clause text is filled (sandboxed for anything but the
bundled library), the engine that compiles each text once and fills it, and the analysis that
tells which deal parameters a clause text uses.

Values are data, never code: they are inserted into already-compiled templates,
so jinja syntax inside a value is printed as text. The sandbox refuses attribute
tricks (``''.__class__``); StrictUndefined turns a missing parameter into an error.
"""

from __future__ import annotations

import collections
import contextlib
import datetime as dt
import functools
import re
import types
from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum

from jinja2 import Environment, StrictUndefined, Template, nodes
from jinja2.utils import _PassArg

from .. import cn
from ..models.common import NONE_TEXT
from ..models.typed import says_none
from .fastexpr import compile_condition
from .limits import BoundedSandbox, check_output, time_budget


def finalize(value):
    """How a parameter prints when a clause says ``{{ x }}``."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return NONE_TEXT
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, dt.date):
        return cn.date(value)
    if isinstance(value, Decimal):
        return cn.plain_decimal(value)
    if isinstance(value, (list, tuple)):
        return "、".join(finalize(v) for v in value) or NONE_TEXT
    return value


def sentence(value) -> str:
    """A value that ends a sentence, with its full stop: 《…》 or a clause ending in 。；！？ is left
    as it is; 无 (填写说明 第五项) gets its stop too, as the next sentence may follow it."""
    text = str(finalize(value))
    return text if text[-1:] in "。；！？…" else text + "。"


_IN_CHINA = re.compile(r"^(?:中华人民共和国|中国大陆|中国|我国)?境内(?!外)(?:的)?[，,、]?")
_IN_CHINA_AFTER = re.compile(r"[（(](?:位于)?(?:中华人民共和国|中国大陆|中国|我国)?境内[）)]$")


def place(value) -> str:
    """A place printed after “中华人民共和国境内的”: the same words at its start, or in brackets at its
    end, are not said twice (walkthrough M5: lawyers write them out of habit)."""
    text = str(finalize(value))
    return _IN_CHINA_AFTER.sub("", _IN_CHINA.sub("", text, count=1)) or text


def given(value):
    """What was given: a list without its 无 items (无。 无； included); a text, or "" if it says 无."""
    if isinstance(value, (list, tuple)):
        return [v for v in value if not says_none(v)]
    return "" if says_none(value) else value


def short_party(value) -> str:
    """甲方 -> 甲, 双方 -> 双: the form's “双（甲、乙、双）方”."""
    if value is None:
        return NONE_TEXT
    return str(getattr(value, "value", value))[0]


FILTERS = {
    "short": short_party,
    "sentence": sentence,  # ends with 。 unless it already ends a sentence
    "place": place,  # 中华人民共和国境内的甲方政务云 -> 甲方政务云 (after 中华人民共和国境内的)
    "given": given,  # [乙方丧失研发能力的；, 无。] -> [乙方丧失研发能力的；]; 无 -> ""
    "rmb": cn.rmb,  # 柒拾玖万叁仟玖佰元整（小写：¥793,900.00）
    "capitals": cn.amount_in_capitals,  # 柒拾玖万叁仟玖佰元整
    "figures": cn.amount_in_figures,  # 793,900.00
    "cn_number": cn.number_lower,  # 31 -> 三十一
    "cn_capital": cn.number_capital,  # 4 -> 肆
    "cn_date": cn.date,
    "pct": cn.plain_decimal,
    "minutes": cn.minutes,  # 30 -> 30分钟, 60 -> 1小时
}


def make_environment(sandboxed: bool = True) -> Environment:
    """Clause files from users are filled in the bounded sandbox (limits.py); the bundled
    library, reviewed with the package, without the sandbox's per-attribute checks (the hot
    path of a batch)."""
    kind = BoundedSandbox if sandboxed else Environment
    env = kind(
        undefined=StrictUndefined,
        autoescape=False,  # clause text is plain text; the .docx renderer escapes for XML
        finalize=finalize,
        keep_trailing_newline=False,
    )
    env.filters.update(FILTERS)
    if sandboxed:
        env.seal_filters()
    return env


ENV = make_environment()
TRUSTED_ENV = make_environment(sandboxed=False)


@functools.lru_cache(maxsize=4096)
def parse(source: str) -> nodes.Template:
    """A clause text's syntax tree, parsed once per process: loading a library reads each text three times
    (its parameters, what it only tests, its memo key). The tree is only read, never changed."""
    return ENV.parse(source)


# The bundled library's texts are mostly literal text with ``{{ a.b }}``, ``{{ a.b|rmb }}`` or
# ``{{ ref('id') }}`` in it (its conditions: fastexpr.py). For the trusted engine these are
# filled without jinja (no context object per text), exactly as jinja's compiled code does it: names from the context, getattr, the filters,
# str(finalize(value)). Anything else, and anything that goes wrong on the way (a missing name,
# an attribute only reachable as an item…), is left to jinja, which gives the same text or the
# same error it always did.
_RESERVED = {"true", "false", "none", "True", "False", "None", "not", "and", "or", "in", "is", "if", "else",
             "self", "loop", "caller", "varargs", "kwargs", "super", "recursive"}
_PATH = r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*"
_OUTPUT = re.compile(r"\{\{ *(?:(?P<call>ref|annex|main_ref)\('(?P<arg>[^'\\{}]*)'\)"
                     rf"|(?P<path>{_PATH})(?P<filters>(?: *\| *\w+)*)) *\}}\}}")


def _path_getter(path: str):
    """``a.b.c`` -> a function of the context; None for a name jinja treats specially."""
    first, *rest = path.split(".")
    if first in _RESERVED or any(part in _RESERVED for part in rest):
        return None

    def get(context):
        value = context[first]
        for attr in rest:
            value = getattr(value, attr)
        return value

    return get


def _fast_output(match: re.Match):
    """One ``{{ … }}`` as a function of the context returning its text, or None."""
    if match.group("call"):
        name, arg = match.group("call"), match.group("arg")

        def call(context):
            function = context[name]
            if not isinstance(function, types.MethodType) or _PassArg.from_obj(function) is not None:
                raise LookupError(name)  # jinja would pass it the context: jinja's path
            return str(finalize(function(arg)))

        return call
    get = _path_getter(match.group("path"))
    names = [f.strip() for f in match.group("filters").split("|")[1:]]
    if get is None or any(name not in FILTERS for name in names):
        return None
    filters = [TRUSTED_ENV.filters[name] for name in names]

    def output(context):
        value = get(context)
        for function in filters:
            value = function(value)
        return str(finalize(value))

    return output


def _fast_text(source: str):
    """``source`` as a list of literal strings and functions of the context, or None."""
    pieces, at = [], 0
    for match in _OUTPUT.finditer(source):
        pieces.append(source[at: match.start()])
        pieces.append(_fast_output(match))
        at = match.end()
    pieces.append(source[at:])
    literal = [p for p in pieces if isinstance(p, str)]
    if None in pieces or any(("{" in p or "}" in p or "\r" in p) for p in literal):
        return None
    return [p for p in pieces if p != ""]


class TextEngine:
    """Clause texts and conditions compiled once per process and filled from a shared context.

    The context (the deal's top-level fields, ``ref``, …) is handed to jinja as the template's
    parent scope, not copied, for each of the hundred or so texts of a contract: this is the
    hot path of a batch. ``root_render_func`` is what jinja's own ``Template.render`` runs;
    calling it on a ``new_context`` skips the copy. The trusted engine fills simple texts and
    conditions without jinja (``_fast_text``, ``fastexpr.compile_condition``); a firm's library always
    goes through the sandbox."""

    def __init__(self, trusted: bool):
        self.trusted = trusted
        self.env = TRUSTED_ENV if trusted else ENV
        self._compiled: dict[str, Template] = {}
        self._fast_texts: dict[str, list | None] = {}
        self._fast_conditions: dict[str, object] = {}

    @staticmethod
    def static(source: str) -> str | None:
        """A text with no jinja tags is its own result: no rendering needed (most clauses)."""
        if "{{" in source or "{%" in source or "{#" in source:
            return None
        return source.strip(" \n\t")

    def template(self, source: str) -> Template:
        compiled = self._compiled.get(source)
        if compiled is None:
            compiled = self._compiled[source] = self.env.from_string(source)
        return compiled

    def expression(self, source: str) -> Template:
        """A condition compiled as ``{% set result = … %}``; raises TemplateSyntaxError."""
        return self.template("{% set result = (" + source + ") %}")

    def fill(self, source: str, context: dict) -> str:
        """A clause text filled from ``context``, which holds every name it may use; a firm's
        text runs within the limits of limits.py."""
        static = self.static(source)
        if static is not None:
            return static
        if self.trusted:
            if source not in self._fast_texts:
                self._fast_texts[source] = _fast_text(source)
            fast = self._fast_texts[source]
            if fast is not None:
                with contextlib.suppress(Exception):  # what the fast path cannot fill, jinja fills (or reports) below
                    return "".join([p if p.__class__ is str else p(context) for p in fast]).strip(" \n\t")
            template = self.template(source)  # compiled when first needed
            return "".join(template.root_render_func(template.new_context(context, shared=True))).strip(" \n\t")
        template = self.template(source)
        with time_budget():
            text = "".join(template.root_render_func(template.new_context(context, shared=True)))
        return check_output(text, "clause text").strip(" \n\t")

    def evaluate(self, condition: str, context: dict):
        """The value of a condition or parameter expression over ``context``."""
        if self.trusted:
            if condition not in self._fast_conditions:
                self._fast_conditions[condition] = compile_condition(condition)
            fast = self._fast_conditions[condition]
            if fast is not None:
                with contextlib.suppress(Exception):  # what the fast path cannot evaluate, jinja does (or reports) below
                    return fast(context)
        template = self.expression(condition)
        scope = template.new_context(context, shared=True)
        if self.trusted:
            collections.deque(template.root_render_func(scope), maxlen=0)  # run it for its side effect
        else:
            with time_budget():
                collections.deque(template.root_render_func(scope), maxlen=0)
        return scope.vars["result"]


TRUSTED_ENGINE = TextEngine(trusted=True)

# Names a clause text may use besides deal parameters: ref('clause-id') prints a clause's
# number, annex('family') the number of an attached document (附件一); in an annex, main_title
# is the title of the contract it belongs to and main_ref('clause-id') a clause's number there.
GLOBAL_NAMES = {"ref", "annex", "main_ref", "main_title", "true", "false", "none", "True", "False", "None"}


_FORBIDDEN_NODES = (nodes.Import, nodes.FromImport, nodes.Include, nodes.Extends, nodes.Block, nodes.Macro,
                    nodes.CallBlock)


def _attr_chain(node) -> list[str] | None:
    """`a.b.c` -> ['a', 'b', 'c']; None when the chain does not start at a name."""
    parts: list[str] = []
    while isinstance(node, nodes.Getattr):
        parts.append(node.attr)
        node = node.node
    if isinstance(node, nodes.Name):
        parts.append(node.name)
        return parts[::-1]
    return None


@dataclass
class TextUses:
    """What a clause text uses: parameter paths, ``ref('…')`` targets, parameters used as
    ``ref(param)`` targets, and families named by ``annex('…')``."""

    paths: list[list[str]] = field(default_factory=list)
    refs: list[str] = field(default_factory=list)
    ref_params: list[list[str]] = field(default_factory=list)
    annexes: list[str] = field(default_factory=list)
    main_refs: list[str] = field(default_factory=list)


def analyse(source: str) -> TextUses:
    """What ``source`` uses; ValueError for anything a clause text may not do, jinja2's
    TemplateSyntaxError on bad syntax."""
    tree = parse(source)
    for node in tree.find_all(_FORBIDDEN_NODES):
        raise ValueError(f"{type(node).__name__.lower()} is not allowed in clause text")
    uses = TextUses()

    def walk(node):
        if isinstance(node, nodes.Call):
            name = node.node.name if isinstance(node.node, nodes.Name) else None
            if name not in ("ref", "annex", "main_ref") or node.kwargs or node.dyn_args or node.dyn_kwargs \
                    or len(node.args) != 1:
                raise ValueError("clause text may call only ref('clause-id'), annex('family') and main_ref('clause-id')")
            arg = node.args[0]
            if name in ("annex", "main_ref"):
                if not (isinstance(arg, nodes.Const) and isinstance(arg.value, str)):
                    raise ValueError(f"{name}() takes a fixed id, e.g. {name}('…')")
                (uses.annexes if name == "annex" else uses.main_refs).append(arg.value)
                return
            chain = _attr_chain(arg) if isinstance(arg, (nodes.Getattr, nodes.Name)) else None
            if isinstance(arg, nodes.Const) and isinstance(arg.value, str):
                uses.refs.append(arg.value)
            elif chain is not None and not any(part.startswith("_") for part in chain):
                uses.ref_params.append(chain)  # an option parameter whose values are clause ids
                uses.paths.append(chain)
            else:
                raise ValueError("ref() takes a clause id or an option parameter")
            return
        if isinstance(node, (nodes.Filter, nodes.Test)):
            if node.name == "attr":
                raise ValueError("the attr filter is not allowed in clause text; name parameters as a.b.c")
            known = ENV.filters if isinstance(node, nodes.Filter) else ENV.tests
            if node.name not in known:
                kind = "filter" if isinstance(node, nodes.Filter) else "test"
                raise ValueError(f"no {kind} named {node.name!r}")
            for arg in [*node.args, *(kw.value for kw in node.kwargs)]:
                if isinstance(arg, nodes.Const) and isinstance(arg.value, str) and arg.value.startswith("_"):
                    raise ValueError(f"filter {node.name}: attribute {arg.value!r} is not allowed in clause text")
        if isinstance(node, (nodes.Getitem, nodes.Slice)):
            raise ValueError("clause text may not index values; name parameters as a.b.c")
        if isinstance(node, (nodes.Getattr, nodes.Name)):
            chain = _attr_chain(node)
            if chain is None or any(part.startswith("_") for part in chain):
                raise ValueError("clause text may name only deal parameters (a.b.c)")
            if chain[0] not in GLOBAL_NAMES:
                uses.paths.append(chain)
            return
        for child in node.iter_child_nodes():
            walk(child)

    walk(tree)
    return uses


def check_template(source: str) -> None:
    """Refuse a user's Word template that reaches beyond its data: attributes starting with
    ``_``, calls other than ``range``/``loop.cycle``, imports, includes or extends. The
    sandbox would stop these at render time too; this names them before anything runs."""
    tree = ENV.parse(source)
    for node in tree.find_all(_FORBIDDEN_NODES):
        raise ValueError(f"line {node.lineno}: {type(node).__name__.lower()} is not allowed in a template")
    for node in tree.find_all((nodes.Getattr, nodes.Getitem)):
        attr = node.attr if isinstance(node, nodes.Getattr) else getattr(node.arg, "value", "")
        if isinstance(attr, str) and attr.startswith("_"):
            raise ValueError(f"line {node.lineno}: attribute {attr!r} is not allowed in a template")
    for node in tree.find_all(nodes.Call):
        name = node.node.name if isinstance(node.node, nodes.Name) else getattr(node.node, "attr", "?")
        if name not in ("range", "cycle"):
            raise ValueError(f"line {node.lineno}: calling {name!r} is not allowed in a template")
    for node in tree.find_all((nodes.Filter, nodes.Test)):
        for arg in [*node.args, *(kw.value for kw in node.kwargs)]:
            if node.name == "attr" or (isinstance(arg, nodes.Const) and isinstance(arg.value, str)
                                       and arg.value.startswith("_")):
                raise ValueError(f"line {node.lineno}: filter {node.name} with {getattr(arg, 'value', '…')!r} "
                                 "is not allowed in a template")


def analyse_expression(expr: str) -> TextUses:
    return analyse("{% if " + expr + " %}{% endif %}")
