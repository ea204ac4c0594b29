"""The interview: a lawyer answers questions and gets a deal file, never writing YAML.

Questions are derived from the deal model — titles, descriptions, enums, defaults, and the
``ask_when`` condition declared next to the field it governs — never written twice. The
interview is a plain object (``Interview``: ``next()`` gives the next question, ``answer()``
takes an answer, ``back()`` undoes the last one), so a web form could drive it as well as the
terminal front end in ``terminal.py``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Annotated

from pydantic import BaseModel

from ..io.deal_file import dump_yaml, parse_text
from ..library import bundled_family
from ..library.ip_options import load_options
from ..library.textenv import TRUSTED_ENGINE
from ..models import paths as model_paths
from ..models.fields import iter_fields
from .answers import AnswerError, _checked, _chinese_count, _pick, _yes_no, shown

STATE_MARK = "# aicontract-questionnaire-state: "


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
    previous: object = None  # the answer given before the user went back (Enter keeps it)

    @property
    def key(self) -> str:
        return ".".join(str(p) for p in self.path)


def choices_explained(family_id: str) -> dict[str, dict[str, str]]:
    """Field path -> {option: one-line meaning}, from the option data: the clause library's
    option clauses and the IP options comparison."""
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
        self.undone: dict[str, object] = {}  # question key -> the answer taken back by back() or change()
        self.explained = choices_explained(family_id)
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

    def _scope(self, prefix: tuple) -> dict:
        """What a condition at ``prefix`` sees: its siblings and, where they do not say, those of
        the groups around it (ip.transfer.price is asked only when ip's ownership calls for it)."""
        scope: dict = {}
        for depth in range(len(prefix) + 1):
            node = self._get(prefix[:depth])
            if isinstance(node, dict):
                scope.update(node)
        return scope

    @staticmethod
    def _applies(condition: str | None, siblings: dict) -> bool:
        if not condition:
            return True
        try:
            return bool(TRUSTED_ENGINE.evaluate(condition, siblings))
        except Exception:  # a condition over answers not given yet: not asked yet
            return False

    def _questions(self, model: type[BaseModel], prefix: tuple, titles: tuple, section: tuple):
        """Every question the model asks, given the answers so far, in order."""
        siblings = self._scope(prefix)
        for spec in iter_fields(model):
            if not prefix:
                section = (spec.label, self.sections.index(spec.name) + 1)
            if not self._applies(spec.ask_when, siblings):
                continue
            path, title = (*prefix, spec.name), (*titles, spec.label)
            common = dict(help=spec.description, section=section[0], section_no=section[1], sections=len(self.sections))
            if spec.kind == "group":
                if not (spec.required or spec.required_when_asked):
                    include = ("?", *path)
                    existing = self._get(path)
                    key = ".".join(map(str, include))
                    if key not in self.control and key not in self.undone and isinstance(existing, dict) and existing:
                        # a file resumed that holds this part: it is filled (walkthrough H2: asked again, 否 dropped it)
                        self.control[key] = True
                    yield Question(include, "include", " › ".join(title), choices=("是", "否"),
                                   **{**common, "help": f"是否填写“{spec.label}”？{spec.description}"})
                    if self.control.get(".".join(map(str, include))) is not True:
                        continue
                yield from self._questions(spec.model, path, title, section)
            elif spec.kind == "group_list":
                existing = self._get(path)
                count = len(existing) if isinstance(existing, list) else 0
                i = 0
                while True:
                    if i >= max(count, spec.min_items):  # beyond what is given and required: ask first
                        more = ("+", *path, i)
                        ask = f"还要添加第{i + 1}项吗？" if i else f"要添加“{spec.label}”吗？"
                        yield Question(more, "more", " › ".join(title), choices=("是", "否"), **{**common, "help": ask})
                        if self.control.get(".".join(map(str, more))) is not True:
                            break
                    yield from self._questions(spec.model, (*path, i), (*title, f"第{i + 1}项"), section)
                    i += 1
            elif spec.kind == "text_list":
                values = self._get(path)
                values = values if isinstance(values, list) else []
                for i in range(len(values) + 1):
                    if i == len(values) and self.control.get(".".join(map(str, ("end", *path)))) is True:
                        break
                    yield Question((*path, i), "item", " › ".join((*title, f"第{i + 1}项")), required=i < spec.min_items,
                                   **{**common, "help": spec.description + "（直接回车结束本列表）"})
            else:
                explained = self.explained.get(".".join(n for n in path if isinstance(n, str)), {})
                yield Question(path, spec.kind, " › ".join(title), choices=spec.choices,
                               explanations=tuple(explained.get(c, "") for c in spec.choices),
                               required=spec.required or spec.required_when_asked, default=spec.default, **common)

    def _answered(self, question: Question) -> bool:
        """Answered, and not left empty where an answer is needed (a file saved by an older
        version, or edited by hand, may hold an empty answer the deal cannot do without)."""
        if question.kind in ("include", "more"):
            return ".".join(map(str, question.path)) in self.control
        value = self._get(question.path)
        return value is not _MISSING and not (value is None and question.required and question.kind != "item")

    def next(self) -> Question | None:
        for question in self._questions(self.model, (), (), ("", 0)):
            if not self._answered(question):
                if question.key in self.undone:
                    question = dataclasses.replace(question, previous=self.undone[question.key])
                return question
        return None

    def _value_of(self, question: Question):
        if question.kind in ("include", "more"):
            return self.control.get(question.key)
        value = self._get(question.path)
        return None if value is _MISSING else value

    def summary(self) -> list[tuple[str, str]]:
        """(question key, “title：answer”) for every question answered, in order, in Chinese."""
        out = []
        for question in self._questions(self.model, (), (), ("", 0)):
            if not self._answered(question):
                continue
            value = self._value_of(question)
            if question.kind == "include":
                text = "填写" if value else "不填写"
            elif question.kind == "more":
                text = f"{question.help}{shown(value)}"
            else:
                text = shown(value)
            out.append((question.key, f"{question.title}：{text if len(text) <= 80 else text[:79] + '…'}"))
        return out

    def change(self, key: str) -> None:
        """Take back the answer to question ``key`` so that next() asks it again, the old answer as
        its default; later answers stay (a list item taken back takes the items after it too)."""
        question = next((q for q in self._questions(self.model, (), (), ("", 0)) if q.key == key and self._answered(q)),
                        None)
        if question is None:
            raise AnswerError(f"没有已回答的问题 {key} / no answered question {key}")
        if question.kind in ("include", "more"):
            self.undone[key] = self.control.pop(key)
        elif question.kind == "item":
            items = self._get(question.path[:-1])
            for i in range(question.path[-1], len(items)):
                self.undone[".".join(map(str, (*question.path[:-1], i)))] = items[i]
            self._unset(question.path)
            self.control.pop(".".join(map(str, ("end", *question.path[:-1]))), None)
        else:
            self.undone[key] = self._get(question.path)
            self._unset(question.path)
        self.history = [p for p in self.history if p != question.path]

    # --- answering ------------------------------------------------------------------------------

    def answer(self, text: str) -> None:
        question = self.next()
        if question is None:
            raise AnswerError("问卷已完成 / the questionnaire is complete")
        text = (text or "").strip()
        if not text and question.previous is not None:  # Enter keeps the answer given before going back
            text = shown(question.previous)
        if question.kind in ("include", "more"):
            self.control[".".join(map(str, question.path))] = included = _yes_no(text)
            if question.kind == "include" and not included:  # a part left out: none of its answers stay in the deal
                self._unset(question.path[1:])
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
        self.undone.pop(question.key, None)

    def back(self) -> bool:
        """Undo the last answer; False when there is none."""
        if not self.history:
            return False
        path = self.history.pop()
        key = ".".join(map(str, path))
        if path[0] in ("?", "+"):
            self.undone[key] = self.control.pop(key, None)
        else:  # an answer, or the empty answer that ended a list
            if self._get(path) is not _MISSING:
                self.undone[key] = self._get(path)
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
        if question.kind == "int" and (count := _chinese_count(text)) is not None:
            text = str(count)  # 肆 for 壹式几份, 五 for a number of days
        if question.kind == "choice":
            return _pick(question.choices, text)
        if question.kind == "choices":
            return [_pick(question.choices, part) for part in re.split(r"[、,，\s]+", text) if part]
        # dates, amounts, percentages and 是/否 are read by the models' own parsers (models/typed.py)
        value = _checked(self._field_type(question.path), text)
        return value.value if hasattr(value, "value") and not isinstance(value, (dt.date, Decimal)) else value

    # --- results ----------------------------------------------------------------------------------

    def deal(self):
        """The validated deal; raises ValidationError while answers are missing or wrong. Answers of a
        branch no longer taken are left out, as the saved file leaves them out (walkthrough F3: one the
        user can no longer see must not stop the interview)."""
        return self.model.model_validate({**self._without_hidden(self.model, self.data, ()), "family": self.family_id})

    def save_text(self) -> str:
        """The answers as a deal file, with the interview's own choices kept in a comment; answers of
        a branch no longer taken (the transfer price after 甲方 became the sole owner) are left out."""
        body = dump_yaml({"family": self.family_id, **self._without_hidden(self.model, self.data, ())})
        return body + STATE_MARK + json.dumps(self.control, ensure_ascii=False) + "\n"

    def _without_hidden(self, model: type[BaseModel], data: dict, prefix: tuple) -> dict:
        """``data`` without the answers whose ``ask_when`` condition now says no (one that cannot be
        evaluated yet keeps its answer)."""
        scope = self._scope(prefix)
        out = dict(data)
        for spec in iter_fields(model):
            if spec.name not in data:
                continue
            if spec.ask_when:
                try:
                    hidden = not TRUSTED_ENGINE.evaluate(spec.ask_when, scope)
                except Exception:  # noqa: BLE001 - over answers not given yet: not hidden
                    hidden = False
                if hidden:
                    del out[spec.name]
                    continue
            value = data[spec.name]
            if spec.kind == "group" and isinstance(value, dict):
                out[spec.name] = self._without_hidden(spec.model, value, (*prefix, spec.name))
            elif spec.kind == "group_list" and isinstance(value, list):
                out[spec.name] = [self._without_hidden(spec.model, v, (*prefix, spec.name, i)) if isinstance(v, dict)
                                  else v for i, v in enumerate(value)]
        return out

    @classmethod
    def resume(cls, model: type[BaseModel], family_id: str, text: str, source: str = "<answers>") -> "Interview":
        data, _ = parse_text(text, source)
        if data is not None and not isinstance(data, dict):
            raise AnswerError(f"{source}: 文件内容应为一组“字段: 值” / the file must hold a mapping of fields")
        data = {k: v for k, v in (data or {}).items() if k != "family"}
        control = {}
        for line in text.splitlines():
            if line.startswith(STATE_MARK):
                control = json.loads(line[len(STATE_MARK):])
        return cls(model, family_id, data, control)


_MISSING = object()
