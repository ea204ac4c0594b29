"""The mandatory items of 指南 第三十四、三十五、三十六条, read from
clause_library/requirements.yaml, and what counts as a real answer."""

from __future__ import annotations

import functools
import re

from pydantic import BaseModel, ConfigDict, Field

from .. import cn
from .files import bundled_root, read_spec

_FILLER = re.compile(r"[\s_\-—–.…·*【】\[\]]+")  # ___ / —— / …… / 【】 standing alone
# what force the 指南's items have (第三十四—三十七条), said wherever a check or a review lists them
GUIDE_FORCE = ("指南 第三十四—三十六条列出合作合同、数据处理协议和知识产权条款“宜包括”的内容；第三十七条：指南提供推荐性合规"
               "实务操作建议，可以参考使用，而非强制性规定或服务标准")
PIPL_21 = ("个人信息处理者委托处理个人信息的，应当与受托人约定委托处理的目的、期限、处理方式、个人信息的种类、保护措施以及双方的"
           "权利和义务等，并对受托人的个人信息处理活动进行监督（《中华人民共和国个人信息保护法》第二十一条第一款）")
PIPL_21_2 = ("受托人应当按照约定处理个人信息，不得超出约定的处理目的、处理方式等处理个人信息；委托合同不生效、无效、被撤销或者终止"
             "的，受托人应当将个人信息返还个人信息处理者或者予以删除，不得保留（《中华人民共和国个人信息保护法》第二十一条第二款）")
LAW_TOO = f"第三十四—三十六条所列事项中，部分另有法律规定，不能因指南属推荐性质而省略；法律还可能要求约定指南未列的事项。例如{PIPL_21}"


class _Spec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Requirement(_Spec):
    id: str  # "34.3" or a sub-item "34.4/revenue"
    citation: str  # 第三十四条（三）
    name: str  # 验收标准
    english: str  # Acceptance criteria
    text: str  # the guide's wording
    advice: str  # what to add

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


class Requirements(_Spec):
    version: str
    placeholders: list[str]
    articles: list[RequirementArticle]
    items: list[Requirement] = Field(min_length=1)

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
