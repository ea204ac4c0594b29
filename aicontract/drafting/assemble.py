"""Deal + clause library -> Contract.

Two passes: first choose the sections, clauses, options and items the deal needs and
number them; then fill the texts, so that ``ref('clause-id')`` in any text prints the
number that clause finally got, however many optional clauses were dropped before it.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from jinja2 import TemplateError
from pydantic import BaseModel

from .. import cn
from ..library import Family, LibraryError, annex_family, bundled_family
from ..library.schema import ClauseSpec, NumberingSpec, SectionSpec
from .contract import Block, Contract, Cover, Paragraph, PartyBlock, Section, Table
from .memo import memo_for


@dataclass
class _Placed:
    clause: ClauseSpec
    label: str  # "" for unnumbered clauses
    items: list  # (label, Item) for static items
    each_labels: list[str] | None = None  # an `each` clause: one label per element


@functools.lru_cache(maxsize=4096)  # the same few hundred labels in every contract
def _format(pattern: str, n: int, s: str = "") -> str:
    return pattern.format(n=n, cn=cn.number_lower(n), s=s)


def _ref_label(label: str) -> str:
    return label.rstrip(".、．")


@functools.lru_cache(maxsize=4096)
def _clause_ref(pattern: str, clause_no: int, section_label: str) -> str:
    return _ref_label(_format(pattern, clause_no, _ref_label(section_label)))


class _Assembler:
    def __init__(self, family: Family, deal: BaseModel, main_title: str | None = None,
                 main_labels: dict[str, str] | None = None):
        self.family = family
        self.deal = deal
        self.numbering: NumberingSpec = family.spec.numbering
        self.labels: dict[str, str] = {}
        self.context = {name: getattr(deal, name) for name in type(deal).model_fields}
        self.context["ref"] = self.ref
        self.context["annex"] = self.annex
        self.main_labels = main_labels or {}
        self.context["main_ref"] = self.main_ref
        self.context["main_title"] = main_title or family.spec.title  # the contract an annex belongs to
        self.memo = memo_for(family)  # blocks of earlier contracts with the same values (memo.py)

    def ref(self, clause_id) -> str:
        clause_id = getattr(clause_id, "value", clause_id)  # ref(param) passes an option value
        try:
            return self.labels[clause_id]
        except KeyError:
            raise LookupError(f"ref('{clause_id}'): that clause is not in this contract") from None

    def main_ref(self, clause_id: str) -> str:
        """In an annex: how a clause of the contract it belongs to is cited (第二十一条)."""
        try:
            return self.main_labels[clause_id]
        except KeyError:
            raise LookupError(f"main_ref('{clause_id}'): that clause is not in the main contract") from None

    def annex(self, family_id: str) -> str:
        """How an attached document is named: 附件一, 附件二… in the order they are attached."""
        attached = [a.family for a in self.family.spec.annexes if self.applies(a.when)]
        if family_id not in attached:
            raise LookupError(f"annex('{family_id}'): that document is not attached to this contract")
        return f"附件{cn.number_lower(attached.index(family_id) + 1)}"

    def applies(self, condition: str | None) -> bool:
        return not condition or bool(self.value(condition))

    def value(self, expression: str):
        return self.family.text.evaluate(expression, self.context)

    def fill(self, source: str, **scope) -> str:
        # strips the template's own line breaks, not the ideographic spaces of a 年　月　日 blank
        return self.family.text.fill(source, {**self.context, **scope} if scope else self.context)

    def clause_ref(self, clause_no: int, section_label: str) -> str:
        """How the clause is cited: 5.2 / 第五条第2项 / 一（三）."""
        return _clause_ref(self.numbering.clause_ref or self.numbering.clause, clause_no, section_label)

    def item_format(self, clause: ClauseSpec) -> str:
        return clause.item_numbering or self.numbering.item

    # pass 1: choose and number
    def plan(self) -> list[tuple[SectionSpec, str, list[_Placed]]]:
        planned = []
        section_no = 0
        for section in self.family.sections:
            if section.when and not self.value(section.when):
                continue
            label = ""
            if section.numbered and section.part == "body":
                section_no += 1
                label = _format(self.numbering.section, section_no)
                self.labels[section.id] = _ref_label(label)
            placed = []
            clause_no = 0
            numbered = None  # the last placed clause with a number
            for clause in section.clauses:
                if clause.when and not self.value(clause.when):
                    continue
                if clause.each:
                    count = len(self.value(clause.each.over) or [])
                    labels = []
                    for _ in range(count):
                        clause_no += 1
                        labels.append(_format(self.numbering.clause, clause_no, label))
                        if len(labels) == 1:
                            self.labels[clause.id] = self.clause_ref(clause_no, label)
                    if labels:
                        placed.append(_Placed(clause, labels[0], [], labels))
                        numbered = clause.id if labels[0] else numbered
                    continue
                clause_label = ""
                if clause.numbered:
                    clause_no += 1
                    clause_label = _format(self.numbering.clause, clause_no, label)
                    self.labels[clause.id] = self.clause_ref(clause_no, label)
                else:  # an unnumbered paragraph belongs to the clause before it, or to its section
                    self.labels[clause.id] = self.labels[numbered] if numbered else _ref_label(label)
                items = []
                first = 1 + (len(self.value(clause.repeat.over) or []) if clause.repeat else 0)
                for item in clause.items:  # after any repeated items, numbering on
                    if not item.when or self.value(item.when):
                        item_label = _format(self.item_format(clause), first + len(items))
                        self.labels[item.id] = self.labels[clause.id] + item_label.strip()
                        items.append((item_label, item))
                placed.append(_Placed(clause, clause_label, items))
                numbered = clause.id if clause_label else numbered
            planned.append((section, label, placed))
        return planned

    # pass 2: fill
    def used_params(self, placed: _Placed) -> list[str]:
        """The deal parameters this placed clause printed (for the mandatory-item check); the same
        for every contract that places the clause alike (kept with its blocks in the memo)."""
        clause = placed.clause
        params = self.family.params[clause.id]
        used = list(params.get("text", [])) + params.get("each", [])
        if clause.options is not None:
            chosen = self.value(clause.choose).value
            used += [clause.choose] + params[f"option:{chosen}"]
        for _, item in placed.items:
            used += params[f"item:{item.id}"]
        return used + params.get("repeat", []) + params.get("table", [])

    def placed_blocks(self, placed: _Placed) -> tuple[list[Block], list[str]]:
        """The clause's blocks and the parameters they print; a text that cannot be filled (a firm's
        clause citing a clause this contract does not have, a sandbox refusal) is reported as a
        library error naming it."""
        try:
            if self.memo is None:
                return self.clause_blocks(placed), self.used_params(placed)
            key = self.memo.key(placed.clause, placed.label, placed.items, self.context, self.labels,
                                self.main_labels, self.annex)
            kept = self.memo.get(key)
            if kept is None:
                kept = self.clause_blocks(placed), self.used_params(placed)
                self.memo.put(key, kept)
            return list(kept[0]), kept[1]
        except (LookupError, TemplateError, ArithmeticError, TypeError, ValueError) as exc:
            where = self.family.sources.get(placed.clause.id.split(".")[0], self.family.folder)
            raise LibraryError(f"{where}: clause {placed.clause.id}: 条款文字无法填写 / clause text cannot be filled: "
                               f"{type(exc).__name__}: {exc}") from None

    def clause_blocks(self, placed: _Placed) -> list[Block]:
        clause = placed.clause
        if clause.each:
            elements = self.value(clause.each.over)
            return [
                Paragraph("clause", label, self.fill(clause.each.text, item=element), clause.id, clause.source)
                for label, element in zip(placed.each_labels, elements)
            ]
        if clause.options is not None:
            chosen = self.value(clause.choose)
            text = self.fill(clause.options[chosen.value].text)
        else:
            text = self.fill(clause.text)
        items = []
        if clause.repeat:
            elements = self.value(clause.repeat.over)
            items = [
                (_format(self.item_format(clause), i), self.fill(clause.repeat.text, item=element))
                for i, element in enumerate(elements, start=1)
            ]
        items += [(label, self.fill(item.text)) for label, item in placed.items]
        if clause.inline_items:
            text += "".join(label + item_text for label, item_text in items)
            items = []
        kind = "clause" if clause.numbered else "text"
        blocks: list[Block] = [Paragraph(kind, placed.label, text, clause.id, clause.source)]
        blocks += [Paragraph("item", label, t, clause.id, clause.source) for label, t in items]
        if clause.table:
            rows = self.value(clause.table.rows) if clause.table.rows else []
            blocks.append(
                Table(
                    columns=[col.title for col in clause.table.columns],
                    rows=[
                        [self.fill(col.value, row=row, index=i) for col in clause.table.columns]
                        for i, row in enumerate(rows, start=1)
                    ],
                    clause_id=clause.id,
                    source=clause.source,
                )
            )
        return blocks

    def annexes(self) -> list[Contract]:
        out = []
        for annex in self.family.spec.annexes:
            if not self.applies(annex.when):
                continue
            family = annex_family(self.family, annex.family)
            document = _Assembler(family, self.deal, self.family.spec.title, self.labels).build(annex_no=len(out) + 1)
            out.append(document)
        return out

    def build(self, annex_no: int | None = None) -> Contract:
        """The whole document; ``annex_no`` when it is the n-th annex of another."""
        try:
            return self._build(annex_no)
        finally:  # the context holds self.ref etc.: emptied, the assembler goes without waiting for the cycle collector
            self.context.clear()

    def _build(self, annex_no: int | None) -> Contract:
        spec = self.family.spec
        as_annex = annex_no is not None
        parts: dict[str, list[Section]] = {"front": [], "body": [], "back": []}
        clause_ids = []
        params = {}
        for section, label, placed in self.plan():
            blocks: list[Block] = []
            if section.title:
                blocks.append(Paragraph("heading", label, section.title, section.id, section.source))
            for p in placed:
                clause_ids.append(p.clause.id)
                new, params[p.clause.id] = self.placed_blocks(p)
                if not section.title and not blocks and label:
                    # 科技部 style: "第五条 …" opens the article's first paragraph
                    first = new[0]
                    new[0] = Paragraph("clause", label, first.text, first.clause_id, first.source)
                blocks += new
            parts[section.part].append(Section(section.id, label, section.title, section.source, blocks))
        parties = [
            PartyBlock(
                label=party.label,
                name=self.fill(party.name),
                fields=[(f.label, self.fill(f.value)) for f in party.fields],
            )
            for party in spec.parties
        ]
        signature = [[self.fill(line) for line in column] for column in spec.signature.columns]
        cover = None
        if spec.cover and not as_annex:
            cover = Cover(
                title=spec.cover.title,
                fields=[(f.label, self.fill(f.value)) for f in spec.cover.fields],
                reference=self.fill(spec.cover.reference) if spec.cover.reference else None,
                footer=spec.cover.footer,
            )
        return Contract(
            family=spec.id,
            title=_format(spec.annex_title or spec.title, annex_no) if as_annex else spec.title,
            library_version=spec.version,
            parties=parties,
            sections=parts["body"],
            front=parts["front"],
            back=parts["back"],
            cover=cover,
            closing=spec.closing,
            signature=signature,
            clause_ids=clause_ids,
            params=params,
            labels=dict(self.labels),
            titles=self.family.titles,
            reference=None if as_annex else getattr(self.deal, "contract_no", None),
            annexes=[] if as_annex else self.annexes(),
        )


def assemble(deal: BaseModel, family: Family | None = None) -> Contract:
    """Pick the clauses and options the deal needs, number them, fill them in."""
    family = family or bundled_family(deal.family)
    return _Assembler(family, deal).build()
