"""Blanks a received contract leaves unfilled and choices it leaves unanswered, found on each line
as the document writes it: underscores and full-width blanks anywhere in a sentence, gaps where
a word is expected (“第 种方式”, “自 年 月 日”), empty brackets, XX / xxx, leftover template tags,
and option boxes (□/☐) of which none is ticked. Every pattern is linear in the line's length."""

from __future__ import annotations

import re

from .report import ReviewFinding
from .structure import ANNEX, ParsedArticle

_CJK = "\u4e00-\u9fff"
_SPACE = " \u3000\xa0"
KINDS: list[tuple[str, re.Pattern]] = [
    ("下划线空白 / underscores", re.compile(r"_{2,}|＿+|(?:\\_){2,}")),
    ("空括号 / empty brackets", re.compile(
        rf"（[{_SPACE}]*）|\(\s*\)|“[{_SPACE}]*”|《[{_SPACE}]*》|【[{_SPACE}]*】|「[{_SPACE}]*」|\[[{_SPACE}]*\]"
        rf"|（[^（）\n]{{1,6}}[：:][{_SPACE}]*）")),
    ("占位符 / placeholder", re.compile(r"(?<![A-Za-z])(?:X{2,}|x{3,}|×{2,}|＊{2,}|\*{3,})(?![A-Za-z])"
                                       r"|若干(?:美?元|人小时|小时|人|天|日|个|份|项)|待定|待补充|(?<![A-Za-z])TBD(?![A-Za-z])"
                                       # 地址……，联系人…… / 住所地：……: an ellipsis where a fact goes, not a list's 等
                                       rf"|[：:（(][{_SPACE}]*…{{2,}}|[{_CJK}]…{{2,}}(?=[{_SPACE}]*(?:[）)，,；;。]|$))")),
    ("模板标记 / template tag", re.compile(
        r"\$\{[^}\n]{0,80}\}|\{\{[^}\n]{0,80}\}\}|\{%[^%\n]{0,80}%\}|<[A-Za-z]+:[A-Za-z]+\b[^>\n]{0,200}>"
        r"|【请?(?:填写|输入)[^】\n]{0,30}】")),
]
UNTICKED = re.compile(r"[□☐]")
TICKED = re.compile(r"[☑☒■√✓✔▣]")
# the line's own numbering (第五条　, 一、, （三）, 1.2 ) is followed by a space that is not a blank
LABEL = re.compile(rf"^[{_SPACE}]*(?:第[一二三四五六七八九十百零\d]+[条章节款]|[一二三四五六七八九十]+、|（[一二三四五六七八九十\d]+）"
                   rf"|\d+(?:\.\d+)*[.、]?)[{_SPACE}]*")
EMPTY_FIELD = re.compile(rf"^[{_SPACE}]*[^：:{_SPACE}]{{1,8}}[：:][{_SPACE}]*$")  # 姓名：, 部门：
MARKDOWN_EMPTY_CELL = re.compile(r"\|[ \t]+(?=\|)")
# signatures, seals and the date beside them are written by hand when the contract is signed
SIGNATURE = re.compile(rf"签名|签字|盖章|签章|（章）|印章|^[{_SPACE}\t|_＿]*(?:(?:签署|签订|签字)?日期[：:])?[{_SPACE}\t|_＿年月日]*$")
REGISTRY = "以下由技术合同登记机构填写"  # the registration block is filled in later by the registry


_GAP = re.compile(rf"[{_SPACE}]+")
_IS_CJK = re.compile(rf"[{_CJK}]")
_NUMERAL = "一二三四五六七八九十百千万两零0123456789"
_UNIT = "年月日元%％种份天个"
_CLOSE = "。；，、）"


def _is_gap_blank(body: str, gaps: list[re.Match], i: int) -> bool:
    """Whether a run of spaces stands where a word is to be written. Letter-spaced labels (住 所 地)
    and values written into a blank with the spaces around them (开发 基于SOA的系统 项目) are not."""
    gap = gaps[i]
    left, right = body[max(0, gap.start() - 2):gap.start()], body[gap.end():gap.end() + 1]
    if not left or (not right and not left.endswith(("：", ":"))):
        return False
    last = left[-1]
    if not right:
        return True  # 甲方授权代表：　　　(end of line)
    if last in _NUMERAL or last not in "：:（，" and not _IS_CJK.match(last):
        return False
    if right in _UNIT or (last in "：:（，" and right in _CLOSE) or (last == "第" and right in "种项条款") \
            or (last in "为是的" and right in "。；"):
        return True
    if gap.group().count("\u3000") >= 2:
        return True  # forms leave a blank as a run of full-width spaces
    if len(left) == 2 and all(_IS_CJK.match(c) for c in left) and _IS_CJK.match(right):
        # a value written into a blank keeps a gap on each side: skip gaps that pair up
        paired = any(abs(other.start() - gap.start()) <= 40
                     and not re.search("[。；，：:]", body[min(other.end(), gap.end()):max(other.start(), gap.start())])
                     for other in gaps[max(0, i - 1):i] + gaps[i + 1:i + 2])
        return not paired
    return False


_FILLED = re.compile(rf"[{_SPACE}]+[^{_SPACE}_＿。；，、]")


def _filled(match: re.Match) -> str:
    """A blank that a value fills is returned unchanged (not a blank); an open one as ""."""
    after = match.string[match.end():match.end() + 2]
    return match.group() if _FILLED.match(after) and after.strip() else ""


def line_blanks(text: str) -> list[str]:
    """The kinds of blank on one line, in the order of KINDS."""
    body = text[m.end():] if (m := LABEL.match(text)) else text
    body = body.rstrip("\r\n")
    # “_____ 常州市测绘院”: a value written on the line after the blank (an underlined value as
    # converted to text) fills it; “提交________仲裁委员会” runs on and is a blank
    kinds = [name for name, pattern in KINDS[:1] if pattern.sub(_filled, body) != body]
    gaps = list(_GAP.finditer(body))
    if any(_is_gap_blank(body, gaps, i) for i in range(len(gaps))):
        kinds.append("空白 / gap")
    kinds += [name for name, pattern in KINDS[1:] if pattern.search(body)]
    if text.lstrip().startswith("|") and MARKDOWN_EMPTY_CELL.search(text) and not re.fullmatch(r"[|\s:-]+", text):
        kinds.append("空白表格单元 / empty cell")
    if UNTICKED.search(text) and not TICKED.search(text):
        kinds.append("选项未勾选 / no option ticked")
    return kinds


_MARKED = re.compile("|".join(pattern.pattern for _, pattern in KINDS) + r"|[□☐]")


def _around_blank(text: str, width: int = 60) -> str:
    """At most ``width`` characters of the line, around its first marked blank (underscores,
    brackets, placeholders, boxes): a long line's blank is shown, not cut off."""
    if len(text) <= width:
        return text
    found = _MARKED.search(text)
    start = max(0, min((found.start() if found else 0) - width // 3, len(text) - width))
    return ("…" if start else "") + text[start:start + width] + ("…" if start + width < len(text) else "")


def blanks(articles: list[ParsedArticle]) -> list[ReviewFinding]:
    findings, registry = [], False
    placed = [(unit, line) for article in articles for unit in article.units for line in unit.lines if line.text.strip()]
    empty_field = [bool(EMPTY_FIELD.match(line.text)) for _, line in placed]
    for index, (unit, line) in enumerate(placed):
        if REGISTRY in line.text:
            registry = True
        if ANNEX.match(line.text.strip()):
            registry = False
        # a signature line; not a clause that mentions 签字 (“自双方签字并盖章之日起生效，有效期至 年 月 日止。”)
        if registry or (SIGNATURE.search(line.text) and not re.search("[。；]", line.text)):
            continue
        kinds = line_blanks(line.text)
        # 姓名：/ 部门： left empty, among other such fields (a lone “甲方：” heads what follows)
        if empty_field[index] and ((index and empty_field[index - 1]) or (index + 1 < len(placed) and empty_field[index + 1])):
            kinds.append("未填写的栏目 / empty field")
        if kinds:
            shown = _around_blank(re.sub(rf"[{_SPACE}]+", " ", line.text.strip()))
            place = "段" if line.anchor is not None else "行"  # a Word paragraph, or a line of text
            findings.append(ReviewFinding("blank", f"{unit.where}（第{line.number}{place}）",
                                          f"未填写 / unfilled — {'、'.join(kinds)}：“{shown}”", line=line))
    return findings
