"""One call from deal to checked contract: assemble, check, and either refuse an
incomplete draft or mark it as incomplete on its first page."""

from __future__ import annotations

import dataclasses

from pydantic import BaseModel

from .assemble import assemble
from .check import Report, check
from .contract import Contract


class IncompleteDraft(Exception):
    """The contract misses mandatory items or breaks a consistency rule."""

    def __init__(self, report: Report):
        self.report = report
        super().__init__("; ".join(f.missing_text() for f in report.failures))


def draft(deal: BaseModel, allow_incomplete: bool = False, family=None) -> tuple[Contract, Report]:
    """Assemble and check; ``family`` is a loaded clause library family (default: bundled)."""
    contract = assemble(deal, family)
    report = check(contract, deal, family)
    if not report.ok:
        if not allow_incomplete:
            raise IncompleteDraft(report)
        contract = dataclasses.replace(contract, missing=[f.missing_text() for f in report.failures])
    return contract, report
