"""Word's automatic numbering, as the reader sees it: a paragraph numbered through ``w:numPr``
(on the paragraph or through its style) shows “第三条”, “1.2”, “（一）” without those characters
being in its text. This computes the labels from numbering.xml, level by level."""

from __future__ import annotations

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn

from .. import cn

_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def _roman(n: int) -> str:
    out = ""
    for value, letters in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"),
                           (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out, n = out + letters, n - value
    return out


def format_number(n: int, fmt: str) -> str:
    if fmt in ("chineseCounting", "chineseCountingThousand", "chineseLegalSimplified", "ideographTraditional",
               "japaneseCounting", "taiwaneseCounting", "taiwaneseCountingThousand"):
        return cn.number_lower(n) if fmt != "chineseLegalSimplified" else cn.number_capital(n)
    if fmt in ("lowerLetter", "upperLetter"):
        letter = chr(ord("a") + (n - 1) % 26)
        return letter.upper() if fmt == "upperLetter" else letter
    if fmt in ("lowerRoman", "upperRoman"):
        return _roman(n).lower() if fmt == "lowerRoman" else _roman(n)
    if fmt == "decimalEnclosedCircle" and 1 <= n <= len(_CIRCLED):
        return _CIRCLED[n - 1]
    if fmt in ("bullet", "none"):
        return ""
    return str(n)


def _numbering_root(document):
    """The document's numbering definitions; None when it has no numbering part, or one that is not
    XML python-docx recognised (read directly: python-docx's ``numbering_part`` would try to create
    a missing part, which it cannot)."""
    for rel in document.part.rels.values():
        if rel.reltype == RT.NUMBERING and not rel.is_external:
            return getattr(rel.target_part, "element", None)
    return None


class Numbering:
    """Counters for every list of one document, advanced paragraph by paragraph in order."""

    def __init__(self, document):
        self.levels: dict[str, dict[int, tuple[int, str, str, bool]]] = {}  # numId -> ilvl -> (start, fmt, text, legal)
        self.abstract_of: dict[str, str] = {}
        self.counters: dict[str, dict[int, int]] = {}  # abstractNumId -> ilvl -> current value
        self.style_numpr: dict[str, tuple[str, int]] = {}
        root = _numbering_root(document)
        if root is not None:
            abstracts = {a.get(qn("w:abstractNumId")): a for a in root.findall(qn("w:abstractNum"))}
            for num in root.findall(qn("w:num")):
                num_id = num.get(qn("w:numId"))
                ref = num.find(qn("w:abstractNumId"))
                abstract_id = ref.get(qn("w:val")) if ref is not None else None
                self.abstract_of[num_id] = abstract_id
                levels = {}
                for lvl in (abstracts.get(abstract_id).findall(qn("w:lvl")) if abstract_id in abstracts else []):
                    levels[int(lvl.get(qn("w:ilvl"), "0"))] = self._level(lvl)
                for override in num.findall(qn("w:lvlOverride")):
                    ilvl = int(override.get(qn("w:ilvl"), "0"))
                    lvl = override.find(qn("w:lvl"))
                    if lvl is not None:
                        levels[ilvl] = self._level(lvl)
                    start = override.find(qn("w:startOverride"))
                    if start is not None and ilvl in levels:
                        levels[ilvl] = (int(start.get(qn("w:val"), "1")), *levels[ilvl][1:])
                self.levels[num_id] = levels
        for style in document.styles:
            pPr = getattr(style.element, "pPr", None)
            numPr = pPr.find(qn("w:numPr")) if pPr is not None else None
            if numPr is not None:
                self.style_numpr[style.style_id] = self._numpr(numPr)

    @staticmethod
    def _level(lvl) -> tuple[int, str, str, bool]:
        def val(tag, default):
            node = lvl.find(qn(tag))
            return node.get(qn("w:val"), default) if node is not None else default

        legal = lvl.find(qn("w:isLgl")) is not None  # legal numbering: every level shown in Arabic figures
        return int(val("w:start", "1")), val("w:numFmt", "decimal"), val("w:lvlText", ""), legal

    @staticmethod
    def _numpr(numPr) -> tuple[str | None, int]:
        num_id = numPr.find(qn("w:numId"))
        ilvl = numPr.find(qn("w:ilvl"))
        return (num_id.get(qn("w:val")) if num_id is not None else None,
                int(ilvl.get(qn("w:val"), "0")) if ilvl is not None else 0)

    def label(self, paragraph) -> str:
        """The label Word shows before this paragraph ("" if none); advances the counters."""
        pPr = paragraph.find(qn("w:pPr"))
        numPr = pPr.find(qn("w:numPr")) if pPr is not None else None
        num_id, ilvl = self._numpr(numPr) if numPr is not None else (None, 0)
        if num_id is None and pPr is not None:
            style = pPr.find(qn("w:pStyle"))
            if style is not None and style.get(qn("w:val")) in self.style_numpr:
                num_id, style_ilvl = self.style_numpr[style.get(qn("w:val"))]
                ilvl = ilvl if numPr is not None else style_ilvl
        if not num_id or num_id == "0" or num_id not in self.levels or ilvl not in self.levels[num_id]:
            return ""
        levels = self.levels[num_id]
        counters = self.counters.setdefault(self.abstract_of.get(num_id) or num_id, {})
        start = levels[ilvl][0]
        counters[ilvl] = counters[ilvl] + 1 if ilvl in counters else start
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]  # a new item restarts the levels below it
        text, legal = levels[ilvl][2], levels[ilvl][3]
        for level in range(ilvl + 1):
            if f"%{level + 1}" in text:
                start, fmt = levels.get(level, (1, "decimal", "", False))[:2]
                value = counters.get(level, start)
                text = text.replace(f"%{level + 1}", format_number(value, "decimal" if legal else fmt))
        return text
