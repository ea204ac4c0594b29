"""What a firm supplies (clause files, a Word template) runs with bounded work: huge powers,
products, paddings and loops, attribute tricks and %-formatting are refused with the file, the
clause and the reason, exit 2 — never a hang, a traceback or a giant document."""

import zipfile

import pytest
from click.testing import CliRunner

from aicontract import LibraryError, assemble
from aicontract.cli import main
from aicontract.library import load_family
from aicontract.library.limits import MAX_TEXT, BoundedSandbox, LimitExceeded, bounded_range

from helpers import EXAMPLES, ROOT, make_deal

DEAL = str(EXAMPLES / "cooperation.yaml")


def firm_library(tmp_path, text: str):
    folder = tmp_path / "firm" / "cooperation"
    folder.mkdir(parents=True)
    (folder / "99_extra.yaml").write_text(
        "id: general\nsource: 指南 附录二 15\nclauses:\n  - id: general.extra\n    title: 补充\n"
        f"    source: aicontract 起草（依据 指南 附录二 15）\n    text: '{text}'\n", encoding="utf-8")
    return tmp_path / "firm"


@pytest.mark.parametrize("text, reason", [
    ("{{ 10**(10**9) }}", "LimitExceeded: exponent 1000000000 too large / 指数过大"),
    ('{{ "a"*(3*10**8) }}', "LimitExceeded: repetition to 300000000 characters / 重复过多"),
    ("{{ party_a.name|center(10**9) }}", "LimitExceeded: filter center: argument 1000000000 too large / 参数过大"),
    ('{{ "%999999999d" % 1 }}', "LimitExceeded: %-formatting of text is not allowed / 不允许用 % 格式化文字"),
    ('{{ party_a.name|attr("__class__") }}', "the attr filter is not allowed in clause text"),
    ('{{ work_tasks|map(attribute="__class__")|list }}', "filter map: attribute '__class__' is not allowed in clause text"),
    ('{{ work_tasks|sum(attribute="__init__") }}', "filter sum: attribute '__init__' is not allowed in clause text"),
])
def test_a_firm_clause_asking_for_unbounded_work_is_refused(tmp_path, text, reason):
    library = firm_library(tmp_path, text)
    result = CliRunner().invoke(main, ["draft", DEAL, "-o", str(tmp_path / "c.docx"), "--library", str(library)])
    assert result.exit_code == 2, result.output
    assert "条款库有误 / clause library error" in result.output
    assert "99_extra.yaml" in result.output and "general.extra" in result.output and reason in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "c.docx").exists()


def test_constant_expressions_are_not_folded_while_a_library_loads(tmp_path):
    """jinja's optimizer would compute 10**(10**9) while the library is validated: it is off."""
    family = load_family("cooperation", overlay=firm_library(tmp_path, "{{ 10**(10**9) }}"))
    with pytest.raises(LibraryError, match="exponent 1000000000 too large"):
        assemble(make_deal(), family)


def make_template(tmp_path, part: str, payload: str):
    source = ROOT / "templates" / "cooperation.docx"
    target = tmp_path / "firm.docx"
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w") as zout:
        names = zin.namelist()
        chosen = part if part in names else next(n for n in names if n.startswith(part))
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == chosen:
                text = data.decode("utf-8")
                at = text.index("<w:p ") if "<w:p " in text else text.index("<w:p>")
                data = (text[:at] + f"<w:p><w:r><w:t>{payload}</w:t></w:r></w:p>" + text[at:]).encode("utf-8")
            zout.writestr(info, data)
    return target


@pytest.mark.parametrize("part, payload, reason", [
    ("word/document.xml", "{{ c.title|center(10**9) }}", "filter center: argument 1000000000 too large"),
    ("word/document.xml", "{% for i in range(10**9) %}x{% endfor %}", "range(1000000000,): more than 10000 steps"),
    ("word/document.xml", "{{ c.title * 10**7 }}", "repetition to"),
    ("word/footer", "{{ c.title|attr('__class__') }}", "filter attr with '__class__' is not allowed in a template"),
])
def test_a_firm_template_asking_for_unbounded_work_is_refused(tmp_path, part, payload, reason):
    template = make_template(tmp_path, part, payload)
    result = CliRunner().invoke(main, ["draft", DEAL, "-o", str(tmp_path / "c.docx"), "--template", str(template)])
    assert result.exit_code == 2, result.output
    assert "firm.docx: 模板有误 / template error" in result.output and reason in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "c.docx").exists()


def test_limits_at_their_edges():
    env = BoundedSandbox()
    assert env.call_binop(None, "**", 2, 64) == 2**64
    with pytest.raises(LimitExceeded, match="exponent 65 too large"):
        env.call_binop(None, "**", 2, 65)
    assert len(env.call_binop(None, "*", "ab", MAX_TEXT // 2)) == MAX_TEXT
    with pytest.raises(LimitExceeded, match=f"repetition to {MAX_TEXT + 2} characters"):
        env.call_binop(None, "*", "ab", MAX_TEXT // 2 + 1)
    with pytest.raises(LimitExceeded, match="text longer than"):
        env.call_binop(None, "+", "a" * MAX_TEXT, "b")
    assert list(bounded_range(3)) == [0, 1, 2] and len(bounded_range(10_000)) == 10_000
    with pytest.raises(LimitExceeded, match="more than 10000 steps"):
        bounded_range(10_001)
    with pytest.raises(LimitExceeded, match="number too large"):
        env.call_binop(None, "*", 2**100, 2**100)


def test_the_bundled_library_is_not_slowed_by_the_limits(tmp_path):
    """The bundled library is filled without the sandbox (README: a third of the batch time)."""
    from aicontract.library import bundled_family

    assert bundled_family("cooperation").text.trusted
    (tmp_path / "cooperation").mkdir()
    assert not load_family("cooperation", overlay=tmp_path).text.trusted  # any overlay is a firm's
