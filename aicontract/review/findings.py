"""Findings beyond the items: capital amounts that differ from their figures, instalments that
do not add up to the stated total, percentages that do not match, references to articles that
do not exist, numbers that skip or repeat (an article deleted and the rest not renumbered), dates
that do not exist.
(Blanks: blanks.py.)"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from .. import cn
from .report import ReviewFinding
from .structure import ARTICLE, CAPITAL, DECIMAL, FIGURE, PERCENT_OF_TOTAL, REFERENCE, ParsedArticle, Unit

# 《某法》第五条至第三十三条: a citation of another instrument, not of the contract's own articles
LAW_CITATION = re.compile(r"《[^》]{1,60}》第[一二三四五六七八九十百零]+条(?:第[一二三四五六七八九十]+[款项])*"
                          r"(?:[至到—－-]第[一二三四五六七八九十百零]+条)?")


MAX_AMOUNT = Decimal("1e15")  # beyond any contract price: a run of digits is not an amount


def _figures(sentence: str) -> list[Decimal]:
    """The amounts written in figures (¥1,860,000.00, 1860000元), within MAX_AMOUNT."""
    found = []
    for match in FIGURE.finditer(sentence):
        digits = re.sub("[,，]", "", match.group(1) or match.group(2))
        if len(digits) <= 18 and Decimal(digits) < MAX_AMOUNT:
            found.append(Decimal(digits))
    return found


def _capitals(sentence: str) -> list[Decimal]:
    """The amounts written in capitals (壹万元整), within MAX_AMOUNT."""
    found = []
    for words in CAPITAL.findall(sentence)[:20]:
        try:
            value = cn.parse_capitals(words)
        except ValueError:
            continue
        if value < MAX_AMOUNT:
            found.append((words, value))
    return found


def amounts(articles: list[ParsedArticle]) -> list[ReviewFinding]:
    findings = []
    for article in articles:
        entries = []  # (a total?, amount in capitals, amount in figures, percent of the total, where, line)
        for unit in article.units:
            for found in re.finditer(r"[^。；\n]+", unit.text):
                sentence, line = found.group(), unit.line_at(found.start())
                capitals = _capitals(sentence)
                figures = _figures(sentence)
                if capitals and figures:
                    written, words = capitals[0]
                    if words not in figures:
                        findings.append(ReviewFinding("amount", unit.where, f"大写金额“{written}”（{cn.amount_in_figures(words)}）"
                                                f"与小写 {'、'.join(cn.amount_in_figures(f) for f in figures)} 不一致 / capitals differ from figures",
                                                      line=line))
                if not capitals and not figures:
                    continue
                percent = (m.group(1) or m.group(2)) if (m := PERCENT_OF_TOTAL.search(sentence)) else None
                entries.append((bool(re.search(r"总额(?:为|是)|总价(?:为|是)", sentence)), capitals[0][1] if capitals else None,
                                figures[0] if figures else None, percent, unit.where, line))
        disagree = any(cap is not None and fig is not None and cap != fig for _, cap, fig, *_ in entries)
        by_capitals = _instalments(entries, by_figures=False, two_readings=disagree)
        if disagree:
            # capitals and figures disagree somewhere: the sums are checked by the figures too, and a check
            # one reading passes and the other fails is said once, as failed (walkthrough L1: a ✓ and a ✗)
            by_figures = _instalments(entries, by_figures=True, two_readings=True)
            both = list(zip(by_capitals, by_figures))
            findings += [a for a, b in both if a.ok == b.ok or not a.ok] + [b for a, b in both if not b.ok]
            findings += by_capitals[len(both):]
        else:
            findings += by_capitals
    return findings


def _instalments(entries: list[tuple], by_figures: bool, two_readings: bool = False) -> list[ReviewFinding]:
    """Whether the instalments add up to the total and match their percentages, reading each amount
    by its capitals (by its figures where it has none), or the other way round."""
    def value(cap, fig):
        return (fig if fig is not None else cap) if by_figures else (cap if cap is not None else fig)

    reading = "" if not two_readings else "（按小写金额 / by the figures）" if by_figures else "（按大写金额 / by the capitals）"
    totals = [(value(cap, fig), where, line) for is_total, cap, fig, _, where, line in entries if is_total]
    parts = [(value(cap, fig), percent, where, line) for is_total, cap, fig, percent, where, line in entries if not is_total]
    if not totals or len([v for v, *_ in parts if v]) < 2:
        return []
    amount, where, total_line = totals[-1]
    got = sum((v for v, *_ in parts), Decimal(0))
    findings = [ReviewFinding("instalments", where, f"各期合计 {cn.amount_in_figures(got)} 等于总额{reading} / instalments add up",
                              ok=True, line=total_line) if got == amount else
                ReviewFinding("instalments", where, f"各期合计 {cn.amount_in_figures(got)}，总额为 {cn.amount_in_figures(amount)}"
                              f"{reading} / instalments do not add up to the total", line=total_line)]
    for part, percent, label, line in parts:
        if percent is None:
            continue
        expected = (amount * Decimal(percent) / 100).quantize(Decimal("0.01"))
        findings.append(ReviewFinding("percent", label, f"{cn.plain_decimal(Decimal(percent))}% × 总额 = {cn.amount_in_figures(expected)}"
                                      + ("，与金额一致" + reading + " / matches" if expected == part else
                                         f"，而金额为 {cn.amount_in_figures(part)}{reading} / does not match"),
                                      ok=expected == part, line=line))
    percents = [Decimal(percent) for _, percent, *_ in parts if percent is not None]
    if not by_figures and len(percents) == len(parts) and sum(percents) != 100:  # every instalment says its share
        findings.append(ReviewFinding("percent", where, f"各期比例合计 {cn.plain_decimal(sum(percents))}%，不是 100% / the shares "
                                      f"add up to {cn.plain_decimal(sum(percents))}%", line=total_line))
    return findings


_DATE = re.compile(r"(?<!\d)(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")


def dates(articles: list[ParsedArticle]) -> list[ReviewFinding]:
    """Dates that do not exist (2012年9月31日, 2026年2月29日): a deadline no one can meet."""
    findings = []
    for article in articles:
        for unit in article.units:
            for match in _DATE.finditer(unit.text):
                year, month, day = (int(g) for g in match.groups())
                try:
                    dt.date(year, month, day)
                except ValueError:
                    findings.append(ReviewFinding("date", unit.where, f"日期不存在 / no such date：“{unit.quote(match.start(), match.end())}”",
                                                  line=unit.line_at(match.start())))
    return findings


def _own(articles: list[ParsedArticle]) -> list[ParsedArticle]:
    """The contract's own articles: not an annex's, the form's instructions, a header or footer."""
    return [a for a in articles if not a.label.startswith(("文首", "附件", "填写说明", "页眉", "页脚"))]


def _skips(numbers: list[tuple[int, Unit]], name) -> list[tuple[Unit, ReviewFinding]]:
    """(number, unit) in reading order: each that does not follow the one before by one (the first: 1)."""
    findings = []
    previous = None
    for number, unit in numbers:
        expected = 1 if previous is None else previous + 1
        if number != expected:
            if previous is None:
                message = f"编号从“{name(number)}”开始，缺“{name(expected)}” / numbering starts at {name(number)}"
            elif number == previous:
                message = f"编号“{name(number)}”重复 / {name(number)} is numbered twice"
            else:
                message = (f"编号不连续：“{name(previous)}”之后是“{name(number)}” / numbering skips from {name(previous)} "
                           f"to {name(number)}")
            findings.append((unit, ReviewFinding("numbering", unit.where, message, line=unit.lines[0] if unit.lines else None)))
        previous = number
    return findings


def numbering(articles: list[ParsedArticle]) -> list[ReviewFinding]:
    """The contract's articles (第X条, or 1 2 3) and each article's clauses (5.1 5.2) numbered
    one after another, in reading order: a gap is where a clause was deleted and the rest not
    renumbered, and a citation after it may now name the wrong clause."""
    own = _own(articles)
    chinese = [(cn.parse_number_lower(a.label[1:-1]), a.units[0]) for a in own if ARTICLE.match(a.label)]
    if chinese:
        found = _skips(chinese, lambda n: f"第{cn.number_lower(n)}条")
    else:
        sections = [a for a in own if a.label.isdigit() and not a.dotted]
        found = _skips([(int(a.label), a.units[0]) for a in sections], str)
        for article in sections:
            clauses = [(int(u.label.split(".")[1]), u) for u in article.units
                       if re.fullmatch(rf"{article.label}\.\d{{1,2}}", u.label)]
            found += _skips(clauses, lambda n, section=article.label: f"{section}.{n}")
    order = {id(unit): k for k, unit in enumerate(u for a in own for u in a.units)}
    return [finding for _, finding in sorted(found, key=lambda pair: order[id(pair[0])])]


def references(articles: list[ParsedArticle]) -> list[ReviewFinding]:
    numbers = {cn.parse_number_lower(a.label[1:-1]) for a in articles if ARTICLE.match(a.label)}
    # what “本合同7.5条” and “第10条” may name: the contract's own sections and clauses, not an annex's
    own = _own(articles)
    clause_labels = {u.label for a in own for u in a.units} | {a.label for a in own}
    findings = []
    for article in articles:
        if article.label.startswith("附件"):
            continue
        for unit in article.units:
            # citations blanked out, not removed, so positions still point into the unit
            text = LAW_CITATION.sub(lambda m: " " * len(m.group()), unit.text)
            for match in REFERENCE.finditer(text):
                if match.start() == 0:
                    continue  # the article's own heading
                line = unit.line_at(match.start())
                if match.group(1):
                    if numbers and cn.parse_number_lower(match.group(1)) not in numbers:
                        findings.append(ReviewFinding("reference", unit.where, f"引用的“第{match.group(1)}条”不存在 / refers to a "
                                                      f"missing article：“{unit.quote(match.start(), match.end())}”", line=line))
                elif numbers and not match.group().startswith("本合同"):
                    continue  # 第X条 numbers this contract's articles: an Arabic 第8条 is another document's
                else:
                    cited_list = match.group(2)[: match.group(2).rfind("条") + 1]  # “第2种”: no 条, no reference
                    for number in DECIMAL.finditer(cited_list):
                        if number.group() not in clause_labels:
                            at = match.start(2) + number.start()
                            cited = number.group() if "." in number.group() else f"第{number.group()}"
                            findings.append(ReviewFinding(
                                "reference", unit.where, f"引用的“{cited}条”不存在 / refers to a missing clause："
                                f"“{unit.quote(at, at + len(number.group()))}”", line=unit.line_at(at)))
    return findings


