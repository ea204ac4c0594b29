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


def render_docx(contract: Contract, template: Path | None = None) -> bytes:
    from ..library import bundled_family

    template = template or bundled_template(bundled_family(contract.family).spec.template)
    doc = DocxTemplate(io.BytesIO(_template_bytes(Path(template))))
    doc.render({"c": contract}, jinja_env=_environment(), autoescape=True)
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
