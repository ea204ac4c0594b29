"""One call from deal to checked contract: assemble, check, and either refuse an
incomplete draft or mark it as incomplete on its first page."""

from __future__ import annotations

import dataclasses

from pydantic import BaseModel

from ..errors import EXIT_CHECK_FAILED, AicontractError
from .assemble import assemble
from .check import Report, check
from .contract import Contract


class IncompleteDraft(AicontractError):
    """The contract misses mandatory items or breaks a consistency rule (exit 1)."""

    exit_code = EXIT_CHECK_FAILED

    def __init__(self, report: Report):
        self.report = report
        super().__init__("; ".join(f.missing_text() for f in report.failures))

    def user_message(self, allow: str = "--allow-incomplete") -> str:
        """``allow``: how the caller asks for a draft marked incomplete (the API: allow_incomplete=true)."""
        lines = "\n  ".join(f.line() for f in self.report.failures)
        return ("草稿未通过必备事项检查，未写出 / the draft fails the mandatory check and was not written:\n  " + lines
                + f"\n补充后重试，或加 {allow} 写出标明缺项的草稿 / fix and retry, or use {allow}")


def draft(deal: BaseModel, allow_incomplete: bool = False, family=None) -> tuple[Contract, Report]:
    """Assemble and check. Raises IncompleteDraft when the check fails, unless
    ``allow_incomplete``: the contract then lists its gaps on its first page.
    ``family`` is a loaded clause-library family (default: the bundled one)."""
    contract = assemble(deal, family)
    report = check(contract, deal, family)
    if not report.ok:
        if not allow_incomplete:
            raise IncompleteDraft(report)
        contract = dataclasses.replace(contract, missing=[f.missing_text() for f in report.failures])
    return contract, report
