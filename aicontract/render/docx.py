"""Contract -> .docx through the family's docxtpl template, compiled once per process.

The template's jinja tags are prepared with docxtpl (its {%p %}/{%tr %}/{%tc %} tags and
run clean-up) and compiled once; each contract then costs one render of the body XML, the
table fix-up, and one deflate of document.xml. The template's other parts (styles, numbering,
footers…) are compressed once and copied into every output. A naive docxtpl loop re-reads,
re-parses and re-deflates all of them for every contract (benchmarks/batch.py measures both).

Values are XML-escaped (autoescape), so ``&``, ``<`` or ``]]>`` in a party's name cannot
break the document; newlines become line breaks (docxtpl's listing rules). The template is
rendered in a sandboxed jinja2 environment with StrictUndefined. Zip entries carry fixed
timestamps and core properties are fixed, so the same deal gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import re
import zipfile
from importlib import resources
from pathlib import Path
from xml.sax.saxutils import escape

from docxtpl import DocxTemplate
from jinja2 import Environment, StrictUndefined, TemplateError

from ..drafting.contract import Contract
from ..errors import InputError
from ..library import bundled_family
from ..library.limits import BoundedSandbox, check_output, time_budget
from ..library.textenv import check_template
from ..version import __version__
from .block_memo import compile_memoised
from .layout import FILTERS as LAYOUT
from .meta import (
    CONTENT_TYPES,
    CUSTOM_PROPS,
    DOCUMENT_RELS,
    PACKAGE_RELS,
    PackagePlan,
    clause_map_xml,
    custom_properties_xml,
    mark_clauses,
    properties,
)
from .text import render_text
from .zipwriter import Entry, write_zip

FIXED_TIME = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)
DOCUMENT, CORE = "word/document.xml", "docProps/core.xml"
_TAG = re.compile(r"\{\{|\{%")
_LISTING_CHARS = "\n\t\a\f"

CORE_XML = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"'
    ' xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"'
    ' xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
    "<dc:title>{title}</dc:title><dc:subject>{subject}</dc:subject><dc:creator>aicontract</dc:creator>"
    "<cp:keywords>{keywords}</cp:keywords><dc:description>{comments}</dc:description>"
    "<cp:lastModifiedBy>aicontract</cp:lastModifiedBy><cp:revision>1</cp:revision>"
    '<dcterms:created xsi:type="dcterms:W3CDTF">{time}</dcterms:created>'
    '<dcterms:modified xsi:type="dcterms:W3CDTF">{time}</dcterms:modified>'
    "</cp:coreProperties>"
)


@functools.lru_cache(maxsize=None)
def bundled_template(name: str) -> Path:
    return Path(str(resources.files("aicontract.templates") / name))


def environment(sandboxed: bool = True) -> Environment:
    """Templates from users run sandboxed; the bundled ones, reviewed with the package, run
    without the sandbox's per-attribute checks (a third of the render time). Either way values
    are escaped data, never code, and a missing name is an error."""
    if sandboxed:
        env = BoundedSandbox(autoescape=True, undefined=StrictUndefined)
        env.filters.update(LAYOUT)  # signature blocks, gaps by Chinese title, headings (layout.py)
        env.seal_filters()
        return env
    env = Environment(autoescape=True, undefined=StrictUndefined)
    env.filters.update(LAYOUT)
    return env


class TemplateFileError(InputError):
    """A Word template that cannot be used; the message names the file."""


MAX_PART, MAX_PACKAGE = 20_000_000, 50_000_000  # bytes unpacked: one part, the whole template
# what a firm's template must keep to hold a contract (tools/build_templates.py, README)
BODY_TAGS = {"c.blocks / d.blocks": re.compile(r"\.blocks\b"), "c.parties / d.parties": re.compile(r"\.parties\b"),
             "c.signature_rows / d|signature_block": re.compile(r"signature_rows|signature_block")}


def check_package(path: Path, data: bytes) -> None:
    """A firm's template is refused, naming the reason, when a part is oversized, declares a
    DOCTYPE (entity tricks) or points outside the file (external relationships)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise TemplateFileError(f"{path}: 不是可用的 Word 模板 / not a usable .docx template: not a zip file") from None
    with archive:
        infos = archive.infolist()
        big = [i.filename for i in infos if i.file_size > MAX_PART]
        if big or sum(i.file_size for i in infos) > MAX_PACKAGE:
            raise TemplateFileError(f"{path}: 模板过大（{', '.join(big) or '合计'}超过限制） / the template is too large: "
                                    f"a part over {MAX_PART // 1_000_000} MB or {MAX_PACKAGE // 1_000_000} MB in all")
        for info in infos:
            if not info.filename.endswith((".xml", ".rels")):
                continue
            head = archive.read(info.filename)
            if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                raise TemplateFileError(f"{path}: 模板的 {info.filename} 含有 DOCTYPE 声明，拒绝使用 / "
                                        f"{info.filename} declares a DOCTYPE: refused")
            if info.filename.endswith(".rels") and re.search(rb'TargetMode\s*=\s*"External"', head):
                raise TemplateFileError(f"{path}: 模板的 {info.filename} 含有外部链接，拒绝使用 / {info.filename} has "
                                        "an external relationship (a link outside the file): refused")


def check_body_tags(path: Path, body: str) -> None:
    """A firm's template without the body tags would give an empty contract: refused, naming them."""
    missing = [name for name, pattern in BODY_TAGS.items() if not pattern.search(body)]
    if missing:
        raise TemplateFileError(f"{path}: 模板缺少正文标签 {'、'.join(missing)}，无法容纳合同（见 tools/build_templates.py） / "
                                f"the template lacks the body tags {', '.join(missing)}")


# --- the compiled template ----------------------------------------------------------------------


def _text_width(document) -> int:
    """Text width of the first section, in twentieths of a point."""
    section = document.sections[0]
    return int((section.page_width - section.left_margin - section.right_margin) / 635)


_GRID = re.compile(r"<w:tblGrid>.*?</w:tblGrid>", re.S)
_CELL_TEXT = re.compile(r"<w:t(?: [^>]*)?>([^<]*)</w:t>")
_CELL_WIDTH = re.compile(r"<w:tcW [^>]*/>")


def _spans(text: str, start: str, end: str, after: str = "") -> list[tuple[int, int]]:
    """Where re.finditer(start + "[after]" + ".*?" + end, text, re.S) matches (``after``: the
    characters one of which must follow ``start``), found with str.find, which is faster."""
    spans, at, head = [], 0, len(start) + (1 if after else 0)
    while (found := text.find(start, at)) >= 0:
        if after and text[found + len(start): found + head] not in after:
            at = found + 1
            continue
        close = text.find(end, found + head)
        if close < 0:
            break
        at = close + len(end)
        spans.append((found, at))
    return spans


def _rows(table: str) -> list[tuple[int, int]]:
    return _spans(table, "<w:tr", "</w:tr>", after=" >")


def _cells(row: str) -> list[tuple[int, int]]:
    return _spans(row, "<w:tc>", "</w:tc>")


def _replace(text: str, spans: list[tuple[int, int]], replace) -> str:
    """``text`` with each span's text passed through ``replace``."""
    out, at = [], 0
    for start, end in spans:
        out += [text[at:start], replace(text[start:end])]
        at = end
    out.append(text[at:])
    return "".join(out)


CHAR_WIDTH, CELL_MARGINS = 210, 216 + 24  # a 10.5 pt Chinese character; left and right cell margins (twips)


def column_widths(longest: list[int], available: int) -> list[int]:
    """Widths (twips) in proportion to each column's longest text (dampened), but never narrower
    than its text up to five characters: 权属, 甲方, 应用场景 never wrap one character per line."""
    weights = [min(max(n, 4), 80) ** 0.75 for n in longest]
    minimum = [min(n, 5) * CHAR_WIDTH + CELL_MARGINS for n in longest]
    fixed: dict[int, int] = {}
    while True:  # columns below their minimum get it; the others share the rest by weight
        free = [i for i in range(len(longest)) if i not in fixed]
        rest = available - sum(fixed.values())
        total = sum(weights[i] for i in free) or 1
        short = [i for i in free if rest * weights[i] / total < minimum[i]]
        if not short or len(short) == len(free):
            break
        fixed.update({i: minimum[i] for i in short})
    return [fixed[i] if i in fixed else int(rest * weights[i] / total) for i in range(len(longest))]


def fit_tables(xml: str, available: int) -> str:
    """Give each data table (style TableGrid) one grid column per rendered cell, each as wide
    as its text needs (序号 narrow, 内容说明 wide). docxtpl's {%tc %} column loop leaves the
    template's grid behind; this replaces its fix_tables and works on the text, without
    parsing the whole document."""

    def fix(table: str) -> str:
        if 'w:tblStyle w:val="TableGrid"' not in table:
            return table
        return _fit_table(table, available)

    return _replace(xml, _spans(xml, "<w:tbl>", "</w:tbl>"), fix)


@functools.lru_cache(maxsize=256)  # a batch writes the same tables (those without the deal's values) again and again
def _fit_table(table: str, available: int) -> str:
    """One data table, its grid and cells sized to their text."""
    rows = [[row[a:b] for a, b in _cells(row)] for row in (table[a:b] for a, b in _rows(table))]
    columns = max((len(cells) for cells in rows), default=0)
    if not columns:
        return table
    longest = [1] * columns
    for cells in rows:
        for i, cell in enumerate(cells):
            longest[i] = max(longest[i], sum(len(t) for t in _CELL_TEXT.findall(cell)))
    widths = column_widths(longest, available)
    grid = "<w:tblGrid>" + "".join(f'<w:gridCol w:w="{w}"/>' for w in widths) + "</w:tblGrid>"
    table = _GRID.sub(grid, table, count=1)

    def size_cells(row: str) -> str:
        cells = iter(widths)
        return _replace(row, _cells(row), lambda cell: _CELL_WIDTH.sub(
            f'<w:tcW w:w="{next(cells, widths[-1])}" w:type="dxa"/>', cell, count=1))

    return _replace(table, _rows(table), size_cells)


class CompiledTemplate:
    """A Word template prepared once: its body as a compiled jinja template, every other part
    deflated and ready to copy."""

    def __init__(self, path: Path, sandboxed: bool = True):
        self.path = Path(path)
        self.sandboxed = sandboxed
        try:
            data = self.path.read_bytes()
        except OSError as exc:
            raise TemplateFileError(f"{path}: 无法读取 / cannot read: {exc.strerror or exc}") from None
        if sandboxed:
            check_package(self.path, data)
        try:
            self._tpl = DocxTemplate(io.BytesIO(data))
            self._tpl.init_docx()
        except Exception as exc:  # not a .docx, damaged zip, …
            raise TemplateFileError(f"{path}: 不是可用的 Word 模板 / not a usable .docx template: {exc}") from None
        env = environment(sandboxed)
        body = self._lines(self._tpl.patch_xml(self._tpl.get_xml()))
        if sandboxed:
            check_body_tags(self.path, body)
        self._body = self._compile(env, body, sandboxed)
        self._width = _text_width(self._tpl.docx)
        with zipfile.ZipFile(io.BytesIO(data)) as zin:
            document = zin.read(DOCUMENT).decode("utf-8")
            self._prefix = document[: document.index("<w:body")]
            self._suffix = document[document.index("</w:body>") + len("</w:body>"):]
            self._parts: list[tuple[str, object]] = []
            self._plan = PackagePlan(zin.namelist(), zin.read)
            for info in zin.infolist():
                name = info.filename
                if name in (DOCUMENT, CORE, CUSTOM_PROPS):
                    self._parts.append((name, None))
                    continue
                content = zin.read(name)
                if name in (CONTENT_TYPES, PACKAGE_RELS, DOCUMENT_RELS):
                    content = self._plan.patch(name, content.decode("utf-8")).encode("utf-8")
                if name.startswith(("word/header", "word/footer")) and _TAG.search(content.decode("utf-8")):
                    xml = self._lines(self._tpl.patch_xml(content.decode("utf-8")))
                    self._parts.append((name, self._compile(env, xml, sandboxed)))  # rendered per contract
                else:
                    self._parts.append((name, Entry(name, content)))
            # the clause map (customXml) and the custom properties, written per contract (meta.py)
            self._parts += [(name, Entry(name, content)) for name, content in self._plan.static_parts()]
            self._parts.append((self._plan.item, None))
            if not self._plan.has_custom:
                self._parts.append((CUSTOM_PROPS, None))

    def _compile(self, env, source: str, check: bool):
        # docxtpl's escapes for a literal {{ … }} in a template become jinja literals here, in the
        # template, so that nothing is unescaped in the rendered values afterwards
        for escaped, literal in (("{_{", "{{ '{{' }}"), ("}_}", "{{ '}}' }}"), ("{_%", "{{ '{%' }}"), ("%_}", "{{ '%}' }}")):
            source = source.replace(escaped, literal)
        try:
            if check:
                check_template(source)
                return env.from_string(source)
            return compile_memoised(env, source)  # the bundled template: its paragraphs memoised
        except (TemplateError, ValueError) as exc:
            raise TemplateFileError(f"{self.path}: 模板有误 / template error: {exc}") from None

    def _lines(self, xml: str) -> str:
        """A firm's template gets docxtpl's line break before each paragraph (its error messages name
        lines, its whitespace control sees them); the bundled one is compiled as it is."""
        return re.sub(r"<w:p([ >])", r"\n<w:p\1", xml) if self.sandboxed else xml

    def _finish(self, xml: str) -> str:
        """docxtpl's post-processing of a rendered part: paragraphs, escapes, line breaks."""
        if self.sandboxed:  # the line breaks _lines put in
            xml = xml.replace("\n<w:p ", "<w:p ").replace("\n<w:p>", "<w:p>")
        if any(char in xml for char in _LISTING_CHARS):  # only values with line breaks or tabs need docxtpl's listing pass
            xml = self._tpl.resolve_listing(xml)
        return xml

    def _render(self, template, contract: Contract) -> str:
        """One part of the document; a firm's template within the limits of limits.py."""
        try:
            if not self.sandboxed:
                return template.render(c=contract)
            with time_budget():
                return check_output(template.render(c=contract), "template")
        except (TemplateError, ArithmeticError, TypeError, ValueError) as exc:
            # SecurityError, UndefinedError, a limit: the template asked for more than data
            raise TemplateFileError(f"{self.path}: 模板有误 / template error: {type(exc).__name__}: {exc}") from None

    def render(self, contract: Contract, deal_digest: str | None = None) -> bytes:
        body = fit_tables(self._finish(self._render(self._body, contract)), self._width)
        body, marks = mark_clauses(body)
        document = self._prefix + body + self._suffix
        props = properties(contract, __version__, render_text(contract), deal_digest)
        core = CORE_XML.format(
            title=escape(contract.title),
            subject=escape(contract.reference or ""),
            keywords=escape(f"aicontract-{__version__} library-{contract.family}-{contract.library_version}"),
            comments=escape(f"aicontract {__version__}; clause library {contract.family} {contract.library_version}"),
            time=FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ"),
        )
        entries = []
        for name, part in self._parts:
            # the parts made per contract are deflated fast (zipwriter.py); the template's own
            # parts were deflated once, at zlib's level 9
            if name == DOCUMENT:
                entries.append(Entry(name, document.encode("utf-8"), fast=True))
            elif name == CORE:
                entries.append(Entry(name, core.encode("utf-8"), fast=True))
            elif name == CUSTOM_PROPS:
                entries.append(Entry(name, custom_properties_xml(props, self._plan.kept), fast=True))
            elif name == self._plan.item:
                entries.append(Entry(name, clause_map_xml(contract, marks, props), fast=True))
            elif isinstance(part, Entry):
                entries.append(part)
            else:
                entries.append(Entry(name, self._finish(self._render(part, contract)).encode("utf-8"), fast=True))
        return write_zip(entries)


@functools.lru_cache(maxsize=16)
def compiled_template(path: Path, sandboxed: bool = True) -> CompiledTemplate:
    return CompiledTemplate(path, sandboxed)


def render_docx(contract: Contract, template: Path | None = None, deal_digest: str | None = None) -> bytes:
    """The contract as .docx bytes: through the family's bundled template, or through a
    user's ``template`` (rendered sandboxed). ``deal_digest`` (meta.deal_digest) is recorded
    in the document's properties when given."""
    if template is None:
        bundled = bundled_template(bundled_family(contract.family).spec.template)
        return compiled_template(bundled, sandboxed=False).render(contract, deal_digest)
    return compiled_template(Path(template), sandboxed=True).render(contract, deal_digest)
