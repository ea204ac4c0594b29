"""Every document of the labelled review corpus, annotated: the copy opens with python-docx, has
one comment per finding and per item not covered, each anchored on the line it concerns, and
LibreOffice converts every copy."""

import shutil
import subprocess

import docx
import pytest
from docx.oxml.ns import qn

from aicontract.review import annotated_docx, review

from helpers import ROOT

CORPUS = sorted((ROOT / "tests" / "review_corpus" / "docs").iterdir())


@pytest.fixture(scope="module")
def annotated(tmp_path_factory):
    folder = tmp_path_factory.mktemp("annotated")
    out = {}
    for source in CORPUS:
        result = review(source)
        path = folder / (source.stem + ".docx")
        path.write_bytes(annotated_docx(result))
        out[source.name] = (result, path)
    return out


@pytest.mark.parametrize("name", [p.name for p in CORPUS])
def test_each_finding_is_a_comment_on_its_line(annotated, name):
    result, path = annotated[name]
    document = docx.Document(str(path))
    paragraphs = {}
    for start in document.element.body.iter(qn("w:commentRangeStart")):
        paragraph = next(a for a in start.iterancestors() if a.tag == qn("w:p"))
        paragraphs[int(start.get(qn("w:id")))] = "".join(t.text or "" for t in paragraph.iter(qn("w:t")))
    comments = [(c.text, paragraphs[c.comment_id]) for c in document.comments]
    problems = [f for f in result.findings if not f.ok]
    open_items = [i for i in result.items if i.status != "covered"]
    assert len(comments) == len(problems) + len(open_items)
    for finding in problems:
        assert (f"{finding.where}：{finding.message}", finding.line.text) in comments
    title = next(line.text for line in result.document.lines if line.text.strip())
    for item in open_items:
        (text, anchor) = next((t, a) for t, a in comments if t.startswith(f"{item.id} "))
        assert anchor == (item.evidence[0].line.text if item.evidence else title)
    # the text is the document's, line for line
    assert [p.text for p in document.paragraphs] == [line.text for line in result.document.lines]


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is installed by .ci/run")
def test_libreoffice_converts_every_annotated_copy(annotated, tmp_path):
    paths = [str(path) for _, path in annotated.values()]
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path / "pdf"), *paths], capture_output=True, timeout=600, check=True)
    assert sorted(p.stem for p in (tmp_path / "pdf").iterdir() if p.stat().st_size > 1000) == sorted(p.stem for p in CORPUS)
