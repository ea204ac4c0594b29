"""render/docx.py: escaping. The template environments escape every value; the core properties
escape the title, the contract number and the versions (mutation testing)."""

import dataclasses
import io
import re
import zipfile
import zlib

import pytest
from isal import isal_zlib
from jinja2 import Environment, StrictUndefined, UndefinedError
from jinja2.sandbox import SecurityError

from aicontract import assemble, render_docx
from aicontract.library.limits import BoundedSandbox, LimitExceeded
from aicontract.render import docx as docx_render
from aicontract.render.layout import FILTERS as LAYOUT

from helpers import ROOT, make_deal


@pytest.fixture  # function-scoped: mutation testing attributes a fixture to the test that ran it
def core_xml():
    contract = dataclasses.replace(assemble(make_deal()), title="A&B <甲>", reference="R&D]]>\"1\"",
                                   library_version="1&2")
    with zipfile.ZipFile(io.BytesIO(render_docx(contract))) as z:
        return z.read("docProps/core.xml").decode("utf-8")


def test_core_properties_escape_the_title(core_xml):
    assert "<dc:title>A&amp;B &lt;甲&gt;</dc:title>" in core_xml


def test_core_properties_escape_the_contract_number(core_xml):
    assert "<dc:subject>R&amp;D]]&gt;\"1\"</dc:subject>" in core_xml


def test_core_properties_escape_the_versions(core_xml):
    assert "<cp:keywords>aicontract-0.1.0 library-cooperation-1&amp;2</cp:keywords>" in core_xml
    assert "<dc:description>aicontract 0.1.0; clause library cooperation 1&amp;2</dc:description>" in core_xml


def test_core_properties_fixed_time(core_xml):
    assert ('<dcterms:created xsi:type="dcterms:W3CDTF">2026-01-01T00:00:00Z</dcterms:created>'
            '<dcterms:modified xsi:type="dcterms:W3CDTF">2026-01-01T00:00:00Z</dcterms:modified>') in core_xml


def test_core_properties_without_contract_number():
    contract = dataclasses.replace(assemble(make_deal()), reference=None)
    with zipfile.ZipFile(io.BytesIO(render_docx(contract))) as z:
        assert "<dc:subject></dc:subject>" in z.read("docProps/core.xml").decode("utf-8")


@pytest.mark.parametrize("sandboxed, kind", [(True, BoundedSandbox), (False, Environment)])
def test_template_environments_escape_values(sandboxed, kind):
    env = docx_render.environment(sandboxed)
    assert type(env) is kind
    assert env.from_string("<w:t>{{ v }}</w:t>").render(v="A&B <w:p/> ]]>") == "<w:t>A&amp;B &lt;w:p/&gt; ]]&gt;</w:t>"


@pytest.mark.parametrize("sandboxed", [True, False])
def test_template_environments_refuse_missing_names(sandboxed):
    env = docx_render.environment(sandboxed)
    assert env.undefined is StrictUndefined
    with pytest.raises(UndefinedError, match="'c' is undefined"):
        env.from_string("{{ c.title }}").render()


def test_the_default_environment_is_sandboxed():
    assert type(docx_render.environment()) is BoundedSandbox
    with pytest.raises(SecurityError, match="unsafe"):
        docx_render.environment().from_string("{{ v.append(1) }}").render(v=[])


def user_template(tmp_path, part, old, new, count=1):
    """The bundled cooperation template with one part changed, as a user's template."""
    source = ROOT / "templates" / "cooperation.docx"
    target = tmp_path / "user.docx"
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            content = zin.read(info.filename)
            if info.filename == part:
                text = content.decode("utf-8")
                assert old in text
                content = text.replace(old, new, count).encode("utf-8")
            zout.writestr(info, content)
    return target


def test_a_footer_with_a_value_is_rendered_and_escaped(tmp_path):
    template = user_template(tmp_path, "word/footer1.xml", "第 </w:t>", "{{ c.reference }} 第 </w:t>")
    contract = dataclasses.replace(assemble(make_deal()), reference="R&D<1>")
    with zipfile.ZipFile(io.BytesIO(render_docx(contract, template))) as z:
        assert z.testzip() is None
        footer = z.read("word/footer1.xml").decode("utf-8")
    assert '<w:t xml:space="preserve">R&amp;D&lt;1&gt; 第 </w:t>' in footer
    assert "{{" not in footer


def _deflated_size(content: bytes, level: int) -> int:
    """Level 1: ISA-L's fast deflate (what a contract's own parts get); 9: zlib's best."""
    library = isal_zlib if level == 1 else zlib
    deflater = library.compressobj(level, library.DEFLATED, -15)
    return len(deflater.compress(content) + deflater.flush())


def test_parts_made_per_contract_are_deflated_fast_and_the_templates_own_parts_best(tmp_path):
    template = user_template(tmp_path, "word/footer1.xml", "第 </w:t>", "{{ c.title }} 第 </w:t>")
    with zipfile.ZipFile(io.BytesIO(render_docx(assemble(make_deal()), template))) as z:
        sizes = {i.filename: (i.compress_size, _deflated_size(z.read(i.filename), 1), _deflated_size(z.read(i.filename), 9))
                 for i in z.infolist()}
    for name in ("word/document.xml", "docProps/core.xml", "word/footer1.xml"):
        assert sizes[name][0] == sizes[name][1], name  # ISA-L, level 1
    assert sizes["word/styles.xml"][0] == sizes["word/styles.xml"][2]  # level 9
    assert sizes["word/document.xml"][1] != sizes["word/document.xml"][2]


def test_a_template_asking_for_more_than_the_contract_has(tmp_path):
    template = user_template(tmp_path, "word/document.xml", "{{ b.text }}", "{{ b.nothing }}", count=-1)
    message = "^" + re.escape(f"{template}: 模板有误 / template error: ") + ".*nothing"
    with pytest.raises(docx_render.TemplateFileError, match=message):
        render_docx(assemble(make_deal()), template)


def test_both_environments_have_the_layout_filters_the_sandbox_bounds_them():
    trusted, sandboxed = docx_render.environment(False), docx_render.environment(True)
    for name, function in LAYOUT.items():
        assert trusted.filters[name] is function
        assert sandboxed.filters[name].__wrapped__ is function
    with pytest.raises(LimitExceeded, match=r"^filter center: argument 300000 too large / 参数过大$"):
        sandboxed.from_string("{{ 'a'|center(300000) }}").render()


def test_a_footer_asking_for_more_than_the_contract_has(tmp_path):
    template = user_template(tmp_path, "word/footer1.xml", "第 </w:t>", "{{ c.nothing }} 第 </w:t>")
    message = "^" + re.escape(f"{template}: 模板有误 / template error: UndefinedError: ") + ".*nothing"
    with pytest.raises(docx_render.TemplateFileError, match=message):
        render_docx(assemble(make_deal()), template)
