"""The command line: drafts, refuses bad input with field-level messages, never clobbers."""

import json
import subprocess
import sys

import docx
import pytest
from click.testing import CliRunner

from aicontract import assemble, load_deal, render_docx
from aicontract.cli import main
from aicontract.io.deal_file import dump_yaml

from helpers import EXAMPLES, ROOT, example_data, merge

EXAMPLE = str(EXAMPLES / "cooperation.yaml")


def run(*args):
    return CliRunner().invoke(main, list(args))


def write_deal(tmp_path, changes, name="deal.yaml"):
    path = tmp_path / name
    path.write_text(dump_yaml(merge(example_data(), changes)), encoding="utf-8")
    return path


@pytest.mark.parametrize("suffix", ["docx", "md", "txt"])
def test_draft_formats(tmp_path, suffix):
    out = tmp_path / f"c.{suffix}"
    result = run("draft", EXAMPLE, "-o", str(out))
    assert result.exit_code == 0, result.output
    if suffix == "docx":
        assert docx.Document(str(out)).paragraphs
    else:
        text = out.read_text(encoding="utf-8")
        assert "15.3 本合同壹式肆份" in text


def test_refuses_to_overwrite_without_force(tmp_path):
    out = tmp_path / "c.docx"
    out.write_bytes(b"the user's own file")
    result = run("draft", EXAMPLE, "-o", str(out))
    assert result.exit_code == 2
    assert "--force" in result.output
    assert out.read_bytes() == b"the user's own file"
    result = run("draft", EXAMPLE, "-o", str(out), "--force")
    assert result.exit_code == 0
    assert docx.Document(str(out)).paragraphs


def test_creates_missing_output_folder_and_leaves_no_temp_files(tmp_path):
    out = tmp_path / "new" / "folder" / "c.docx"
    assert run("draft", EXAMPLE, "-o", str(out)).exit_code == 0
    assert sorted(p.name for p in out.parent.iterdir()) == ["c.docx"]


def test_unsupported_format(tmp_path):
    result = run("draft", EXAMPLE, "-o", str(tmp_path / "c.odt"))
    assert result.exit_code == 2 and ".odt" in result.output


BAD = [
    ({"party_b": {"fax": "0519-1"}}, "party_b.fax", "未知字段", "unknown field"),
    ({"party_a": {"contact": ...}}, "party_a.contact", "缺少必填字段", "field required"),
    ({"term": {"start": "2026-13-01"}}, "term.start", "日期不存在：2026-13-01", "no such date"),
    ({"term": {"start": "5/1/2026"}}, "term.start", "日期格式不正确，可写作 2026-01-05、2026/1/5、2026.1.5、2026年1月5日", "not a date"),
    ({"force_majeure_days": "三十"}, "force_majeure_days", "应为整数", "whole number"),
    ({"funding": {"total": "一百万"}}, "funding.total", "金额格式不正确：“一百万”，可写作 1860000、1,860,000.00、¥1,860,000、186万元、壹佰捌拾陆万元整", "not an amount"),
    ({"funding": {"total": "壹佰万元整（¥1,000,001.00）"}}, "funding.total", "大写与小写金额不一致：1,000,000.00 ≠ 1,000,001.00",
     "the amount in words and in figures differ"),
    ({"ip": {"ownership": "甲方所有"}}, "ip.ownership", "应为以下选项之一", "must be one of"),
    ({"ip": {"ownership": "单方享有", "shares": ...}}, "ip.owner", "须填写权利人", "needs owner"),
    ({"ip": {"shares": ...}}, "ip.shares", "须填写共有比例", "needs shares"),  # the example's 双方按比例共有
    ({"dispute": {"commission": ...}}, "dispute", "仲裁委员会", "needs commission and seat"),
    ({"party_b": {"email": "not-an-email"}}, "party_b.email", "电子邮箱格式不正确", "not an e-mail"),
    ({"work_tasks": []}, "work_tasks", "至少需要 1 项", "at least 1"),
    ({"project": {"name": "  "}}, "project.name", "不能为空", "must not be blank"),
    ({"project": {"name": "控制\x07字符"}}, "project.name", "控制字符", "control character"),
]


@pytest.mark.parametrize("changes, path, chinese, english", BAD, ids=[b[1] + ":" + b[3] for b in BAD])
def test_bad_input_names_the_field_in_chinese_and_english(tmp_path, changes, path, chinese, english):
    deal = write_deal(tmp_path, changes)
    out = tmp_path / "c.docx"
    result = run("draft", str(deal), "-o", str(out))
    assert result.exit_code == 2
    assert f" {path}（" in result.output
    assert chinese in result.output and english in result.output
    assert not out.exists()


def test_error_names_the_chinese_title_and_line(tmp_path):
    deal = write_deal(tmp_path, {"party_b": {"email": "not-an-email"}})
    result = run("draft", str(deal), "-o", str(tmp_path / "c.docx"))
    assert "乙方（承建方） › 邮箱" in result.output
    line = next(i for i, text in enumerate(deal.read_text(encoding="utf-8").splitlines(), 1) if "not-an-email" in text)
    assert f"第{line}行 line {line}" in result.output


def test_yaml_syntax_error_names_file_and_line(tmp_path):
    deal = tmp_path / "broken.yaml"
    deal.write_text("family: cooperation\nparty_a:\n  name: [未闭合\n", encoding="utf-8")
    result = run("draft", str(deal), "-o", str(tmp_path / "c.docx"))
    assert result.exit_code == 2
    assert "broken.yaml" in result.output and "YAML" in result.output and "line" in result.output


def test_unknown_family(tmp_path):
    deal = write_deal(tmp_path, {"family": "lease"})
    result = run("draft", str(deal), "-o", str(tmp_path / "c.docx"))
    assert result.exit_code == 2 and "family" in result.output


def test_missing_file(tmp_path):
    result = run("draft", str(tmp_path / "nope.yaml"), "-o", str(tmp_path / "c.docx"))
    assert result.exit_code == 2 and "nope.yaml" in result.output


def test_json_deal_with_exact_amounts(tmp_path):
    data = example_data()
    path = tmp_path / "deal.json"
    path.write_text(json.dumps(data, ensure_ascii=False, default=str), encoding="utf-8")
    out = tmp_path / "c.txt"
    assert run("draft", str(path), "-o", str(out)).exit_code == 0
    assert "（小写：¥1,860,000.00）" in out.read_text(encoding="utf-8")


def test_clauses_lists_id_title_source():
    result = run("clauses")
    assert result.exit_code == 0
    assert "ip.ownership\t项目知识产权归属\t指南 附录二 7.2" in result.output
    assert "单方享有 / 双方共同共有 / 双方按比例共有" in result.output


def test_schema_is_the_deal_model():
    result = run("schema", "cooperation")
    schema = json.loads(result.output)
    assert schema["additionalProperties"] is False
    assert schema["properties"]["party_a"]["title"] == "甲方（建设方）"
    assert set(schema["$defs"]["IpOwnership"]["enum"]) == {"单方享有", "双方共同共有", "双方按比例共有"}


@pytest.mark.parametrize("command", [[], ["draft"], ["clauses"], ["schema"]])
def test_help_everywhere(command):
    result = run(*command, "--help")
    assert result.exit_code == 0 and "Usage" in result.output


def test_check_of_a_word_file_points_to_review(tmp_path):
    """Walkthrough: `check contract.docx` said the file was not UTF-8; a .docx is a contract, not a deal."""
    document = tmp_path / "contract.docx"
    document.write_bytes(render_docx(assemble(load_deal(EXAMPLES / "cooperation.yaml"))))
    result = CliRunner().invoke(main, ["check", str(document)])
    assert result.exit_code == 2
    assert result.output.strip() == (
        f"{document}: 这是 Word、Excel 或 PDF 文件，不是合同参数文件（.yaml/.json）：审查一份合同用 aicontract review，"
        "按表格批量起草用 aicontract batch / a Word, Excel or PDF file, not a deal file (.yaml/.json): use "
        "`aicontract review` to check a contract, `aicontract batch` to draft from a spreadsheet")
    missing = CliRunner().invoke(main, ["check", str(tmp_path / "nosuch.yaml")])
    assert missing.exit_code == 2
    assert "合同参数有误" not in missing.output
    assert f"{tmp_path / 'nosuch.yaml'}: 无法读取文件 / cannot read file: No such file or directory" in missing.output


@pytest.mark.parametrize("args, message", [
    (["draft", str(EXAMPLES / "cooperation.yaml"), "-o", "."],
     "“.”是文件夹，这里要的是文件 / File '.' is a directory.（aicontract draft --help）"),
    (["draft", str(EXAMPLES / "cooperation.yaml")],
     "缺少选项 '-o' / '--output' / Missing option '-o' / '--output'.（aicontract draft --help）"),
    (["batch", "x.xlsx", "-o", "out", "--jobs", "two"], "“two”须为整数 / 'two' is not a valid integer.（aicontract batch --help）"),
    (["no-such-command"], "没有命令 no-such-command / No such command 'no-such-command'.（aicontract --help）"),
    (["draft", "--bogus"], "没有选项 --bogus / No such option '--bogus'.（aicontract draft --help）"),
])
def test_usage_errors_are_one_line_in_chinese_and_english(args, message):
    """Walkthrough: click's own errors were English only, over several lines."""
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2
    assert result.output.strip() == message


def test_a_draft_with_an_unknown_suffix_says_what_it_has(tmp_path):
    result = run("draft", str(EXAMPLES / "cooperation.yaml"), "-o", str(tmp_path / "a.xyz"))
    assert result.exit_code == 2
    assert f"{tmp_path / 'a.xyz'}: 输出文件的扩展名须为 .docx、.md、.txt、.pdf 之一，而它是“.xyz”" in result.output


def test_a_batch_that_cannot_start_leaves_no_folder_and_says_why(tmp_path):
    """Walkthrough: a missing sheet gave Python's [Errno 2] text and left an empty output folder."""
    result = run("batch", str(tmp_path / "nosuch.xlsx"), "-o", str(tmp_path / "made" / "out"))
    assert result.exit_code == 2
    assert result.output.strip() == f"{tmp_path / 'nosuch.xlsx'}: 文件不存在 / no such file"
    assert not (tmp_path / "made").exists()
    (tmp_path / "kept").mkdir()
    csv_file = tmp_path / "deals.csv"
    csv_file.write_text("a,b\n1,2\n", encoding="utf-8")
    wrong = run("batch", str(csv_file), "-o", str(tmp_path / "kept" / "out"), "--family", "tech_development")
    assert wrong.exit_code == 2
    assert wrong.output.strip() == (f"{csv_file} › 合同: 表头与合同类型不符（是否选错了 --family？） / the headers do not match "
                                    "this family（未知列 / unknown: a、b；缺少 / missing: 合同编号 (contract_no)）")
    assert [p.name for p in tmp_path.iterdir() if p.is_dir()] == ["kept"] and not list((tmp_path / "kept").iterdir())


def test_the_help_hint_names_aicontract_however_it_was_started():
    """Reminders walkthrough L6: started as python -m aicontract.cli, the hint read “aicontract -m aicontract.cli --help”."""
    done = subprocess.run([sys.executable, "-m", "aicontract.cli", "no-such-command"], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 2
    assert done.stderr.strip() == "没有命令 no-such-command / No such command 'no-such-command'.（aicontract --help）"
