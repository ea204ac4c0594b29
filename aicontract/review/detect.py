"""Detection of the items of 指南 第三十四—三十六条 in a received document, driven by data
(clause_library/review.yaml: phrases that show an item is addressed, and the substance the
same clause must also state), not by code per item."""

from __future__ import annotations

import functools
import re

from pydantic import BaseModel, ConfigDict

from ..drafting import assemble
from ..io.deal_file import bundled_example, deal_from_data
from ..library import LibraryError, bundled_family, bundled_root, load_requirements, read_spec
from .report import ItemResult
from .structure import ParsedArticle


class Signals(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    phrases: list[str]
    substance: dict[str, list[str]]


class SignalFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    version: str
    items: dict[str, Signals]


@functools.lru_cache(maxsize=None)
def load_signals() -> SignalFile:
    signals = read_spec(bundled_root() / "review.yaml", SignalFile)
    known = set(load_requirements().ids())
    for item in signals.items:
        if item not in known:
            raise LibraryError(f"review.yaml: {item} is not a requirement item")
    return signals


def _quote(text: str, match: re.Match, width: int = 24) -> str:
    start = max(0, match.start() - width // 2)
    return text[start: match.end() + width].replace("\n", " ").strip()


def detect(articles: list[ParsedArticle]) -> list[ItemResult]:
    requirements = load_requirements()
    results = []
    for item_id, signals in load_signals().items.items():
        requirement = requirements.get(item_id)
        phrases = [re.compile(p) for p in signals.phrases]
        evidence, substance_found = [], set()
        for article in articles:
            for unit in article.units:
                hit = next((m for p in phrases if (m := p.search(unit.text))), None)
                if hit is None:
                    continue
                evidence.append((unit.label, _quote(unit.text, hit)))
                # the substance must be in the same clause; an article's lead ("…要求如下：")
                # speaks for the whole article
                scope = "\n".join(u.text for u in article.units) if unit.label == article.label else unit.text
                for name, patterns in signals.substance.items():
                    if any(re.search(p, scope) for p in patterns):
                        substance_found.add(name)
        lacking = [name for name in signals.substance if name not in substance_found]
        status = "missing" if not evidence else ("partial" if lacking else "covered")
        results.append(ItemResult(item_id, requirement.label(), status, evidence, lacking if evidence else [requirement.name],
                                  "" if status == "covered" else suggestion(item_id)))
    return results


@functools.lru_cache(maxsize=None)
def _example_contracts():
    """The bundled examples, drafted: where suggested clause text comes from."""
    return [assemble(deal_from_data(bundled_example(name))) for name in ("cooperation", "data_processing")]


def suggestion(item_id: str) -> str:
    """The clause text aicontract would write for the item (from its example deal, to adapt),
    headed by the clause's source."""
    for contract in _example_contracts():
        for document in contract.documents:
            family = bundled_family(document.family)
            covering = [b for b in document.blocks if getattr(b, "kind", "") in ("clause", "text", "item")
                        and item_id in family.clauses[b.clause_id].covers]
            if covering:
                body = "\n".join(f"{b.number} {b.text}".strip() if b.kind != "item" else f"{b.number}{b.text}" for b in covering)
                return f"【{family.spec.title} · {covering[0].source}】\n{body}"
    return ""


