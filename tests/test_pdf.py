"""Visual check: every bundled example is converted by LibreOffice headless (one process for
all), then to PNG; page counts are plausible and the CJK text rendered (pdftotext finds the
parties' names), so a broken font or layout is caught. For the 附录二 example, every section,
sub-clause number and value is in the PDF."""

import io
import re
import subprocess

import pytest
from docx import Document
from test_appendix2_inventory import source_sections, source_subclauses

from aicontract import assemble, load_deal, render_docx, render_text
from aicontract.render.pdf import Conversions, PdfError, convert_many

from helpers import EXAMPLES, LEFTOVERS, expected_values, make_deal, squash

PAGES = {"cooperation": (15, 40), "data_processing": (3, 10), "changzhou": (15, 30), "tech_development_ai": (20, 45)}


def pdf_pages(pdf) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(next(line for line in info.splitlines() if line.startswith("Pages:")).split()[1])


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("pdf")
    sources = []
    for name in PAGES:
        source = folder / f"{name}.docx"
        source.write_bytes(render_docx(assemble(load_deal(EXAMPLES / f"{name}.yaml"))))
        sources.append(source)
    return dict(zip(PAGES, convert_many(sources, folder / "out")))


def pdf_text(pdf) -> str:
    text = subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    # a paragraph that crosses a page break has the footer (第 X 页 共 Y 页) and a form feed inside it
    return re.sub(r"第\d+页共\d+页", "", squash(text.replace("\f", "")))


@pytest.mark.parametrize("name", list(PAGES))
def test_plausible_pages_and_cjk_rendered(pdfs, name, tmp_path):
    low, high = PAGES[name]
    assert low <= pdf_pages(pdfs[name]) <= high
    deal = load_deal(EXAMPLES / f"{name}.yaml")
    text = pdf_text(pdfs[name])
    assert squash(deal.party_a.name) in text and squash(deal.party_b.name) in text
    for leftover in LEFTOVERS:
        assert leftover not in text
    subprocess.run(["pdftoppm", "-png", "-r", "40", "-f", "1", "-l", "1", str(pdfs[name]), str(tmp_path / "p")], check=True)
    (png,) = tmp_path.glob("p*.png")
    assert png.stat().st_size > 5_000  # a page with text on it, not a blank


def test_every_heading_and_subclause_number(pdfs):
    text = pdf_text(pdfs["cooperation"])
    for number, title in source_sections().items():
        assert f"{number}{title}" in text
    for number in source_subclauses():
        assert number in text
    assert "（1）" in text and "（4）" in text


def test_every_value_rendered(pdfs):
    text = pdf_text(pdfs["cooperation"])
    for path, value in expected_values(make_deal()).items():
        assert squash(value) in text, path


@pytest.mark.parametrize("name", list(PAGES))
def test_every_paragraph_whole_in_the_pdf(pdfs, name):
    """Every paragraph of the .docx is in the PDF, its punctuation included. LibreOffice 7.4 left
    out a ，。、；： that it hung past the margin at the end of a justified all-Chinese line (41
    paragraphs of these four examples) until the templates' Normal style said w:overflowPunct."""
    text = pdf_text(pdfs[name])
    document = Document(io.BytesIO(render_docx(assemble(load_deal(EXAMPLES / f"{name}.yaml")))))
    paragraphs = [squash(p.text) for p in document.paragraphs if p.text.strip()]
    assert len(paragraphs) > 50
    assert [p for p in paragraphs if p not in text] == []


@pytest.mark.parametrize("name", ["cooperation", "tech_development_ai"])
def test_no_amount_broken_across_lines(pdfs, name):
    """Word walkthrough: with the Latin text's language set to Chinese, LibreOffice broke figures at any
    character (“（小写：¥1,860,000.0” / “0）”); en-US for Latin text keeps each amount on one line."""
    lines = subprocess.run(["pdftotext", "-raw", str(pdfs[name]), "-"], capture_output=True, text=True,
                           check=True).stdout.splitlines()
    expected = re.findall(r"¥[\d,]+\.\d\d", render_text(assemble(load_deal(EXAMPLES / f"{name}.yaml"))))
    assert len(expected) >= 4
    whole = [a for line in lines for a in re.findall(r"¥[\d,]+\.\d\d", line)]
    assert sorted(whole) == sorted(expected)


def test_a_conversion_tells_how_many_pdfs_it_has_made_while_it_runs(tmp_path):
    """A LibreOffice start converts up to 50 files: the PDF bar sat at 0 % until all were done (clerk recheck item 5).
    A stand-in for LibreOffice writes two files a second apart; the watcher sees the first before the second."""
    seen: list[int] = []
    script = f": > '{tmp_path}/a.pdf'; sleep 1; : > '{tmp_path}/b.pdf'; sleep 0.6"
    result = Conversions().run(["sh", "-c", script], timeout=30, watch=tmp_path, made=seen.append)
    assert result.returncode == 0
    assert 1 in seen and seen == sorted(seen) and set(seen) <= {0, 1, 2}
    with pytest.raises(PdfError, match="^LibreOffice 在 1 秒内未完成转换 / conversion timed out after 1 s$"):
        Conversions().run(["sleep", "5"], timeout=1)
