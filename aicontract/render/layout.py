"""What the Word layout adds to a contract's data, for the page a lawyer signs: signature blocks
with 单位（盖章）, 法定代表人或授权代表（签字） and 日期 for every document, and the gaps of an
incomplete draft named by their Chinese titles (in the page header and on page 1), never by the
deal's internal keys. The templates use these as jinja filters (FILTERS)."""

from __future__ import annotations

import re

from ..library.values import title_of
from ..models import DEAL_MODELS

REPRESENTATIVE = "法定代表人或授权代表（签字）："
DATE = "签章日期："  # the review (review/blanks.py) knows a 签章 line is filled in by hand
BLANK_DATE = "　　　　年　　月　　日"
_DATE = re.compile(r"^[\s　]*(?:\d{4}|[　\s]+)年[\s　\d]*月[\s　\d]*日[\s　]*$")
_PATH = re.compile(r"\b[a-z_]+(?:\.[a-z_*]+)+\b")
_ENGLISH = re.compile(r"\s*\[[^\]]*\]")


def signature_block(document) -> list[list[str]]:
    """The signature rows of ``document`` (a Contract): each party's column as the clause library
    writes it, with a 法定代表人或授权代表 line where it has none and its date line labelled 签章日期
    (a blank one added where it has none)."""
    columns = []
    for column in document.signature:
        lines = [line for line in column]
        if not any("法定代表人" in line for line in lines):
            lines.insert(1 if lines else 0, REPRESENTATIVE)
        dated = False
        for i, line in enumerate(lines):
            if _DATE.match(line):
                lines[i] = DATE + line.strip(" ")
                dated = True
        if not dated:
            lines.append(DATE + BLANK_DATE)
        columns.append(lines)
    height = max((len(c) for c in columns), default=0)
    return [[c[i] if i < len(c) else "" for c in columns] for i in range(height)]


def _titles(family: str, text: str) -> str:
    model = DEAL_MODELS.get(family)
    if model is None:
        return text

    def title(match: re.Match) -> str:
        try:
            return title_of(model, match.group(0))
        except (KeyError, AttributeError, TypeError, ValueError):
            return match.group(0)

    return _PATH.sub(title, text)


def gap_lines(contract) -> list[str]:
    """The unmet items of an incomplete draft, parameters named by their Chinese titles."""
    return [_titles(contract.family, line).replace("相关参数 / parameters", "相关参数") for line in contract.missing]


def gap_summary(contract, limit: int = 6) -> str:
    """One line for the page header: the unmet items by their Chinese titles."""
    labels = [_ENGLISH.sub("", line.split("：", 1)[0]) for line in contract.missing]
    labels = list(dict.fromkeys(labels))
    more = f"等 {len(labels)} 项" if len(labels) > limit else ""
    return "、".join(labels[:limit]) + more


def heading_text(number: str, text: str) -> str:
    """“1　定义”, but “一、保密信息” and “（一）定义” without a space after their own punctuation."""
    if not number:
        return text.strip()
    if number.endswith(("、", "）", ")", "．", ".")):
        return f"{number}{text.strip()}"
    return f"{number}\u3000{text.strip()}"


def heading(block) -> str:
    return heading_text(block.number, block.text)


# jinja filters of the templates (filters, not calls: a firm's copy of a bundled template passes
# textenv.check_template): {{ b|heading }}, d|signature_block, c|gap_lines, {{ c|gap_summary }}
FILTERS = {"signature_block": signature_block, "gap_lines": gap_lines, "gap_summary": gap_summary,
           "heading": heading}
