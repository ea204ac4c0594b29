"""Reading the library's YAML files: where the bundled library lives, and one reader that
turns a file into a validated spec or a ``LibraryError`` naming the file, line and key."""

from __future__ import annotations

import functools
import re
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


PASSAGE = re.compile(r"\[\[\s*([^\[\]]*?)\s*\]\]")  # [[id]]: a passage of passages.yaml, put in place when read
_PASSAGE_ID = re.compile(r"[A-Za-z0-9_]+")


def read_spec(path: Path, schema: type[BaseModel], passages: dict[str, str] | None = None):
    """A YAML file validated against ``schema``; every error names the file and the key. With
    ``passages``, each ``[[id]]`` in its texts is first replaced by that passage."""
    data = read_yaml(path)
    if passages is not None:
        data = _put_passages(data, passages, path)
    try:
        return schema.model_validate(data)
    except ValidationError as exc:
        lines = [
            f"{path}: {'.'.join(str(p) for p in err['loc']) or '(top level)'}: {err['msg']}"
            for err in exc.errors()
        ]
        raise LibraryError("\n".join(lines)) from exc


def _put_passages(data, passages: dict[str, str], path: Path, clause: str = ""):
    """``[[id]]`` (spaces inside allowed) replaced in every text; an id that names no passage, or is no
    id at all, is a LibraryError naming the file and the clause."""
    if isinstance(data, str):
        def passage(match: re.Match) -> str:
            name = match.group(1)
            if _PASSAGE_ID.fullmatch(name) and name in passages:
                return passages[name]
            where = f"{path}: {f'clause {clause}: ' if clause else ''}{match.group(0)}"
            known = "、".join(passages) or "无 / none"
            raise LibraryError(f"{where}: 条款库的 passages.yaml 中没有这段文字（现有：{known}） / no such passage")
        return PASSAGE.sub(passage, data)
    if isinstance(data, list):
        return [_put_passages(value, passages, path, clause) for value in data]
    if isinstance(data, dict):
        clause = data.get("id", clause) if isinstance(data.get("id"), str) else clause
        return {key: _put_passages(value, passages, path, clause) for key, value in data.items()}
    return data
