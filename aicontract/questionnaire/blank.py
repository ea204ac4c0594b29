"""The blank answers file: every question as a commented, empty answer, to fill in an editor."""

from __future__ import annotations

import ast

from pydantic import BaseModel

from ..models.fields import FieldSpec, iter_fields
from .interview import choices_explained


def condition_text(condition: str, models: list[type[BaseModel]]) -> str:
    """An ``ask_when`` condition as a reader says it, with the fields' titles: ``'上线运行和运维' in
    purposes`` -> “使用目的”含“上线运行和运维”; ``personal_info`` -> “含个人信息”为“是”. The condition as
    written when it uses anything else. ``models``: the field's own model first, then its parents."""
    def spec(name: str) -> FieldSpec:
        for model in models:
            for each in iter_fields(model):
                if each.name == name:
                    return each
        raise LookupError(name)

    def title(name: str) -> str:
        return f"“{spec(name).label}”"

    def value(text) -> str:
        return f"「{text}」" if "“" in str(text) else f"“{text}”"

    def say(node, negated: bool = False) -> str:
        if isinstance(node, ast.Name):
            if spec(node.id).kind == "bool":
                return f"{title(node.id)}为“{'否' if negated else '是'}”"
            return f"{title(node.id)}{'未' if negated else '已'}填写"
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not) and not negated:
            if isinstance(node.operand, ast.Name):
                return say(node.operand, negated=True)
            return f"并非（{say(node.operand)}）"
        if isinstance(node, ast.BoolOp) and not negated:
            return ("且" if isinstance(node.op, ast.And) else "或").join(say(v) for v in node.values)
        if isinstance(node, ast.Compare) and len(node.ops) == 1 and not negated:
            left, op, right = node.left, node.ops[0], node.comparators[0]
            if isinstance(op, (ast.Eq, ast.NotEq)) and isinstance(left, ast.Name) and isinstance(right, ast.Constant):
                return f"{title(left.id)}{'为' if isinstance(op, ast.Eq) else '不为'}{value(right.value)}"
            if isinstance(op, ast.In) and isinstance(left, ast.Constant) and isinstance(right, ast.Name):
                return f"{title(right.id)}含{value(left.value)}"
            if isinstance(op, ast.In) and isinstance(left, ast.Name) and isinstance(right, (ast.Tuple, ast.List)):
                return f"{title(left.id)}为" + "或".join(value(v.value) for v in right.elts)
        raise LookupError(ast.dump(node))

    try:
        return say(ast.parse(condition, mode="eval").body)
    except (SyntaxError, LookupError, AttributeError):
        return condition


def blank_yaml(model: type[BaseModel], family_id: str, example: dict | None = None) -> str:
    """The annotated blank file; ``example`` (the bundled example's answers) gives each field
    an example value in its comment."""
    explained = choices_explained(family_id)
    lines = [
        f"# {model.model_config.get('title', family_id)} — 合同参数（aicontract questionnaire --blank 生成）",
        "# 逐项填写冒号后的内容；不适用的写“无”；可选项可留空。填好后：aicontract draft 本文件 -o 合同.docx",
        f"family: {family_id}",
    ]

    def comment(spec: FieldSpec, path: str, indent: str, models: list) -> list[str]:
        need = "（必填）" if spec.required else "（条件满足时必填）" if spec.required_when_asked else "（可选）"
        text = f"{indent}# {spec.label}{need}"
        if spec.description:
            text += f"：{spec.description}"
        out = [text]
        if spec.choices:
            explanations = explained.get(path, {})
            out.append(f"{indent}#   可选 / choices：" + " / ".join(spec.choices))
            out += [f"{indent}#     {c}：{explanations[c]}" for c in spec.choices if explanations.get(c)]
        if spec.ask_when:
            out.append(f"{indent}#   仅当{condition_text(spec.ask_when, models)}时填写")
        return out

    def example_of(value) -> str:
        if isinstance(value, (list, dict)) or value is None:
            return ""
        if isinstance(value, bool):  # written as people answer: 是/否 (true/false is read too)
            return f"  # 例：{'是' if value else '否'}"
        return f"  # 例：{value}"

    def walk(model, example, indent: str, prefix: str, parents: tuple = ()):
        for spec in iter_fields(model):
            name, path = spec.name, f"{prefix}{spec.name}"
            sample = example.get(name) if isinstance(example, dict) else None
            lines.extend(comment(spec, path, indent, [model, *parents]))
            if spec.kind == "group":
                lines.append(f"{indent}{name}:" + ("   # 不需要时删除整段 / delete the block if not used" if not spec.required else ""))
                walk(spec.model, sample or {}, indent + "  ", f"{path}.", (model, *parents))
            elif spec.kind == "group_list":
                lines.append(f"{indent}{name}:   # 每项以“- ”开头，可写多项")
                first = sample[0] if isinstance(sample, list) and sample else {}
                lines.append(f"{indent}  -")
                walk(spec.model, first, indent + "    ", f"{path}.", (model, *parents))
            elif spec.kind in ("text_list", "choices"):
                lines.append(f"{indent}{name}: []   # 每项一行：- 内容" + (f"  例：{sample[0]}" if sample else ""))
            elif isinstance(spec.default, bool):
                lines.append(f"{indent}{name}: {'true' if spec.default else 'false'}   # 默认 / default")
            elif spec.default is not None:
                lines.append(f"{indent}{name}: {spec.default}   # 默认 / default")
            else:
                lines.append(f"{indent}{name}:{example_of(getattr(sample, 'value', sample))}")

    walk(model, example or {}, "", "")
    return "\n".join(lines) + "\n"
