"""The schema of clause files: what a family, a section, a clause and a rule may say.

Every file is validated against these specs when it loads (unknown keys are refused), so a
typo in a clause file fails with the file and the key, never at a user's desk.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator


class _Spec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ItemSpec(_Spec):
    """A numbered sub-item of a clause: （1）（2）… or 1. 2. …"""

    id: str
    text: str
    when: str | None = None


class RepeatSpec(_Spec):
    """Items generated from a list parameter; the text sees each element as ``item``."""

    over: str
    text: str


class TableColumnSpec(_Spec):
    title: str
    value: str  # template; sees the row as ``row``


class TableSpec(_Spec):
    # path of a list parameter (columns see each element as ``row``, its number as ``index``);
    # null for a fixed grid of header cells, such as the 合同登记编号 boxes
    rows: str | None
    columns: list[TableColumnSpec] = Field(min_length=1)


class OptionSpec(_Spec):
    """One choice of an option clause, with what it means in plain words."""

    text: str
    explain: str | None = None  # one line; the IP ownership options are explained in ip/options.yaml


class ClauseSpec(_Spec):
    id: str
    title: str = Field(description="short name, for listings")
    source: str = Field(description="the article this clause encodes, e.g. 指南 附录二 7.2")
    covers: list[str] = Field(default_factory=list, description="requirement items, e.g. 34.5")
    text: str | None = None
    each: RepeatSpec | None = Field(default=None, description="one numbered clause per element of a list parameter")
    choose: str | None = Field(default=None, description="enum parameter selecting one of `options`")
    options: dict[str, OptionSpec] | None = None
    when: str | None = None
    numbered: bool = True
    items: list[ItemSpec] = Field(default_factory=list)
    repeat: RepeatSpec | None = None
    inline_items: bool = False
    after: str | None = Field(default=None, description="in a user's library: place this new clause after that one")
    item_numbering: str | None = Field(default=None, description="this clause's own item format, e.g. {n}.")
    table: TableSpec | None = None
    note: str | None = Field(default=None, description="editorial decision, kept with the text")

    @property
    def texts(self) -> list[str]:
        """Its own texts: its text or every option's, and its items' (not an ``each``, ``repeat`` or table text)."""
        own = [self.text] if self.text is not None else [option.text for option in (self.options or {}).values()]
        return own + [item.text for item in self.items]

    @model_validator(mode="after")
    def _one_kind_of_text(self):
        if [self.text, self.options, self.each].count(None) != 2:
            raise ValueError("a clause has exactly one of `text`, `choose` + `options`, `each`")
        if (self.choose is None) != (self.options is None):
            raise ValueError("`choose` and `options` go together")
        if self.each and (self.items or self.repeat or self.table or self.inline_items):
            raise ValueError("an `each` clause has no items or table of its own")
        return self


class SectionSpec(_Spec):
    id: str
    title: str | None = None
    source: str
    part: Literal["front", "body", "back"] = Field(
        default="body", description="front: before the parties (填写说明); back: after the signatures (登记栏)"
    )
    numbered: bool = True
    when: str | None = None
    after: str | None = Field(default=None, description="in a user's library: place this new section after that one")
    clauses: list[ClauseSpec] = Field(min_length=1)


class NumberingSpec(_Spec):
    """Format strings; {n} arabic, {cn} Chinese, {s} the section's label."""

    section: str
    clause: str
    item: str
    clause_ref: str | None = Field(
        default=None, description="how a clause is cited, if not by its own label, e.g. {s}第{n}项"
    )


class PartyFieldSpec(_Spec):
    label: str
    value: str  # template


class PartySpec(_Spec):
    label: str
    name: str  # template
    fields: list[PartyFieldSpec]


class CoverSpec(_Spec):
    """A cover page: the form's title, its fields, and the printer's line."""

    reference: str | None = None  # template, e.g. 合同编号
    title: str
    fields: list[PartyFieldSpec]
    footer: str | None = None


class SignatureSpec(_Spec):
    columns: list[list[str]]  # one column per party, lines as templates


class RequirementPolicy(_Spec):
    """Which items of 第三十四—三十六条 this family's documents must meet."""

    required: list[str] = Field(default_factory=list, description='"34" = all base items of 第三十四条')
    conditional: dict[str, str] = Field(default_factory=dict, description="item -> condition on the deal")
    informational: list[str] = Field(default_factory=list, description="reported, never failing")


class ObligationPolicy(_Spec):
    """Which articles of 指南 第五—第三十三条 (obligations.yaml) this family's contracts must allocate;
    articles as numbers or ranges, e.g. "5-9"."""

    required: list[str] = Field(default_factory=list)
    conditional: dict[str, str] = Field(default_factory=dict, description="articles -> condition on the deal")
    informational: list[str] = Field(default_factory=list, description="reported, never failing")


class AnnexSpec(_Spec):
    """Another family's document drafted from the same deal and attached to this one."""

    family: str
    when: str | None = None


class FamilySpec(_Spec):
    id: str
    title: str
    version: str
    source: str
    deal_model: str
    template: str
    standalone: bool = Field(default=True, description="false: drafted only as another family's annex")
    numbering: NumberingSpec
    cover: CoverSpec | None = None
    parties: list[PartySpec]
    closing: str | None = None
    signature: SignatureSpec
    requirements: RequirementPolicy = RequirementPolicy()
    obligations: ObligationPolicy = ObligationPolicy()
    annexes: list[AnnexSpec] = Field(default_factory=list)
    annex_title: str | None = Field(
        default=None, description="this document's title when attached to another; {cn} = its annex number"
    )


class RuleSpec(_Spec):
    """A consistency rule: a named check of a kind implemented in library/rules.py."""

    id: str
    name: str
    english: str
    citation: str
    kind: str
    args: dict
    advice: str
    when: str | None = None  # the rule applies only when this holds (else reported 不适用)
    mandatory_when: str | None = None  # a failure fails the check only when this holds (else reported, never failing)


class RuleFile(_Spec):
    rules: list[RuleSpec]


class PassageSpec(_Spec):
    """Words several clauses share, kept once in ``passages.yaml`` and named in a text as ``[[id]]``."""

    source: str
    text: str


class PassageFile(_Spec):
    passages: dict[str, PassageSpec]
