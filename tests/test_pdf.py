"""LibreOffice headless converts the drafted example; the PDF shows every section,
every sub-clause number and every value, with CJK text rendered."""

import subprocess

import pytest

from aicontract import assemble, render_docx
from aicontract.render.pdf import convert_many

from conftest import make_deal
from helpers import LEFTOVERS, expected_values, squash
from test_appendix2_inventory import source_sections, source_subclauses


@pytest.fixture(scope="module")
def pdf_text(tmp_path_factory):
    folder = tmp_path_factory.mktemp("pdf")
    source = folder / "cooperation.docx"
    source.write_bytes(render_docx(assemble(make_deal())))
    (pdf,) = convert_many([source], folder / "out")
    pages = int(next(l for l in subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
                     .stdout.splitlines() if l.startswith("Pages:")).split()[1])
    text = subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return pages, squash(text)


def test_plausible_page_count(pdf_text):
    pages, _ = pdf_text
    assert 6 <= pages <= 20


def test_every_heading_and_subclause_number(pdf_text):
    _, text = pdf_text
    for number, title in source_sections().items():
        assert f"{number}{title}" in text
    for number in source_subclauses():
        assert number in text
    assert "（1）" in text and "（4）" in text


def test_every_value_rendered(pdf_text):
    _, text = pdf_text
    for path, value in expected_values(make_deal()).items():
        assert squash(value) in text, path


def test_no_leftovers(pdf_text):
    _, text = pdf_text
    for leftover in LEFTOVERS:
        assert leftover not in text
