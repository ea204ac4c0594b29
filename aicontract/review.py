"""Review a contract aicontract did not write (.docx, .txt, .md) against 指南 第三十四、三十五、
三十六条: for each item, whether the document covers it, where, with a quote, and what is missing.

Reading keeps paragraphs and tables in document order. Structure is found from the numbering
itself, whatever the style: 第X条 (科技部), 1 / 1.1 (附录二), 一、 / （一） (annexes), 1. and （1）
items. Detection is driven by data (clause_library/review.yaml: phrases that show an item is
addressed, and the substance the same clause must also state), not by code per item.
Other findings: capital amounts that differ from their figures, instalments that do not add up
to the stated total, percentages that do not match, unfilled blanks, references to articles that
do not exist.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from . import cn
from .requirements import load_requirements

_WIDTH = str.maketrans({",": "，", ";": "；", ":": "：", "(": "（", ")": "）", "\u3000": " ", "\xa0": " "})
ARTICLE = re.compile(r"^第([一二三四五六七八九十百零]+)条\s*(.*)$")
SECTION_DEC = re.compile(r"^(\d{1,2})\s+([^\d\s.、：，。][^。；：]{0,20})$")
SECTION_CN = re.compile(r"^([一二三四五六七八九十]+)、\s*(.*)$")
CLAUSE_DEC = re.compile(r"^(\d{1,2}\.\d{1,2})\s*(.*)$")
CLAUSE_CN = re.compile(r"^（([一二三四五六七八九十]+)）\s*(.*)$")
ITEM_NUM = re.compile(r"^(\d{1,2})[.．、]\s*(.*)$")
ITEM_PAREN = re.compile(r"^（(\d{1,2})）\s*(.*)$")
ANNEX = re.compile(r"^(附件[一二三四五六七八九十\d]*)[：:]\s*(.*)$")
CAPITAL = re.compile(r"[零壹贰叁肆伍陆柒捌玖拾佰仟万亿]+元(?:[零壹贰叁肆伍陆柒捌玖][角分]){0,2}整?|[壹贰叁肆伍陆柒捌玖][角分](?:[零壹贰叁肆伍陆柒捌玖]分)?")
_NUMBER = r"\d{1,3}(?:[,，]\d{3})+(?:\.\d{1,2})?|\d+(?:\.\d{1,2})?"
FIGURE = re.compile(rf"[¥￥]\s*({_NUMBER})|({_NUMBER})\s*元")
PERCENT_OF_TOTAL = re.compile(r"(?:总额|金额)的\s*(\d+(?:\.\d+)?)\s*%")
BLANK = re.compile(r"_{3,}|＿{2,}|-{3,}|—{3,}")
EMPTY_BRACKETS = re.compile(r"「\s*」|“\s*”|（\s*）|《\s*》|【\s*】")
# a law's article (…法》第十三条, 条例第五条) is not one of the contract's
REFERENCE = re.compile(r"(?<![》法例定办])第([一二三四五六七八九十百零]+)条|本合同\s*(\d{1,2}\.\d{1,2})\s*条")
NOT_A_BLANK = re.compile(r"签名|盖章|（章）|印章|年\s*月\s*日")


def normalize(text: str) -> str:
    text = re.sub(r"^\s*(?:#+|[-*]\s)\s*", "", text)  # markdown headings and list marks
    text = text.replace("**", "").replace("\\_", "_").translate(_WIDTH)
    return re.sub(r"[ \t]+", " ", text).strip()


# --- reading ------------------------------------------------------------------------------------


def read_lines(path: Path) -> list[str]:
    """The document's paragraphs and table rows, in order, as text."""
    if path.suffix.lower() == ".docx":
        import docx
        from docx.table import Table
        from docx.text.paragraph import Paragraph

        try:
            document = docx.Document(str(path))
        except Exception as exc:  # PackageNotFoundError, BadZipFile: not a Word document
            raise ValueError(f"not a Word document: {exc}") from None
        lines = []
        for child in document.element.body.iterchildren():
            tag = child.tag.rsplit("}", 1)[-1]
            if tag == "p":
                lines.extend(Paragraph(child, document).text.split("\n"))
            elif tag == "tbl":
                for row in Table(child, document).rows:
                    cells = list(dict.fromkeys(cell.text for cell in row.cells))  # merged cells repeat
                    lines.append("\t".join(cells))
        return lines
    return path.read_text(encoding="utf-8-sig").splitlines()


# --- structure ----------------------------------------------------------------------------------


@dataclass
class Unit:
    """A clause with its sub-items: the smallest part a finding points at."""

    label: str
    text: str = ""

    def add(self, line: str) -> None:
        self.text = f"{self.text}\n{line}" if self.text else line


@dataclass
class Article:
    label: str  # 第十四条, 5, 附件一 三
    heading: str
    units: list[Unit] = field(default_factory=list)


def structure(lines: list[str]) -> list[Article]:
    articles: list[Article] = [Article("文首", "")]
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
            articles.append(Article(annex, m.group(2)))
            current = unit(annex)
            current.add(line)
            continue
        prefix = f"{annex} " if annex else ""
        if (m := ARTICLE.match(line)) and not annex:
            style = "article"
            articles.append(Article(f"第{m.group(1)}条", ""))
            current = unit(f"第{m.group(1)}条")
            current.add(line)
        elif (m := SECTION_DEC.match(line)) and not annex and style != "article":
            style = "section"
            articles.append(Article(m.group(1), m.group(2)))
            current = unit(m.group(1))
            current.add(line)
        elif m := SECTION_CN.match(line):
            articles.append(Article(f"{prefix}{m.group(1)}", m.group(2)))
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


# --- detection -------------------------------------------------------------------------------------


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
    from .library import _parse, bundled_root

    signals = _parse(bundled_root() / "review.yaml", SignalFile)
    known = set(load_requirements().ids())
    for item in signals.items:
        if item not in known:
            raise ValueError(f"review.yaml: {item} is not a requirement item")
    return signals


@dataclass
class ItemResult:
    id: str
    label: str
    status: str  # covered, partial, missing
    evidence: list[tuple[str, str]] = field(default_factory=list)  # (where, quote)
    lacking: list[str] = field(default_factory=list)  # the substance not found
    suggestion: str = ""  # clause text from the library, for what is missing


@dataclass
class Finding:
    kind: str  # amount, instalments, percent, blank, reference
    where: str
    message: str
    ok: bool = False  # a consistency confirmed rather than a problem


@dataclass
class Review:
    source: str
    items: list[ItemResult]
    findings: list[Finding]

    def text(self) -> str:
        marks = {"covered": "✓", "partial": "△", "missing": "✗"}
        lines = [f"合同审查 / review — {self.source}"]
        for item in self.items:
            head = f"{marks[item.status]} {item.id} {item.label}：{ {'covered': '已约定', 'partial': '约定不完整', 'missing': '未约定'}[item.status]}"
            if item.evidence:
                where, quote = item.evidence[0]
                head += f"（{'、'.join(w for w, _ in item.evidence[:4])}：“{quote}”）"
            if item.lacking:
                head += f"；缺少 / lacking：{'、'.join(item.lacking)}"
            lines.append(head)
        lines.append("其他发现 / other findings")
        lines += [f"{'✓' if f.ok else '✗'} {f.where}：{f.message}" for f in self.findings] or ["（无 / none）"]
        return "\n".join(lines)

    def json(self) -> str:
        return json.dumps({"source": self.source, "items": [asdict(i) for i in self.items],
                           "findings": [asdict(f) for f in self.findings]}, ensure_ascii=False, indent=2)


def _quote(text: str, match: re.Match, width: int = 24) -> str:
    start = max(0, match.start() - width // 2)
    return text[start: match.end() + width].replace("\n", " ").strip()


def detect(articles: list[Article]) -> list[ItemResult]:
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
    from .assemble import assemble
    from .deal_io import bundled_example, deal_from_data

    return [assemble(deal_from_data(bundled_example(name))) for name in ("cooperation", "data_processing")]


def suggestion(item_id: str) -> str:
    """The clause text aicontract would write for the item (from its example deal, to adapt),
    headed by the clause's source."""
    from .library import bundled_family

    for contract in _example_contracts():
        for document in contract.documents:
            family = bundled_family(document.family)
            covering = [b for b in document.blocks if getattr(b, "kind", "") in ("clause", "text", "item")
                        and item_id in family.clauses[b.clause_id].covers]
            if covering:
                body = "\n".join(f"{b.number} {b.text}".strip() if b.kind != "item" else f"{b.number}{b.text}" for b in covering)
                return f"【{family.spec.title} · {covering[0].source}】\n{body}"
    return ""


# --- other findings ---------------------------------------------------------------------------------


def _figure(match: re.Match) -> Decimal:
    return Decimal(re.sub("[,，]", "", match.group(1) or match.group(2)))


def _sentence_amount(sentence: str) -> Decimal | None:
    capitals = CAPITAL.findall(sentence)
    if capitals:
        return cn.parse_capitals(capitals[0])
    figures = list(FIGURE.finditer(sentence))
    return _figure(figures[0]) if figures else None


def amounts(articles: list[Article]) -> list[Finding]:
    findings = []
    for article in articles:
        total, parts, percents = None, [], []
        for unit in article.units:
            for sentence in re.split(r"[。；\n]", unit.text):
                capitals = CAPITAL.findall(sentence)
                figures = [_figure(m) for m in FIGURE.finditer(sentence)]
                if capitals and figures:
                    words = cn.parse_capitals(capitals[0])
                    if words not in figures:
                        findings.append(Finding("amount", unit.label, f"大写金额“{capitals[0]}”（{cn.amount_in_figures(words)}）"
                                                f"与小写 {'、'.join(cn.amount_in_figures(f) for f in figures)} 不一致 / capitals differ from figures"))
                value = _sentence_amount(sentence)
                if value is None:
                    continue
                if re.search(r"总额(?:为|是)|总价(?:为|是)", sentence):
                    total = (value, unit.label)
                else:
                    parts.append(value)
                    if m := PERCENT_OF_TOTAL.search(sentence):
                        percents.append((Decimal(m.group(1)), value, unit.label))
        if total and len([p for p in parts if p]) >= 2:
            amount, where = total
            got = sum(parts, Decimal(0))
            if got == amount:
                findings.append(Finding("instalments", where, f"各期合计 {cn.amount_in_figures(got)} 等于总额 / instalments add up", ok=True))
            else:
                findings.append(Finding("instalments", where, f"各期合计 {cn.amount_in_figures(got)}，总额为 {cn.amount_in_figures(amount)}"
                                        f" / instalments do not add up to the total"))
            for percent, value, label in percents:
                expected = (amount * percent / 100).quantize(Decimal("0.01"))
                findings.append(Finding("percent", label, f"{cn.plain_decimal(percent)}% × 总额 = {cn.amount_in_figures(expected)}"
                                        + ("，与金额一致 / matches" if expected == value else f"，而金额为 {cn.amount_in_figures(value)} / does not match"),
                                        ok=expected == value))
    return findings


def blanks(lines: list[str]) -> list[Finding]:
    findings, registry = [], False
    for number, raw in enumerate(lines, start=1):
        line = normalize(raw)
        if "以下由技术合同登记机构填写" in line:
            registry = True  # the registration block is filled in later by the registry
        if ANNEX.match(line):
            registry = False
        if registry or NOT_A_BLANK.search(line):
            continue
        for match in BLANK.finditer(line):
            after = line[match.end():].lstrip(" _＿-—")
            if not after or after[0] in "。，；：、）)|\t":  # nothing written where the line asks for it
                findings.append(Finding("blank", f"第{number}行", f"未填写的空白：“{line[:40]}” / unfilled blank"))
                break
        for match in EMPTY_BRACKETS.finditer(line):
            findings.append(Finding("blank", f"第{number}行", f"空括号“{match.group()}”：{line[:40]} / empty brackets"))
    return findings


def references(articles: list[Article]) -> list[Finding]:
    numbers = {cn.parse_number_lower(a.label[1:-1]) for a in articles if ARTICLE.match(a.label)}
    clause_labels = {u.label for a in articles for u in a.units}
    findings = []
    for article in articles:
        if article.label.startswith("附件"):
            continue
        for unit in article.units:
            for match in REFERENCE.finditer(unit.text):
                if match.start() == 0:
                    continue  # the article's own heading
                if match.group(1):
                    if numbers and cn.parse_number_lower(match.group(1)) not in numbers:
                        findings.append(Finding("reference", unit.label, f"引用的“第{match.group(1)}条”不存在 / refers to a missing article"))
                elif match.group(2) not in clause_labels:
                    findings.append(Finding("reference", unit.label, f"引用的“{match.group(2)}条”不存在 / refers to a missing clause"))
    return findings


def review(path: Path) -> Review:
    lines = read_lines(Path(path))
    articles = structure(lines)
    return Review(str(path), detect(articles), amounts(articles) + blanks(lines) + references(articles))


def memo_docx(result: Review) -> bytes:
    """A review memo: each item with its status, evidence and suggested clause text."""
    from .contract import Table
    from .render.docx import render_memo

    status = {"covered": "已约定", "partial": "约定不完整", "missing": "未约定"}
    items = Table(["事项", "结论", "位置和引文", "缺少", "建议条款（aicontract 条款库示例文字，按本项目修改）"],
                  [[i.label, status[i.status], "；".join(f"{w}：“{q}”" for w, q in i.evidence[:3]) or "无",
                    "、".join(i.lacking) or "无", i.suggestion or "无"] for i in result.items], "review", "指南 第三十四—三十六条")
    others = Table(["位置", "发现"], [[f.where, ("✓ " if f.ok else "✗ ") + f.message] for f in result.findings] or [["无", "无"]],
                   "findings", "aicontract review")
    memo = {"title": "合同审查意见（指南 第三十四—三十六条）",
            "intro": [f"审查文件：{Path(result.source).name}",
                      "逐项对照《政务领域人工智能技术合作合规指南》第三十四、三十五、三十六条；“约定不完整”指提到了该事项但缺少其实质内容。"],
            "groups": [{"title": "必备事项", "table": items}, {"title": "金额、空白和引用", "table": others}]}
    return render_memo(memo)
