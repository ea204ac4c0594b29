"""One walker over the deal models: each field as a ``FieldSpec`` with one vocabulary of
kinds. The questionnaire, the spreadsheet template and reader, and the web form all read the
models through it, so a field's title, kind, choices and condition are stated once."""

from __future__ import annotations

import copy
import datetime as dt
import functools
import typing
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Iterator, Literal

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from . import paths
from .typed import parse_percent

FieldKind = Literal["text", "date", "int", "decimal", "bool", "choice", "choices", "text_list", "group", "group_list"]
SCALAR_KINDS = {bool: "bool", dt.date: "date", int: "int", Decimal: "decimal"}


@dataclass(frozen=True)
class FieldSpec:
    name: str
    title: str  # the Chinese title, e.g. 邮箱
    description: str
    kind: FieldKind
    required: bool
    choices: tuple[str, ...] = ()  # for choice / choices
    default: object = None  # the model's default, enum values as their text; None if required
    ask_when: str | None = None  # ask only when this condition over the sibling fields holds
    model: type[BaseModel] | None = None  # the nested model of a group / group_list
    min_items: int = 0  # for lists
    info: FieldInfo | None = None  # the pydantic field, for validating one answer
    required_when_asked: bool = False  # with ask_when: needed whenever the condition holds
    percent: bool = False  # a decimal read as a percentage (30 or 30%), not an amount in 元

    @property
    def label(self) -> str:
        return self.title or self.name


def kind_of(annotation) -> tuple[FieldKind, tuple[str, ...], type[BaseModel] | None]:
    """The kind of an annotation, its choices, and its nested model."""
    item = paths.list_item(annotation)
    if item is not None:
        if paths.is_model(item):
            return "group_list", (), item
        if paths.is_enum(item):
            return "choices", tuple(m.value for m in item), None
        return "text_list", (), None
    inner = paths.unwrap(annotation)
    if paths.is_model(inner):
        return "group", (), inner
    if paths.is_enum(inner):
        return "choice", tuple(m.value for m in inner), None
    return SCALAR_KINDS.get(inner, "text"), (), None


def field_spec(name: str, info: FieldInfo) -> FieldSpec:
    kind, choices, model = kind_of(info.annotation)
    extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
    default = None
    if not info.is_required():
        default = info.get_default(call_default_factory=True)
        default = getattr(default, "value", default)
    min_items = next((m.min_length for m in info.metadata if getattr(m, "min_length", None)), 0)
    return FieldSpec(name, info.title or name, info.description or "", kind, info.is_required(), choices, default,
                     extra.get("ask_when"), model, min_items, info, bool(extra.get("required_when_asked")), _percent(info))


def _percent(info: FieldInfo) -> bool:
    """The field is read by ``parse_percent`` (directly, or inside ``… | None``)."""
    metadata = list(info.metadata) + [m for arg in typing.get_args(info.annotation) for m in getattr(arg, "__metadata__", ())]
    return any(getattr(m, "func", None) is parse_percent for m in metadata)


def iter_fields(model: type[BaseModel]) -> Iterator[FieldSpec]:
    """The fields of ``model`` in order (not nested), without the ``family`` discriminator; a list or
    dict default is a fresh copy each time (an answer may grow from it)."""
    for spec in _specs(model):
        yield replace(spec, default=copy.deepcopy(spec.default)) if isinstance(spec.default, (list, dict, set)) else spec


@functools.lru_cache(maxsize=None)
def _specs(model: type[BaseModel]) -> tuple[FieldSpec, ...]:
    """Worked out once per model (frozen specs: a batch row's pruning walks them all)."""
    return tuple(field_spec(name, info) for name, info in model.model_fields.items() if name != "family")
