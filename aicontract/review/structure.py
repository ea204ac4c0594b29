"""A received document's structure, found from its own numbering whatever the style: 第X条
(科技部), 1 / 1.1 (附录二), 一、 / （一） (annexes), 1. and （1） items, 附件."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .read import Line

WIDTH = str.maketrans({",": "，", ";": "；", ":": "：", "(": "（", ")": "）", "\u3000": " ", "\xa0": " ",
                       **{chr(0xFF10 + d): str(d) for d in range(10)}})  # full-width digits read as digits
# 第X条 opening a line is an article, unless it goes on as a citation does (…《民法典》 / 第五百七十七条规定，…)
ARTICLE = re.compile(r"^第([一二三四五六七八九十百零]+)条(?!(?:的|之)?规定|所)\s*(.*)$")
SECTION_DEC = re.compile(r"^(\d{1,2})\s+([^\d\s.、：，。][^。；：]{0,20})$")
# “1. 总则与定义” — a short title after “N.”, as Markdown and many plain-text contracts number their
# sections, their clauses then numbered 1. 2. … again inside each (read as 1.1, 1.2)
SECTION_DOT = re.compile(r"^(\d{1,2})[.．]\s*([^\d\s.、：，。][^。；：，]{0,20})$")
SECTION_CN = re.compile(r"^([一二三四五六七八九十]+)、\s*(.*)$")
CLAUSE_DEC = re.compile(r"^(\d{1,2}\.\d{1,2})\s*(.*)$")
CLAUSE_CN = re.compile(r"^（([一二三四五六七八九十]+)）\s*(.*)$")
ITEM_NUM = re.compile(r"^(\d{1,2})[.．、]\s*(.*)$")
ITEM_PAREN = re.compile(r"^（(\d{1,2})）\s*(.*)$")
PARTY = re.compile(r"^(?:委托方|受托方|研究开发方|甲方|乙方)(?:（[甲乙]方）)?[：:]")  # the parties' block opens the contract
ANNEX = re.compile(r"^(附件[一二三四五六七八九十\d]*)[：:]\s*(.*)$")
# Amount patterns start only where a run of digits or capitals starts, and never backtrack into
# it (atomic groups): a line of 100,000 digits is scanned once, not once per digit.
_CAPS = "零壹贰叁肆伍陆柒捌玖拾佰仟万亿"
CAPITAL = re.compile(rf"(?<![{_CAPS}])(?>[{_CAPS}]+)元(?:[零壹贰叁肆伍陆柒捌玖][角分]){{0,2}}整?"
                     r"|(?<![零壹贰叁肆伍陆柒捌玖])[壹贰叁肆伍陆柒捌玖][角分](?:[零壹贰叁肆伍陆柒捌玖]分)?")
_NUMBER = r"(?<![\d.,，])(?>\d{1,3}(?:[,，]\d{3})+(?:\.\d{1,2})?|\d+(?:\.\d{1,2})?)"
FIGURE = re.compile(rf"[¥￥]\s*({_NUMBER})|({_NUMBER})\s*元")
# 占经费总额的30%; 支付30%，即人民币…元 (walkthrough M5: the common wording was not read)
PERCENT_OF_TOTAL = re.compile(r"(?:总额|金额|总价|价款)的\s*(\d+(?:\.\d+)?)\s*%|(?<![\d.])(\d+(?:\.\d+)?)\s*%\s*[，,]?\s*"
                              r"(?:即|计|合计|共计|金额为)")
# a law's article (…法》第十三条, 条例第五条) is not one of the contract's
REFERENCE = re.compile(r"(?<![》法例定办])第([一二三四五六七八九十百零]+)条"
                       # the contract's own 7.5 / 第10条 / 第1.9条, alone or in a list (本合同1.2条、7.8条和第9条), not
                       # another document's (《…》第4.2条, 该条款第7.3条, 本协议第2.1条)
                       # (the list is taken whole, atomically, and cut back to its last 条 by the caller: linear
                       # however long a run of numbers without 条 is)
                       r"|(?:本合同|(?<![》法例定办款议则\d.])(?=第\s*\d))\s*((?>第?\s*\d{1,2}(?:\.\d{1,2})?\s*条?"
                       r"(?:\s*(?:、|，|和|或|及|以及)\s*第?\s*\d{1,2}(?:\.\d{1,2})?\s*条?)*))")
DECIMAL = re.compile(r"\d{1,2}(?:\.\d{1,2})?")


def normalize_mapped(text: str) -> tuple[str, list[int]]:
    """The text as patterns see it — markdown marks dropped, one width of punctuation, runs of
    spaces as one — and, for each of its characters, the position it came from, so that a quote
    is copied from the document character for character."""
    start = 0
    if m := re.match(r"^\s*(?:#+|[-*]\s)\s*", text):
        start = m.end()
    out: list[str] = []
    where: list[int] = []
    i = start
    while i < len(text):
        if text.startswith("**", i):
            i += 2
            continue
        if text.startswith("\\_", i):
            out.append("_")
            where.append(i)
            i += 2
            continue
        char = text[i].translate(WIDTH)
        if char in " \t":
            if out and out[-1] == " ":
                i += 1
                continue
            char = " "
        out.append(char)
        where.append(i)
        i += 1
    while out and out[0] == " ":
        out.pop(0)
        where.pop(0)
    while out and out[-1] == " ":
        out.pop()
        where.pop()
    return "".join(out), where


def normalize(text: str) -> str:
    return normalize_mapped(text)[0]


_SENTENCE_END = "。；！？\n"


@dataclass
class Unit:
    """A clause with its sub-items: the smallest part a finding points at."""

    label: str
    part: str = "正文"  # 正文, 附件一, 填写说明, 页眉, 页脚
    text: str = ""  # normalized, lines joined by \n
    source: str = ""  # as in the document, lines joined by \n
    lines: list[Line] = field(default_factory=list)
    _map: list[int] = field(default_factory=list)

    def add(self, line: Line, normalized: str | None = None, mapping: list[int] | None = None) -> None:
        if normalized is None:
            normalized, mapping = normalize_mapped(line.text)
        if self.lines:
            self._map.append(len(self.source))
            self.text += "\n"
            self.source += "\n"
        offset = len(self.source)
        self._map += [offset + j for j in mapping]
        self.text += normalized
        self.source += line.text
        self.lines.append(line)

    @property
    def where(self) -> str:
        """The place as the document numbers it, with its part: 正文 第五条, 附件一 三（二）."""
        if self.part != "正文" and self.label.startswith(self.part):
            return self.label
        return f"{self.part} {self.label}"

    def line_at(self, position: int) -> Line | None:
        """The line holding the normalized ``position``."""
        line_no = self.text.count("\n", 0, position)
        return self.lines[min(line_no, len(self.lines) - 1)] if self.lines else None

    def quote(self, start: int, end: int, limit: int = 120) -> str:
        """The sentence around text[start:end], copied from the document as it is, cut at
        sentence boundaries (and at a comma, or with …, when the sentence is very long)."""
        if not self._map:
            return ""
        s = self._map[min(start, len(self._map) - 1)]
        e = self._map[min(max(end - 1, start), len(self._map) - 1)] + 1
        left = max((self.source.rfind(c, 0, s) for c in _SENTENCE_END), default=-1) + 1
        right_candidates = [i for c in _SENTENCE_END if (i := self.source.find(c, e)) != -1]
        right = min(right_candidates) + 1 if right_candidates else len(self.source)
        quote = self.source[left:right].strip()
        if len(quote) > limit:
            inner_left = max(left, self.source.rfind("，", left, s) + 1)
            inner_right = self.source.find("，", e, right)
            inner_right = inner_right if inner_right != -1 else min(right, e + limit // 2)
            quote = self.source[inner_left:inner_right].strip()
            if len(quote) > limit:
                quote = self.source[max(s - limit // 3, inner_left): e + limit // 3].strip() + "…"
        return quote


@dataclass
class ParsedArticle:
    label: str  # 第十四条, 5, 附件一 三
    heading: str
    units: list[Unit] = field(default_factory=list)
    dotted: bool = False  # numbered “1. 总则” (lists often restart that way: no numbering check)


def structure(lines: list[Line]) -> list[ParsedArticle]:
    articles: list[ParsedArticle] = [ParsedArticle("文首", "")]
    annex = ""
    style = None  # "article" (第X条), "section" (1 / 一、) or "dotted" (1. 总则, its clauses 1. 2. …) once seen
    chinese_sections = False  # a 一、 section seen in the contract itself

    def unit(label: str) -> Unit:
        new = Unit(label, annex or "正文")
        articles[-1].units.append(new)
        return new

    current = unit("文首")
    for raw in lines:
        if raw.part != "正文":  # headers and footers: a unit of their own, never a clause
            if current.part != raw.part:
                articles.append(ParsedArticle(raw.part, ""))
                current = Unit(raw.part, raw.part)
                articles[-1].units.append(current)
            current.add(raw)
            continue
        line, mapping = normalize_mapped(raw.text)
        if not line:
            continue
        if line == "填写说明":  # the form's instructions: their 一、二、 are not the contract's
            annex = "填写说明"
            articles.append(ParsedArticle(annex, ""))
            current = unit(annex)
            current.add(raw, line, mapping)
            continue
        if annex == "填写说明" and (ARTICLE.match(line) or PARTY.match(line)):
            annex = ""
        if m := ANNEX.match(line):
            annex = m.group(1)
            articles.append(ParsedArticle(annex, m.group(2)))
            current = unit(annex)
            current.add(raw, line, mapping)
            continue
        prefix = f"{annex} " if annex else ""
        if (m := ARTICLE.match(line)) and not annex:
            style = "article"
            articles.append(ParsedArticle(f"第{m.group(1)}条", ""))
            current = unit(f"第{m.group(1)}条")
        elif (m := SECTION_DOT.match(line)) and not annex and style in (None, "dotted") and not chinese_sections:
            style = "dotted"
            articles.append(ParsedArticle(m.group(1), m.group(2), dotted=True))
            current = unit(m.group(1))
        elif (m := ITEM_NUM.match(line)) and style == "dotted" and not annex and articles[-1].label.isdigit():
            current = unit(f"{articles[-1].label}.{m.group(1)}")
        elif (m := SECTION_DEC.match(line)) and not annex and style != "article":
            style = "section"
            articles.append(ParsedArticle(m.group(1), m.group(2)))
            current = unit(m.group(1))
        elif (m := SECTION_DEC.match(line)) and annex and annex != "填写说明":  # an annex's own “2　使用目的”
            articles.append(ParsedArticle(f"{prefix}{m.group(1)}", m.group(2)))
            current = unit(m.group(1))
        elif m := SECTION_CN.match(line):
            chinese_sections = chinese_sections or not annex  # 一、 sections: their 1. 2. are items, not sections
            articles.append(ParsedArticle(f"{prefix}{m.group(1)}", m.group(2)))
            current = unit(f"{prefix}{m.group(1)}")
        elif m := CLAUSE_DEC.match(line):
            current = unit(m.group(1))
        elif m := CLAUSE_CN.match(line):
            current = unit(f"{articles[-1].label}（{m.group(1)}）")
        elif (m := ITEM_NUM.match(line)) and style == "article" and not annex:
            current = unit(f"{articles[-1].label}第{m.group(1)}项")
        # （1） items, table rows and continuation lines stay with their clause
        current.add(raw, line, mapping)
    return [a for a in articles if a.units and any(u.text for u in a.units)]
