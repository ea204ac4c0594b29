"""Deviations from the standard form: what a 法制审核 reviewer asks of a contract drafted with a
firm's own clause library. The same deal is drafted twice — with the bundled library (指南 附录二,
the 科技部 model text) and with the firm's — and the two are compared clause by clause: every
clause whose text differs, added or dropped, with its source, and a redline .docx whose tracked
changes turn the standard text into the firm's."""

from __future__ import annotations

import tempfile
from pathlib import Path

from pydantic import BaseModel

from ..drafting import assemble
from ..library import Family
from ..render import render
from . import compare
from .report import Comparison

STANDARD = "标准文本（aicontract 条款库：指南 附录二 / 科技部范本） / the standard form"


def deviations(deal: BaseModel, firm: Family, label: str, template: Path | None = None) -> Comparison:
    """The firm's draft of ``deal`` against the standard one; ``label`` names the firm's library."""
    with tempfile.TemporaryDirectory(prefix="aicontract-deviations-") as tmp:
        standard, house = Path(tmp) / "standard.docx", Path(tmp) / "firm.docx"
        standard.write_bytes(render(assemble(deal), "docx"))
        house.write_bytes(render(assemble(deal, firm), "docx", template))
        result = compare(standard, house, check=False)
    result.ours, result.theirs = STANDARD, label
    result.heading = "偏离标准文本 / deviations from the standard form"
    return result
