"""The obligation map of 指南 第五条—第三十三条 (clause_library/obligations.yaml): per article
its duties, the party that bears each, the clauses that allocate it, and when it does not apply."""

from __future__ import annotations

import functools

from pydantic import BaseModel, ConfigDict, Field

from .. import cn
from .files import bundled_root, read_spec


class _Spec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Duty(_Spec):
    id: str  # "5.backdoor"
    party: str  # 甲方 / 乙方 / 双方: who bears it in a government project
    text: str  # the guide's words
    clauses: list[str] = Field(default_factory=list, description="clause or item ids of any family that allocate it")
    when: str | None = Field(default=None, description="the duty applies only when this holds")
    party_own: str | None = Field(default=None, description="甲方's own duty towards its service objects: no clause needed, why")


class ObligationArticle(_Spec):
    article: int  # 5 … 33
    title: str
    applies_when: str | None = None
    not_applicable: str | None = Field(default=None, description="the reason printed when applies_when is false")
    duties: list[Duty] = Field(min_length=1)

    @property
    def citation(self) -> str:
        return cn.article(self.article)

    def label(self) -> str:
        """第五条 算法设计"""
        return f"{self.citation} {self.title}"


class ObligationMap(_Spec):
    version: str
    source: str
    articles: list[ObligationArticle]

    def get(self, number: int) -> ObligationArticle:
        for article in self.articles:
            if article.article == number:
                return article
        raise KeyError(number)


def expand_articles(selectors: list[str]) -> list[int]:
    """["5-9", "18"] -> [5, 6, 7, 8, 9, 18]."""
    out: list[int] = []
    for selector in selectors:
        first, _, last = str(selector).partition("-")
        out += range(int(first), int(last or first) + 1)
    return out


@functools.lru_cache(maxsize=None)
def load_obligations() -> ObligationMap:
    return read_spec(bundled_root() / "obligations.yaml", ObligationMap)
