"""README's Python example runs as printed, through the checked path."""

import io
import shutil

import docx

from helpers import EXAMPLES, ROOT


def readme_python_block() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return text.split("### From Python", 1)[1].split("```python", 1)[1].split("```", 1)[0]


def test_readme_python_example_runs_and_writes_a_checked_draft(tmp_path, monkeypatch, capsys):
    shutil.copytree(EXAMPLES, tmp_path / "examples")
    monkeypatch.chdir(tmp_path)
    exec(compile(readme_python_block(), "README.md", "exec"), {})
    document = docx.Document(io.BytesIO((tmp_path / "c.docx").read_bytes()))
    assert document.paragraphs[0].text or document.tables
    assert "项目合作合同" in "\n".join(p.text for p in document.paragraphs)


def test_readme_python_example_reports_an_incomplete_deal(tmp_path, monkeypatch, capsys):
    """The same code, given a deal whose acceptance criteria are a placeholder (待定), prints
    the failing item and writes nothing: the example goes through the check."""
    shutil.copytree(EXAMPLES, tmp_path / "examples")
    deal = tmp_path / "examples" / "cooperation.yaml"
    text = deal.read_text(encoding="utf-8")
    start = text.index("  criteria:")
    end = text.index("\n", text.index("\n", start) + 1)
    while text[end + 1:].startswith("    - "):
        end = text.index("\n", end + 1)
    deal.write_text(text[:start] + "  criteria:\n    - 待定\n" + text[end + 1:], encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    exec(compile(readme_python_block(), "README.md", "exec"), {})
    assert not (tmp_path / "c.docx").exists()
    assert "✗ 34.3 第三十四条（三）验收标准" in capsys.readouterr().out
