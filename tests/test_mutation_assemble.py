"""drafting/assemble.py on a small library of its own (a host family in the 科技部 style with three
annexes in other styles): numbering, references, options, repeated and inline items, tables,
unnumbered paragraphs and sections, annexes. Every number and text is written out (mutation testing)."""

import re
import textwrap
from enum import Enum

import pytest
from pydantic import BaseModel

from aicontract import assemble
from aicontract.drafting.assemble import _Assembler, _format, _ref_label
from aicontract.drafting.contract import Cover, Paragraph, PartyBlock, Section, Table
from aicontract.library import LibraryError, load_family

from helpers import make_deal

FILES = {
    "t/family.yaml": """
        id: t
        title: 测试合同
        version: "9.1"
        source: 测试来源
        deal_model: cooperation
        template: cooperation.docx
        numbering: {section: "第{cn}条", clause: "{n}.", item: "（{n}）", clause_ref: "{s}第{n}项"}
        cover:
          reference: "编号：{{ contract_no }}"
          title: 测试封面
          fields:
            - {label: 项目名称, value: "{{ project.name }}"}
          footer: 印制
        parties:
          - label: 甲方
            name: "{{ party_a.name }}"
            fields:
              - {label: 联系人, value: "{{ party_a.contact }}"}
          - {label: 乙方, name: "{{ party_b.name }}", fields: []}
        closing: 以下无正文。
        signature:
          columns:
            - ["甲方：{{ party_a.name }}", "日期："]
            - ["乙方：{{ party_b.name }}"]
        annexes:
          - {family: u}
          - {family: v, when: "signing_date"}
          - {family: w}
    """,
    "t/00_front.yaml": """
        id: front
        title: 填写说明
        source: 说明来源
        part: front
        clauses:
          - {id: front.note, title: 说明, source: 说明来源, text: "填写说明正文。"}
    """,
    "t/01_first.yaml": """
        id: first
        title: 总则
        source: 来源一
        clauses:
          - {id: first.a, title: a, source: 来源一a, text: "甲方为{{ party_a.name }}，见{{ ref('third.a') }}及{{ ref('first') }}。"}
          - {id: first.skip, title: skip, source: s, when: "signing_date", text: "不出现。"}
          - {id: first.note, title: note, source: 来源一n, numbered: false, text: "补充说明。"}
          - id: first.b
            title: b
            source: 来源一b
            text: "事项如下（{{ contract_no }}）："
            items:
              - {id: first.b1, text: "甲项{{ party_a.contact }}"}
              - {id: first.b2, text: "乙项", when: "signing_date"}
              - {id: first.b3, text: "丙项，见{{ ref('first.b1') }}"}
          - id: first.c
            title: c
            source: 来源一c
            text: "验收标准："
            repeat: {over: acceptance.criteria, text: "标准{{ item }}"}
            items:
              - {id: first.c_last, text: "其他标准"}
          - id: first.d
            title: d
            source: 来源一d
            text: "付款："
            inline_items: true
            items:
              - {id: first.d1, text: "一次；"}
              - {id: first.d2, text: "二次。"}
    """,
    "t/02_second.yaml": """
        id: second
        title: 可选
        source: 来源二
        when: signing_date
        clauses:
          - {id: second.a, title: a, source: s, text: "不出现"}
    """,
    "t/03_third.yaml": """
        id: third
        title: 争议
        source: 来源三
        clauses:
          - {id: third.intro, title: i, source: 来源三i, numbered: false, text: "引言。"}
          - id: third.a
            title: a
            source: 来源三a
            choose: dispute.route
            options:
              仲裁: {text: "仲裁解决，见{{ ref('first.c_last') }}。"}
              诉讼: {text: "诉讼解决，{{ party_b.name }}。"}
          - id: third.tasks
            title: tasks
            source: 来源三t
            each: {over: work_tasks, text: "任务：{{ item.scenario }}"}
          - {id: third.tasks_note, title: note, source: s, numbered: false, text: "任务说明。"}
          - {id: third.after, title: after, source: s, text: "见{{ ref('third.tasks') }}；附件{{ annex('w') }}、{{ annex('u') }}"}
          - id: third.crit
            title: crit
            source: s
            each: {over: acceptance.criteria, text: "标准：{{ item }}"}
          - {id: third.end, title: end, source: s, text: "结尾。"}
    """,
    "t/04_table.yaml": """
        id: table
        title: 表格
        source: 来源四
        clauses:
          - id: table.tasks
            title: tasks
            source: 来源四t
            text: "工作任务如下："
            table:
              rows: work_tasks
              columns:
                - {title: 序号, value: "{{ index }}"}
                - {title: 场景, value: "{{ row.scenario }}"}
          - id: table.grid
            title: grid
            source: 来源四g
            text: "登记："
            table:
              rows: null
              columns:
                - {title: 编号, value: "x"}
    """,
    "t/05_untitled.yaml": """
        id: untitled
        source: 来源五
        clauses:
          - {id: untitled.a, title: a, source: 来源五a, text: "无标题条款首段。"}
          - {id: untitled.b, title: b, source: 来源五b, text: "第二段。"}
    """,
    "t/06_plain.yaml": """
        id: plain
        title: 附则
        source: 来源六
        numbered: false
        clauses:
          - {id: plain.a, title: a, source: 来源六a, text: "附则一。"}
          - {id: plain.b, title: b, source: 来源六b, numbered: false, text: "附则说明。"}
          - {id: plain.c, title: c, source: 来源六c, text: "附则二。"}
    """,
    "t/07_back.yaml": """
        id: back
        title: 登记栏
        source: 来源七
        part: back
        clauses:
          - {id: back.a, title: a, source: 来源七a, text: "登记。"}
    """,
    "u/family.yaml": """
        id: u
        title: 附件U
        version: "2"
        source: 来源U
        deal_model: cooperation
        template: cooperation.docx
        standalone: false
        annex_title: "附件{cn}：附件U"
        numbering: {section: "{cn}、", clause: "（{cn}）", item: "{n}.", clause_ref: "{s}（{cn}）"}
        cover: {title: U封面, fields: []}
        parties:
          - {label: 甲方, name: "{{ party_a.name }}", fields: []}
        signature:
          columns:
            - ["甲方"]
    """,
    "u/01_u.yaml": """
        id: u1
        title: 一般
        source: 来源U1
        clauses:
          - {id: u1.a, title: a, source: s, text: "主合同：{{ main_title }}，见主合同{{ main_ref('first.b') }}、{{ main_ref('first.b3') }}。"}
          - id: u1.b
            title: b
            source: s
            text: "事项："
            items:
              - {id: u1.b1, text: "甲"}
              - {id: u1.b2, text: "乙"}
          - {id: u1.c, title: c, source: s, text: "见{{ ref('u1.b') }}、{{ ref('u1.b2') }}、{{ ref('u2.a') }}。"}
    """,
    "u/02_u.yaml": """
        id: u2
        title: 其他
        source: 来源U2
        clauses:
          - {id: u2.a, title: a, source: s, text: "其他。"}
    """,
    "v/family.yaml": """
        id: v
        title: 附件V
        version: "3"
        source: 来源V
        deal_model: cooperation
        template: cooperation.docx
        standalone: false
        numbering: {section: "{n}", clause: "{s}.{n}", item: "（{n}）"}
        parties: []
        signature: {columns: [["甲方"]]}
    """,
    "v/01_v.yaml": """
        id: v1
        title: V
        source: s
        clauses:
          - {id: v1.a, title: a, source: s, text: "V。"}
    """,
    "w/family.yaml": """
        id: w
        title: 附件W
        version: "4"
        source: 来源W
        deal_model: cooperation
        template: cooperation.docx
        standalone: false
        numbering: {section: "{n}", clause: "{s}.{n}", item: "（{n}）"}
        parties: []
        signature: {columns: [["甲方"]]}
    """,
    "w/01_w.yaml": """
        id: w1
        title: W一
        source: s
        clauses:
          - {id: w1.a, title: a, source: s, text: "W一。"}
          - id: w1.b
            title: b
            source: s
            text: "W事项"
            items:
              - {id: w1.b1, text: "甲"}
          - {id: w1.c, title: c, source: s, text: "见{{ ref('w1.b') }}、{{ ref('w1.b1') }}、{{ ref('w2') }}、{{ ref('w2.a') }}。"}
    """,
    "w/02_w.yaml": """
        id: w2
        title: W二
        source: s
        clauses:
          - {id: w2.a, title: a, source: s, text: "W二。"}
          - id: w2.tasks
            title: tasks
            source: s
            each: {over: work_tasks, text: "任务{{ item.scenario }}"}
    """,
}


def write_library(root, changes=None):
    for name, text in FILES.items():
        path = root / name
        path.parent.mkdir(exist_ok=True)
        text = textwrap.dedent(text).lstrip()
        for old, new in (changes or {}).get(name, []):
            assert old in text
            text = text.replace(old, new)
        path.write_text(text, encoding="utf-8")
    return root


# function-scoped on purpose: mutation testing attributes what a fixture runs to the test that ran it
@pytest.fixture
def library(tmp_path):
    return write_library(tmp_path)


@pytest.fixture
def family(library):
    return load_family("t", library)


@pytest.fixture
def contract(family):
    return assemble(make_deal(), family)


def paragraphs(blocks):
    return [(b.kind, b.number, b.text, b.clause_id, b.source) for b in blocks if isinstance(b, Paragraph)]


CRITERIA = ["在甲方提供的1000条办事咨询测试集上，答复准确率不低于90%，引用事项编码和政策条文的准确率不低于95%",
            "在并发200路请求下，首字响应时间不超过1.5秒，服务可用性不低于99.9%",
            "通过甲方组织的生成内容安全评估，违法不良信息拦截率达到100%",
            "通过网络安全等级保护第三级测评"]
TASKS = ["网上办事大厅智能问答", "12345热线坐席辅助"]


def test_the_contract_head(contract):
    assert contract.family == "t"
    assert contract.title == "测试合同"
    assert contract.library_version == "9.1"
    assert contract.reference == "JZ-ZWAI-2026-001"
    assert contract.closing == "以下无正文。"
    assert contract.cover == Cover(title="测试封面", fields=[("项目名称", "江州市“政务智答”政务服务大模型")],
                                   reference="编号：JZ-ZWAI-2026-001", footer="印制")
    assert contract.parties == [PartyBlock("甲方", "江州市政务服务和数据管理局", [("联系人", "李明")]),
                                PartyBlock("乙方", "江州智算科技有限公司", [])]
    assert contract.signature == [["甲方：江州市政务服务和数据管理局", "日期："], ["乙方：江州智算科技有限公司"]]


def test_front_and_back_sections_have_no_number(contract):
    assert contract.front == [Section("front", "", "填写说明", "说明来源", [
        Paragraph("heading", "", "填写说明", "front", "说明来源"),
        Paragraph("clause", "1.", "填写说明正文。", "front.note", "说明来源")])]
    assert contract.back == [Section("back", "", "登记栏", "来源七", [
        Paragraph("heading", "", "登记栏", "back", "来源七"),
        Paragraph("clause", "1.", "登记。", "back.a", "来源七a")])]


def test_body_sections_numbered_without_the_dropped_one(contract):
    assert [(s.id, s.number, s.title, s.source) for s in contract.sections] == [
        ("first", "第一条", "总则", "来源一"),
        ("third", "第二条", "争议", "来源三"),
        ("table", "第三条", "表格", "来源四"),
        ("untitled", "第四条", None, "来源五"),
        ("plain", "", "附则", "来源六"),
    ]


def test_first_section_blocks(contract):
    first = contract.sections[0]
    assert paragraphs(first.blocks) == [
        ("heading", "第一条", "总则", "first", "来源一"),
        ("clause", "1.", "甲方为江州市政务服务和数据管理局，见第二条第1项及第一条。", "first.a", "来源一a"),
        ("text", "", "补充说明。", "first.note", "来源一n"),
        ("clause", "2.", "事项如下（JZ-ZWAI-2026-001）：", "first.b", "来源一b"),
        ("item", "（1）", "甲项李明", "first.b", "来源一b"),
        ("item", "（2）", "丙项，见第一条第2项（1）", "first.b", "来源一b"),
        ("clause", "3.", "验收标准：", "first.c", "来源一c"),
        ("item", "（1）", "标准" + CRITERIA[0], "first.c", "来源一c"),
        ("item", "（2）", "标准" + CRITERIA[1], "first.c", "来源一c"),
        ("item", "（3）", "标准" + CRITERIA[2], "first.c", "来源一c"),
        ("item", "（4）", "标准" + CRITERIA[3], "first.c", "来源一c"),
        ("item", "（5）", "其他标准", "first.c", "来源一c"),
        ("clause", "4.", "付款：（1）一次；（2）二次。", "first.d", "来源一d"),
    ]


def test_options_each_and_unnumbered_first_paragraph(contract):
    third = contract.sections[1]
    assert paragraphs(third.blocks) == [
        ("heading", "第二条", "争议", "third", "来源三"),
        ("text", "", "引言。", "third.intro", "来源三i"),
        ("clause", "1.", "仲裁解决，见第一条第3项（5）。", "third.a", "来源三a"),
        ("clause", "2.", "任务：网上办事大厅智能问答", "third.tasks", "来源三t"),
        ("clause", "3.", "任务：12345热线坐席辅助", "third.tasks", "来源三t"),
        ("text", "", "任务说明。", "third.tasks_note", "s"),
        ("clause", "4.", "见第二条第2项；附件附件二、附件一", "third.after", "s"),
        ("clause", "5.", "标准：" + CRITERIA[0], "third.crit", "s"),
        ("clause", "6.", "标准：" + CRITERIA[1], "third.crit", "s"),
        ("clause", "7.", "标准：" + CRITERIA[2], "third.crit", "s"),
        ("clause", "8.", "标准：" + CRITERIA[3], "third.crit", "s"),
        ("clause", "9.", "结尾。", "third.end", "s"),
    ]


def test_the_other_option(family):
    deal = make_deal({"dispute": {"route": "诉讼", "commission": ..., "seat": ..., "court_place": "甲方所在地"}})
    contract = assemble(deal, family)
    (text,) = [b.text for b in contract.blocks if isinstance(b, Paragraph) and b.clause_id == "third.a"]
    assert text == "诉讼解决，江州智算科技有限公司。"
    assert contract.params["third.a"] == ["dispute.route", "party_b.name"]


def test_tables(contract):
    table = contract.sections[2]
    assert table.blocks == [
        Paragraph("heading", "第三条", "表格", "table", "来源四"),
        Paragraph("clause", "1.", "工作任务如下：", "table.tasks", "来源四t"),
        Table(columns=["序号", "场景"], rows=[["1", TASKS[0]], ["2", TASKS[1]]], clause_id="table.tasks", source="来源四t"),
        Paragraph("clause", "2.", "登记：", "table.grid", "来源四g"),
        Table(columns=["编号"], rows=[], clause_id="table.grid", source="来源四g"),
    ]


def test_a_section_without_title_opens_with_its_label(contract):
    assert contract.sections[3].blocks == [
        Paragraph("clause", "第四条", "无标题条款首段。", "untitled.a", "来源五a"),
        Paragraph("clause", "2.", "第二段。", "untitled.b", "来源五b"),
    ]


def test_an_unnumbered_section_numbers_its_clauses(contract):
    assert paragraphs(contract.sections[4].blocks) == [
        ("heading", "", "附则", "plain", "来源六"),
        ("clause", "1.", "附则一。", "plain.a", "来源六a"),
        ("text", "", "附则说明。", "plain.b", "来源六b"),
        ("clause", "2.", "附则二。", "plain.c", "来源六c"),
    ]


def test_how_each_id_is_cited(contract):
    assert contract.labels == {
        "first": "第一条", "first.a": "第一条第1项", "first.note": "第一条第1项", "first.b": "第一条第2项",
        "first.b1": "第一条第2项（1）", "first.b3": "第一条第2项（2）", "first.c": "第一条第3项",
        "first.c_last": "第一条第3项（5）", "first.d": "第一条第4项", "first.d1": "第一条第4项（1）",
        "first.d2": "第一条第4项（2）",
        "third": "第二条", "third.intro": "第二条", "third.a": "第二条第1项", "third.tasks": "第二条第2项", "third.tasks_note": "第二条第2项",
        "third.after": "第二条第4项", "third.crit": "第二条第5项", "third.end": "第二条第9项",
        "table": "第三条", "table.tasks": "第三条第1项", "table.grid": "第三条第2项",
        "untitled": "第四条", "untitled.a": "第四条第1项", "untitled.b": "第四条第2项",
        "plain.a": "第1项", "plain.b": "第1项", "plain.c": "第2项",
        "front.note": "第1项", "back.a": "第1项",
    }
    assert contract.numbering() == contract.labels


def test_clause_ids_in_order(contract):
    assert contract.clause_ids == [
        "front.note", "first.a", "first.note", "first.b", "first.c", "first.d", "third.intro", "third.a",
        "third.tasks", "third.tasks_note", "third.after", "third.crit", "third.end", "table.tasks", "table.grid", "untitled.a",
        "untitled.b", "plain.a", "plain.b", "plain.c", "back.a"]


def test_params_each_clause_printed(contract):
    assert contract.params == {
        "front.note": [], "first.a": ["party_a.name"], "first.note": [], "first.b": ["contract_no", "party_a.contact"],
        "first.c": ["acceptance.criteria", "acceptance.criteria.*"], "first.d": [], "third.intro": [],
        "third.a": ["dispute.route"], "third.tasks": ["work_tasks", "work_tasks.*.scenario"], "third.tasks_note": [],
        "third.after": [],
        "third.crit": ["acceptance.criteria", "acceptance.criteria.*"], "third.end": [],
        "table.tasks": ["work_tasks", "work_tasks.*.scenario"], "table.grid": [],
        "untitled.a": [], "untitled.b": [], "plain.a": [], "plain.b": [], "plain.c": [], "back.a": []}




def test_annexes_in_order_skipping_one_not_attached(contract):
    assert [(a.family, a.title, a.library_version, a.reference, a.cover, a.annexes) for a in contract.annexes] == [
        ("u", "附件一：附件U", "2", None, None, []),
        ("w", "附件W", "4", None, None, []),
    ]
    assert contract.documents == [contract, *contract.annexes]


def test_annex_numbering_and_references(contract):
    u = contract.annexes[0]
    assert [(s.id, s.number) for s in u.sections] == [("u1", "一、"), ("u2", "二、")]
    assert paragraphs(u.blocks) == [
        ("heading", "一、", "一般", "u1", "来源U1"),
        ("clause", "（一）", "主合同：测试合同，见主合同第一条第2项、第一条第2项（2）。", "u1.a", "s"),
        ("clause", "（二）", "事项：", "u1.b", "s"),
        ("item", "1.", "甲", "u1.b", "s"),
        ("item", "2.", "乙", "u1.b", "s"),
        ("clause", "（三）", "见一（二）、一（二）2.、二（一）。", "u1.c", "s"),
        ("heading", "二、", "其他", "u2", "来源U2"),
        ("clause", "（一）", "其他。", "u2.a", "s"),
    ]
    assert u.parties == [PartyBlock("甲方", "江州市政务服务和数据管理局", [])]
    assert u.signature == [["甲方"]]


def test_annex_in_the_plain_style(contract):
    w = contract.annexes[1]
    assert paragraphs(w.blocks) == [
        ("heading", "1", "W一", "w1", "s"),
        ("clause", "1.1", "W一。", "w1.a", "s"),
        ("clause", "1.2", "W事项", "w1.b", "s"),
        ("item", "（1）", "甲", "w1.b", "s"),
        ("clause", "1.3", "见1.2、1.2（1）、2、2.1。", "w1.c", "s"),
        ("heading", "2", "W二", "w2", "s"),
        ("clause", "2.1", "W二。", "w2.a", "s"),
        ("clause", "2.2", "任务网上办事大厅智能问答", "w2.tasks", "s"),
        ("clause", "2.3", "任务12345热线坐席辅助", "w2.tasks", "s"),
    ]
    assert w.labels["w2.tasks"] == "2.2"


def test_an_annex_attached_when_its_condition_holds(family):
    contract = assemble(make_deal({"signing_date": "2026-01-04"}), family)
    assert [(a.family, a.title) for a in contract.annexes] == [("u", "附件一：附件U"), ("v", "附件V"), ("w", "附件W")]
    (text,) = [b.text for b in contract.blocks if isinstance(b, Paragraph) and b.clause_id == "third.after"]
    assert text == "见第三条第2项；附件附件三、附件一"


def test_optional_clauses_items_and_sections_when_they_apply(family):
    contract = assemble(make_deal({"signing_date": "2026-01-04"}), family)
    assert [(s.id, s.number) for s in contract.sections] == [
        ("first", "第一条"), ("second", "第二条"), ("third", "第三条"), ("table", "第四条"), ("untitled", "第五条"),
        ("plain", "")]
    assert paragraphs(contract.sections[0].blocks)[1:7] == [
        ("clause", "1.", "甲方为江州市政务服务和数据管理局，见第三条第1项及第一条。", "first.a", "来源一a"),
        ("clause", "2.", "不出现。", "first.skip", "s"),
        ("text", "", "补充说明。", "first.note", "来源一n"),
        ("clause", "3.", "事项如下（JZ-ZWAI-2026-001）：", "first.b", "来源一b"),
        ("item", "（1）", "甲项李明", "first.b", "来源一b"),
        ("item", "（2）", "乙项", "first.b", "来源一b"),
    ]
    assert contract.labels["first.note"] == "第一条第2项"
    assert contract.labels["first.b3"] == "第一条第3项（3）"


def test_an_each_clause_over_an_empty_list_is_left_out(family):
    contract = assemble(make_deal({"acceptance": {"criteria": []}}), family)
    assert [(n, t) for k, n, t, c, s in paragraphs(contract.sections[1].blocks) if c in ("third.after", "third.end")] == [
        ("4.", "见第二条第2项；附件附件二、附件一"), ("5.", "结尾。")]
    assert "third.crit" not in contract.labels
    assert "third.crit" not in contract.clause_ids
    assert contract.labels["first.c_last"] == "第一条第3项（1）"


FILL = "条款文字无法填写 / clause text cannot be filled: "  # a clause text that breaks while filled


def test_ref_to_a_clause_not_in_the_contract(tmp_path):
    library = write_library(tmp_path, {"t/03_third.yaml": [("结尾。", "结尾，见{{ ref('first.skip') }}。")]})
    message = re.escape(f"{library / 't/03_third.yaml'}: clause third.end: {FILL}LookupError: ref('first.skip'): "
                        "that clause is not in this contract")
    with pytest.raises(LibraryError, match=f"^{message}$"):
        assemble(make_deal(), load_family("t", library))


def test_main_title_in_the_host_is_its_own_title(tmp_path):
    library = write_library(tmp_path, {"t/03_third.yaml": [("结尾。", "结尾，{{ main_title }}。")]})
    contract = assemble(make_deal(), load_family("t", library))
    (text,) = [b.text for b in contract.blocks if isinstance(b, Paragraph) and b.clause_id == "third.end"]
    assert text == "结尾，测试合同。"


def test_main_ref_to_a_clause_not_in_the_main_contract(tmp_path):
    library = write_library(tmp_path, {"u/01_u.yaml": [("main_ref('first.b3')", "main_ref('first.skip')")]})
    message = re.escape(f"{library / 'u/01_u.yaml'}: clause u1.a: {FILL}LookupError: main_ref('first.skip'): "
                        "that clause is not in the main contract")
    with pytest.raises(LibraryError, match=f"^{message}$"):
        assemble(make_deal(), load_family("t", library))


def test_annex_not_attached(tmp_path):
    library = write_library(tmp_path, {"t/03_third.yaml": [("{{ annex('u') }}", "{{ annex('v') }}")]})
    message = re.escape(f"{library / 't/03_third.yaml'}: clause third.after: {FILL}LookupError: annex('v'): "
                        "that document is not attached to this contract")
    with pytest.raises(LibraryError, match=f"^{message}$"):
        assemble(make_deal(), load_family("t", library))


def test_format_fills_number_numeral_and_section():
    assert _format("{s}{n}|{cn}", 12) == "12|十二"
    assert _format("{s}.{n}", 3, "7") == "7.3"


@pytest.mark.parametrize("label, cited", [("一、", "一"), ("1.", "1"), ("第五条", "第五条"), ("1．", "1"), ("（一）", "（一）"),
                                          (".1.", ".1"), ("2 ", "2 "), ("1X", "1X")])
def test_ref_label_drops_the_trailing_stop(label, cited):
    assert _ref_label(label) == cited


class ClauseOption(Enum):  # an option whose values are clause ids, not a str enum
    FIRST = "first.b"


def test_ref_takes_an_option_value(family):
    assembler = _Assembler(family, make_deal())
    assembler.plan()
    assert assembler.ref(ClauseOption.FIRST) == "第一条第2项"
    assert assembler.ref("first.b1") == "第一条第2项（1）"


def test_a_cover_without_reference(tmp_path):
    library = write_library(tmp_path, {"t/family.yaml": [('  reference: "编号：{{ contract_no }}"\n', "")]})
    contract = assemble(make_deal(), load_family("t", library))
    assert contract.cover == Cover(title="测试封面", fields=[("项目名称", "江州市“政务智答”政务服务大模型")], reference=None,
                                   footer="印制")


def test_an_annex_never_brings_annexes_of_its_own(tmp_path):
    library = write_library(tmp_path, {"u/family.yaml": [("standalone: false\n", "standalone: false\nannexes:\n  - {family: w}\n")]})
    contract = assemble(make_deal(), load_family("t", library))
    assert [(a.family, a.annexes) for a in contract.annexes] == [("u", []), ("w", [])]


class Bare(BaseModel):
    """A deal without a contract number."""

    party_a: dict = {"name": "甲"}


def test_a_deal_without_contract_number(tmp_path):
    family = load_family("v", write_library(tmp_path))
    contract = assemble(Bare(), family)
    assert contract.reference is None
    assert contract.title == "附件V"
    assert [b.text for b in contract.blocks] == ["V", "V。"]


def test_a_clause_whose_id_names_no_section_is_reported_by_its_folder(tmp_path):
    library = write_library(tmp_path, {"t/03_third.yaml": [
        ("- {id: third.end, title: end, source: s, text: \"结尾。\"}",
         "- {id: odd.end, title: end, source: s, text: \"结尾，见{{ ref('first.skip') }}。\"}")]})
    message = re.escape(f"{library / 't'}: clause odd.end: {FILL}LookupError: ref('first.skip'): "
                        "that clause is not in this contract")
    with pytest.raises(LibraryError, match=f"^{message}$"):
        assemble(make_deal(), load_family("t", library))


def test_a_firm_text_doing_unbounded_work_is_refused_naming_the_clause(tmp_path):
    library = write_library(tmp_path, {"t/03_third.yaml": [("结尾。", "结尾{{ contract_no * 100000 }}。")]})
    message = re.escape(f"{library / 't/03_third.yaml'}: clause third.end: {FILL}LimitExceeded: "
                        "repetition to 1600000 characters")
    with pytest.raises(LibraryError, match=f"^{message}"):
        assemble(make_deal(), load_family("t", library))
