import copy
import shutil
from pathlib import Path

import pytest

from aicontract.deal_io import deal_from_data, parse_text

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
SOURCES = Path(__file__).resolve().parent / "sources"


def example_data(name: str = "cooperation") -> dict:
    data, _ = parse_text((EXAMPLES / f"{name}.yaml").read_text(encoding="utf-8"))
    return data


def merge(base: dict, changes: dict) -> dict:
    """Deep-merge ``changes`` into a copy of ``base``; a value of ``...`` deletes the key."""
    out = copy.deepcopy(base)
    for key, value in changes.items():
        if value is ...:
            out.pop(key, None)
        elif isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = merge(out[key], value)
        else:
            out[key] = value
    return out


def make_deal(changes: dict | None = None, name: str = "cooperation"):
    return deal_from_data(merge(example_data(name), changes or {}))


@pytest.fixture
def library_copy(tmp_path):
    """A writable copy of the bundled clause library."""
    target = tmp_path / "clause_library"
    shutil.copytree(ROOT / "clause_library", target)
    return target
