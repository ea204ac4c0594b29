"""``--sources``: each clause's source (指南 附录二 7.2, 常州合同 第十六条, aicontract 起草…) as a Word
comment on the clause's first paragraph, read from the clause map the draft carries
(render/meta.py). The comments have one author and one date, so the same draft gives the same
bytes."""

from __future__ import annotations

import io
import re
import zipfile

import docx
from docx.oxml.ns import qn
from docx.text.run import Run
from lxml import etree

from .meta import NAMESPACE, PARTS
from .zipwriter import Entry, write_zip

AUTHOR, INITIALS = "aicontract", "AI"
DATE = "2000-01-01T00:00:00Z"  # a fixed date: the comment is the library's, not a moment's


def _clause_map(document) -> dict[str, tuple[str, str, str]]:
    """bookmark name -> (document number, clause id, source), from the draft's custom XML part."""
    for rel in document.part.rels.values():
        if rel.is_external or not rel.reltype.endswith("/customXml"):
            continue
        root = etree.fromstring(rel.target_part.blob, etree.XMLParser(resolve_entities=False, no_network=True))
        if root.tag != f"{{{NAMESPACE}}}aicontract":
            continue
        ns = f"{{{NAMESPACE}}}"
        sources = {(c.get("doc"), c.get("id")): c.get("source", "") for c in root.iter(ns + "clause")}
        return {b.get("name"): (b.get("doc"), b.get("id"), sources.get((b.get("doc"), b.get("id")), ""))
                for b in root.iter(ns + "bookmark")}
    return {}


def with_sources(data: bytes) -> bytes:
    """The .docx with a comment naming its source on the first paragraph of every clause."""
    document = docx.Document(io.BytesIO(data))
    marks = _clause_map(document)
    done = set()
    for start in document.element.body.iter(qn("w:bookmarkStart")):
        mark = marks.get(start.get(qn("w:name")))
        if mark is None or mark[1] in PARTS or not mark[2] or mark[:2] in done:
            continue
        paragraph = next((a for a in start.iterancestors() if a.tag == qn("w:p")), None)
        runs = paragraph.findall(qn("w:r")) if paragraph is not None else []
        if not runs:
            continue
        done.add(mark[:2])
        comment = document.comments.add_comment(text=f"来源 / source：{mark[2]}", author=AUTHOR, initials=INITIALS)
        Run(runs[0], None).mark_comment_range(Run(runs[-1], None), comment.comment_id)
    out = io.BytesIO()
    document.save(out)
    return _fixed_dates(out.getvalue())


def _fixed_dates(data: bytes) -> bytes:
    """Comment dates set to DATE (python-docx writes the time of the call)."""
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        entries = [Entry(info.filename, re.sub(rb'w:date="[^"]*"', f'w:date="{DATE}"'.encode(), source.read(info))
                         if info.filename.startswith("word/comments") else source.read(info))
                   for info in source.infolist()]
    return write_zip(entries)
