"""What a drafted .docx remembers about itself, invisibly, so that a copy edited in Word, WPS or
LibreOffice can still be traced back clause by clause (``aicontract compare`` reads it).

- Each clause paragraph (and the header cells of each table) carries a hidden bookmark
  ``_ac<n>_<clause id>`` (Word hides bookmarks that start with “_”; names are at most 40
  characters, so the id may be cut short there).
- A custom XML part (``urn:aicontract:draft:1``) maps every bookmark to its clause id, document,
  number as cited and source, and records family, clause-library version and the digests.
- Custom document properties (文件 › 属性 › 自定义) repeat the document-level facts:
  ``aicontract.family``, ``aicontract.library``, ``aicontract.version``, ``aicontract.deal``
  (SHA-256 of the deal's parameters, when the caller passes the deal) and ``aicontract.text``
  (SHA-256 of the contract's text as drafted).

All three survive a LibreOffice round trip (tests/test_compare.py). The template marks a clause
paragraph with ``<w:bookmarkStart w:id="0" w:name="_ac:DOC:CLAUSE-ID"/>`` … ``<w:bookmarkEnd
w:id="0"/>``; ``mark_clauses`` numbers them after rendering.
"""

from __future__ import annotations

import functools
import hashlib
import re
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from ..drafting.contract import Contract

NAMESPACE = "urn:aicontract:draft:1"
PROPERTY_PREFIX = "aicontract."
BOOKMARK_PREFIX = "_ac"
CUSTOM_PROPS = "docProps/custom.xml"
CONTENT_TYPES, PACKAGE_RELS, DOCUMENT_RELS = "[Content_Types].xml", "_rels/.rels", "word/_rels/document.xml.rels"
_FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"
_MARK = re.compile(r'<w:bookmark(?:Start w:id="0" w:name="_ac:(\d+:[^"]*)"/>|End w:id="0"/>)')
_SLUG = re.compile(r"[^A-Za-z0-9]+")
# parts of a document that are no clause, marked like clauses so that a change there is named
PARTS = {"@title": "标题", "@reference": "合同编号", "@parties": "当事人", "@closing": "结尾", "@signature": "签署栏",
         "@cover": "封面"}


@dataclass(frozen=True)
class Mark:
    bookmark: str  # _ac12_ip_ownership
    document: int  # 0 the contract, 1… its annexes
    clause_id: str


def bookmark_name(n: int, clause_id: str) -> str:
    """A valid, hidden Word bookmark name (letters, digits, “_”; at most 40 characters)."""
    return f"{BOOKMARK_PREFIX}{n}_{_SLUG.sub('_', clause_id)}"[:40]


def mark_clauses(xml: str) -> tuple[str, tuple[Mark, ...]]:
    """Give each clause marker of the rendered body a unique id and name; the marks in order."""
    pieces = _MARK.split(xml)  # text, "document:clause id" of a start or None of an end, text…
    tags, marks = _numbered(tuple(pieces[1::2]))
    pieces[1::2] = tags
    return "".join(pieces), marks


@functools.lru_cache(maxsize=256)  # a batch's contracts have the same few sequences of clauses
def _numbered(found: tuple[str | None, ...]) -> tuple[list[str], tuple[Mark, ...]]:
    """For the markers of a body in order ("document:clause id" of a start, None of an end): the
    numbered bookmark tags, and the marks."""
    tags: list[str] = []
    marks: list[Mark] = []
    open_ids: list[int] = []
    for marker in found:
        if marker is None:  # an end: closes the latest open start
            tags.append(f'<w:bookmarkEnd w:id="{open_ids.pop() if open_ids else 0}"/>')
            continue
        n = len(marks) + 1
        document, clause_id = marker.split(":", 1)
        name = bookmark_name(n, clause_id)
        marks.append(Mark(name, int(document), clause_id))
        tags.append(f'<w:bookmarkStart w:id="{n}" w:name="{name}"/>')
        open_ids.append(n)
    return tags, tuple(marks)


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def deal_digest(deal) -> str:
    """SHA-256 of a deal's parameters (a pydantic model), independent of how its file was written."""
    return digest(deal.model_dump_json())


def _sources(document: Contract) -> dict[str, str]:
    """Each section's and clause's source in ``document``; the first one given for an id."""
    pairs = []
    for section in document.front + document.sections + document.back:
        pairs.append((section.id, section.source))
        pairs += [(block.clause_id, block.source) for block in section.blocks]
    return dict(reversed(pairs))


def _clause_rows(contract: Contract, marks: list[Mark]) -> list[str]:
    documents = contract.documents
    sources = [_sources(document) for document in documents]
    rows = []
    for i, document in enumerate(documents):
        rows.append(f"<document n=\"{i}\" family={quoteattr(document.family)} title={quoteattr(document.title)}/>")
    seen = set()
    for mark in marks:
        key = (mark.document, mark.clause_id)
        if key not in seen and mark.document < len(documents):
            seen.add(key)
            document = documents[mark.document]
            rows.append(_clause_row(mark.document, mark.clause_id, document.labels.get(mark.clause_id, ""),
                                    PARTS.get(mark.clause_id) or document.titles.get(mark.clause_id, ""),
                                    sources[mark.document].get(mark.clause_id, "")))
        rows.append(_bookmark_row(mark.bookmark, mark.document, mark.clause_id))
    return rows


# A batch writes the same few hundred rows into every contract: each is built once per process.
@functools.lru_cache(maxsize=65536)
def _clause_row(document: int, clause_id: str, number: str, title: str, source: str) -> str:
    return (f"<clause doc=\"{document}\" id={quoteattr(clause_id)} number={quoteattr(number)} title={quoteattr(title)}"
            f" source={quoteattr(source)}/>")


@functools.lru_cache(maxsize=65536)
def _bookmark_row(bookmark: str, document: int, clause_id: str) -> str:
    return f"<bookmark name=\"{bookmark}\" doc=\"{document}\" id={quoteattr(clause_id)}/>"


def properties(contract: Contract, version: str, text: str, deal: str | None) -> dict[str, str]:
    """The document-level facts, as custom properties."""
    props = {"family": contract.family, "library": contract.library_version, "version": version,
             "text": digest(text)}
    if deal:
        props["deal"] = deal
    return {PROPERTY_PREFIX + k: v for k, v in props.items()}


def clause_map_xml(contract: Contract, marks: list[Mark], props: dict[str, str]) -> bytes:
    attrs = "".join(f" {k.removeprefix(PROPERTY_PREFIX)}={quoteattr(v)}" for k, v in props.items())
    rows = "".join(_clause_rows(contract, marks))
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<aicontract xmlns="{NAMESPACE}"{attrs}>'
            f"{rows}</aicontract>").encode("utf-8")


def custom_properties_xml(props: dict[str, str], kept: list[str] = ()) -> bytes:
    """docProps/custom.xml: the template's own properties (``kept``, raw XML) and ours."""
    items = list(kept)
    for name, value in props.items():
        items.append(f'<property fmtid="{_FMTID}" pid="0" name={quoteattr(name)}><vt:lpwstr>{escape(value)}'
                     f"</vt:lpwstr></property>")
    items = [re.sub(r'pid="\d+"', f'pid="{pid}"', item, count=1) for pid, item in enumerate(items, start=2)]
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"'
            ' xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
            + "".join(items) + "</Properties>").encode("utf-8")


_PROPERTY = re.compile(r"<(?:\w+:)?property\b.*?</(?:\w+:)?property>", re.S)


def kept_properties(xml: str) -> list[str]:
    """A template's own custom properties, ours (from an earlier draft) left out."""
    return [p for p in _PROPERTY.findall(xml) if f'name="{PROPERTY_PREFIX}' not in p]


class PackagePlan:
    """Where the metadata goes in a template's package: part names and the relationship and
    content-type entries to add, computed once per template."""

    def __init__(self, names: list[str], read):
        self.has_custom = CUSTOM_PROPS in names
        self.kept = kept_properties(read(CUSTOM_PROPS).decode("utf-8")) if self.has_custom else []
        n = 1
        while f"customXml/item{n}.xml" in names:
            n += 1
        self.item, self.item_props, self.item_rels = (f"customXml/item{n}.xml", f"customXml/itemProps{n}.xml",
                                                      f"customXml/_rels/item{n}.xml.rels")
        self.item_id = f"{{6A1C0E11-AC16-4000-8000-{n:012d}}}"

    def patch(self, name: str, xml: str) -> str:
        """The template's content types and relationships, with our parts added."""
        if name == CONTENT_TYPES:
            add = f'<Override PartName="/{self.item_props}" ContentType="application/vnd.openxmlformats-officedocument.customXmlProperties+xml"/>'
            if not self.has_custom:
                add += (f'<Override PartName="/{CUSTOM_PROPS}" ContentType="application/vnd.openxmlformats-'
                        'officedocument.custom-properties+xml"/>')
            if 'Extension="xml"' not in xml:
                add += '<Default Extension="xml" ContentType="application/xml"/>'
            return xml.replace("</Types>", add + "</Types>")
        if name == PACKAGE_RELS and not self.has_custom:
            return xml.replace("</Relationships>", '<Relationship Id="rIdAicontractProps" Type="http://schemas.'
                               'openxmlformats.org/officeDocument/2006/relationships/custom-properties" '
                               f'Target="{CUSTOM_PROPS}"/></Relationships>')
        if name == DOCUMENT_RELS:
            return xml.replace("</Relationships>", '<Relationship Id="rIdAicontractClauses" Type="http://schemas.'
                               'openxmlformats.org/officeDocument/2006/relationships/customXml" '
                               f'Target="../{self.item}"/></Relationships>')
        return xml

    def static_parts(self) -> list[tuple[str, bytes]]:
        props = ('<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n<ds:datastoreItem ds:itemID="'
                 f'{self.item_id}" xmlns:ds="http://schemas.openxmlformats.org/officeDocument/2006/customXml">'
                 f'<ds:schemaRefs><ds:schemaRef ds:uri="{NAMESPACE}"/></ds:schemaRefs></ds:datastoreItem>')
        rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.'
                'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
                'openxmlformats.org/officeDocument/2006/relationships/customXmlProps" Target="'
                f'{self.item_props.rsplit("/", 1)[1]}"/></Relationships>')
        return [(self.item_props, props.encode("utf-8")), (self.item_rels, rels.encode("utf-8"))]
