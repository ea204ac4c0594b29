"""render/docx.py finds tables, rows and cells with str.find: the same spans as the lazy regexes
it replaced, on every arrangement of the tags (including look-alikes such as <w:trPr>)."""

import itertools
import re

from aicontract.render import docx

PIECES = ["<w:tr>", "<w:tr ", "<w:trPr>", "</w:tr>", "<w:tc>", "</w:tc>", "<w:tcPr>", "x", "<w:tr", "<w:tbl>", "</w:tbl>"]
FINDERS = [(r"<w:tr[ >].*?</w:tr>", docx._rows), (r"<w:tc>.*?</w:tc>", docx._cells),
           (r"<w:tbl>.*?</w:tbl>", lambda text: docx._spans(text, "<w:tbl>", "</w:tbl>"))]


def test_spans_are_the_regexes():
    for n in range(5):
        for pieces in itertools.product(PIECES, repeat=n):
            text = "".join(pieces)
            for pattern, find in FINDERS:
                assert find(text) == [m.span() for m in re.finditer(pattern, text, re.S)], (pattern, text)


def test_replace_spans():
    assert docx._replace("a<w:tc>1</w:tc>b<w:tc>2</w:tc>", docx._cells("a<w:tc>1</w:tc>b<w:tc>2</w:tc>"),
                         str.upper) == "a<W:TC>1</W:TC>b<W:TC>2</W:TC>"
