"""The questionnaire: a lawyer answers questions and gets a deal file, never writing YAML.

Questions are derived from the deal model — titles, descriptions, enums, defaults, and the
``ask_when`` condition declared next to the field it governs — never written twice. The
interview is a plain object (``Interview``: ``next()`` gives the next question, ``answer()``
takes an answer, ``back()`` undoes the last one), so a web form could drive it as well as the
terminal front end in ``run_terminal``.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Annotated, Callable

from pydantic import BaseModel, TypeAdapter, ValidationError

from .deal_io import message_for, dump_yaml
from .models import paths as model_paths
from .models.common import NONE_TEXT
from .textenv import TRUSTED_ENV

STATE_MARK = "# aicontract-questionnaire-state: "
YES_WORDS, NO_WORDS = {"是", "y", "yes", "1", "true", "对"}, {"否", "n", "no", "0", "false", "不"}


class AnswerError(ValueError):
    """The answer cannot stand; the message says why, in Chinese and English."""


@dataclass(frozen=True)
class Question:
    path: tuple  # ("party_a", "name"), ("work_tasks", 0, "scenario"), control: ("work_tasks", "+", 1)
    kind: str  # text date int decimal bool choice choices include more item
    title: str
    help: str
    choices: tuple[str, ...] = ()
    explanations: tuple[str, ...] = ()
    required: bool = True
    default: object = None
    section: str = ""
    section_no: int = 0
    sections: int = 0

    @property
    def key(self) -> str:
        return ".".join(str(p) for p in self.path)


def _choices_explained(family_id: str) -> dict[str, dict[str, str]]:
    """Field path -> {option: one-line meaning}, from the option data: the clause library's
    option clauses and the IP options comparison."""
    from .ip_options import load_options
    from .library import bundled_family

    out: dict[str, dict[str, str]] = {}
    family = bundled_family(family_id)
    for clause in family.clauses.values():
        if clause.choose and clause.options:
            out[clause.choose] = {k: o.explain for k, o in clause.options.items() if o.explain}
    ownership: dict[str, list[str]] = {}
    for option in load_options().group("ownership").options:
        ownership.setdefault(option.deal["ownership"], []).append(f"{option.title}：{option.summary}")
    out["ip.ownership"] = {k: " / ".join(v) for k, v in ownership.items()}
    return out


class Interview:
    def __init__(self, model: type[BaseModel], family_id: str, data: dict | None = None, control: dict | None = None):
        self.model = model
        self.family_id = family_id
        self.data: dict = data or {}
        self.control: dict[str, object] = control or {}
        self.history: list[tuple] = []
        self.explained = _choices_explained(family_id)
        self.sections = [n for n in model.model_fields if n != "family"]

    # --- walking the model -------------------------------------------------------------------

    def _get(self, path: tuple):
        node = self.data
        for part in path:
            if isinstance(node, dict) and part in node:
                node = node[part]
            elif isinstance(node, list) and isinstance(part, int) and part < len(node):
                node = node[part]
            else:
                return _MISSING
        return node

    def _set(self, path: tuple, value) -> None:
        node = self.data
        for part, following in zip(path, path[1:]):
            if isinstance(node, list):
                while len(node) <= part:
                    node.append({} if not isinstance(following, int) else [])
                node = node[part]
            else:
                node = node.setdefault(part, [] if isinstance(following, int) else {})
        last = path[-1]
        if isinstance(node, list):
            while len(node) <= last:
                node.append(None)
        node[last] = value

    def _unset(self, path: tuple) -> None:
        parent = self._get(path[:-1]) if len(path) > 1 else self.data
        if isinstance(parent, dict):
            parent.pop(path[-1], None)
        elif isinstance(parent, list) and path[-1] < len(parent):
            del parent[path[-1]:]

    def _applies(self, info, siblings: dict) -> bool:
        extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
        condition = extra.get("ask_when")
        if not condition:
            return True
        try:
            return bool(TRUSTED_ENV.compile_expression(condition)(**siblings))
        except Exception:
            return False

    def _questions(self, model: type[BaseModel], prefix: tuple, titles: tuple, section: tuple):
        """Every question the model asks, given the answers so far, in order."""
        siblings = self._get(prefix) if prefix else self.data
        siblings = siblings if isinstance(siblings, dict) else {}
        for name, info in model.model_fields.items():
            if name == "family":
                continue
            if not prefix:
                section = (info.title or name, self.sections.index(name) + 1)
            if not self._applies(info, siblings):
                continue
            path, title = (*prefix, name), (*titles, info.title or name)
            annotation = info.annotation
            inner = model_paths.unwrap(annotation)
            item = model_paths.list_item(annotation)
            optional = not info.is_required()
            common = dict(help=info.description or "", section=section[0], section_no=section[1], sections=len(self.sections))
            if model_paths.is_model(inner):
                if optional:
                    include = ("?", *path)
                    yield Question(include, "include", " › ".join(title), choices=("是", "否"),
                                   **{**common, "help": f"是否填写“{info.title}”？{info.description or ''}"})
                    if self.control.get(".".join(map(str, include))) is not True:
                        continue
                yield from self._questions(inner, path, title, section)
            elif item is not None and model_paths.is_model(item):
                existing = self._get(path)
                count = len(existing) if isinstance(existing, list) else 0
                min_items = next((m.min_length for m in info.metadata if hasattr(m, "min_length")), 0) or 0
                i = 0
                while True:
                    if i >= max(count, min_items):  # beyond what is given and required: ask first
                        more = ("+", *path, i)
                        ask = f"还要添加第{i + 1}项吗？" if i else f"要添加“{info.title}”吗？"
                        yield Question(more, "more", " › ".join(title), choices=("是", "否"), **{**common, "help": ask})
                        if self.control.get(".".join(map(str, more))) is not True:
                            break
                    yield from self._questions(item, (*path, i), (*title, f"第{i + 1}项"), section)
                    i += 1
            elif item is not None and not model_paths.is_enum(item):
                values = self._get(path)
                values = values if isinstance(values, list) else []
                min_items = next((m.min_length for m in info.metadata if hasattr(m, "min_length")), 0) or 0
                for i in range(len(values) + 1):
                    if i == len(values) and self.control.get(".".join(map(str, ("end", *path)))) is True:
                        break
                    yield Question((*path, i), "item", " › ".join((*title, f"第{i + 1}项")), required=i < min_items,
                                   **{**common, "help": (info.description or "") + "（直接回车结束本列表）"})
            else:
                kind, choices = _kind(annotation)
                default = None if info.is_required() or info.default is None else info.default
                default = getattr(default, "value", default)
                explained = self.explained.get(".".join(n for n in path if isinstance(n, str)), {})
                yield Question(path, kind, " › ".join(title), choices=choices,
                               explanations=tuple(explained.get(c, "") for c in choices), required=not optional,
                               default=default, **common)

    def _answered(self, question: Question) -> bool:
        if question.kind in ("include", "more"):
            return ".".join(map(str, question.path)) in self.control
        return self._get(question.path) is not _MISSING

    def next(self) -> Question | None:
        for question in self._questions(self.model, (), (), ("", 0)):
            if not self._answered(question):
                return question
        return None

    # --- answering ------------------------------------------------------------------------------

    def answer(self, text: str) -> None:
        question = self.next()
        if question is None:
            raise AnswerError("问卷已完成 / the questionnaire is complete")
        text = (text or "").strip()
        if question.kind in ("include", "more"):
            self.control[".".join(map(str, question.path))] = _yes_no(text)
        elif question.kind == "item":
            if not text:
                if question.required:
                    raise AnswerError("至少需要填写一项 / at least one item is needed")
                self.control[".".join(map(str, ("end", *question.path[:-1])))] = True
            else:
                self._set(question.path, _checked(self._field_type(question.path[:-1], item=True), text))
        else:
            self._set(question.path, self._value(question, text))
        self.history.append(question.path)

    def back(self) -> bool:
        """Undo the last answer; False when there is none."""
        if not self.history:
            return False
        path = self.history.pop()
        if path[0] in ("?", "+"):
            self.control.pop(".".join(map(str, path)), None)
        else:  # an answer, or the empty answer that ended a list
            self._unset(path)
            self.control.pop(".".join(map(str, ("end", *path[:-1]))), None)
        return True

    def _field_type(self, path: tuple, item: bool = False):
        model, info = self.model, None
        for part in path:
            if isinstance(part, int):
                continue
            model = model_paths.list_item(model) or model_paths.unwrap(model)
            info = model.model_fields[part]
            model = info.annotation
        if item:
            return model_paths.list_item(info.annotation)
        return Annotated[info.annotation, *info.metadata] if info.metadata else info.annotation

    def _value(self, question: Question, text: str):
        if not text:
            if question.default is not None:
                return question.default
            if not question.required:
                return None
            raise AnswerError("此项必填 / this answer is required")
        if question.kind == "bool":
            return _yes_no(text)
        if question.kind == "choice":
            return _pick(question.choices, text)
        if question.kind == "choices":
            return [_pick(question.choices, part) for part in re.split(r"[、,，\s]+", text) if part]
        if question.kind == "date":
            text = _chinese_date(text)
        if question.kind == "decimal":
            text = text.replace(",", "").replace("，", "").replace("元", "").replace("¥", "").strip()
            try:
                Decimal(text)
            except InvalidOperation:
                raise AnswerError("应为数字，如 1860000.00 / must be a number") from None
        value = _checked(self._field_type(question.path), text)
        return value.value if hasattr(value, "value") and not isinstance(value, (dt.date, Decimal)) else value

    # --- results ----------------------------------------------------------------------------------

    def deal(self):
        """The validated deal; raises ValidationError while answers are missing or wrong."""
        return self.model.model_validate({**self.data, "family": self.family_id})

    def save_text(self) -> str:
        """The answers as a deal file, with the interview's own choices kept in a comment."""
        body = dump_yaml({"family": self.family_id, **self.data})
        return body + STATE_MARK + json.dumps(self.control, ensure_ascii=False) + "\n"

    @classmethod
    def resume(cls, model: type[BaseModel], family_id: str, text: str) -> "Interview":
        from .deal_io import parse_text

        data, _ = parse_text(text)
        data = {k: v for k, v in (data or {}).items() if k != "family"}
        control = {}
        for line in text.splitlines():
            if line.startswith(STATE_MARK):
                control = json.loads(line[len(STATE_MARK):])
        return cls(model, family_id, data, control)


_MISSING = object()


def _kind(annotation) -> tuple[str, tuple[str, ...]]:
    item = model_paths.list_item(annotation)
    if item is not None and model_paths.is_enum(item):
        return "choices", tuple(m.value for m in item)
    annotation = model_paths.unwrap(annotation)
    if model_paths.is_enum(annotation):
        return "choice", tuple(m.value for m in annotation)
    return {bool: "bool", dt.date: "date", int: "int", Decimal: "decimal"}.get(annotation, "text"), ()


def _yes_no(text: str) -> bool:
    if text.lower() in YES_WORDS:
        return True
    if text.lower() in NO_WORDS:
        return False
    raise AnswerError("请回答 是 或 否 / answer 是 (yes) or 否 (no)")


def _pick(choices: tuple[str, ...], text: str) -> str:
    if text.isdigit() and 1 <= int(text) <= len(choices):
        return choices[int(text) - 1]
    if text in choices:
        return text
    raise AnswerError(f"请输入序号或选项：{' / '.join(choices)} / choose one of the numbers or options")


def _chinese_date(text: str) -> str:
    match = re.fullmatch(r"(\d{4})\s*[年./-]\s*(\d{1,2})\s*[月./-]\s*(\d{1,2})\s*日?", text)
    if match:
        year, month, day = map(int, match.groups())
        try:
            return dt.date(year, month, day).isoformat()
        except ValueError:
            raise AnswerError("日期不存在，格式如 2026-01-05 / no such date; e.g. 2026-01-05") from None
    return text


def _checked(annotation, text: str):
    try:
        return TypeAdapter(annotation).validate_python(text)
    except ValidationError as exc:
        raise AnswerError("；".join(message_for(e) for e in exc.errors())) from None


# --- the blank answers file ---------------------------------------------------------------------


def blank_yaml(model: type[BaseModel], family_id: str, example: dict | None = None) -> str:
    """Every question as a commented, empty answer: fill it in an editor, then draft it."""
    explained = _choices_explained(family_id)
    lines = [
        f"# {model.model_config.get('title', family_id)} — 合同参数（aicontract questionnaire --blank 生成）",
        "# 逐项填写冒号后的内容；不适用的写“无”；可选项可留空。填好后：aicontract draft 本文件 -o 合同.docx",
        f"family: {family_id}",
    ]

    def comment(info, path: str, indent: str) -> list[str]:
        kind, choices = _kind(info.annotation)
        text = f"{indent}# {info.title or path}{'（必填）' if info.is_required() else '（可选）'}"
        if info.description:
            text += f"：{info.description}"
        out = [text]
        if choices:
            explanations = explained.get(path, {})
            out.append(f"{indent}#   可选 / choices：" + " / ".join(choices))
            out += [f"{indent}#     {c}：{explanations[c]}" for c in choices if explanations.get(c)]
        extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
        if extra.get("ask_when"):
            out.append(f"{indent}#   仅当 {extra['ask_when']} 时填写")
        return out

    def example_of(value) -> str:
        if isinstance(value, (list, dict)) or value is None:
            return ""
        return f"  # 例：{value}"

    def walk(model, example, indent: str, prefix: str):
        for name, info in model.model_fields.items():
            if name == "family":
                continue
            path = f"{prefix}{name}"
            sample = example.get(name) if isinstance(example, dict) else None
            inner = model_paths.unwrap(info.annotation)
            item = model_paths.list_item(info.annotation)
            lines.extend(comment(info, path, indent))
            if model_paths.is_model(inner):
                lines.append(f"{indent}{name}:" + ("   # 不需要时删除整段 / delete the block if not used" if not info.is_required() else ""))
                walk(inner, sample or {}, indent + "  ", f"{path}.")
            elif item is not None and model_paths.is_model(item):
                lines.append(f"{indent}{name}:   # 每项以“- ”开头，可写多项")
                first = sample[0] if isinstance(sample, list) and sample else {}
                lines.append(f"{indent}  -")
                walk(item, first, indent + "    ", f"{path}.")
            elif item is not None:
                lines.append(f"{indent}{name}: []   # 每项一行：- 内容" + (f"  例：{sample[0]}" if sample else ""))
            else:
                default = None if info.is_required() else info.get_default(call_default_factory=True)
                default = getattr(default, "value", default)
                if isinstance(default, bool):
                    lines.append(f"{indent}{name}: {'true' if default else 'false'}   # 默认 / default")
                elif default is not None:
                    lines.append(f"{indent}{name}: {default}   # 默认 / default")
                else:
                    lines.append(f"{indent}{name}:{example_of(getattr(sample, 'value', sample))}")

    walk(model, example or {}, "", "")
    return "\n".join(lines) + "\n"


# --- the terminal front end ---------------------------------------------------------------------


def run_terminal(interview: Interview, ask: Callable[[str], str], say: Callable[[str], None]) -> bool:
    """Ask until done. ``<`` goes back, ``?`` repeats the help. True when every question is
    answered; EOFError/KeyboardInterrupt propagate to the caller, who saves the answers."""
    shown_section = None
    while True:
        question = interview.next()
        if question is None:
            return True
        if question.section != shown_section:
            shown_section = question.section
            say(f"\n【第 {question.section_no}/{question.sections} 部分 / part】{question.section}")
        say(f"[{question.key}] {question.title}" + (f"（默认：{question.default}）" if question.default is not None else "")
            + ("" if question.required or question.kind in ("include", "more", "item") else "（可选，回车跳过）"))
        if question.help:
            say(f"  说明：{question.help}")
        for i, choice in enumerate(question.choices, start=1):
            meaning = question.explanations[i - 1] if i - 1 < len(question.explanations) else ""
            say(f"  {i}. {choice}" + (f" — {meaning}" if meaning else ""))
        if question.kind == "choices":
            say("  （可多选，用逗号分隔序号）")
        text = ask("> ")
        if text.strip() == "<":
            if not interview.back():
                say("  已是第一题 / this is the first question")
            continue
        if text.strip() == "?":
            say(f"  {question.help or '无说明'}")
            continue
        try:
            interview.answer(text)
        except AnswerError as exc:
            say(f"  ✗ {exc} — 请重新输入 / please answer again")


__all__ = ["AnswerError", "Interview", "Question", "blank_yaml", "run_terminal", "NONE_TEXT"]
