"""The house rules of the package: imports run one way (no circles, including imports inside
functions), modules stay small, each folder says its job, and ARCHITECTURE.md matches the tree."""

import ast
import re
from pathlib import Path

import pytest

from helpers import ROOT

PACKAGE = ROOT / "aicontract"


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in PACKAGE.rglob("*.py")}


def imports_of(name: str, path: Path, known: set[str]) -> set[str]:
    """The package's own modules that ``name`` imports, anywhere in its body. ``from . import x``
    counts as an import of module x when x is a module, else of the package itself."""
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names if a.name in known)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            for alias in node.names:
                child = f"{target}.{alias.name}"
                if child in known:
                    out.add(child)
                elif target in known:
                    out.add(target)
    out.discard(name)
    return out


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return stack[stack.index(nxt):] + [nxt]
            if nxt not in state and (cycle := visit(nxt)):
                return cycle
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (cycle := visit(node)):
            return cycle
    return None


def import_graph() -> dict[str, set[str]]:
    found = modules()
    return {name: imports_of(name, path, set(found)) for name, path in found.items()}


def test_no_import_circles():
    cycle = find_cycle(import_graph())
    assert cycle is None, "import circle: " + " -> ".join(cycle)


def test_the_circle_finder_finds_a_circle():
    """The test above would pass vacuously if the finder never found anything."""
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


def test_function_level_imports_count(tmp_path):
    """An import inside a function is an edge too: hiding a circle there does not hide it."""
    path = tmp_path / "draft.py"
    path.write_text("from .assemble import assemble\n\ndef f():\n    from ..review import detect\n", encoding="utf-8")
    known = {"aicontract.drafting.assemble", "aicontract.review", "aicontract.review.detect"}
    assert imports_of("aicontract.drafting.draft", path, known) == {"aicontract.drafting.assemble",
                                                                    "aicontract.review.detect"}


LAYERS = ["aicontract.errors", "aicontract.version", "aicontract.cn", "aicontract.bounded", "aicontract.models", "aicontract.library",
          "aicontract.io", "aicontract.drafting", "aicontract.render", "aicontract.review"]


def layer_of(name: str) -> int:
    """Index of the module's stage in the flow; front ends (cli, batch, questionnaire,
    ip_options) and the package root sit above all of them."""
    for i, prefix in enumerate(LAYERS):
        if name == prefix or name.startswith(prefix + "."):
            return i
    return len(LAYERS)


@pytest.mark.parametrize("name", sorted(modules()))
def test_imports_point_down_the_flow(name):
    """models -> library -> io -> drafting -> render -> review -> front ends: a stage never
    imports one that comes after it (render may read drafting's plain Contract data)."""
    graph = import_graph()
    upward = [target for target in graph[name] if layer_of(target) > layer_of(name)]
    assert upward == [], f"{name} imports from a later stage: {upward}"


@pytest.mark.parametrize("name", sorted(modules()))
def test_modules_stay_small(name):
    lines = len(modules()[name].read_text(encoding="utf-8").splitlines())
    assert lines <= 400, f"{name} has {lines} lines; split it by job"


@pytest.mark.parametrize("package", sorted(p.parent for p in PACKAGE.rglob("__init__.py")))
def test_each_folder_says_its_job(package):
    tree = ast.parse((package / "__init__.py").read_text(encoding="utf-8"))
    doc = ast.get_docstring(tree)
    assert doc and len(doc) > 20, f"{package.name}/__init__.py needs a docstring saying the folder's job"


def test_architecture_md_matches_the_tree():
    text = (ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8")
    folders = sorted(p.parent.name for p in PACKAGE.glob("*/__init__.py"))
    for folder in folders:
        assert re.search(rf"`{folder}/`", text), f"ARCHITECTURE.md does not describe aicontract/{folder}/"
    named = set(re.findall(r"`([a-z_]+)/`", text)) - {"clause_library", "templates", "examples", "tests", "benchmarks",
                                                         "tools", "aicontract"}
    assert named <= set(folders), f"ARCHITECTURE.md names folders that do not exist: {sorted(named - set(folders))}"
    for module in ("cli.py", "batch.py", "ip_options.py", "cn.py", "errors.py"):
        assert f"`{module}`" in text, f"ARCHITECTURE.md does not mention {module}"


def test_one_name_per_concept():
    """A class name is defined once in the package."""
    seen: dict[str, str] = {}
    for name, path in modules().items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef) and not node.name.startswith("_"):
                assert node.name not in seen, f"class {node.name} in both {seen[node.name]} and {name}"
                seen[node.name] = name


def test_one_error_base():
    """Every exception class of the package derives from AicontractError."""
    import importlib
    import inspect

    from aicontract.errors import AicontractError

    for name in modules():
        module = importlib.import_module(name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ == name and issubclass(cls, Exception):
                assert issubclass(cls, AicontractError), f"{name}.{cls.__name__} is not an AicontractError"
