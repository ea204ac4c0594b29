"""Walk a deal model by dotted paths: used to prove, when the clause library loads,
that every parameter a clause names exists in the deal model; and to name fields
by their Chinese titles in error messages."""

from __future__ import annotations

import types
import typing
from enum import Enum

from pydantic import BaseModel


def unwrap(annotation):
    """Optional[X] / Annotated[X, …] / X | None -> X."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            if len(args) != 1:
                return annotation
            annotation = args[0]
        else:
            return annotation


def list_item(annotation):
    """list[X] -> X, else None."""
    annotation = unwrap(annotation)
    if typing.get_origin(annotation) is list:
        return unwrap(typing.get_args(annotation)[0])
    return None


def is_model(annotation) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


def is_enum(annotation) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, Enum)


def resolve(model: type[BaseModel], parts: list[str]):
    """The annotation at ``parts`` inside ``model``; KeyError naming the first bad part."""
    annotation = model
    for i, part in enumerate(parts):
        annotation = unwrap(annotation)
        if not is_model(annotation) or part not in annotation.model_fields:
            raise KeyError(".".join(parts[: i + 1]))
        annotation = annotation.model_fields[part].annotation
    return unwrap(annotation)


def titles(model: type[BaseModel], loc: tuple) -> list[str]:
    """Chinese titles along a validation-error location; list indexes as 第N项."""
    out: list[str] = []
    annotation = model
    for part in loc:
        annotation = unwrap(annotation)
        if isinstance(part, int):
            out.append(f"第{part + 1}项")
            annotation = list_item(annotation) or annotation
            continue
        annotation = list_item(annotation) or annotation  # a field of every element
        if is_model(annotation) and part in annotation.model_fields:
            field = annotation.model_fields[part]
            out.append(field.title or str(part))
            annotation = field.annotation
        else:
            out.append(str(part))
            annotation = None
    return out
