"""aicontract ip-options: the four ownership options with every attribute, from the data."""


import docx
import pytest
from click.testing import CliRunner

from aicontract.cli import main
from aicontract.ip_options import chosen_option, comparison, load_options

from helpers import EXAMPLES, make_deal


def test_four_ownership_options_every_attribute_filled():
    options = load_options()
    group = options.group("ownership")
    assert [o.title for o in group.options] == ["甲方单方享有", "乙方单方享有", "双方共同共有", "双方按比例共有"]
    table = comparison(group)
    assert [row[0] for row in table.rows] == ["含义"] + [a.title for a in options.attributes]
    for row in table.rows:
        assert all(cell.strip() for cell in row)
    assert {a.key for a in options.attributes} >= {"owner", "use", "license", "transfer", "consent", "filing",
                                                  "enforcement", "continuity", "risk_a", "risk_b"}


@pytest.mark.parametrize(
    "ip, expected",
    [
        ({"ownership": "单方享有", "owner": "甲方", "shares": ...}, "sole_a"),
        ({"ownership": "单方享有", "owner": "乙方", "shares": ...}, "sole_b"),
        ({"ownership": "双方共同共有", "shares": ...}, "joint"),
        ({"ownership": "双方按比例共有"}, "shares"),
    ],
)
def test_deal_choice_is_found(ip, expected):
    assert chosen_option(make_deal({"ip": ip})) == expected


def test_terminal_table_marks_the_deals_choice():
    result = CliRunner().invoke(main, ["ip-options", "--deal", str(EXAMPLES / "cooperation.yaml")])
    assert result.exit_code == 0
    assert "双方按比例共有（本合同所选）" in result.output
    for title in ("甲方单方享有", "乙方单方享有", "双方共同共有", "权利归属", "谁维权", "风险提示"):
        assert title in result.output


def test_markdown(tmp_path):
    out = tmp_path / "ip.md"
    assert CliRunner().invoke(main, ["ip-options", "--format", "md", "-o", str(out)]).exit_code == 0
    text = out.read_text(encoding="utf-8")
    assert "| 事项 | 甲方单方享有 | 乙方单方享有 | 双方共同共有 | 双方按比例共有 |" in text
    assert text.count("\n| ") == 12  # header + 11 rows


def test_docx_memo_with_all_groups(tmp_path):
    out = tmp_path / "ip.docx"
    result = CliRunner().invoke(main, ["ip-options", "--format", "docx", "-o", str(out), "--all"])
    assert result.exit_code == 0, result.output
    document = docx.Document(str(out))
    assert document.paragraphs[0].text == "知识产权归属方式对比"
    ownership, changzhou = document.tables
    assert [c.text for c in ownership.rows[0].cells][1:] == ["甲方单方享有", "乙方单方享有", "双方共同共有", "双方按比例共有"]
    assert len(ownership.rows) == 12
    assert "第十六条 第1种：申请专利" in [c.text for c in changzhou.rows[0].cells]


def test_docx_needs_an_output_file():
    result = CliRunner().invoke(main, ["ip-options", "--format", "docx"])
    assert result.exit_code == 2
