"""What a review finds: per requirement item a status with evidence, and other findings
(amounts, blanks, references, numbering); as text or JSON. Each piece of evidence and each finding keeps
the line it was found on, so the annotated copy can anchor its comment there."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from ..library.requirements import load_requirements
from .read import Line, ReadDocument

STATUS = {"covered": "已约定", "partial": "约定不完整", "missing": "未约定"}


@dataclass
class Evidence:
    where: str  # 正文 第五条, 附件一 三（二）
    quote: str  # the sentence, as the document writes it
    line: Line | None = field(default=None, compare=False, repr=False)


@dataclass
class ItemResult:
    id: str
    label: str
    status: str  # covered, partial, missing
    evidence: list[Evidence] = field(default_factory=list)
    lacking: list[str] = field(default_factory=list)  # the substance not found
    suggestion: str = ""  # clause text from the library, facts as 【】, for what is missing

    def as_dict(self) -> dict:
        return {"id": self.id, "label": self.label, "status": self.status,
                "evidence": [{"where": e.where, "quote": e.quote} for e in self.evidence],
                "lacking": self.lacking, "suggestion": self.suggestion}


@dataclass
class ReviewFinding:
    kind: str  # amount, instalments, percent, blank, reference, numbering, date
    where: str
    message: str
    ok: bool = False  # a consistency confirmed rather than a problem
    line: Line | None = field(default=None, compare=False, repr=False)

    def as_dict(self) -> dict:
        return {"kind": self.kind, "where": self.where, "message": self.message, "ok": self.ok}


@dataclass
class Review:
    source: str
    items: list[ItemResult]
    findings: list[ReviewFinding]
    document: ReadDocument | None = field(default=None, compare=False, repr=False)

    @property
    def clean(self) -> bool:
        """Every item covered and nothing wrong (the command's exit 0)."""
        return all(i.status == "covered" for i in self.items) and all(f.ok for f in self.findings)

    def text(self) -> str:
        marks = {"covered": "✓", "partial": "△", "missing": "✗"}
        lines = [f"合同审查 / review — {self.source}",
                 f"（{load_requirements().force}。{load_requirements().law_note}。某一事项是否需要，宜结合合同类型判断；结论和引文由软件按文字比对得出，"
                 "须经审查人核对 / the guide's recommended items (some required by law too), machine-read: verify）"]
        for item in self.items:
            head = f"{marks[item.status]} {item.id} {item.label}：{STATUS[item.status]}"
            if item.evidence:
                head += f"（{item.evidence[0].where}：“{item.evidence[0].quote}”"
                others = list(dict.fromkeys(e.where for e in item.evidence[1:4] if e.where != item.evidence[0].where))
                head += f"；另见 {'、'.join(others)}）" if others else "）"
            if item.lacking:
                head += f"；缺少 / lacking：{'、'.join(item.lacking)}"
            lines.append(head)
        lines.append("其他发现 / other findings")
        lines += [f"{'✓' if f.ok else '✗'} {f.where}：{f.message}" for f in self.findings] or ["（无 / none）"]
        return "\n".join(lines)

    def json(self) -> str:
        return json.dumps({"source": self.source, "items": [i.as_dict() for i in self.items],
                           "findings": [f.as_dict() for f in self.findings]}, ensure_ascii=False, indent=2)
