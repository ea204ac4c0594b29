"""A PDF's text layer, as pdftotext gives it, made into the lines of the document a reader sees
(``pdf_lines``): section numbers joined to their titles, wrapped paragraphs joined, laid-out spaces out."""

from __future__ import annotations

import re
from collections import Counter

# pdftotext spaces CJK text from the digits and Latin letters beside it (“本合同 3.2 条”), and the characters of a
# justified line from each other (“拨 付 方 式”), as they were laid out; a space a writer types is an ideographic one
_CJK = "\u2e80-\u9fff\uff00-\uffef"
_LAID_GAP = re.compile(rf"(?<=[{_CJK}]) (?=[0-9A-Za-z%¥{_CJK}])|(?<=[0-9A-Za-z%]) (?=[{_CJK}])")
_REFERENCE_FIRST = re.compile(r"\s*(?:第?\d+(?:\.\d+)*|第[一二三四五六七八九十百]+)[条款项段](?![目件\s])")  # 7.4条第二段, not 第十三条 乙方
_UNIT = "个年月日元万天周名人次倍小"
_LABEL_SPACED = re.compile(rf"\s*(?:\d+\.\d+(?:\.\d+)*|\d+(?![\d.]*\s[{_UNIT}%％])|第[一二三四五六七八九十百零]+[条章节]|[（(][0-9一二三四五六七八九十]+[）)])\s(?![条款项段](?![目件]))")
_PAGE_FOOTER = re.compile(r"(?:第\d+页(?:共\d+页)?)?(?:[-—–]\s*\d+\s*[-—–]|\d+/\d+)?")
_BARE_NUMBER = re.compile(r"(?:\d{1,2}|第[一二三四五六七八九十百]+[条章部分]|[一二三四五六七八九十]+、?)")
_ENDS_SENTENCE = tuple("。；！？")
_LABEL_FIRST = re.compile(r"\s*(?:[（(][0-9一二三四五六七八九十]+[）)]|\d+(?:\.\d+)*\s|[一二三四五六七八九十]+、|第[一二三四五六七八九十百]+[条章])")


def _unspaced(line: str) -> str:
    """The laid-out spaces taken out, but not the one after a clause's label (“2.1 甲乙双方”, “第十三条 乙方”)."""
    number = _LABEL_SPACED.match(line)
    head = number.group(0) if number else ""
    return head + _LAID_GAP.sub("", line[len(head):])


def _full(laid: list[str], i: int, full: int) -> bool:
    """The next line's first unbreakable piece (a character; “¥384,000.00）”; “（小”) would not have fitted
    after this one: it was wrapped at the margin."""
    following = next((line for line in laid[i + 1:i + 6] if line.strip()), "").lstrip()
    piece = re.match(r"[^\u2e80-\u9fff\s]*[\u2e80-\u9fff]?", following).group(0)
    return _width(laid[i]) + _width(piece) > full * 0.9


def _width(text: str) -> int:
    return sum(2 if ord(char) > 0x2E7F else 1 for char in text)


def _without_running_lines(text: str) -> str:
    """The pages (pdftotext ends each with a form feed) joined, without the running header or footer a draft
    prints on every page (“未完成草稿……”: reminders walkthrough M3, spliced into the clauses): a line found at the
    top or the bottom of at least three pages and of half of them."""
    pages = text.split("\f")
    if len(pages) < 3:
        return "\n".join(pages)
    edges: Counter = Counter()
    for page in pages:
        lines = [_unspaced(line.strip()) for line in page.split("\n") if line.strip()]
        edges.update(set(lines[:2] + lines[-2:]))
    running = {line for line, count in edges.items() if count >= max(3, len(pages) // 2) and not _BARE_NUMBER.fullmatch(line)}
    if not running:
        return "\n".join(pages)
    kept = []
    for page in pages:
        lines = page.split("\n")
        filled = [i for i, line in enumerate(lines) if line.strip()]
        edge = set(filled[:2] + filled[-2:])
        kept.append("\n".join(line for i, line in enumerate(lines) if not (i in edge and _unspaced(line.strip()) in running)))
    return "\n".join(kept)


def pdf_lines(text: str) -> list[str]:
    """A PDF's text layer as a document's lines (walkthrough H1): a section number that the layout put on
    a line of its own (“1”, then “定义”) joined to its title, a paragraph wrapped at the margin joined
    again (a line as wide as the widest that does not end a sentence goes on in the next), and the
    spaces laid out between Chinese and digits taken out (“本合同 3.2 条”)."""
    laid = [line.rstrip() for line in _without_running_lines(text).split("\n")]
    widths = Counter(_width(line) for line in laid if _width(line) >= 40)
    full = widths.most_common(1)[0][0] if widths else 0  # the width of a full line as laid out: the commonest long one
    raw = [_unspaced(line) for line in laid]
    raw = ["" if _PAGE_FOOTER.fullmatch(line.strip()) else line for line in raw]  # 第 1 页 共 36 页: not the contract's text
    out: list[str] = []
    i = 0
    while i < len(raw):
        line = raw[i]
        following = next((j for j in range(i + 1, min(i + 3, len(raw))) if raw[j].strip()), None)
        if following is not None and _BARE_NUMBER.fullmatch(line.strip()) and _width(raw[following]) <= 24 \
                and not _BARE_NUMBER.fullmatch(raw[following].strip()) and not raw[following].endswith(_ENDS_SENTENCE):
            line, i = f"{line.strip()}\u3000{raw[following].strip()}", following
        while full and _full(laid, i, full):
            # a full line goes on in the next one, over the blank lines of a page break, unless it ends a sentence
            # and the next one does not begin with a reference (“7.4条第二段…” is no clause 7.4)
            going_on = next((j for j in range(i + 1, min(i + 6, len(raw))) if raw[j].strip()), None)
            following = raw[going_on] if going_on is not None else ""
            if going_on is None or _BARE_NUMBER.fullmatch(following.strip()) or not _REFERENCE_FIRST.match(following) and (
                    line.endswith(_ENDS_SENTENCE) or _LABEL_FIRST.match(following)):
                break
            i = going_on
            line += raw[i].strip()
        out.append(line)
        i += 1
    return out
