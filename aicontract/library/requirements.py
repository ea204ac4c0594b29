"""The mandatory items of 指南 第三十四、三十五、三十六条, read from
clause_library/requirements.yaml, and what counts as a real answer."""

from __future__ import annotations

import functools
import re

from pydantic import BaseModel, ConfigDict, Field, model_validator

from .. import cn
from .files import bundled_root, read_spec

_FILLER = re.compile(r"[\s_\-—–.…·*【】\[\]]+")  # ___ / —— / …… / 【】 standing alone


class _Spec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Requirement(_Spec):
    id: str  # "34.3" or a sub-item "34.4/revenue"
    citation: str  # 第三十四条（三）
    name: str  # 验收标准
    english: str  # Acceptance criteria
    text: str  # the guide's wording
    advice: str  # what to add
    law: str | None = None  # a key of Requirements.laws: the law that requires the item anyway (when it applies)

    @property
    def article(self) -> str:
        return self.id.split(".")[0]

    @property
    def is_sub_item(self) -> bool:
        return "/" in self.id

    def label(self) -> str:
        """第三十四条（三）验收标准 [Acceptance criteria]"""
        return f"{self.citation}{self.name} [{self.english}]"


class RequirementArticle(_Spec):
    article: str
    title: str
    text: str


class PlaceholderReminder(_Spec):
    label: str
    advice: str
    gaps: str  # a pattern: what a gap left inside an answer looks like

    @model_validator(mode="after")
    def _pattern_compiles(self):
        re.compile(self.gaps)
        return self


class Requirements(_Spec):
    version: str
    placeholders: list[str]
    placeholder_reminder: PlaceholderReminder
    force: str  # what force the 指南's items have (第三十四—三十七条)
    law_too: str  # that the law requires some of them anyway; {law key} is that law's text
    laws: dict[str, str]  # law texts quoted in full, by key
    articles: list[RequirementArticle]
    items: list[Requirement] = Field(min_length=1)

    @model_validator(mode="after")
    def _laws_named_exist(self):
        unknown = sorted({i.law for i in self.items if i.law and i.law not in self.laws})
        if unknown:
            raise ValueError(f"items name laws not under laws: {', '.join(unknown)}")
        return self

    @property
    def law_note(self) -> str:
        """law_too with the laws it names filled in."""
        return self.law_too.format(**self.laws)

    def get(self, item_id: str) -> Requirement:
        for item in self.items:
            if item.id == item_id:
                return item
        raise KeyError(item_id)

    def articles_title(self, selector: str) -> str:
        """"34" -> 第三十四条（合作合同）"""
        number = cn.article(int(selector))
        title = next((a.title for a in self.articles if a.article == number), "")
        return f"{number}（{title}）" if title else number

    def ids(self) -> list[str]:
        return [item.id for item in self.items]

    def expand(self, selectors: list[str]) -> list[str]:
        """"34" -> the base items of 第三十四条; "34.4/revenue" -> itself."""
        out = []
        for selector in selectors:
            if "." in selector:
                self.get(selector)
                out.append(selector)
            else:
                out += [i.id for i in self.items if i.article == selector and not i.is_sub_item]
        return out

    @functools.cached_property
    def _placeholder_set(self) -> frozenset[str]:
        return frozenset(p.casefold() for p in self.placeholders)

    def is_placeholder(self, value) -> bool:
        """待定 / TBD / ___ / 另行约定 standing alone: text that only holds a place."""
        if not isinstance(value, str):
            return False
        text = "".join(value.split()).rstrip("。.；;！!…")
        if len(text) > 2 and text[0] in "【[（(［〔『「" and text[-1] in "】]）)］〕』」":  # 【待补充】: aicontract's own mark of a gap
            text = text[1:-1].rstrip("。.；;！!…") or "_"
        return text.casefold() in self._placeholder_set or bool(_FILLER.fullmatch(text))


@functools.lru_cache(maxsize=None)
def load_requirements() -> Requirements:
    return read_spec(bundled_root() / "requirements.yaml", Requirements)
