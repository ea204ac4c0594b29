"""The .docx output: real Word structure, every value verbatim, nothing left over, same bytes."""

import io
import os
import subprocess
import sys
import zipfile

import docx
import pytest
from docx.oxml.ns import qn
from test_appendix2_inventory import source_sections

from aicontract import assemble, render_docx
from aicontract.render.docx import FIXED_TIME

from helpers import LEFTOVERS, ROOT, docx_text, expected_values, make_deal


@pytest.fixture(scope="module")
def example_docx():
    return render_docx(assemble(make_deal()))


def test_opens_with_real_headings_tables_and_styles(example_docx):
    document = docx.Document(io.BytesIO(example_docx))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    titles = [p.text for p in document.paragraphs if p.style.name == "Title"]
    assert titles == ["项目合作合同", "附件一：数据处理协议", "附件二：人工智能模型与服务条款"]
    assert headings[:15] == [f"{n}\u3000{t}" for n, t in source_sections().items()]
    assert headings[15:] == ["1\u3000数据情况", "2\u3000使用目的", "3\u3000处理方法", "4\u3000存储期限",
                             "5\u3000安全措施", "6\u3000公共数据", "7\u3000个人信息保护", "8\u3000数据删除",
                             "1\u3000模型设计和来源", "2\u3000算力、部署和网络安全", "3\u3000持续服务",
                             "4\u3000违法内容、违法活动和安全风险", "5\u3000服务对象", "6\u3000监督管理"]
    task_table, signature, data_table, _, _ = document.tables
    assert [c.text for c in task_table.rows[0].cells] == ["应用场景", "功能描述", "交付成果"]
    assert len(task_table.rows) == 3  # header + two work tasks
    assert signature.rows[0].cells[0].text == "甲方（盖章）：江州市政务服务和数据管理局"
    section = document.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)


def test_east_asian_font_and_chinese_language(example_docx):
    document = docx.Document(io.BytesIO(example_docx))
    defaults = document.styles.element.find(qn("w:docDefaults"))
    fonts = defaults.find(".//" + qn("w:rFonts"))
    assert fonts.get(qn("w:eastAsia")) == "宋体"
    assert defaults.find(".//" + qn("w:lang")).get(qn("w:eastAsia")) == "zh-CN"
    heading = document.styles["Heading 1"].element.find(".//" + qn("w:rFonts"))
    assert heading.get(qn("w:eastAsia")) == "黑体"


def test_page_numbers_in_footer(example_docx):
    with zipfile.ZipFile(io.BytesIO(example_docx)) as z:
        footers = [z.read(n).decode() for n in z.namelist() if n.startswith("word/footer")]
    assert any("PAGE" in f and "NUMPAGES" in f for f in footers)


def test_every_example_value_is_in_the_document(example_docx):
    text = docx_text(example_docx)
    for path, value in expected_values(make_deal()).items():
        assert value in text, f"{path}: {value!r} missing"


def test_no_leftover_tags_or_blanks(example_docx):
    text = docx_text(example_docx)
    for leftover in LEFTOVERS:
        assert leftover not in text


def test_core_properties_record_versions(example_docx):
    props = docx.Document(io.BytesIO(example_docx)).core_properties
    assert props.title == "项目合作合同"
    assert "aicontract 0.1.0" in props.comments and "cooperation 2026.11.1" in props.comments
    assert props.created == FIXED_TIME


HOSTILE = {
    "amp": "A&B 智能 <科技> \"有限\" '公司' ]]> &amp; &#x0;",
    "jinja": "{{ party_a.name }} {% raw %}{% endraw %} {{ ''.__class__ }}",
    "xml": "<w:p><w:r><w:t>注入</w:t></w:r></w:p>",
    "newline": "第一行\n第二行",
    "emoji": "智能体🤖合作👍 \u202eRTL\u202c",
    "long": "长" * 50_000,
}


@pytest.mark.parametrize("kind", sorted(HOSTILE))
def test_hostile_values_come_out_verbatim(kind):
    value = HOSTILE[kind]
    deal = make_deal({"party_b": {"name": value}, "project": {"purpose": value}})
    data = render_docx(assemble(deal))
    text = docx_text(data)
    assert f"乙方（承建方）：{value}" in text
    assert f"以达到{value}目的" in text
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert z.testzip() is None


def test_same_deal_same_bytes(example_docx):
    assert render_docx(assemble(make_deal())) == example_docx


def test_same_bytes_across_processes_timezones_and_locales(tmp_path):
    outputs = []
    for i, env in enumerate(({"TZ": "UTC", "LANG": "C"}, {"TZ": "Asia/Shanghai", "LANG": "zh_CN.UTF-8"})):
        out = tmp_path / f"{i}.docx"
        subprocess.run(
            [sys.executable, "-m", "aicontract.cli", "draft", str(ROOT / "examples/cooperation.yaml"), "-o", str(out)],
            check=True,
            env={**os.environ, **env},
            capture_output=True,
        )
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]
