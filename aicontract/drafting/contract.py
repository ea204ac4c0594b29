"""The assembled contract: plain, ordered, numbered data.

Every block knows the clause it came from and that clause's source, so any
renderer, check or audit can trace a sentence back to 指南 or 常州合同.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

BlockKind = Literal["heading", "clause", "item", "text"]


@dataclass(frozen=True)
class Paragraph:
    kind: BlockKind  # heading: section title; clause: N.N; item: （N）; text: unnumbered
    number: str
    text: str
    clause_id: str
    source: str


@dataclass(frozen=True)
class Table:
    columns: list[str]
    rows: list[list[str]]
    clause_id: str
    source: str
    kind: Literal["table"] = "table"


Block = Paragraph | Table


@dataclass(frozen=True)
class Section:
    id: str
    number: str
    title: str | None
    source: str
    blocks: list[Block]


@dataclass(frozen=True)
class PartyBlock:
    label: str
    name: str
    fields: list[tuple[str, str]]


@dataclass(frozen=True)
class Cover:
    title: str
    fields: list[tuple[str, str]]
    reference: str | None = None  # e.g. 合同编号：2024-XX-01-06
    footer: str | None = None  # e.g. 中华人民共和国科学技术部印制


@dataclass(frozen=True)
class Contract:
    family: str
    title: str
    library_version: str
    parties: list[PartyBlock]
    sections: list[Section]
    closing: str | None
    signature: list[list[str]]  # one column per party
    clause_ids: list[str] = field(default_factory=list)  # every clause placed, in order
    params: dict[str, list[str]] = field(default_factory=dict)  # clause id -> parameters it printed
    labels: dict[str, str] = field(default_factory=dict)  # section/clause/item id -> how it is cited
    titles: dict[str, str] = field(default_factory=dict)  # clause id -> its title in the library it came from (shared)
    reference: str | None = None  # 合同编号
    missing: list[str] = field(default_factory=list)  # unmet mandatory items, printed on page 1
    annexes: list["Contract"] = field(default_factory=list)  # attached documents, in order
    cover: Cover | None = None
    front: list[Section] = field(default_factory=list)  # before the parties, e.g. 填写说明
    back: list[Section] = field(default_factory=list)  # after the signatures, e.g. 登记栏

    @property
    def front_blocks(self) -> list[Block]:
        return [block for section in self.front for block in section.blocks]

    @property
    def back_blocks(self) -> list[Block]:
        return [block for section in self.back for block in section.blocks]

    @property
    def documents(self) -> list["Contract"]:
        """This contract, then its annexes."""
        return [self, *self.annexes]

    @property
    def signature_rows(self) -> list[list[str]]:
        """The signature columns read across, row by row."""
        height = max(len(column) for column in self.signature)
        return [[col[i] if i < len(col) else "" for col in self.signature] for i in range(height)]

    @property
    def blocks(self) -> list[Block]:
        """All blocks in reading order, section headings included."""
        return [block for section in self.sections for block in section.blocks]

    def numbering(self) -> dict[str, str]:
        """id -> how it is cited (5.2, 第五条第2项, 一（三）); an unnumbered paragraph is cited
        by the clause before it, or by its section."""
        return self.labels
