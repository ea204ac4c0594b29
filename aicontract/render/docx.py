"""Contract -> .docx through the family's docxtpl template.

Values are XML-escaped (autoescape), so ``&``, ``<`` or ``]]>`` in a party's name
cannot break the document; newlines become line breaks. The template is rendered
in a sandboxed jinja2 environment with StrictUndefined. The zip is rewritten with
fixed timestamps and fixed core properties, so the same deal gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import zipfile
from importlib import resources
from pathlib import Path

from docx.oxml.ns import qn
from docxtpl import DocxTemplate
from jinja2 import StrictUndefined
from jinja2.sandbox import ImmutableSandboxedEnvironment

from .. import __version__
from ..contract import Contract

FIXED_TIME = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)
ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def bundled_template(name: str) -> Path:
    return Path(str(resources.files("aicontract.templates") / name))


@functools.lru_cache(maxsize=16)
def _template_bytes(path: Path) -> bytes:
    return path.read_bytes()


def _environment() -> ImmutableSandboxedEnvironment:
    return ImmutableSandboxedEnvironment(autoescape=True, undefined=StrictUndefined)


def normalize_zip(data: bytes) -> bytes:
    """Same entries, same order, fixed timestamps: byte-identical output for equal input."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            dst.writestr(entry, src.read(info.filename))
    return out.getvalue()


def fit_columns(document) -> None:
    """Give each column of a data table a width that suits its text (序号 narrow, 内容说明 wide);
    docxtpl's column loop leaves every column the same width."""
    section = document.sections[0]
    available = section.page_width - section.left_margin - section.right_margin
    for table in document.tables:
        if table.style is None or table.style.name != "Table Grid":
            continue
        columns = len(table.columns)
        longest = [1] * columns
        for row in table.rows:
            for i, cell in enumerate(row.cells[:columns]):
                longest[i] = max(longest[i], len(cell.text))
        weights = [min(max(n, 4), 80) ** 0.75 for n in longest]
        widths = [int(available * w / sum(weights)) for w in weights]
        grid = table._tbl.tblGrid
        for col, width in zip(grid.findall(qn("w:gridCol")), widths):
            col.set(qn("w:w"), str(int(width / 635)))  # EMU -> twentieths of a point
        for row in table.rows:
            for cell, width in zip(row.cells, widths):
                cell.width = width


def render_docx(contract: Contract, template: Path | None = None) -> bytes:
    from ..library import bundled_family

    template = template or bundled_template(bundled_family(contract.family).spec.template)
    doc = DocxTemplate(io.BytesIO(_template_bytes(Path(template))))
    doc.render({"c": contract}, jinja_env=_environment(), autoescape=True)
    fit_columns(doc.docx)
    props = doc.docx.core_properties
    props.title = contract.title
    props.subject = contract.reference or ""
    props.author = props.last_modified_by = "aicontract"
    props.comments = f"aicontract {__version__}; clause library {contract.family} {contract.library_version}"
    props.keywords = f"aicontract-{__version__} library-{contract.family}-{contract.library_version}"
    props.created = props.modified = FIXED_TIME
    props.revision = 1
    buffer = io.BytesIO()
    doc.save(buffer)
    return normalize_zip(buffer.getvalue())
