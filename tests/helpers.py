"""Shared test helpers: the bundled examples as data and deals, what a deal's values look like
once drafted, and document text."""

import copy
import datetime as dt
import io
import re
from decimal import Decimal
from enum import Enum
from pathlib import Path

import docx
from pydantic import BaseModel

from aicontract import cn
from aicontract.drafting.contract import Paragraph
from aicontract.io.deal_file import deal_from_data, parse_text

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


LEFTOVERS = ("{{", "}}", "{%", "%}", "____", "-----", "＿＿")


def expected_values(deal: BaseModel, capital_paths=("copies.",)) -> dict[str, str]:
    """Every parameter value of a deal, as the contract prints it, keyed by field path."""
    out: dict[str, str] = {}

    def walk(value, path):
        if isinstance(value, BaseModel):
            for name in type(value).model_fields:
                walk(getattr(value, name), f"{path}{name}.")
        elif isinstance(value, list):
            for i, element in enumerate(value):
                walk(element, f"{path}{i}.")
        elif value is None or path == "family.":
            return
        elif isinstance(value, Enum):
            out[path[:-1]] = value.value
        elif isinstance(value, dt.date):
            out[path[:-1]] = cn.date(value)
        elif isinstance(value, Decimal):
            out[path[:-1]] = cn.amount_in_figures(value) if any(k in path for k in ("amount", "total", "_fee.")) else cn.plain_decimal(value)
        elif isinstance(value, bool):
            return
        elif isinstance(value, int) and path.endswith("minutes."):
            out[path[:-1]] = f"{value // 60}小时" if value % 60 == 0 else f"{value}分钟"
        elif isinstance(value, int):
            out[path[:-1]] = cn.number_capital(value) if path.startswith(capital_paths) else str(value)
        else:
            out[path[:-1]] = str(value)

    walk(deal, "")
    return out


def docx_text(data: bytes) -> str:
    """All text of a .docx in body order: paragraphs and table cells."""
    document = docx.Document(io.BytesIO(data))
    body = document.element.body
    lines = []
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append(docx.text.paragraph.Paragraph(child, document).text)
        elif tag == "tbl":
            table = docx.table.Table(child, document)
            for row in table.rows:
                lines.append("\t".join(cell.text for cell in row.cells))
    return "\n".join(lines)


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def texts(contract) -> dict[str, str]:
    """Each clause's text (its paragraphs joined by a line break), by clause id."""
    out: dict[str, str] = {}
    for document in contract.documents:
        for block in document.blocks:
            if isinstance(block, Paragraph) and block.kind != "heading":
                out[block.clause_id] = (out[block.clause_id] + "\n" + block.text) if block.clause_id in out else block.text
    return out


def finding(report, finding_id):
    """The one finding of ``report`` with this id."""
    (found,) = [f for f in report.findings if f.id == finding_id]
    return found


def write_firm_clause_breaking_at_17(library: Path) -> Path:
    """A firm's clause file that renders for every row but one whose force-majeure period is 17
    days (a division by zero): the batch must report that row and draft the others."""
    house = library / "cooperation"
    house.mkdir(parents=True)
    clause_file = house / "11_force_majeure.yaml"
    clause_file.write_text(
        "id: force_majeure\nsource: 指南 附录二 11\nclauses:\n  - id: force_majeure.termination\n    title: 持续不可抗力下的终止\n"
        "    source: 本所条款 2026-01\n    text: 如不可抗力持续{{ force_majeure_days }}日（每期{{ 170 // (force_majeure_days - 17) }}日）"
        "以上，任何一方均可终止本合同。\n", encoding="utf-8")
    return clause_file
