"""The blank answers file: every question as a commented, empty answer, to fill in an editor."""

from __future__ import annotations

from pydantic import BaseModel

from ..models.fields import FieldSpec, iter_fields
from .interview import choices_explained


def blank_yaml(model: type[BaseModel], family_id: str, example: dict | None = None) -> str:
    """The annotated blank file; ``example`` (the bundled example's answers) gives each field
    an example value in its comment."""
    explained = choices_explained(family_id)
    lines = [
        f"# {model.model_config.get('title', family_id)} — 合同参数（aicontract questionnaire --blank 生成）",
        "# 逐项填写冒号后的内容；不适用的写“无”；可选项可留空。填好后：aicontract draft 本文件 -o 合同.docx",
        f"family: {family_id}",
    ]

    def comment(spec: FieldSpec, path: str, indent: str) -> list[str]:
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
            out.append(f"{indent}#   仅当 {spec.ask_when} 时填写")
        return out

    def example_of(value) -> str:
        if isinstance(value, (list, dict)) or value is None:
            return ""
        if isinstance(value, bool):  # written as people answer: 是/否 (true/false is read too)
            return f"  # 例：{'是' if value else '否'}"
        return f"  # 例：{value}"

    def walk(model, example, indent: str, prefix: str):
        for spec in iter_fields(model):
            name, path = spec.name, f"{prefix}{spec.name}"
            sample = example.get(name) if isinstance(example, dict) else None
            lines.extend(comment(spec, path, indent))
            if spec.kind == "group":
                lines.append(f"{indent}{name}:" + ("   # 不需要时删除整段 / delete the block if not used" if not spec.required else ""))
                walk(spec.model, sample or {}, indent + "  ", f"{path}.")
            elif spec.kind == "group_list":
                lines.append(f"{indent}{name}:   # 每项以“- ”开头，可写多项")
                first = sample[0] if isinstance(sample, list) and sample else {}
                lines.append(f"{indent}  -")
                walk(spec.model, first, indent + "    ", f"{path}.")
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
