"""The 起草 form, derived from the deal model through ``models.fields.iter_fields`` (the same
walk as the questionnaire and the spreadsheet): its steps, its fields as plain JSON for the
browser, and — for answers typed so far — which conditional fields are hidden (the models'
``ask_when`` conditions, evaluated here by the same engine as the questionnaire) and the
answers with hidden and empty values removed."""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
from decimal import Decimal
from enum import Enum

from pydantic import BaseModel

from ..io.deal_file import bundled_example
from ..models import DEAL_MODELS
from ..models.fields import FieldSpec, iter_fields
from ..questionnaire.interview import choices_explained

MULTILINE_FROM = 30  # characters of the bundled example's value from which a text field gets a text area


def plain(value):
    """Answers and results as JSON-ready values: amounts and dates as the text a deal file holds."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def _example_values(data, path: tuple = ()) -> dict[str, str]:
    """Dotted field path (list indexes dropped) -> the longest text the bundled example gives it."""
    out: dict[str, str] = {}
    if isinstance(data, dict):
        for key, value in data.items():
            for sub, text in _example_values(value, (*path, key)).items():
                if len(text) > len(out.get(sub, "")):
                    out[sub] = text
    elif isinstance(data, list):
        for value in data:
            for sub, text in _example_values(value, path).items():
                if len(text) > len(out.get(sub, "")):
                    out[sub] = text
    elif path:
        out[".".join(path)] = str(data)
    return out


def _field(spec: FieldSpec, path: tuple, explained: dict, examples: dict) -> dict:
    key = ".".join(path)
    meanings = explained.get(key, {})
    out = {
        "name": spec.name,
        "title": spec.label,
        "help": spec.description,
        "kind": spec.kind,
        "required": spec.required or spec.required_when_asked,  # shown only when its condition holds: then needed
        "default": plain(spec.default) if spec.default not in (None, [], {}) else None,
        "ask_when": spec.ask_when,
        "min_items": spec.min_items,
    }
    if spec.choices:
        out["choices"] = [{"value": c, "explain": meanings.get(c, "")} for c in spec.choices]
    if spec.kind == "text":
        out["multiline"] = len(examples.get(key, "")) >= MULTILINE_FROM
    if spec.model is not None:
        out["fields"] = [_field(s, (*path, s.name), explained, examples) for s in iter_fields(spec.model)]
    return out


@functools.lru_cache(maxsize=None)
def form_fields(family: str) -> list[dict]:
    """The family's fields as a tree of plain dicts: name, title, help, kind, required, default,
    ask_when, choices (each with its explanation), nested fields of groups and lists."""
    model = DEAL_MODELS[family]
    examples = _example_values(bundled_example(family) or {})
    explained = choices_explained(family)
    return [_field(s, (s.name,), explained, examples) for s in iter_fields(model)]


@functools.lru_cache(maxsize=None)
def form_steps(family: str) -> list[dict]:
    """The form's steps: each section (group or list) of the model is a step; consecutive
    single fields between them share one step, titled by the first."""
    steps: list[dict] = []
    for field in form_fields(family):
        if field["kind"] in ("group", "group_list") or not steps or steps[-1]["sectioned"]:
            steps.append({"id": f"step-{len(steps) + 1}", "title": field["title"], "fields": [field["name"]],
                          "sectioned": field["kind"] in ("group", "group_list")})
        else:
            steps[-1]["fields"].append(field["name"])
    for step in steps:
        if len(step["fields"]) > 1:
            step["title"] += "等"
    return steps


def typed(model: type[BaseModel], data: dict) -> dict:
    """Answers as typed as a deal file writes them: the form's text becomes a date, an amount or a
    whole number where the field is one (and reads as one); anything else is left as typed."""
    out = dict(data)
    for spec in iter_fields(model):
        value = data.get(spec.name)
        if spec.kind == "group" and isinstance(value, dict):
            out[spec.name] = typed(spec.model, value)
        elif spec.kind == "group_list" and isinstance(value, list):
            out[spec.name] = [typed(spec.model, v) if isinstance(v, dict) else v for v in value]
        elif isinstance(value, str) and spec.kind in ("date", "decimal", "int"):
            with contextlib.suppress(ValueError, ArithmeticError):  # not one: kept as typed, validation says why
                out[spec.name] = (dt.date.fromisoformat(value) if spec.kind == "date" else
                                  Decimal(value) if spec.kind == "decimal" else int(value))
    return out
