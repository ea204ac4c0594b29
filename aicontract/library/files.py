"""Reading the library's YAML files: where the bundled library lives, and one reader that
turns a file into a validated spec or a ``LibraryError`` naming the file, line and key."""

from __future__ import annotations

import functools
from importlib import resources
from pathlib import Path

import yaml
from pydantic import BaseModel, ValidationError

from ..errors import InputError


class LibraryError(InputError):
    """A clause file is malformed or inconsistent with its deal model."""

    heading = "条款库有误 / clause library error:"


@functools.lru_cache(maxsize=None)
def bundled_root() -> Path:
    return Path(str(resources.files("aicontract.clause_library")))


_YamlLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: ~10x faster


def read_yaml(path: Path):
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=_YamlLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark else str(path)
        raise LibraryError(f"{where}: YAML syntax error: {getattr(exc, 'problem', exc)}") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise LibraryError(f"{path}: 无法读取 / cannot read: {exc}") from None


def read_spec(path: Path, schema: type[BaseModel]):
    """A YAML file validated against ``schema``; every error names the file and the key."""
    data = read_yaml(path)
    try:
        return schema.model_validate(data)
    except ValidationError as exc:
        lines = [
            f"{path}: {'.'.join(str(p) for p in err['loc']) or '(top level)'}: {err['msg']}"
            for err in exc.errors()
        ]
        raise LibraryError("\n".join(lines)) from exc
