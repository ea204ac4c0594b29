"""Detection of the items of 指南 第三十四—三十六条 in a received document, driven by data
(clause_library/review.yaml: phrases that show an item is addressed, and the substance that must
also be stated near them), not by code per item.

Per item: ``phrases`` (a hit shows the item is addressed), ``partial_only`` (a hit shows it is
addressed but never settles it), ``not`` (a hit whose sentence matches one of these is not a hit:
a disclaimer…), ``partial_when`` (a hit whose sentence matches one of these settles nothing: a
reference to an outside document), ``context`` (the document must match one of the named
document-level patterns, e.g. that it governs the processing of data at all) and ``substance``:
named groups of patterns, each group looked for in its ``scope`` around a hit (the sentence, the
clause — the whole article when the hit is the article's lead —, the article, or the document).
A group's own ``not`` leaves out matches in sentences that say something else (data rights are
not IP). The item is covered when every group is found, partial when only hits are.

A document's filling instructions (填写说明) say what a clause should hold, not what it holds: a
hit there is evidence that the item is addressed, never substance."""

from __future__ import annotations

import functools
import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from ..library import LibraryError, bundled_root, load_requirements, read_spec
from .report import Evidence, ItemResult
from .structure import ParsedArticle
from .suggest import suggestion

Scope = Literal["sentence", "clause", "article", "document"]


class Group(BaseModel):
    """Substance that must be stated: any of ``any`` within ``scope`` of a hit, in a sentence that
    no pattern of ``not`` matches (data rights allocated with 归…所有 are no IP ownership)."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)
    any: list[str]
    scope: Scope = "clause"
    not_: list[str] = Field(default=[], alias="not")


class Signals(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)
    phrases: list[str]
    partial_only: list[str] = []
    not_: list[str] = Field(default=[], alias="not")
    partial_when: list[str] = []
    context: str | None = None
    substance: dict[str, list[str] | Group]


class SignalFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    version: str
    contexts: dict[str, list[str]] = {}
    items: dict[str, Signals]


@functools.lru_cache(maxsize=None)
def load_signals() -> SignalFile:
    signals = read_spec(bundled_root() / "review.yaml", SignalFile)
    known = set(load_requirements().ids())
    for item, spec in signals.items.items():
        if item not in known:
            raise LibraryError(f"review.yaml: {item} is not a requirement item")
        if spec.context is not None and spec.context not in signals.contexts:
            raise LibraryError(f"review.yaml: {item}: context {spec.context} is not defined")
    return signals


class _Compiled:
    """An item's signals with its patterns compiled once."""

    def __init__(self, signals: Signals, contexts: dict[str, list[str]]):
        self.phrases = [re.compile(p) for p in signals.phrases]
        self.partial_only = [re.compile(p) for p in signals.partial_only]
        self.not_ = [re.compile(p) for p in signals.not_]
        self.partial_when = [re.compile(p) for p in signals.partial_when]
        self.context = [re.compile(p) for p in contexts[signals.context]] if signals.context else []
        self.substance = {name: (Group(any=group) if isinstance(group, list) else group)
                          for name, group in signals.substance.items()}
        self.patterns = {name: [re.compile(p) for p in group.any] for name, group in self.substance.items()}
        self.excluded = {name: [re.compile(p) for p in group.not_] for name, group in self.substance.items()}


@functools.lru_cache(maxsize=None)
def _compiled() -> dict[str, _Compiled]:
    signals = load_signals()
    return {item: _Compiled(spec, signals.contexts) for item, spec in signals.items.items()}


_SENTENCE_END = re.compile(r"[。；！？\n]")
_WINDOW = 400  # a sentence is looked for this far either side of a hit: linear on text without stops


def _sentence(text: str, start: int, end: int) -> str:
    low = max(0, start - _WINDOW)
    left = low
    for stop in _SENTENCE_END.finditer(text, low, start):
        left = stop.end()
    right = _SENTENCE_END.search(text, end, end + _WINDOW)
    return text[left:right.start() if right else min(len(text), end + _WINDOW)]


_NUMERAL = re.compile(r"(?:^| )([一二三四五六七八九十]{1,3})$")


def _numeral(label: str) -> int:
    """一 … 九十九 at the end of an article's label (填写说明 三, 附件一 十二), else 0."""
    if not (m := _NUMERAL.search(label)):
        return 0
    digits = ["一二三四五六七八九".find(c) + 1 for c in m.group(1)]
    if len(digits) == 1:
        return digits[0] or 10
    tens = digits[0] if digits[1] == 0 else 1
    return tens * 10 + (digits[-1] if digits[-1] else 0)


def _instructions(articles: list[ParsedArticle]) -> set[int]:
    """The articles that are the document's filling instructions: from a 填写说明 heading (however
    spaced) until their numbered list restarts at 一 — where the contract's own clauses begin —
    or articles numbered otherwise start."""
    found: set[int] = set()
    inside, last = False, 0
    for index, article in enumerate(articles):
        number = _numeral(article.label)
        if article.label == "填写说明":
            inside, last = True, 0
        elif inside and (number == 0 or (number == 1 and last > 1)):
            inside = False
        if inside:
            found.add(index)
            last = number or last
        final = article.units[-1].text.rsplit("\n", 1)[-1] if article.units else ""
        if final.replace(" ", "") == "填写说明":  # the heading ends the clause before it
            inside, last = True, 0
    return found


def detect(articles: list[ParsedArticle]) -> list[ItemResult]:
    requirements = load_requirements()
    document = "\n".join(u.text for a in articles for u in a.units)
    instructions = _instructions(articles)
    results = []
    for item_id, signals in _compiled().items():
        requirement = requirements.get(item_id)
        ranked: list[tuple[bool, bool, int, int, Evidence]] = []
        found: set[str] = set()
        searched: set[tuple[tuple[int, str], str]] = set()
        if not signals.context or any(p.search(document) for p in signals.context):
            for index, article in enumerate(articles):
                article_text = "\n".join(u.text for u in article.units)
                for unit in article.units:
                    hits = _hits(unit.text, signals)
                    if not hits:
                        continue
                    # quoted: the first hit in a sentence rather than in a heading line (“10　违约责任”)
                    first = next((m for m, sentence, substantive in hits if substantive and len(sentence.strip()) > 20),
                                 next((m for m, _, substantive in hits if substantive), hits[0][0]))
                    sentences = [] if index in instructions else list(
                        dict.fromkeys(sentence for _, sentence, substantive in hits if substantive))
                    # the clause that says something comes before a heading that only names the item; then the
                    # clause that states more of what the item asks (第十四条's 准确率 before 第三条's “完成最终验
                    # 收”), then one under a heading that names it (12 保密条款), then the document's order
                    stated = sum(_states(unit.text, signals.patterns[name], signals.excluded[name])
                                 for name in signals.substance)
                    titled = any(p.search(article.heading) for p in signals.phrases)
                    at = _under_heading(unit.text, first.start())
                    evidence = Evidence(unit.where, unit.quote(at, at + 1) if at is not None else unit.quote(first.start(), first.end()),
                                        unit.line_at(first.start() if at is None else at))
                    ranked.append((not sentences or len(unit.text) <= 20, -stated, not titled, len(ranked), evidence))
                    if not sentences:
                        continue
                    # an article's lead ("…要求如下：") speaks for the whole article; a text wider than
                    # the clause is searched once per group however many clauses hit in it
                    lead = unit.label == article.label
                    scopes = {"sentence": (None, sentences), "clause": ((index, "article") if lead else None,
                                                                          [article_text if lead else unit.text]),
                              "article": ((index, "article"), [article_text]), "document": ((-1, "document"), [document])}
                    for name, group in signals.substance.items():
                        key, texts = scopes[group.scope]
                        if name in found or (key is not None and (key, name) in searched):
                            continue
                        if key is not None:
                            searched.add((key, name))
                        if any(_states(text, signals.patterns[name], signals.excluded[name]) for text in texts):
                            found.add(name)
        evidence = [e for *_, e in sorted(ranked, key=lambda r: r[:4])]
        lacking = [name for name in signals.substance if name not in found]
        status = "missing" if not evidence else ("partial" if lacking else "covered")
        results.append(ItemResult(item_id, requirement.label(), status, evidence, lacking if evidence else [requirement.name],
                                  "" if status == "covered" else suggestion(item_id)))
    return results


def _under_heading(text: str, position: int) -> int | None:
    """Where the text under a heading line begins, when ``position`` is in a heading line of its own
    (“第一条 合作目标”, then the clause on the next line: walkthrough L2, the heading was quoted); else None."""
    end = text.find("\n")
    if end < 0 or position > end or end > 20 or re.search(r"[。；，：]", text[:end]):
        return None
    body = end + 1
    return body if text[body:].strip() else None


def _states(text: str, patterns: list[re.Pattern], excluded: list[re.Pattern]) -> bool:
    """Whether one of ``patterns`` matches ``text`` in a sentence none of ``excluded`` matches."""
    if not excluded:
        return any(p.search(text) for p in patterns)
    return any(not any(x.search(_sentence(text, m.start(), m.end())) for x in excluded)
               for p in patterns for m in p.finditer(text))


def _hits(text: str, signals: _Compiled) -> list[tuple[re.Match, str, bool]]:
    """The hits in a clause with their sentences and whether they may carry substance — those of
    ``phrases`` first, then those of ``partial_only`` (which never do) — leaving out hits whose
    sentence a ``not`` pattern disqualifies; a hit whose sentence matches ``partial_when`` (a
    reference to an outside document…) carries no substance either."""
    hits = []
    for patterns, substantive in ((signals.phrases, True), (signals.partial_only, False)):
        for pattern in patterns:
            for match in pattern.finditer(text):
                sentence = _sentence(text, match.start(), match.end())
                if not any(p.search(sentence) for p in signals.not_):
                    hits.append((match, sentence, substantive and not any(p.search(sentence) for p in signals.partial_when)))
    return hits
