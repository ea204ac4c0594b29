"""Read a deal from a YAML or JSON answers file, with errors a lawyer can act on.

Every error names the file, the line where YAML has one, the field path, the field's
Chinese title and what is wrong in Chinese and English. Amounts are read exactly:
YAML floats become Decimals from their written digits, never through binary floats.
"""

from __future__ import annotations

import contextlib
import json
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from importlib import resources
from pathlib import Path

import yaml
from pydantic import BaseModel, ValidationError

from ..errors import InputError
from ..models import DEAL_MODELS
from ..models import paths as model_paths


@dataclass(frozen=True)
class Problem:
    path: str  # party_b.email
    title: str  # 乙方（承建方） › 邮箱
    message: str  # Chinese / English
    line: int | None = None

    def __str__(self) -> str:
        where = f"第{self.line}行 line {self.line}: " if self.line else ""
        field = f"{self.path}（{self.title}）" if self.path else "(文件 / file)"
        return f"{where}{field}: {self.message}"


class DealError(InputError):
    """The answers cannot make a deal; ``problems`` says why, field by field."""

    def __init__(self, source: str, problems: list[Problem], file_problem: bool = False):
        self.source = source
        self.problems = problems
        self.file_problem = file_problem  # the file itself (missing, unreadable, not a deal file), not its answers
        super().__init__(self.report())

    def report(self) -> str:
        if self.file_problem:
            return f"{self.source}: " + "；".join(p.message for p in self.problems)
        head = f"{self.source}: 合同参数有误 / invalid deal ({len(self.problems)} 处 problems)"
        return "\n".join([head] + [f"  - {p}" for p in self.problems])


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """Safe YAML (libyaml when present) with exact decimals; a key written twice in one mapping is
    an error (YAML would keep the later value and drop the other without a word)."""

    def construct_mapping(self, node, deep=False):
        if isinstance(node, yaml.MappingNode):
            seen: dict = {}
            for key_node, _ in node.value:
                key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
                if key is None or key == "<<":
                    continue
                if key in seen:
                    error = yaml.constructor.ConstructorError(
                        None, None, f"字段“{key}”写了两次（第{seen[key]}行和第{key_node.start_mark.line + 1}行），"
                                    f"请删去其中一处 / the key “{key}” is written twice", key_node.start_mark)
                    error.duplicate_key = True  # a mistake in the answers, not in YAML's syntax
                    raise error
                seen[key] = key_node.start_mark.line + 1
        return super().construct_mapping(node, deep)


def _exact_float(loader, node):
    text = loader.construct_scalar(node).replace("_", "")
    try:
        return Decimal(text)
    except InvalidOperation:
        return float(text)


def _lenient_timestamp(loader, node):
    """A date YAML cannot build (2026-13-05) stays text, so validation names the field."""
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except ValueError:
        return loader.construct_scalar(node)


class _Dumper(yaml.SafeDumper):
    """Safe YAML that writes Decimals with their exact digits, as a person writes them: 1860000,
    558000.5 — never a type tag (``!!float '1860000'``) or an exponent."""


def _decimal(dumper, value: Decimal):
    if value == value.to_integral_value():
        return dumper.represent_int(int(value))
    return dumper.represent_scalar("tag:yaml.org,2002:float", format(value.normalize(), "f"))


_Dumper.add_representer(Decimal, _decimal)


def dump_yaml(data) -> str:
    """Answers as YAML text that load_deal reads back to the same deal."""
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, default_flow_style=False)


_Loader.add_constructor("tag:yaml.org,2002:float", _exact_float)
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _lenient_timestamp)

_MESSAGES = {
    "missing": "缺少必填字段 / field required",
    "extra_forbidden": "未知字段，请检查拼写 / unknown field",
    "date_from_datetime_parsing": "日期格式应为 YYYY-MM-DD / not a valid date",
    "date_parsing": "日期格式应为 YYYY-MM-DD / not a valid date",
    "date_type": "日期格式应为 YYYY-MM-DD / not a valid date",
    "int_parsing": "应为整数 / must be a whole number",
    "int_type": "应为整数 / must be a whole number",
    "int_from_float": "应为整数 / must be a whole number",
    "decimal_parsing": "应为数字 / must be a number",
    "decimal_type": "应为数字 / must be a number",
    "string_type": "应为文本 / must be text",
    "list_type": "应为列表（每项一行，以“- ”开头） / must be a list",
    "model_type": "应为一组字段 / must be a mapping of fields",
    "dict_type": "应为一组字段 / must be a mapping of fields",
    "bool_type": "应为 是/否（true/false） / must be true or false",
    "bool_parsing": "应为 是/否（true/false） / must be true or false",
}


def message_for(err: dict) -> str:
    kind = err["type"]
    ctx = err.get("ctx", {})
    if err.get("input", "") is None and kind.endswith(("_type", "_parsing")):
        return "必填，尚未填写 / required, not filled in"
    if kind == "value_error":
        return str(ctx.get("error", err["msg"]))
    if kind in ("enum", "literal_error"):
        return f"应为以下选项之一：{ctx.get('expected', '')} / must be one of {ctx.get('expected', '')}"
    if kind == "too_short":
        return f"至少需要 {ctx.get('min_length')} 项 / needs at least {ctx.get('min_length')} item(s)"
    bounds = {"greater_than_equal": ("ge", "不小于", "at least"), "greater_than": ("gt", "大于", "more than"),
              "less_than_equal": ("le", "不大于", "at most"), "less_than": ("lt", "小于", "less than")}
    if kind in bounds:
        key, chinese, english = bounds[kind]
        limit, given = ctx.get(key, ""), str(err.get("input", ""))[:40]  # the value read (150 for a cell showing 150%)
        return f"应{chinese} {limit}，填写的是 {given} / must be {english} {limit}, not {given}"
    if kind == "decimal_max_places":
        places = ctx.get("decimal_places", "")
        return f"最多 {places} 位小数 / at most {places} decimal places"
    if kind == "decimal_max_digits":
        digits = ctx.get("max_digits", "")
        return f"数字过长：最多 {digits} 位（含小数） / at most {digits} digits"
    return _MESSAGES.get(kind, f"取值无效 / {err['msg']}")


def _line_of(node, loc: tuple) -> int | None:
    """Line (1-based) of the YAML node at ``loc``, or of its nearest parent."""
    line = node.start_mark.line + 1 if node is not None else None
    for part in loc:
        child = None
        if isinstance(node, yaml.MappingNode) and isinstance(part, str):
            child = next((v for k, v in node.value if k.value == part), None)
            if child is None:  # an unknown key: point at the key itself
                key = next((k for k, _ in node.value if k.value == part), None)
                return key.start_mark.line + 1 if key is not None else line
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            child = node.value[part]
        if child is None:
            return line
        node, line = child, child.start_mark.line + 1
    return line


def problems_from(exc: ValidationError, model: type[BaseModel], node=None) -> list[Problem]:
    out = []
    for err in exc.errors():
        loc = tuple(err["loc"])
        out.append(
            Problem(
                path=".".join(str(p) for p in loc),
                title=" › ".join(model_paths.titles(model, loc)),
                message=message_for(err),
                line=_line_of(node, loc) if node is not None else None,
            )
        )
    return out


def parse_text(text: str, source: str = "<answers>"):
    """YAML (or JSON, which is YAML) text -> (data, node tree), parsed once: the data is
    built from the same node tree that gives errors their line numbers."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc)
        hint = _yaml_hint(text, mark.line if mark else None)
        message = problem if getattr(exc, "duplicate_key", False) else f"YAML 语法错误 / YAML syntax error: {problem}{hint}"
        raise DealError(source, [Problem("", "", message, mark.line + 1 if mark else None)]) from None
    finally:
        loader.dispose()
    return data, node


def _yaml_hint(text: str, line: int | None) -> str:
    """The usual cause of a YAML syntax error on (or just before) ``line``, in words a user can act on."""
    lines = text.splitlines()
    if line is None or not lines:
        return ""
    nearby = lines[max(0, line - 1): line + 1]
    if any("\t" in item for item in nearby):
        return "。常见原因：用了制表符（Tab）缩进，请改用空格 / hint: indent with spaces, not tabs"
    if any("：" in item and ":" not in item.split("#")[0] for item in nearby):
        return "。常见原因：字段名后用了全角冒号“：”，请改为半角“: ” / hint: use an ASCII colon and a space"
    if any(re.match(r"^\s*[\w.-]+:[^\s/]", item) for item in nearby):
        return "。常见原因：冒号后缺少空格，应写成“字段: 值” / hint: put a space after the colon"
    return ""


def _decode(raw: bytes, path: Path) -> str:
    """UTF-8 (with or without BOM) or UTF-16 with a BOM; anything else is refused with the fix."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16")
    with contextlib.suppress(UnicodeDecodeError):  # not UTF-8: refused below, with a guess at what it is
        return raw.decode("utf-8-sig")
    try:
        raw.decode("gb18030")
        guess = "像是 GBK/GB18030 编码 / looks like GBK"
    except UnicodeDecodeError:
        guess = "编码无法识别 / unknown encoding"
    raise DealError(str(path), [Problem("", "", f"文件不是 UTF-8 编码（{guess}）：请在编辑器中将文件另存为 UTF-8 "
                                                f"/ the file is not UTF-8: save it as UTF-8")], file_problem=True)


def deal_from_data(data, source: str = "<answers>", node=None, family: str | None = None):
    if not isinstance(data, dict):
        raise DealError(source, [Problem("", "", "文件内容应为一组“字段: 值” / the file must hold a mapping of fields")])
    family = family or data.get("family")
    model = DEAL_MODELS.get(family)
    if model is None:
        raise DealError(
            source,
            [
                Problem(
                    "family",
                    "合同类型",
                    f"应为以下之一：{', '.join(DEAL_MODELS)} / family must be one of {', '.join(DEAL_MODELS)}",
                    _line_of(node, ("family",)) if node is not None else None,
                )
            ],
        )
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise DealError(source, problems_from(exc, model, node)) from None


EXAMPLE_OF_FAMILY = {"tech_development": "tech_development_ai"}  # a family whose example file has another name


def bundled_example(name: str) -> dict | None:
    """The answers of a bundled example (examples/<name>.yaml; a family's own example under the name
    EXAMPLE_OF_FAMILY gives it), or None if there is none."""
    path = resources.files("aicontract.examples") / f"{EXAMPLE_OF_FAMILY.get(name, name)}.yaml"
    return parse_text(path.read_text(encoding="utf-8"), str(path))[0] if path.is_file() else None


MAX_FILE = 10_000_000  # bytes of an answers file: a deal is a few kilobytes


def read_answers(path: str | Path) -> str:
    """The text of an answers file; DealError naming the file when it cannot be read or decoded."""
    path = Path(path)
    try:
        if path.stat().st_size > MAX_FILE:
            raise DealError(str(path), [Problem("", "", f"文件超过 {MAX_FILE // 1_000_000} MB / the file is larger than "
                                                        f"{MAX_FILE // 1_000_000} MB")], file_problem=True)
        raw = path.read_bytes()
    except OSError as exc:
        raise DealError(str(path), [Problem("", "", f"无法读取文件 / cannot read file: {exc.strerror or exc}")],
                        file_problem=True) from None
    if raw[:4] in (b"PK\x03\x04", b"%PDF", b"\xd0\xcf\x11\xe0"):  # .docx/.xlsx (zip), PDF, old .doc/.xls
        raise DealError(str(path), [Problem("", "", "这是 Word、Excel 或 PDF 文件，不是合同参数文件（.yaml/.json）：审查一份合同用 "
                                                    "aicontract review，按表格批量起草用 aicontract batch / a Word, Excel or PDF "
                                                    "file, not a deal file (.yaml/.json): use `aicontract review` to check a "
                                                    "contract, `aicontract batch` to draft from a spreadsheet")],
                        file_problem=True)
    return _decode(raw, path)


def load_deal(path: str | Path, family: str | None = None):
    """Read a .yaml/.yml/.json answers file into its typed deal."""
    path = Path(path)
    text = read_answers(path)
    if path.suffix.lower() == ".json":
        try:
            data, node = json.loads(text, parse_float=Decimal), None
        except json.JSONDecodeError as exc:
            raise DealError(str(path), [Problem("", "", f"JSON 语法错误 / JSON syntax error: {exc.msg}", exc.lineno)]) from None
    else:
        data, node = parse_text(text, str(path))
    return deal_from_data(data, str(path), node, family)
