"""The bundled template's paragraphs rendered once per process and reused (a batch).

A block's XML (heading, clause, item or text paragraph) depends only on the block itself, the
document it is in (``di``) and whether it is the last of its run (``loop.last``). In the bundled
template, each ``{% for b in … %}`` loop's body is compiled as a template of its own and the loop
becomes one filter, ``{{ d.blocks|_aicontract_blocks_N(di) }}``, which renders each distinct key
once and joins them (no jinja loop, call or escape per block); blocks are frozen dataclasses, so
they are keys (a table, with its lists of rows, is rendered each time).
The output is the same XML jinja would have written in place (tests/test_block_memo.py). A
firm's template is never rewritten: it runs as written, in the sandbox.
"""

from __future__ import annotations

from jinja2 import Environment, Template, nodes
from markupsafe import Markup

from ..bounded import BoundedMemo

MAX_ENTRIES = 2048  # per generation and loop body (a contract has ~330 blocks): bounded.py


class _Loop:
    """What a loop body may ask of ``loop`` here."""

    __slots__ = ("last",)

    def __init__(self, last: bool):
        self.last = last


class _Body:
    """One loop body, compiled, with its rendered outputs by key."""

    def __init__(self, env: Environment, body: list[nodes.Node]):
        self.template: Template = env.from_string(nodes.Template(body, lineno=1))
        self.done = BoundedMemo(MAX_ENTRIES)  # (block, di, last) -> its XML

    def __call__(self, block, di, last) -> Markup:
        key = (block, di, last)
        try:
            out = self.done.get(key)
        except TypeError:  # a table: lists inside, no key
            return self._render(block, di, last)
        if out is None:
            out = self._render(block, di, last)
            self.done.put(key, out)
        return out

    def _render(self, block, di, last) -> Markup:
        # the body reads only these names (_uses_only): the context needs nothing else
        scope = self.template.new_context({"b": block, "di": di, "loop": _Loop(last)}, shared=True)
        return Markup("".join(self.template.root_render_func(scope)))

    def loop(self, blocks, di) -> Markup:
        """What ``{% for b in blocks %}body{% endfor %}`` writes."""
        blocks = list(blocks)
        last = len(blocks) - 1
        return Markup("".join([self(block, di, i == last) for i, block in enumerate(blocks)]))


def _each(body: list[nodes.Node], kind) -> list[nodes.Node]:
    """Every node of ``kind`` in the body: its statements and all they hold."""
    return [node for part in body for node in [part, *part.find_all(kind)] if isinstance(node, kind)]


def _uses_only(body: list[nodes.Node], names: set[str]) -> bool:
    """The body reads no names but these, its own loops' variables, and ``loop`` only as ``loop.last``;
    it sets nothing."""
    names = names | {n.name for loop in _each(body, nodes.For) for n in _each([loop.target], nodes.Name)}
    if any(node.name not in names for node in _each(body, nodes.Name)):
        return False
    if any(isinstance(node.node, nodes.Name) and node.node.name == "loop" and node.attr != "last"
           for node in _each(body, nodes.Getattr)):
        return False
    return not _each(body, (nodes.Assign, nodes.AssignBlock))


def compile_memoised(env: Environment, source: str) -> Template:
    """``source`` compiled with each ``{% for b in … %}`` body rendered through a memo."""
    tree = env.parse(source)
    for loop in list(tree.find_all(nodes.For)):
        if not (isinstance(loop.target, nodes.Name) and loop.target.name == "b" and not loop.else_
                and loop.test is None and not loop.recursive and _uses_only(loop.body, {"b", "di", "loop"})):
            continue
        name = f"_aicontract_blocks_{len(env.filters)}"
        env.filters[name] = _Body(env, loop.body).loop
        printed = nodes.Output([nodes.Filter(loop.iter, name, [nodes.Name("di", "load")], [], None, None)])
        _replace(tree, loop, printed)
    tree.set_environment(env)
    return env.from_string(tree)


def _replace(tree: nodes.Template, old: nodes.Node, new: nodes.Node) -> None:
    """Put ``new`` where ``old`` is in ``tree``."""
    for node in [tree, *tree.find_all(nodes.Node)]:
        for field in node.fields:
            value = getattr(node, field)
            if isinstance(value, list) and any(item is old for item in value):
                setattr(node, field, [new if item is old else item for item in value])
                return
