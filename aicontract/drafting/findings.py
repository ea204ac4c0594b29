"""What the check finds: one finding per requirement item, obligation-map article and rule,
and the report that prints them (text and JSON)."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Literal

from ..library.requirements import load_requirements

Status = Literal["pass", "fail", "n/a"]


@dataclass(frozen=True)
class CheckFinding:
    kind: Literal["item", "rule", "obligation"]
    id: str
    label: str  # 第三十四条（三）验收标准 [Acceptance criteria]
    status: Status
    mandatory: bool
    where: list[str] = field(default_factory=list)  # clause numbers that meet it
    problems: list[str] = field(default_factory=list)
    advice: str = ""
    paths: list[str] = field(default_factory=list)  # the deal parameters the problems are about (a rule's, a placeholder's)

    @property
    def name(self) -> str:
        """The Chinese name alone, without the English and the citation the label adds (名称 [English]（出处）)."""
        return self.label.split(" [")[0]

    def line(self) -> str:
        mark = {"pass": "✓", "fail": "✗" if self.mandatory else "!", "n/a": "–"}[self.status]
        head = f"{mark} {self.id} {self.label}"
        if self.status == "pass":
            return f"{head}：{('；' if self.kind == 'obligation' else '、').join(self.where)}" if self.where else head
        body = "；".join(self.problems)
        if self.status == "fail" and self.mandatory:  # an item or a duty is missing; a rule's answers need changing
            prompt = "处理建议 / to fix" if self.kind == "rule" else "请补充 / to add"
            return f"{head}：{body}。{prompt}：{self.advice}"
        if self.status == "fail":  # a warning or a reminder: the advice is a model, nothing is missing
            return f"{head}：{body}。参考 / for reference：{self.advice}"
        return f"{head}：{body}"

    def missing_text(self) -> str:
        """The line printed on the first page of an incomplete draft."""
        return f"{self.label}：{'；'.join(self.problems)}"


@dataclass(frozen=True)
class Report:
    family: str
    findings: list[CheckFinding]
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failures

    @property
    def failures(self) -> list[CheckFinding]:
        return [f for f in self.findings if f.status == "fail" and f.mandatory]

    def text(self) -> str:
        lines = [f"合同必备事项检查 / mandatory-item check — {self.family}",
                 f"（{load_requirements().force}。{load_requirements().law_note}。aicontract 起草时将第三十四—三十六条所列事项作为必备事项，下文注明仅供参考的除外 / the guide "
                 "recommends these items (some are required by law too, e.g. PIPL art. 21); aicontract requires them of its "
                 "drafts unless noted below）"]
        lines += [f"注 / note：{note}" for note in self.notes]
        lines += [f.line() for f in self.findings if f.kind == "item"]
        obligations = [f for f in self.findings if f.kind == "obligation"]
        if obligations:
            lines.append("义务分配 / obligation map（指南 第五条—第三十三条）")
            if any(f.mandatory for f in obligations):
                lines += [f.line() for f in obligations]
            else:  # reported for information only (e.g. a contract that is not an AI project): one line
                unallocated = [f.id for f in obligations if f.status == "fail"]
                lines.append(f"! 仅供参考 / for information：{len(obligations)} 条中 {len(unallocated)} 条未分配"
                             f"（{'、'.join(unallocated)}）；--format json 列出每条的义务" if unallocated else
                             f"! 仅供参考 / for information：{len(obligations)} 条均已分配")
        lines.append("一致性规则 / consistency rules")
        lines += [f.line() for f in self.findings if f.kind == "rule"]
        failed = len(self.failures)
        notes = sum(f.status == "fail" and not f.mandatory for f in self.findings)
        if failed:
            lines.append(f"结论 / result：{failed} 项未通过 / {failed} failed")
        elif notes:
            lines.append(f"结论 / result：全部通过，另有 {notes} 项提示仅供参考 / all passed, {notes} "
                         f"note{'' if notes == 1 else 's'} for information")
        else:
            lines.append("结论 / result：全部通过 / all passed")
        return "\n".join(lines)

    def json(self) -> str:
        return json.dumps(
            {"family": self.family, "ok": self.ok, "notes": self.notes, "findings": [asdict(f) for f in self.findings]},
            ensure_ascii=False,
            indent=2,
        )
