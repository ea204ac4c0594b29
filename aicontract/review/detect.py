"""Detection of the items of 指南 第三十四—三十六条 in a received document, driven by data
(clause_library/review.yaml: phrases that show an item is addressed, and the substance the
same clause must also state), not by code per item."""

from __future__ import annotations

import functools
import re

from pydantic import BaseModel, ConfigDict

from ..library import LibraryError, bundled_root, load_requirements, read_spec
from .report import Evidence, ItemResult
from .structure import ParsedArticle
from .suggest import suggestion


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
                evidence.append(Evidence(unit.where, unit.quote(hit.start(), hit.end()), unit.line_at(hit.start())))
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
