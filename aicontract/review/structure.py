"""A received document's structure, found from its own numbering whatever the style: 第X条
(科技部), 1 / 1.1 (附录二), 一、 / （一） (annexes), 1. and （1） items, 附件."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

WIDTH = str.maketrans({",": "，", ";": "；", ":": "：", "(": "（", ")": "）", "\u3000": " ", "\xa0": " "})
ARTICLE = re.compile(r"^第([一二三四五六七八九十百零]+)条\s*(.*)$")
SECTION_DEC = re.compile(r"^(\d{1,2})\s+([^\d\s.、：，。][^。；：]{0,20})$")
SECTION_CN = re.compile(r"^([一二三四五六七八九十]+)、\s*(.*)$")
CLAUSE_DEC = re.compile(r"^(\d{1,2}\.\d{1,2})\s*(.*)$")
CLAUSE_CN = re.compile(r"^（([一二三四五六七八九十]+)）\s*(.*)$")
ITEM_NUM = re.compile(r"^(\d{1,2})[.．、]\s*(.*)$")
ITEM_PAREN = re.compile(r"^（(\d{1,2})）\s*(.*)$")
ANNEX = re.compile(r"^(附件[一二三四五六七八九十\d]*)[：:]\s*(.*)$")
# Amount patterns start only where a run of digits or capitals starts, and never backtrack into
# it (atomic groups): a line of 100,000 digits is scanned once, not once per digit.
_CAPS = "零壹贰叁肆伍陆柒捌玖拾佰仟万亿"
CAPITAL = re.compile(rf"(?<![{_CAPS}])(?>[{_CAPS}]+)元(?:[零壹贰叁肆伍陆柒捌玖][角分]){{0,2}}整?"
                     r"|(?<![零壹贰叁肆伍陆柒捌玖])[壹贰叁肆伍陆柒捌玖][角分](?:[零壹贰叁肆伍陆柒捌玖]分)?")
_NUMBER = r"(?<![\d.,，])(?>\d{1,3}(?:[,，]\d{3})+(?:\.\d{1,2})?|\d+(?:\.\d{1,2})?)"
FIGURE = re.compile(rf"[¥￥]\s*({_NUMBER})|({_NUMBER})\s*元")
PERCENT_OF_TOTAL = re.compile(r"(?:总额|金额)的\s*(\d+(?:\.\d+)?)\s*%")
BLANK = re.compile(r"_{3,}|＿{2,}|-{3,}|—{3,}")
EMPTY_BRACKETS = re.compile(r"「\s*」|“\s*”|（\s*）|《\s*》|【\s*】")
# a law's article (…法》第十三条, 条例第五条) is not one of the contract's
REFERENCE = re.compile(r"(?<![》法例定办])第([一二三四五六七八九十百零]+)条|本合同\s*(\d{1,2}\.\d{1,2})\s*条")
NOT_A_BLANK = re.compile(r"签名|盖章|（章）|印章|年\s*月\s*日")


def normalize(text: str) -> str:
    text = re.sub(r"^\s*(?:#+|[-*]\s)\s*", "", text)  # markdown headings and list marks
    text = text.replace("**", "").replace("\\_", "_").translate(WIDTH)
    return re.sub(r"[ \t]+", " ", text).strip()


@dataclass
class Unit:
    """A clause with its sub-items: the smallest part a finding points at."""

    label: str
    text: str = ""

    def add(self, line: str) -> None:
        self.text = f"{self.text}\n{line}" if self.text else line


@dataclass
class ParsedArticle:
    label: str  # 第十四条, 5, 附件一 三
    heading: str
    units: list[Unit] = field(default_factory=list)


def structure(lines: list[str]) -> list[ParsedArticle]:
    articles: list[ParsedArticle] = [ParsedArticle("文首", "")]
    annex = ""
    style = None  # "article" (第X条) or "section" (1 / 一、) once seen

    def unit(label: str) -> Unit:
        new = Unit(label)
        articles[-1].units.append(new)
        return new

    current = unit("文首")
    for raw in lines:
        line = normalize(raw)
        if not line:
            continue
        if line == "填写说明":  # the form's instructions: their 一、二、 are not the contract's
            annex = "填写说明"
            continue
        if annex == "填写说明" and ARTICLE.match(line):
            annex = ""
        if m := ANNEX.match(line):
            annex = m.group(1)
            articles.append(ParsedArticle(annex, m.group(2)))
            current = unit(annex)
            current.add(line)
            continue
        prefix = f"{annex} " if annex else ""
        if (m := ARTICLE.match(line)) and not annex:
            style = "article"
            articles.append(ParsedArticle(f"第{m.group(1)}条", ""))
            current = unit(f"第{m.group(1)}条")
            current.add(line)
        elif (m := SECTION_DEC.match(line)) and not annex and style != "article":
            style = "section"
            articles.append(ParsedArticle(m.group(1), m.group(2)))
            current = unit(m.group(1))
            current.add(line)
        elif m := SECTION_CN.match(line):
            articles.append(ParsedArticle(f"{prefix}{m.group(1)}", m.group(2)))
            current = unit(f"{prefix}{m.group(1)}")
            current.add(line)
        elif m := CLAUSE_DEC.match(line):
            current = unit(m.group(1))
            current.add(line)
        elif m := CLAUSE_CN.match(line):
            current = unit(f"{articles[-1].label}（{m.group(1)}）")
            current.add(line)
        elif (m := ITEM_NUM.match(line)) and style == "article" and not annex:
            current = unit(f"{articles[-1].label}第{m.group(1)}项")
            current.add(line)
        else:  # （1） items, table rows and continuation lines stay with their clause
            current.add(line)
    return [a for a in articles if a.units and any(u.text for u in a.units)]


