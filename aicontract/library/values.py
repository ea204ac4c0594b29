"""Reading values out of a deal by dotted path, and naming paths by their Chinese titles:
shared by the rules, the check and validation."""

from __future__ import annotations

import functools

from pydantic import BaseModel

from ..models import paths as model_paths
from ..models.common import NONE_TEXT


def values_at(obj, path: str) -> list:
    """Values at a dotted path; ``*`` walks every element of a list, a number takes that element
    (``funding.instalments.0.amount``: the first instalment's, none if the list is shorter)."""
    current = [obj]
    for part, index in _parts(path):
        nxt = []
        for value in current:
            if part == "*":
                nxt.extend(value or [])
            elif index is not None:
                nxt.extend((value or [])[index:][:1])
            elif value is not None:
                nxt.append(getattr(value, part))
        current = nxt
    return current


@functools.lru_cache(maxsize=4096)  # the library's few hundred parameter paths, read for every contract
def _parts(path: str) -> tuple[tuple[str, int | None], ...]:
    return tuple((part, int(part) if part.isdigit() else None) for part in path.split("."))


def value_at(obj, path: str):
    found = values_at(obj, path)
    return found[0] if found else None


def title_of(model: type[BaseModel], path: str) -> str:
    parts = tuple(p for p in path.split(".") if p != "*" and not p.isdigit())
    return " › ".join(model_paths.titles(model, parts))


def resolve_wild(model, path: str):
    """The annotation at a parameter path that may walk list elements with ``*`` or a number; KeyError
    naming the first unknown part."""
    annotation = model
    for part in path.split("."):
        if part == "*" or part.isdigit():
            annotation = model_paths.list_item(annotation)
            if annotation is None:
                raise KeyError(f"{part} (not a list)")
            continue
        annotation = model_paths.resolve(annotation, [part])
    return annotation


def is_unused(value) -> bool:
    """Nothing given, or 无 said explicitly."""
    if value is None:
        return True
    if isinstance(value, str):
        return value.strip() in ("", NONE_TEXT)
    if isinstance(value, (list, tuple)):
        return all(is_unused(v) for v in value)
    return False
