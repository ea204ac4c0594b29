"""What a review finds: per requirement item a status with evidence, and other findings
(amounts, blanks, references); as text or JSON."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field


@dataclass
class ItemResult:
    id: str
    label: str
    status: str  # covered, partial, missing
    evidence: list[tuple[str, str]] = field(default_factory=list)  # (where, quote)
    lacking: list[str] = field(default_factory=list)  # the substance not found
    suggestion: str = ""  # clause text from the library, for what is missing


@dataclass
class ReviewFinding:
    kind: str  # amount, instalments, percent, blank, reference
    where: str
    message: str
    ok: bool = False  # a consistency confirmed rather than a problem


@dataclass
class Review:
    source: str
    items: list[ItemResult]
    findings: list[ReviewFinding]

    @property
    def clean(self) -> bool:
        """Every item covered and nothing wrong (the command's exit 0)."""
        return all(i.status == "covered" for i in self.items) and all(f.ok for f in self.findings)

    def text(self) -> str:
        marks = {"covered": "✓", "partial": "△", "missing": "✗"}
        lines = [f"合同审查 / review — {self.source}"]
        for item in self.items:
            head = f"{marks[item.status]} {item.id} {item.label}：{ {'covered': '已约定', 'partial': '约定不完整', 'missing': '未约定'}[item.status]}"
            if item.evidence:
                where, quote = item.evidence[0]
                head += f"（{'、'.join(w for w, _ in item.evidence[:4])}：“{quote}”）"
            if item.lacking:
                head += f"；缺少 / lacking：{'、'.join(item.lacking)}"
            lines.append(head)
        lines.append("其他发现 / other findings")
        lines += [f"{'✓' if f.ok else '✗'} {f.where}：{f.message}" for f in self.findings] or ["（无 / none）"]
        return "\n".join(lines)

    def json(self) -> str:
        return json.dumps({"source": self.source, "items": [asdict(i) for i in self.items],
                           "findings": [asdict(f) for f in self.findings]}, ensure_ascii=False, indent=2)


